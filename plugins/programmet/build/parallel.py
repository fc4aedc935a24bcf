"""Work spread over the cores: one way to run a list of items in parallel, and one way to run work beside the build.

``run_parallel`` runs one function over a list of items. Work that holds the GIL
(Jinja rendering pages, Pillow drawing text) goes to forked processes: they share
the build's memory copy-on-write, so nothing is pickled on the way in, and they
leave their results in files (the page store, the image cache). Work that releases
the GIL (Pillow decoding, resizing and encoding photos) goes to threads. With one
core or one item, or without fork (not Linux or macOS) for work that holds the GIL,
the items run here, in order.

Every way gives the caller the failure of the first failing item in the items'
order, and progress lines for a long list. A forked worker dies with the build
(``die_with_parent``) and reports to it over a pipe: a byte for each finished item,
then, if an item failed, which one and how (``_Worker``).

``start_aside`` runs one piece of work in a forked process beside the caller (the
search index while the build makes images and feeds); ``Aside.join`` waits for it.
"""

from __future__ import annotations

import ctypes
import logging
import os
import pickle
import selectors
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from ..content.errors import BuildStopped
from .progress import Progress

logger = logging.getLogger(__name__)
T = TypeVar("T")
# Forked workers take the items in runs of neighbours, in turn: neighbours stay together (a share card's
# drawer reuses the photo and heading of the card before), and the workers finish within a run of each other.
RUNS_PER_WORKER = 8


