"""The served folder is always one whole site: whatever other builds, the caches and the disk do.

These run the real ``invoke build`` (the task a librarian runs, with its Pelican
process) at the same time as other builds, with the caches damaged or taken away
while it runs, on a full disk and into folders it may not write; and check the
served folder, byte for byte, against a site built alone.
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
from helpers.scenario import Scenario
from helpers.sites import FIXTURE_BUILD_TIME, FIXTURE_TODAY, FIXTURES, ROOT
from helpers.snapshots import snapshot
from PIL import Image
from programmet.build.atomic import SEAL_SIZE
from programmet.build.staged_build import BUSY, build_atomically

ENV = {"PROGRAMMET_TODAY": FIXTURE_TODAY, "PROGRAMMET_BUILD_TIME": FIXTURE_BUILD_TIME}
SETTINGS = ROOT / "pelicanconf.py"
BUILD_LIMIT = 300  # seconds; a build of the small fixture takes a few


def invoke(*args: str) -> subprocess.Popen[str]:
    """A real `invoke` task in its own process group (so that a test can stop it with its Pelican process)."""
    return subprocess.Popen(
        [sys.executable, "-m", "invoke", *args], cwd=ROOT, env={**os.environ, **ENV}, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = process.communicate(timeout=BUILD_LIMIT)
    return process.returncode, out + err


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """The small fixture with a photo (so that renditions and share images come from the image cache)."""
    folder = tmp_path / "content"
    shutil.copytree(FIXTURES / "small", folder)
    (folder / "images").mkdir()
    Image.effect_noise((1000, 700), 40).convert("RGB").save(folder / "images" / "foto.jpg", quality=85)
    Scenario(folder).set("events/2027/01/2027-01-14-forfatterkveld.md", image="{src: images/foto.jpg, alt: Støy}")
    return folder


@pytest.fixture
def alone(content: Path, tmp_path: Path) -> dict[str, str]:
    """The site as one build alone makes it: what every served folder below must be, byte for byte."""
    code, said = finish(invoke("build", f"--content={content}", f"--output={tmp_path / 'alone'}"))
    assert code == 0, said
    return snapshot(tmp_path / "alone")


class Watcher:
    """Reads the served folder's front page all the time; remembers every moment it was missing or empty."""

    def __init__(self, output: Path) -> None:
        self.page = output / "index.html"
        self.gaps = 0
        self.reads = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch)

    def _watch(self) -> None:
        while not self._stop.is_set():
            try:
                if b"</html>" not in self.page.read_bytes():
                    self.gaps += 1
            except OSError:
                self.gaps += 1
            self.reads += 1

    def __enter__(self) -> Watcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def wait_until_it_holds(build: subprocess.Popen[str], lock: Path) -> None:
    """Wait until ``build`` has taken the lock (the lock file names its process)."""
    deadline = time.monotonic() + BUILD_LIMIT
    while f'"pid": {build.pid},' not in _read(lock):
        assert time.monotonic() < deadline and build.poll() is None, "the build never took the lock"
        time.sleep(0.01)


# -- one build at a time ----------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["together", "once the first holds the folder"])
def test_a_second_build_of_the_same_folder_is_told_who_is_building(
    content: Path, tmp_path: Path, alone: dict[str, str], start: str
) -> None:
    output = tmp_path / "output"
    assert finish(invoke("build", f"--content={content}", f"--output={output}"))[0] == 0
    shutil.rmtree(tmp_path / "cache")  # a cold build takes seconds: the two surely overlap
    with Watcher(output) as watcher:
        first = invoke("build", f"--content={content}", f"--output={output}")
        if start != "together":
            wait_until_it_holds(first, tmp_path / ".output.lock")
        second = invoke("build", f"--content={content}", f"--output={output}")
        (first_code, first_said), (second_code, second_said) = finish(first), finish(second)

    # Started together, either may be first; the other is told which process holds the folder.
    (winner, _), (loser, told) = sorted([(first_code, first_said), (second_code, second_said)])
    holder = first if loser == second_code and told == second_said else second
    assert (winner, loser) == (0, BUSY), first_said + second_said
    assert f"process {holder.pid} on" in told
    assert "Traceback" not in first_said + second_said
    assert watcher.reads > 100 and watcher.gaps == 0
    assert snapshot(output) == alone
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".alone.lock",
        ".output.lock",
        "alone",
        "cache",
        "content",
        "output",
    ]


