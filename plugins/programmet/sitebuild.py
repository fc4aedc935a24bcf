"""Build the site elsewhere, then swap it in: a failed build never touches output/.

Pelican writes into its output folder as it goes (and its own cleaning runs
before any content is read), so the strict build runs Pelican into a fresh
staging folder beside the output and only replaces the output when Pelican
succeeded.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def pelican_command(content: Path, settings_file: Path, output: Path, overrides: Mapping[str, Any]) -> list[str]:
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings_file), "-o", str(output)]
    command += ["--log-handler", "plain"]
    for key, value in overrides.items():
        command += ["-e", f"{key}={json.dumps(value)}"]
    return command


def build_atomically(
    content: Path,
    settings_file: Path,
    output: Path,
    overrides: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
) -> int:
    """Run Pelican into a staging folder; on success, replace ``output`` with it.

    Returns Pelican's exit code. On failure the staging folder is removed and
    ``output`` is left exactly as it was.
    """
    output = output.resolve()
    staging = output.with_name(f"{output.name}.staging")
    retired = output.with_name(f"{output.name}.old")
    for leftover in (staging, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    command = pelican_command(content, settings_file, staging, overrides or {})
    result = subprocess.run(command, env={**os.environ, **(env or {})}, check=False)  # noqa: S603
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        return result.returncode
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)
    return 0
