"""The published JSON Schema (draft 2020-12) of the open data files, written as a Python dict.

It is the format's documentation as much as its check: every field has a
description. Objects do not forbid unknown properties, because the format
grows by adding fields within a version (docs/feeds.md: "Open data");
the tests check the other way round, that every field we write is described here.
"""

from __future__ import annotations

from typing import Any

from ..content.model import Access, RegistrationType, Status
from .structured_data import _STATUS as EVENT_STATUS  # the same mapping the records use

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_SCHEMA_ORG = "https://schema.org/"
_EVENT_STATUSES = sorted(set(EVENT_STATUS.values()))


def _text(description: str, nullable: bool = False) -> dict[str, Any]:
    return {"type": ["string", "null"] if nullable else "string", "description": description}


def _url(description: str, nullable: bool = False) -> dict[str, Any]:
    return {**_text(description, nullable), "format": "uri-reference"}


def _ref(name: str, description: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}", "description": description}


def _object(properties: dict[str, Any], optional: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    """An object whose properties are all required but the ``optional`` ones."""
    return {
        "type": "object",
        **extra,
        "required": [name for name in properties if name not in optional],
        "properties": properties,
    }


def _type(name: str) -> dict[str, Any]:
    return {"const": name, "description": "The schema.org type."}


_DEFS: dict[str, Any] = {
    "moment": {
        "type": "string",
        "description": "A time as RFC 3339 with seconds and the UTC offset (2027-01-14T18:00:00+01:00), "
        "or a date (2027-01-14) for all-day events.",
        "anyOf": [{"format": "date-time"}, {"format": "date"}],
        "pattern": r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?$",
    },
    "day": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "A local date."},
    "term": _object(
        {"id": _text("Stable identifier."), "label": _text("What the site shows, in Norwegian.")},
        description="One entry of a controlled list (category, theme, audience).",
    ),
    "address": _object(
        {
            "@type": _type("PostalAddress"),
            "streetAddress": _text("Street and number."),
            "postalCode": _text("Postal code."),
            "addressLocality": _text("Town."),
            "addressCountry": _text("ISO 3166-1 country code."),
        }
    ),
    "geo": _object(
        {
            "@type": _type("GeoCoordinates"),
            "latitude": {"type": "number", "description": "WGS 84 latitude."},
            "longitude": {"type": "number", "description": "WGS 84 longitude."},
        }
    ),
    "organization": _object(
        {"@type": _type("Organization"), "name": _text("Name."), "url": _url("Web site (may be empty).")}
    ),
    "library": _object(
        {
            "@type": _type("Library"),
            "name": _text("The branch's name."),
            "url": _url("The branch's page."),
            "address": {"$ref": "#/$defs/address"},
            "geo": {"$ref": "#/$defs/geo"},
            "programmet": _object(
                {
                    "id": _text("The branch's permanent id, as used in file names and in events' programmet.branch."),
                    "short_name": _text("A short name for lists."),
                    "opening_hours": _text("Opening hours as text (lines separated by newlines)."),
                    "accessibility": _text("How to get in and around, as text."),
                    "map_url": _url("A map of the branch (may be empty)."),
                    "screen_url": _url("The branch's lobby screen page."),
                },
                description="Programmet's own fields.",
            ),
        },
        description="A library branch.",
    ),
    "event": _object(
        {
            "@type": _type("Event"),
            "name": _text("Title."),
            "description": _text("A one-paragraph summary (plain text)."),
            "startDate": _ref("moment", "Start; a date for all-day events."),
            "endDate": _ref("moment", "End (exclusive for times); for all-day events the last day (inclusive)."),
            "eventStatus": {
                "enum": [_SCHEMA_ORG + name for name in _EVENT_STATUSES],
                "description": "schema.org status; full events are EventScheduled (see offers.availability).",
            },
            "eventAttendanceMode": {
                "enum": [_SCHEMA_ORG + "OfflineEventAttendanceMode", _SCHEMA_ORG + "MixedEventAttendanceMode"],
                "description": "Mixed when the event is also streamed (programmet.stream_url).",
            },
            "location": _object(
                {
                    "@type": _type("Place"),
                    "name": _text("The branch's name; the room is programmet.room."),
                    "address": {"$ref": "#/$defs/address"},
                    "geo": {"$ref": "#/$defs/geo"},
                }
            ),
            "url": _url("The event's page (absolute on the published site)."),
            "inLanguage": _text("BCP 47 language the event is held in, e.g. nb, en."),
            "isAccessibleForFree": {"type": "boolean", "description": "True when the price is 0."},
            "organizer": {"$ref": "#/$defs/organization"},
            "audience": {
                "type": "array",
                "description": "Who the event is for (labels; ids are in programmet.audiences).",
                "items": _object({"@type": _type("Audience"), "audienceType": _text("Label.")}),
            },
            "image": _object(
                {
                    "@type": _type("ImageObject"),
                    "url": _url("The original image."),
                    "description": _text("Alternative text: show it as the image's alt."),
                    "creditText": _text("Photographer or source."),
                },
                optional=("creditText",),
                description="Present when the event has a photo.",
            ),
            "offers": _object(
                {
                    "@type": _type("Offer"),
                    "price": {"type": "integer", "minimum": 0, "description": "Price in whole kroner."},
                    "priceCurrency": {"const": "NOK"},
                    "availability": {"enum": [_SCHEMA_ORG + "InStock", _SCHEMA_ORG + "SoldOut"]},
                    "url": _url("Where to register or buy a ticket; else the event's page."),
                    "validThrough": _ref("moment", "Registration deadline."),
                },
                optional=("validThrough",),
                description="Present when the event costs money or needs registration.",
            ),
            "typicalAgeRange": _text("Ages, e.g. 3-6 or 10-."),
            "performer": {
                "type": "array",
                "items": _object({"@type": _type("Person"), "name": _text("Name.")}),
            },
            "previousStartDate": _ref("moment", "For a moved event, when it was first announced to start."),
            "superEvent": _object(
                {"@type": _type("EventSeries"), "name": _text("The series' title."), "url": _url("The series' page.")},
                description="Present when the event belongs to a series.",
            ),
            "programmet": _ref("own", "Programmet's own fields."),
        },
        optional=("image", "offers", "typicalAgeRange", "performer", "previousStartDate", "superEvent"),
        description="One event or one date of a series, as schema.org Event properties.",
    ),
    "own": _object(
        {
            "id": _text(
                "Permanent id: never changes when the title, time or file changes. "
                "A series date is <series id>/<its original date>."
            ),
            "calendar_uid": _text("The iCalendar UID of this event in single-event and 7-day .ics files."),
            "calendar_url": _url("A single-event .ics file (add to calendar)."),
            "branch": _text("The branch's id (the branch files' programmet.id)."),
            "room": _text("Room within the branch.", nullable=True),
            "all_day": {"type": "boolean", "description": "True when start and end are dates."},
            "first_day": _ref("day", "First local day the event takes place."),
            "last_day": _ref("day", "Last local day the event takes place (inclusive)."),
            "status": {"enum": [s.value for s in Status], "description": "Status as the site shows it."},
            "status_note": _text("Why it was cancelled, moved …", nullable=True),
            "cancelled": {"type": "boolean", "description": "True when status is cancelled."},
            "category": {"$ref": "#/$defs/term"},
            "theme": {"oneOf": [{"$ref": "#/$defs/term"}, {"type": "null"}], "description": "Weekday theme."},
            "audiences": {"type": "array", "items": {"$ref": "#/$defs/term"}},
            "series": _text("The series' id, when the event belongs to one.", nullable=True),
            "price": {"type": "integer", "minimum": 0, "description": "Price in whole kroner; 0 is free."},
            "price_note": _text("More about the price.", nullable=True),
            "registration": _object(
                {
                    "type": {"enum": [t.value for t in RegistrationType]},
                    "url": _url("Where to register or buy a ticket.", nullable=True),
                    "deadline": {"oneOf": [{"$ref": "#/$defs/moment"}, {"type": "null"}]},
                    "note": _text("How to register, when there is no address.", nullable=True),
                }
            ),
            "accessibility": {
                "type": "array",
                "items": {"enum": [a.value for a in Access]},
                "description": "Sign language, text interpreting, hearing loop, step-free access.",
            },
            "accessibility_note": _text("More about accessibility.", nullable=True),
            "stream_url": _url("Live stream.", nullable=True),
        }
    ),
}


