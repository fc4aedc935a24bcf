"""The scaffolding tasks (new-event, new-series, new-episode) and check/build, run as staff run them.

Each test calls the real invoke task function on a copy of a fixture tree and
reads the written file back with the build's own front-matter reader; the
strongest check is that ``invoke check`` then passes on the tree unchanged.
"""

from __future__ import annotations

import builtins
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.scenario import Scenario
from helpers.sites import FIXTURE_TODAY, FIXTURES
from invoke import Context
from invoke.exceptions import Exit
from programmet.content.frontmatter import split_front_matter

import tasks

EVENT = dict(
    title="Strikkekafé på Lia",
    start="2027-01-14 18:00",
    end="20:00",
    branch="lia",
    category="meetup",
    audience=["adults", "seniors"],
    summary="Ta med strikketøyet og bli med på en hyggelig kveld med kaffe og prat.",
)


@pytest.fixture
def content(copy_fixture, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROGRAMMET_TODAY", FIXTURE_TODAY)
    return copy_fixture("small")


def meta_of(path: Path) -> dict:
    source = split_front_matter(path.name, path.read_text(encoding="utf-8"))
    assert not isinstance(source, Exception), source
    return source.meta


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def scripted(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> list[str]:
    """A terminal that types ``answers``; returns the prompts it was shown."""
    prompts: list[str] = []
    typed: Iterator[str] = iter(answers)

    def fake_input(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(typed)

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(builtins, "input", fake_input)
    return prompts


def written(content: Path, before: dict[str, bytes]) -> list[str]:
    return sorted(set(tree(content)) - set(before))


# -- new-event ------------------------------------------------------------------------


def test_new_event_from_options_writes_a_file_that_passes_check(content: Path, capsys) -> None:
    before = tree(content)
    tasks.new_event(Context(), content=str(content), **EVENT)
    [new] = written(content, before)
    assert new == "events/2027/01/2027-01-14-strikkekafe-pa-lia.md"
    meta = meta_of(content / new)
    assert meta["id"] == "ev-2027-0114-strikkekafe-pa-lia"
    assert meta["title"] == "Strikkekafé på Lia"
    assert (meta["start"], meta["end"]) == ("2027-01-14 18:00", "2027-01-14 20:00")
    assert meta["audiences"] == ["adults", "seniors"]
    assert "Created event: content/events/2027/01/2027-01-14-strikkekafe-pa-lia.md" in capsys.readouterr().out
    tasks.check(Context(), content=str(content))  # raises Exit if the file does not pass
    assert tree(content) == {**before, new: (content / new).read_bytes()}, "check changed the content folder"


def test_new_event_twice_gets_a_second_id_and_file(content: Path) -> None:
    tasks.new_event(Context(), content=str(content), **EVENT)
    tasks.new_event(Context(), content=str(content), **EVENT)
    folder = content / "events/2027/01"
    ids = sorted(meta_of(p)["id"] for p in folder.glob("2027-01-14-strikkekafe*.md"))
    assert ids == ["ev-2027-0114-strikkekafe-pa-lia", "ev-2027-0114-strikkekafe-pa-lia-2"]


def test_new_event_with_a_duration_and_a_room(content: Path) -> None:
    before = tree(content)
    options = {**EVENT, "end": "", "duration": "1h30m", "branch": "sentrum", "room": "Scenen"}
    tasks.new_event(Context(), content=str(content), **options)
    meta = meta_of(content / written(content, before)[0])
    assert (meta["duration"], meta["room"]) == ("1h30m", "Scenen")
    assert "end" not in meta


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start": "2027-02-30 18:00"}, "--start: not a date: February 2027 has 28 days, not 30"),
        ({"end": "17:00"}, "end: is before the start"),
        ({"branch": "sentrumm"}, "--branch: 'sentrumm' is not one of"),
        ({"audience": ["voksne", "aliens"]}, "--audience: 'aliens' is not one of"),
        ({"branch": "sentrum", "room": "Kjelleren"}, "--room: 'Kjelleren' is not one of"),
        ({"title": "", "summary": ""}, "missing --title, --summary"),
        ({"summary": "x" * 201}, "--summary: too long"),
        ({"start": "2027-03-28 02:30"}, "does not exist in Europe/Oslo"),
    ],
)
def test_new_event_mistakes_write_nothing(content: Path, change: dict, message: str) -> None:
    before = tree(content)
    with pytest.raises(Exit) as stopped:
        tasks.new_event(Context(), content=str(content), **{**EVENT, **change})
    assert stopped.value.code == 1
    assert message in stopped.value.message
    assert tree(content) == before


def test_new_event_accepts_norwegian_labels_for_audiences(content: Path) -> None:
    before = tree(content)
    tasks.new_event(Context(), content=str(content), **{**EVENT, "audience": ["Voksne", "seniors"]})
    assert meta_of(content / written(content, before)[0])["audiences"] == ["adults", "seniors"]


def test_new_event_asks_for_what_is_missing_and_asks_again_after_a_mistake(
    content: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    answers = [
        "Eventyrstund",  # title
        "14.01.2027 kl 17",  # start: wrong format, asked again
        "2027-01-16 11:00",  # start
        "45m",  # end as a duration
        "9",  # branch: not on the list
        "1",  # branch: the first on the list (Lia bibliotek)
        "",  # room: skipped
        "storytime",  # category
        "children, families",  # audiences
        "Vi leser eventyr for barn fra tre år, og etterpå tegner vi.",
    ]
    prompts = scripted(monkeypatch, answers)
    before = tree(content)
    tasks.new_event(Context(), content=str(content))
    assert len(prompts) == len(answers)
    out = capsys.readouterr().out
    assert "not a date-time (YYYY-MM-DD HH:MM): '14.01.2027 kl 17'" in out
    assert "'9' is not one of" in out
    meta = meta_of(content / written(content, before)[0])
    assert (meta["start"], meta["duration"], meta["branch"]) == ("2027-01-16 11:00", "45m", "lia")
    assert meta["audiences"] == ["children", "families"]


def test_a_mistake_only_the_full_check_finds_is_asked_again(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The end is a valid time, but before the start: only the build's parser knows.
    answers = [
        "Kveldsåpent",
        "2027-01-14 18:00",
        "17:00",
        "2",
        "",
        "meetup",
        "adults",
        "Biblioteket er åpent.",
        "21:00",
    ]
    scripted(monkeypatch, answers)
    before = tree(content)
    tasks.new_event(Context(), content=str(content))
    assert meta_of(content / written(content, before)[0])["end"] == "2027-01-14 21:00"


def test_answers_may_use_norwegian_names(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Category by its web-address name, audiences by label, any case.
    answers = ["Bokprat", "2027-01-20 18:00", "1h", "lia", "", "litteratur", "VOKSNE, seniorer", "Vi snakker om bøker."]
    scripted(monkeypatch, answers)
    before = tree(content)
    tasks.new_event(Context(), content=str(content))
    meta = meta_of(content / written(content, before)[0])
    assert (meta["category"], meta["audiences"]) == ("literature", ["adults", "seniors"])


def test_ctrl_d_stops_without_a_traceback_or_a_file(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def end_of_input(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(builtins, "input", end_of_input)
    before = tree(content)
    with pytest.raises(Exit) as stopped:
        tasks.new_event(Context(), content=str(content))
    assert stopped.value.message == "Stopped before the end; nothing was written."
    assert tree(content) == before


def test_without_a_terminal_missing_values_are_an_error(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    with pytest.raises(Exit) as stopped:
        tasks.new_event(Context(), content=str(content), title="Noe")
    assert "missing --start, --branch, --category, --audience, --summary" in stopped.value.message


# -- new-series -------------------------------------------------------------------------


SERIES = dict(
    title="Språkkafé",
    weekday=["wednesday"],
    start_time="17:00",
    end_time="18:30",
    from_date="2027-01-13",
    branch="sentrum",
    category="learning",
    audience=["adults"],
    summary="Øv på norsk i en uformell samtale over en kopp kaffe.",
)


def test_new_series_weekly_passes_check_and_expands(content: Path, tmp_path: Path) -> None:
    before = tree(content)
    tasks.new_series(Context(), content=str(content), **SERIES)
    [new] = written(content, before)
    assert new == "series/sprakkafe.md"
    meta = meta_of(content / new)
    assert meta["id"] == "sprakkafe"
    assert meta["recurrence"] == {
        "frequency": "weekly", "weekdays": ["wednesday"], "start_time": "17:00", "end_time": "18:30",
        "from": "2027-01-13",
    }  # fmt: skip
    tasks.check(Context(), content=str(content))
    output = tmp_path / "site"
    tasks.build(Context(), content=str(content), output=str(output))
    assert (output / "arrangement/sprakkafe/2027-01-20/index.html").is_file()


def test_new_series_monthly_every_other_month(content: Path) -> None:
    before = tree(content)
    options = {**SERIES, "frequency": "monthly", "week_of_month": "-1", "interval": "2", "until": "2027-06-30",
               "weekday": ["thursday"], "end_time": "2h"}  # fmt: skip
    tasks.new_series(Context(), content=str(content), **options)
    rule = meta_of(content / written(content, before)[0])["recurrence"]
    assert (rule["frequency"], rule["interval"], rule["week_of_month"]) == ("monthly", 2, -1)
    assert (rule["duration"], rule["until"]) == ("2h", "2027-06-30")
    tasks.check(Context(), content=str(content))


def test_new_series_does_not_take_an_existing_id(content: Path) -> None:
    before = tree(content)
    tasks.new_series(Context(), content=str(content), **{**SERIES, "title": "Babyklubb"})
    [new] = written(content, before)
    assert new == "series/babyklubb-2.md"
    assert meta_of(content / new)["id"] == "babyklubb-2"


def test_new_series_with_an_unknown_weekday_writes_nothing(content: Path) -> None:
    before = tree(content)
    with pytest.raises(Exit) as stopped:
        tasks.new_series(Context(), content=str(content), **{**SERIES, "weekday": ["ons", "funday"]})
    assert "--weekday: 'funday' is not one of" in stopped.value.message
    assert tree(content) == before


# -- new-episode ------------------------------------------------------------------------


@pytest.fixture
def shows(copy_fixture, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROGRAMMET_TODAY", FIXTURE_TODAY)
    return copy_fixture("shows")


@pytest.fixture
def recording(tmp_path: Path) -> Path:
    """A real MP3 and its transcript in a download folder, under a name with spaces and capitals."""
    downloads = tmp_path / "Nedlastinger"
    downloads.mkdir()
    shutil.copyfile(FIXTURES / "shows/media/lydpod/e01.mp3", downloads / "Episode 3 Ferdig.mp3")
    shutil.copyfile(FIXTURES / "shows/media/lydpod/e01.vtt", downloads / "Episode 3 Ferdig.vtt")
    return downloads / "Episode 3 Ferdig.mp3"


EPISODE = dict(
    show="lydpod",
    title="Om å lese høyt",
    summary="Vi snakker om hvorfor høytlesing er bra for både barn og voksne.",
    date="2027-01-21 07:00",
    season="2",
    episode="2",
)


def test_new_episode_measures_copies_and_passes_check(shows: Path, recording: Path, capsys) -> None:
    before = tree(shows)
    tasks.new_episode(Context(), str(recording), content=str(shows), **EPISODE)
    new = written(shows, before)
    assert new == [
        "episodes/lydpod/s02e02.md",
        "media/lydpod/episode-3-ferdig.mp3",
        "media/lydpod/episode-3-ferdig.vtt",
    ]
    assert (shows / new[1]).read_bytes() == recording.read_bytes()
    meta = meta_of(shows / new[0])
    assert meta["media"] == "media/lydpod/episode-3-ferdig.mp3"
    assert meta["transcript"] == "media/lydpod/episode-3-ferdig.vtt"
    assert (meta["season"], meta["episode"], meta["id"]) == (2, 2, "lydpod-s02e02")
    out = capsys.readouterr().out
    size = recording.stat().st_size / 1e6
    assert "MB, audio/mpeg" in out and f"{size:.1f} MB" in out
    tasks.check(Context(), content=str(shows))


def test_new_episode_reports_the_duration_mutagen_reads(shows: Path, recording: Path, capsys) -> None:
    import mutagen

    seconds = round(mutagen.File(recording).info.length)
    tasks.new_episode(Context(), str(recording), content=str(shows), **EPISODE)
    assert f"{seconds // 60}:{seconds % 60:02d} long" in capsys.readouterr().out


def test_new_audio_episode_without_a_transcript_writes_nothing(shows: Path, recording: Path) -> None:
    recording.with_suffix(".vtt").unlink()
    before = tree(shows)
    with pytest.raises(Exit) as stopped:
        tasks.new_episode(Context(), str(recording), content=str(shows), **EPISODE)
    assert "audio episodes need a WebVTT transcript" in stopped.value.message
    assert tree(shows) == before


def test_new_episode_with_bad_values_removes_the_copied_media(shows: Path, recording: Path) -> None:
    before = tree(shows)
    with pytest.raises(Exit) as stopped:
        tasks.new_episode(Context(), str(recording), content=str(shows), **{**EPISODE, "date": "2027-01-21"})
    assert "date: give the time of day too" in stopped.value.message
    assert tree(shows) == before


def test_new_episode_never_replaces_a_media_file(shows: Path, tmp_path: Path) -> None:
    source = tmp_path / "e01.mp3"
    shutil.copyfile(FIXTURES / "shows/media/lydpod/e02.mp3", source)
    shutil.copyfile(FIXTURES / "shows/media/lydpod/e02.vtt", source.with_suffix(".vtt"))
    before = tree(shows)
    with pytest.raises(Exit) as stopped:
        tasks.new_episode(Context(), str(source), content=str(shows), **EPISODE)
    assert "e01.mp3 is already there" in stopped.value.message
    assert tree(shows) == before


def test_new_video_episode_from_a_file_already_in_the_media_folder(shows: Path) -> None:
    (shows / "episodes/tv/foredrag-om-fjorden.md").unlink()  # frees opptak.mp4 (one episode per file)
    before = tree(shows)
    tasks.new_episode(
        Context(), str(shows / "media/tv/opptak.mp4"), content=str(shows), show="tv", title="Foredrag om fjorden",
        summary="Opptak av foredraget om livet i fjorden.", date="2027-01-15 12:00",
    )  # fmt: skip
    [new] = written(shows, before)
    meta = meta_of(shows / new)
    assert (meta["media"], meta["transcript"]) == ("media/tv/opptak.mp4", "media/tv/opptak.vtt")
    tasks.check(Context(), content=str(shows))


# -- check and build --------------------------------------------------------------------


def test_check_lists_every_problem_and_changes_nothing(content: Path, capfd) -> None:
    event = next((content / "events/2027").rglob("*.md"))
    relative = event.relative_to(content).as_posix()
    fields = Scenario(content).fields(relative)
    # An unknown branch, and a title that is a mapping instead of text.
    Scenario(content).set(relative, branch=f"nowhere-{fields['branch']}", title={"x": fields["title"]})
    (content / "series/babyklubb.md").write_text("no front matter\n", encoding="utf-8")
    before = tree(content)
    with pytest.raises(Exit) as stopped:
        tasks.check(Context(), content=str(content))
    assert stopped.value.code == 1
    err = capfd.readouterr().err
    assert f"{relative}: " in err
    assert "series/babyklubb.md: front matter: missing" in err
    assert "Traceback" not in err
    assert tree(content) == before


def test_build_failure_keeps_the_published_output(content: Path, tmp_path: Path) -> None:
    output = tmp_path / "site"
    tasks.build(Context(), content=str(content), output=str(output))
    published = tree(output)
    (content / "series/kveldskurs.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    with pytest.raises(Exit):
        tasks.build(Context(), content=str(content), output=str(output))
    assert tree(output) == published


def test_check_gives_writing_advice_without_failing(content: Path, capsys) -> None:
    tasks.new_event(Context(), content=str(content), **{**EVENT, "title": "VELKOMMEN TIL STRIKKEKAFÉ KL 18"})
    tasks.check(Context(), content=str(content))
    out = capsys.readouterr().out
    lines = [
        line.strip() for line in out.splitlines() if "2027-01-14-velkommen-til-strikkekafe-kl-18.md: title:" in line
    ]
    assert any("written in capitals" in line for line in lines)
    assert any("starts with «Velkommen»" in line for line in lines)
    assert any("has a date or time in it" in line for line in lines)
