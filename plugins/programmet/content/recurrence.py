"""Series rules: reading them, checking them, and expanding them into events.

dateutil's rrule does the calendar arithmetic (intervals, "first Thursday of
the month", month lengths); it is the well-tested implementation of the same
RFC 5545 rules that the calendar feeds will publish.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule

from .dates import at, on_the_clock, parse_moment
from .fields import Fields
from .model import Event, Exception_, Frequency, Override, Recurrence, Series, Status, Timespan
from ..settings import WEEKDAYS, SeriesLimits

WEEKDAY_NAMES = WEEKDAYS
# People write weekdays in Norwegian; the error then suggests the English key.
NORWEGIAN_WEEKDAYS = dict(
    zip(WEEKDAYS, ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"), strict=True)
)
RECURRENCE_KEYS = ("frequency", "interval", "weekdays", "week_of_month", "start_time", "end_time",
                   "duration", "from", "until")  # fmt: skip
EXCEPTION_KEYS = ("from", "until", "note")
# An open-ended rule is checked this far ahead for "yields nothing" and for clock changes
# (and further, as far as the build expands it).
_CHECK_SPAN = timedelta(days=3 * 366)


def parse_recurrence(f: Fields) -> Recurrence | None:
    sub = f.sub("recurrence", RECURRENCE_KEYS)
    if sub is None:
        return None
    before = len(f.errors)
    frequency = sub.choice("frequency", [fr.value for fr in Frequency], required=True)
    weekdays = sub.choices("weekdays", WEEKDAYS, required=True, hints={no: en for en, no in NORWEGIAN_WEEKDAYS.items()})
    week_of_month = sub.integer("week_of_month", -1, 4)
    if week_of_month == 0:
        sub.error("week_of_month", "must be 1–4, or -1 for the last week")
    if frequency == Frequency.MONTHLY.value and week_of_month is None and not sub.has("week_of_month"):
        sub.error("week_of_month", "required for a monthly series (1–4, or -1 for the last)")
    if frequency == Frequency.WEEKLY.value and week_of_month is not None:
        sub.error("week_of_month", "only for monthly series")
    start_time = sub.clock("start_time", required=True)
    duration = _duration(sub, start_time)
    first = sub.day("from", required=True)
    until = sub.day("until")
    if first and until and until < first:
        sub.error("until", f"is before from ({until} < {first})")
    interval = sub.integer("interval", 1, 52) or 1
    if len(f.errors) > before:
        return None
    return Recurrence(
        frequency=Frequency(frequency), interval=interval,
        weekdays=tuple(WEEKDAYS.index(w) for w in weekdays), week_of_month=week_of_month,
        start_time=start_time, duration=duration, first=first, until=until,
    )  # fmt: skip


def _duration(sub: Fields, start_time: str | None) -> timedelta | None:
    """end_time or duration, relative to start_time; None after an error."""
    end_time = sub.clock("end_time")
    duration = sub.duration("duration")
    if end_time and duration:
        sub.error("duration", "give either end_time or duration, not both")
        return None
    if end_time and start_time:
        duration = _minutes(end_time) - _minutes(start_time)
        if duration <= timedelta(0):
            sub.error("end_time", f"is not after start_time ({end_time} <= {start_time})")
            return None
    if duration is None and not sub.has("duration") and not sub.has("end_time"):
        sub.error("end_time", "required (or give a duration)")
    return duration


def _minutes(clock: str) -> timedelta:
    hours, minutes = (int(p) for p in clock.split(":"))
    return timedelta(hours=hours, minutes=minutes)


def parse_exceptions(f: Fields) -> tuple[Exception_, ...]:
    raw = f.meta.get("exceptions")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        f.error("exceptions", "expected a list of dates or {from, until, note} ranges")
        return ()
    found = []
    for index, item in enumerate(raw):
        name = f"exceptions[{index}]"
        if isinstance(item, dict):
            sub = Fields(f.path, item, f.errors, EXCEPTION_KEYS, prefix=f"{name}.")
            sub.check_unknown_keys()
            first, last = sub.day("from", required=True), sub.day("until", required=True)
            if first and last and last < first:
                sub.error("until", f"is before from ({last} < {first})")
            elif first and last:
                found.append(Exception_(first, last, sub.text("note")))
            continue
        day = Fields(f.path, {name: item}, f.errors, (name,)).day(name, required=True)
        if day:
            found.append(Exception_(day, day, None))
    return tuple(found)


def parse_override_times(sub: Fields, rule: Recurrence | None) -> tuple[str | None, timedelta | None]:
    start_time = sub.clock("start_time")
    if not (sub.has("end_time") or sub.has("duration")):
        return start_time, None
    base = start_time or (rule.start_time if rule else None)
    return start_time, _duration(sub, base)


# -- checking and expanding ---------------------------------------------------


def rule_dates(rule: Recurrence, last: date) -> list[date]:
    """Every date the rule gives from its first day up to ``last`` (and until)."""
    end = min(last, rule.until) if rule.until else last
    if end < rule.first:
        return []
    return [d.date() for d in _dateutil_rule(rule, rule.first, end)]


def count_dates(rule: Recurrence, last: date, limit: int) -> int:
    """How many dates the rule gives up to ``last`` (and until), counting no further than ``limit + 1``."""
    end = min(last, rule.until) if rule.until else last
    if end < rule.first:
        return 0
    return sum(1 for _ in itertools.islice(_dateutil_rule(rule, rule.first, end), limit + 1))


def next_date(rule: Recurrence, day: date) -> date | None:
    """The rule's first date on or after ``day``; None when the series has ended by then.

    Asked of the rule itself, started a whole number of periods after its first day (where
    it gives the same dates), so a date decades ahead costs a period's walk, not decades'.
    """
    day = max(day, rule.first)
    if rule.until is not None and day > rule.until:
        return None
    found = _dateutil_rule(rule, _in_step(rule, day), rule.until).after(_midnight(day), inc=True)
    return found.date() if found is not None else None


def gives(rule: Recurrence, day: date) -> bool:
    """Whether ``day`` is one of the rule's dates, however far from its first."""
    return day >= rule.first and next_date(rule, day) == day


