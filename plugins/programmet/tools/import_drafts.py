"""What an import passes along: drafts from the readers, outcomes from the writer.

The table and iCalendar readers turn their input into ``Draft``s (or skip a
row with a reason, an ``Outcome``); the writer (import_writer.py) turns each
draft into an ``Outcome`` too; the report is one line per outcome.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .import_values import norm

ACTIONS = ("created", "updated", "unchanged", "skipped")


class ImportSetupError(Exception):
    """A mistake that stops a whole import (unreadable file, bad mapping, unknown --branch), in plain words."""


@dataclass(frozen=True)
class Draft:
    """One event as read from outside, in our field names and formats, without an id."""

    key: str  # the row's identity in its source: an id column, or an iCalendar UID (+ occurrence)
    origin: str  # where it came from, for the report: 'row 14', "VEVENT 'Strikkekafé' 2027-01-14"
    meta: Mapping[str, Any]
    body: str = ""


@dataclass(frozen=True)
class Outcome:
    """What happened to one row."""

    origin: str
    action: str  # one of ACTIONS
    path: str | None = None  # relative to the content folder
    reason: str = ""


def skipped(origin: str, reason: str, path: str | None = None) -> Outcome:
    return Outcome(origin=origin, action="skipped", path=path, reason=reason)


def identity(title: object, start: object, branch: object) -> str:
    """What makes two events the same event whatever their ids: title, start and branch, normalised."""
    return "|".join((norm(str(title or "")), str(start or "").strip().replace("T", " ")[:16], str(branch or "")))


def format_report(outcomes: Iterable[Outcome], dry_run: bool) -> str:
    """One line per row, then the counts."""
    outcomes = list(outcomes)
    return "\n".join([*(report_line(o, dry_run) for o in outcomes), summary_line(outcomes, dry_run)])


def summary_line(outcomes: Iterable[Outcome], dry_run: bool) -> str:
    counts = Counter(o.action for o in outcomes)
    summary = ", ".join(f"{counts[action]} {action}" for action in ACTIONS)
    return f"Dry run: nothing was written. It would have: {summary}." if dry_run else f"Done: {summary}."


def report_line(outcome: Outcome, dry_run: bool) -> str:
    """'row 4: created events/…', 'row 5: skipped: start: not a date …'."""
    if outcome.action == "skipped":
        return f"{outcome.origin}: skipped: {outcome.reason}"
    verb = {"created": "would create", "updated": "would update"}.get(outcome.action) if dry_run else None
    reason = f" ({outcome.reason})" if outcome.reason else ""
    return f"{outcome.origin}: {verb or outcome.action} {outcome.path}{reason}"
