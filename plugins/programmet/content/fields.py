"""Reading front-matter values into typed values, collecting clear errors.

A ``Fields`` wraps one mapping of one file. Each accessor returns the typed
value, or None after recording a ``ContentError`` naming the file, the field
and what is wrong, so one pass reports every problem of every file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .dates import CLOCK, parse_day, parse_duration, parse_moment
from .errors import ContentError
from .field_messages import describe_value, key_name, line_break, one_of, suggest
from .weburls import host_allowed, read_url

# No "/": that form is reserved for series occurrences ("<series id>/<date>").
_IDENT = re.compile(r"^[a-z0-9][a-z0-9-]*$")


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
            self.error(key, f"expected text, got {describe_value(value)}")
            return None
        text = str(value).strip()
        if max_length is not None and len(text) > max_length:
            self.error(key, f"too long: {len(text)} characters, at most {max_length}")
            return None
        return text

    def line(self, key: str, required: bool = False, max_length: int | None = None) -> str | None:
        """Text shown as a heading or a calendar title: a line break there would split it."""
        text = self.text(key, required, max_length)
        if text is not None and (found := line_break(text)) is not None:
            self.error(key, f"must be one line (it has {found})")
            return None
        return text

    def sentence(self, key: str, required: bool = False, max_length: int = 200) -> str | None:
        """One line of plain text: summaries are shown in lists and feeds as they are."""
        text = self.text(key, required, max_length)
        if text is not None and (found := line_break(text)) is not None:
            self.error(key, f"must be one sentence on one line (it has {found})")
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
        broken = next((found for item in items if (found := line_break(item)) is not None), None)
        if broken is not None:
            # Names, tags and rooms are one line each; a break would split them on the page.
            self.error(key, f"each item must be one line (one has {broken})")
            return ()
        if required and not items:
            self.error(key, "required field is empty")
        return items

    def integer(self, key: str, minimum: int, maximum: int, required: bool = False) -> int | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.error(key, f"expected a whole number, got {describe_value(value)}")
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
            self.error(key, f"expected a number, got {describe_value(value)}")
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
            self.error(key, f"expected true or false, got {describe_value(value)}")
            return False
        return value

    def url(self, key: str, required: bool = False, hosts: Collection[str] = ()) -> str | None:
        value = self.text(key, required)
        if value is None:
            return None
        url = read_url(value)  # as a browser reads it: Python's urlsplit sees other hosts in hostile input
        if isinstance(url, str):
            self.error(key, url)
            return None
        if hosts and not host_allowed(url, hosts):
            self.error(key, f"must link to {one_of(hosts)}, but a browser would go to {url.host!r}")
            return None
        return url.href

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
        match = CLOCK.match(value)
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


def _empty(value: Any) -> bool:
    """Not given: None, '' or only spaces (a title of spaces passed as the title '')."""
    return value is None or (isinstance(value, str) and not value.strip())
