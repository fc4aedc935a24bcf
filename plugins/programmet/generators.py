"""Thin Pelican glue: read the catalog, report errors, write the pages."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import rcssmin
from pelican.generators import Generator

from .build import assets, locks
from .build import cache as buildcache
from .build.atomic import copy_regular, write_if_changed
from .build.calendar_files import CalendarFiles
from .build.fingerprint import Fingerprints
from .build.page_rendering import PageRenderer
from .build.parallel import start_aside
from .build.progress import Progress
from .build.search_step import index_for_search
from .content import revisions, urls
from .content.catalog import Catalog, load_catalog
from .content.errors import FAULT, BuildStopped, CacheFaultError, ContentError, describe_fault
from .content.markup import markdown_renderer
from .content.parse_shows import EMBED_HOSTS
from .outputs import calendars, podcast, redirects, search_tags, share, sitemap
from .outputs import pages as views
from .outputs import pages_media as views_media
from .outputs.addresses import AddressBook, Owner
from .outputs.filters import make_filters, make_tests
from .outputs.formatter import Formatter
from .outputs.i18n import CatalogueError, load_translations
from .outputs.news_feed import NEW_EVENTS, build_new_events_feed, new_items
from .outputs.opendata import ALL_EVENTS, branch_path, data_files
from .outputs.opendata_records import data_setup
from .outputs.page_kinds import NotFoundPage, Output, PageKind
from .outputs.screens import screen_outputs, window_feeds
from .settings import Settings, SettingsError, read_settings

logger = logging.getLogger(__name__)
STYLESHEET = "theme/css/main.min.css"


class ProgrammetGenerator(Generator):
    """Reads events, series, branches and pages; writes every page of the site."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        try:
            self.config: Settings = read_settings(self.settings)
        except SettingsError as exc:
            logger.error("Configuration error: %s", exc)
            raise BuildStopped() from None
        try:
            # The interface language's catalogue, read once per build; everything that writes text uses it.
            self.translations = load_translations(Path(self.theme), self.config.language)
        except CatalogueError as exc:
            logger.error("Configuration error: PROGRAMMET_LANGUAGE: %s", exc)
            raise BuildStopped() from None
        lang = self.config.language
        self.formatter = Formatter(lang, self.config.today, self.config.time_separator, self.translations)
        self.env.filters.update(make_filters(self.formatter))
        self.env.filters.update(search_tags.make_filters(self.formatter))
        self.env.tests.update(make_tests(self.formatter))
        self.env.install_gettext_translations(self.translations, newstyle=True)
        self.env.filters.update(
            event_url=urls.event_url, series_url=urls.series_url, branch_url=urls.branch_url, show_url=urls.show_url
        )
        self.env.filters.update(branch_data=branch_path)  # a branch's open data file, by id
        # JSON in pages (JSON-LD, the screens' texts) without spaces: no reader needs them, and every
        # event page pays for them within its weight budget (bench/page_weight.py).
        self.env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
        self.env.globals["embed_hosts"] = sorted(EMBED_HOSTS)  # the players' hosts in frame-src (partials/csp.html)
        self.catalog: Catalog | None = None
        self.feeds: list[calendars.Feed] = []
        self.revisions: dict[str, revisions.Revision] = {}
        self.addresses = revisions.NO_ADDRESSES
        self.previous_record = revisions.Record({}, revisions.NO_ADDRESSES)
        self.assets: assets.Assets | None = None
        self.prints = Fingerprints()
        self.environment = buildcache.environment_digest(self.config, self.settings, Path(self.theme))
        self.pages: PageRenderer | None = None
        self.book = AddressBook()  # who writes each address of this build (addresses.py)
        self.cache_locks: list[locks.Lock] = []
        self._clashes_reported = 0

    def generate_context(self) -> None:
        try:
            with faults_said_in_one_line():
                self._read_everything()
        except BaseException:
            self._release_caches()
            raise

    def _read_everything(self) -> None:
        cache = self.config.build_cache
        parsed = buildcache.Memo(cache / "parsed.pickle")
        catalog, errors = load_catalog(
            self.config, markdown_renderer(), buildcache.ParseCache(parsed, self.environment)
        )
        previous = self._read_revisions(errors)
        self.assets, image_errors = assets.plan_assets(catalog, self.config, self.formatter)
        report(errors + image_errors, strict=self.config.strict)
        self._lock_caches()
        parsed.save()  # only once the content is known to build: a stopped build leaves nothing behind
        prints = revisions.fingerprints(catalog.events, catalog.series, self.config.timezone)
        self.previous_record = previous
        self.revisions = revisions.update(previous.revisions, prints, self.config.build_time)
        self.addresses = redirects.update(previous.addresses, redirects.published(catalog))
        self.catalog = catalog
        self.feeds = list(calendars.feeds(catalog, self.config, self.translations))
        self.context.update(shared_context(catalog, self.config))
        self.context["pictures"] = self.assets.pictures
        site = {key: value for key, value in self.context.items() if key in SITE_WIDE}
        self.pages = PageRenderer(
            buildcache.PageStore(cache / "pages"),
            self.context,
            self.prints.hex(self.environment, site),
            self.get_template,
            self.prints,
        )
        # The catalog lives until the build ends: keep the cyclic collector from walking it again and
        # again, and from touching its pages in the forked workers (that would copy them). generate_output
        # hands it back to the collector.
        gc.freeze()

    def generate_output(self, writer: Any) -> None:
        if self.catalog is None or self.assets is None or self.pages is None:  # Pelican calls generate_context first
            raise RuntimeError("generate_output called before generate_context")
        try:
            with faults_said_in_one_line():
                self._write_everything()
        finally:
            gc.unfreeze()  # one process may build many times (the tests, `invoke serve`)
            self._release_caches()

    def _lock_caches(self) -> None:
        """One build at a time writes the caches; another one waits (two would prune each other's entries).

        Reading them before is safe (every file is replaced whole, and sealed), and a build that
        stops on a content error never gets here: it leaves no cache folder behind.
        """
        self.cache_locks = [
            locks.acquire(folder / ".lock", f"the cache {folder}", wait=True)
            for folder in sorted({self.config.build_cache, self.config.image_cache})
        ]

    def _release_caches(self) -> None:
        for lock in self.cache_locks:
            lock.release()

    def _write_everything(self) -> None:
        written = 0
        pages: list[sitemap.Entry] = []
        feeds = {f.key: f.link for f in self.feeds}
        outputs = [
            *views.site_outputs(
                self.catalog,
                self.config,
                feeds,
                views_media.recordings_by_event(self.catalog),
                translations=self.translations,
            ),
            *views_media.show_outputs(self.catalog, self.config),
        ]
        self._write_content_files()
        progress = Progress("Writing pages", len(outputs), logger)
        for output in outputs:
            self._write_page(output)
            pages.append(sitemap.Entry(output.url, output.kind.last_modified(self.revisions)))
            written += 1
            progress.step()
        self._write_site_files(pages)
        self._write_screens()
        redirecting = self._write_redirects({output.url for output in outputs})
        self._report_clashes()  # before any page is rendered
        self.pages.publish(Path(self.output_path), self.config.workers or None)
        # Every page is written: a forked process indexes them for search while this one makes the
        # images and writes the calendars and data (a process, so that neither waits for the other's GIL).
        digests = self.pages.written()
        indexing = start_aside(lambda: index_for_search(Path(self.output_path), self.config, digests))
        try:
            self._claim_images()
            assets.produce(self.assets, self.config, Path(self.output_path))
            self._write_stylesheet()
            self._write_calendars()
            self._write_shows()
            self._write_redirect_copies(redirecting)
            self._write_open_data()
        finally:
            indexing.join()  # never leave it running; a failed strict index stops the build here
        self._report_clashes()  # before the record says this build happened
        self._record_revisions()
        catalog = self.catalog
        logger.info(
            "Programmet wrote %d pages and %d calendar feeds: %d events (series occurrences included), "
            "%d series, %d branches, %d pages.",
            written, len(self.feeds), len(catalog.events), len(catalog.series), len(catalog.branches),
            len(catalog.pages),
        )  # fmt: skip

    def _write_calendars(self) -> None:
        """Every calendar feed, a file per event for «add to calendar», and the lobby screens' 7-day feeds."""
        setup = calendars.calendar_setup(self.catalog, self.config, self.revisions, self.translations)
        windows = window_feeds(self.catalog, self.config, self.translations)
        made = CalendarFiles(self.config.build_cache, self.prints, self.environment)
        for file in made.files(self.catalog, self.feeds, windows, setup):
            self._write_bytes(file.path, file.data, file.owner)

    def _share(self, kind: PageKind, url: str) -> share.ShareMeta:
        event = kind.card_event
        card = self.assets.event_cards.get(event.id, self.assets.site_card) if event else self.assets.site_card
        c = self.config
        return share.page_meta(kind, url, c.site_url, c.site_name, c.organisation, card, c.language, self.translations)

    def _write_site_files(self, pages: list[sitemap.Entry]) -> None:
        """The 404 page, robots.txt and (with a public SITEURL) sitemap.xml."""
        not_found, kind = "404.html", NotFoundPage()
        if self.book.claim(not_found, Owner("", "page for addresses that lead nowhere")):
            self.pages.add(not_found, kind.template, {"page_url": not_found, "share": self._share(kind, not_found)})
        self._write_bytes(sitemap.ROBOTS, sitemap.robots_txt(self.config.site_url).encode("utf-8"), SITE_FILE)
        if sitemap.is_absolute(self.config.site_url):
            self._write_bytes(sitemap.SITEMAP, sitemap.build_sitemap(self.config.site_url, pages), SITE_FILE)
        else:
            logger.debug("No sitemap.xml: it needs an absolute SITEURL (publishconf.py has one).")

    def _write_shows(self) -> None:
        """Each show's RSS feed, and JSON chapters for the episodes that have them."""
        for show in self.catalog.shows:
            episodes = self.catalog.episodes_of(show)
            feed = podcast.build_feed(show, episodes, self.config.site_url)
            self._write_bytes(urls.show_feed_path(show), feed, Owner(show.source_path, "feed"))
            for episode in episodes:
                if episode.chapters:
                    owner = Owner(episode.source_path, "chapters")
                    self._write_bytes(urls.chapters_path(show, episode), podcast.chapters_json(episode), owner)

    def _write_redirects(self, live: set[str]) -> tuple[redirects.Redirect, ...]:
        """Pages at the addresses that renamed files left behind; returns the redirects (see below)."""
        plan = redirects.plan(self.addresses, self.catalog, live)
        for old, key in plan.taken:
            logger.info("No redirect from /%s (%s moved away): another page is there now.", old, key)
        for redirect in plan.redirects:
            if self.book.claim(redirect.save_as, MOVED_FILE):
                self.pages.add(redirect.save_as, "redirect", {"page_url": redirect.old, "redirect": redirect})
        if plan.redirects:
            logger.info("Wrote %d redirects from old addresses of renamed files.", len(plan.redirects))
        return plan.redirects

    def _write_redirect_copies(self, moved: tuple[redirects.Redirect, ...]) -> None:
        """Calendar and podcast feeds at their old addresses too (apps follow no HTML redirect): once written."""
        shows = {redirects.key(redirects.SHOW_KIND, str(s.guid)): s for s in self.catalog.shows}
        for redirect in moved:
            for old, new in redirect.copies:
                self._write_bytes(old, (Path(self.output_path) / new).read_bytes(), MOVED_FILE)
            if redirect.old_feed:
                show = shows[redirect.key]
                feed = podcast.build_feed(show, self.catalog.episodes_of(show), self.config.site_url, moved_from=True)
                self._write_bytes(redirect.old_feed, feed, MOVED_FILE)

    def _read_revisions(self, errors: list[ContentError]) -> revisions.Record:
        empty = revisions.Record({}, revisions.NO_ADDRESSES)
        path = self.config.calendar_state
        if not path.is_file():
            return empty
        try:
            return revisions.loads(path.read_text(encoding="utf-8"))
        except revisions.StateError as exc:
            errors.append(ContentError(path.name, "file", f"{exc}; restore it from version control"))
            return empty

    def _record_revisions(self) -> None:
        """Strict builds keep the record up to date; a preview or `invoke check` never writes it."""
        record = revisions.Record(self.revisions, self.addresses)
        if not (self.config.strict and self.config.record_calendar) or record == self.previous_record:
            return
        path = self.config.calendar_state
        staging = path.with_suffix(".tmp")  # written whole, then swapped in: never half a record
        staging.write_text(revisions.dumps(record), encoding="utf-8")
        staging.replace(path)
        logger.info("Updated %s: the record of changed events and moved pages. Commit it with the content.", path.name)

    def _write_stylesheet(self) -> None:
        """The theme's stylesheet, minified by rcssmin (it keeps strings and comments-in-strings intact).

        The readable source stays in theme/static/css/main.css; pages link the minified copy.
        """
        source = Path(self.theme) / "static" / "css" / "main.css"
        minified = rcssmin.cssmin(source.read_text(encoding="utf-8"))
        self._write_bytes(STYLESHEET, minified.encode("utf-8"), SITE_FILE)

    # -- lobby screens and open data (issue 7) ------------------------------------------

    def _write_screens(self) -> None:
        """A lobby screen per branch, kept out of the sitemap: they are not pages for browsing."""
        for output in screen_outputs(self.catalog, self.config, self.formatter):
            self._write_page(output)

    def _write_page(self, output: Output) -> None:
        """One page through its template, with the shared context and its share card (rendered later)."""
        if not self.book.claim(output.save_as, owner_of(output)):
            return
        meta = self._share(output.kind, output.url)
        context = {**output.context, "page_url": output.url, "share": meta}
        self.pages.add(output.save_as, output.kind.template, context)

    def _write_open_data(self) -> None:
        """The versioned JSON files and their schema, and the RSS of new events."""
        data = data_setup(self.catalog, self.config, self.revisions)
        for file in data_files(self.catalog, data, self.translations):
            self._write_bytes(file.path, file.data, Owner(file.source, "data file"))
        items = new_items(self.catalog, data, self.formatter)
        rss = build_new_events_feed(items, data, self.config.now, self.translations, self.config.language)
        self._write_bytes(NEW_EVENTS, rss, SITE_FILE)

    def _write_content_files(self) -> None:
        """The files of images/ and media/, as they are: each one checked at read time (content_files.py)."""
        output = Path(self.output_path)
        for file in self.catalog.files:
            if self.book.claim(file.relative, Owner(file.relative, "file")):
                copy_regular(file.real, output / file.relative)

    def _claim_images(self) -> None:
        """Resized copies and share images are written by assets.produce; their addresses are claimed here."""
        for rendition in self.assets.renditions:
            self.book.claim(rendition.output, Owner(rendition.source, "resized copy"))
        sources = {event.id: event.source_path for event in self.catalog.events}
        for event_id, card in self.assets.event_cards.items():
            self.book.claim(card.output, Owner(sources[event_id], "share image"))
        self.book.claim(self.assets.site_card.output, Owner("", "share image"))

    def _report_clashes(self) -> None:
        """Addresses two sources want (addresses.py); each clash is said once, and stops a strict build."""
        report(self.book.clashes[self._clashes_reported :], strict=self.config.strict)
        self._clashes_reported = len(self.book.clashes)

    def _write_bytes(self, relative: str, data: bytes, owner: Owner) -> None:
        """Write a file whose bytes changed; an unchanged one keeps its time stamp (rsync and S3 skip it)."""
        if self.book.claim(relative, owner):
            write_if_changed(Path(self.output_path) / relative, data)


