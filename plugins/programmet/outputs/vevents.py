"""One event or series as iCalendar VEVENT components, serialised.

Pure. What real clients need from each component is decided here (see
../shared/reference/ical-interop.md): stable UIDs from permanent ids, one UID
per series with RRULE/EXDATE and RECURRENCE-ID overrides, SEQUENCE and
LAST-MODIFIED from the revision record, DATE values with an exclusive end for
all-day events, and the status marks (status.py). A series' dates, times and
changed dates are content/occurrences.py's; here they are only written down.
ical.py puts components into files; build/calendar_files.py serialises each
component once per build and keeps it for the next.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Event as VEvent
from icalendar import vRecur

from ..content.model import Event, EventDetails, Frequency, Series, Status, Timespan
from ..content.occurrences import ChangedDate, RuleTimes, rule_times
from ..content.revisions import Revision
from ..content.urls import event_url, series_url
from .i18n import Translator
from .status import listed_title

_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_STATUS = {Status.CANCELLED: "CANCELLED", Status.POSTPONED: "TENTATIVE"}


@dataclass(frozen=True)
class Place:
    name: str
    address: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class CalendarSetup:
    """What every component needs besides the event itself."""

    namespace: uuid.UUID
    timezone: ZoneInfo
    places: Mapping[str, Place]  # branch id -> place
    labels: Mapping[str, str]  # category/audience id -> label
    revisions: Mapping[str, Revision]
    site_url: str
    since: date  # feeds start this many days back (rolling window)
    # The calendar lines every file starts with, and the zone's VTIMEZONE, serialised when the setup
    # is made (ical.calendar_head, ical.make_vtimezone): the same bytes in every file of the build.
    head: bytes
    vtimezone: bytes
    translations: Translator  # the interface language's catalogue: status marks and practical facts
    max_bytes: int = 800_000
    refresh: timedelta = timedelta(hours=6)
    # The last day with occurrence pages (today + the horizon); a change announced for a later
    # date links its series' page, as the occurrence has none yet. None: every occurrence has one.
    pages_until: date | None = None


@dataclass(frozen=True)
class SerialisedVEvent:
    """One serialised VEVENT: where it sorts in a calendar, its bytes, and whether it needs the VTIMEZONE."""

    order: tuple[str, str]  # (UID, RECURRENCE-ID)
    data: bytes
    timed: bool


def _part(component: VEvent) -> SerialisedVEvent:
    order = (str(component["uid"]), str(component.get("recurrence-id", "")))
    return SerialisedVEvent(order, component.to_ical(), isinstance(component.decoded("dtstart"), datetime))


# Components already serialised (by ``parts_key``): what build/calendar_files.py made once for the build.
Serialised = Mapping[str, tuple[SerialisedVEvent, ...]]


def parts_key(item: Event | Series) -> str:
    """Where an event's or a series' serialised components are found in a ``Serialised`` lookup."""
    return f"event:{item.id}" if isinstance(item, Event) else f"series:{item.id}"


def setup_identity(setup: CalendarSetup) -> tuple[object, ...]:
    """What an event's components depend on in the setup, besides its revision (for the build cache)."""
    return (setup.namespace, setup.timezone, setup.places, setup.labels, setup.site_url, setup.since,
            setup.refresh, setup.pages_until)  # fmt: skip


def event_parts(event: Event, setup: CalendarSetup) -> tuple[SerialisedVEvent, ...]:
    return (_part(event_component(event, setup)),)


def series_parts(series: Series, setup: CalendarSetup) -> tuple[SerialisedVEvent, ...]:
    return tuple(_part(c) for c in series_components(series, setup))


def parts_of(item: Event | Series, setup: CalendarSetup, serialised: Serialised) -> tuple[SerialisedVEvent, ...]:
    """The item's serialised components: from ``serialised`` when there, else made now."""
    found = serialised.get(parts_key(item))
    if found is not None:
        return found
    return event_parts(item, setup) if isinstance(item, Event) else series_parts(item, setup)


def uid_for(namespace: uuid.UUID, key: str) -> str:
    """RFC 7986: a UID without host names; uuid5 of the permanent id, so it never changes."""
    return str(uuid.uuid5(namespace, key))


def event_component(event: Event, setup: CalendarSetup) -> VEvent:
    """A one-off event, or a series occurrence downloaded on its own."""
    # An occurrence without changes of its own shares its series' revision.
    revision = setup.revisions.get(event.id) or setup.revisions[event.series or event.id]
    component = _base(uid_for(setup.namespace, event.id), event.details, event.status, revision, setup)
    _add_time(component, event.when)
    url = f"{setup.site_url}/{event_url(event)}"
    _add_place_and_text(component, event.details, event.status, event.status_note, url, setup)
    return component


