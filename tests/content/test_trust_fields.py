"""Trust (issue 17): the smaller holes an attacker review found in fields, times and media.

Each bad input is a catalogue case (see tests/helpers/bad_input_catalogue.py): one clear
error naming the file and the field, a failed strict build, and the published
site untouched. The pure functions behind them are tested on their own below,
and a build checks that an event whose duration crosses the spring clock change
ends at the same real moment on its page, in its calendar file and in its data.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from helpers.bad_input_catalogue import (
    BABYKLUBB_RULE,
    BRANCH,
    EPISODE,
    EVENT,
    REGISTRATION,
    SERIES,
    SHOW,
    Case,
    assert_one_clear_error,
    both,
    copy,
    moved_to,
    publish_fixtures,
    remove_fields,
    replace,
    set_fields,
    write,
)
from helpers.model_builders import EVENT as EVENT_META
from helpers.model_builders import TZ, changed, parse_ok, parse_with_errors
from helpers.sites import FIXTURES, build_site, page
from programmet.content import parse
from programmet.content.dates import after, happens_twice, on_the_clock, parse_duration, parse_moment
from programmet.content.errors import ContentError
from programmet.content.fields import Fields
from programmet.content.media_files import read_media, read_webvtt

VTT = "media/lydpod/e01.vtt"
CUE = "\n\n00:00:00.000 --> 00:00:01.000\nHei\n"

CASES = [
    # -- B1: every character that breaks a line, in every one-line field ---------------------------------
    Case("a carriage return in the title", "small", set_fields(EVENT, title='"Forfatterkveld\\rmed Ida Berg"'),
         EVENT, "title", "one line (it has a carriage return (U+000D))"),
    Case("a line separator in the title", "small", set_fields(EVENT, title='"Forfatterkveld\\Lmed Ida Berg"'),
         EVENT, "title", "one line (it has a line separator (U+2028))"),
    Case("a raw line separator in a quoted title", "small",
         set_fields(EVENT, title='"Forfatterkveld\u2028med Ida Berg"'), EVENT, "title", "U+2028"),
    Case("a paragraph separator in a summary", "small",
         set_fields(EVENT, summary='"Ida Berg snakker\\Pom sin nye roman."'), EVENT, "summary", "U+2029"),
    Case("a next-line character in a branch name", "small", set_fields(BRANCH, name='"Lia\\Nbibliotek"'),
         BRANCH, "name", "one line (it has a next-line character (U+0085))"),
    Case("a carriage return in a street", "small",
         set_fields(BRANCH, address='{street: "Lia\\rveien 2", postal_code: "4630", town: Testby}'),
         BRANCH, "address.street", "one line"),
    Case("a line break in a room", "small", set_fields(EVENT, room='"Sce\\rnen"'),
         EVENT, "room", "one line"),
    Case("a line separator in a tag", "small", set_fields(EVENT, tags='["krim\\Lbakst"]'),
         EVENT, "tags", "each item must be one line (one has a line separator (U+2028))"),
    Case("a line separator in a series title", "small", set_fields(SERIES, title='"Baby\\Lklubb"'),
         SERIES, "title", "U+2028"),
    Case("a carriage return in a show title", "shows", set_fields(SHOW, title='"Test\\rpodden"'),
         SHOW, "title", "one line"),
    Case("a next-line character in an episode title", "shows",
         set_fields(EPISODE, title='"Første\\Nepisode"'), EPISODE, "title", "U+0085"),
    Case("a line separator in a show's author", "shows",
         set_fields(SHOW, author='"Testby\\Lbibliotek"'), SHOW, "author", "U+2028"),
    # One title in a list of chapters: a replace says which better than the whole list set anew.
    Case("a carriage return in a chapter title", "shows",
         replace(EPISODE, "title: Velkommen}", 'title: "Vel\\rkommen"}'), EPISODE, "chapters[0].title", "one line"),
    # A form feed or a vertical tab no XML feed can carry: the front matter is refused where it is.
    Case("a form feed in the title", "small", set_fields(EVENT, title='"Forfatterkveld\\fmed Ida Berg"'),
         EVENT, "front matter", "the character '\\x0c' is not allowed (line 3"),
    # -- B2: local wall-clock times only -------------------------------------------------------------------
    Case("a start with seconds", "small", set_fields(EVENT, start="2027-01-14 18:00:30"),
         EVENT, "start", "write the local time (Europe/Oslo) as YYYY-MM-DD HH:MM, without seconds"),
    Case("a start with a UTC offset", "small",
         set_fields(EVENT, start="2027-01-14 18:00+05:00"),
         EVENT, "start", "without a time zone: '2027-01-14 18:00+05:00'"),
    Case("an end in UTC (Z)", "small", set_fields(EVENT, end="2027-01-14 19:30Z"),
         EVENT, "end", "without a time zone"),
    Case("seconds and an offset", "small",
         set_fields(EVENT, start="2027-01-14T18:00:00+01:00"),
         EVENT, "start", "without seconds or a time zone"),
    Case("a deadline with seconds", "small",
         set_fields(EVENT, registration={**REGISTRATION, "deadline": "2027-01-12 12:00:00"}),
         EVENT, "registration.deadline", "without seconds"),
    # One date's move among the series' overrides: a replace says which better than the whole block set anew.
    Case("a moved date with an offset", "small",
         replace(SERIES, "start: 2027-02-10 10:00,", "start: 2027-02-10 10:00+01:00,"),
         SERIES, "overrides.2027-02-09.moved_to.start", "without a time zone"),
    Case("an episode date in UTC", "shows", set_fields(EPISODE, date="2026-09-03 07:00Z"),
         EPISODE, "date", "without a time zone"),
    Case("a series time with seconds", "small",
         set_fields(SERIES, recurrence={**BABYKLUBB_RULE, "start_time": "10:00:30"}),
         SERIES, "recurrence.start_time", "not a time of day (HH:MM)"),
    Case("a YAML timestamp tag", "small",
         set_fields(EVENT, start="!!timestamp 2027-01-14 18:00:30"),
         EVENT, "start", "expected text"),
    # -- B3: the media file is what its name says -----------------------------------------------------------
    Case("an MP4 named .mp3", "shows", copy("media/tv/opptak.mp4", "media/lydpod/e01.mp3"),
         EPISODE, "media", "'media/lydpod/e01.mp3' is named as MP3 but is really MP4; give it the extension .m4a"),
    Case("an MP3 named .m4a", "shows",
         both(copy("media/lydpod/e01.mp3", "media/lydpod/e01.m4a"),
              set_fields(EPISODE, media="media/lydpod/e01.m4a")),
         EPISODE, "media", "is named as MP4 but is really MP3; give it the extension .mp3"),
    # -- B4: the WebVTT signature ---------------------------------------------------------------------------
    Case("a transcript starting WEBVTTX", "shows", write(VTT, "WEBVTTX" + CUE),
         EPISODE, "transcript", "does not start with 'WEBVTT' on a line of its own"),
    Case("a transcript with two byte order marks", "shows", write(VTT, "\ufeff\ufeffWEBVTT" + CUE),
         EPISODE, "transcript", "does not start with 'WEBVTT'"),
    # -- B5 and B6: a duration is judged as the duration -----------------------------------------------------
    Case("a duration of more than a year", "small",
         both(remove_fields(EVENT, "end"), set_fields(EVENT, duration="9000h")),
         EVENT, "duration", "the event lasts 375 days; at most 366"),
    Case("a duration ending in the hour the clocks repeat", "small",
         moved_to("2027-10-31 01:30", duration="1h"),
         EVENT, "duration", "would end at 2027-10-31 02:30, which happens twice in Europe/Oslo"),
]  # fmt: skip


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return publish_fixtures(tmp_path_factory)


def test_every_case_is_distinct() -> None:
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_one_clear_error_and_nothing_is_lost(
    case: Case, published: dict[str, Path], tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert_one_clear_error(case, published, tmp_path, capfd)


# -- B1: one-line fields -------------------------------------------------------------------------------------

BREAKS = ["\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
BREAK_NAMES = ["LF", "CR", "CRLF", "VT", "FF", "FS", "GS", "RS", "NEL", "LS", "PS"]


def read(kind: str, value: object) -> tuple[object, list[ContentError]]:
    errors: list[ContentError] = []
    f = Fields("events/x.md", {"x": value}, errors, ("x",))
    return getattr(f, kind)("x"), errors


@pytest.mark.parametrize("kind", ["line", "sentence"])
@pytest.mark.parametrize("mark", BREAKS, ids=BREAK_NAMES)
def test_no_line_breaking_character_passes_a_one_line_field(kind: str, mark: str) -> None:
    assert f"a{mark}b".splitlines() != ["a" + mark + "b"]  # Python agrees each one breaks a line
    value, errors = read(kind, f"Forfatterkveld{mark}med Ida Berg")
    assert value is None
    assert [(e.field, "one line" in e.message) for e in errors] == [("x", True)]


@pytest.mark.parametrize("mark", BREAKS, ids=BREAK_NAMES)
def test_no_line_breaking_character_passes_an_item_of_a_list(mark: str) -> None:
    value, errors = read("text_list", ["Ida Berg", f"Ola{mark}Nordmann"])
    assert value == ()
    assert [e.field for e in errors] == ["x"]


@pytest.mark.parametrize(
    "text",
    [
        "أمسية أدبية مع إيدا بيرغ",  # Arabic
        "ערב ספרותי עם אידה ברג",  # Hebrew
        "Forfatterkveld \u200fمع\u200e Ida Berg",  # right-to-left and left-to-right marks
        "\u061cعربي\u061c og norsk",  # the Arabic letter mark
        "Tab\tog  mellomrom",  # spaces are not line breaks
    ],
)
def test_right_to_left_text_stays_one_line(text: str) -> None:
    for kind in ("line", "sentence"):
        assert read(kind, text) == (text, [])
    assert read("text_list", [text]) == ((text,), [])


def test_a_multi_line_field_keeps_its_lines() -> None:
    text = "Betjent: mandag–fredag 10–18\nMeråpent: alle dager 07–22"
    assert read("text", text) == (text, [])


# -- B2: times are local wall-clock times -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "without"),
    [
        ("2027-01-14 18:00:30", "seconds"),
        ("2027-01-14 18:00:00", "seconds"),
        ("2027-01-14 18:00+05:00", "a time zone"),
        ("2027-01-14 18:00+0100", "a time zone"),
        ("2027-01-14 18:00-01:00", "a time zone"),
        ("2027-01-14T18:00Z", "a time zone"),
        ("2027-01-14 18:00:00Z", "seconds or a time zone"),
        ("9999-12-31 23:00-05:00", "a time zone"),
    ],
)
def test_seconds_and_offsets_are_refused(text: str, without: str) -> None:
    message = parse_moment(text, TZ)
    assert message == f"write the local time (Europe/Oslo) as YYYY-MM-DD HH:MM, without {without}: {text!r}"


def test_a_local_time_still_means_what_it_says() -> None:
    assert parse_moment("2027-01-14 18:00", TZ) == datetime(2027, 1, 14, 18, 0, tzinfo=TZ)
    assert parse_moment("2027-07-14T09:05", TZ).utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize("text", ["18:00:30", "18:00Z", "18:00+01:00", "18:00 "])
def test_clock_fields_take_hours_and_minutes_only(text: str) -> None:
    value, errors = read("clock", text)
    if text.strip() == "18:00":
        assert (value, errors) == ("18:00", [])
    else:
        assert value is None and [e.field for e in errors] == ["x"]


# -- B3 and B4: media files are what they say ----------------------------------------------------------------

SHOWS = FIXTURES / "shows"


@pytest.mark.parametrize(
    ("source", "name", "message"),
    [
        ("media/tv/opptak.mp4", "x.mp3", "'media/x.mp3' is named as MP3 but is really MP4"),
        ("media/lydpod/e01.mp3", "x.mp4", "'media/x.mp4' is named as MP4 but is really MP3"),
        ("media/lydpod/e01.mp3", "x.mov", "'media/x.mov' is named as MP4 but is really MP3"),
    ],
)
def test_a_media_file_must_be_what_its_extension_says(tmp_path: Path, source: str, name: str, message: str) -> None:
    (tmp_path / "media").mkdir()
    shutil.copyfile(SHOWS / source, tmp_path / "media" / name)
    assert str(read_media(tmp_path, f"media/{name}")).startswith(message)


@pytest.mark.parametrize(
    ("source", "mime"), [("media/tv/opptak.mp4", "video/mp4"), ("media/lydpod/e01.mp3", "audio/mpeg")]
)
def test_real_media_keeps_its_type(source: str, mime: str) -> None:
    found = read_media(SHOWS, source)
    assert not isinstance(found, str), found
    assert found.mime == mime


@pytest.mark.parametrize(
    ("text", "good"),
    [
        ("WEBVTT" + CUE, True),
        ("\ufeffWEBVTT" + CUE, True),
        ("WEBVTT Opptak fra biblioteket" + CUE, True),
        ("WEBVTT\tOpptak" + CUE, True),
        ("WEBVTT\r\n\r\n00:00:00.000 --> 00:00:01.000\r\nHei\r\n", True),
        ("WEBVTTX" + CUE, False),
        ("WEBVTT-Opptak" + CUE, False),
        ("webvtt" + CUE, False),
        (" WEBVTT" + CUE, False),
        ("\ufeff\ufeffWEBVTT" + CUE, False),
    ],
)
def test_the_webvtt_signature(tmp_path: Path, text: str, good: bool) -> None:
    (tmp_path / "t.vtt").write_text(text, encoding="utf-8")
    found = read_webvtt(tmp_path, "t.vtt")
    assert isinstance(found, tuple) is good, found


def test_a_file_that_is_only_the_signature_has_no_cues(tmp_path: Path) -> None:
    (tmp_path / "t.vtt").write_text("WEBVTT", encoding="utf-8")
    assert read_webvtt(tmp_path, "t.vtt") == "'t.vtt' has no cues"


# -- B5 and B6: durations ------------------------------------------------------------------------------------

EVENT_PATH = "events/2027/03/2027-03-28-natt.md"


def test_a_duration_is_elapsed_time() -> None:
    spring = datetime(2027, 3, 28, 1, 30, tzinfo=TZ)
    assert after(spring, timedelta(hours=1)) == datetime(2027, 3, 28, 3, 30, tzinfo=TZ)
    assert after(spring, timedelta(hours=1)).utcoffset() == timedelta(hours=2)
    autumn = datetime(2027, 10, 31, 1, 30, tzinfo=TZ)
    assert after(autumn, timedelta(hours=2)).astimezone(UTC) == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    ordinary = datetime(2027, 1, 14, 18, 0, tzinfo=TZ)
    assert after(ordinary, timedelta(minutes=90)) == datetime(2027, 1, 14, 19, 30, tzinfo=TZ)


def test_happens_twice() -> None:
    assert happens_twice(datetime(2027, 10, 31, 2, 30, tzinfo=TZ))
    assert happens_twice(datetime(2027, 10, 31, 2, 30, fold=1, tzinfo=TZ))
    assert not happens_twice(datetime(2027, 10, 31, 3, 0, tzinfo=TZ))
    assert not happens_twice(datetime(2027, 3, 28, 3, 30, tzinfo=TZ))


def with_duration(start: str, duration: str) -> dict[str, object]:
    """The valid base event with a start and a duration instead of an end."""
    meta = changed(EVENT_META, {"start": start, "duration": duration})
    del meta["end"]
    return meta


def test_a_duration_across_the_spring_change_ends_an_hour_later_on_the_clock() -> None:
    event = parse_ok(parse.parse_event, with_duration("2027-03-28 01:30", "1h"), EVENT_PATH)
    assert event.when.end == datetime(2027, 3, 28, 3, 30, tzinfo=TZ)  # 02:30 does not exist that night
    assert event.when.end.astimezone(UTC) - event.when.start.astimezone(UTC) == timedelta(hours=1)


def test_an_end_written_across_the_spring_change_is_the_same_moment() -> None:
    event = parse_ok(parse.parse_event, changed(EVENT_META, {"start": "2027-03-28 01:00", "end": "2027-03-28 04:00"}),
                     EVENT_PATH)  # fmt: skip
    assert event.when.end.astimezone(UTC) - event.when.start.astimezone(UTC) == timedelta(hours=2)


@pytest.mark.parametrize(
    ("start", "duration", "message"),
    [
        ("2027-10-31 01:30", "1h", "would end at 2027-10-31 02:30, which happens twice in Europe/Oslo"),
        ("2027-10-31 00:15", "2h45m", "would end at 2027-10-31 02:00, which happens twice"),
        ("2027-01-14 18:00", "9000h", "the event lasts 375 days; at most 366 (is the number right?)"),
    ],
)
def test_a_bad_duration_is_reported_under_duration(start: str, duration: str, message: str) -> None:
    result, errors = parse_with_errors(parse.parse_event, with_duration(start, duration), EVENT_PATH)
    assert result is None
    assert [(e.field, message in e.message) for e in errors] == [("duration", True)], errors


def test_a_duration_across_the_spring_change_agrees_everywhere(copy_fixture, tmp_path: Path) -> None:
    """The page, the calendar file, the page's JSON-LD and the open data all end at 03:30 summer time."""
    content = copy_fixture("small")
    moved_to("2027-03-28 01:30", duration="1h")(content)
    site = build_site(content, tmp_path / "site")

    event_page = page(site, "arrangement/2027-01-14-forfatterkveld/")
    facts = {dt.get_text(): dd for dt, dd in zip(event_page.select(".facts dt"), event_page.select(".facts dd"),
                                                 strict=True)}  # fmt: skip
    assert "01.30–03.30" in facts["Når"].get_text(strip=True)
    structured = json.loads(event_page.find("script", type="application/ld+json").string)
    assert (structured["startDate"], structured["endDate"]) == ("2027-03-28T01:30+01:00", "2027-03-28T03:30+02:00")
    calendar = icalendar.Calendar.from_ical((site / "arrangement/2027-01-14-forfatterkveld/kalender.ics").read_bytes())
    (vevent,) = calendar.walk("VEVENT")
    start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=1)
    assert (end.hour, end.minute) == (3, 30)
    records = json.loads((site / "data" / "v1" / "arrangementer.json").read_bytes())
    record = next(r for r in records["events"] if r["name"] == "Forfatterkveld med Ida Berg")
    assert record["endDate"] == "2027-03-28T03:30:00+02:00"