def test_the_preview_waits_for_a_running_build_and_both_publish_whole_sites(
    content: Path, tmp_path: Path, alone: dict[str, str]
) -> None:
    """`invoke serve` rebuilds with wait=True: it waits for `invoke build` instead of failing or mixing in."""
    output = tmp_path / "output"
    assert finish(invoke("build", f"--content={content}", f"--output={output}"))[0] == 0
    build = invoke("build", f"--content={content}", f"--output={output}")
    wait_until_it_holds(build, tmp_path / ".output.lock")
    with Watcher(output) as watcher:
        preview = build_atomically(content, SETTINGS, output, {"PROGRAMMET_STRICT": False}, env=ENV, wait=True)
        code, said = finish(build)
    assert (code, preview) == (0, 0), said
    assert watcher.gaps == 0
    assert snapshot(output) == alone


def test_a_check_beside_a_build_shares_the_caches_without_harm(
    content: Path, tmp_path: Path, alone: dict[str, str]
) -> None:
    """`invoke check` builds into a scratch folder with the same caches: it waits its turn for them."""
    output = tmp_path / "output"
    shutil.rmtree(tmp_path / "cache")
    build = invoke("build", f"--content={content}", f"--output={output}")
    check = invoke("check", f"--content={content}")
    (build_code, build_said), (check_code, check_said) = finish(build), finish(check)
    assert build_code == 0, build_said
    assert check_code == 0, check_said
    assert "Traceback" not in build_said + check_said
    assert snapshot(output) == alone


