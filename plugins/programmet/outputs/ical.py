"""iCalendar feeds and single-event files, written with the icalendar library.

Pure: model objects in, bytes out. The components come from vevents.py; here they
become files: a feed per programme, branch, category, audience and series with
its name, refresh interval and a VTIMEZONE for Europe/Oslo, kept under the size
Google accepts, and single-event files without a calendar name (Outlook would
make a new calendar). Components already serialised for the build (``serialised``,
by vevents.parts_key) are used as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone, vDuration

from ..content.model import Event, Series
from .vevents import CalendarSetup, Serialised, SerialisedVEvent, parts_of, uid_for

PRODID = "-//Programmet//Arrangementer//NB"
_END = b"END:VCALENDAR\r\n"
NOTHING_SERIALISED: Serialised = MappingProxyType({})


@dataclass(frozen=True)
class FeedInfo:
    key: str  # the feed's name and place, e.g. "bibliotek/havnen" (kalender/bibliotek/havnen.ics)
    identity: str  # what its calendar UID comes from: the key, or for a series its id (its key follows the file)
    name: str
    description: str
    page_url: str
    feed_url: str


def make_vtimezone(timezone: ZoneInfo, first: date) -> bytes:
    """Europe/Oslo's rules from ``first``'s year on (icalendar covers up to 2038), serialised."""
    return Timezone.from_tzid(timezone.key, first_date=date(first.year, 1, 1)).to_ical()


def calendar_head(timezone: ZoneInfo) -> bytes:
    """The lines a single-event file starts with: the calendar's own, without its END line."""
    return _calendar(timezone).to_ical().removesuffix(_END)


@dataclass(frozen=True)
class BuiltFeed:
    data: bytes
    events: int  # one-off events in the feed
    left_out: int  # upcoming events beyond the size budget (they come in as the window moves)


def build_feed(
    info: FeedInfo,
    events: Sequence[Event],
    series: Sequence[Series],
    setup: CalendarSetup,
    serialised: Serialised = NOTHING_SERIALISED,
) -> BuiltFeed:
    """A subscribable calendar: one-off events, and each recurring series as one RRULE.

    Google Calendar is known to refuse feeds over about 1 MB, so a feed that would
    pass ``setup.max_bytes`` keeps the nearest events and leaves out the farthest.
    """
    kept = sorted((e for e in events if e.when.last_day >= setup.since), key=lambda e: (e.when.sort_key, e.id))
    parts = [part for e in kept for part in parts_of(e, setup, serialised)]
    rules = [part for one in series for part in parts_of(one, setup, serialised)]
    data = _feed_bytes(info, parts + rules, setup)
    if len(data) <= setup.max_bytes:
        return BuiltFeed(data, len(kept), 0)
    # A calendar's bytes are its frame plus each component's bytes, so the nearest
    # events that fit can be counted exactly and the feed written once more.
    room = setup.max_bytes - len(_feed_bytes(info, rules, setup))
    count = 0
    for part in parts:
        room -= len(part.data)
        if room < 0:
            break
        count += 1
    data = _feed_bytes(info, parts[:count] + rules, setup)
    while len(data) > setup.max_bytes and count:  # the frame may gain a VTIMEZONE
        count -= 1
        data = _feed_bytes(info, parts[:count] + rules, setup)
    return BuiltFeed(data, count, len(kept) - count)


def _feed_bytes(info: FeedInfo, components: list[SerialisedVEvent], setup: CalendarSetup) -> bytes:
    cal = _calendar(setup.timezone)
    cal.add("name", info.name)
    cal.add("x-wr-calname", info.name)
    cal.add("description", info.description)
    cal.add("x-wr-caldesc", info.description)
    cal.add("uid", uid_for(setup.namespace, f"feed:{info.identity}"))
    cal.add("url", info.page_url)
    cal.add("source", info.feed_url, parameters={"VALUE": "URI"})
    cal.add("refresh-interval", vDuration(setup.refresh), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(setup.refresh))
    return _finish(cal, components, setup)


def build_single(event: Event, setup: CalendarSetup, serialised: Serialised = NOTHING_SERIALISED) -> bytes:
    """One event to download ("add to calendar"); deliberately without NAME/X-WR-CALNAME."""
    parts = sorted(parts_of(event, setup, serialised), key=lambda p: p.order)
    return _with_zone(setup.head, parts, setup) + b"".join(p.data for p in parts) + _END


def _calendar(timezone: ZoneInfo) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-timezone", timezone.key)
    return cal


def _finish(cal: Calendar, parts: Iterable[SerialisedVEvent], setup: CalendarSetup) -> bytes:
    """The calendar with its events. icalendar writes a calendar as its own lines, then each
    component's bytes, then END; so the frame is serialised here and the events' bytes,
    serialised by icalendar once per build, are put in before its END line."""
    events = sorted(parts, key=lambda p: p.order)
    return _with_zone(cal.to_ical().removesuffix(_END), events, setup) + b"".join(p.data for p in events) + _END


def _with_zone(head: bytes, parts: Sequence[SerialisedVEvent], setup: CalendarSetup) -> bytes:
    """The calendar's own lines (``head``), and after them its VTIMEZONE if an event needs it."""
    # RFC 5545 §3.2.19: every TZID used needs its VTIMEZONE, or Outlook shifts times.
    return head + setup.vtimezone if any(p.timed for p in parts) else head
