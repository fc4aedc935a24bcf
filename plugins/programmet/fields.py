"""Reading front-matter values into typed values, collecting clear errors.

A ``Fields`` wraps one mapping of one file. Each accessor returns the typed
value, or None after recording a ``ContentError`` naming the file, the field
and what is wrong, so one pass reports every problem of every file.
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Collection, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .errors import ContentError

# No "/": that form is reserved for series occurrences ("<series id>/<date>").
_IDENT = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# re.ASCII: \d would also match other scripts' digits ('18:0٥'), which then slipped through as written.
_DURATION = re.compile(r"^(?:(\d+)h)?\s*(?:(\d+)m(?:in)?)?$", re.ASCII)
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$", re.ASCII)
# Checked before fromisoformat, which would read '18.30' as 18:00:00.3 and '18' as 18:00.
_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(:\d{2})?(Z|[+-]\d{2}:?\d{2})?$", re.ASCII)
_DOTTED = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2})\.(\d{2})$", re.ASCII)
# Content dates stay far inside datetime's years 1–9999, so a time zone offset, a
# duration or a series rule expanded years ahead can never overflow (year 9999 did).
YEARS = range(1900, 3000)
# Ten years: longer is no event (parts.MAX_EVENT_DAYS says so), and timedelta overflows
# somewhere past 2.7 million years ('99999999999h' crashed the reader).
_MAX_MINUTES = 10 * 366 * 24 * 60


def suggest(word: str, options: Collection[str], hints: Mapping[str, str] | None = None) -> str:
    """' (did you mean 'x'?)' for a near miss or a known other name (a Norwegian label), else ''."""
    hinted = (hints or {}).get(word.strip().lower())
    if hinted is not None:
        return f" (did you mean {hinted!r}?)"
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def one_of(options: Collection[str]) -> str:
    return ", ".join(sorted(options))


class Fields:
    """Typed, error-collecting access to one front-matter mapping."""

    def __init__(
        self,
        path: str,
        meta: Mapping[str, Any],
        errors: list[ContentError],
        allowed: Collection[str],
        prefix: str = "",
    ) -> None:
        self.path = path
        self.meta = meta
        self.errors = errors
        self.allowed = allowed
        self.prefix = prefix
        # Required fields that an unknown key already points to ("nmae" -> "name"):
        # the "did you mean" message says it all, so "missing" is not said twice.
        self.suggested: set[str] = set()

    # -- bookkeeping -------------------------------------------------------

    def name(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def error(self, key: str, message: str) -> None:
        self.errors.append(ContentError(self.path, self.name(key), message))

    def has(self, key: str) -> bool:
        """Whether the field is given (an empty value counts as not given, as in _get)."""
        return not _empty(self.meta.get(key))

    def _get(self, key: str, required: bool) -> Any:
        value = self.meta.get(key)
        if _empty(value):
            if required and key not in self.suggested:
                self.error(key, "is empty; it is required" if key in self.meta else "required field is missing")
            return None
        return value

    def check_unknown_keys(self) -> None:
        for key in self.meta:
            if key not in self.allowed:
                close = difflib.get_close_matches(str(key), list(self.allowed), n=1, cutoff=0.6)
                self.suggested.update(close)
                self.error(key_name(key), f"unknown field{suggest(str(key), self.allowed)}")

    def sub(self, key: str, allowed: Collection[str], required: bool = False) -> Fields | None:
        """A nested mapping, such as ``registration:`` or ``image:``."""
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.error(key, f"expected a mapping of fields ({one_of(allowed)})")
            return None
        fields = Fields(self.path, value, self.errors, allowed, prefix=f"{self.name(key)}.")
        fields.check_unknown_keys()
        return fields

    # -- scalars -----------------------------------------------------------

    def text(self, key: str, required: bool = False, max_length: int | None = None) -> str | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.error(key, f"expected text, got {_describe(value)}")
            return None
        text = str(value).strip()
        if max_length is not None and len(text) > max_length:
            self.error(key, f"too long: {len(text)} characters, at most {max_length}")
            return None
        return text

    def line(self, key: str, required: bool = False, max_length: int | None = None) -> str | None:
        """Text shown as a heading or a calendar title: a line break there would split it."""
        text = self.text(key, required, max_length)
        if text is not None and "\n" in text:
            self.error(key, "must be one line (it has a line break)")
            return None
        return text

    def sentence(self, key: str, required: bool = False, max_length: int = 200) -> str | None:
        """One line of plain text: summaries are shown in lists and feeds as they are."""
        text = self.text(key, required, max_length)
        if text is not None and "\n" in text:
            self.error(key, "must be one sentence on one line")
            return None
        return text

    def ident(self, key: str, required: bool = True) -> str | None:
        value = self.text(key, required)
        if value is not None and not _IDENT.match(value):
            self.error(key, f"not a valid id: {value!r} (use a-z, 0-9 and '-')")
            return None
        return value

    def choice(
        self, key: str, options: Collection[str], required: bool = False, hints: Mapping[str, str] | None = None
    ) -> str | None:
        value = self.text(key, required)
        if value is not None and value not in options:
            self.error(key, f"unknown value {value!r}{suggest(value, options, hints)}; one of {one_of(options)}")
            return None
        return value

    def choices(
        self, key: str, options: Collection[str], required: bool = False, hints: Mapping[str, str] | None = None
    ) -> tuple[str, ...]:
        values = self.text_list(key, required)
        good = []
        for value in values:
            if value in options:
                good.append(value)
            else:
                self.error(key, f"unknown value {value!r}{suggest(value, options, hints)}; one of {one_of(options)}")
        return tuple(dict.fromkeys(good))

    def text_list(self, key: str, required: bool = False) -> tuple[str, ...]:
        value = self._get(key, required)
        if value is None:
            return ()
        if isinstance(value, str | int) and not isinstance(value, bool):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            self.error(key, "expected a list of texts, like [a, b]")
            return ()
        items = tuple(str(v).strip() for v in value if str(v).strip())
        if required and not items:
            self.error(key, "required field is empty")
        return items

    def integer(self, key: str, minimum: int, maximum: int, required: bool = False) -> int | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.error(key, f"expected a whole number, got {_describe(value)}")
            return None
        if not minimum <= value <= maximum:
            self.error(key, f"must be between {minimum} and {maximum}, got {value}")
            return None
        return value

    def number(self, key: str, minimum: float, maximum: float, required: bool = False) -> float | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.error(key, f"expected a number, got {_describe(value)}")
            return None
        if not minimum <= value <= maximum:
            self.error(key, f"must be between {minimum} and {maximum}, got {value}")
            return None
        return float(value)

    def flag(self, key: str) -> bool:
        value = self._get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(key, f"expected true or false, got {_describe(value)}")
            return False
        return value

    def url(self, key: str, required: bool = False, hosts: Collection[str] = ()) -> str | None:
        value = self.text(key, required)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme != "https" or not parts.netloc or " " in value:
            self.error(key, f"not an https:// link: {value!r}")
            return None
        if hosts and parts.hostname not in hosts:
            self.error(key, f"must link to {one_of(hosts)}, not {parts.hostname!r}")
            return None
        return value

    # -- time --------------------------------------------------------------

    def moment(self, key: str, tz: ZoneInfo, required: bool = False) -> datetime | date | None:
        """A local date-time ('2027-01-14 18:00') or a date ('2027-01-14')."""
        value = self.text(key, required)
        if value is None:
            return None
        parsed = parse_moment(value, tz)
        if isinstance(parsed, str):
            self.error(key, parsed)
            return None
        return parsed

    def day(self, key: str, required: bool = False) -> date | None:
        value = self.text(key, required)
        if value is None:
            return None
        parsed = parse_day(value)
        if isinstance(parsed, str):
            self.error(key, parsed)
            return None
        return parsed

    def clock(self, key: str, required: bool = False) -> str | None:
        """A time of day 'HH:MM', normalised with a colon."""
        if isinstance(self.meta.get(key), float):
            # YAML reads an unquoted 18.00 as the number 18.0: name the fix, not the number.
            self.error(key, f"not a time of day: {self.meta[key]!r}; write it with a colon, like 18:00")
            return None
        value = self.text(key, required)
        if value is None:
            return None
        match = _TIME.match(value)
        if match is None:
            self.error(key, f"not a time of day (HH:MM): {value!r}")
            return None
        return f"{int(match.group(1)):02d}:{match.group(2)}"

    def duration(self, key: str, required: bool = False) -> timedelta | None:
        value = self.text(key, required)
        if value is None:
            return None
        parsed = parse_duration(value)
        if parsed is None:
            self.error(key, f"not a duration (like 90m, 1h30m or 2h): {value!r}")
        return parsed


def parse_moment(value: str, tz: ZoneInfo) -> datetime | date | str:
    """Parse a date or local date-time; return an error message on failure."""
    value = value.strip()
    if len(value) == 10:
        return parse_day(value)
    dotted = _DOTTED.match(value)
    if dotted:
        day, hours, minutes = dotted.groups()
        return f"write the time with a colon: {f'{day} {hours}:{minutes}'!r}, not {value!r}"
    shape = _MOMENT.match(value)
    try:
        if shape is None:
            raise ValueError(value)
        day, hours, minutes, seconds, offset = shape.groups()
        naive = datetime.fromisoformat(f"{day} {int(hours):02d}:{minutes}{seconds or ''}{offset or ''}")
    except ValueError:
        if shape is not None and _impossible_day(shape.group(1)):
            return date_problem(shape.group(1))
        return f"not a date-time (YYYY-MM-DD HH:MM): {value!r}"
    if naive.year not in YEARS:
        return _year_problem(value)
    if naive.tzinfo is not None:
        return naive.astimezone(tz)
    local = naive.replace(tzinfo=tz)
    # Wall-clock times skipped or repeated by a DST change are not one moment;
    # say so instead of silently picking one (and moving the event by an hour).
    if local.astimezone(ZoneInfo("UTC")).astimezone(tz).replace(tzinfo=None) != naive:
        return f"{value!r} does not exist in {tz.key}: the clocks skip that hour"
    if local.replace(fold=1).utcoffset() != local.utcoffset():
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


def at(day: date, clock: str, tz: ZoneInfo) -> datetime:
    """Combine a date and 'HH:MM' into an aware local datetime."""
    hours, minutes = (int(p) for p in clock.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=tz)


def _empty(value: Any) -> bool:
    """Not given: None, '' or only spaces (a title of spaces passed as the title '')."""
    return value is None or (isinstance(value, str) and not value.strip())


def key_name(key: object) -> str:
    """A key as a field name in a message: as written, or quoted when it is blank or breaks the line."""
    text = str(key)
    return text if text.strip() and text.isprintable() else repr(text)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)
