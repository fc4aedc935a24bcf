"""Thin Pelican glue: read the catalog, report errors, write the pages."""

from __future__ import annotations

import logging
from typing import Any

from pelican.generators import Generator

from . import urls, views
from .catalog import Catalog, load_catalog
from .errors import ContentError
from .filters import Formatter, make_filters
from .markup import markdown_renderer
from .settings import Settings, SettingsError, read_settings

logger = logging.getLogger(__name__)


class BuildStopped(SystemExit):
    """Stops Pelican with exit code 1 and no traceback: the messages were logged."""

    def __init__(self) -> None:
        super().__init__(1)


class ProgrammetGenerator(Generator):
    """Reads events, series, branches and pages; writes every page of the site."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        try:
            self.config: Settings = read_settings(self.settings)
        except SettingsError as exc:
            logger.error("Configuration error: %s", exc)
            raise BuildStopped() from None
        formatter = Formatter("nb", self.config.today, self.config.time_separator)
        self.env.filters.update(make_filters(formatter))
        self.env.filters.update(event_url=urls.event_url, series_url=urls.series_url, branch_url=urls.branch_url)
        self.catalog: Catalog | None = None

    def generate_context(self) -> None:
        catalog, errors = load_catalog(self.config, markdown_renderer())
        report(errors, strict=self.config.strict)
        self.catalog = catalog
        self.context.update(shared_context(catalog, self.config))

    def generate_output(self, writer: Any) -> None:
        if self.catalog is None:  # Pelican always calls generate_context first
            raise RuntimeError("generate_output called before generate_context")
        written = 0
        for output in views.site_outputs(self.catalog, self.config):
            writer.write_file(
                output.save_as,
                self.get_template(output.template.removesuffix(".html")),
                {**self.context, **output.context, "page_url": output.url},
                url=output.url,
            )
            written += 1
        catalog = self.catalog
        logger.info(
            "Programmet wrote %d pages: %d events (series occurrences included), %d series, %d branches, %d pages.",
            written, len(catalog.events), len(catalog.series), len(catalog.branches), len(catalog.pages),
        )  # fmt: skip


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
        "programmet": config,
        "branches": {b.id: b for b in catalog.branches},
        "series_by_id": {s.id: s for s in catalog.series},
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
        },
    }
