"""Two builds of the same content give byte-identical sites.

This is what lets a publish upload only what changed, and what lets anyone check
that the published site came from the committed content. The builds run the way
staff run them (`invoke build`, no fixed clock), the first with an empty image
cache and the second with a warm one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers.sites import ROOT
from helpers.snapshots import snapshot


def invoke_build(content: Path, output: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROGRAMMET_")}
    command = [sys.executable, "-m", "invoke", "build", f"--content={content}", f"--output={output}"]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)


def test_two_builds_of_the_demo_are_byte_identical(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    invoke_build(content, tmp_path / "first")
    record = (content / "calendar-state.json").read_bytes()
    invoke_build(content, tmp_path / "second")

    first, second = snapshot(tmp_path / "first"), snapshot(tmp_path / "second")
    assert len(first) > 1000
    assert any(name.startswith("pagefind/filter/") for name in first)  # the search index is compared too
    assert [name for name in first if first[name] != second.get(name)] == []
    assert sorted(second) == sorted(first)
    assert (content / "calendar-state.json").read_bytes() == record
