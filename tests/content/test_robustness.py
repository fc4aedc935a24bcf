"""Whatever a content file holds, the build answers with errors, never a crash.

Every top-level field of every fixture file is replaced by values of the wrong
shape; loading the catalog must not raise, and a file that is broken must not
drag other files down with it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from helpers.sites import FIXTURES, ROOT
from pelican.settings import read_settings as read_pelican_settings
from programmet.content.catalog import load_catalog
from programmet.content.frontmatter import load_yaml
from programmet.content.markup import markdown_renderer
from programmet.settings import read_settings

ODD_VALUES = [None, "", [], {}, 0, -1, 3.5, True, "x" * 300, [1, [2]], {"a": {"b": 1}}, "2027-02-30 18:00", "???"]


def cases() -> list[tuple[str, str, str, str | None]]:
    """(fixture, file, field, nested field or None) for every field, one level of nesting included."""
    found = []
    for tree in ("small", "shows"):
        for file in sorted((FIXTURES / tree).rglob("*.md")):
            meta = load_yaml(file.read_text(encoding="utf-8").split("---")[1])
            path = file.relative_to(FIXTURES / tree).as_posix()
            for key, value in meta.items():
                found.append((tree, path, key, None))
                if isinstance(value, dict):
                    found += [(tree, path, key, str(sub)) for sub in value]
    return found


def replace_value(meta: dict, key: str, sub: str | None, value: object) -> None:
    if sub is None:
        meta[key] = value
    else:
        nested = meta[key]
        nested[next(k for k in nested if str(k) == sub)] = value


@pytest.mark.parametrize(("tree", "path", "key", "sub"), cases())
def test_odd_values_give_errors_not_crashes(tree: str, path: str, key: str, sub: str | None, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / tree, content)
    target = content / path
    _, front, body = target.read_text(encoding="utf-8").split("---", 2)
    meta = load_yaml(front)
    settings = read_settings(
        read_pelican_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)}), environ={}
    )
    for value in ODD_VALUES:
        replace_value(meta, key, sub, value)
        target.write_text(f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---{body}", encoding="utf-8")
        _, errors = load_catalog(settings, markdown_renderer())
        own = [e for e in errors if e.path == path]
        others = [e for e in errors if e.path != path]
        # A broken file is reported once, in itself; other files may only fail because
        # of a change that was valid (a branch that really lost a room, say).
        # Without an id, though, nothing can refer to a branch or series.
        if own and key != "id":
            assert others == [], (value, errors)
