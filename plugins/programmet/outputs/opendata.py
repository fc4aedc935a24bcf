"""Open data: the programme as versioned JSON whose records use schema.org Event names.

Pure: the catalog, settings and calendar record in, plain dicts out, each file
serialised with ``json`` (see ``data_files``). What is published,
and the compatibility promise, are in the README ("Open data and screens"):

- ``data/v1/arrangementer.json``: every upcoming event, series occurrences included;
- ``data/v1/bibliotek/<branch>.json``: the same for one branch;
- ``data/v1/bibliotek/<branch>-7-dager.json``: one branch, today and the next 7 days
  (what lobby screens and signage players read);
- ``data/v1/schema.json``: the JSON Schema of all three (opendata_schema.py).

A record is a schema.org ``Event`` (name, startDate, eventStatus, location …)
plus one block of our own under ``"programmet"`` (permanent id, branch, room,
status, registration, accessibility …), so a consumer that knows schema.org
needs no manual and one that wants the details finds them in one place.
Files carry no build time: ``modified`` is the newest change of their events
in the calendar record, so an unchanged programme gives the same bytes.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ..content.catalog import Catalog
from ..content.model import Branch, Event, RegistrationType, Series, Status
from ..content.revisions import Revision
from ..content.urls import BRANCHES, DATA, branch_url, event_url, screen_url, series_url
from ..settings import Settings, Term
from .calendars import single_path
from .i18n import Translator
from .opendata_schema import json_schema
from .structured_data import _STATUS as EVENT_STATUS  # one mapping for JSON-LD and open data
from .structured_data import SCHEMA
from .vevents import uid_for

VERSION = 1
ROOT = f"{DATA}/v{VERSION}"
ALL_EVENTS = f"{ROOT}/arrangementer.json"
SCHEMA_PATH = f"{ROOT}/schema.json"
WINDOW_DAYS = 7  # "today and the next 7 days"


def branch_path(branch_id: str) -> str:
    return f"{ROOT}/{BRANCHES}/{branch_id}.json"


def window_path(branch_id: str) -> str:
    return f"{ROOT}/{BRANCHES}/{branch_id}-{WINDOW_DAYS}-dager.json"


@dataclass(frozen=True)
class DataSetup:
    """What every record needs besides the event itself."""

    site_url: str
    organisation: str
    organisation_url: str
    timezone: str
    today: date
    namespace: uuid.UUID
    branches: Mapping[str, Branch]
    series: Mapping[str, Series]
    categories: Mapping[str, Term]
    audiences: Mapping[str, Term]
    themes: Mapping[str, Term]
    revisions: Mapping[str, Revision]

    def url(self, path: str) -> str:
        """Absolute with a public SITEURL; root-relative in the local preview (SITEURL is empty)."""
        return f"{self.site_url}/{path}"


def data_setup(catalog: Catalog, settings: Settings, revisions: Mapping[str, Revision]) -> DataSetup:
    return DataSetup(
        site_url=settings.site_url,
        organisation=settings.organisation,
        organisation_url=settings.organisation_url,
        timezone=settings.timezone.key,
        today=settings.today,
        namespace=settings.uid_namespace,
        branches={b.id: b for b in catalog.branches},
        series={s.id: s for s in catalog.series},
        categories={t.id: t for t in settings.categories},
        audiences={t.id: t for t in settings.audiences},
        themes={t.id: t for t in settings.themes},
        revisions=revisions,
    )


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
        "modified": _moment(max(changes)) if changes else None,
        "branch": branch_record(branch, setup) if branch else None,
    }
    return b"".join((_compact(head)[:-1], b',"events":[', b",".join(records[e.id] for e in events), b"]}\n"))


def _compact(value: Mapping[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


# -- records -------------------------------------------------------------------------


def branch_record(branch: Branch, setup: DataSetup) -> dict[str, Any]:
    return {
        "@type": "Library",
        "name": branch.name,
        "url": setup.url(branch_url(branch)),
        "address": _address(branch),
        "geo": {"@type": "GeoCoordinates", "latitude": branch.latitude, "longitude": branch.longitude},
        "programmet": {
            "id": branch.id,
            "short_name": branch.short_name,
            "opening_hours": branch.opening_hours,
            "accessibility": branch.accessibility,
            "map_url": branch.map_url,
            "screen_url": setup.url(screen_url(branch)),
        },
    }


def event_record(event: Event, setup: DataSetup) -> dict[str, Any]:
    """One event as schema.org Event properties, with our own details under ``programmet``."""
    d = event.details
    branch = setup.branches[d.branch]
    page = setup.url(event_url(event))
    record: dict[str, Any] = {
        "@type": "Event",
        "name": d.title,
        "description": d.summary,
        "startDate": _moment(event.when.start),
        "endDate": _moment(event.when.end),
        "eventStatus": SCHEMA + EVENT_STATUS[event.status],
        "eventAttendanceMode": SCHEMA + ("MixedEventAttendanceMode" if d.stream_url else "OfflineEventAttendanceMode"),
        "location": {
            "@type": "Place",
            "name": branch.name,
            "address": _address(branch),
            "geo": {"@type": "GeoCoordinates", "latitude": branch.latitude, "longitude": branch.longitude},
        },
        "url": page,
        "inLanguage": d.language,
        "isAccessibleForFree": d.is_free,
        "organizer": {
            "@type": "Organization",
            "name": ", ".join(d.organizers) or setup.organisation,
            "url": setup.organisation_url,
        },
        "audience": [{"@type": "Audience", "audienceType": setup.audiences[a].label} for a in d.audiences],
    }
    if d.image is not None:
        image = {"@type": "ImageObject", "url": setup.url(d.image.src), "description": d.image.alt}
        if d.image.credit:
            image["creditText"] = d.image.credit
        record["image"] = image
    registration = d.registration
    if not d.is_free or registration.type is not RegistrationType.NONE:
        offer: dict[str, Any] = {
            "@type": "Offer",
            "price": d.price,
            "priceCurrency": "NOK",
            "availability": SCHEMA + ("SoldOut" if event.status is Status.FULL else "InStock"),
            "url": registration.url or page,
        }
        if registration.deadline is not None:
            offer["validThrough"] = _moment(registration.deadline)
        record["offers"] = offer
    if d.age_min is not None or d.age_max is not None:
        record["typicalAgeRange"] = f"{d.age_min if d.age_min is not None else 0}-{d.age_max or ''}"
    if d.performers:
        record["performer"] = [{"@type": "Person", "name": name} for name in d.performers]
    if event.original is not None:
        record["previousStartDate"] = _moment(event.original.start)
    if event.series and event.series in setup.series:
        series = setup.series[event.series]
        record["superEvent"] = {
            "@type": "EventSeries",
            "name": series.details.title,
            "url": setup.url(series_url(series)),
        }
    record["programmet"] = _own_fields(event, setup)
    return record


def _own_fields(event: Event, setup: DataSetup) -> dict[str, Any]:
    d = event.details
    registration = d.registration
    theme = setup.themes[d.theme] if d.theme else None
    return {
        "id": event.id,
        "calendar_uid": uid_for(setup.namespace, event.id),
        "calendar_url": setup.url(single_path(event)),
        "branch": d.branch,
        "room": d.room,
        "all_day": event.when.all_day,
        "first_day": event.when.first_day.isoformat(),
        "last_day": event.when.last_day.isoformat(),
        "status": event.status.value,
        "status_note": event.status_note,
        "cancelled": event.status is Status.CANCELLED,
        "category": _term(setup.categories[d.category]),
        "theme": _term(theme) if theme else None,
        "audiences": [_term(setup.audiences[a]) for a in d.audiences],
        "series": event.series,
        "price": d.price,
        "price_note": d.price_note,
        "registration": {
            "type": registration.type.value,
            "url": registration.url,
            "deadline": _moment(registration.deadline) if registration.deadline else None,
            "note": registration.note,
        },
        "accessibility": [flag.value for flag in d.accessibility],
        "accessibility_note": d.accessibility_note,
        "stream_url": d.stream_url,
    }


def _term(term: Term) -> dict[str, str]:
    return {"id": term.id, "label": term.label}


def _address(branch: Branch) -> dict[str, str]:
    return {
        "@type": "PostalAddress",
        "streetAddress": branch.address.street,
        "postalCode": branch.address.postal_code,
        "addressLocality": branch.address.town,
        "addressCountry": "NO",
    }


def _moment(value: datetime | date) -> str:
    """RFC 3339 with seconds and the UTC offset for times (what every JSON parser reads); a plain date for days."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def _revision(event: Event, setup: DataSetup) -> Revision | None:
    return setup.revisions.get(event.id) or (setup.revisions.get(event.series) if event.series else None)
