"""Weigh every page kind of the demo site: HTML + CSS + JS bytes, raw and gzip-compressed.

    python bench/page_weight.py [BUILT_SITE]

Without an argument it builds the demo (today fixed to 2026-11-23) into a
temporary folder first. Images are left out: they load lazily and responsively.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "tests")]

from helpers.page_kinds import page_kinds  # noqa: E402 - needs the paths above

TODAY = "2026-11-23"
BUDGET = 25_000  # bytes of HTML + CSS + JS for an event page (issue 5)


class Assets(HTMLParser):
    """The stylesheets and scripts a page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "stylesheet" and values.get("href"):
            self.urls.append(values["href"])
        if tag == "script" and values.get("src"):
            self.urls.append(values["src"])


def weigh(site: Path, path: str) -> tuple[int, int]:
    html = (site / path.strip("/") / "index.html").read_bytes()
    parser = Assets()
    parser.feed(html.decode("utf-8"))
    # Site-relative or absolute URLs of the site's own files (a production build links absolutely).
    paths = [urlsplit(url).path for url in parser.urls]
    files = [html] + [(site / path.lstrip("/")).read_bytes() for path in paths]
    return sum(len(f) for f in files), sum(len(gzip.compress(f, 6)) for f in files)


def build(into: Path) -> Path:
    record = into / "calendar-state.json"
    shutil.copyfile(ROOT / "content" / "calendar-state.json", record)
    subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(into / "site"),
         "-e", f'PROGRAMMET_CALENDAR_STATE="{record}"', "--log-handler", "plain", "-q"],
        cwd=ROOT, check=True, env={"PATH": "/usr/bin:/bin", "PROGRAMMET_TODAY": TODAY},
    )  # fmt: skip
    return into / "site"


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(sys.argv[1]) if len(sys.argv) > 1 else build(Path(scratch))
        print(f"{'page kind':<18} {'HTML+CSS+JS':>12} {'gzip':>8}")
        over = []
        for kind, path in sorted(page_kinds(TODAY).items()):
            raw, packed = weigh(site, path)
            print(f"{kind:<18} {raw:>12,} {packed:>8,}")
            if kind.startswith(("event", "occurrence")) and raw > BUDGET:
                over.append(kind)
        if over:
            print(f"Over the {BUDGET:,}-byte event-page budget: {', '.join(over)}")
        return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