def series_components(series: Series, setup: CalendarSetup) -> list[VEvent]:
    """The master VEVENT with RRULE/EXDATE, and one RECURRENCE-ID VEVENT per changed date."""
    rule = series.recurrence
    if rule is None or (rule.until is not None and rule.until < setup.since):
        return []
    times = rule_times(series, setup.timezone)
    if times is None:
        return []
    uid = uid_for(setup.namespace, series.id)
    master_revision = setup.revisions[series.id]
    master = _base(uid, series.details, Status.SCHEDULED, master_revision, setup)
    _add_time(master, times.first)
    master.add("rrule", _rrule(series, times))
    if times.excluded:
        master.add("exdate", list(times.excluded))
    url = f"{setup.site_url}/{series_url(series)}"
    _add_place_and_text(master, series.details, Status.SCHEDULED, None, url, setup)
    changed = [c for c in times.changed if c.day >= setup.since]
    return [master] + [_override_component(series, c, uid, master_revision, setup) for c in changed]


def _override_component(
    series: Series, changed: ChangedDate, uid: str, master: Revision, setup: CalendarSetup
) -> VEvent:
    occurrence = changed.occurrence
    revision = setup.revisions.get(occurrence.id, master)
    # Google does not apply an override whose SEQUENCE is below the master's.
    revision = replace(revision, sequence=max(revision.sequence, master.sequence))
    component = _base(uid, occurrence.details, occurrence.status, revision, setup)
    # RECURRENCE-ID names the date as the rule gives it, whatever the override changed.
    component.add("recurrence-id", changed.scheduled)
    _add_time(component, occurrence.when)
    has_page = setup.pages_until is None or changed.day <= setup.pages_until
    url = f"{setup.site_url}/{event_url(occurrence) if has_page else series_url(series)}"
    _add_place_and_text(component, occurrence.details, occurrence.status, occurrence.status_note, url, setup)
    return component


def _base(uid: str, details: EventDetails, status: Status, revision: Revision, setup: CalendarSetup) -> VEvent:
    component = VEvent()
    component.add("uid", uid)
    # DTSTAMP is the time this version was made, not the build time, so that an
    # unchanged programme gives byte-identical files.
    component.add("dtstamp", revision.last_modified)
    component.add("created", revision.created)
    component.add("last-modified", revision.last_modified)
    component.add("sequence", revision.sequence)
    component.add("summary", listed_title(details.title, status, setup.translations))
    component.add("status", _STATUS.get(status, "CONFIRMED"))
    component.add("transp", "TRANSPARENT")
    return component


def _add_time(component: VEvent, when: Timespan) -> None:
    if when.all_day:
        component.add("dtstart", when.first_day)
        component.add("dtend", when.last_day + timedelta(days=1))  # DATE end is exclusive
    else:
        component.add("dtstart", when.start)
        component.add("dtend", when.end)


def _add_place_and_text(
    component: VEvent, details: EventDetails, status: Status, note: str | None, url: str, setup: CalendarSetup
) -> None:
    place = setup.places[details.branch]
    room = f", {details.room}" if details.room else ""
    component.add("location", f"{place.name}{room}, {place.address}")
    component.add("geo", (place.latitude, place.longitude))
    component.add("url", url)
    component.add("categories", [setup.labels[details.category], *(setup.labels[a] for a in details.audiences)])
    component.add("description", describe(details, note, url, setup.translations))


def describe(details: EventDetails, note: str | None, url: str, translations: Translator) -> str:
    """Plain-text description: the pitch, the practical facts, and the page for the rest."""
    lines = [details.summary]
    if note:
        lines.append(note)
    lines.append(_admission(details, translations))
    lines.append(translations.gettext("Mer informasjon: %(url)s") % {"url": url})
    return "\n\n".join(lines)


def _admission(details: EventDetails, translations: Translator) -> str:
    gettext = translations.gettext
    registration = details.registration
    price = gettext("Gratis") if details.is_free else gettext("%(amount)s kr") % {"amount": details.price}
    kind = registration.type.value
    if kind == "none":
        return gettext("%(price)s, ingen påmelding.") % {"price": price}
    where = registration.url or registration.note
    if kind == "ticket":
        text = gettext("%(price)s. Billett: %(where)s") if where else gettext("%(price)s. Billett")
    else:
        text = gettext("%(price)s. Påmelding: %(where)s") if where else gettext("%(price)s. Påmelding")
    return text % {"price": price, "where": where}


def _rrule(series: Series, times: RuleTimes) -> vRecur:
    rule = series.recurrence
    if rule is None:
        raise ValueError(f"series {series.id} has no recurrence")
    days = [_WEEKDAY_CODES[w] for w in rule.weekdays]
    if rule.frequency is Frequency.MONTHLY:
        recur = vRecur(freq="MONTHLY", byday=[f"{rule.week_of_month}{d}" for d in days])
    else:
        recur = vRecur(freq="WEEKLY", byday=days)
    if rule.interval != 1:
        recur["interval"] = rule.interval
    if times.until is not None:
        # RFC 5545 §3.3.10: with a TZID on DTSTART, UNTIL must be in UTC.
        recur["until"] = times.until.astimezone(UTC)
    return recur
