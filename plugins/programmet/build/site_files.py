"""Every page, feed and file of one build, each written once by the one source that owns its address."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import rcssmin

from ..content import revisions, urls
from ..content.catalog import Catalog
from ..outputs import calendars, pages_media, podcast, redirects, share, sitemap
from ..outputs.addresses import AddressBook, Owner
from ..outputs.calendars import calendar_setup
from ..outputs.formatter import Formatter
from ..outputs.i18n import Translator
from ..outputs.news_feed import LIMIT, NEW_EVENTS, build_new_events_feed, facet_news_feeds, new_items
from ..outputs.opendata import data_files
from ..outputs.opendata_records import data_setup
from ..outputs.page_kinds import NotFoundPage, Output, PageKind
from ..outputs.pages import site_outputs
from ..outputs.programme_data import PROGRAMME_DATA, programme_data
from ..outputs.screens import screen_outputs, window_feeds
from ..settings import Settings
from . import assets
from .atomic import copy_regular, write_if_changed
from .calendar_files import CalendarFiles
from .calendar_record import save_record
from .fingerprint import Fingerprints
from .page_rendering import PageRenderer
from .parallel import start_aside
from .progress import Progress
from .search_step import index_for_search
from .stops import report

logger = logging.getLogger(__name__)
STYLESHEET = "theme/css/main.min.css"
SITE_FILE = Owner("", "file")
MOVED_FILE = Owner("", "copy at an old address")


@dataclass(frozen=True)
class ReadSite:
    """What reading gave: the catalog and everything decided from it before a byte is written."""

    catalog: Catalog
    assets: assets.Assets
    feeds: tuple[calendars.Feed, ...]
    previous: revisions.Record  # the calendar record as committed
    record: revisions.Record  # the record this build will leave
    pages: PageRenderer


class SiteWriter:
    """Writes one read site into ``output``; every address is claimed first (outputs/addresses.py)."""

    def __init__(
        self, site: ReadSite, config: Settings, translations: Translator, formatter: Formatter, output: Path
    ) -> None:
        self.site = site
        self.catalog = site.catalog
        self.config = config
        self.translations = translations
        self.formatter = formatter
        self.output = output
        self.book = AddressBook()  # who writes each address of this build
        self._clashes_reported = 0

    def write_everything(self, prints: Fingerprints, environment: str, theme: Path) -> None:
        site, catalog = self.site, self.catalog
        feeds = {f.key: f.link for f in site.feeds}
        recordings = pages_media.recordings_by_event(catalog)
        outputs = [
            *site_outputs(catalog, self.config, feeds, recordings, translations=self.translations),
            *pages_media.show_outputs(catalog, self.config),
        ]
        self._write_content_files()
        entries = self._write_pages(outputs)
        self._write_site_files(entries)
        self._write_screens()
        redirecting = self._write_redirects({output.url for output in outputs})
        self._report_clashes()  # before any page is rendered
        site.pages.publish(self.output, self.config.workers or None)
        # Every page is written: a forked process indexes them for search while this one makes the
        # images and writes the calendars and data (a process, so that neither waits for the other's GIL).
        digests = site.pages.written()
        indexing = start_aside(lambda: index_for_search(self.output, self.config, digests))
        try:
            self._claim_images()
            assets.produce(site.assets, self.config, self.output)
            self._write_stylesheet(theme)
            self._write_calendars(prints, environment)
            self._write_shows()
            self._write_redirect_copies(redirecting)
            self._write_open_data()
        finally:
            indexing.join()  # never leave it running; a failed strict index stops the build here
        self._report_clashes()  # before the record says this build happened
        save_record(self.config, site.record, site.previous)
        logger.info(
            "Programmet wrote %d pages and %d calendar feeds: %d events (series occurrences included), "
            "%d series, %d branches, %d pages.",
            len(outputs), len(site.feeds), len(catalog.events), len(catalog.series), len(catalog.branches),
            len(catalog.pages),
        )  # fmt: skip

    def _write_pages(self, outputs: list[Output]) -> list[sitemap.Entry]:
        entries = []
        progress = Progress("Writing pages", len(outputs), logger)
        for output in outputs:
            self._write_page(output)
            entries.append(sitemap.Entry(output.url, output.kind.last_modified(self.site.record.revisions)))
            progress.step()
        return entries

    def _write_page(self, output: Output) -> None:
        """One page through its template, with the shared context and its share card (rendered later)."""
        if not self.book.claim(output.save_as, owner_of(output)):
            return
        meta = self._share(output.kind, output.url)
        context = {**output.context, "page_url": output.url, "share": meta}
        self.site.pages.add(output.save_as, output.kind.template, context)

    def _share(self, kind: PageKind, url: str) -> share.ShareMeta:
        planned = self.site.assets
        event = kind.card_event
        card = planned.event_cards.get(event.id, planned.site_card) if event else planned.site_card
        c = self.config
        return share.page_meta(kind, url, c.site_url, c.site_name, c.organisation, card, c.language, self.translations)

    def _write_site_files(self, pages: list[sitemap.Entry]) -> None:
        """The 404 page, robots.txt and (with a public SITEURL) sitemap.xml."""
        not_found, kind = "404.html", NotFoundPage()
        if self.book.claim(not_found, Owner("", "page for addresses that lead nowhere")):
            context = {"page_url": not_found, "share": self._share(kind, not_found)}
            self.site.pages.add(not_found, kind.template, context)
        self._write_bytes(sitemap.ROBOTS, sitemap.robots_txt(self.config.site_url).encode("utf-8"), SITE_FILE)
        if sitemap.is_absolute(self.config.site_url):
            self._write_bytes(sitemap.SITEMAP, sitemap.build_sitemap(self.config.site_url, pages), SITE_FILE)
        else:
            logger.debug("No sitemap.xml: it needs an absolute SITEURL (publishconf.py has one).")

    def _write_screens(self) -> None:
        """A lobby screen per branch, kept out of the sitemap: they are not pages for browsing."""
        for output in screen_outputs(self.catalog, self.config, self.formatter):
            self._write_page(output)

    def _write_redirects(self, live: set[str]) -> tuple[redirects.Redirect, ...]:
        """Pages at the addresses that renamed files left behind; returns the redirects (see below)."""
        plan = redirects.plan(self.site.record.addresses, self.catalog, live)
        for old, key in plan.taken:
            logger.info("No redirect from /%s (%s moved away): another page is there now.", old, key)
        for redirect in plan.redirects:
            if self.book.claim(redirect.save_as, MOVED_FILE):
                self.site.pages.add(redirect.save_as, "redirect", {"page_url": redirect.old, "redirect": redirect})
        if plan.redirects:
            logger.info("Wrote %d redirects from old addresses of renamed files.", len(plan.redirects))
        return plan.redirects

    def _write_redirect_copies(self, moved: tuple[redirects.Redirect, ...]) -> None:
        """Calendar and podcast feeds at their old addresses too (apps follow no HTML redirect): once written."""
        shows = {redirects.key(redirects.SHOW_KIND, str(s.guid)): s for s in self.catalog.shows}
        for redirect in moved:
            for old, new in redirect.copies:
                self._write_bytes(old, (self.output / new).read_bytes(), MOVED_FILE)
            if redirect.old_feed:
                show = shows[redirect.key]
                feed = podcast.build_feed(show, self.catalog.episodes_of(show), self.config.site_url, moved_from=True)
                self._write_bytes(redirect.old_feed, feed, MOVED_FILE)

    def _write_calendars(self, prints: Fingerprints, environment: str) -> None:
        """Every calendar feed, a file per event for «add to calendar», and the lobby screens' 7-day feeds."""
        setup = calendar_setup(self.catalog, self.config, self.site.record.revisions, self.translations)
        windows = window_feeds(self.catalog, self.config, self.translations)
        made = CalendarFiles(self.config.build_cache, prints, environment)
        for file in made.files(self.catalog, self.site.feeds, windows, setup):
            self._write_bytes(file.path, file.data, file.owner)

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

    def _write_open_data(self) -> None:
        """The versioned JSON files and their schema, and the RSS of new events."""
        data = data_setup(self.catalog, self.config, self.site.record.revisions)
        for file in data_files(self.catalog, data, self.translations):
            self._write_bytes(file.path, file.data, Owner(file.source, "data file"))
        items = new_items(self.catalog, data, self.formatter, limit=None)
        rss = build_new_events_feed(items[:LIMIT], data, self.config.now, self.translations, self.config.language)
        self._write_bytes(NEW_EVENTS, rss, SITE_FILE)
        for facet in facet_news_feeds(items, self.catalog.branches, self.config.audiences, self.translations):
            rss = build_new_events_feed(
                facet.items, data, self.config.now, self.translations, self.config.language, facet
            )
            self._write_bytes(facet.path, rss, SITE_FILE)
        # What the combined filters on /program/ read (outputs/programme_data.py, docs/filters.md).
        self._write_bytes(PROGRAMME_DATA, programme_data(self.catalog, self.config, self.formatter), SITE_FILE)

    def _write_stylesheet(self, theme: Path) -> None:
        """The theme's stylesheet, minified by rcssmin (it keeps strings and comments-in-strings intact).

        The readable source stays in theme/static/css/main.css; pages link the minified copy.
        """
        minified = rcssmin.cssmin((theme / "static" / "css" / "main.css").read_text(encoding="utf-8"))
        self._write_bytes(STYLESHEET, minified.encode("utf-8"), SITE_FILE)

    def _write_content_files(self) -> None:
        """The files of images/ and media/, as they are: each one checked at read time (content/files.py)."""
        for file in self.catalog.files:
            if self.book.claim(file.relative, Owner(file.relative, "file")):
                copy_regular(file.real, self.output / file.relative)

    def _claim_images(self) -> None:
        """Resized copies and share images are written by assets.produce; their addresses are claimed here."""
        planned = self.site.assets
        for rendition in planned.renditions:
            self.book.claim(rendition.output, Owner(rendition.source, "resized copy"))
        sources = {event.id: event.source_path for event in self.catalog.events}
        for event_id, card in planned.event_cards.items():
            self.book.claim(card.output, Owner(sources[event_id], "share image"))
        self.book.claim(planned.site_card.output, Owner("", "share image"))

    def _report_clashes(self) -> None:
        """Addresses two sources want (outputs/addresses.py); each clash is said once, and stops a strict build."""
        report(self.book.clashes[self._clashes_reported :], strict=self.config.strict)
        self._clashes_reported = len(self.book.clashes)

    def _write_bytes(self, relative: str, data: bytes, owner: Owner) -> None:
        """Write a file whose bytes changed; an unchanged one keeps its time stamp (rsync and S3 skip it)."""
        if self.book.claim(relative, owner):
            write_if_changed(self.output / relative, data)


def owner_of(output: Output) -> Owner:
    """The content file a page comes from (an event's, a branch's), or the site's own page."""
    subject = output.kind.subject
    return Owner(subject.source_path, "page") if subject else Owner("", f"{output.kind.template} page")
