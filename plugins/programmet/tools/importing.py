"""Turning imported rows into event files, safely and repeatably.

The table and iCalendar readers turn their input into ``Draft``s (or skip a
row with a reason); ``apply_drafts`` gives each draft a permanent id and a file,
checks it with the build's own parser, and writes it. A ledger in the content
folder (imports.json, committed with the content) remembers which file each
external row became and what was written, so a second run updates instead of
duplicating, and never replaces a file someone has edited since.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..content.catalog import EVENTS, SERIES
from ..content.frontmatter import SourceFile, split_front_matter
from ..content.parse import parse_series
from ..content.recurrence import expand
from ..content.texts import read_sources
from . import scaffold
from .import_values import norm
from .workspace import Workspace

LEDGER_NAME = "imports.json"
ACTIONS = ("created", "updated", "unchanged", "skipped")
_LEDGER_ABOUT = (
    "Written by the importers: which event file each imported row became, and a hash of what was "
    "written, so re-imports update instead of duplicating. Commit it with the content."
)


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


@dataclass(frozen=True)
class _Entry:
    id: str
    path: str
    sha256: str


@dataclass(frozen=True)
class _Known:
    """An event already in the programme (origin None) or created earlier in this run."""

    id: str
    path: str
    origin: str | None = None


def apply_drafts(
    workspace: Workspace,
    items: Iterable[Draft | Outcome],
    *,
    source: str,
    dry_run: bool,
    overwrite: bool,
    progress: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Create, update or skip each draft; pass skipped rows through. Writes nothing when ``dry_run``.

    Raises ImportSetupError only when the ledger itself cannot be read.
    """
    ledger_path = workspace.content / LEDGER_NAME
    ledger = read_ledger(ledger_path)
    run = _Run(
        workspace, dict(ledger.get(source, {})), _known_events(workspace), _taken_names(workspace.content),
        dry_run, overwrite,
    )  # fmt: skip
    outcomes = []
    for item in items:
        outcome = item if isinstance(item, Outcome) else run.apply(item)
        outcomes.append(outcome)
        if progress is not None:  # a long import shows each row as it is done
            progress(outcome)
    if not dry_run and run.entries != ledger.get(source, {}):
        write_ledger(ledger_path, {**ledger, source: run.entries})
    return outcomes


@dataclass
class _Run:
    """The state of one import run: what it has seen, created and recorded so far."""

    workspace: Workspace
    entries: dict[str, _Entry]
    known: dict[str, _Known]
    taken_names: set[str]  # event file names in use, including those this run would create
    dry_run: bool
    overwrite: bool
    seen: dict[str, str] = field(default_factory=dict)  # key -> origin

    def apply(self, draft: Draft) -> Outcome:
        if draft.key in self.seen:
            return skipped(draft.origin, f"duplicate of {self.seen[draft.key]}")
        self.seen[draft.key] = draft.origin
        entry = self.entries.get(draft.key)
        if entry is None:
            return self._new(draft)
        path = self.workspace.event_files.get(entry.id)  # found by id, so a moved file is still found
        if path is None:
            if not self.overwrite:
                reason = f"{entry.path} was deleted by hand; not re-created (use --overwrite to re-create it)"
                return skipped(draft.origin, reason)
            return self._create(draft, entry.id)
        return self._existing(draft, _Known(entry.id, path), entry)

    def _new(self, draft: Draft) -> Outcome:
        match = self.known.get(_identity(draft.meta))
        if match is None:
            return self._create(draft, None)
        if match.origin is not None:
            return skipped(draft.origin, f"same title, start and branch as {match.origin}")
        return self._existing(draft, match, None)

    def _existing(self, draft: Draft, known: _Known, entry: _Entry | None) -> Outcome:
        """Update (or leave) the file an earlier import wrote; adopt an identical event found by title, start
        and branch (the ledger was lost), but never replace one."""
        text = _file_text(known.id, draft)
        current = _read(self.workspace.content / known.path)
        if current == text:
            self._record(draft, known.id, known.path, text)
            return Outcome(draft.origin, "unchanged", known.path, "" if entry else "found by title, start and branch")
        if entry is None:
            # Not written by an import (or the ledger was lost): even --overwrite leaves it alone.
            return skipped(draft.origin, f"already in the programme as {known.path}", known.path)
        if not self.overwrite and (current is None or _sha256(current) != entry.sha256):
            reason = f"{known.path} was edited by hand since the last import; use --overwrite to replace it"
            return skipped(draft.origin, reason, known.path)
        checked = replace(self.workspace, ids=self.workspace.ids - {known.id})
        errors = checked.check(known.path, text)
        if errors:
            return skipped(draft.origin, _describe(errors))
        if not self.dry_run:
            _replace(self.workspace.content / known.path, text)
        self._record(draft, known.id, known.path, text)
        return Outcome(draft.origin, "updated", known.path, _changes(current, text))

    def _create(self, draft: Draft, event_id: str | None) -> Outcome:
        day = _first_day(draft.meta)
        if day is None:
            return skipped(draft.origin, f"start: not a date: {draft.meta.get('start')!r}")
        title = str(draft.meta.get("title") or "")
        event_id = event_id or scaffold.event_id(title, day, self.workspace.ids)
        path = scaffold.event_path(day, title, self.taken_names)
        text = _file_text(event_id, draft)
        errors = self.workspace.check(path, text)
        if errors:
            return skipped(draft.origin, _describe(errors))
        if not self.dry_run:
            scaffold.write_new(self.workspace.content / path, text)
        self.workspace = self.workspace.with_file(path, {"id": event_id})
        self.taken_names.add(Path(path).stem)
        self._record(draft, event_id, path, text)
        return Outcome(draft.origin, "created", path)

    def _record(self, draft: Draft, event_id: str, path: str, text: str) -> None:
        self.entries[draft.key] = _Entry(event_id, path, _sha256(text))
        self.known[_identity(draft.meta)] = _Known(event_id, path, draft.origin)


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


