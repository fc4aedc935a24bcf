"""The import ledger: which event file each external row became.

A ledger in the content folder (imports.json, committed with the content)
remembers which file each external row became and what was written, so a
second run updates instead of duplicating, and never replaces a file someone
has edited since.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .import_drafts import ImportSetupError

LEDGER_NAME = "imports.json"
_LEDGER_ABOUT = (
    "Written by the importers: which event file each imported row became, and a hash of what was "
    "written, so re-imports update instead of duplicating. Commit it with the content."
)


@dataclass(frozen=True)
class LedgerEntry:
    """Which event an imported row became, in which file, and a hash of what was written there."""

    id: str
    path: str
    sha256: str


def read_ledger(path: Path) -> dict[str, dict[str, LedgerEntry]]:
    """source -> key -> entry; empty when there is no ledger yet."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportSetupError(f"{path.name} cannot be read ({exc}); fix it or restore it from git") from None
    try:
        return {
            source: {key: LedgerEntry(e["id"], e["path"], e["sha256"]) for key, e in rows.items()}
            for source, rows in raw["sources"].items()
        }
    except (KeyError, TypeError, AttributeError):
        raise ImportSetupError(f"{path.name} is not an import ledger; restore it from git") from None


def write_ledger(path: Path, ledger: Mapping[str, Mapping[str, LedgerEntry]]) -> None:
    """Sorted, indented JSON, replaced in one step so an interrupted run never leaves half a file."""
    data = {
        "about": _LEDGER_ABOUT,
        "sources": {
            source: {key: {"id": e.id, "path": e.path, "sha256": e.sha256} for key, e in rows.items()}
            for source, rows in ledger.items()
        },
    }
    replace_text(path, json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n")


def replace_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` in one step: a reader sees the old file or the new one, never half."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
