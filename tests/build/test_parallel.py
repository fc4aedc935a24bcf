"""Work over many items and work beside the build: forked or on threads, waited for, failures passed on."""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from programmet.build.parallel import WorkerError, run_parallel, start_aside
from programmet.content.errors import BuildStopped

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the aside runs in place where fork is missing")


def test_an_aside_runs_in_another_process_while_the_caller_goes_on(tmp_path: Path) -> None:
    ready, done = tmp_path / "ready", tmp_path / "done"
    read, write = os.pipe()

    def work() -> None:
        os.read(read, 1)  # waits until the caller has gone on past start_aside
        done.write_text(str(os.getpid()))

    aside = start_aside(work)
    ready.write_text("the caller went on")
    os.write(write, b"x")
    aside.join()
    assert int(done.read_text()) != os.getpid()
    assert ready.is_file()


def test_a_build_the_aside_stops_is_stopped_by_join_without_a_traceback(capfd: pytest.CaptureFixture[str]) -> None:
    def work() -> None:
        print("Search index: broken. Build stopped.", file=sys.stderr)
        raise BuildStopped()

    aside = start_aside(work)
    with pytest.raises(BuildStopped):
        aside.join()
    err = capfd.readouterr().err
    assert "Build stopped." in err and "Traceback" not in err


def test_a_crash_in_the_aside_is_an_error_with_its_traceback(capfd: pytest.CaptureFixture[str]) -> None:
    def work() -> None:
        raise ValueError("a bug in the aside")

    aside = start_aside(work)
    with pytest.raises(WorkerError):
        aside.join()
    assert "ValueError: a bug in the aside" in capfd.readouterr().err


# -- run_parallel: one way to run a list of items on every core -------------------------------------------------


def mark(folder: Path) -> Callable[[int], None]:
    """Work that leaves a file per item, named after the item, holding the process that did it."""

    def work(item: int) -> None:
        (folder / str(item)).write_text(str(os.getpid()))

    return work


def test_items_that_hold_the_gil_run_in_forked_processes_and_every_one_is_done(tmp_path: Path) -> None:
    assert run_parallel(mark(tmp_path), range(10), workers=2) == 2
    makers = {int((tmp_path / str(item)).read_text()) for item in range(10)}
    assert len(makers) == 2 and os.getpid() not in makers


def test_one_worker_runs_the_items_here_in_order(tmp_path: Path) -> None:
    done: list[int] = []
    assert run_parallel(done.append, [3, 1, 2], workers=1) == 1
    assert done == [3, 1, 2]


def test_the_first_failing_item_in_order_is_raised_as_the_worker_raised_it(tmp_path: Path) -> None:
    def work(item: int) -> None:
        if item in (3, 6):  # with two workers, 6 is the first of its worker's items to fail, 3 of the other's
            (tmp_path / f"missing-{item}" / "file").read_text()

    with pytest.raises(FileNotFoundError, match=r"missing-3"):
        run_parallel(work, range(10), workers=2)


def test_a_build_a_worker_stops_is_stopped_here_without_a_traceback(capfd: pytest.CaptureFixture[str]) -> None:
    def work(item: int) -> None:
        if item == 5:
            print("Share images: broken. Build stopped.", file=sys.stderr)
            raise BuildStopped()

    with pytest.raises(BuildStopped):
        run_parallel(work, range(8), workers=2)
    err = capfd.readouterr().err
    assert "Build stopped." in err and "Traceback" not in err


def test_a_crash_in_a_worker_is_an_error_with_its_traceback(capfd: pytest.CaptureFixture[str]) -> None:
    def work(item: int) -> None:
        if item == 1:
            raise ValueError("a bug in a worker")

    with pytest.raises(WorkerError):
        run_parallel(work, range(4), workers=2)
    assert "ValueError: a bug in a worker" in capfd.readouterr().err


def test_a_worker_killed_before_it_could_report_is_an_error() -> None:
    def work(item: int) -> None:
        if item == 1:
            os.kill(os.getpid(), signal.SIGKILL)

    with pytest.raises(WorkerError):
        run_parallel(work, range(4), workers=2)


def test_work_that_releases_the_gil_runs_on_threads_and_raises_the_first_failure_in_order() -> None:
    def work(item: int) -> None:
        if item in (2, 5):
            raise ValueError(f"item {item}")

    with pytest.raises(ValueError, match="item 2"):
        run_parallel(work, range(8), workers=2, releases_gil=True)
    done: list[int] = []
    assert run_parallel(done.append, range(8), workers=2, releases_gil=True) == 2
    assert sorted(done) == list(range(8))  # the threads share this process's memory


@pytest.mark.parametrize("releases_gil", [False, True])
def test_long_work_says_how_far_it_has_come(tmp_path: Path, releases_gil: bool) -> None:
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("programmet.build.parallel")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        # A label of its own: Pelican's loggers drop a message they logged before.
        label = f"Drawing on {'threads' if releases_gil else 'processes'}"
        run_parallel(lambda item: None, range(800), workers=2, label=label, releases_gil=releases_gil)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert lines == [f"{label}: 25% (200 of 800)", f"{label}: 50% (400 of 800)", f"{label}: 75% (600 of 800)"]


def test_neighbouring_items_go_to_one_worker(tmp_path: Path) -> None:
    """Runs of neighbours, so that work which reuses what it did for the item before (a card's photo) can."""
    run_parallel(mark(tmp_path), range(160), workers=2)
    makers = [int((tmp_path / str(item)).read_text()) for item in range(160)]
    changes = sum(1 for before, after in pairwise(makers) if before != after)
    assert len(set(makers)) == 2 and changes < 40