class WorkerError(RuntimeError):
    """A forked worker stopped with an error (its traceback was printed)."""


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run_parallel(
    work: Callable[[T], None],
    items: Sequence[T],
    workers: int | None = None,
    *,
    label: str | None = None,
    releases_gil: bool = False,
) -> int:
    """Run ``work(item)`` for every item on up to ``workers`` processes (default: every core); returns how many ran.

    The failure of the first failing item in ``items``' order is raised here; items a
    worker had not started when its own item failed are dropped. In a forked worker
    a stopped build (SystemExit) stops the build here too, an operating-system error
    (a full disk) is raised here as it was raised there, and anything else is a
    WorkerError, its traceback printed by the worker. Only files outlast a forked
    worker: what ``work`` keeps in memory stays in the worker. With ``releases_gil``
    the items go to threads instead, and every failure is raised as it was. With a
    ``label``, long work logs its progress at each quarter.
    """
    count = max(1, min(workers or available_cores(), len(items)))
    progress = Progress(label, len(items), logger) if label and items else None
    if count == 1 or not (releases_gil or hasattr(os, "fork")):
        for item in items:
            work(item)
            _step(progress, 1)
        return 1
    if releases_gil:
        with ThreadPoolExecutor(max_workers=count) as pool:
            for _ in pool.map(work, items):  # results in item order: the first failing item's error is raised
                _step(progress, 1)
        return count
    numbered = list(enumerate(items))
    size = -(-len(numbered) // (count * RUNS_PER_WORKER))
    runs = [numbered[start : start + size] for start in range(0, len(numbered), size)]
    _flush()
    forked: list[_Worker] = []
    try:
        forked += [_fork(work, [pair for run in runs[first::count] for pair in run]) for first in range(count)]
        _read_reports(forked, progress)
    finally:
        failures = [failure for worker in forked if (failure := worker.end()) is not None]
    if failures:
        _raise(min(failures, key=lambda failure: failure[0]))
    return count


class Aside:
    """Work started in a forked process that runs beside the caller: ``join`` waits for it."""

    def __init__(self, worker: _Worker | None) -> None:
        self.worker = worker  # None: the work already ran here (no fork on this system)

    def join(self) -> None:
        """Wait for the work; a build it stopped stops here too, and a crash (traceback printed) is an error."""
        if self.worker is None:
            return
        worker, self.worker = self.worker, None
        try:
            _read_reports([worker], None)
        finally:
            failure = worker.end()
        if failure is not None:
            _raise(failure)


def start_aside(work: Callable[[], None]) -> Aside:
    """Start ``work`` in a forked process and return at once; where fork is missing, do it here first.

    A process, not a thread: the work and the caller each hold their own GIL, so both keep a core busy.
    """
    if not hasattr(os, "fork"):
        work()
        return Aside(None)
    _flush()
    return Aside(_fork(lambda _: work(), [(0, None)]))


# -- forked workers and what they report ----------------------------------------------------------------

DONE = b"."  # an item finished
FAILED = b"!"  # an item failed: a pickled (index, kind, error) follows, up to the end of the stream
# How an item failed, as its worker reports it.
_STOPPED, _FAULT, _CRASH = "stopped", "fault", "crash"
STOPPED = 3  # exit code of a worker whose build had already ended when it started
Failure = tuple[int, str, OSError | None]


class _Worker:
    """A forked worker as the build sees it: its process, and the read end of the pipe it reports on."""

    def __init__(self, pid: int, pipe: int) -> None:
        self.pid = pid
        self.pipe: int | None = pipe
        self.report: bytearray | None = None  # what followed FAILED

    def take(self, chunk: bytes) -> int:
        """Take bytes the worker wrote; returns how many finished items they count."""
        if self.report is not None:
            self.report += chunk
            return 0
        cut = chunk.find(FAILED)
        if cut < 0:
            return len(chunk)
        self.report = bytearray(chunk[cut + 1 :])
        return cut

    def end(self) -> Failure | None:
        """Wait for the process; its first failing item, if any (a worker killed before it said so is a crash)."""
        if self.pipe is not None:
            os.close(self.pipe)  # a worker still writing gets EPIPE and ends, so the wait below cannot hang
            self.pipe = None
        _, status = os.waitpid(self.pid, 0)
        if self.report is not None:
            try:
                return pickle.loads(self.report)  # noqa: S301 - our own forked child wrote it
            except Exception:  # cut short: the worker was killed as it reported
                return (sys.maxsize, _CRASH, None)
        return None if os.waitstatus_to_exitcode(status) == 0 else (sys.maxsize, _CRASH, None)


def _fork(work: Callable[[T], None], numbered: Sequence[tuple[int, T]]) -> _Worker:
    """Run ``work`` over the (index, item) pairs in a child process, which reports on a pipe; no atexit in it."""
    parent = os.getpid()
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return _Worker(pid, read)
    os.close(read)
    code = 0
    try:
        die_with_parent(parent)
        for index, item in numbered:
            try:
                work(item)
            except BaseException as exc:  # every failure is reported to the parent
                _write_all(write, FAILED + _failure(index, exc))
                break
            os.write(write, DONE)
    except BaseException:  # the build stopped reading (it is ending): nothing left to report to
        code = 1
    finally:
        _flush()
        os._exit(code)  # no atexit handlers, no Pelican teardown: the parent does that
    raise AssertionError("not reached")


def _failure(index: int, exc: BaseException) -> bytes:
    """The pickled report of a failed item; called in the ``except`` block that caught ``exc``."""
    if isinstance(exc, SystemExit):  # a build stopped on purpose: its messages were logged
        return pickle.dumps((index, _STOPPED, None))
    if isinstance(exc, OSError):  # a full disk, a file gone: the parent says it, once, as for its own faults
        try:
            report = pickle.dumps((index, _FAULT, exc))
            pickle.loads(report)  # noqa: S301 - checks that it comes back whole
        except Exception:  # an error type that does not pickle: its numbers and words do
            report = pickle.dumps((index, _FAULT, OSError(exc.errno, exc.strerror, exc.filename)))
        return report
    traceback.print_exc()
    return pickle.dumps((index, _CRASH, None))


def _raise(failure: Failure) -> None:
    """A build a worker stopped stops here too; a fault is raised as it was; a crash (traceback printed) is an error."""
    _, kind, error = failure
    if kind == _STOPPED:
        raise BuildStopped()  # the worker logged why
    if kind == _FAULT and error is not None:
        raise error
    raise WorkerError("a worker process failed; its error is printed above")


def _read_reports(forked: Sequence[_Worker], progress: Progress | None) -> None:
    """Read every worker's reports until each has closed its pipe (it ended), counting finished items."""
    with selectors.DefaultSelector() as selector:
        for worker in forked:
            if worker.pipe is not None:
                selector.register(worker.pipe, selectors.EVENT_READ, worker)
        while selector.get_map():
            for key, _ in selector.select():
                chunk = os.read(key.fd, 1 << 16)
                if chunk:
                    _step(progress, key.data.take(chunk))
                else:
                    selector.unregister(key.fd)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _step(progress: Progress | None, count: int) -> None:
    if progress is not None:
        for _ in range(count):  # one at a time: items reported together still pass every quarter's line
            progress.step()


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Be killed when the process ``parent`` ends, however it ends (Linux; elsewhere nothing happens).

    A build killed with ``kill -9`` must not leave its workers writing into a staging
    folder that the next build clears: the kernel sends them SIGKILL as their parent dies.
    """
    if sys.platform != "linux":
        return
    # libc's prctl from the program's own symbols: find_library("c") would run ldconfig in a subprocess (11 ms).
    prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)
    if prctl is None:
        return
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(STOPPED)


def _flush() -> None:
    """Buffered output would be printed twice: once by each side of the fork."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    for handler in logging.getLogger().handlers:
        handler.flush()
