"""What every way of publishing shares: the built site it starts from, the Report it gives back, the error it raises."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


class PublishError(Exception):
    """Publishing refused or failed; the message is meant for the person publishing."""


@dataclass(frozen=True)
class Report:
    """What one publish did (or, in a dry run, would do) at one destination."""

    destination: str
    copied: int  # files new or changed at the destination
    unchanged: int
    deleted: int
    bytes_copied: int
    dry_run: bool = False

    def __str__(self) -> str:
        copied, deleted = ("to copy", "to delete") if self.dry_run else ("copied", "deleted")
        files = "file" if self.copied == 1 else "files"
        counts = f"{self.copied} {files} {copied} ({_size(self.bytes_copied)}), {self.unchanged} unchanged"
        if self.dry_run:
            return f"Dry run for {self.destination}: {counts}, {self.deleted} {deleted}; nothing was changed."
        return f"Published to {self.destination}: {counts}, {self.deleted} {deleted}."


def check_site(site: Path) -> None:
    """Refuse anything but a built site: publishing an empty or wrong folder would delete the live one."""
    if not (site / "index.html").is_file():
        raise PublishError(f"{site} is not a built site (it has no index.html); build it first")


def site_files(site: Path) -> list[PurePosixPath]:
    """Every file of the site, relative and sorted (a stable order for copying and uploading)."""
    found = []
    for folder, _, names in os.walk(site):
        found += [PurePosixPath(Path(folder, name).relative_to(site).as_posix()) for name in names]
    return sorted(found)


def _size(count: int) -> str:
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if count >= factor:
            return f"{count / factor:.1f} {unit}"
    return f"{count} {'byte' if count == 1 else 'bytes'}"
