"""Series rules: reading them, checking them, and expanding them into events.

dateutil's rrule does the calendar arithmetic (intervals, "first Thursday of
the month", month lengths); it is the well-tested implementation of the same
RFC 5545 rules that the calendar feeds will publish.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule

from .dates import at, parse_moment
from .fields import Fields
from .model import Event, Exception_, Frequency, Override, Recurrence, Series, Status, Timespan
from .settings import WEEKDAYS

WEEKDAY_NAMES = WEEKDAYS
# People write weekdays in Norwegian; the error then suggests the English key.
NORWEGIAN_WEEKDAYS = dict(
    zip(WEEKDAYS, ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"), strict=True)
)
RECURRENCE_KEYS = ("frequency", "interval", "weekdays", "week_of_month", "start_time", "end_time",
                   "duration", "from", "until")  # fmt: skip
EXCEPTION_KEYS = ("from", "until", "note")
# An open-ended rule is checked this far ahead for "yields nothing" and for overrides.
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
    if rule.frequency is Frequency.MONTHLY:
        byweekday = [rrule.weekday(w, rule.week_of_month) for w in rule.weekdays]
        freq = rrule.MONTHLY
    else:
        byweekday = list(rule.weekdays)
        freq = rrule.WEEKLY
    dates = rrule.rrule(
        freq,
        interval=rule.interval,
        byweekday=byweekday,
        dtstart=datetime.combine(rule.first, datetime.min.time()),
        until=datetime.combine(end, datetime.min.time()),
    )
    return [d.date() for d in dates]


def check_rule(
    f: Fields,
    rule: Recurrence,
    exceptions: tuple[Exception_, ...],
    overrides: tuple[Override, ...],
    tz: ZoneInfo,
) -> None:
    """A rule that yields nothing, or an override for a date it does not give, is an error."""
    dates = rule_dates(rule, rule.until or rule.first + _CHECK_SPAN)
    kept = [d for d in dates if not any(x.covers(d) for x in exceptions)]
    if not kept:
        until = rule.until or "the next three years"
        f.error("recurrence", f"the rule gives no dates between {rule.first} and {until}")
    _check_clock_changes(f, rule, kept, {o.date for o in overrides if o.start_time}, tz)
    known = set(dates)
    names = " and ".join(f"{WEEKDAY_NAMES[w]}s" for w in rule.weekdays)
    for exception in exceptions:
        # A single cancelled date must be one the series has; a range (a holiday) may span any days.
        if exception.first == exception.last and exception.first not in known:
            f.error("exceptions", f"{exception.first} is not a date of this series (it meets on {names})")
    for override in overrides:
        if override.date not in known:
            f.error(f"overrides.{override.date}", f"not a date of this series (it meets on {names})")
        elif any(x.covers(override.date) for x in exceptions):
            f.error(f"overrides.{override.date}", "this date is also listed under exceptions")


def _check_clock_changes(f: Fields, rule: Recurrence, days: list[date], moved: set[date], tz: ZoneInfo) -> None:
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
    return [
        _occurrence(series, rule, day, overrides.get(day), tz)
        for day in rule_dates(rule, horizon)
        if not any(x.covers(day) for x in series.exceptions)
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
    scheduled = Timespan(start, start + duration)
    return Event(
        id=f"{series.id}/{day.isoformat()}", slug=f"{series.slug}/{day.isoformat()}",
        details=details, when=moved_to or scheduled, original=scheduled if moved_to else None,
        status=status, status_note=note, series=series.id, recurrence_date=day,
        featured=False, source_path=series.source_path,
    )  # fmt: skip