def _dateutil_rule(rule: Recurrence, start: date, end: date | None) -> rrule.rrule:
    """The rule in dateutil's terms, from ``start``: its first day, or a day ``_in_step`` with it."""
    if rule.frequency is Frequency.MONTHLY:
        byweekday = [rrule.weekday(w, rule.week_of_month) for w in rule.weekdays]
        freq = rrule.MONTHLY
    else:
        byweekday = list(rule.weekdays)
        freq = rrule.WEEKLY
    return rrule.rrule(
        freq,
        interval=rule.interval,
        byweekday=byweekday,
        dtstart=_midnight(start),
        until=_midnight(end) if end is not None else None,
    )


def _in_step(rule: Recurrence, day: date) -> date:
    """A day at most one period before ``day`` from which the rule gives the same dates as from its first.

    A whole number of periods on, the rule is where it was: on the same weekday, ``interval``
    weeks later each time (the same week of the period), or on the 1st of the month,
    ``interval`` months later each time (after the first month, every date of a month counts).
    """
    if rule.frequency is Frequency.MONTHLY:
        months = _months(rule.first, day) // rule.interval * rule.interval
        if months == 0:
            return rule.first
        index = rule.first.year * 12 + rule.first.month - 1 + months
        return date(index // 12, index % 12 + 1, 1)
    return rule.first + timedelta(weeks=(day - rule.first).days // (7 * rule.interval) * rule.interval)


def _months(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())


def at_least(rule: Recurrence, last: date) -> int:
    """A lower bound on the rule's dates up to ``last`` (and until), by arithmetic: whole periods only.

    Each ``interval`` weeks from the first day hold each weekday of the rule once (the rest of
    the first week and the start of the next active one). Each active month after the first
    that ends by ``last`` holds each once too (a month has four of every weekday, and a last).
    """
    end = min(last, rule.until) if rule.until else last
    if rule.frequency is Frequency.MONTHLY:
        periods = (_months(rule.first, end) - 1) // rule.interval
    else:
        periods = ((end - rule.first).days + 1) // (7 * rule.interval)
    return max(0, periods) * len(rule.weekdays)


@dataclasses.dataclass(frozen=True)
class _Cover:
    """The days a series' exceptions take out: ranges merged and sorted, so thousands stay fast."""

    starts: tuple[date, ...]
    ends: tuple[date, ...]

    @classmethod
    def of(cls, exceptions: Iterable[Exception_]) -> _Cover:
        merged: list[tuple[date, date]] = []
        for x in sorted(exceptions, key=lambda x: x.first):
            if merged and (x.first - merged[-1][1]).days <= 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], x.last))
            else:
                merged.append((x.first, x.last))
        return cls(tuple(a for a, _ in merged), tuple(b for _, b in merged))

    def end(self, day: date) -> date | None:
        """The last day of the exceptions that take out ``day``; None if none does."""
        index = bisect.bisect_right(self.starts, day) - 1
        return self.ends[index] if index >= 0 and day <= self.ends[index] else None

    def __contains__(self, day: date) -> bool:
        return self.end(day) is not None


