"""`invoke --list` shows every staff task with its one-line help."""

from __future__ import annotations

import subprocess
import sys

from helpers.sites import ROOT

TASKS = ["build", "serve", "check", "new-event", "new-series", "new-episode", "import-csv", "import-ics", "publish",
         "test", "lint"]  # fmt: skip


def test_every_task_is_listed_with_help() -> None:
    listed = subprocess.run(
        [sys.executable, "-m", "invoke", "--list"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    helps = {}
    for line in listed.splitlines():
        name, _, help_text = line.strip().partition(" ")
        helps[name] = help_text.strip()
    for name in TASKS:
        assert helps.get(name), f"invoke --list has no help line for {name!r}:\n{listed}"


def test_lint_task_passes_on_the_project() -> None:
    result = subprocess.run([sys.executable, "-m", "invoke", "lint"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
