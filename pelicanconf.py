"""Pelican settings for the Programmet demo site (development build).

Constants only: no functions and no environment reads (see ../shared/house-style.md).
The controlled lists below are the single source for validation and navigation.
"""

AUTHOR = "Fjordvik bibliotek"
SITENAME = "Fjordvik bibliotek – program"
SITEURL = ""
RELATIVE_URLS = False

PATH = "content"
TIMEZONE = "Europe/Oslo"
DEFAULT_LANG = "nb"
LOCALE = ("nb_NO.UTF-8", "C.UTF-8")

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["programmet"]

# Programmet reads events, series, branches and pages itself (typed, validated once).
# Pelican's own article and page machinery is switched off so nothing is read twice.
ARTICLE_PATHS: list[str] = []
PAGE_PATHS: list[str] = []
DIRECT_TEMPLATES: list[str] = []
PAGINATED_TEMPLATES: dict[str, int] = {}
ARCHIVES_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
INDEX_SAVE_AS = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
# Programmet publishes content/images/ and content/media/ itself, each file checked: nothing
# from outside the content folder (a link to /etc/passwd), no HTML or scripted SVG. Pelican's
# own copying of static paths would follow links, so it stays off (the plugin refuses it).
STATIC_PATHS: list[str] = []
# Only Programmet reads content; no reStructuredText reader is needed.
READERS = {"rst": None}
# Pelican wipes the output folder *before* it reads any content, so a broken
# build would leave nothing. `invoke build` builds into a fresh folder and
# swaps it in instead (see plugins/programmet/build/staged_build.py).
DELETE_OUTPUT_DIRECTORY = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    # Interface text is marked with _() and translated per PROGRAMMET_LANGUAGE (plugins/programmet/i18n.py).
    "extensions": ["jinja2.ext.i18n"],
}

# --- Programmet -------------------------------------------------------------

PROGRAMMET_ORGANISATION = "Fjordvik bibliotek"
PROGRAMMET_ORGANISATION_URL = "https://bibliotek.fjordvik.kommune.example"
PROGRAMMET_ACCESSIBILITY_STATEMENT_URL = "https://uustatus.no/nb/erklaringer/publisert/fjordvik-bibliotek-program"
PROGRAMMET_CONTACT_EMAIL = "bibliotek@fjordvik.kommune.example"
# Events per listing page; whole days are never split across pages.
PROGRAMMET_PAGE_SIZE = 40
# How far ahead open-ended series are expanded into dated occurrences.
PROGRAMMET_HORIZON_DAYS = 240
# A series' `from` may lie at most this many years before today: its past dates all
# get pages (the archive), so `from: 1926` (for 2026) would make thousands of them.
PROGRAMMET_SERIES_MAX_YEARS_BACK = 10
# Dates one series may give from its `from` to today + PROGRAMMET_HORIZON_DAYS. A daily
# series over the years above and the horizon gives about 3,900; more is a mistake.
PROGRAMMET_SERIES_MAX_OCCURRENCES = 5_000
# "Today" for the build. None means the build date in Europe/Oslo; the
# environment variable PROGRAMMET_TODAY (YYYY-MM-DD) overrides both.
PROGRAMMET_TODAY = None
# A strict build stops on any content error (what `invoke build`, CI and
# publishing use); `invoke serve` turns it off to keep the preview running.
PROGRAMMET_STRICT = True
# Full-text search (/sok/): after the pages are written, Pagefind indexes them
# into output/pagefind/. If indexing fails, a strict build stops; a preview
# goes on without search (the search page then offers the facet pages).
PROGRAMMET_SEARCH = True
# Calendar feeds: how far back they reach (days), where the record of event
# revisions lives (relative to PATH; see plugins/programmet/content/revisions.py), and
# the namespace that makes calendar UIDs from permanent ids. Never change the
# namespace once feeds are published: every subscriber would get duplicates.
PROGRAMMET_CALENDAR_DAYS_BACK = 30
# Google Calendar is known to refuse feeds over about 1 MB; a feed that would be
# larger keeps its nearest events and leaves out the farthest (with a warning).
PROGRAMMET_CALENDAR_MAX_BYTES = 800_000
PROGRAMMET_CALENDAR_STATE = "calendar-state.json"
PROGRAMMET_UID_NAMESPACE = "71893b53-bfeb-49e0-a8cd-8225368724a4"
# The time stamped on changes the build detects. None means now; the
# environment variable PROGRAMMET_BUILD_TIME (ISO 8601, UTC) overrides both.
PROGRAMMET_BUILD_TIME = None
# Image renditions and share images are kept here between builds, named by the
# source's content hash, so unchanged images are not made again. Relative to
# the project folder (the content folder's parent); cache/ is not committed.
PROGRAMMET_IMAGE_CACHE = "cache/images"
# What a build keeps for the next one, keyed by content, templates and settings:
# parsed files, rendered pages, calendar components and search bundles. A one-event
# edit then re-renders only the pages that show it. Deleting the folder is always safe.
PROGRAMMET_BUILD_CACHE = "cache/build"
# Processes that render pages (forked, so they share the model): 0 means one per core.
PROGRAMMET_WORKERS = 0
# "kl. 18.00" (traditional) or "kl. 18:00" (CLDR); both are correct Norwegian.
PROGRAMMET_TIME_SEPARATOR = "."
# The interface language: "nb" (bokmål) or "nn" (nynorsk). It switches every text of
# the site's own (theme/translations/), dates and the labels below (`label_nn`);
# URLs stay the same. Content without a `language` is taken to be in this language.
PROGRAMMET_LANGUAGE = "nb"