def check_rule(
    f: Fields,
    rule: Recurrence,
    exceptions: tuple[Exception_, ...],
    overrides: tuple[Override, ...],
    tz: ZoneInfo,
    limits: SeriesLimits | None = None,
) -> None:
    """A rule that reaches too far or yields nothing, or an override for a date it does not give, is an error.

    ``limits`` are the build's (Settings.series_limits); only tests of single files leave them out.
    """
    if limits is not None and not _within_limits(f, rule, limits):
        return  # one error says it; the checks below would walk the dates it refuses
    cover = _Cover.of(exceptions)
    if _first_kept(rule, cover, rule.until or rule.first + _CHECK_SPAN) is None:
        until = rule.until or "the next three years"
        f.error("recurrence", f"the rule gives no dates between {rule.first} and {until}")
    _check_clock_changes(
        f, rule, _clock_days(rule, cover, overrides, limits), {o.date for o in overrides if o.start_time}, tz
    )
    names = " and ".join(f"{WEEKDAY_NAMES[w]}s" for w in rule.weekdays)
    for exception in exceptions:
        # A single cancelled date must be one the series has; a range (a holiday) may span any days.
        if exception.first == exception.last and not gives(rule, exception.first):
            f.error("exceptions", f"{exception.first} is not a date of this series (it meets on {names})")
    for override in overrides:
        if not gives(rule, override.date):
            f.error(f"overrides.{override.date}", f"not a date of this series (it meets on {names})")
        elif override.date in cover:
            f.error(f"overrides.{override.date}", "this date is also listed under exceptions")


def _within_limits(f: Fields, rule: Recurrence, limits: SeriesLimits) -> bool:
    """A ``from`` long ago (a typo in the year, often) or more dates than a series may have is one error.

    The dates are counted lazily and no further than one past the limit: a rule that would
    give 47,000 is refused after counting 5,001.
    """
    years = limits.max_years_back
    earliest = _years_before(limits.today, years)
    if rule.first < earliest:
        ago = f"{rule.first} is more than {years} year{'s' if years != 1 else ''} ago"
        meant = _meant(rule.first, limits.today, earliest)
        if meant is not None:
            f.error("recurrence.from", f"{ago}; check the year (did you mean {meant}?)")
        else:
            f.error("recurrence.from", f"{ago} (before {earliest}); check the year, or start the series later")
        return False
    last = min(rule.until, limits.last) if rule.until else limits.last
    most = limits.max_occurrences
    if count_dates(rule, last, most) > most:
        found = max(most + 1, at_least(rule, last))
        f.error(
            "recurrence",
            f"the rule gives at least {found:,} dates from {rule.first} to {last}, and a series may have "
            f"at most {most:,}; give it an until, a later from or fewer weekdays",
        )
        return False
    return True


