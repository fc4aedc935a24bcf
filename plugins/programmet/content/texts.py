"""Content files read as text: UTF-8, plain, not too large, split into front matter and body.

The files come from one walk of the content folder (content/files.py: walk), so a
file is only read when it is a regular file inside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .files import ContentFile, walk
from .errors import ContentError
from .frontmatter import SourceFile, oversized, split_front_matter


@dataclass(frozen=True)
class TextFile:
    path: str  # relative to the content folder, with forward slashes
    text: str


def read_sources(content_path: Path, folder: str) -> Iterable[SourceFile | ContentError]:
    """Every .md file under content/<folder>, in a stable order, split into front matter and body."""
    for found in read_texts(content_path, folder):
        yield found if isinstance(found, ContentError) else split_front_matter(found.path, found.text)


def read_texts(content_path: Path, folder: str) -> Iterator[TextFile | ContentError]:
    """Every .md file under content/<folder>, in a stable order."""
    return texts_in(walk(content_path, folder), folder)


def texts_in(files: Iterable[ContentFile | ContentError], folder: str) -> Iterator[TextFile | ContentError]:
    """The .md files of ``folder`` among ``files`` (a walk of the content folder), read as text.

    Any other file there is an error rather than silently skipped: an event
    saved as .txt or .markdown would otherwise vanish from the programme.
    """
    prefix = f"{folder}/"
    for file in files:
        if isinstance(file, ContentError):
            yield file  # the walk's own verdict on a file there
        elif not file.relative.startswith(prefix):
            continue
        elif not file.relative.endswith(".md"):
            yield ContentError(file.relative, "file", "not read: content files must end in .md")
        else:
            yield read_text(file)


def read_text(file: ContentFile) -> TextFile | ContentError:
    try:
        if (too_large := oversized(file.real, file.relative)) is not None:
            return too_large  # refused unread: a 50 MB file is not read to say it is too large
        text = file.real.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return ContentError(file.relative, "file", "not UTF-8 text; save it as UTF-8")
    except OSError as exc:
        return ContentError(file.relative, "file", f"cannot be read: {exc.strerror}")
    if (problem := control_character(text)) is not None:
        return ContentError(file.relative, "file", problem)
    return TextFile(file.relative, text)


# Characters no XML feed may carry (XML 1.0 §2.2); in a text file they come from a
# binary file saved as .md or from a paste out of a word processor.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def control_character(text: str) -> str | None:
    """Say where the first control character is, if there is one."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    name = "a NUL byte" if found.group() == "\0" else f"a control character (U+{ord(found.group()):04X})"
    return f"contains {name} on line {line}: not plain text; retype that line or save the file as UTF-8 text"
