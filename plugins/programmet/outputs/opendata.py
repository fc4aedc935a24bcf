"""Open data: the programme as versioned JSON whose records use schema.org Event names.

Pure: the catalog, settings and calendar record in, plain dicts out, each file
serialised with ``json`` (see ``data_files``). What is published,
and the compatibility promise, are in docs/feeds.md ("Open data"):

- ``data/v1/arrangementer.json``: every upcoming event, series occurrences included;
- ``data/v1/bibliotek/<branch>.json``: the same for one branch;
- ``data/v1/bibliotek/<branch>-7-dager.json``: one branch, today and the next 7 days
  (what lobby screens and signage players read);
- ``data/v1/schema.json``: the JSON Schema of all three (opendata_schema.py).

A record is a schema.org ``Event`` (name, startDate, eventStatus, location …)
plus one block of our own under ``"programmet"`` (permanent id, branch, room,
status, registration, accessibility …), so a consumer that knows schema.org
needs no manual and one that wants the details finds them in one place
(opendata_records.py). Files carry no build time: ``modified`` is the newest change of their events
in the calendar record, so an unchanged programme gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..content.catalog import Catalog
from ..content.model import Branch, Event
from ..content.revisions import Revision
from ..content.urls import BRANCHES, DATA
from .i18n import Translator
from .opendata_records import DataSetup, branch_record, event_record, moment
from .opendata_schema import json_schema

VERSION = 1
ROOT = f"{DATA}/v{VERSION}"
ALL_EVENTS = f"{ROOT}/arrangementer.json"
SCHEMA_PATH = f"{ROOT}/schema.json"
WINDOW_DAYS = 7  # "today and the next 7 days"


def branch_path(branch_id: str) -> str:
    return f"{ROOT}/{BRANCHES}/{branch_id}.json"


def window_path(branch_id: str) -> str:
    return f"{ROOT}/{BRANCHES}/{branch_id}-{WINDOW_DAYS}-dager.json"


# -- which events ------------------------------------------------------------------


def overlaps(event: Event, first: date, last: date) -> bool:
    """Whether the event takes place on any day from ``first`` to ``last`` (inclusive)."""
    return event.when.first_day <= last and event.when.last_day >= first


def in_order(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.when.sort_key, e.details.title, e.id))


# -- documents ---------------------------------------------------------------------


@dataclass(frozen=True)
class DataFile:
    path: str
    data: bytes
    source: str = ""  # the content file it is about (a branch's files); '' for the site's own


def data_files(catalog: Catalog, setup: DataSetup, translations: Translator) -> Iterator[DataFile]:
    """Every JSON file under data/v1/, the schema included, in a stable order; titles in the site's language.

    One file at a time: at 10,000 events the documents together took over 100 MB. An
    event's record is encoded once, as JSON text, for all the files that list it.
    """
    gettext = translations.gettext
    today = setup.today
    upcoming = in_order(e for e in catalog.events if e.when.last_day >= today)
    records = {e.id: _compact(event_record(e, setup)) for e in upcoming}  # UTF-8: half the memory of str
    window_end = today + timedelta(days=WINDOW_DAYS)
    upcoming_title = gettext("%(name)s: kommende arrangementer")
    title = upcoming_title % {"name": setup.organisation}
    yield DataFile(ALL_EVENTS, document(title, ALL_EVENTS, upcoming, setup, records))
    for branch in catalog.branches:
        mine = [e for e in upcoming if e.details.branch == branch.id]
        path = branch_path(branch.id)
        title = upcoming_title % {"name": branch.name}
        yield DataFile(path, document(title, path, mine, setup, records, branch), branch.source_path)
        path = window_path(branch.id)
        week = [e for e in mine if overlaps(e, today, window_end)]
        title = gettext("%(name)s: i dag og de neste %(days)d dagene") % {"name": branch.name, "days": WINDOW_DAYS}
        yield DataFile(path, document(title, path, week, setup, records, branch, until=window_end), branch.source_path)
    schema = json.dumps(json_schema(setup.url(SCHEMA_PATH)), ensure_ascii=False, indent=2)  # people read it
    yield DataFile(SCHEMA_PATH, f"{schema}\n".encode())


def document(
    title: str,
    path: str,
    events: Sequence[Event],
    setup: DataSetup,
    records: Mapping[str, bytes],
    branch: Branch | None = None,
    until: date | None = None,
) -> bytes:
    """One file as compact UTF-8 JSON (servers compress it): what it holds (``from`` … ``until``,
    inclusive; ``until`` null = everything ahead) and its events, in this order.

    ``records`` has each event's record (see ``event_record``) as JSON, by id.
    """
    changes = [r.last_modified for r in (_revision(e, setup) for e in events) if r is not None]
    head = {
        "version": VERSION,
        "title": title,
        "url": setup.url(path),
        "schema": setup.url(SCHEMA_PATH),
        "publisher": {"@type": "Organization", "name": setup.organisation, "url": setup.organisation_url},
        "timezone": setup.timezone,
        "today": setup.today.isoformat(),
        "from": setup.today.isoformat(),
        "until": until.isoformat() if until else None,
        "modified": moment(max(changes)) if changes else None,
        "branch": branch_record(branch, setup) if branch else None,
    }
    return b"".join((_compact(head)[:-1], b',"events":[', b",".join(records[e.id] for e in events), b"]}\n"))


def _compact(value: Mapping[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _revision(event: Event, setup: DataSetup) -> Revision | None:
    return setup.revisions.get(event.id) or (setup.revisions.get(event.series) if event.series else None)
