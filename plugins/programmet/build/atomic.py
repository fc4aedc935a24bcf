"""Files written whole: a reader (a web server, the next build) never sees half of one."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
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


def copy_regular(source: Path, target: Path) -> None:
    """Copy the regular file ``source`` to ``target`` as new bytes: never a link, never through one.

    ``source`` was checked when the content was read; opening it without following a
    link (and without waiting on a pipe) makes sure that what is copied is still that
    file, even if someone replaced it with a link since. ``target`` is replaced, not
    written into, so it shares storage with nothing.
    """
    descriptor = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise OSError(f"{source} is no longer a regular file")
        if _copied_before(target, status):
            return  # an earlier build's copy, untouched since: a video is not copied on every build
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        with target.open("xb") as copy:
            shutil.copyfileobj(stream, copy, 1 << 20)
        os.utime(target, ns=(status.st_atime_ns, status.st_mtime_ns))  # the source's time: rsync skips it too


def _copied_before(target: Path, source: os.stat_result) -> bool:
    """Whether ``target`` is a plain file with the source's size and time (which copy_regular gives its copies)."""
    try:
        found = target.stat(follow_symlinks=False)
    except FileNotFoundError:
        return False
    same = (found.st_size, found.st_mtime_ns) == (source.st_size, source.st_mtime_ns)
    return same and stat.S_ISREG(found.st_mode) and found.st_nlink == 1  # a plain file, shared with nothing


# -- sealed files: cache entries that carry the digest of their own bytes ------------------------

# A sealed file is SEAL, the BLAKE2b digest of the payload, then the payload. A cache
# entry is read back only if its bytes still match: a file cut short, a flipped bit or
# a cache folder someone edited makes a miss (the build redoes that work), never a
# damaged page, image or feed.
SEAL = b"PGM\x01"
_DIGEST_SIZE = 32
SEAL_SIZE = len(SEAL) + _DIGEST_SIZE


def digest_of(data: bytes) -> hashlib.blake2b:
    return hashlib.blake2b(data, digest_size=_DIGEST_SIZE)


def seal(data: bytes) -> bytes:
    return SEAL + digest_of(data).digest() + data


def unseal(blob: bytes) -> memoryview | None:
    """The payload of a sealed blob (a view into it, not a copy), or None if the blob is not whole."""
    view = memoryview(blob)
    if view[: len(SEAL)] != SEAL:
        return None
    payload = view[SEAL_SIZE:]
    if digest_of(payload).digest() != view[len(SEAL) : SEAL_SIZE]:
        return None
    return payload


def store_sealed(target: Path, data: bytes) -> None:
    store(target, seal(data))


def read_sealed(path: Path) -> bytes | None:
    """The payload of a sealed file; None if it is missing, unreadable or not whole."""
    try:
        payload = unseal(path.read_bytes())
    except OSError:
        return None
    return None if payload is None else payload.tobytes()


def write_if_changed(target: Path, data: bytes) -> bool:
    """Write ``data`` at ``target`` unless it holds those bytes already; True if it wrote.

    An unchanged file keeps its time stamp, so rsync and S3 skip it. A changed one is
    replaced, never written into: the old file may be hard-linked elsewhere.
    """
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    target.write_bytes(data)
    return True
