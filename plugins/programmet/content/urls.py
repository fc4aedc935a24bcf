"""Where things live on the site: the URL sections residents see, in Norwegian."""

from __future__ import annotations

from datetime import date

from .model import Access, Branch, Event, Series
from .model_media import Episode, Medium, Show

PROGRAMME = "program"
EVENT = "arrangement"
SERIES = "serier"
BRANCHES = "bibliotek"
CATEGORY = "kategori"
AUDIENCE = "for"
THEME = "tema"
ARCHIVE = "arkiv"
CALENDAR = "kalender"
PODCAST = "podkast"
VIDEO = "tv"
SEARCH = "sok"
SEARCH_INDEX = "pagefind"  # what Pagefind writes: its scripts and the index (build/search_index.py)
SCREEN = "skjerm"  # lobby info screens, one per branch
DATA = "data"  # open data: versioned JSON and the RSS of new events
LANGUAGE = "sprak"  # events in another language than the site's, one page per language code
# Events with one accessibility feature, one page per feature. Not "tilgjengelighet": that is the
# address Norwegian sites give their accessibility statement (the demo's content/pages/tilgjengelighet.md).
ACCESS = "tilrettelagt"

# The address of each accessibility feature's page and feed: fixed words, not the enum's values.
ACCESS_SLUGS = {
    Access.SIGN_LANGUAGE: "tegnspraktolket",
    Access.TEXT_INTERPRETED: "skrivetolket",
    Access.HEARING_LOOP: "teleslynge",
    Access.STEP_FREE: "trinnfritt",
}


def event_url(event: Event) -> str:
    return f"{EVENT}/{event.slug}/"


def series_url(series: Series) -> str:
    return f"{SERIES}/{series.slug}/"


def branch_url(branch: Branch) -> str:
    return f"{BRANCHES}/{branch.id}/"


def screen_url(branch: Branch) -> str:
    return f"{SCREEN}/{branch.id}/"


def month_url(month: date, branch: Branch | None = None) -> str:
    """A month's page, the whole programme's or a branch's: /program/2027-03/, /bibliotek/<id>/2027-03/."""
    return f"{branch_url(branch) if branch else f'{PROGRAMME}/'}{month:%Y-%m}/"


def branch_audience_url(branch: Branch, audience_slug: str) -> str:
    """A branch's events for one audience: /bibliotek/<branch id>/for/<audience slug>/."""
    return f"{branch_url(branch)}{AUDIENCE}/{audience_slug}/"


def language_url(code: str) -> str:
    return f"{LANGUAGE}/{code}/"


def access_url(access: Access) -> str:
    return f"{ACCESS}/{ACCESS_SLUGS[access]}/"


# Top-level names that content pages may not take, or they would overwrite a section.
RESERVED = frozenset(
    {
        PROGRAMME,
        EVENT,
        SERIES,
        BRANCHES,
        CATEGORY,
        AUDIENCE,
        THEME,
        ARCHIVE,
        CALENDAR,
        PODCAST,
        VIDEO,
        SCREEN,
        DATA,
        LANGUAGE,
        ACCESS,
        SEARCH,
        SEARCH_INDEX,
        "theme",
        "images",
        "media",
    }
)


def show_url(show: Show) -> str:
    return f"{PODCAST if show.medium is Medium.PODCAST else VIDEO}/{show.id}/"


def show_feed_path(show: Show) -> str:
    return show_feed_at(show_url(show))


def show_feed_at(page: str) -> str:
    """A show's feed sits beside its page (and beside the redirect at an old address)."""
    return f"{page}feed.xml"


def episode_url(show: Show, episode: Episode) -> str:
    return f"{show_url(show)}{episode.slug}/"


def chapters_path(show: Show, episode: Episode) -> str:
    return f"{episode_url(show, episode)}kapitler.json"