SITE_FILE = Owner("", "file")
MOVED_FILE = Owner("", "copy at an old address")


def owner_of(output: Output) -> Owner:
    """The content file a page comes from (an event's, a branch's), or the site's own page."""
    subject = output.kind.subject
    return Owner(subject.source_path, "page") if subject else Owner("", f"{output.kind.template} page")


# The site-wide context our templates use (shared_context and the pictures): part of every page's digest.
SITE_WIDE = frozenset(
    {"SITEROOT", "branches", "page_slugs", "series_by_id", "shows", "categories", "audiences", "themes", "URLS",
     "OPEN_DATA", "pictures", "SITENAME", "SITEURL"}
)  # fmt: skip


@contextmanager
def faults_said_in_one_line() -> Iterator[None]:
    """A full disk or a damaged cache stops the build with one line, not a traceback: no content is at fault."""
    try:
        yield
    except OSError as exc:
        logger.error("Could not finish the build: %s.", describe_fault(exc))
        raise BuildStopped(FAULT) from None
    except CacheFaultError as exc:
        logger.error("Could not finish the build: %s.", exc)
        raise BuildStopped(FAULT) from None


def report(errors: list[ContentError], strict: bool) -> None:
    """Log every content error; in a strict build, stop before anything is written."""
    for error in sorted(errors):
        logger.error("%s", error)
    if errors and strict:
        logger.error("Build stopped: %d content error(s); nothing was written.", len(errors))
        raise BuildStopped()
    if errors:
        logger.warning("Preview built without %d file(s) that have errors.", len({e.path for e in errors}))


