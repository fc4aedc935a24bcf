"""Work beside the build: forked, waited for, and its stops and crashes passed on to the build."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from programmet.build.parallel import WorkerError, start_aside
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
