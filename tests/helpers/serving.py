"""A built site served on 127.0.0.1 with the headers docs/hosting-headers.md recommends."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# The header docs/hosting-headers.md recommends (tests/content/test_sanitizer.py checks that they agree); the
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


def serve(folder: Path, handler: type[SimpleHTTPRequestHandler] | None = None) -> Iterator[str]:
    """Serve a built site on a free port of 127.0.0.1 (with the CSP and headers above) until closed."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler or SiteHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
