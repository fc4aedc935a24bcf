"""What the scaffolding commands ask: for a new event, a new series and a new episode.

The choices (branches, rooms, categories, audiences, shows) come from the
workspace, so they are the ones the build accepts; questions.py asks them.
"""

from __future__ import annotations

from typing import Any

from ..content.recurrence import NORWEGIAN_WEEKDAYS
from .questions import Question, check_clock, check_count, check_day, check_sentence, moment_check
from .workspace import Workspace

WEEKDAY_LABELS = NORWEGIAN_WEEKDAYS
WEEKDAY_SHORT = {name[:3]: day for day, name in NORWEGIAN_WEEKDAYS.items()}  # 'tir' -> 'tuesday'


def _branches(ws: Workspace) -> Any:
    return lambda answers: {b.id: b.name for b in sorted(ws.branches.values(), key=lambda b: b.name)}


def _rooms(ws: Workspace) -> Any:
    return lambda answers: {room: room for room in ws.vocab.rooms_of(answers.get("branch", ""))}


def _terms(terms: Any) -> Any:
    return lambda answers: {t.id: t.label for t in terms}


def _place_questions(ws: Workspace) -> list[Question]:
    s = ws.settings
    return [
        Question("branch", "Which branch?", choices=_branches(ws)),
        Question("room", "Which room?", choices=_rooms(ws), optional=True),
        Question("category", "Which category?", choices=_terms(s.categories), aliases=ws.vocab.hints),
        Question("audience", "For whom?", choices=_terms(s.audiences), many=True, aliases=ws.vocab.hints),
        Question("summary", "One sentence for lists and calendars (what happens, for whom)", check=check_sentence),
    ]


def event_questions(ws: Workspace) -> list[Question]:
    return [
        Question("title", "Title (short, says what happens)"),
        Question(
            "start", "Starts (YYYY-MM-DD HH:MM, or YYYY-MM-DD for all day)", check=moment_check(ws.settings.timezone)
        ),
        Question(
            "end",
            "Ends (HH:MM the same day, YYYY-MM-DD HH:MM, or a duration like 1h30m)",
            when=lambda a: ":" in a.get("start", ""),
        ),
        *_place_questions(ws),
    ]


def series_questions(ws: Workspace) -> list[Question]:
    return [
        Question("title", "Title of the series"),
        Question(
            "frequency",
            "How often?",
            choices=lambda a: {"weekly": "every week", "monthly": "once a month"},
            default="weekly",
        ),
        Question("weekday", "On which weekday(s)?", choices=lambda a: WEEKDAY_LABELS, many=True, aliases=WEEKDAY_SHORT),
        Question(
            "week_of_month",
            "Which week of the month (1–4, or -1 for the last)?",
            choices=lambda a: {"1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last"},
            when=lambda a: a.get("frequency") == "monthly",
        ),
        Question("interval", "Every how many weeks/months?", default="1", check=check_count),
        Question("start_time", "Starts at (HH:MM)", check=check_clock),
        Question("end_time", "Ends at (HH:MM, or a duration like 1h30m)"),
        Question("from_date", "First date (YYYY-MM-DD)", check=check_day),
        Question("until", "Last date (YYYY-MM-DD)", optional=True, check=check_day),
        *_place_questions(ws),
    ]


def episode_questions(ws: Workspace) -> list[Question]:
    shows = {sid: show.title for sid, show in sorted(ws.shows.items()) if show is not None}
    return [
        Question("show", "Which show?", choices=lambda a: shows),
        Question("title", "Episode title"),
        Question("summary", "One sentence about the episode", check=check_sentence),
        Question("date", "Published (YYYY-MM-DD HH:MM)", check=moment_check(ws.settings.timezone)),
        Question("season", "Season number", optional=True, check=check_count),
        Question("episode", "Episode number", optional=True, check=check_count),
        Question("type", "Kind of episode", choices=lambda a: {"full": "", "trailer": "", "bonus": ""}, default="full"),
    ]
