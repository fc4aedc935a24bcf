"""A broken content file: one clear message per problem, exit 1, previous output untouched."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers.bad_input_catalogue import error_lines
from helpers.scenario import Scenario
from helpers.sites import FIXTURE_TODAY, FIXTURES, ROOT, build_site, page
from helpers.snapshots import snapshot
from programmet.build.staged_build import build_atomically

ENV = {"PROGRAMMET_TODAY": FIXTURE_TODAY}


def break_event(content: Path, text: str) -> Path:
    target = content / "events" / "2027" / "01" / "2027-01-14-forfatterkveld.md"
    target.write_text(text, encoding="utf-8")
    return target


BROKEN = """---
id: ev-test-forfatterkveld
title: Forfatterkveld med Ida Berg
start: 2027-01-14 18:00
end: 2027-01-14 17:00
branch: sentrum
category: literature
audiences: [adults]
summary: Ida Berg snakker om sin nye roman.
---
"""


def test_failed_build_leaves_previous_output_byte_identical(copy_fixture, tmp_path: Path, capfd) -> None:
    content = copy_fixture("small")
    output = tmp_path / "output"
    settings = ROOT / "pelicanconf.py"
    assert build_atomically(content, settings, output, env=ENV) == 0
    before = snapshot(output)
    assert "arrangement/2027-01-14-forfatterkveld/index.html" in before
    capfd.readouterr()

    break_event(content, BROKEN)
    code = build_atomically(content, settings, output, env=ENV)

    err = capfd.readouterr().err
    assert code == 1
    assert snapshot(output) == before
    assert "events/2027/01/2027-01-14-forfatterkveld.md: end: is before the start" in err
    assert "Traceback" not in err
    assert not (tmp_path / "output.builds").exists()


def test_successful_build_replaces_output_and_drops_stale_files(copy_fixture, tmp_path: Path) -> None:
    content = copy_fixture("small")
    output = tmp_path / "output"
    settings = ROOT / "pelicanconf.py"
    assert build_atomically(content, settings, output, env=ENV) == 0
    (content / "events" / "2027" / "01" / "2027-01-20-english-talk.md").unlink()
    assert build_atomically(content, settings, output, env=ENV) == 0
    assert not (output / "arrangement" / "2027-01-20-english-talk").exists()
    assert (output / "arrangement" / "2027-01-14-forfatterkveld" / "index.html").is_file()


def test_plain_pelican_command_fails_without_writing(copy_fixture, tmp_path: Path) -> None:
    """`pelican content -s publishconf.py -o DIR` is strict too, and never wipes DIR."""
    content = copy_fixture("small")
    output = tmp_path / "published"
    output.mkdir()
    (output / "index.html").write_text("previous site", encoding="utf-8")
    (content / "series" / "babyklubb.md").write_text(
        "---\nid: babyklubb\ntitle: Babyklubb\nsumary: x\n---\n", encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "publishconf.py"), "-o", str(output)],
        cwd=ROOT, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", **ENV}, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert (output / "index.html").read_text(encoding="utf-8") == "previous site"
    assert sorted(p.name for p in output.iterdir()) == ["index.html"]
    lines = [line for line in result.stderr.splitlines() if line.startswith("ERROR: series/babyklubb.md")]
    assert "ERROR: series/babyklubb.md: sumary: unknown field (did you mean 'summary'?)" in lines
    assert any(": category: required field is missing" in line for line in lines)
    assert "Traceback" not in result.stderr + result.stdout


def test_all_problems_of_all_files_are_reported_together(copy_fixture, tmp_path: Path, capfd) -> None:
    content = copy_fixture("small")
    break_event(content, BROKEN.replace("branch: sentrum", "branch: sentum"))
    (content / "pages" / "om.md").write_text("no front matter here\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        build_site(content, tmp_path / "out")
    assert stopped.value.code == 1
    err = capfd.readouterr().err
    assert "ERROR: events/2027/01/2027-01-14-forfatterkveld.md: branch: unknown value 'sentum'" in err
    assert "(did you mean 'sentrum'?)" in err
    assert "ERROR: pages/om.md: front matter: missing" in err
    assert not (tmp_path / "out").exists()


def test_duplicate_ids_name_both_files(copy_fixture, tmp_path: Path, capfd) -> None:
    content = copy_fixture("small")
    original = content / "events" / "2027" / "01" / "2027-01-16-eventyr.md"
    (content / "events" / "copy.md").write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(SystemExit):
        build_site(content, tmp_path / "out")
    err = capfd.readouterr().err
    assert (
        "ERROR: events/copy.md: id: 'ev-test-eventyr' is already used by the event or series in "
        "events/2027/01/2027-01-16-eventyr.md"
    ) in err


def test_preview_mode_reports_errors_and_builds_the_rest(copy_fixture, tmp_path: Path, capfd) -> None:
    content = copy_fixture("small")
    break_event(content, BROKEN)
    site = build_site(content, tmp_path / "out", PROGRAMMET_STRICT=False)
    err = capfd.readouterr().err
    assert "end: is before the start" in err
    assert not (site / "arrangement" / "2027-01-14-forfatterkveld").exists()
    assert page(site, "arrangement/2027-01-16-eventyr/").h1.get_text() == "Eventyr og dans"


def test_configuration_mistake_is_one_clear_message(tmp_path: Path, capfd) -> None:
    with pytest.raises(SystemExit):
        build_site(FIXTURES / "small", tmp_path / "out", today="tomorrow")
    assert "PROGRAMMET_TODAY: not a date (YYYY-MM-DD): 'tomorrow'" in capfd.readouterr().err


def test_a_broken_branch_file_is_one_error_not_one_per_event(copy_fixture, tmp_path: Path, capfd) -> None:
    content = copy_fixture("small")
    Scenario(content).remove("branches/sentrum.md", "name")
    with pytest.raises(SystemExit):
        build_site(content, tmp_path / "out")
    errors = error_lines(capfd.readouterr().err)
    assert errors == ["ERROR: branches/sentrum.md: name: required field is missing"]


def test_a_broken_series_file_is_one_error(copy_fixture, tmp_path: Path, capfd) -> None:
    content = copy_fixture("small")
    (content / "events" / "2027" / "01" / "2027-01-14-forfatterkveld.md").write_text(
        BROKEN.replace("end: 2027-01-14 17:00", "end: 2027-01-14 19:00\nseries: babyklubb"), encoding="utf-8"
    )
    Scenario(content).set("series/babyklubb.md", category="meeting")
    with pytest.raises(SystemExit):
        build_site(content, tmp_path / "out")
    errors = error_lines(capfd.readouterr().err)
    assert len(errors) == 1
    assert errors[0].startswith(
        "ERROR: series/babyklubb.md: category: unknown value 'meeting' (did you mean 'meetup'?)"
    )


def test_a_file_that_is_not_markdown_is_not_silently_skipped(copy_fixture, tmp_path: Path, capfd) -> None:
    content = copy_fixture("small")
    (content / "events" / "2027-02-01-glemt.markdown").write_text("---\nid: x\n---\n", encoding="utf-8")
    (content / "events" / ".DS_Store").write_bytes(b"\0")
    with pytest.raises(SystemExit):
        build_site(content, tmp_path / "out")
    err = capfd.readouterr().err
    assert "ERROR: events/2027-02-01-glemt.markdown: file: not read: content files must end in .md" in err
    assert ".DS_Store" not in err


@pytest.mark.parametrize("section", ["program", "podkast", "tv", "media"])
def test_a_page_cannot_take_over_a_site_section(section: str, copy_fixture, tmp_path: Path, capfd) -> None:
    content = copy_fixture("small")
    (content / "pages" / f"{section}.md").write_text("---\ntitle: Side\n---\nTekst.\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        build_site(content, tmp_path / "out")
    assert f"ERROR: pages/{section}.md: file name: '{section}' is taken by the site's /{section}/ section" in (
        capfd.readouterr().err
    )


def test_a_file_name_that_is_not_url_safe_is_an_error(copy_fixture, tmp_path: Path, capfd) -> None:
    content = copy_fixture("small")
    source = content / "events" / "2027" / "01" / "2027-01-16-eventyr.md"
    source.rename(source.with_name("2027-01-16 Eventyr på Lia.md"))
    with pytest.raises(SystemExit):
        build_site(content, tmp_path / "out")
    err = capfd.readouterr().err
    assert "ERROR: events/2027/01/2027-01-16 Eventyr på Lia.md: file name: '2027-01-16 Eventyr på Lia' becomes" in err


def test_markdown_outside_the_content_folders_is_not_silently_skipped(copy_fixture, tmp_path: Path, capfd) -> None:
    content = copy_fixture("small")
    (content / "event").mkdir()
    (content / "event" / "2027-02-01-kurs.md").write_text("---\nid: x\n---\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        build_site(content, tmp_path / "out")
    assert "ERROR: event/2027-02-01-kurs.md: file: not published: put it in one of branches/, episodes/, events/" in (
        capfd.readouterr().err
    )
