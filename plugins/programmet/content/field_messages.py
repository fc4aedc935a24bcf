"""How a problem with a front-matter field is worded.

The words every reader of front matter shares: a field's name as written, a
near miss ("did you mean 'x'?"), the list of allowed values, what breaks a
line, and what kind of value was given instead of the expected one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from typing import Any

# Every character that breaks a line somewhere: str.splitlines() splits at all of these, browsers
# and calendar apps at some (CR, NEL, the Unicode line and paragraph separators). Right-to-left
# marks and letters are not among them.
_LINE_BREAK = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_BREAK_NAMES = {"\n": "a line break", "\r": "a carriage return (U+000D)", "\x85": "a next-line character (U+0085)",
                "\u2028": "a line separator (U+2028)", "\u2029": "a paragraph separator (U+2029)"}  # fmt: skip


def line_break(text: str) -> str | None:
    """What breaks ``text`` into lines, named for a message, or None for one line."""
    found = _LINE_BREAK.search(text)
    if found is None:
        return None
    return _BREAK_NAMES.get(found.group(), f"a line-breaking character (U+{ord(found.group()):04X})")


def suggest(word: str, options: Collection[str], hints: Mapping[str, str] | None = None) -> str:
    """' (did you mean 'x'?)' for a near miss or a known other name (a Norwegian label), else ''."""
    hinted = (hints or {}).get(word.strip().lower())
    if hinted is not None:
        return f" (did you mean {hinted!r}?)"
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def one_of(options: Collection[str]) -> str:
    """The allowed values, sorted, for 'one of a, b, c'."""
    return ", ".join(sorted(options))


def key_name(key: object) -> str:
    """A key as a field name in a message: as written, or quoted when it is blank or breaks the line."""
    text = str(key)
    return text if text.strip() and text.isprintable() else repr(text)


def describe_value(value: Any) -> str:
    """The kind of value given where another was expected: 'expected text, got a list'."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)
