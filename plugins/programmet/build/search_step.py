"""The build's search step: Pagefind over the written pages, one log line, and a stop for a broken strict build."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from ..content.errors import BuildStopped
from ..settings import Settings
from .pagefind import SearchIndexError
from .search_index import BUNDLE, write_index

logger = logging.getLogger(__name__)


def index_for_search(output: Path, config: Settings, written: Mapping[str, str] | None = None) -> None:
    """Index the pages in ``output`` (``written``: the pages, by digest; see search_index.write_index).

    Strict builds stop when Pagefind fails; previews go on without search.
    """
    if not config.search:
        logger.info("Search: not indexed (PROGRAMMET_SEARCH is off); /sok/ offers the facet pages.")
        return
    try:
        report = write_index(output, config.language, config.build_cache / "search", written=written)
    except SearchIndexError as exc:
        if config.strict:
            logger.error("Search index: %s. Build stopped: a site with a broken search is not published.", exc)
            raise BuildStopped() from None
        logger.warning("Search index: %s. This preview has no working search.", exc)
        return
    logger.info(
        "Search index: %d pages in %d bundles (%d indexed by Pagefind, %d unchanged from the cache) in %.1f s "
        "(%s/, %.1f MB).",
        report.pages, report.bundles, report.bundles - report.reused, report.reused, report.seconds,
        BUNDLE, report.size / 1e6,
    )  # fmt: skip