# Controlled lists. The key is the identifier used in front matter; `slug` is
# the Norwegian URL segment residents see (the same in both languages); `label`
# is what the site shows in bokmål, `label_nn` in nynorsk.
PROGRAMMET_CATEGORIES = {
    "talks": {"label": "Foredrag og samtaler", "label_nn": "Føredrag og samtalar", "slug": "foredrag"},
    "literature": {
        "label": "Litteratur og forfattermøter",
        "label_nn": "Litteratur og forfattarmøte",
        "slug": "litteratur",
    },
    "stage": {"label": "Konserter og scene", "label_nn": "Konsertar og scene", "slug": "scene"},
    "film-games": {"label": "Film og spill", "label_nn": "Film og spel", "slug": "film-og-spill"},
    "storytime": {"label": "Eventyr og lesestunder", "label_nn": "Eventyr og lesestunder", "slug": "lesestund"},
    "workshop": {"label": "Kurs og verksteder", "label_nn": "Kurs og verkstader", "slug": "kurs"},
    "learning": {"label": "Språk og læring", "label_nn": "Språk og læring", "slug": "sprak-og-laering"},
    "meetup": {"label": "Møteplasser", "label_nn": "Møteplassar", "slug": "moteplass"},
    "exhibition": {"label": "Utstillinger", "label_nn": "Utstillingar", "slug": "utstilling"},
}
PROGRAMMET_AUDIENCES = {
    "toddlers": {
        "label": "Småbarn 0–2 år",
        "label_nn": "Småborn 0–2 år",
        "slug": "smabarn",
        "age_min": 0,
        "age_max": 2,
    },
    "children": {"label": "Barn", "label_nn": "Born", "slug": "barn", "age_min": 3, "age_max": 12},
    "families": {"label": "Familier", "label_nn": "Familiar", "slug": "familie"},
    "youth": {"label": "Ungdom", "label_nn": "Ungdom", "slug": "ungdom", "age_min": 13, "age_max": 19},
    "adults": {"label": "Voksne", "label_nn": "Vaksne", "slug": "voksne"},
    "seniors": {"label": "Seniorer", "label_nn": "Seniorar", "slug": "senior"},
    "everyone": {"label": "For alle", "label_nn": "For alle", "slug": "for-alle"},
}
# The weekday themes that build an audience; an event's theme must match its weekday.
PROGRAMMET_THEMES = {
    "green-monday": {
        "label": "Grønne greier",
        "label_nn": "Grøne greier",
        "slug": "gronne-greier",
        "weekday": "monday",
    },
    "youth-tuesday": {
        "label": "Ungdomstirsdag",
        "label_nn": "Ungdomstysdag",
        "slug": "ungdomstirsdag",
        "weekday": "tuesday",
    },
    "culture-wednesday": {
        "label": "Kulturonsdag",
        "label_nn": "Kulturonsdag",
        "slug": "kulturonsdag",
        "weekday": "wednesday",
    },
    "expert-thursday": {"label": "Fagtorsdag", "label_nn": "Fagtorsdag", "slug": "fagtorsdag", "weekday": "thursday"},
    "family-saturday": {
        "label": "Familielørdag",
        "label_nn": "Familielaurdag",
        "slug": "familielordag",
        "weekday": "saturday",
    },
}
