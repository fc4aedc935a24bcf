"""Files that front matter names (images, media, transcripts): present, and inside the content folder."""

from __future__ import annotations

from pathlib import Path


def file_problem(content_path: Path, src: str) -> str | None:
    """What is wrong with the file ``src`` names, or None.

    A symbolic link may not lead out of the content folder: the build would
    publish whatever it points at (``/etc/passwd``, a private folder).
    """
    path = content_path / src
    if not path.is_file():
        return f"file not found in the content folder: {src!r}"
    if not path.resolve().is_relative_to(content_path.resolve()):
        return f"{src!r} is a link to a file outside the content folder; copy the file in instead"
    return None
