"""Build a synthetic programme with Programmet and with plain Pelican, side by side, and compare.

    .venv/bin/python bench/run.py --events 1000 5000 10000 [--episodes 40] [--runs 3] [--work DIR]

For each N the same corpus (bench/corpus.py, plus M podcast episodes with real
audio) is built as whole processes, alternately:

- Programmet: ``pelican CONTENT -s pelicanconf.py`` with every output of the site
  (pages, facet pages, per-event calendar files, feeds, images, search index),
  a cold image cache each run, the calendar record not written;
- plain Pelican: the same Markdown files as articles and pages, Pelican's default
  theme, no plugins, the same pagination (40), its default feeds.

Then one event's title is changed and the site rebuilt on top of the last cold
build, with its caches, ``--runs`` times (the file is put back afterwards).

Printed per N: median wall time of each, their ratio, the one-event rebuild, ms per event, peak memory
(the build process and its children, from wait4), output files and bytes, and the
largest calendar feed. Timing goes here, never into the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402
from bench.episodes import write_episodes  # noqa: E402

TODAY = "2027-01-11"
BUILD_TIME = "2027-01-10T12:00:00+00:00"
PLAIN_SETTINGS = """\
# Plain Pelican on the benchmark corpus: default theme, no plugins, same pagination.
PATH = {content!r}
ARTICLE_PATHS = ["events", "series"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
DEFAULT_DATE = "fs"
# Our file names are unique; titles repeat (a weekly club), and Pelican would refuse to overwrite.
SLUGIFY_SOURCE = "basename"
TIMEZONE = "Europe/Oslo"
DEFAULT_LANG = "nb"
DEFAULT_PAGINATION = 40
SITENAME = "Benchmark"
SITEURL = ""
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


@dataclass(frozen=True)
class Output:
    files: int
    megabytes: float
    largest_ics_kb: float


def timed(command: list[str], env: dict[str, str]) -> Run:
    """Wall time and peak resident memory of one whole process (its reaped children included)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024)


def measure_output(folder: Path) -> Output:
    files = [p for p in folder.rglob("*") if p.is_file()]
    ics = [p.stat().st_size for p in files if p.suffix == ".ics"]
    return Output(len(files), sum(p.stat().st_size for p in files) / 1e6, max(ics, default=0) / 1e3)


def prepare(work: Path, events: int, episodes: int) -> Path:
    """The corpus for ``events`` (kept between runs of this script: it is deterministic)."""
    content = work / f"corpus-{events}-{episodes}" / "content"
    if not content.is_dir():
        shutil.rmtree(content.parent, ignore_errors=True)
        write_corpus(content, events=events)
        write_episodes(content, episodes)
    return content


def programmet_build(content: Path, output: Path, cache: Path) -> list[str]:
    extra = {
        "PROGRAMMET_RECORD_CALENDAR": "false",
        "PROGRAMMET_IMAGE_CACHE": f'"{cache / "images"}"',
        "PROGRAMMET_BUILD_CACHE": f'"{cache / "build"}"',
    }
    settings = [f"{key}={value}" for key, value in extra.items()]
    return [sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "pelicanconf.py"), "-o", str(output),
            "-e", *settings]  # fmt: skip


def plain_build(content: Path, output: Path, settings: Path) -> list[str]:
    return [sys.executable, "-m", "pelican", str(content), "-s", str(settings), "-o", str(output)]


def bench_one(work: Path, events: int, episodes: int, runs: int) -> dict[str, object]:
    content = prepare(work, events, episodes)
    settings = work / "plain_pelicanconf.py"
    settings.write_text(PLAIN_SETTINGS.format(content=str(content)), encoding="utf-8")
    # A fixed build time: the calendar record is not written, and the revisions it gives must not
    # change between runs (in real use the committed record keeps them).
    env = {**os.environ, "PROGRAMMET_TODAY": TODAY, "PROGRAMMET_BUILD_TIME": BUILD_TIME}
    ours, plain = [], []
    for run in range(runs):
        for folder in ("out-programmet", "out-plain", "cache"):
            shutil.rmtree(work / folder, ignore_errors=True)
        ours.append(timed(programmet_build(content, work / "out-programmet", work / "cache"), env))
        plain.append(timed(plain_build(content, work / "out-plain", settings), env))
        print(f"  N={events} run {run + 1}: Programmet {ours[-1].seconds:.1f} s, Pelican {plain[-1].seconds:.1f} s",
              flush=True)  # fmt: skip
    edits = edit_rebuilds(content, work, env, runs)
    our_time = statistics.median(r.seconds for r in ours)
    plain_time = statistics.median(r.seconds for r in plain)
    output, plain_output = measure_output(work / "out-programmet"), measure_output(work / "out-plain")
    return {
        "events": events,
        "programmet_s": our_time,
        "pelican_s": plain_time,
        "ratio": our_time / plain_time,
        "ms_per_event": 1000 * our_time / events,
        "pelican_ms_per_event": 1000 * plain_time / events,
        "peak_mb": max(r.peak_mb for r in ours),
        "pelican_peak_mb": max(r.peak_mb for r in plain),
        "files": output.files,
        "mb": output.megabytes,
        "pelican_files": plain_output.files,
        "pelican_mb": plain_output.megabytes,
        "largest_ics_kb": output.largest_ics_kb,
        "edit_s": statistics.median(r.seconds for r in edits),
        "edit_peak_mb": max(r.peak_mb for r in edits),
    }


def edit_rebuilds(content: Path, work: Path, env: dict[str, str], runs: int) -> list[Run]:
    """Change one event's title and rebuild on top of the last cold build and its caches; put it back after."""
    event = sorted((content / "events").rglob("*.md"))[len(list((content / "events").rglob("*.md"))) // 2]
    original = event.read_text(encoding="utf-8")
    title = next(line for line in original.splitlines() if line.startswith("title:"))
    rebuilds = []
    try:
        for run in range(runs):
            changed = json.dumps(f"{yaml.safe_load(title)['title']} (endret {run + 1})", ensure_ascii=False)
            event.write_text(original.replace(title, f"title: {changed}", 1), encoding="utf-8")
            rebuilds.append(timed(programmet_build(content, work / "out-programmet", work / "cache"), env))
            print(f"  one-event edit {run + 1}: {rebuilds[-1].seconds:.1f} s", flush=True)
    finally:
        event.write_text(original, encoding="utf-8")
    return rebuilds


def table(rows: list[dict[str, object]]) -> str:
    head = ("| N events | Programmet | plain Pelican | ratio | one-event edit (× our cold build) "
            "| ms/event (ours / Pelican) "
            "| peak memory (ours / Pelican) | output files (ours / Pelican) | output MB (ours / Pelican) "
            "| largest .ics |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")  # fmt: skip
    lines = [
        f"| {r['events']:,} | {r['programmet_s']:.1f} s | {r['pelican_s']:.1f} s | {r['ratio']:.2f}× "
        f"| {r['edit_s']:.1f} s ({r['edit_s'] / r['programmet_s']:.2f}×) "
        f"| {r['ms_per_event']:.1f} / {r['pelican_ms_per_event']:.1f} "
        f"| {r['peak_mb']:.0f} / {r['pelican_peak_mb']:.0f} MB "
        f"| {r['files']:,} / {r['pelican_files']:,} | {r['mb']:.0f} / {r['pelican_mb']:.0f} "
        f"| {r['largest_ics_kb']:.0f} kB |"
        for r in rows
    ]
    return "\n".join([head, *lines])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--episodes", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "programmet-bench")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = [bench_one(args.work, n, args.episodes, args.runs) for n in args.events]
    print(f"\n{time.strftime('%Y-%m-%d')}, {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, median of {args.runs} runs\n")  # fmt: skip
    print(table(rows))


if __name__ == "__main__":
    main()
