"""A build that is killed, fails or is stopped never leaves a half-written site where it is served from.

The tests kill real builds (`invoke build`, a Pelican process) while they write,
and watch the served folder from another thread while finished builds are
swapped in.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers.sites import FIXTURE_TODAY, FIXTURES, ROOT
from helpers.snapshots import snapshot
from programmet.build import swap
from programmet.build.staged_build import build_atomically
from programmet.build.swap import exchange, swap_in

ENV = {"PROGRAMMET_TODAY": FIXTURE_TODAY, "PROGRAMMET_BUILD_TIME": "2027-01-10T12:00:00+00:00"}
OVERRIDES = {"PROGRAMMET_RECORD_CALENDAR": False}


def invoke_build(content: Path, output: Path) -> subprocess.Popen:
    """`invoke build` in its own process group, so the test can kill the task and Pelican together."""
    command = [sys.executable, "-m", "invoke", "build", f"--content={content}", f"--output={output}"]
    return subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **ENV}, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def files_in(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


def kill_when_writing(build: subprocess.Popen, staging: Path, files: int) -> int:
    """Kill the whole build once ``files`` files are in its staging folder; how many there were."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and build.poll() is None:
        written = files_in(staging) if staging.exists() else 0
        if written >= files:
            os.killpg(build.pid, signal.SIGKILL)
            build.wait()
            return written
        time.sleep(0.005)
    pytest.fail("the build finished before it could be killed")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A copy of the demo content: big enough that a build takes seconds to write."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    return content