def test_a_build_killed_while_another_waits_leaves_it_a_clean_start(
    content: Path, tmp_path: Path, alone: dict[str, str]
) -> None:
    """The kernel lets go of a killed build's lock: the waiting one builds, and clears the killed one's staging."""
    output = tmp_path / "output"
    first = invoke("build", f"--content={content}", f"--output={output}")
    staging = tmp_path / "output.builds"
    deadline = time.monotonic() + BUILD_LIMIT
    while not any(staging.glob("staging-*/*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    waiting: list[int] = []
    thread = threading.Thread(
        target=lambda: waiting.append(build_atomically(content, SETTINGS, output, env=ENV, wait=True))
    )
    thread.start()
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    thread.join(timeout=BUILD_LIMIT)
    assert waiting == [0]
    assert snapshot(output) == alone
    assert not staging.exists()


# -- the caches can only make a build slower ----------------------------------------------------------


def damage(path: Path) -> None:
    """Change one byte in the middle of a file, or cut a small one short: what a disk or an editor might do."""
    data = bytearray(path.read_bytes())
    if len(data) > SEAL_SIZE + 8:
        data[len(data) // 2] ^= 0x55
        path.write_bytes(bytes(data))
    else:
        path.write_bytes(bytes(data[: len(data) // 2]))


def test_a_damaged_cache_changes_nothing_that_is_served_and_only_makes_a_build_slower(
    content: Path, tmp_path: Path, alone: dict[str, str]
) -> None:
    output = tmp_path / "output"
    assert finish(invoke("build", f"--content={content}", f"--output={output}"))[0] == 0
    cache = tmp_path / "cache"
    damaged = [path for path in sorted(cache.rglob("*")) if path.is_file() and path.name != ".lock"]
    assert len(damaged) > 100
    for number, path in enumerate(damaged):
        if number % 2:
            path.write_bytes(b"")  # cut short entirely
        else:
            damage(path)

    assert snapshot(output) == alone  # the served site shares nothing with the cache

    code, said = finish(invoke("build", f"--content={content}", f"--output={output}"))
    assert code == 0, said
    assert "damaged" in said
    assert "Traceback" not in said
    assert snapshot(output) == alone


def test_caches_taken_away_while_builds_run_never_show_in_the_site(
    content: Path, tmp_path: Path, alone: dict[str, str]
) -> None:
    """Someone runs `rm -rf cache` again and again during three builds: each still builds, or stops with one line."""
    output = tmp_path / "output"
    assert finish(invoke("build", f"--content={content}", f"--output={output}"))[0] == 0
    stop = threading.Event()

    def take_caches_away() -> None:
        while not stop.is_set():
            shutil.rmtree(tmp_path / "cache", ignore_errors=True)
            time.sleep(0.05)

    remover = threading.Thread(target=take_caches_away)
    remover.start()
    try:
        results = [finish(invoke("build", f"--content={content}", f"--output={output}")) for _ in range(3)]
    finally:
        stop.set()
        remover.join()
    for code, said in results:
        assert "Traceback" not in said
        assert code == 0 or len([line for line in said.splitlines() if line.startswith("ERROR: ")]) == 1, said
    assert snapshot(output) == alone


# -- the disk says no ------------------------------------------------------------------------------------

# Runs as root in a mount namespace of its own (unshare), so that it can mount a small disk.
IN_A_SMALL_DISK = r"""
set -u
D="$WORK/disk"; mkdir -p "$D"
mount -t tmpfs -o size=16M tmpfs "$D"
cp -r "$CONTENT" "$D/content"
"$PYTHON" -m invoke build --content "$D/content" --output "$D/output" > "$WORK/first.log" 2>&1 || exit 11
fingerprint() { (cd "$D/output" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum); }
before=$(fingerprint)
avail=$(df --output=avail -B1 "$D" | tail -1)
fallocate -l $((avail - LEFT)) "$D/filler"
echo "Endret." >> "$D/content/pages/om.md"
"$PYTHON" -m invoke build --content "$D/content" --output "$D/output" > "$WORK/build.log" 2>&1
echo "exit=$?"
[ "$before" = "$(fingerprint)" ] && echo "unchanged=yes" || echo "unchanged=no"
echo "beside=$(ls -A "$D" | tr '\n' ' ')"
"""

# The output folder (or, with PARENT=1, the folder it lives in) mounted read-only.
INTO_A_READ_ONLY_FOLDER = r"""
set -u
D="$WORK/site"; mkdir -p "$D"
cp -r "$CONTENT" "$D/content"
"$PYTHON" -m invoke build --content "$D/content" --output "$D/output" > "$WORK/first.log" 2>&1 || exit 11
fingerprint() { (cd "$D/output" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum); }
before=$(fingerprint)
echo "Endret." >> "$D/content/pages/om.md"
if [ "$PARENT" = 1 ]; then R="$D"; else R="$D/output"; fi
mount --bind "$R" "$R" && mount -o remount,bind,ro "$R"
"$PYTHON" -m invoke build --content "$D/content" --output "$D/output" > "$WORK/build.log" 2>&1
echo "exit=$?"
[ "$before" = "$(fingerprint)" ] && echo "unchanged=yes" || echo "unchanged=no"
echo "beside=$(ls -A "$D" | tr '\n' ' ')"
"""


def in_own_mounts(script: str, work: Path, content: Path, **variables: str) -> dict[str, str]:
    """Run ``script`` as root of a new user and mount namespace (mounts vanish with it); its key=value lines."""
    env = {**os.environ, **ENV, "WORK": str(work), "CONTENT": str(content), "PYTHON": sys.executable, **variables}
    done = subprocess.run(
        ["/usr/bin/unshare", "--map-root-user", "--mount", "bash", "-c", script], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=BUILD_LIMIT,
    )  # fmt: skip
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}\n{_read(work / 'first.log')}"
    return dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


@pytest.mark.parametrize("left", [20_000, 300_000, 1_500_000, 3_000_000])
def test_a_full_disk_stops_the_build_with_one_line_and_the_site_as_it_was(
    content: Path, tmp_path: Path, left: int
) -> None:
    result = in_own_mounts(IN_A_SMALL_DISK, tmp_path, content, LEFT=str(left))
    said = _read(tmp_path / "build.log")
    assert result["exit"] != "0", said
    assert "Traceback" not in said
    assert len([line for line in said.splitlines() if line.startswith("ERROR: ")]) == 1, said
    assert "disk is full" in said or "No space left on device" in said
    assert result["unchanged"] == "yes"
    assert result["beside"].split() == [".output.lock", "cache", "content", "filler", "output"]


@pytest.mark.parametrize("parent", ["0", "1"], ids=["output read-only", "its folder read-only"])
def test_a_folder_that_may_not_be_written_stops_the_build_with_one_line(
    content: Path, tmp_path: Path, parent: str
) -> None:
    result = in_own_mounts(INTO_A_READ_ONLY_FOLDER, tmp_path, content, PARENT=parent)
    said = _read(tmp_path / "build.log")
    assert result["exit"] != "0", said
    assert "Traceback" not in said
    assert len([line for line in said.splitlines() if line.startswith("ERROR: ")]) == 1, said
    assert result["unchanged"] == "yes"
    assert result["beside"].split() == [".output.lock", "cache", "content", "output"]
