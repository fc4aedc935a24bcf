"""Writing new content files: front matter, fresh permanent ids, file names.

Everything here is pure except ``write_new``, which refuses to replace a file.
The YAML is written with exactly the scalar rules the reader uses (see
frontmatter.py), so what a tool writes reads back as the same values.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..content.frontmatter import _StrictLoader

# Norwegian letters get their usual ASCII spellings in web addresses.
_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a", "ß": "ss"})
_MAX_SLUG = 48


class _Dumper(yaml.SafeDumper):
    """Quotes a string only where the strict reader would read something else."""

    yaml_implicit_resolvers = _StrictLoader.yaml_implicit_resolvers


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line text as a block, so a long description stays readable in the file.
    style = "|" if "\n" in value else None
    if "\x85" in value:
        # PyYAML writes NEL raw in block and single-quoted text, and reads it back as a
        # line break; only double quotes escape it (as \N).
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:
    # Short lists of words stay on one line, as people write them: audiences: [adults, seniors].
    flow = all(isinstance(item, str | int) for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, _list)
_Dumper.add_representer(tuple, _list)


def dump_front_matter(meta: Mapping[str, Any], body: str = "") -> str:
    """A whole content file: '---', the fields in the given order, '---', the body."""
    fields = yaml.dump(dict(meta), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    body = body.strip()
    return f"---\n{fields}---\n" + (f"\n{body}\n" if body else "")


def slugify(text: str, max_length: int = _MAX_SLUG) -> str:
    """'Språkkafé på Havnen!' -> 'sprakkafe-pa-havnen': a-z, 0-9 and '-' only."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE)).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(words) > max_length:
        words = words[:max_length].rsplit("-", 1)[0] or words[:max_length]
    return words or "arrangement"


def unique(candidate: str, taken: Collection[str]) -> str:
    """``candidate``, or ``candidate-2``, ``-3`` … if it is taken."""
    if candidate not in taken:
        return candidate
    number = 2
    while f"{candidate}-{number}" in taken:
        number += 1
    return f"{candidate}-{number}"


def event_id(title: str, day: date, taken: Collection[str]) -> str:
    """A permanent id like 'ev-2027-0114-forfatterkveld'. It is never changed afterwards,
    even when the date or title is: it is what calendars and links know the event by."""
    return unique(f"ev-{day:%Y-%m%d}-{slugify(title, 32)}", taken)


def event_path(day: date, title: str, taken_names: Collection[str]) -> str:
    """events/YYYY/MM/YYYY-MM-DD-title.md (relative to the content folder); the name is the URL."""
    stem = unique(f"{day:%Y-%m-%d}-{slugify(title)}", taken_names)
    return f"events/{day:%Y}/{day:%m}/{stem}.md"


def write_new(path: Path, text: str) -> None:
    """Create ``path``; never replace a file that is there (FileExistsError)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as file:
        file.write(text)
