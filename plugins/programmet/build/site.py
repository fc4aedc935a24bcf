"""One build of the site: the content read once, then every page, feed and file written into the output folder.

Pelican calls the glue (generators.py) twice: to read (generate_context) and to write
(generate_output). Between the two, the read site is all the writing needs.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..content import revisions
from ..content.catalog import load_catalog
from ..content.markup import markdown_renderer
from ..outputs import calendars, redirects
from ..outputs.formatter import Formatter
from ..outputs.i18n import Translator
from ..outputs.site_context import SITE_WIDE, shared_context
from ..settings import Settings
from . import assets, locks
from .cache import Memo, PageStore, ParseCache, environment_digest
from .calendar_record import read_record
from .fingerprint import Fingerprints
from .page_rendering import PageRenderer
from .site_files import ReadSite, SiteWriter
from .stops import faults_said_in_one_line, report


class SiteBuild:
    """Reads the content once, then writes the site; holds the caches' locks in between."""

    def __init__(
        self,
        config: Settings,
        pelican_settings: Mapping[str, Any],
        theme: Path,
        translations: Translator,
        formatter: Formatter,
    ) -> None:
        self.config = config
        self.translations = translations
        self.formatter = formatter
        self.prints = Fingerprints()
        self.environment = environment_digest(config, pelican_settings, theme)
        self.theme = theme
        self.cache_locks: list[locks.Lock] = []
        self.read_site: ReadSite | None = None

    def read(self, context: dict[str, Any], get_template: Callable[[str], Any]) -> None:
        """Read and check every content file; on success ``context`` holds what every template uses."""
        try:
            with faults_said_in_one_line():
                self.read_site = self._read(context, get_template)
        except BaseException:
            self._release_caches()
            raise

    def write(self, output: Path) -> None:
        if self.read_site is None:  # Pelican calls generate_context first
            raise RuntimeError("write called before read")
        try:
            with faults_said_in_one_line():
                writer = SiteWriter(self.read_site, self.config, self.translations, self.formatter, output)
                writer.write_everything(self.prints, self.environment, self.theme)
        finally:
            gc.unfreeze()  # one process may build many times (the tests, `invoke serve`)
            self._release_caches()

    def _read(self, context: dict[str, Any], get_template: Callable[[str], Any]) -> ReadSite:
        config = self.config
        parsed = Memo(config.build_cache / "parsed.pickle")
        catalog, errors = load_catalog(config, markdown_renderer(), ParseCache(parsed, self.environment))
        previous = read_record(config, errors)
        planned, image_errors = assets.plan_assets(catalog, config, self.formatter)
        report(errors + image_errors, strict=config.strict)
        self._lock_caches()
        parsed.save()  # only once the content is known to build: a stopped build leaves nothing behind
        prints = revisions.fingerprints(catalog.events, catalog.series, config.timezone)
        record = revisions.Record(
            revisions.update(previous.revisions, prints, config.build_time),
            redirects.update(previous.addresses, redirects.published(catalog)),
        )
        context.update(shared_context(catalog, config))
        context["pictures"] = planned.pictures
        site = {key: value for key, value in context.items() if key in SITE_WIDE}
        pages = PageRenderer(
            PageStore(config.build_cache / "pages"),
            context,
            self.prints.hex(self.environment, site),
            get_template,
            self.prints,
        )
        feeds = tuple(calendars.feeds(catalog, config, self.translations))
        # The catalog lives until the build ends: keep the cyclic collector from walking it again and
        # again, and from touching its pages in the forked workers (that would copy them). write()
        # hands it back to the collector.
        gc.freeze()
        return ReadSite(catalog, planned, feeds, previous, record, pages)

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
