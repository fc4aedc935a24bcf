"""Shared helpers: build a content tree through the real pelicanconf.py and read the result."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The small fixture's "today": a Monday in the middle of its events.
FIXTURE_TODAY = "2027-01-11"
FIXTURE_BUILD_TIME = "2027-01-10T12:00:00+00:00"


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


@pytest.fixture(autouse=True)
def _no_today_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # The environment variables win over settings; tests set them explicitly.
    monkeypatch.delenv("PROGRAMMET_TODAY", raising=False)
    monkeypatch.delenv("PROGRAMMET_BUILD_TIME", raising=False)


@pytest.fixture
def copy_fixture(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a fixture tree into tmp_path so a test can break or extend it."""

    def copy(name: str) -> Path:
        target = tmp_path / "content"
        shutil.copytree(FIXTURES / name, target)
        return target

    return copy


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture built once per module (tests only read it)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PROGRAMMET_TODAY", raising=False)
        mp.delenv("PROGRAMMET_BUILD_TIME", raising=False)
        return build_site(FIXTURES / "small", tmp_path_factory.mktemp("site"))
