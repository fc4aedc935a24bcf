"""A spreadsheet row's dates and times -> the event's start, and its end or duration.

A date may come in its own column or with the time ('14.01.2027 18:00'); a
time may be a range ('18.00–19.30'); 'hele dagen', or several days with no
times, is an all-day event. Each problem is named by the column's header, as in
the rest of the row.
"""

from __future__ import annotations

from datetime import date, datetime

from .import_row_cells import Row
from .import_values import Moment, format_duration, parse_day, parse_minutes, read_moment, split_date_time


def row_moment(row: Row, name: str, problems: list[str]) -> Moment:
    """A time, a time range or a date (or both) from one cell; an empty Moment after a problem."""
    moment = read_moment(row.raw(name), row.date_format)
    if moment is None:
        problems.append(f"{row.label(name)}: {row.text(name)!r} is not a time (like 18:00 or 18.00–19.30) or a date")
        return Moment()
    return moment


def _day(row: Row, name: str, problems: list[str]) -> date | None:
    if not row.text(name):
        return None
    both = split_date_time(row.raw(name), row.date_format)
    day = both[0] if both else parse_day(row.raw(name), row.date_format)
    if day is None:
        problems.append(f"{row.label(name)}: {row.text(name)!r} is not a date (like 14.01.2027)")
    return day


def row_when(row: Row, problems: list[str]) -> dict[str, str]:
    """start, and end or duration, in front-matter form; empty when a problem was found."""
    before = len(problems)
    start, end = row_moment(row, "start", problems), row_moment(row, "end", problems)
    day, end_day = _day(row, "date", problems), _day(row, "end_date", problems) or end.day
    if day and start.day and day != start.day:
        problems.append(f"{row.label('start')}: {start.day:%d.%m.%Y} is not {row.label('date')} {day:%d.%m.%Y}")
    day = day or start.day
    if start.clock is None and (both := split_date_time(row.raw("date"), row.date_format)):
        start = Moment(day=both[0], clock=both[1])  # '14.01.2027 18:00' in the date column
    if len(problems) > before:
        return {}
    if day is None:
        problems.append(f"{row.label('date')}: empty; every event needs a date")
        return {}
    if start.all_day or (start.clock is None and end.clock is None and end_day not in (None, day)):
        last = end_day or day
        return {"start": day.isoformat(), **({"end": last.isoformat()} if last != day else {})}
    if start.clock is None:
        problems.append(f"{row.label('start')}: no start time; write one, or 'hele dagen' for an all-day event")
        return {}
    return {"start": f"{day} {start.clock:%H:%M}", **_end(row, day, start, end, end_day, problems)}


def _end(row: Row, day: date, start: Moment, end: Moment, end_day: date | None, problems: list[str]) -> dict[str, str]:
    clock = end.clock or start.until
    if clock is not None:
        begins, ends = datetime.combine(day, start.clock), datetime.combine(end_day or day, clock)
        if ends <= begins:
            problems.append(f"{row.label('end')}: {ends:%d.%m.%Y %H:%M} is not after the start {begins:%H:%M}")
        return {"end": f"{ends:%Y-%m-%d %H:%M}"}
    if row.text("duration"):
        minutes = parse_minutes(row.raw("duration"))
        if minutes is None:
            problems.append(f"{row.label('duration')}: {row.text('duration')!r} is not a duration (like 90 min)")
            return {}
        return {"duration": format_duration(minutes)}
    problems.append(f"{row.label('end')}: no end time; give an end time or a duration")
    return {}