def json_schema(schema_id: str) -> dict[str, Any]:
    """The schema of every data/v1/*.json file; ``schema_id`` is where it is published."""
    schema: dict[str, Any] = {"$schema": DIALECT}
    if schema_id.startswith(("https://", "http://")):
        schema["$id"] = schema_id  # a local preview has no absolute address to name
    schema.update(
        _object(
            {
                "version": {"const": 1, "description": "The format's major version; it is also in the path (v1)."},
                "title": _text("What the file holds."),
                "url": _url("Where this file is published."),
                "schema": _url("This schema."),
                "publisher": {"$ref": "#/$defs/organization"},
                "timezone": _text("IANA time zone of all local dates and times."),
                "today": _ref("day", "The day the file was made for."),
                "from": _ref("day", "The first day the file covers."),
                "until": {
                    "oneOf": [{"$ref": "#/$defs/day"}, {"type": "null"}],
                    "description": "The last day the file covers (inclusive); null: everything ahead.",
                },
                "modified": {
                    "oneOf": [{"$ref": "#/$defs/moment"}, {"type": "null"}],
                    "description": "The newest change to any of the events; null when there are none.",
                },
                "branch": {
                    "oneOf": [{"$ref": "#/$defs/library"}, {"type": "null"}],
                    "description": "The branch of a per-branch file; null in the file of all events.",
                },
                "events": {
                    "type": "array",
                    "items": {"$ref": "#/$defs/event"},
                    "description": "Events that take place on a day the file covers, by start; running ones first.",
                },
            },
            title="Programmet open data, version 1",
            description="Upcoming events of a Norwegian public library, in schema.org Event terms.",
        )
    )
    schema["$defs"] = _DEFS
    return schema
