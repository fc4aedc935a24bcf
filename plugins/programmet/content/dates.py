"""Dates, times and durations as staff write them, in Europe/Oslo: pure parsing, clear messages.

Each parser returns the value, or a one-line message saying what is wrong
(``fields.Fields`` turns it into a ``path: field: message`` error). Times the
clocks skip or repeat at a DST change are refused rather than silently moved,
and so are seconds and UTC offsets: a time is the local wall clock, to the minute.
A duration is elapsed time (``after``), as in iCalendar.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# re.ASCII: \d would also match other scripts' digits ('18:0٥'), which then slipped through as written.
_DURATION = re.compile(r"^(?:(\d+)h)?\s*(?:(\d+)m(?:in)?)?$", re.ASCII)
CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$", re.ASCII)
# Checked before fromisoformat, which would read '18.30' as 18:00:00.3 and '18' as 18:00.
# Seconds and a UTC offset are matched only to be refused by name.
_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(:\d{2})?(Z|[+-]\d{2}:?\d{2})?$", re.ASCII)
_DOTTED = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2})\.(\d{2})$", re.ASCII)
# Content dates stay far inside datetime's years 1–9999, so a time zone offset, a
# duration or a series rule expanded years ahead can never overflow (year 9999 did).
YEARS = range(1900, 3000)
# Ten years: longer is no event (parts.MAX_EVENT_DAYS says so), and timedelta overflows
# somewhere past 2.7 million years ('99999999999h' crashed the reader).
_MAX_MINUTES = 10 * 366 * 24 * 60


def parse_moment(value: str, tz: ZoneInfo) -> datetime | date | str:
    """Parse a date or a local date-time ('YYYY-MM-DD HH:MM' in ``tz``); return an error message on failure."""
    value = value.strip()
    if len(value) == 10:
        return parse_day(value)
    dotted = _DOTTED.match(value)
    if dotted:
        day, hours, minutes = dotted.groups()
        return f"write the time with a colon: {f'{day} {hours}:{minutes}'!r}, not {value!r}"
    shape = _MOMENT.match(value)
    if shape is not None and (shape.group(4) or shape.group(5)):
        # Programme times are wall-clock times where the library is: seconds are a slip (or an
        # export), and an offset ('+05:00', 'Z') silently moved events by hours.
        given = (("seconds", shape.group(4)), ("a time zone", shape.group(5)))
        extra = " or ".join(name for name, part in given if part)
        return f"write the local time ({tz.key}) as YYYY-MM-DD HH:MM, without {extra}: {value!r}"
    try:
        if shape is None:
            raise ValueError(value)
        day, hours, minutes = shape.group(1, 2, 3)
        naive = datetime.fromisoformat(f"{day} {int(hours):02d}:{minutes}")
    except ValueError:
        if shape is not None and _impossible_day(shape.group(1)):
            return date_problem(shape.group(1))
        return f"not a date-time (YYYY-MM-DD HH:MM): {value!r}"
    if naive.year not in YEARS:
        return _year_problem(value)
    local = naive.replace(tzinfo=tz)
    # Wall-clock times skipped or repeated by a DST change are not one moment;
    # say so instead of silently picking one (and moving the event by an hour).
    if local.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
        return f"{value!r} does not exist in {tz.key}: the clocks skip that hour"
    if happens_twice(local):
        return f"{value!r} happens twice in {tz.key}: the clocks go back that hour; choose another time"
    return local


def parse_day(value: str) -> date | str:
    """A date (YYYY-MM-DD) in YEARS, or what is wrong with it."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return date_problem(value)
    return day if day.year in YEARS else _year_problem(value)


def _year_problem(value: str) -> str:
    return f"the year must be between {YEARS.start} and {YEARS.stop - 1}: {value!r}"


def date_problem(value: str) -> str:
    """Why ``value`` is not a date, as precisely as we can tell."""
    if _impossible_day(value):
        year, month, day = (int(part) for part in value.split("-"))
        days = calendar.monthrange(year, month)[1]
        return f"not a date: {calendar.month_name[month]} {year} has {days} days, not {day}: {value!r}"
    return f"not a date (YYYY-MM-DD): {value!r}"


def _impossible_day(value: str) -> bool:
    """A well-formed YYYY-MM-DD whose day is past the end of its month (30 February)."""
    parts = value.split("-")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts) or len(parts[0]) != 4:
        return False
    year, month, day = (int(part) for part in parts)
    return 1 <= month <= 12 and year >= 1 and calendar.monthrange(year, month)[1] < day <= 31


def parse_duration(value: str) -> timedelta | None:
    if value.isascii() and value.isdigit():  # not '²', which isdigit() but int() refuses
        minutes = int(value)
    else:
        match = _DURATION.match(value.strip())
        if match is None or not any(match.groups()):
            return None
        minutes = int(match.group(1) or 0) * 60 + int(match.group(2) or 0)
    # Beyond timedelta's range ('99999999999h') is as much a non-duration as '0m'.
    return timedelta(minutes=minutes) if 0 < minutes <= _MAX_MINUTES else None


def after(start: datetime, duration: timedelta) -> datetime:
    """The moment ``duration`` of elapsed time after ``start``, on the wall clock of start's zone.

    Python adds a timedelta to an aware datetime on the wall clock, so 01:30 + 1h gave 02:30
    on the night the clocks skip that hour: a time that does not exist. A duration is the
    time that passes, as iCalendar's DURATION is: that night 01:30 + 1h is 03:30.
    """
    return (start.astimezone(UTC) + duration).astimezone(start.tzinfo)


def on_the_clock(start: datetime, duration: timedelta) -> datetime:
    """``start`` plus ``duration`` on the wall clock: a series meeting 10:00–11:00 does so on every date.

    Only where that wall-clock time does not exist (the night the clocks skip an hour, a
    meeting 01:30–02:30) is the duration taken as elapsed time, as RFC 5545 reads such a
    time: 01:30 + 1h ends at 03:30 that night. A time that does not exist is never published.
    """
    end = start + duration
    if end.astimezone(UTC).astimezone(end.tzinfo).replace(tzinfo=None) != end.replace(tzinfo=None):
        return after(start, duration)
    return end


def happens_twice(moment: datetime) -> bool:
    """Whether the wall-clock time of ``moment`` is in the hour the clocks repeat."""
    return moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset()


def at(day: date, clock: str, tz: ZoneInfo) -> datetime:
    """Combine a date and 'HH:MM' into an aware local datetime."""
    hours, minutes = (int(p) for p in clock.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=tz)
