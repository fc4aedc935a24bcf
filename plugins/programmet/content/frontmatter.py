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
from pathlib import Path
from typing import Any, ClassVar

import yaml

from .errors import ContentError


class _StrictResolver(yaml.resolver.BaseResolver):
    """YAML 1.2-like scalars: the resolvers are added below the loaders."""

    # A fresh table, so the YAML 1.1 resolvers of SafeLoader are not inherited.
    yaml_implicit_resolvers: ClassVar[dict] = {}


class _StrictConstructor(yaml.constructor.SafeConstructor):
    """SafeConstructor with duplicate-key detection and clear messages for bad values."""

    # The reader's own test, for the libyaml loader that has no Python reader.
    NON_PRINTABLE: ClassVar[re.Pattern[str]] = yaml.reader.Reader.NON_PRINTABLE

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


_StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)$"),
    list("-+0123456789."),
)


class _StrictLoader(_StrictConstructor, _StrictResolver, yaml.SafeLoader):
    """The reference reader: PyYAML's pure-Python parser with the strict rules, refusing aliases."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        # Anchors and aliases (&a, *a) let a few lines expand into millions of
        # values (the "billion laughs"); nobody needs them in a content file.
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"an alias (*{event.anchor}) is not allowed; write the value out", event.start_mark
            )
        return super().compose_node(parent, index)


# Two readers, because the pure-Python one costs about a millisecond per file (over ten
# seconds of a 5,000-event build) and libyaml's a sixth of that, but libyaml composes aliases
# itself, reads a few documents differently and words its errors differently. So the fast
# reader only answers for documents it is sure about; everything else, every error included,
# goes to _StrictLoader, whose values and messages are the reference.
_LIBYAML = hasattr(yaml, "CSafeLoader")  # False when PyYAML was built without libyaml


class _FastLoader(_StrictConstructor, _StrictResolver, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser and composer with the strict rules; only _load_fast uses it."""


# Text libyaml reads differently from PyYAML: it accepts tabs where PyYAML refuses them
# ('key:<tab>value') and a comment straight after a block scalar's '|' or '>', and skips
# a BOM at the start of any line where PyYAML keeps it as text unless it starts the document.
_FAST_UNSURE = re.compile(r"[\t\ufeff]|[|>][-+0-9]*#")
# libyaml's composer calls itself once per level of nesting, in C: a few tens of thousands of
# levels overflow the stack and crash the interpreter (a Python RecursionError comes first
# on the pure path). Every nested list or mapping starts at one of these characters.
_OPENERS = "[{-:?"
_MAX_OPENERS = 1_000
# How deep the pure composer gets before a RecursionError depends on the caller's stack, so
# deeply nested values are left to it.
_MAX_FAST_DEPTH = 32
_UNSURE = object()  # what _load_fast answers when the pure loader must decide


# Front matter is a few dozen fields; megabytes of it is a mistake (a pasted
# export, say) that should get one message rather than thousands.
MAX_FRONT_MATTER = 100_000
# A body is a description or a page of a few thousand characters; 200,000 is a long
# report. More is a pasted export or an image as text, and would be a page that size.
MAX_BODY = 200_000
# A file is read into memory only up to this size: both parts at their limits, at up to
# four bytes a character (UTF-8), with room for the fences. Larger files are refused unread.
MAX_FILE_BYTES = 4 * (MAX_FRONT_MATTER + MAX_BODY) + 1_000

_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class SourceFile:
    """A content file split into its front matter and Markdown body."""

    path: str  # relative to the content folder, with forward slashes
    meta: dict[str, Any]
    body: str


def load_yaml(text: str) -> Any:
    """Parse YAML with the strict scalar rules above; every problem is a yaml.YAMLError."""
    value = _load_fast(text)
    return _load_pure(text) if value is _UNSURE else value


def _load_fast(text: str) -> Any:
    """What libyaml reads, or _UNSURE when only the pure loader may answer."""
    if not _LIBYAML or _FAST_UNSURE.search(text) or sum(map(text.count, _OPENERS)) > _MAX_OPENERS:
        return _UNSURE
    try:
        loader = _FastLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            return loader.construct_document(node) if _trusted(node) else _UNSURE
        finally:
            loader.dispose()
    except Exception:
        # Whatever libyaml refuses, the pure loader refuses too (with the message people
        # should see) or, should the two ever disagree, reads it as the reference says.
        return _UNSURE


