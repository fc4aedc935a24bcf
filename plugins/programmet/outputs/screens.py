"""Lobby info screens: one page per branch, and the 7-day calendar feeds signage players read.

Pure. A screen runs for days while the site is built once, so the page is
only a first picture: theme/static/js/screen.js fetches the branch's 7-day
JSON (opendata.window_path) every few minutes and decides "today" by the
screen's own clock. What the build renders (the build day's events) must
match what the script renders; the browser tests compare the two.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from babel import Locale

from ..content.catalog import Catalog
from ..content.model import Event, Status
from ..content.urls import BRANCHES, screen_url
from ..settings import Settings
from .calendars import Feed, FeedLink, feed_link
from .formatter import Formatter
from .i18n import Translator
from .ical import FeedInfo
from .opendata import WINDOW_DAYS, in_order, overlaps, window_path
from .page_kinds import Output, ScreenPage
from .vevents import CalendarSetup

# Rows the build renders before the script measures what really fits (it then
# shows as many as fit and says how many more there are).
TODAY_ROWS = 6
TOMORROW_ROWS = 5
REFRESH_MINUTES = 5


@dataclass(frozen=True)
class ScreenRow:
    """One event on one day of a screen; ``kind`` says how its time reads on that day."""

    event: Event
    kind: str  # "span" (18.00–19.30), "from" (starts, ends another day), "until", "all_day"
    start: str  # the clock, e.g. "18.00"
    end: str


@dataclass(frozen=True)
class ScreenDay:
    day: date
    weekday: str  # its name: tomorrow's heading reads «I morgen tirsdag»
    rows: tuple[ScreenRow, ...]
    more: int  # events on that day beyond the rendered rows


def screen_row(event: Event, day: date, formatter: Formatter) -> ScreenRow:
    when = event.when
    if when.all_day:
        return ScreenRow(event, "all_day", "", "")
    start, end = formatter.clock(when.start), formatter.clock(when.end)
    if not when.multi_day:
        kind = "span"
    elif day == when.first_day:
        kind = "from"
    elif day == when.last_day:
        kind = "until"
    else:
        kind = "all_day"
    return ScreenRow(event, kind, start, end)


def screen_day(events: Sequence[Event], day: date, formatter: Formatter, limit: int) -> ScreenDay:
    on_day = [e for e in events if overlaps(e, day, day)]
    rows = tuple(screen_row(e, day, formatter) for e in on_day[:limit])
    return ScreenDay(day, formatter.weekday_name(day.weekday()), rows, len(on_day) - len(rows))


def screen_outputs(catalog: Catalog, settings: Settings, formatter: Formatter) -> Iterator[Output]:
    """One screen per branch at /skjerm/<branch>/, showing the build day and the next."""
    today = settings.today
    tomorrow = today + timedelta(days=1)
    events = in_order(e for e in catalog.events if overlaps(e, today, tomorrow))
    names = screen_names(formatter)
    for branch in catalog.branches:
        mine = [e for e in events if e.details.branch == branch.id]
        context = {
            "branch": branch,
            "screen_today": screen_day(mine, today, formatter, TODAY_ROWS),
            "screen_tomorrow": screen_day(mine, tomorrow, formatter, TOMORROW_ROWS),
            "screen_data": window_path(branch.id),
            "screen_refresh_minutes": REFRESH_MINUTES,
            "screen_names": names,
        }
        yield Output(screen_url(branch), ScreenPage(branch), context)


def screen_names(formatter: Formatter) -> dict[str, Any]:
    """Names the script needs in the site's language: browsers have no nynorsk (nn) date names.

    Weekdays start on Monday; months start with January.
    """
    names = Locale.parse(formatter.locale)
    return {
        "weekdays": [names.days["format"]["wide"][i] for i in range(7)],
        "months": [names.months["format"]["wide"][i] for i in range(1, 13)],
        "statuses": {
            status.value: formatter.status_label(status) for status in Status if status is not Status.SCHEDULED
        },
    }


# -- the 7-day calendar feeds --------------------------------------------------------


def window_feed_key(branch_id: str) -> str:
    return f"{BRANCHES}/{branch_id}-{WINDOW_DAYS}-dager"


def window_feeds(catalog: Catalog, settings: Settings, translations: Translator) -> Iterator[Feed]:
    """Per branch, today and the next 7 days as single events, at /kalender/bibliotek/<id>-7-dager.ics.

    Every series date is its own VEVENT (no RRULE, EXDATE or RECURRENCE-ID):
    signage players and small calendar readers differ in how much of RFC 5545's
    recurrence they understand, and a week of plain events needs none of it.
    The UIDs are those of the single-event files, so each date keeps its own.
    """
    today = settings.today
    last = today + timedelta(days=WINDOW_DAYS)
    org = settings.organisation
    gettext = translations.gettext
    events = in_order(e for e in catalog.events if overlaps(e, today, last))
    for branch in catalog.branches:
        key = window_feed_key(branch.id)
        words = {"organisation": org, "name": branch.name, "days": WINDOW_DAYS}
        name = gettext("%(organisation)s: %(name)s, i dag og de neste %(days)d dagene") % words
        link: FeedLink = feed_link(key, name, name, settings.site_url)
        info = FeedInfo(
            key=key,
            identity=key,
            name=name,
            description=gettext("Arrangementer på %(name)s i dag og de neste %(days)d dagene, for infoskjermer.")
            % words,
            page_url=f"{settings.site_url}/{screen_url(branch)}",
            feed_url=f"{settings.site_url}/{link.path}",
        )
        yield Feed(key, info, link, tuple(e for e in events if e.details.branch == branch.id), (), branch.source_path)


def window_setup(setup: CalendarSetup) -> CalendarSetup:
    """Signage players should look again within the hour, not every six hours."""
    return replace(setup, refresh=timedelta(hours=1))
