"""Files written whole: a reader (a web server, the next build) never sees half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def store(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically: a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).chmod(0o644)  # mkstemp makes 0600 files, which a web server could not read
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