def _trusted(root: yaml.Node) -> bool:
    """No node reached twice (an alias, or a loop), no deep nesting, nothing libyaml reads its own way."""
    # A walk rather than construction, so an aliased "billion laughs" is never expanded.
    seen: set[int] = set()
    pending = [(root, 0, False)]
    while pending:
        node, depth, in_flow = pending.pop()
        if id(node) in seen or depth > _MAX_FAST_DEPTH:
            return False
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if not node.style and _read_differently(node.value, node.tag, in_flow):
                return False
            continue
        children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
        pending.extend((child, depth + 1, in_flow or bool(node.flow_style)) for child in children)
    return True


def _read_differently(plain: str, tag: str, in_flow: bool) -> bool:
    # PyYAML ends a plain scalar at '?' inside [...] or {...} ('[hva nå?]' is an error there)
    # and reads a lone '!' (no value) as null, where libyaml keeps 'nå?' and reads ''.
    return (in_flow and "?" in plain) or (plain == "" and tag != "tag:yaml.org,2002:null")


def _load_pure(text: str) -> Any:
    """The reference reader: all of PyYAML in Python, so every error message comes from here."""
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
    except (IndexError, KeyError, AttributeError, TypeError, ValueError):
        # PyYAML's own slips on a tag without a value (`x: !!int`) or an escape past U+10FFFF:
        # still a mistake in the file, not a crash of the build.
        raise yaml.YAMLError(
            "a value cannot be read: a !! tag without a value, or an escape for no character"
        ) from None


def split_front_matter(path: str, text: str) -> SourceFile | ContentError:
    """Return the parsed file, or the one error that stops it from being read."""
    text = text.removeprefix("\ufeff")
    match = _FENCE.match(text)
    if match is None:
        return ContentError(path, "front matter", "missing: the file must start with a '---' line")
    if len(match.group(1)) > MAX_FRONT_MATTER:
        size, limit = f"{len(match.group(1)) / 1e6:.1f} MB", f"{MAX_FRONT_MATTER // 1000} kB"
        return ContentError(path, "front matter", f"too large ({size}); at most {limit} of fields")
    if len(text) - match.end() > MAX_BODY:
        return ContentError(path, "body", _body_too_large(len(text[match.end() :].encode())))
    try:
        meta = load_yaml(match.group(1))
    except yaml.YAMLError as exc:
        return ContentError(path, "front matter", _describe_yaml_error(exc))
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return ContentError(path, "front matter", "must be a mapping of 'key: value' lines")
    return SourceFile(path=path, meta=meta, body=text[match.end() :])


def _body_too_large(size: int) -> str:
    """In bytes, as the file's size is shown; the limit is in characters."""
    return f"too large ({size / 1e6:.1f} MB); at most {MAX_BODY // 1000} kB of text: link to a long document instead"


def oversized(file: Path, path: str) -> ContentError | None:
    """The error for a file too large to read, from its size and its first lines only (``path`` as shown).

    The same error as once read: "body" when the front matter closes at the start, as it
    does in a content file with a huge body; "file" for anything else that large.
    """
    size = file.stat().st_size
    if size <= MAX_FILE_BYTES:
        return None
    with file.open("rb") as stream:
        head = stream.read(4 * MAX_FRONT_MATTER + 1_000).decode("utf-8", errors="ignore")
    match = _FENCE.match(head.removeprefix("\ufeff"))
    if match is not None and len(match.group(1)) <= MAX_FRONT_MATTER:
        return ContentError(path, "body", _body_too_large(size - len(match.group(0).encode())))
    limit = f"{MAX_FILE_BYTES / 1e6:.1f} MB"
    return ContentError(path, "file", f"too large ({size / 1e6:.1f} MB); a content file is at most {limit}")


def _describe_yaml_error(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    where = f" (line {mark.line + 2}, column {mark.column + 1})" if mark is not None else ""
    if "'\\t'" in problem:
        return f"a tab is used for indenting{where}; indent with spaces"
    return f"not valid YAML: {problem}{where}"
