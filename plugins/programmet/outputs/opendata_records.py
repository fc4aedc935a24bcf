"""Open data records: one event or branch as schema.org names with our own block, and what every record needs.

Pure. A record is a schema.org ``Event`` (name, startDate, eventStatus, location …)
plus one block of our own under ``"programmet"`` (permanent id, branch, room,
status, registration, accessibility …); opendata.py puts records into files.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..content.catalog import Catalog
from ..content.model import Branch, Event, RegistrationType, Series, Status
from ..content.revisions import Revision
from ..content.urls import branch_url, event_url, screen_url, series_url
from ..settings import Settings, Term
from .calendars import single_path
from .structured_data import _STATUS as EVENT_STATUS  # one mapping for JSON-LD and open data
from .structured_data import SCHEMA
from .vevents import uid_for


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
        "startDate": moment(event.when.start),
        "endDate": moment(event.when.end),
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
            offer["validThrough"] = moment(registration.deadline)
        record["offers"] = offer
    if d.age_min is not None or d.age_max is not None:
        record["typicalAgeRange"] = f"{d.age_min if d.age_min is not None else 0}-{d.age_max or ''}"
    if d.performers:
        record["performer"] = [{"@type": "Person", "name": name} for name in d.performers]
    if event.original is not None:
        record["previousStartDate"] = moment(event.original.start)
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
            "deadline": moment(registration.deadline) if registration.deadline else None,
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


def moment(value: datetime | date) -> str:
    """RFC 3339 with seconds and the UTC offset for times (what every JSON parser reads); a plain date for days."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()
