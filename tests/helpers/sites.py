"""Where the project and the test fixtures are, and the site built from a content tree and read back.

Build tests build through the real pelicanconf.py in-process and parse the pages they assert on.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
# The small fixture's "today": a Monday in the middle of its events.
FIXTURE_TODAY = "2027-01-11"
FIXTURE_BUILD_TIME = "2027-01-10T12:00:00+00:00"
# The day the browser tests build the demo content on.
DEMO_TODAY = "2026-11-23"


def build_site(content: Path, output: Path, today: str = FIXTURE_TODAY, **overrides) -> Path:
    """Build ``content`` into ``output`` in-process with the project's pelicanconf.py.

    The calendar record and the image and build caches go beside the output (not into the
    fixture), and the build time is fixed, so tests never write into the repository.
    """
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "PROGRAMMET_TODAY": today,
            "PROGRAMMET_CALENDAR_STATE": str(output.parent / f"{output.name}-calendar-state.json"),
            "PROGRAMMET_IMAGE_CACHE": str(output.parent / f"{output.name}-image-cache"),
            "PROGRAMMET_BUILD_CACHE": str(output.parent / f"{output.name}-build-cache"),
            "PROGRAMMET_BUILD_TIME": FIXTURE_BUILD_TIME,
            **overrides,
        },
    )
    Pelican(settings).run()
    return output


def page(output: Path, url: str) -> BeautifulSoup:
    """Parse the page at ``url`` (like 'arrangement/x/') from a built site."""
    return BeautifulSoup((output / url / "index.html").read_text(encoding="utf-8"), "html.parser")
