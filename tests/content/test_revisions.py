"""The revision record: what raises SEQUENCE, what only LAST-MODIFIED, and what nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers.sites import FIXTURES, build_site
from programmet.content.revisions import NO_ADDRESSES, Record, Revision, StateError, dumps, loads, update

T0 = datetime(2027, 1, 1, 12, 0, tzinfo=UTC)
T1 = datetime(2027, 1, 2, 12, 0, tzinfo=UTC)


def test_new_keys_start_at_sequence_zero() -> None:
    assert update({}, {"ev": ("a", "b")}, T0) == {"ev": Revision(0, T0, T0, "a", "b")}


def test_a_change_of_time_place_or_status_raises_the_sequence() -> None:
    record = update({"ev": Revision(2, T0, T0, "a", "b")}, {"ev": ("A", "b")}, T1)
    assert record["ev"] == Revision(3, T0, T1, "A", "b")


def test_a_change_of_text_only_moves_last_modified() -> None:
    record = update({"ev": Revision(2, T0, T0, "a", "b")}, {"ev": ("a", "B")}, T1)
    assert record["ev"] == Revision(2, T0, T1, "a", "B")


def test_nothing_changed_nothing_moves_and_deleted_events_are_remembered() -> None:
    previous = {"ev": Revision(2, T0, T0, "a", "b"), "gone": Revision(5, T0, T0, "x", "y")}
    assert update(previous, {"ev": ("a", "b")}, T1) == previous


def test_the_record_round_trips_as_sorted_json() -> None:
    record = Record({"b": Revision(1, T0, T1, "m", "n"), "a": Revision(0, T0, T0, "p", "q")}, NO_ADDRESSES)
    text = dumps(record)
    assert loads(text) == record
    assert text.index('"a"') < text.index('"b"')


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[]",
        '{"version": 9, "revisions": {}}',
        '{"version": 1, "revisions": {"x": {}}}',
        '{"version": 2, "revisions": {}}',
        '{"version": 2, "revisions": {}, "addresses": {"published": {"event:a": 1}, "moved": {}}}',
    ],
)
def test_a_damaged_record_is_an_error(text: str) -> None:
    with pytest.raises(StateError):
        loads(text)


def test_a_damaged_record_stops_the_build_with_a_clear_message(copy_fixture, tmp_path: Path, capfd) -> None:
    state = tmp_path / "calendar-state.json"
    state.write_text("<<<<<<< HEAD\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        build_site(FIXTURES / "small", tmp_path / "out", PROGRAMMET_CALENDAR_STATE=str(state))
    assert "ERROR: calendar-state.json: file: not a calendar record written by Programmet" in capfd.readouterr().err
