"""A series' occurrences: the one place that works out an occurrence's date, time and details.

The catalog expands each series into events up to the programme's horizon
(``expand``); the calendar feeds publish a series as one rule with its changed
dates, however far ahead (``rule_times``), and the calendar record fingerprints
those dates (revisions.py). All of them read what is worked out here, so a
changed date reads the same on its page, in the feeds and in the record.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .dates import at, on_the_clock
from .model import Event, Override, Recurrence, Series, Status, Timespan
from .rule_dates import Cover, dates_within, next_date, rule_dates


@dataclasses.dataclass(frozen=True)
class ChangedDate:
    """A date of a series that an override changes, and the occurrence it now is."""

    day: date  # the date as the rule gives it, whatever the override moved
    scheduled: datetime  # the meeting's start as the rule gives it: calendars name the date by it (RECURRENCE-ID)
    occurrence: Event


@dataclasses.dataclass(frozen=True)
class RuleTimes:
    """A series' rule as moments, for the calendars that publish it as one rule (outputs/vevents.py)."""

    first: Timespan  # the rule's first date at its meeting time (exceptions are taken out by ``excluded``)
    until: datetime | None  # the rule's last day at its meeting time; None: open-ended
    excluded: tuple[datetime, ...]  # the meetings the exceptions take out, in order, however far ahead
    changed: tuple[ChangedDate, ...]  # one per override, in the series' order, however far ahead


def expand(series: Series, horizon: date, tz: ZoneInfo) -> list[Event]:
    """The series' occurrences up to ``horizon``, each an Event with its own identity."""
    rule = series.recurrence
    if rule is None:
        return []
    overrides = {o.date: o for o in series.overrides}
    cover = Cover.of(series.exceptions)
    return [
        _occurrence(series, rule, day, overrides.get(day), tz) for day in rule_dates(rule, horizon) if day not in cover
    ]


def changed_dates(series: Series, tz: ZoneInfo) -> tuple[ChangedDate, ...]:
    """Each override's date (a date the rule gives) as its occurrence, in the series' order."""
    rule = series.recurrence
    if rule is None:
        if series.overrides:
            raise ValueError(f"series {series.id} has no recurrence")
        return ()
    return tuple(
        ChangedDate(o.date, at(o.date, rule.start_time, tz), _occurrence(series, rule, o.date, o, tz))
        for o in series.overrides
    )


def rule_times(series: Series, tz: ZoneInfo) -> RuleTimes | None:
    """The series' rule as moments; None without a rule, or when the rule gives no date."""
    rule = series.recurrence
    if rule is None:
        return None
    first = next_date(rule, rule.first)
    if first is None:
        return None
    # The rule's dates inside each exception, however far ahead (never every date up to an `until`).
    excluded = sorted(
        {day for exception in series.exceptions for day in dates_within(rule, exception.first, exception.last)}
    )
    return RuleTimes(
        first=_meeting(first, rule.start_time, rule.duration, tz),
        until=at(rule.until, rule.start_time, tz) if rule.until is not None else None,
        excluded=tuple(at(day, rule.start_time, tz) for day in excluded),
        changed=changed_dates(series, tz),
    )


def _meeting(day: date, start_time: str, duration: timedelta, tz: ZoneInfo) -> Timespan:
    start = at(day, start_time, tz)
    return Timespan(start, on_the_clock(start, duration))  # never a wall-clock time the night skips


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
    scheduled = _meeting(day, start_time, duration, tz)
    return Event(
        id=f"{series.id}/{day.isoformat()}", slug=f"{series.slug}/{day.isoformat()}",
        details=details, when=moved_to or scheduled, original=scheduled if moved_to else None,
        status=status, status_note=note, series=series.id, recurrence_date=day,
        featured=False, source_path=series.source_path,
    )  # fmt: skip
