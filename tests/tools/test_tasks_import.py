"""`invoke import-csv` and `invoke import-ics` as staff run them, on copies of the demo content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers.sites import FIXTURES, ROOT
from invoke import Context
from invoke.exceptions import Exit
from programmet.content.frontmatter import split_front_matter

import tasks

IMPORTS = FIXTURES / "imports"
DEMO_TODAY = "2026-11-23"


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROGRAMMET_TODAY", DEMO_TODAY)
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target, ignore=shutil.ignore_patterns("media", "episodes", "shows"))
    return target


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def report(capsys) -> list[str]:
    return [line for line in capsys.readouterr().out.splitlines() if line.startswith("row ")]


def test_import_csv_dry_run_then_real_then_again(content: Path, capsys) -> None:
    export, mapping = str(IMPORTS / "crescat-export.csv"), str(ROOT / "imports/crescat.yaml")
    before = tree(content)
    tasks.import_csv(Context(), export, mapping=mapping, dry_run=True, content=str(content))
    planned = report(capsys)
    assert tree(content) == before
    assert "row 2: would create events/2027/01/2027-01-14-konsert-duo-saltvann.md" in planned

    tasks.import_csv(Context(), export, mapping=mapping, content=str(content))
    done = report(capsys)
    assert [line.replace("would create", "created") for line in planned] == done
    concert = content / "events/2027/01/2027-01-14-konsert-duo-saltvann.md"
    meta = split_front_matter("x.md", concert.read_text(encoding="utf-8")).meta
    assert (meta["start"], meta["branch"], meta["room"]) == ("2027-01-14 19:00", "hovedbiblioteket", "Scenen")
    assert (content / "imports.json").is_file()
    tasks.check(Context(), content=str(content))

    after = tree(content)
    tasks.import_csv(Context(), export, mapping=mapping, content=str(content))
    again = report(capsys)
    assert all("created" not in line for line in again)
    assert "row 2: unchanged" in " ".join(again)
    assert tree(content) == after


def test_import_csv_with_a_broken_mapping_is_one_plain_error(content: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "feil.yaml"
    mapping.write_text("columns:\n  tittel: Navn\n", encoding="utf-8")
    with pytest.raises(Exit) as stopped:
        tasks.import_csv(Context(), str(IMPORTS / "crescat-export.csv"), mapping=str(mapping), content=str(content))
    assert "tittel" in stopped.value.message
    assert "Traceback" not in stopped.value.message


def test_import_csv_of_a_missing_file(content: Path) -> None:
    with pytest.raises(Exit) as stopped:
        tasks.import_csv(Context(), "finnes-ikke.csv", content=str(content))
    assert "finnes-ikke.csv" in stopped.value.message


def test_import_ics_places_partner_events_and_passes_check(content: Path, capsys) -> None:
    before = tree(content)
    tasks.import_ics(Context(), str(IMPORTS / "kulturhuset.ics"), branch="havnen", category="stage",
                     audience=["everyone"], content=str(content))  # fmt: skip
    out = capsys.readouterr().out
    created = sorted(set(tree(content)) - set(before) - {"imports.json"})
    assert created and f"{len(created)} created" in out
    assert "marked CLASS:PRIVATE" in out
    tasks.check(Context(), content=str(content))


def test_import_ics_with_an_unknown_branch_stops_before_writing(content: Path) -> None:
    before = tree(content)
    with pytest.raises(Exit) as stopped:
        tasks.import_ics(Context(), str(IMPORTS / "kulturhuset.ics"), branch="kulturhuset", category="stage",
                         audience=["everyone"], content=str(content))  # fmt: skip
    assert "kulturhuset" in stopped.value.message
    assert tree(content) == before
