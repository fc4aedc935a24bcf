"""The scaffolding commands: new event, new series, new episode.

Each gathers its values (new_content_questions.py, asked by questions.py),
writes the front matter with a fresh permanent id (scaffold.py), checks the
draft with the build's own parsers (workspace.py) and only then writes it, so a
new file passes ``invoke check`` unchanged. A mistake found by the check is asked again in a terminal, or
reported (and nothing written) from a script.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..content.dates import parse_duration, parse_moment
from ..content.errors import ContentError
from ..content.media_files import read_media
from ..content.model_media import Medium
from . import scaffold
from .new_content_questions import episode_questions, event_questions, series_questions
from .questions import Answers, Ask, CommandError, Question, Say, clock, gather
from .workspace import Workspace

# How often a mistake found by the full check is asked again before giving up.
_RETRIES = 3


@dataclass(frozen=True)
class Created:
    path: str  # relative to the content folder
    id: str
    notes: tuple[str, ...] = ()  # facts worth telling, like a measured duration


# -- the commands ---------------------------------------------------------------------


def new_event(ws: Workspace, given: dict[str, Any], ask: Ask | None, say: Say) -> Created:
    answers = gather(event_questions(ws), given, ask, say)
    return _write_checked(ws, answers, _event_draft, event_questions(ws), ask, say)


def new_series(ws: Workspace, given: dict[str, Any], ask: Ask | None, say: Say) -> Created:
    answers = gather(series_questions(ws), given, ask, say)
    return _write_checked(ws, answers, _series_draft, series_questions(ws), ask, say)


def _write_checked(ws: Workspace, answers: Answers, draft: Any, questions: list[Question], ask: Ask | None,
                   say: Say) -> Created:  # fmt: skip
    """Check the draft with the build's parsers; re-ask what they reject, then write it."""
    for _ in range(_RETRIES):
        relative, meta, errors = draft(ws, answers)
        if not errors:
            scaffold.write_new(ws.content / relative, scaffold.dump_front_matter(meta))
            return Created(relative, meta["id"])
        again = {_question_key(e.field) for e in errors} & {q.key for q in questions}
        if ask is None or not again:
            raise CommandError("\n".join(str(e) for e in errors) + "\nNothing was written.")
        for error in errors:
            say(f"  {error.field}: {error.message}")
        retry = [q for q in questions if q.key in again]
        answers = gather(retry, {}, ask, say, known=answers)
    raise CommandError("still not right after several tries; nothing was written")


# Front-matter field -> the question that supplies it.
_FIELD_QUESTIONS = {"audiences": "audience", "duration": "end", "weekdays": "weekday", "from": "from_date",
                    "end_time": "end_time", "recurrence.duration": "end_time", "recurrence.end_time": "end_time",
                    "recurrence.from": "from_date", "recurrence.until": "until", "recurrence.start_time": "start_time",
                    "recurrence.weekdays": "weekday", "file name": "title"}  # fmt: skip


def _question_key(field: str) -> str:
    return _FIELD_QUESTIONS.get(field, field)


def _event_draft(ws: Workspace, a: Answers) -> tuple[str, dict[str, Any], list[ContentError]]:
    start = parse_moment(a["start"], ws.settings.timezone)
    if isinstance(start, str):
        return "events/new.md", {}, [ContentError("new event", "start", start)]
    day = start.date() if isinstance(start, datetime) else start
    taken = {Path(p).stem for p in ws.event_files.values()}
    relative = scaffold.event_path(day, a["title"], taken)
    meta: dict[str, Any] = {"id": scaffold.event_id(a["title"], day, ws.ids), "title": a["title"],
                            "start": a["start"]}  # fmt: skip
    meta.update(_end(a.get("end"), day))
    meta.update(_place(a))
    return relative, meta, ws.check(relative, scaffold.dump_front_matter(meta))


def _end(value: str | None, day: date) -> dict[str, str]:
    """'19:30' (same day), '2027-01-14 19:30', or a duration '1h30m'."""
    if value is None:
        return {}
    if clock(value) and len(value) <= 5:
        return {"end": f"{day.isoformat()} {clock(value)}"}
    if ":" not in value and "-" not in value and parse_duration(value) is not None:
        return {"duration": value}
    return {"end": value}


def _place(a: Answers) -> dict[str, Any]:
    meta: dict[str, Any] = {"summary": a["summary"], "branch": a["branch"]}
    if a.get("room"):
        meta["room"] = a["room"]
    meta["category"] = a["category"]
    meta["audiences"] = list(a["audience"])
    return meta


