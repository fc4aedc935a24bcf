"""The dates a series' rule gives: listing, counting and finding them, however far ahead.

dateutil's rrule does the calendar arithmetic (intervals, "first Thursday of
the month", month lengths); it is the well-tested implementation of the same
RFC 5545 rules that the calendar feeds publish. Reading and checking rules is
recurrence.py's; turning dates into events is occurrences.py's.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from dateutil import rrule

from .model import Exception_, Frequency, Recurrence


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
class Cover:
    """The days a series' exceptions take out: ranges merged and sorted, so thousands stay fast."""

    starts: tuple[date, ...]
    ends: tuple[date, ...]

    @classmethod
    def of(cls, exceptions: Iterable[Exception_]) -> Cover:
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


def dates_within(rule: Recurrence, first: date, last: date) -> list[date]:
    """The dates the rule gives from ``first`` to ``last``, each found by asking the rule."""
    found = []
    day = next_date(rule, first)
    while day is not None and day <= last:
        found.append(day)
        day = next_date(rule, day + timedelta(days=1))
    return found
