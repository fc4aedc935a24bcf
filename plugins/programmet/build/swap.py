"""One folder swapped in for another atomically: a reader sees the whole old folder or the whole new one.

Used by the atomic build (staged_build.py: a staging folder becomes the output) and by
publishing to a folder (tools/publish_folder.py: a full copy becomes the served site).
On Linux the swap is one ``renameat2(RENAME_EXCHANGE)``: at every instant the target
path holds either the whole old folder or the whole new one. Elsewhere it falls back
to two renames through a retired name (a gap of microseconds in which the path is
missing, never half-written); a process killed between them leaves the old folder
under that name, and ``recover`` puts it back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def swap_in(new: Path, target: Path, retired: Path) -> None:
    """Put the finished folder ``new`` at ``target``; the previous one is deleted after the swap.

    On Linux one ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames through ``retired``
    (a free path beside ``target``, on the same file system), with the old folder put back
    if the second rename fails.
    """
    if target.exists() and exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now holds the previous folder
        return
    if target.exists():
        target.rename(retired)
    try:
        new.rename(target)
    except OSError:
        if retired.exists():
            retired.rename(target)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def recover(target: Path, retired: Sequence[Path], leftovers: Iterable[Path]) -> None:
    """Clear what interrupted swaps left; put back a folder that a kill left only under a retired name.

    ``retired`` are the names a swap may have moved the old folder to, oldest first
    (the last one found is put back); ``leftovers`` are removed afterwards. Only to be
    called while holding the target's lock, so that nothing here belongs to a running swap.
    """
    found = [path for path in retired if path.is_dir()]
    if found and not target.exists():
        found[-1].rename(target)
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)


def exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths with Linux's renameat2; False where that is not available."""
    libc_name = ctypes.util.find_library("c")
    if sys.platform != "linux" or libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:  # glibc before 2.28
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return result == 0  # EINVAL/ENOSYS (a file system without it): fall back
