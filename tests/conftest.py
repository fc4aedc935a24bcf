"""Fixtures shared by every test folder; the helpers they use are in tests/helpers/.

pytest's default import mode puts this folder (tests/) on sys.path, so test modules in any
subfolder import their helpers as ``from helpers.sites import build_site``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.scenario import Scenario
from helpers.sites import FIXTURES, build_site


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


@pytest.fixture
def scenario(tmp_path: Path) -> Callable[[str], Scenario]:
    """A copy of a fixture tree in tmp_path/content, to edit by front-matter field (helpers/scenario.py)."""
    return lambda name: Scenario.copy_of(name, tmp_path / "content")


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture built once per module (tests only read it)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PROGRAMMET_TODAY", raising=False)
        mp.delenv("PROGRAMMET_BUILD_TIME", raising=False)
        return build_site(FIXTURES / "small", tmp_path_factory.mktemp("site"))