NIGHT_SERIES = """---
id: nattlesing
title: Nattlesing
summary: Høytlesning for dem som ikke får sove.
branch: sentrum
room: Barneavdelingen
category: meetup
audiences: [adults]
recurrence:
  frequency: weekly
  weekdays: [sunday]
  start_time: "01:30"
  end_time: "02:30"
  from: 2027-03-14
  until: 2027-04-04
---
Vi leser til vi sovner.
"""


def test_a_series_meeting_across_the_spring_change_lasts_its_hour(copy_fixture, tmp_path: Path) -> None:
    """The night 02:00 becomes 03:00, a 01:30–02:30 meeting ends at 03:30: never at a time that does not exist."""
    content = copy_fixture("small")
    (content / "series" / "nattlesing.md").write_text(NIGHT_SERIES, encoding="utf-8")
    site = build_site(content, tmp_path / "site", today="2027-03-01")

    night = page(site, "arrangement/nattlesing/2027-03-28/")
    structured = json.loads(night.find("script", type="application/ld+json").string)
    assert (structured["startDate"], structured["endDate"]) == ("2027-03-28T01:30+01:00", "2027-03-28T03:30+02:00")
    other = json.loads(
        page(site, "arrangement/nattlesing/2027-03-21/").find("script", type="application/ld+json").string
    )
    assert other["endDate"] == "2027-03-21T02:30+01:00"
    feed = icalendar.Calendar.from_ical((site / "kalender" / "serier" / "nattlesing.ics").read_bytes())
    (master,) = [c for c in feed.walk("VEVENT") if "RRULE" in c]
    start, end = master.decoded("DTSTART"), master.decoded("DTEND")
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=1)


@pytest.mark.parametrize(
    ("start", "duration", "end"),
    [
        ("2027-03-28 10:00", "1h", "2027-03-28 11:00"),  # the same hour on the clock as every other week
        ("2027-03-28 00:00", "19h30m", "2027-03-28 19:30"),  # across the change: still the end the series says
        ("2027-03-28 01:30", "1h", "2027-03-28 03:30"),  # 02:30 does not exist that night: elapsed time
        ("2027-10-31 00:00", "10h", "2027-10-31 10:00"),
    ],
)
def test_a_series_date_ends_at_its_time_on_the_clock_unless_the_night_skips_it(
    start: str, duration: str, end: str
) -> None:
    begun = datetime.fromisoformat(start).replace(tzinfo=TZ)
    length = parse_duration(duration)
    assert length is not None
    ended = on_the_clock(begun, length)
    assert ended.replace(tzinfo=None) == datetime.fromisoformat(end)
