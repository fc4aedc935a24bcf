"""Split a Markdown file into YAML front matter and body, reading YAML strictly.

PyYAML follows YAML 1.1, which turns ``no`` into False (the Norway problem),
``10:00`` into the integer 600 and unquoted dates into date objects. Content
authors should get what they typed, so only ``true``/``false``, ``null``,
plain integers and decimals are resolved; everything else stays a string and
the model parses it with a clear error when it is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, ClassVar

import yaml

from .errors import ContentError


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2-like scalars and duplicate-key detection."""

    # A fresh table, so the YAML 1.1 resolvers of SafeLoader are not inherited.
    yaml_implicit_resolvers: ClassVar[dict] = {}

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        # Anchors and aliases (&a, *a) let a few lines expand into millions of
        # values (the "billion laughs"); nobody needs them in a content file.
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"an alias (*{event.anchor}) is not allowed; write the value out", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except ValueError as exc:
            # A tagged value that is not what its tag says (!!timestamp 2027-13-45), or an
            # integer too long for Python to convert: an error in the file, not a crash.
            kind = (node.tag or "").rsplit(":", 1)[-1]
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot be read as {kind}: {exc}", node.start_mark
            ) from None

    def construct_scalar(self, node: yaml.Node) -> Any:
        value = super().construct_scalar(node)
        bad = self.NON_PRINTABLE.search(value)
        if bad:
            # An escape in double quotes ("\0", "\x1f", "\uDCE6") gives a character the reader
            # refuses raw; a feed (XML) or a page cannot be written with it either.
            raise yaml.constructor.ConstructorError(
                None, None, f"the character {bad.group()!r} is not allowed", node.start_mark
            )
        return value

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):  # '[a, b]: 1' or '? {a: 1}'
                raise yaml.constructor.ConstructorError(
                    None, None, "a list or a mapping cannot be a field name", key_node.start_mark
                )
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

# Front matter is a few dozen fields; megabytes of it is a mistake (a pasted
# export, say) that should get one message rather than thousands.
MAX_FRONT_MATTER = 100_000

_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class SourceFile:
    """A content file split into its front matter and Markdown body."""

    path: str  # relative to the content folder, with forward slashes
    meta: dict[str, Any]
    body: str


def load_yaml(text: str) -> Any:
    """Parse YAML with the strict scalar rules above; every problem is a yaml.YAMLError."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.reader.ReaderError as exc:
        # The reader's own message spans two lines and gives a character offset; say line and column.
        line_start = text.rfind("\n", 0, exc.position) + 1
        mark = yaml.Mark("<front matter>", exc.position, text.count("\n", 0, exc.position),
                         exc.position - line_start, None, None)  # fmt: skip
        problem = f"the character {chr(exc.character)!r} is not allowed"
        raise yaml.MarkedYAMLError(problem=problem, problem_mark=mark) from None
    except RecursionError:
        # PyYAML composes nested values recursively: a thousand '[' would crash the reader.
        raise yaml.YAMLError("values nested too deeply") from None


def split_front_matter(path: str, text: str) -> SourceFile | ContentError:
    """Return the parsed file, or the one error that stops it from being read."""
    text = text.removeprefix("\ufeff")
    match = _FENCE.match(text)
    if match is None:
        return ContentError(path, "front matter", "missing: the file must start with a '---' line")
    if len(match.group(1)) > MAX_FRONT_MATTER:
        size, limit = f"{len(match.group(1)) / 1e6:.1f} MB", f"{MAX_FRONT_MATTER // 1000} kB"
        return ContentError(path, "front matter", f"too large ({size}); at most {limit} of fields")
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
    if "'\\t'" in problem:
        return f"a tab is used for indenting{where}; indent with spaces"
    return f"not valid YAML: {problem}{where}"
