"""Split a Markdown file into YAML front matter and body, reading YAML strictly.

PyYAML follows YAML 1.1, which turns ``no`` into False (the Norway problem),
``10:00`` into the integer 600 and unquoted dates into date objects. Content
authors should get what they typed, so only ``true``/``false``, ``null``,
plain integers and decimals are resolved; everything else stays a string and
the model parses it with a clear error when it is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

import yaml

from .errors import ContentError


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2-like scalars and duplicate-key detection."""

    # A fresh table, so the YAML 1.1 resolvers of SafeLoader are not inherited.
    yaml_implicit_resolvers: ClassVar[dict] = {}

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)$"),
    list("-+0123456789."),
)

_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class SourceFile:
    """A content file split into its front matter and Markdown body."""

    path: str  # relative to the content folder, with forward slashes
    meta: dict[str, Any]
    body: str


def load_yaml(text: str) -> Any:
    """Parse YAML with the strict scalar rules above."""
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass


def split_front_matter(path: str, text: str) -> SourceFile | ContentError:
    """Return the parsed file, or the one error that stops it from being read."""
    text = text.removeprefix("\ufeff")
    match = _FENCE.match(text)
    if match is None:
        return ContentError(path, "front matter", "missing: the file must start with a '---' line")
    try:
        meta = load_yaml(match.group(1))
    except yaml.YAMLError as exc:
        return ContentError(path, "front matter", _describe_yaml_error(exc))
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return ContentError(path, "front matter", "must be a mapping of 'key: value' lines")
    return SourceFile(path=path, meta=meta, body=text[match.end() :])


def _describe_yaml_error(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    where = f" (line {mark.line + 2}, column {mark.column + 1})" if mark is not None else ""
    return f"not valid YAML: {problem}{where}"
