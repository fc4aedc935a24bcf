"""The committed calendar record (content/revisions.py's Record) read at the start of a build, saved at its end."""

from __future__ import annotations

import logging

from ..content import revisions
from ..content.errors import ContentError
from ..settings import Settings

logger = logging.getLogger(__name__)
EMPTY = revisions.Record({}, revisions.NO_ADDRESSES)


def read_record(config: Settings, errors: list[ContentError]) -> revisions.Record:
    """The record as committed; a damaged one is a content error (it is restored from version control)."""
    path = config.calendar_state
    if not path.is_file():
        return EMPTY
    try:
        return revisions.loads(path.read_text(encoding="utf-8"))
    except revisions.StateError as exc:
        errors.append(ContentError(path.name, "file", f"{exc}; restore it from version control"))
        return EMPTY


def save_record(config: Settings, record: revisions.Record, previous: revisions.Record) -> None:
    """Strict builds keep the record up to date; a preview or `invoke check` never writes it."""
    if not (config.strict and config.record_calendar) or record == previous:
        return
    path = config.calendar_state
    staging = path.with_suffix(".tmp")  # written whole, then swapped in: never half a record
    staging.write_text(revisions.dumps(record), encoding="utf-8")
    staging.replace(path)
    logger.info("Updated %s: the record of changed events and moved pages. Commit it with the content.", path.name)
