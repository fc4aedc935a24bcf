"""Scenarios for build tests: a fixture tree copied into tmp_path, then edited by front-matter field.

A test says what it changes (``scenario.set(EVENT, start="2027-01-14 19:00")``) instead of
replacing a substring somewhere in a file. The edits are line-oriented, so the file's other bytes
stay as they are: a top-level ``key: value`` entry is replaced in place, added at the end of the
front matter, or removed, and an entry's nested block (the indented lines below its key) goes
with it, whole.

A value given as a ``str`` is the YAML text written after ``key:``, as an editor would type it:
``start="2027-01-14 19:00"`` writes ``start: 2027-01-14 19:00`` and ``title='"a\\nb"'`` a quoted
scalar with an escape. A nested block in that form starts with a line break and indents its lines
(``"\\n  type: required"``). Any other value (a list, a mapping, a date, a number) is written by
``yaml.safe_dump``, with collections of plain values in flow style (``audiences: [adults]``).

Text that is meant to be broken (bad YAML, a tab, a key given twice) is no field edit: a test
writes that itself, spelled out.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from helpers.sites import FIXTURES
from programmet.content.frontmatter import SourceFile, split_front_matter

# A top-level key: at the start of a line, followed by ':' and a space or the end of the line.
KEY = re.compile(r"(?P<key>[A-Za-z_][\w-]*):(?=\s|$)")
DELIMITER = "---"


@dataclass(frozen=True)
class Scenario:
    """A content tree to edit; ``root`` is the folder a build reads."""

    root: Path

    @classmethod
    def copy_of(cls, fixture: str, target: Path) -> Scenario:
        """A copy of tests/fixtures/<fixture> at ``target`` (which must not exist yet)."""
        shutil.copytree(FIXTURES / fixture, target)
        return cls(target)

    def path(self, relative: str) -> Path:
        return self.root / relative

    def text(self, relative: str) -> str:
        return self.path(relative).read_bytes().decode("utf-8")

    def fields(self, relative: str) -> dict[str, Any]:
        """The file's front matter as the project's reader reads it (dates and times are text)."""
        source = split_front_matter(relative, self.text(relative))
        assert isinstance(source, SourceFile), source
        return source.meta

    def set(self, relative: str, /, **fields: object) -> None:
        """Give each field this value: its entry is replaced where it is, or added at the end."""
        self._write(relative, with_fields(self.text(relative), fields))

    def remove(self, relative: str, /, *keys: str) -> None:
        """Remove each field's entry (a KeyError if the file has none)."""
        self._write(relative, without_fields(self.text(relative), keys))

    def rename(self, relative: str, /, old: str, new: str) -> None:
        """Give a field another key and keep its value (a misspelled key, say)."""
        self._write(relative, with_key_renamed(self.text(relative), old, new))

    def add(self, relative: str, fields: Mapping[str, object], body: str = "") -> Path:
        """A new content file with these fields, in this order, and ``body`` below the front matter."""
        target = self.path(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="") as file:
            file.write(document(fields, body))
        return target

    def _write(self, relative: str, text: str) -> None:
        self.path(relative).write_bytes(text.encode("utf-8"))


def fixture_fields(fixture: str, relative: str) -> dict[str, Any]:
    """A fixture file's front matter as read, for a change to one part of a nested block:
    ``set(SERIES, recurrence={**fixture_fields("small", SERIES)["recurrence"], "interval": 0})``."""
    return Scenario(FIXTURES / fixture).fields(relative)


def document(fields: Mapping[str, object], body: str = "") -> str:
    """A content file: the fields as front matter between '---' lines, then the body."""
    return f"{DELIMITER}\n" + "".join(entry(key, value) for key, value in fields.items()) + f"{DELIMITER}\n" + body


def entry(key: str, value: object, newline: str = "\n") -> str:
    """The lines of one top-level field, ending in a line break."""
    if isinstance(value, str):
        first, *rest = value.split("\n")
        if rest and (first or not all(line.startswith((" ", "\t")) for line in rest if line)):
            raise ValueError(f"{key}: a value over several lines starts with a line break and indents them")
        text = f"{key}:{value}" if rest else f"{key}: {value}"
        return text.replace("\n", newline) + newline
    # The value alone, so that a mapping of plain values is written in flow style like a list of them.
    dumped = yaml.safe_dump(value, sort_keys=False, allow_unicode=True, default_flow_style=None, width=1_000_000)
    lines = dumped.removesuffix("...\n").rstrip("\n").split("\n")  # a plain value ends the document: '...'
    if len(lines) == 1:
        return f"{key}: {lines[0]}{newline}"
    return f"{key}:{newline}" + "".join(f"  {line}{newline}" for line in lines)


def with_fields(text: str, fields: Mapping[str, object]) -> str:
    lines = _lines(text)
    for key, value in fields.items():
        end, entries, newline = _front_matter(lines)
        where = entries.get(key)
        new = _lines(entry(key, value, newline))
        if where is None:
            lines[end:end] = new
        else:
            lines[where[0] : where[1]] = new
    return "".join(lines)


def without_fields(text: str, keys: Iterable[str]) -> str:
    lines = _lines(text)
    for key in keys:
        _, entries, _ = _front_matter(lines)
        if key not in entries:
            raise KeyError(f"no {key!r} in the front matter")
        start, stop = entries[key]
        del lines[start:stop]
    return "".join(lines)


def with_key_renamed(text: str, old: str, new: str) -> str:
    lines = _lines(text)
    _, entries, _ = _front_matter(lines)
    if old not in entries:
        raise KeyError(f"no {old!r} in the front matter")
    if new in entries:
        raise ValueError(f"{new!r} is in the front matter already")
    start = entries[old][0]
    lines[start] = new + lines[start][len(old) :]
    return "".join(lines)


def _lines(text: str) -> list[str]:
    """The lines of a file, each with its line break. Only a line feed ends a line here, as in YAML: a value may
    hold a raw U+2028 or a form feed, which str.splitlines() would take for line ends.
    """
    *ended, last = text.split("\n")
    return [f"{line}\n" for line in ended] + ([last] if last else [])


def _front_matter(lines: list[str]) -> tuple[int, dict[str, tuple[int, int]], str]:
    """The index of the closing '---', each top-level key's lines (start, stop), and the file's line break."""
    if not lines or lines[0].rstrip("\r\n") != DELIMITER:
        raise ValueError("the file does not start with front matter")
    newline = lines[0][len(DELIMITER) :] or "\n"
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") == DELIMITER), None)
    if end is None:
        raise ValueError("the front matter is never closed")
    entries: dict[str, tuple[int, int]] = {}
    i = 1
    while i < end:
        match = KEY.match(lines[i])
        if match is None:
            i += 1  # a comment or a blank line stays where it is
            continue
        stop = i + 1
        for j in range(i + 1, end):
            line = lines[j]
            if not line.strip():
                continue  # a blank line belongs to the block only if an indented line follows it
            if not line.startswith((" ", "\t", "-")):  # '-': a sequence may start in column 0
                break
            stop = j + 1
        key = match["key"]
        if key in entries:
            raise ValueError(f"{key!r} is given twice")
        entries[key] = (i, stop)
        i = stop
    return end, entries, newline
