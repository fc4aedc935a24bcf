"""Shared helpers for the importer tests: open a content tree, read event files back, a tree of branches."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from helpers.sites import FIXTURES, ROOT
from programmet.content.frontmatter import SourceFile, split_front_matter
from programmet.tools.import_drafts import Outcome
from programmet.tools.workspace import Workspace, open_workspace, project_settings

IMPORTS = FIXTURES / "imports"


def workspace(content: Path) -> Workspace:
    """The content tree as the importers see it, read fresh (as each command run does)."""
    return open_workspace(project_settings(content, ROOT / "pelicanconf.py"))


def read_event(content: Path, relative: str) -> SourceFile:
    """An event file as the strict reader reads it back."""
    source = split_front_matter(relative, (content / relative).read_text(encoding="utf-8"))
    assert isinstance(source, SourceFile), source
    return source


def meta(content: Path, relative: str) -> dict[str, Any]:
    return read_event(content, relative).meta


def by_origin(outcomes: Iterable[Outcome]) -> dict[str, Outcome]:
    found: dict[str, Outcome] = {}
    for outcome in outcomes:
        assert outcome.origin not in found, f"two outcomes for {outcome.origin}"
        found[outcome.origin] = outcome
    return found


def demo_branches_tree(target: Path) -> Path:
    """A content tree with the demo site's six branches (and the image one of them uses), no events."""
    shutil.copytree(ROOT / "content" / "branches", target / "branches")
    (target / "images").mkdir(parents=True)
    for branch in (target / "branches").glob("*.md"):
        for line in branch.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("src: images/"):
                name = line.split("images/", 1)[1].strip()
                shutil.copy(ROOT / "content" / "images" / name, target / "images" / name)
    shutil.copytree(FIXTURES / "small" / "pages", target / "pages")
    return target