def shared_context(catalog: Catalog, config: Settings) -> dict[str, Any]:
    """What every template can use: the controlled lists and branches for navigation."""
    return {
        # Links inside the site are root-relative (smaller pages, and a copy on a staging host
        # still works); only canonical, sharing and feed URLs use the absolute SITEURL.
        "SITEROOT": urlsplit(config.site_url).path.rstrip("/"),
        "programmet": config,
        "branches": {b.id: b for b in catalog.branches},
        # The footer links the staff-written pages (om, personvern) only where the site has them.
        "page_slugs": frozenset(p.slug for p in catalog.pages),
        "series_by_id": {s.id: s for s in catalog.series},
        "shows": catalog.shows,
        "categories": {t.id: t for t in config.categories},
        "audiences": {t.id: t for t in config.audiences},
        "themes": {t.id: t for t in config.themes},
        "URLS": {
            "programme": f"{urls.PROGRAMME}/",
            "archive": f"{urls.ARCHIVE}/",
            "series": f"{urls.SERIES}/",
            "branches": f"{urls.BRANCHES}/",
            "category": f"{urls.CATEGORY}/",
            "audience": f"{urls.AUDIENCE}/",
            "theme": f"{urls.THEME}/",
            "calendar": f"{urls.CALENDAR}/",
            "search": f"{urls.SEARCH}/",
        },
        # Open data, linked from every page with <link rel="alternate"> (see opendata.py, new_events.py).
        "OPEN_DATA": {"events": ALL_EVENTS, "new_events": NEW_EVENTS},
    }
