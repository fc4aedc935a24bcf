"""Build the site elsewhere, then swap it in: a failed or killed build never touches output/.

Pelican writes into its output folder as it goes (and its own cleaning runs
before any content is read), so the strict build runs Pelican into a staging
folder of its own beside the output (in ``output.builds/``) and only replaces
the output when Pelican succeeded. One build at a time holds an output folder
(locks.py): a second one is told which build is running, or waits for it.

The swap is swap.py's: on Linux one atomic ``renameat2(RENAME_EXCHANGE)``, so
that at every instant the output path holds either the whole old site or the
whole new one; elsewhere two renames (a gap of microseconds in which the path is
missing, never half-written).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from ..content.errors import FAULT, describe_fault
from . import locks
from .messages import use_plain_messages
from .parallel import die_with_parent
from .swap import recover, swap_in

# Exit codes: a build stopped for taking too long (as timeout(1) uses), one that found another
# build running (sysexits' EX_TEMPFAIL: try again later), and one the disk would not take.
TIMED_OUT = 124
BUSY = 75
# The work folder beside the output (output.builds/), and what a build keeps in it: its own staging
# folder, and the previous site during a fallback swap.
WORK, STAGING, RETIRED = "builds", "staging", "old"
logger = logging.getLogger(__name__)


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
    wait: bool = False,
) -> int:
    """Run Pelican into a staging folder of its own; on success, swap it in for ``output``.

    Returns Pelican's exit code (``TIMED_OUT`` when it ran past ``timeout`` seconds,
    ``BUSY`` when another build holds ``output`` and ``wait`` is off, ``FAULT`` when
    the disk would not take the site). On any failure the staging folder is removed
    and ``output`` is left exactly as it was. Leftovers of builds that were killed
    are cleared first; that is safe because no other build can be running here.
    """
    use_plain_messages()
    output = output.absolute()
    try:
        lock = locks.acquire(locks.lock_beside(output), f"{output.name}/", wait=wait)
    except locks.BusyError as exc:
        logger.error("Not built: %s.", exc)
        return BUSY
    except OSError as exc:
        logger.error("Not built: %s.", describe_fault(exc))
        return FAULT
    with lock:
        return _build_locked(content, settings_file, output, overrides or {}, env or {}, timeout)


def _build_locked(
    content: Path,
    settings_file: Path,
    output: Path,
    overrides: Mapping[str, Any],
    env: Mapping[str, str],
    timeout: float | None,
) -> int:
    staging: Path | None = None
    try:
        _recover(output)
        staging = _new_folder(output, STAGING)
        code = _run(pelican_command(content, settings_file, staging, overrides), {**os.environ, **env}, timeout)
        if code == 0:
            swap_in(staging, output, _retired_name(staging))
        return code
    except OSError as exc:  # a full disk, a read-only folder: one line, and the old site as it was
        logger.error("Could not finish the build: %s.", describe_fault(exc))
        return FAULT
    finally:  # also after Ctrl+C: no half-written folder stays behind
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)  # what a failed build wrote
        with contextlib.suppress(OSError):
            work_folder(output).rmdir()  # only if empty: nothing of this build's is left in it


def work_folder(output: Path) -> Path:
    """Where builds of ``output`` keep their staging folders and, during a fallback swap, the previous site.

    Beside the output (so renames stay on one file system), and only ever written by
    builds: what is in it when a build holds the output's lock was left by killed builds.
    """
    return output.with_name(f"{output.name}.{WORK}")


def _new_folder(output: Path, kind: str) -> Path:
    """An empty folder of this build's own, readable by a web server like any folder."""
    work = work_folder(output)
    work.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=work, prefix=f"{kind}-"))
    folder.chmod(0o755)  # mkdtemp makes it private (0700): a server running as another user could not read it
    return folder


def _retired_name(staging: Path) -> Path:
    """Where a fallback swap parks the previous site: beside the staging folder, named after it.

    Free, since the work folder was cleared under the output's lock and the staging name is this build's own.
    """
    return staging.with_name(f"{RETIRED}-{staging.name.removeprefix(f'{STAGING}-')}")


def _recover(output: Path) -> None:
    """Clear what killed builds left; put back a site that a kill left only under its retired name.

    Called with the output's lock held, so nothing in the work folder belongs to a running build.
    """
    work = work_folder(output)
    if work.is_dir():
        recover(output, sorted(work.glob(f"{RETIRED}-*")), [work])


def _run(command: list[str], env: dict[str, str], timeout: float | None) -> int:
    """Run the build; one that hangs is stopped, with every process it started (its page workers too).

    The build runs in a process group of its own, so that stopping it stops the workers it
    forked; they would otherwise go on writing into a staging folder that is being removed.
    And it dies with this process (parallel.die_with_parent): a `kill -9` of `invoke build`
    must not leave Pelican writing on, out of reach of the next build's lock.
    """
    parent = os.getpid()
    with subprocess.Popen(  # noqa: S603
        command, env=env, start_new_session=True, preexec_fn=partial(die_with_parent, parent)
    ) as process:
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop_group(process)
            return TIMED_OUT
        except BaseException:
            # Ctrl+C or an exception here: the build must not go on writing in the background.
            _stop_group(process)
            raise


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
