"""Real headless Chromium against the demo site, served on 127.0.0.1 with the recommended headers.

Chromium is Debian's (installed by `invoke browsers`, which `invoke test` and
.ci/run call); Playwright only drives it and never downloads a browser.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
DEMO_TODAY = "2026-11-23"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-quic",
]  # fmt: skip
# The header docs/hosting-headers.md recommends (tests/test_sanitizer.py checks that they agree); the
# tests serve every page with it. 'wasm-unsafe-eval' lets the search page run Pagefind's WebAssembly
# (it allows compiling WebAssembly only, not eval() of JavaScript).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
    "frame-src https://player.vimeo.com https://www.youtube-nocookie.com; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class SiteHandler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the base class's own mutable class attribute, extended
        **SimpleHTTPRequestHandler.extensions_map,
        ".ics": "text/calendar; charset=utf-8",
        ".vtt": "text/vtt; charset=utf-8",
        ".webp": "image/webp",
    }

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "strict-origin-when-cross-origin")
        if self.path.startswith("/data/"):
            # As docs/feeds.md ("Open data") recommends: other sites' scripts may read the open data.
            self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


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


def serve(folder: Path, handler: type[SimpleHTTPRequestHandler] | None = None) -> Iterator[str]:
    """Serve a built site on a free port of 127.0.0.1 (with the CSP and headers above) until closed."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler or SiteHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def base_url(demo_site: Path) -> Iterator[str]:
    yield from serve(demo_site)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield launched
        launched.close()
