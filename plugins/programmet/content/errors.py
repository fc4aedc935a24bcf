"""Content errors as values: collected from every file, reported together."""

from __future__ import annotations

import errno
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one content file, printed as ``path: field: message``."""

    path: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}"


class CacheFaultError(Exception):
    """A cache entry stayed damaged after it was made again: the disk, not the content, is at fault."""


# The exit code of a build the machine stopped (a full disk, a folder it may not write): sysexits' EX_IOERR.
FAULT = 74


class BuildStopped(SystemExit):
    """Stops Pelican with exit code 1 (FAULT when the machine, not the content, is at fault) and no traceback.

    The messages were logged before it is raised.
    """

    def __init__(self, code: int = 1) -> None:
        super().__init__(code)


# What the person at the keyboard can do about the operating system's commonest refusals.
_FAULTS = {
    errno.ENOSPC: "the disk is full; free some space and build again",
    errno.EDQUOT: "the disk quota is used up; free some space and build again",
    errno.EROFS: "the folder is on a read-only disk",
    errno.EACCES: "no permission to write there",
    errno.EPERM: "the folder may not be changed (read-only, or locked with chattr)",
    errno.EBUSY: "the folder is in use by the system (a mount point?) and cannot be replaced",
    errno.ENOENT: "a file or folder vanished while the build ran",
    errno.EIO: "the disk reported an input/output error",
}


def describe_fault(exc: OSError) -> str:
    """An operating-system error in words: what went wrong, and where."""
    what = _FAULTS.get(exc.errno or 0, exc.strerror or str(exc))
    where = f": {exc.filename}" if exc.filename else ""
    return f"{what}{where}"
