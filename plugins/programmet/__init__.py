"""Programmet: a library's event programme as a static site (Pelican plugin)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from pelican import signals

from . import search
from .generators import BuildStopped, ProgrammetGenerator
from .settings import read_settings

_LOG_FORMAT = "%(levelname)s: %(message)s"


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a message is logged, not when it was set up."""

    stream = property(lambda self: sys.stderr, lambda self, value: None)


def get_generators(pelican: Any) -> type[ProgrammetGenerator]:
    return ProgrammetGenerator


def index_for_search(pelican: Any) -> None:
    """Once every file is written: Pagefind indexes the site. A strict build stops when it fails."""
    logger = logging.getLogger(__package__)
    config = read_settings(pelican.settings)  # already validated by the generator
    if not config.search:
        logger.info("Search: not indexed (PROGRAMMET_SEARCH is off); /sok/ offers the facet pages.")
        return
    try:
        report = search.write_index(Path(pelican.output_path), config.language, config.build_cache / "search")
    except search.SearchIndexError as exc:
        if config.strict:
            logger.error("Search index: %s. Build stopped: a site with a broken search is not published.", exc)
            raise BuildStopped() from None
        logger.warning("Search index: %s. This preview has no working search.", exc)
        return
    logger.info(
        "Search index: %d pages in %d bundles (%d indexed by Pagefind, %d unchanged from the cache) in %.1f s "
        "(%s/, %.1f MB).",
        report.pages, report.bundles, report.bundles - report.reused, report.reused, report.seconds,
        search.BUNDLE, report.size / 1e6,
    )  # fmt: skip


def use_plain_messages() -> None:
    """Print content errors one per line, unwrapped, whatever Pelican's log handler is.

    Pelican's default rich handler wraps long lines into columns; a content
    error must stay one line that names the file and the field.
    """
    logger = logging.getLogger(__package__)
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter(_LOG_FORMAT))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def register() -> None:
    use_plain_messages()
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(index_for_search)
