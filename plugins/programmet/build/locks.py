"""One build at a time: a lock per output folder and per cache, that names the build holding it.

Two builds into one folder would swap half-written sites in and out of each other's
way, and two builds sharing a cache would prune each other's entries. A lock is an
``flock`` on a small file beside what it guards: the kernel lets go of it when its
process ends, however it ends (Ctrl+C, ``kill -9``, a crash), so a lock is never
left stale. The file holds who took it, for the message the next build prints.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
import sys
import time
from pathlib import Path

logger = logging.getLogger(__name__)
# How often a waiting build says that it is still waiting.
REMIND_EVERY = 30.0


class BusyError(Exception):
    """Another build holds the lock; its message names that build."""


class Lock:
    """A held lock; ``release`` lets it go (ending the process does too)."""

    def __init__(self, path: Path, descriptor: int) -> None:
        self.path = path
        self._descriptor: int | None = descriptor

    def release(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)  # closing the file lets go of the flock
            self._descriptor = None

    def __enter__(self) -> Lock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def lock_beside(folder: Path) -> Path:
    """The lock file of an output folder: beside it, since the folder itself is swapped for a new one."""
    return folder.parent / f".{folder.name}.lock"


def acquire(path: Path, guards: str, wait: bool = False) -> Lock:
    """Take the lock at ``path`` (which guards ``guards``, in words); raise BusyError, or with ``wait`` wait for it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        if not _try_lock(descriptor):
            holder = holder_of(path)
            if not wait:
                raise BusyError(
                    f"another build is using {guards} right now ({holder}); wait for it to finish or stop it"
                )
            _wait_for(descriptor, guards, holder)
        _write_holder(descriptor)
    except BaseException:
        os.close(descriptor)
        raise
    return Lock(path, descriptor)


def _try_lock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _wait_for(descriptor: int, guards: str, holder: str) -> None:
    logger.warning("Waiting: another build is using %s (%s).", guards, holder)
    last = time.monotonic()
    while not _try_lock(descriptor):
        time.sleep(0.2)
        if time.monotonic() - last > REMIND_EVERY:
            logger.warning("Still waiting for the other build to finish with %s.", guards)
            last = time.monotonic()


def _write_holder(descriptor: int) -> None:
    holder = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "command": " ".join(Path(arg).name if i == 0 else arg for i, arg in enumerate(sys.argv))[:200],
    }
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, json.dumps(holder).encode(), 0)


def holder_of(path: Path) -> str:
    """Who holds the lock, in words: process, command and start time, as far as the file says."""
    try:
        holder = json.loads(path.read_text(encoding="utf-8"))
        return f"process {holder['pid']} on {holder['host']}, «{holder['command']}», started {holder['started']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "a build that has just started"