def _years_before(day: date, years: int) -> date:
    if day.year - years < date.min.year:
        return date.min
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _meant(day: date, today: date, earliest: date) -> date | None:
    """The same day this year, next year or last year (not before ``earliest``), if one slip away from ``day``.

    One slip: the century (1926 for 2026), another digit (2016) or two next to each other swapped (2012).
    """
    typed = f"{day.year:04d}"
    for year in (today.year, today.year + 1, today.year - 1):
        wanted = f"{year:04d}"
        wrong = [i for i in range(4) if typed[i] != wanted[i]]
        first = wrong[0] if wrong else 0  # the typed year with its digits at first and first + 1 swapped:
        swapped = typed[:first] + typed[first + 1 : first + 2] + typed[first] + typed[first + 2 :] == wanted
        if typed[2:] == wanted[2:] or len(wrong) == 1 or (len(wrong) == 2 and swapped):
            try:
                meant = day.replace(year=year)
            except ValueError:  # 29 February
                continue
            if meant >= earliest:
                return meant
    return None


def _first_kept(rule: Recurrence, cover: _Cover, last: date) -> date | None:
    """The rule's first date up to ``last`` that no exception takes out; each step passes an exception."""
    day = next_date(rule, rule.first)
    while day is not None and day <= last:
        end = cover.end(day)
        if end is None:
            return day
        if end >= last:
            return None
        day = next_date(rule, end + timedelta(days=1))
    return None


def _clock_days(
    rule: Recurrence, cover: _Cover, overrides: tuple[Override, ...], limits: SeriesLimits | None
) -> Iterator[date]:
    """The dates whose meeting time becomes a moment: the first three years, all the build
    expands (at most ``max_occurrences``, checked before) and any override further on."""
    last = max(rule.first + _CHECK_SPAN, limits.last) if limits is not None else rule.first + _CHECK_SPAN
    yield from (day for day in rule_dates(rule, last) if day not in cover)
    yield from (o.date for o in overrides if o.date > last and o.date not in cover and gives(rule, o.date))


def _check_clock_changes(f: Fields, rule: Recurrence, days: Iterable[date], moved: set[date], tz: ZoneInfo) -> None:
    """A meeting time that the clocks skip or repeat on one of the dates is an error, as for one event."""
    for day in days:
        if day in moved:
            continue  # an override gives that date its own time (checked where it is read)
        problem = parse_moment(f"{day} {rule.start_time}", tz)
        if isinstance(problem, str):
            f.error("recurrence.start_time", f"{problem}; list {day} under exceptions or choose another time")
            return


def expand(series: Series, horizon: date, tz: ZoneInfo) -> list[Event]:
    """The series' occurrences up to ``horizon``, each an Event with its own identity."""
    rule = series.recurrence
    if rule is None:
        return []
    overrides = {o.date: o for o in series.overrides}
    cover = _Cover.of(series.exceptions)
    return [
        _occurrence(series, rule, day, overrides.get(day), tz) for day in rule_dates(rule, horizon) if day not in cover
    ]


def occurrence_on(series: Series, day: date, tz: ZoneInfo) -> Event:
    """The occurrence of ``series`` on ``day`` (a date its rule gives), with its override applied."""
    if series.recurrence is None:
        raise ValueError(f"series {series.id} has no recurrence")
    override = next((o for o in series.overrides if o.date == day), None)
    return _occurrence(series, series.recurrence, day, override, tz)


def _occurrence(series: Series, rule: Recurrence, day: date, override: Override | None, tz: ZoneInfo) -> Event:
    start_time, duration = rule.start_time, rule.duration
    details, status, note, moved_to = series.details, Status.SCHEDULED, None, None
    if override is not None:
        start_time = override.start_time or start_time
        duration = override.duration or duration
        details = dataclasses.replace(
            details,
            room=override.room or details.room,
            registration=override.registration or details.registration,
        )
        status, note, moved_to = override.status or status, override.status_note, override.moved_to
    start = at(day, start_time, tz)
    scheduled = Timespan(start, on_the_clock(start, duration))  # never a wall-clock time the night skips
    return Event(
        id=f"{series.id}/{day.isoformat()}", slug=f"{series.slug}/{day.isoformat()}",
        details=details, when=moved_to or scheduled, original=scheduled if moved_to else None,
        status=status, status_note=note, series=series.id, recurrence_date=day,
        featured=False, source_path=series.source_path,
    )  # fmt: skip
