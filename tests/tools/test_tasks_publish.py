"""`invoke publish`: check and build with the public address, then deploy; a failed check publishes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.sites import FIXTURE_TODAY
from icalendar import Calendar
from invoke import Config, Context
from invoke.exceptions import Exit

import tasks

PUBLIC = "https://program.fjordvik.kommune.example"


@pytest.fixture
def content(copy_fixture, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROGRAMMET_TODAY", FIXTURE_TODAY)
    return copy_fixture("small")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_publish_to_a_folder_builds_with_the_public_address(content: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "www"
    tasks.publish(Context(), folder=str(target), content=str(content), output=str(tmp_path / "built"))
    assert tree(target) == tree(tmp_path / "built")
    feed = Calendar.from_ical((target / "kalender/alle.ics").read_bytes())
    urls = [str(event.get("URL")) for event in feed.walk("VEVENT")]
    assert urls and all(url.startswith(f"{PUBLIC}/") for url in urls)
    assert f"Published to {target.resolve()}" in capsys.readouterr().out


def test_a_failed_check_publishes_nothing(content: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    built = tmp_path / "built"
    tasks.publish(Context(), folder=str(target), content=str(content), output=str(built))
    published = tree(target)
    (content / "branches/lia.md").write_text("---\nname: Lia\n---\n", encoding="utf-8")
    with pytest.raises(Exit) as stopped:
        tasks.publish(Context(), folder=str(target), content=str(content), output=str(built))
    assert "Nothing was published" in stopped.value.message
    assert tree(target) == published


def test_publish_reads_its_targets_from_the_invoke_configuration(content: Path, tmp_path: Path) -> None:
    target = tmp_path / "configured"
    context = Context(config=Config(overrides={"publish": {"folder": str(target)}}))
    tasks.publish(context, content=str(content), output=str(tmp_path / "built"))
    assert (target / "index.html").is_file()


def test_a_folder_on_the_command_line_replaces_the_configured_targets(content: Path, tmp_path: Path) -> None:
    context = Context(config=Config(overrides={"publish": {"folder": str(tmp_path / "server")}}))
    tasks.publish(context, folder=str(tmp_path / "trial"), content=str(content), output=str(tmp_path / "built"))
    assert (tmp_path / "trial/index.html").is_file()
    assert not (tmp_path / "server").exists()


def test_publish_over_rsync_to_a_local_destination(content: Path, tmp_path: Path) -> None:
    target = tmp_path / "mirror"
    target.mkdir()
    (target / "stale.html").write_text("old", encoding="utf-8")
    tasks.publish(Context(), rsync=f"{target}/", content=str(content), output=str(tmp_path / "built"))
    assert tree(target) == tree(tmp_path / "built")


def test_publish_without_a_target_says_so_and_builds_nothing(content: Path, tmp_path: Path) -> None:
    with pytest.raises(Exit) as stopped:
        tasks.publish(Context(), content=str(content), output=str(tmp_path / "built"))
    assert "Nowhere to publish" in stopped.value.message
    assert not (tmp_path / "built").exists()


def test_a_misspelt_setting_is_named(content: Path, tmp_path: Path) -> None:
    context = Context(config=Config(overrides={"publish": {"s3": {"bucktet": "x"}}}))
    with pytest.raises(Exit) as stopped:
        tasks.publish(context, content=str(content), output=str(tmp_path / "built"))
    assert "bucktet" in stopped.value.message