# -- the ledger -------------------------------------------------------------


def read_ledger(path: Path) -> dict[str, dict[str, _Entry]]:
    """source -> key -> entry; empty when there is no ledger yet."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportSetupError(f"{path.name} cannot be read ({exc}); fix it or restore it from git") from None
    try:
        return {
            source: {key: _Entry(e["id"], e["path"], e["sha256"]) for key, e in rows.items()}
            for source, rows in raw["sources"].items()
        }
    except (KeyError, TypeError, AttributeError):
        raise ImportSetupError(f"{path.name} is not an import ledger; restore it from git") from None


def write_ledger(path: Path, ledger: Mapping[str, Mapping[str, _Entry]]) -> None:
    """Sorted, indented JSON, replaced in one step so an interrupted run never leaves half a file."""
    data = {
        "about": _LEDGER_ABOUT,
        "sources": {
            source: {key: {"id": e.id, "path": e.path, "sha256": e.sha256} for key, e in rows.items()}
            for source, rows in ledger.items()
        },
    }
    _replace(path, json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n")


def _replace(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# -- helpers ----------------------------------------------------------------


def _file_text(event_id: str, draft: Draft) -> str:
    return scaffold.dump_front_matter({"id": event_id, **draft.meta}, draft.body)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _identity(meta: Mapping[str, Any]) -> str:
    return identity(meta.get("title"), meta.get("start"), meta.get("branch"))


def _first_day(meta: Mapping[str, Any]) -> date | None:
    try:
        return date.fromisoformat(str(meta.get("start", ""))[:10])
    except ValueError:
        return None


def _describe(errors: Iterable[Any]) -> str:
    return "; ".join(f"{e.field}: {e.message}" for e in errors)


def _taken_names(content: Path) -> set[str]:
    """Every event file name in use: the name is the event's web address."""
    return {p.stem for p in (content / EVENTS).rglob("*.md")}


def _known_events(workspace: Workspace) -> dict[str, _Known]:
    """The events in the programme by title, start and branch: the safety net when the ledger is missing."""
    known: dict[str, _Known] = {}
    for event_id, path in sorted(workspace.event_files.items()):
        source = split_front_matter(path, _read(workspace.content / path) or "")
        if isinstance(source, SourceFile):
            known.setdefault(_identity(source.meta), _Known(event_id, path))
    for occurrence in _series_dates(workspace):
        when = occurrence.when.start
        start = f"{when:%Y-%m-%d %H:%M}" if isinstance(when, datetime) else when.isoformat()
        key = identity(occurrence.details.title, start, occurrence.details.branch)
        known.setdefault(key, _Known(occurrence.id, occurrence.source_path))
    return known


def _series_dates(workspace: Workspace) -> list[Any]:
    """Every date of every series in the programme window: a partner's copy of one is no new event."""
    settings = workspace.settings
    horizon = settings.today + timedelta(days=settings.horizon_days)
    ignored: list[Any] = []  # a broken series file is the build's to report
    found = []
    for source in read_sources(workspace.content, SERIES):
        series = parse_series(source, workspace.vocab, ignored) if isinstance(source, SourceFile) else None
        if series is not None:
            found.extend(expand(series, horizon, settings.timezone))
    return found


def _changes(before: str | None, after: str) -> str:
    """'start, end changed': what an update changes, for the report."""
    old = split_front_matter("old.md", before or "")
    new = split_front_matter("new.md", after)
    if not isinstance(old, SourceFile) or not isinstance(new, SourceFile):
        return ""
    names = [k for k in dict.fromkeys([*old.meta, *new.meta]) if old.meta.get(k) != new.meta.get(k)]
    if old.body.strip() != new.body.strip():
        names.append("description")
    return f"{', '.join(names)} changed" if names else ""
