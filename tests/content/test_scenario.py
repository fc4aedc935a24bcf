"""The scenario builder (tests/helpers/scenario.py) edits one field and leaves every other byte alone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from helpers.scenario import Scenario, document, entry, with_fields, with_key_renamed, without_fields
from helpers.sites import FIXTURES
from programmet.content.frontmatter import SourceFile, split_front_matter

EVENT = "events/2027/01/2027-01-14-forfatterkveld.md"
FILE = """---
id: ev-x
title: Forfatterkveld
# a comment stays
registration:
  type: required

  url: https://checkin.no/event/1
tags:
- krim
- bakst
featured: true
---
Teksten.
"""


def meta(text: str) -> dict:
    source = split_front_matter("events/x.md", text)
    assert isinstance(source, SourceFile), source
    return source.meta


def test_a_field_is_replaced_in_place_and_the_other_lines_stay() -> None:
    edited = with_fields(FILE, {"title": "Ny tittel"})
    assert edited == FILE.replace("title: Forfatterkveld\n", "title: Ny tittel\n")


def test_a_nested_block_is_replaced_whole_blank_lines_and_column_0_sequences_included() -> None:
    edited = with_fields(FILE, {"registration": {"type": "none"}, "tags": ["dikt"]})
    assert edited == FILE.replace(
        "registration:\n  type: required\n\n  url: https://checkin.no/event/1\ntags:\n- krim\n- bakst\n",
        "registration: {type: none}\ntags: [dikt]\n",
    )


def test_a_new_field_is_added_at_the_end_of_the_front_matter() -> None:
    edited = with_fields(FILE, {"status": "cancelled", "start": "2027-01-14 19:00"})
    assert edited == FILE.replace(
        "featured: true\n---\n", "featured: true\nstatus: cancelled\nstart: 2027-01-14 19:00\n---\n"
    )


def test_a_string_is_yaml_text_and_other_values_are_dumped() -> None:
    assert entry("title", '"a\\nb"') == 'title: "a\\nb"\n'
    assert entry("title", "") == "title: \n"
    assert entry("registration", "\n  type: required\n  url: x") == "registration:\n  type: required\n  url: x\n"
    assert entry("audiences", ["adults", "seniors"]) == "audiences: [adults, seniors]\n"
    assert entry("exceptions", [date(2027, 1, 20)]) == "exceptions: [2027-01-20]\n"
    assert (entry("season", 1), entry("featured", False), entry("note", None)) == (
        "season: 1\n",
        "featured: false\n",
        "note: null\n",
    )
    assert entry("persons", [{"name": "Kari"}, {"name": "Ola"}]) == "persons:\n  - {name: Kari}\n  - {name: Ola}\n"
    assert entry("image", {"src": "images/a.jpg", "alt": "Et bilde"}) == "image: {src: images/a.jpg, alt: Et bilde}\n"
    assert entry("recurrence", {"weekdays": ["tuesday"], "start_time": "10:00"}) == (
        "recurrence:\n  weekdays: [tuesday]\n  start_time: '10:00'\n"
    )
    with pytest.raises(ValueError, match="line break"):
        entry("start", "2027-01-14 18:00\nend: 2027-01-14 19:00")  # a second field smuggled into a value


def test_the_reader_reads_back_what_was_set() -> None:
    edited = with_fields(
        FILE, {"title": '"Forfatter\\u00e6kveld"', "registration": {"type": "required", "deadline": date(2027, 1, 12)}}
    )
    assert meta(edited)["title"] == "Forfatterækveld"
    # The project's reader reads dates as text and parses them itself, as the fixtures' own dates.
    assert meta(edited)["registration"] == {"type": "required", "deadline": "2027-01-12"}
    assert meta(edited)["tags"] == ["krim", "bakst"]


def test_a_field_and_its_block_are_removed() -> None:
    edited = without_fields(FILE, ["registration", "featured"])
    assert edited == FILE.replace("registration:\n  type: required\n\n  url: https://checkin.no/event/1\n", "").replace(
        "featured: true\n", ""
    )
    with pytest.raises(KeyError):
        without_fields(FILE, ["status"])


def test_a_key_is_renamed_and_keeps_its_value() -> None:
    assert with_key_renamed(FILE, "featured", "fetured") == FILE.replace("featured: true", "fetured: true")
    with pytest.raises(KeyError):
        with_key_renamed(FILE, "status", "x")
    with pytest.raises(ValueError, match="already"):
        with_key_renamed(FILE, "title", "id")


def test_line_breaks_of_the_file_are_kept() -> None:
    windows = FILE.replace("\n", "\r\n")
    assert with_fields(windows, {"title": "Ny", "room": "Scenen"}) == windows.replace(
        "title: Forfatterkveld\r\n", "title: Ny\r\n"
    ).replace("featured: true\r\n", "featured: true\r\nroom: Scenen\r\n")


def test_only_a_line_feed_ends_a_line() -> None:
    # A raw line separator or form feed in a quoted value is part of the value (str.splitlines would split there).
    text = '---\ntitle: "Forfatter\u2028kveld\x0cmed Ida Berg"\nroom: Scenen\n---\nEn\u2028tekst.'
    assert with_fields(text, {"room": "Salen"}) == text.replace("room: Scenen", "room: Salen")
    assert with_fields(text, {"title": "Ny"}) == "---\ntitle: Ny\nroom: Scenen\n---\nEn\u2028tekst."


def test_a_file_without_front_matter_is_not_edited() -> None:
    with pytest.raises(ValueError, match="front matter"):
        with_fields("Bare tekst.\n", {"title": "x"})
    with pytest.raises(ValueError, match="never closed"):
        with_fields("---\ntitle: x\n", {"title": "y"})
    with pytest.raises(ValueError, match="twice"):
        with_fields("---\ntitle: x\ntitle: y\n---\n", {"title": "z"})


def test_a_scenario_is_a_copy_and_edits_only_the_copy(tmp_path: Path) -> None:
    scenario = Scenario.copy_of("small", tmp_path / "content")
    original = (FIXTURES / "small" / EVENT).read_bytes()
    scenario.set(EVENT, start="2027-01-14 19:00", status="cancelled")
    scenario.remove(EVENT, "theme")
    scenario.rename(EVENT, "featured", "fetured")
    assert (FIXTURES / "small" / EVENT).read_bytes() == original
    read = meta(scenario.text(EVENT))
    assert (read["status"], read["fetured"]) == ("cancelled", True)
    assert "theme" not in read and "featured" not in read
    edited = original.decode().replace("start: 2027-01-14 18:00", "start: 2027-01-14 19:00")
    edited = edited.replace("theme: expert-thursday\n", "").replace(
        "featured: true\n", "fetured: true\nstatus: cancelled\n"
    )
    assert scenario.text(EVENT) == edited


def test_a_new_file_is_added_from_fields_and_a_body(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path)
    path = scenario.add("events/2027/ny.md", {"id": "ev-ny", "audiences": ["adults"]}, "Tekst.\n")
    assert path.read_text(encoding="utf-8") == document({"id": "ev-ny", "audiences": ["adults"]}, "Tekst.\n")
    assert path.read_text(encoding="utf-8") == "---\nid: ev-ny\naudiences: [adults]\n---\nTekst.\n"
    with pytest.raises(FileExistsError):
        scenario.add("events/2027/ny.md", {"id": "ev-ny"})
