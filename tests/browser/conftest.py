"""Real headless Chromium against the demo site, served on 127.0.0.1 with the recommended headers
(tests/helpers/serving.py).

Chromium is Debian's (installed by `invoke browsers`, which `invoke test` and
.ci/run call); Playwright only drives it and never downloads a browser.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.serving import serve
from helpers.sites import DEMO_TODAY, ROOT
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-quic",
]  # fmt: skip


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo content built as the preview builds it (root-relative links), on a fixed day."""
    work = tmp_path_factory.mktemp("browser")
    record = work / "calendar-state.json"
    shutil.copyfile(ROOT / "content" / "calendar-state.json", record)
    output = work / "site"
    subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(output),
         "-e", f'PROGRAMMET_CALENDAR_STATE="{record}"', "--log-handler", "plain"],
        cwd=ROOT, check=True, capture_output=True, env={"PATH": "/usr/bin:/bin", "PROGRAMMET_TODAY": DEMO_TODAY},
    )  # fmt: skip
    return output


@pytest.fixture(scope="session")
def base_url(demo_site: Path) -> Iterator[str]:
    yield from serve(demo_site)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield launched
        launched.close()
