"""`invoke serve`: the preview rebuilds when a file is saved and tells the open page to reload."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from helpers.scenario import Scenario
from helpers.sites import FIXTURE_TODAY, ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own local server
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.fixture
def preview(copy_fixture, tmp_path: Path):
    content = copy_fixture("small")
    port = free_port()
    command = [sys.executable, "-m", "invoke", "serve", f"--port={port}", f"--content={content}",
               f"--output={tmp_path / 'preview'}"]  # fmt: skip
    env = {**os.environ, "PROGRAMMET_TODAY": FIXTURE_TODAY}
    log = (tmp_path / "serve.log").open("wb")  # a file, not a pipe nobody reads (that would block the server)
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log)
    try:
        yield content, f"http://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        log.close()


def test_serve_rebuilds_on_save_and_injects_live_reload(preview) -> None:
    content, base = preview
    assert wait_for(lambda: fetch(f"{base}/") is not None, 60), "the preview never answered"
    front = fetch(f"{base}/")
    assert "livereload.js" in front, "the page would not reload itself"
    Scenario(content).set("series/babyklubb.md", title="Babyklubben med nytt navn")
    assert wait_for(lambda: "Babyklubben med nytt navn" in (fetch(f"{base}/serier/") or ""), 60)