def _series_draft(ws: Workspace, a: Answers) -> tuple[str, dict[str, Any], list[ContentError]]:
    series_files = {Path(p).stem for p in _files(ws.content / "series")}
    stem = scaffold.unique(scaffold.slugify(a["title"]), series_files | set(ws.ids))
    relative = f"series/{stem}.md"
    rule: dict[str, Any] = {"frequency": a.get("frequency", "weekly")}
    if int(a.get("interval", "1")) > 1:
        rule["interval"] = int(a["interval"])
    rule["weekdays"] = list(a["weekday"])
    if "week_of_month" in a:
        rule["week_of_month"] = int(a["week_of_month"])
    rule["start_time"] = clock(a["start_time"]) or a["start_time"]
    end = a["end_time"]
    rule.update({"end_time": clock(end)} if clock(end) else {"duration": end})
    rule["from"] = a["from_date"]
    if a.get("until"):
        rule["until"] = a["until"]
    meta = {"id": stem, "title": a["title"], **_place(a), "recurrence": rule}
    return relative, meta, ws.check(relative, scaffold.dump_front_matter(meta))


def _files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.md")) if folder.is_dir() else []


# -- episodes ------------------------------------------------------------------------


def new_episode(ws: Workspace, media: Path, given: dict[str, Any], ask: Ask | None, say: Say) -> Created:
    """Measure the media file, copy it (and its transcript) into media/<show>/, write the episode."""
    if not media.is_file():
        raise CommandError(f"no such media file: {media}")
    answers = gather(episode_questions(ws), given, ask, say)
    show = ws.shows[answers["show"]]
    transcript = _transcript(given.get("transcript"), media, show.medium)
    folder = ws.content / "media" / show.id
    placed = [_place_file(src, folder) for src in (media, transcript) if src is not None]
    try:
        return _write_episode(ws, answers, placed)
    except BaseException:
        for copied, was_new in placed:
            if was_new:
                copied.unlink(missing_ok=True)
        raise


def _transcript(given: str | None, media: Path, medium: Medium) -> Path | None:
    beside = media.with_suffix(".vtt")
    path = Path(given) if given else (beside if beside.is_file() else None)
    if path is not None and not path.is_file():
        raise CommandError(f"--transcript: no such file: {path}")
    if path is None and medium is Medium.PODCAST:
        raise CommandError(
            "audio episodes need a WebVTT transcript (WCAG 1.2.1): give --transcript FILE.vtt, "
            f"or put {beside.name} next to the media file"
        )
    return path


def _place_file(source: Path, folder: Path) -> tuple[Path, bool]:
    """The file inside media/<show>/ with a web-safe name; copied there unless it already is."""
    if source.resolve().parent == folder.resolve():
        return source.resolve(), False
    target = folder.resolve() / f"{scaffold.slugify(source.stem, 80)}{source.suffix.lower()}"
    if target.exists():
        raise CommandError(f"{target} is already there; rename your file or remove the old one first")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target, True


def _write_episode(ws: Workspace, a: Answers, placed: list[tuple[Path, bool]]) -> Created:
    content = ws.content.resolve()
    src = placed[0][0].relative_to(content).as_posix()
    facts = read_media(ws.content, src)
    if isinstance(facts, str):
        raise CommandError(f"media: {facts}")
    number = f"s{int(a['season']):02d}e{int(a['episode']):02d}" if "season" in a and "episode" in a else ""
    stem = scaffold.unique(number or scaffold.slugify(a["title"]), {p.stem for p in _files(ws.content / "episodes")})
    meta: dict[str, Any] = {"id": scaffold.unique(f"{a['show']}-{stem}", ws.ids), "title": a["title"],
                            "date": a["date"]}  # fmt: skip
    for key in ("season", "episode"):
        if key in a:
            meta[key] = int(a[key])
    if a.get("type", "full") != "full":
        meta["episode_type"] = a["type"]
    meta.update(summary=a["summary"], media=src)
    if len(placed) > 1:
        meta["transcript"] = placed[1][0].relative_to(content).as_posix()
    relative = f"episodes/{a['show']}/{stem}.md"
    text = scaffold.dump_front_matter(meta)
    errors = ws.check(relative, text)
    if errors:
        raise CommandError("\n".join(str(e) for e in errors) + "\nNothing was written.")
    scaffold.write_new(ws.content / relative, text)
    minutes, seconds = divmod(round(facts.duration), 60)
    note = f"{src}: {minutes}:{seconds:02d} long, {facts.length / 1e6:.1f} MB, {facts.mime}"
    return Created(relative, meta["id"], (note,))
