"""One event or series as iCalendar VEVENT components, serialised once per build.

Pure. What real clients need from each component is decided here (see
../shared/reference/ical-interop.md): stable UIDs from permanent ids, one UID
per series with RRULE/EXDATE and RECURRENCE-ID overrides, SEQUENCE and
LAST-MODIFIED from the revision record, DATE values with an exclusive end for
all-day events, and the status marks. ical.py puts components into files.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Event as VEvent
from icalendar import Timezone, vRecur

from ..content.dates import on_the_clock
from ..content.model import Event, EventDetails, Frequency, Recurrence, Series, Status, Timespan
from ..content.recurrence import next_date, occurrence_on
from ..content.revisions import Revision
from ..content.urls import event_url, series_url
from .i18n import N_, Translator

_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_STATUS = {Status.CANCELLED: "CANCELLED", Status.POSTPONED: "TENTATIVE"}
# Shown before the title in calendar apps that do not show STATUS (translated per language).
_TITLE_MARK = {Status.CANCELLED: N_("AVLYST: %(title)s"), Status.POSTPONED: N_("UTSATT: %(title)s")}


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
    vtimezone: Timezone  # made once per build: zoneinfo -> VTIMEZONE is not cheap
    translations: Translator  # the interface language's catalogue: status marks and practical facts
    max_bytes: int = 800_000
    refresh: timedelta = timedelta(hours=6)
    # The last day with occurrence pages (today + the horizon); a change announced for a later
    # date links its series' page, as the occurrence has none yet. None: every occurrence has one.
    pages_until: date | None = None
    # Each event's and series' components serialised once per build and reused by every
    # feed that holds them (an event is in five or six). Not an init field, so a
    # ``replace()``d setup (another window) starts with its own.
    parts: dict[str, tuple[Part, ...]] = field(default_factory=dict, init=False, compare=False, repr=False)
    # The frame of a single-event file (its calendar lines, with or without the VTIMEZONE) is
    # the same for every event: serialised once, not once per event.
    frames: dict[bool, bytes] = field(default_factory=dict, init=False, compare=False, repr=False)


@dataclass(frozen=True)
class Part:
    """One serialised VEVENT: where it sorts in a calendar, its bytes, and whether it needs the VTIMEZONE."""

    order: tuple[str, str]  # (UID, RECURRENCE-ID)
    data: bytes
    timed: bool


def _part(component: VEvent) -> Part:
    order = (str(component["uid"]), str(component.get("recurrence-id", "")))
    return Part(order, component.to_ical(), isinstance(component.decoded("dtstart"), datetime))


def vevents_key(event: Event) -> str:
    """Where ``event``'s serialised components are kept in ``CalendarSetup.parts``."""
    return f"event:{event.id}"


def setup_identity(setup: CalendarSetup) -> tuple[object, ...]:
    """What an event's components depend on in the setup, besides its revision (for the build cache)."""
    return (setup.namespace, setup.timezone, setup.places, setup.labels, setup.site_url, setup.since,
            setup.refresh, setup.pages_until)  # fmt: skip


def event_parts(event: Event, setup: CalendarSetup) -> tuple[Part, ...]:
    key = vevents_key(event)
    if key not in setup.parts:
        setup.parts[key] = (_part(event_component(event, setup)),)
    return setup.parts[key]


def series_parts(series: Series, setup: CalendarSetup) -> tuple[Part, ...]:
    key = f"series:{series.id}"
    if key not in setup.parts:
        setup.parts[key] = tuple(_part(c) for c in series_components(series, setup))
    return setup.parts[key]


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
    first = next_date(rule, rule.first)
    if first is None:
        return []
    uid = uid_for(setup.namespace, series.id)
    master_revision = setup.revisions[series.id]
    master = _base(uid, series.details, Status.SCHEDULED, master_revision, setup)
    start = _at(first, rule.start_time, setup.timezone)
    _add_time(master, Timespan(start, on_the_clock(start, rule.duration)))
    master.add("rrule", _rrule(series, setup.timezone))
    # The rule's dates inside each exception, however far ahead (never every date up to an `until`).
    excluded = sorted(
        {day for exception in series.exceptions for day in dates_within(rule, exception.first, exception.last)}
    )
    if excluded:
        master.add("exdate", [_at(d, rule.start_time, setup.timezone) for d in excluded])
    url = f"{setup.site_url}/{series_url(series)}"
    _add_place_and_text(master, series.details, Status.SCHEDULED, None, url, setup)
    overrides = [o for o in series.overrides if o.date >= setup.since]
    return [master] + [_override_component(series, o.date, uid, master_revision, setup) for o in overrides]


def dates_within(rule: Recurrence, first: date, last: date) -> list[date]:
    """The dates the rule gives from ``first`` to ``last``, each found by asking the rule."""
    found = []
    day = next_date(rule, first)
    while day is not None and day <= last:
        found.append(day)
        day = next_date(rule, day + timedelta(days=1))
    return found


def _override_component(series: Series, day: date, uid: str, master: Revision, setup: CalendarSetup) -> VEvent:
    occurrence = occurrence_on(series, day, setup.timezone)
    revision = setup.revisions.get(occurrence.id, master)
    # Google does not apply an override whose SEQUENCE is below the master's.
    revision = replace(revision, sequence=max(revision.sequence, master.sequence))
    component = _base(uid, occurrence.details, occurrence.status, revision, setup)
    # RECURRENCE-ID names the date as the rule gives it, whatever the override changed.
    rule = series.recurrence
    if rule is None:
        raise ValueError(f"series {series.id} has no recurrence")
    component.add("recurrence-id", _at(day, rule.start_time, setup.timezone))
    _add_time(component, occurrence.when)
    has_page = setup.pages_until is None or day <= setup.pages_until
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
    mark = _TITLE_MARK.get(status)
    title = setup.translations.gettext(mark) % {"title": details.title} if mark else details.title
    component.add("summary", title)
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


def _rrule(series: Series, tz: ZoneInfo) -> vRecur:
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
    if rule.until is not None:
        # RFC 5545 §3.3.10: with a TZID on DTSTART, UNTIL must be in UTC.
        recur["until"] = _at(rule.until, rule.start_time, tz).astimezone(UTC)
    return recur


def _at(day: date, clock: str, tz: ZoneInfo) -> datetime:
    hours, minutes = (int(p) for p in clock.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=tz)
