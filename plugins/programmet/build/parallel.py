"""Work split over forked processes: every core renders pages, and the search index is made beside the feeds.

Templates and the model are already in memory when pages are rendered, so a
fork shares them (copy-on-write) without pickling anything; each process
renders its share of the pages into the page store, and the parent links them
into the output. Jinja holds the GIL, so threads would not help. Where fork is
missing (not Linux or macOS) or only one core is available, the work runs here.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from functools import partial
from typing import TypeVar

from ..content.errors import BuildStopped, describe_fault

logger = logging.getLogger(__name__)
T = TypeVar("T")


class WorkerError(RuntimeError):
    """A forked worker stopped with an error (its traceback was printed)."""


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run_forked(items: Sequence[T], work: Callable[[Sequence[T]], None], workers: int | None = None) -> None:
    """Run ``work`` over interleaved slices of ``items``, one slice per process; the parent takes the first."""
    count = max(1, min(workers or available_cores(), len(items)))
    if count == 1 or not hasattr(os, "fork"):
        work(items)
        return
    slices = [items[i::count] for i in range(count)]
    _flush()
    children = [_fork(partial(work, part)) for part in slices[1:]]
    try:
        work(slices[0])
    finally:
        codes = [_wait(pid) for pid in children]
    _raise_for(codes)


STOPPED = 3  # exit code of a child whose work stopped the build on purpose (SystemExit): no traceback
FAULTED = 100  # plus errno: a child the operating system stopped (a full disk), for the parent to report


def _fork(work: Callable[[], None]) -> int:
    """Run ``work`` in a child process; returns its pid. The child exits with 0, STOPPED or 1 (traceback printed)."""
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        die_with_parent(parent)
        work()
    except SystemExit:  # a build stopped on purpose: its messages were logged
        code = STOPPED
    except OSError as exc:  # a full disk, a folder taken away: the parent says it, once (see _raise_for)
        code = FAULTED + exc.errno if exc.errno and exc.errno < 256 - FAULTED else STOPPED
        if code == STOPPED:
            logger.error("Could not finish the build: %s.", describe_fault(exc))
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        _flush()
        os._exit(code)  # no atexit handlers, no Pelican teardown: the parent does that
    return 0  # not reached


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Be killed when the process ``parent`` ends, however it ends (Linux; elsewhere nothing happens).

    A build killed with ``kill -9`` must not leave its workers writing into a staging
    folder that the next build clears: the kernel sends them SIGKILL as their parent dies.
    """
    libc_name = ctypes.util.find_library("c")
    if sys.platform != "linux" or libc_name is None:
        return
    ctypes.CDLL(libc_name, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(STOPPED)


def _wait(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _raise_for(codes: Sequence[int]) -> None:
    """A build a child stopped stops here too; a child that crashed (its traceback printed) is an error."""
    if STOPPED in codes:
        raise BuildStopped()  # the child logged why
    if faults := [code - FAULTED for code in codes if code > FAULTED]:
        raise OSError(faults[0], os.strerror(faults[0]))  # said once, by the parent, like its own faults
    if any(codes):
        raise WorkerError("a worker process failed; its error is printed above")


class Aside:
    """Work started in a forked process that runs beside the caller: ``join`` waits for it."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid  # None: the work already ran here (no fork on this system)

    def join(self) -> None:
        """Wait for the work; a build it stopped stops here too, and a crash (traceback printed) is an error."""
        if self.pid is None:
            return
        code, self.pid = _wait(self.pid), None
        _raise_for([code])


def start_aside(work: Callable[[], None]) -> Aside:
    """Start ``work`` in a forked process and return at once; where fork is missing, do it here first.

    A process, not a thread: the work and the caller each hold their own GIL, so both keep a core busy.
    """
    if not hasattr(os, "fork"):
        work()
        return Aside(None)
    _flush()
    return Aside(_fork(work))


def _flush() -> None:
    """Buffered output would be printed twice: once by each side of the fork."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    for handler in logging.getLogger().handlers:
        handler.flush()
