"""bench/corpus.py writes the same tree for the same seed, and the tree builds strictly."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.sites import ROOT, build_site
from helpers.snapshots import snapshot
from pelican.settings import read_settings as read_pelican_settings
from programmet.content.catalog import load_catalog
from programmet.content.markup import markdown_renderer
from programmet.settings import read_settings

from bench.corpus import write_corpus

TODAY = "2027-01-11"


def test_the_same_seed_gives_a_byte_identical_tree(tmp_path: Path) -> None:
    first = write_corpus(tmp_path / "a", events=80, series=6, seed=7)
    second = write_corpus(tmp_path / "b", events=80, series=6, seed=7)
    a, b = snapshot(tmp_path / "a", contents=True), snapshot(tmp_path / "b", contents=True)
    assert first == second
    assert list(a) == list(b)
    assert a == b
    assert len(a) == first.files == 6 + 6 + 80 + 1 + 1
    assert sum(map(len, a.values())) == first.total_bytes


def test_a_different_seed_gives_a_different_tree(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", events=80, series=6, seed=1)
    write_corpus(tmp_path / "b", events=80, series=6, seed=2)
    assert snapshot(tmp_path / "a", contents=True) != snapshot(tmp_path / "b", contents=True)


def test_a_folder_with_files_is_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_corpus(tmp_path, events=1, series=0)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("corpus") / "content"
    stats = write_corpus(content, events=120, series=8, seed=3)
    assert (stats.events, stats.series, stats.branches) == (120, 8, 6)
    return content


def test_the_corpus_builds_strictly(corpus: Path, tmp_path: Path) -> None:
    # build_site raises SystemExit on any content error (the messages are in stderr).
    output = build_site(corpus, tmp_path / "site", today=TODAY)
    assert (output / "index.html").is_file()
    assert len([p for p in (output / "arrangement").iterdir() if p.name[:4].isdigit()]) == 120


def test_the_catalog_has_every_generated_event_and_series(corpus: Path) -> None:
    pelican_settings = read_pelican_settings(
        str(ROOT / "pelicanconf.py"), override={"PATH": str(corpus), "PROGRAMMET_TODAY": TODAY}
    )
    catalog, errors = load_catalog(read_settings(pelican_settings, environ={}), markdown_renderer())
    assert errors == []
    one_offs = [e for e in catalog.events if not e.is_occurrence]
    assert len(one_offs) == 120
    assert len(catalog.series) == 8
    assert len(catalog.branches) == 6
    assert len(catalog.pages) == 1
    assert any(e.is_occurrence for e in catalog.events)
    assert any(s.recurrence is None for s in catalog.series)
    assert any(s.overrides for s in catalog.series)
