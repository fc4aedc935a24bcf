"""Month pages for the whole programme and each branch, and what their printed flyer holds: pure.

A month page lists every event of one month by day (days already past marked), links the
months before and after it and the same month of each branch. Printed, it is the flyer:
weekly series once each in «Faste arrangementer», one-off events one line each, on at most
two A4 pages. What fits is worked out here, in lines, so the print view never cuts silently:
what does not fit is counted and the flyer says where the rest is (the page's own address).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil

from babel.dates import format_date

from ..content.catalog import Catalog
from ..content.model import Branch, Event, Series, Status
from ..content.urls import PROGRAMME, branch_url, month_url
from ..settings import Settings
from .deferred import Deferred
from .i18n import Translator
from .page_kinds import MonthPage, Output
from .qr import qr_svg

# The flyer's capacity, in lines of its two-column list (8 pt type, 1.25 line height, A4 with 12 mm
# margins: 77 lines a column, 2 columns, 2 pages = 308), less slack for where columns and pages break
# (a day heading is kept with its first event) and the page-one header, worked out per page below.
FLYER_LINES = 280
HEADER_LINES = 14  # title, QR and address block on page one, counted in column lines (it spans both columns)
FULL_WIDTH_CHARS = 110  # characters of the header's text on one full-width line (conservative)
COLUMN_CHARS = 44  # characters of one column line at 8 pt (conservative: real lines hold about 55)
NOTE_LINES = 4  # «the rest is on the web page», kept free whenever something is left out
SECTION_LINES = 2  # a section heading of the list («Faste arrangementer», «Dag for dag»)
DAY_LINES = 1.5  # a day's heading and the space above it
ROW_LINES_MAX = 2  # a one-off's line wraps at most once (the rest of its title is clipped with «…»)


@dataclass(frozen=True)
class MonthDay:
    """One day of the month on screen: its events, and whether the day is already past."""

    day: date
    events: tuple[Event, ...]
    past: bool


@dataclass(frozen=True)
class SeriesLine:
    """A series' dates in the month, printed once: «Babyklubb · Hver tirsdag kl. 11.00–12.00 · 3., 10. mars»."""

    series: Series
    branch: str  # the branch id of its first date in the month
    dates: str  # «3., 10., 17. mars»: every date that takes place
    cancelled: str  # the dates called off, the same way ("" when none)
    count: int  # its events in the month


@dataclass(frozen=True)
class Flyer:
    """What the printed month holds: the series once each, then one-off events by day, and what is left out."""

    series: tuple[SeriesLine, ...]
    days: tuple[MonthDay, ...]
    left_out: int  # events that did not fit on two pages: the flyer says so and points at the page
    lines: float  # the list's estimated height in column lines, for tests and tuning


@dataclass(frozen=True)
class MonthLink:
    url: str
    label: str  # «mars 2027»


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def month_range(events: Iterable[Event], today: date, horizon_days: int) -> list[date]:
    """The months with pages: from today's to the last with an upcoming event within the horizon."""
    last_day = today + timedelta(days=horizon_days)
    upcoming = [e.when.first_day for e in events if e.when.last_day >= today and e.when.first_day <= last_day]
    last = first_of_month(max(upcoming, default=today))
    months = [first_of_month(today)]
    while months[-1] < last:
        months.append(next_month(months[-1]))
    return months


def month_events(events: Iterable[Event], month: date) -> list[Event]:
    """The events taking place (on at least one day) in ``month``, in listing order."""
    end = next_month(month)
    inside = [e for e in events if e.when.first_day < end and e.when.last_day >= month]
    return sorted(inside, key=lambda e: (listing_day(e, month), e.when.sort_key, e.details.title, e.id))


def listing_day(event: Event, month: date) -> date:
    """An event is listed on its first day, or on the 1st when it began the month before."""
    return max(event.when.first_day, month)


def month_days(events: Sequence[Event], month: date, today: date) -> list[MonthDay]:
    """The month's events by day; a day before ``today`` is past (its events stay listed)."""
    days: dict[date, list[Event]] = {}
    for event in events:
        days.setdefault(listing_day(event, month), []).append(event)
    return [MonthDay(day, tuple(group), day < today) for day, group in sorted(days.items())]


def date_list(days: Sequence[date], locale: str) -> str:
    """«3., 10., 17. mars»: the days of one month, the month named once."""
    if not days:
        return ""
    return f"{', '.join(f'{d.day}.' for d in days)} {format_date(days[0], 'MMMM', locale=locale)}"


def month_name(month: date, locale: str) -> str:
    """«mars 2027» (CLDR's stand-alone month name)."""
    return format_date(month, "LLLL y", locale=locale)


def series_lines(events: Sequence[Event], catalog: Catalog, month: date, locale: str) -> list[SeriesLine]:
    """Each repeating series with dates in the month, in the order of its first date there."""
    by_id = {s.id: s for s in catalog.series if s.recurrence}
    grouped: dict[str, list[Event]] = {}
    for event in events:
        if event.series in by_id:
            grouped.setdefault(event.series, []).append(event)
    lines = []
    for series_id, group in grouped.items():
        held = [listing_day(e, month) for e in group if e.status is not Status.CANCELLED]
        called_off = [listing_day(e, month) for e in group if e.status is Status.CANCELLED]
        lines.append(
            SeriesLine(by_id[series_id], group[0].details.branch, date_list(held, locale),
                       date_list(called_off, locale), len(group))
        )  # fmt: skip
    return lines


def one_off_days(events: Sequence[Event], catalog: Catalog, month: date, today: date) -> list[MonthDay]:
    repeating = {s.id for s in catalog.series if s.recurrence}
    return month_days([e for e in events if e.series not in repeating], month, today)


