"""Files in the content folder, as the build may take them: regular files that stay inside it.

Whatever an editor, an import or a symbolic link puts in ``content/``, the build
reads and publishes nothing from outside it: a link that leads out of the folder
(to ``/etc/passwd``, ``/proc/self/environ``, a private folder) is an error naming
the link, whether or not a content file refers to it. A link to another file
inside the folder is followed. Anything that is not a regular file (a FIFO would
hang the build, a device would never end) is an error too.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import ContentError
from .svg import MAX_BYTES as SVG_MAX_BYTES
from .svg import svg_problem

# What operating systems and file managers leave behind; never content, never published.
_LEFT_BY_SYSTEMS = frozenset({"thumbs.db", "desktop.ini", "icon\r"})


@dataclass(frozen=True)
class ContentFile:
    """A regular file inside the content folder: where it was found and the file it really is."""

    relative: str  # as found, relative to the content folder, with forward slashes
    real: Path  # the file itself, links resolved (inside the content folder)
    size: int
    mtime_ns: int


def file_problem(content_path: Path, src: str) -> str | None:
    """What is wrong with the file ``src`` names, or None."""
    path = content_path / src
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: Python 3.11's word for a loop of links
        return f"{src!r} is a link that leads in a circle; remove the link"
    if not real.is_relative_to(content_path.resolve()):
        return f"{src!r} is a link to a file outside the content folder; copy the file in instead"
    if not path.exists():
        return f"file not found in the content folder: {src!r}"
    if not path.is_file():
        return f"{src!r} is not a regular file (a folder, pipe or device)"
    return None


def walk(content_path: Path, folder: str = "") -> Iterator[ContentFile | ContentError]:
    """Every file under ``content_path/folder`` in a stable order, or an error for one the build may not take.

    Names starting with a dot, and what systems leave behind, are skipped. A link to a
    folder inside the content folder is walked like the folder, unless it leads back
    into a folder the walk is already in (a loop).
    """
    root = content_path.resolve()
    top = root / folder if folder else root
    if top.is_dir():
        yield from _walk(root, top, folder, frozenset())


def _walk(root: Path, directory: Path, prefix: str, ancestors: frozenset[Path]) -> Iterator[ContentFile | ContentError]:
    real = directory.resolve()
    if real in ancestors:
        yield ContentError(prefix, "file", "is a link to a folder that holds it (a loop); remove the link")
        return
    ancestors |= {real}
    try:
        with os.scandir(directory) as found:
            entries = sorted(found, key=lambda entry: entry.name)
    except OSError as exc:
        yield ContentError(prefix or ".", "file", f"cannot be read: {exc.strerror}")
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name.lower() in _LEFT_BY_SYSTEMS:
            continue
        relative = f"{prefix}/{entry.name}" if prefix else entry.name
        judged = _judge(root, entry, relative)
        if isinstance(judged, Path):
            yield from _walk(root, judged, relative, ancestors)
        else:
            yield judged


def _judge(root: Path, entry: os.DirEntry[str], relative: str) -> ContentFile | ContentError | Path:
    """A file to take, an error, or a folder to walk into (returned as its real path)."""
    path = Path(entry.path)
    if entry.is_symlink():
        try:
            path = path.resolve()  # only links need it: the walk starts at the real content folder
        except (OSError, RuntimeError):  # RuntimeError: Python 3.11's word for a loop of links
            return ContentError(relative, "file", "is a link that leads in a circle; remove the link")
        if not path.is_relative_to(root):
            return ContentError(
                relative, "file", f"is a link to {path}, outside the content folder; copy the file in instead"
            )
    try:
        status = path.stat()
    except OSError:
        return ContentError(relative, "file", "is a link to a file that does not exist; remove the link")
    if stat.S_ISDIR(status.st_mode):
        return path
    if not stat.S_ISREG(status.st_mode):
        return ContentError(relative, "file", "is not a regular file (a pipe, socket or device); remove it")
    return ContentFile(relative, path, status.st_size, status.st_mtime_ns)


# Folders whose files the site publishes as they are, at the same path (images are also resized).
PUBLISHED_FOLDERS = ("images", "media")
# What may be published from them: kinds a browser shows or plays but never runs. HTML, XML, JavaScript
# and the like would run in the site's own origin; an SVG may only if it holds a script (svg.py decides).
PUBLISHED_TYPES = {
    "images": (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".svg"),
    "sound and video": (".mp3", ".m4a", ".mp4", ".m4v", ".mov", ".webm", ".ogg", ".oga", ".ogv", ".opus"),
    "captions and transcripts": (".vtt",),
    "documents": (".pdf",),
}
_PUBLISHED_SUFFIXES = frozenset(suffix for suffixes in PUBLISHED_TYPES.values() for suffix in suffixes)


def published_files(files: Iterable[ContentFile]) -> tuple[list[ContentFile], list[ContentError]]:
    """The files of the published folders that may go on the site as they are, and errors for the others."""
    taken: list[ContentFile] = []
    errors: list[ContentError] = []
    for file in files:
        if file.relative.split("/", 1)[0] not in PUBLISHED_FOLDERS:
            continue
        if (problem := publishing_problem(file)) is not None:
            errors.append(ContentError(file.relative, "file", problem))
        else:
            taken.append(file)
    return taken, errors


def publishing_problem(file: ContentFile) -> str | None:
    suffix = PurePosixPath(file.relative).suffix.lower()
    if suffix not in _PUBLISHED_SUFFIXES:
        kinds = "; ".join(f"{kind} ({', '.join(suffixes)})" for kind, suffixes in PUBLISHED_TYPES.items())
        what = f"{suffix} files" if suffix else "files without a type (.jpg, .mp3 …)"
        return f"not published: {what} are not among the kinds the site publishes: {kinds}"
    if suffix == ".svg":
        if file.size > SVG_MAX_BYTES:
            return f"an SVG image of {file.size:,} bytes is too large (at most {SVG_MAX_BYTES:,}); save it as PNG"
        return svg_problem(file.real.read_bytes())
    return None
