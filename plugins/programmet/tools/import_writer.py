"""Turning drafts into event files, safely and repeatably.

``apply_drafts`` gives each draft (import_drafts.py) a permanent id and a file,
checks it with the build's own parser, and writes it. The ledger
(import_ledger.py) says which file an earlier run made of each external row, so
a second run updates instead of duplicating, and never replaces a file someone
has edited since. Without a ledger entry, an event already in the programme
with the same title, start and branch is neither made twice nor replaced.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..content.catalog import EVENTS, SERIES
from ..content.frontmatter import SourceFile, split_front_matter
from ..content.occurrences import expand
from ..content.parse import parse_series
from ..content.texts import read_sources
from . import scaffold
from .import_drafts import Draft, Outcome, identity, skipped
from .import_ledger import LEDGER_NAME, LedgerEntry, read_ledger, replace_text, write_ledger
from .workspace import Workspace


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
    entries: dict[str, LedgerEntry]
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

    def _existing(self, draft: Draft, known: _Known, entry: LedgerEntry | None) -> Outcome:
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
            replace_text(self.workspace.content / known.path, text)
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
        self.entries[draft.key] = LedgerEntry(event_id, path, _sha256(text))
        self.known[_identity(draft.meta)] = _Known(event_id, path, draft.origin)


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
