"""Build the site elsewhere, then swap it in: a failed or killed build never touches output/.

Pelican writes into its output folder as it goes (and its own cleaning runs
before any content is read), so the strict build runs Pelican into a fresh
staging folder beside the output and only replaces the output when Pelican
succeeded. On Linux the swap is one atomic ``renameat2(RENAME_EXCHANGE)``:
at every instant the output path holds either the whole old site or the
whole new one. Elsewhere it falls back to two renames (a gap of microseconds
in which the path is missing, never half-written).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# The exit code of a build stopped for taking too long (as timeout(1) uses).
TIMED_OUT = 124


def pelican_command(content: Path, settings_file: Path, output: Path, overrides: Mapping[str, Any]) -> list[str]:
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings_file), "-o", str(output)]
    command += ["--log-handler", "plain"]
    if overrides:
        # One -e with every pair: Pelican keeps only the last of several -e options.
        command += ["-e", *(f"{key}={json.dumps(value)}" for key, value in overrides.items())]
    return command


def build_atomically(
    content: Path,
    settings_file: Path,
    output: Path,
    overrides: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> int:
    """Run Pelican into a staging folder; on success, swap it in for ``output``.

    Returns Pelican's exit code (``TIMED_OUT`` when it ran past ``timeout``
    seconds). On failure the staging folder is removed and ``output`` is left
    exactly as it was. Leftovers of a build that was killed are cleared first.
    """
    output = output.resolve()
    staging = output.with_name(f"{output.name}.staging")
    retired = output.with_name(f"{output.name}.old")
    _recover(output, retired)
    shutil.rmtree(staging, ignore_errors=True)
    command = pelican_command(content, settings_file, staging, overrides or {})
    try:
        code = _run(command, {**os.environ, **(env or {})}, timeout)
    except BaseException:  # Ctrl+C: no half-written folder stays behind
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if code != 0:
        shutil.rmtree(staging, ignore_errors=True)
        return code
    publish_folder(staging, output, retired)
    return 0


def publish_folder(new: Path, target: Path, retired: Path) -> None:
    """Put the finished folder ``new`` at ``target``; the previous one is deleted after the swap."""
    if target.exists() and exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now holds the previous site
        return
    if target.exists():
        target.rename(retired)
    new.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def _recover(output: Path, retired: Path) -> None:
    """A build killed between the two fallback renames left the site only under its retired name."""
    if retired.exists() and not output.exists():
        retired.rename(output)
    shutil.rmtree(retired, ignore_errors=True)


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


def _run(command: list[str], env: dict[str, str], timeout: float | None) -> int:
    """Run the build; one that hangs is stopped."""
    with subprocess.Popen(command, env=env) as process:  # noqa: S603
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            return TIMED_OUT
        except BaseException:
            # Ctrl+C or an exception here: the build must not go on writing in the background.
            process.kill()
            raise
