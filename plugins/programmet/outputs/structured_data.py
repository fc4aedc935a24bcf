"""schema.org Event data for event pages (JSON-LD), as Google's Event guidelines describe."""

from __future__ import annotations

from typing import Any

from ..content.model import Branch, Event, Status
from .filters import iso
from .share import EVENT_IMAGE

_STATUS = {
    Status.SCHEDULED: "EventScheduled",
    Status.FULL: "EventScheduled",
    Status.CANCELLED: "EventCancelled",
    Status.POSTPONED: "EventPostponed",
    Status.MOVED: "EventRescheduled",
}
SCHEMA = "https://schema.org/"


def event_data(
    event: Event,
    branch: Branch,
    page_url: str,
    site_url: str,
    organisation: str,
    audience_labels: list[str],
    organisation_url: str = "",
) -> dict[str, Any]:
    """A JSON-LD mapping for one event; ``page_url`` is relative to ``site_url``."""
    d = event.details
    place = {
        "@type": "Place",
        "name": branch.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": branch.address.street,
            "postalCode": branch.address.postal_code,
            "addressLocality": branch.address.town,
            "addressCountry": "NO",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": branch.latitude, "longitude": branch.longitude},
    }
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": d.title,
        "description": d.summary,
        "url": f"{site_url}/{page_url}",
        "startDate": iso(event.when.start),
        "endDate": iso(event.when.end),
        "eventStatus": SCHEMA + _STATUS[event.status],
        "eventAttendanceMode": SCHEMA + ("MixedEventAttendanceMode" if d.stream_url else "OfflineEventAttendanceMode"),
        "location": [place, {"@type": "VirtualLocation", "url": d.stream_url}] if d.stream_url else place,
        "inLanguage": d.language,
        "isAccessibleForFree": d.is_free,
        "organizer": {
            "@type": "Organization",
            "name": ", ".join(d.organizers) or organisation,
            "url": organisation_url,
        },
        "offers": {
            "@type": "Offer",
            "price": d.price,
            "priceCurrency": "NOK",
            "availability": SCHEMA + ("SoldOut" if event.status is Status.FULL else "InStock"),
            "url": d.registration.url or f"{site_url}/{page_url}",
        },
        "audience": {"@type": "Audience", "audienceType": ", ".join(audience_labels)},
    }
    if event.original is not None:
        data["previousStartDate"] = iso(event.original.start)
    # Google recommends an image for every event; without a photo, the generated 1200×630 share card.
    data["image"] = f"{site_url}/{d.image.src}" if d.image else f"{site_url}/{page_url}{EVENT_IMAGE}"
    if d.performers:
        data["performer"] = [{"@type": "Person", "name": name} for name in d.performers]
    if d.age_min is not None or d.age_max is not None:
        data["typicalAgeRange"] = f"{d.age_min if d.age_min is not None else 0}-{d.age_max or ''}"
    return data
