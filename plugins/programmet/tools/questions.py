"""Asking staff for the values a new file needs: from options, or one question at a time.

A value given as an option is checked the same way as a typed answer. Without a
terminal (``ask`` is None) a missing required value is an error naming the
option, so every command also works from a script.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from ..content.dates import parse_moment

Ask = Callable[[str], str]
Say = Callable[[str], None]
Answers = dict[str, Any]


class CommandError(Exception):
    """A mistake in what was asked for; printed as it is, and the command exits 1."""


@dataclass(frozen=True)
class Question:
    """One value a command needs. ``key`` is also the option name (with '-' for '_')."""

    key: str
    prompt: str
    # id -> label, computed from the answers so far (rooms depend on the branch)
    choices: Callable[[Answers], Mapping[str, str]] | None = None
    many: bool = False
    optional: bool = False
    default: str | None = None
    # Returns what is wrong with an answer, or None.
    check: Callable[[str, Answers], str | None] | None = None
    # Asked only when this returns True for the answers so far.
    when: Callable[[Answers], bool] = field(default=lambda answers: True)
    # Other names for the choices, lower-case -> id ('litteratur' -> 'literature').
    aliases: Mapping[str, str] = field(default_factory=dict)


def terminal(prompt: str) -> str:
    """``input``, with Ctrl+D and Ctrl+C meaning 'stop' rather than a traceback."""
    try:
        return input(prompt)
    except (EOFError, KeyboardInterrupt):
        print()
        raise CommandError("Stopped before the end; nothing was written.") from None


def gather(
    questions: list[Question], given: Mapping[str, Any], ask: Ask | None, say: Say, known: Answers | None = None
) -> Answers:
    """Every answer: the given ones checked, the missing ones asked for (or reported).

    ``known`` are earlier answers that the questions may depend on (asking again after a mistake).
    """
    asked = {q.key for q in questions}
    answers: Answers = {key: value for key, value in (known or {}).items() if key not in asked}
    missing: list[str] = []
    for question in questions:
        if not question.when(answers):
            continue
        value = _given(question, given.get(question.key), answers)
        if value is None and ask is not None:
            value = ask_until_valid(question, answers, ask, say)
        elif value is None and question.default is not None:
            value = question.default
        if value is None and not question.optional:
            missing.append(f"--{question.key.replace('_', '-')}")
        if value not in (None, "", []):
            answers[question.key] = value
    if missing:
        raise CommandError(f"missing {', '.join(missing)} (or run the command in a terminal to be asked)")
    return answers


def ask_until_valid(question: Question, answers: Answers, ask: Ask, say: Say) -> Any:
    choices = question.choices(answers) if question.choices else {}
    if choices:
        say(question.prompt)
        for number, (key, label) in enumerate(choices.items(), start=1):
            say(f"  {number:>2}  {key}" + (f"  ({label})" if label and label != key else ""))
    while True:
        raw = ask(_prompt(question, bool(choices))).strip()
        if not raw and question.default is not None:
            raw = question.default
        if not raw:
            if question.optional:
                return None
            say("  Please answer: this one is required.")
            continue
        value, problem = _read(question, raw, choices, answers)
        if problem is None:
            return value
        say(f"  {problem}")


def _given(question: Question, raw: Any, answers: Answers) -> Any:
    if raw in (None, "", [], ()):
        return None
    choices = question.choices(answers) if question.choices else {}
    text = ",".join(raw) if isinstance(raw, list | tuple) else str(raw)
    value, problem = _read(question, text, choices, answers)
    if problem is not None:
        raise CommandError(f"--{question.key.replace('_', '-')}: {problem}")
    return value


def _read(question: Question, raw: str, choices: Mapping[str, str], answers: Answers) -> tuple[Any, str | None]:
    if not choices:
        problem = question.check(raw, answers) if question.check else None
        return raw, problem
    parts = [part.strip() for part in raw.split(",")] if question.many else [raw]
    picked = [_pick(part, choices, question.aliases) for part in parts]
    wrong = [p for p in picked if p not in choices]
    if wrong:
        return None, f"{wrong[0]!r} is not one of: {', '.join(choices)}"
    return (picked if question.many else picked[0]), None


def _pick(answer: str, choices: Mapping[str, str], aliases: Mapping[str, str]) -> str:
    """An id, a number from the list, a label or another known name (any case) -> the id."""
    if answer.isdigit() and 1 <= int(answer) <= len(choices):
        return list(choices)[int(answer) - 1]
    folded = answer.casefold()
    for key, label in choices.items():
        if folded in (key.casefold(), label.casefold()):
            return key
    return aliases.get(folded, answer)


def _prompt(question: Question, numbered: bool) -> str:
    hints = []
    if numbered:
        hints.append("number or id" + (", several separated by commas" if question.many else ""))
    if question.default is not None:
        hints.append(f"Enter for {question.default}")
    elif question.optional:
        hints.append("Enter to skip")
    text = question.prompt if not numbered else "Your choice"
    return f"{text}" + (f" ({'; '.join(hints)})" if hints else "") + ": "


# -- checks for typed answers (the full check runs the build's parsers afterwards) ---------------


def moment_check(tz: ZoneInfo) -> Callable[[str, Answers], str | None]:
    def check(value: str, answers: Answers) -> str | None:
        parsed = parse_moment(value, tz)
        return parsed if isinstance(parsed, str) else None

    return check


def check_sentence(value: str, answers: Answers) -> str | None:
    if len(value) > 200:
        return f"too long: {len(value)} characters, at most 200 (one sentence)"
    return None


def check_clock(value: str, answers: Answers) -> str | None:
    return None if clock(value) else f"not a time of day (HH:MM): {value!r}"


def check_day(value: str, answers: Answers) -> str | None:
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"not a date (YYYY-MM-DD): {value!r}"
    return None


def check_count(value: str, answers: Answers) -> str | None:
    return None if value.isdigit() and int(value) > 0 else f"not a whole number above 0: {value!r}"


def clock(value: str) -> str | None:
    hours, sep, minutes = value.replace(".", ":").partition(":")
    if not (sep and hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
        return None
    return f"{int(hours):02d}:{int(minutes):02d}"
