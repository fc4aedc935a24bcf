"""A tree's files as a dict, to compare a folder before and after (nothing lost, nothing added)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal, overload


@overload
def snapshot(folder: Path, *, contents: Literal[False] = False) -> dict[str, str]: ...
@overload
def snapshot(folder: Path, *, contents: Literal[True]) -> dict[str, bytes]: ...
def snapshot(folder: Path, *, contents: bool = False) -> dict[str, str] | dict[str, bytes]:
    """Every file under ``folder`` by its path relative to it ('a/b.html'), in sorted order.

    Each file maps to a SHA-256 of its bytes, or with ``contents=True`` to the bytes themselves
    (for a test that also counts or reads them).
    """
    files = (p for p in sorted(folder.rglob("*")) if p.is_file())
    if contents:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