def test_killing_invoke_build_half_way_leaves_the_served_site_as_it_was(demo: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    assert invoke_build(demo, output).wait(timeout=300) == 0
    before = snapshot(output)
    (demo / "pages" / "om.md").write_text(
        (demo / "pages" / "om.md").read_text(encoding="utf-8") + "\nEn ny setning.\n", encoding="utf-8"
    )

    written = kill_when_writing(invoke_build(demo, output), tmp_path / "output.builds", files=100)

    assert written >= 100  # it was killed in the middle of writing, not before
    assert snapshot(output) == before
    # The next build clears what the killed one left and publishes the edit.
    assert invoke_build(demo, output).wait(timeout=300) == 0
    assert "En ny setning." in (output / "om" / "index.html").read_text(encoding="utf-8")
    assert not (tmp_path / "output.builds").exists()


def test_a_first_build_that_is_killed_publishes_nothing(demo: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    kill_when_writing(invoke_build(demo, output), tmp_path / "output.builds", files=50)
    assert not output.exists()


def test_a_build_that_hangs_is_stopped_and_publishes_nothing(tmp_path: Path) -> None:
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the published site", encoding="utf-8")
    settings = tmp_path / "hanging.py"
    # Settings that never finish loading stand in for any build that hangs.
    settings.write_text(f"from pathlib import Path\nexec(Path({str(ROOT / 'pelicanconf.py')!r}).read_text())\n"
                        "import time\ntime.sleep(600)\n", encoding="utf-8")  # fmt: skip
    started = time.monotonic()
    code = build_atomically(FIXTURES / "small", settings, output, OVERRIDES, env=ENV, timeout=3)
    assert code == 124
    assert time.monotonic() - started < 60
    assert (output / "index.html").read_text(encoding="utf-8") == "the published site"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.lock", "hanging.py", "output"]


def test_a_build_that_hangs_is_stopped_with_every_process_it_started(tmp_path: Path) -> None:
    """Pelican's forked page workers are stopped with it: none goes on writing after the build gave up."""
    worker = tmp_path / "worker.pid"
    settings = tmp_path / "forking.py"
    settings.write_text(
        f"from pathlib import Path\nexec(Path({str(ROOT / 'pelicanconf.py')!r}).read_text())\n"
        "import os, time\n"
        "if os.fork() == 0:\n"
        f"    Path({str(worker)!r}).write_text(str(os.getpid()))\n"
        "    time.sleep(600)\n"
        "    os._exit(0)\n"
        "time.sleep(600)\n",
        encoding="utf-8",
    )
    code = build_atomically(FIXTURES / "small", settings, tmp_path / "output", OVERRIDES, env=ENV, timeout=3)
    assert code == 124
    pid = int(worker.read_text())
    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid)


def alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status


def test_the_served_folder_is_never_missing_or_mixed_while_builds_swap_in(tmp_path: Path) -> None:
    """A reader polling the site during 200 swaps sees one whole site or the other, never a gap."""
    target = tmp_path / "site"
    make_site(target, "0")
    seen: list[str] = []
    stop = threading.Event()

    def read_constantly() -> None:
        while not stop.is_set():
            try:
                seen.append((target / "index.html").read_text() + "/" + (target / "b" / "page.html").read_text())
            except FileNotFoundError:
                seen.append("missing")

    reader = threading.Thread(target=read_constantly)
    reader.start()
    try:
        for version in range(1, 201):
            make_site(tmp_path / "new", str(version))
            swap_in(tmp_path / "new", target, tmp_path / "site.old")
    finally:
        stop.set()
        reader.join()
    assert "missing" not in seen
    # Two files read a moment apart may come from two versions in a row, never from a half-written one.
    assert all(read.split("/")[0].isdigit() and read.split("/")[1].isdigit() for read in seen)
    assert (target / "index.html").read_text() == "200"


def make_site(folder: Path, version: str) -> None:
    (folder / "b").mkdir(parents=True)
    (folder / "index.html").write_text(version)
    (folder / "b" / "page.html").write_text(version)


def test_linux_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    if sys.platform != "linux":
        pytest.skip("renameat2 is Linux's")
    make_site(tmp_path / "a", "a")
    make_site(tmp_path / "b", "b")
    assert exchange(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "a" / "index.html").read_text() == "b"
    assert (tmp_path / "b" / "index.html").read_text() == "a"


def test_without_renameat2_the_swap_is_two_renames_and_the_old_folder_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(swap, "exchange", lambda first, second: False)
    make_site(tmp_path / "site", "old")
    make_site(tmp_path / "new", "new")
    swap_in(tmp_path / "new", tmp_path / "site", tmp_path / "site.old")
    assert (tmp_path / "site" / "index.html").read_text() == "new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_a_fallback_swap_whose_second_rename_fails_puts_the_old_folder_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(swap, "exchange", lambda first, second: False)
    make_site(tmp_path / "site", "old")
    with pytest.raises(FileNotFoundError):
        swap_in(tmp_path / "never-built", tmp_path / "site", tmp_path / "site.old")
    assert (tmp_path / "site" / "index.html").read_text() == "old"
    assert not (tmp_path / "site.old").exists()


def test_recovery_puts_back_the_newest_retired_folder_only_when_the_target_is_gone(tmp_path: Path) -> None:
    make_site(tmp_path / "work" / "old-1", "1")
    make_site(tmp_path / "work" / "old-2", "2")
    swap.recover(tmp_path / "site", [tmp_path / "work" / "old-1", tmp_path / "work" / "old-2"], [tmp_path / "work"])
    assert (tmp_path / "site" / "index.html").read_text() == "2"
    assert not (tmp_path / "work").exists()
    make_site(tmp_path / "site.old", "older")
    swap.recover(tmp_path / "site", [tmp_path / "site.old"], [tmp_path / "site.old"])
    assert (tmp_path / "site" / "index.html").read_text() == "2"
    assert not (tmp_path / "site.old").exists()


def test_a_build_killed_between_the_fallback_renames_gets_its_site_back(copy_fixture, tmp_path: Path) -> None:
    """Without renameat2 the swap is two renames; a kill between them leaves the site only in output.builds/.

    The next build puts it back first, so even when that build fails, the site is served again.
    """
    output = tmp_path / "output"
    make_site(tmp_path / "output.builds" / "old-x1y2", "7")
    content = copy_fixture("small")
    (content / "series" / "babyklubb.md").write_text("---\nid: babyklubb\n---\n", encoding="utf-8")
    assert build_atomically(content, ROOT / "pelicanconf.py", output, OVERRIDES, env=ENV) == 1
    assert (output / "index.html").read_text() == "7"
    assert not (tmp_path / "output.builds").exists()