def flyer(series: Sequence[SeriesLine], days: Sequence[MonthDay], header_chars: int, place_chars: int = 0) -> Flyer:
    """What fits on two A4 pages, in order: series first, then the days; the rest is counted, never dropped silently.

    ``place_chars``: what each line adds for its branch's name (the whole programme's flyer names them).
    """
    budget = FLYER_LINES - HEADER_LINES - 2 * ceil(header_chars / FULL_WIDTH_CHARS)
    total = sum(len(d.events) for d in days) + sum(s.count for s in series)
    used = 0.0
    kept_series: list[SeriesLine] = []
    kept_days: list[MonthDay] = []
    shown = 0

    def fits(cost: float) -> bool:
        return used + cost <= budget - NOTE_LINES

    if series:
        used += SECTION_LINES
    for line in series:
        cost = series_line_cost(line, place_chars)
        if not fits(cost):
            break
        used += cost
        kept_series.append(line)
        shown += line.count
    if len(kept_series) == len(series) and days:
        used += SECTION_LINES
        for day in days:
            rows: list[Event] = []
            for event in day.events:
                cost = row_cost(event, place_chars) + (DAY_LINES if not rows else 0)
                if not fits(cost):
                    break
                used += cost
                rows.append(event)
            if rows:
                kept_days.append(MonthDay(day.day, tuple(rows), day.past))
                shown += len(rows)
            if len(rows) < len(day.events):
                break
    left_out = total - shown
    return Flyer(tuple(kept_series), tuple(kept_days), left_out, used + (NOTE_LINES if left_out else 0))


def series_line_cost(line: SeriesLine, place_chars: int = 0) -> float:
    """A series takes its title's line and as many as its rule, place and dates need."""
    details = (
        40 + place_chars + len(line.dates) + len(line.cancelled)
    )  # the rule in words and the place: about 40 characters
    return 1 + ceil(details / COLUMN_CHARS)


def row_cost(event: Event, place_chars: int = 0) -> float:
    """A one-off: time, title, place and mark; it wraps once at most (the title is clipped after that)."""
    text = 22 + place_chars + len(event.details.title) + len(event.details.room or "")  # time, place and mark: about 22
    return min(ROW_LINES_MAX, ceil(text / COLUMN_CHARS))


def branch_header_chars(branches: Sequence[Branch]) -> int:
    """How long the whole programme's list of branches is: each short name and address."""
    return sum(len(b.short_name) + len(b.address.street) + len(b.address.town) + 6 for b in branches)


def month_title(month: date, branch: Branch | None, locale: str, translations: Translator) -> str:
    """«Program for mars 2027» or «Program for mars 2027 – Nordlia bibliotek»."""
    title = translations.gettext("Program for %(month)s") % {"month": month_name(month, locale)}
    return f"{title} – {branch.name}" if branch else title


def month_links(months: Sequence[date], branch: Branch | None, locale: str, count: int = 2) -> list[MonthLink]:
    """The first ``count`` months' pages («Månedsoversikt» on /program/ and a branch's page)."""
    return [MonthLink(month_url(m, branch), month_name(m, locale)) for m in months[:count]]


def month_pages(catalog: Catalog, settings: Settings, translations: Translator) -> Iterator[Output]:
    """A page per month in range for the whole programme and for every branch (an empty month says so)."""
    months = month_range(catalog.events, settings.today, settings.horizon_days)
    for month in months:
        events = month_events(catalog.events, month)
        for branch in (None, *catalog.branches):
            mine = [e for e in events if branch is None or e.details.branch == branch.id]
            yield month_output(catalog, settings, translations, months, month, branch, mine)


def month_output(
    catalog: Catalog,
    settings: Settings,
    translations: Translator,
    months: Sequence[date],
    month: date,
    branch: Branch | None,
    events: Sequence[Event],
) -> Output:
    locale = settings.language
    url = month_url(month, branch)
    header_chars = (
        len(branch.address.street) + len(branch.opening_hours) + 60 + 30 * branch.opening_hours.count("\n")
        if branch
        else branch_header_chars(catalog.branches)
    )
    page_address = f"{settings.site_url}/{url}"
    index = months.index(month)
    heading = month_title(month, branch, locale, translations)
    context = {
        "heading": heading,
        "month": month,
        "month_label": month_name(month, locale),
        "branch": branch,
        "days": month_days(events, month, settings.today),
        "total": len(events),
        "flyer": flyer(
            series_lines(events, catalog, month, locale), one_off_days(events, catalog, month, settings.today),
            header_chars, 0 if branch else 2 + max((len(b.short_name) for b in catalog.branches), default=0),
        ),
        "previous_month": MonthLink(month_url(months[index - 1], branch), month_name(months[index - 1], locale))
        if index > 0 else None,
        "next_month": MonthLink(month_url(months[index + 1], branch), month_name(months[index + 1], locale))
        if index + 1 < len(months) else None,
        "programme_month": MonthLink(month_url(month), translations.gettext("Hele programmet")),
        "branch_months": [MonthLink(month_url(month, b), b.short_name) for b in catalog.branches],
        "home_url": branch_url(branch) if branch else f"{PROGRAMME}/",
        "page_address": page_address,
        "qr_code": Deferred(qr_svg, (page_address,)),  # drawn only if the page is rendered, not taken from the cache
    }  # fmt: skip
    return Output(url, MonthPage(heading, month, branch), context)


def month_overview(catalog: Catalog, settings: Settings, branch: Branch | None = None) -> list[MonthLink]:
    """«Månedsoversikt»: this month's page and the next one's, for /program/ or a branch's page."""
    months = month_range(catalog.events, settings.today, settings.horizon_days)
    return month_links(months, branch, settings.language)
