"""The build cache: a rebuild after an edit is byte-identical to a cold build, and touches only what changed.

Speed is the benchmark's business (bench/run.py); these tests check what the
cache may never do: give different bytes than a cold build, rewrite files whose
bytes did not change, or depend on the order of a set or the number of processes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers.scenario import Scenario
from helpers.sites import FIXTURES, ROOT, build_site
from helpers.snapshots import snapshot
from programmet.build.cache import Memo, environment_digest
from programmet.build.fingerprint import Fingerprints

EDITED = "events/2027/01/2027-01-14-forfatterkveld.md"
EDITED_PAGE = "arrangement/2027-01-14-forfatterkveld/index.html"
UNRELATED_PAGE = "arrangement/2027-01-20-english-talk/index.html"


def build(content: Path, output: Path, cache: Path, **overrides: object) -> Path:
    return build_site(content, output, PROGRAMMET_BUILD_CACHE=str(cache), PROGRAMMET_SEARCH=False, **overrides)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "small", target)
    return target


def test_an_edited_event_rebuilds_to_the_bytes_of_a_cold_build(content: Path, tmp_path: Path) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    build(content, site, cache)
    Scenario(content).set(EDITED, title="Forfatterkveld med ny gjest")
    build(content, site, cache)  # the incremental rebuild, into the same output with the same cache

    cold = build(content, tmp_path / "cold", tmp_path / "cold-cache")
    incremental, fresh = snapshot(site), snapshot(cold)
    assert [name for name in fresh if fresh[name] != incremental.get(name)] == []
    assert sorted(incremental) == sorted(fresh)
    assert "Forfatterkveld med ny gjest" in (site / EDITED_PAGE).read_text(encoding="utf-8")
    assert (site / EDITED_PAGE).stat().st_mode & 0o044 == 0o044  # a web server running as another user reads it


def test_removing_the_oldest_event_rebuilds_every_feed_to_the_bytes_of_a_cold_build(
    content: Path, tmp_path: Path
) -> None:
    """A feed's VTIMEZONE starts in the oldest event's year: a feed kept by its own events' keys alone kept
    the old VTIMEZONE when the oldest event, in another feed, was removed."""
    oldest = content / "events" / "2025" / "03" / "2025-03-06-gammel-kveld.md"
    oldest.parent.mkdir(parents=True)
    oldest.write_text(
        textwrap.dedent(
            """\
            ---
            id: ev-test-gammel-kveld
            title: Gammel kveld
            start: 2025-03-06 18:00
            end: 2025-03-06 19:30
            branch: sentrum
            category: literature
            audiences: [adults]
            summary: Lenge siden.
            ---
            Tekst.
            """
        ),
        encoding="utf-8",
    )
    site, cache = tmp_path / "site", tmp_path / "cache"
    build(content, site, cache)
    oldest.unlink()
    build(content, site, cache)

    cold = build(content, tmp_path / "cold", tmp_path / "cold-cache")
    incremental, fresh = snapshot(site), snapshot(cold)
    assert [name for name in fresh if name.endswith(".ics") and fresh[name] != incremental.get(name)] == []


def test_a_rebuild_writes_only_the_files_whose_bytes_changed(content: Path, tmp_path: Path) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    build(content, site, cache)
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}
    Scenario(content).set(EDITED, title="Forfatterkveld med ny gjest")
    build(content, site, cache)
    changed = sorted(
        p.relative_to(site).as_posix()
        for p, stamp in before.items()
        if p.exists() and (p.stat().st_ino, p.stat().st_mtime_ns) != stamp and "theme/" not in p.as_posix()
    )
    assert EDITED_PAGE in changed
    assert UNRELATED_PAGE not in changed
    # The event's own page and calendar file, and the lists, feeds and data that show it; not the whole site.
    assert 0 < len(changed) < len(before) / 3, changed


def test_an_unchanged_rebuild_renders_nothing_and_writes_nothing(content: Path, tmp_path: Path) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    build(content, site, cache)
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file() and "theme" not in p.parts}
    build(content, site, cache)
    assert [p for p, stamp in before.items() if p.stat().st_mtime_ns != stamp] == []


def test_one_process_and_several_render_the_same_bytes(content: Path, tmp_path: Path) -> None:
    one = build(content, tmp_path / "one", tmp_path / "one-cache", PROGRAMMET_WORKERS=1)
    three = build(content, tmp_path / "three", tmp_path / "three-cache", PROGRAMMET_WORKERS=3)
    assert snapshot(one) == snapshot(three)


def test_a_damaged_cache_is_ignored(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = snapshot(build(content, tmp_path / "first", cache))
    for name in ("parsed.pickle", "vevents.pickle"):
        (cache / name).write_bytes(b"not a pickle")
    assert snapshot(build(content, tmp_path / "second", cache)) == first


def test_a_cached_page_that_was_deleted_from_the_cache_is_rendered_again(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = snapshot(build(content, tmp_path / "first", cache))
    for page in (cache / "pages").iterdir():
        page.unlink()
    assert snapshot(build(content, tmp_path / "second", cache)) == first


def test_a_content_error_is_still_reported_when_the_file_is_cached(content: Path, tmp_path: Path) -> None:
    """Parse results are cached with their errors: a broken file stays broken on the next build."""
    cache = tmp_path / "cache"
    Scenario(content).set(EDITED, branch="nowhere", x="sentrum")
    for _ in range(2):
        with pytest.raises(SystemExit):
            build(content, tmp_path / "site", cache)


def test_the_environment_digest_follows_the_theme(tmp_path: Path) -> None:
    from pelican.settings import read_settings as pelican_settings
    from programmet.settings import read_settings

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    settings = pelican_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(FIXTURES / "small")})
    config = read_settings(settings, environ={})
    before = environment_digest(config, settings, theme)
    assert environment_digest(config, {**settings, "OUTPUT_PATH": "/elsewhere"}, theme) == before
    (theme / "templates" / "event.html").write_text("changed", encoding="utf-8")
    assert environment_digest(config, settings, theme) != before
    assert environment_digest(config, {**settings, "SITENAME": "Another"}, ROOT / "theme") != before


def test_fingerprints_do_not_depend_on_set_order_or_memory() -> None:
    script = textwrap.dedent(
        """
        import sys
        sys.path.insert(0, "plugins")
        from dataclasses import dataclass
        from datetime import date
        from programmet.build.fingerprint import Fingerprints

        @dataclass(frozen=True)
        class Thing:
            tags: frozenset
            when: date

        print(Fingerprints().hex(Thing(frozenset({"a", "b", "c", "d", "e", "f"}), date(2027, 1, 14)), {"k": [1, 2.5]}))
        """
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1


def test_fingerprints_tell_values_apart() -> None:
    from markupsafe import Markup

    prints = Fingerprints()
    values = ["<b>", Markup("<b>"), 1, 1.0, True, "1", (1,), [1], {"a": 1}, {"a": "1"}, None, frozenset({1})]
    assert len({prints.of(v) for v in values}) == len(values)


def test_a_value_of_an_unknown_kind_never_matches() -> None:
    class Opaque:
        pass

    thing = Opaque()
    assert Fingerprints().of([thing]) != Fingerprints().of([thing])


def test_a_memo_keeps_only_what_the_last_build_used(tmp_path: Path) -> None:
    path = tmp_path / "memo.pickle"
    memo = Memo(path)
    memo.put("a", 1)
    memo.put("b", 2)
    memo.save()
    second = Memo(path)
    assert second.get("a") == 1
    second.save()
    assert Memo(path).get("b") is None
