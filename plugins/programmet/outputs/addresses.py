"""Who writes each address of the site: two sources, one address is one clear error naming both.

Addresses are made from ids, file names and slugs, with suffixes added by the
build (``<branch>-7-dager.json``, ``<page>/kalender.ics``). Two sources can meet
at one address in ways no single rule foresees: a branch whose id ends like
another branch's generated file name would overwrite that branch's file. So the
build claims every address before it writes it, and a second claimant is
reported instead of silently winning.

Addresses are compared as a case-insensitive file system and a web server with
Unicode normalisation would see them (``Nordlia`` and ``nordlia``, composed and
decomposed ``å``), since the site is built on laptops and served from anywhere.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..content.errors import ContentError

SETTINGS_FILE = "pelicanconf.py"  # where a clash between two of the build's own files is fixed


@dataclass(frozen=True)
class Owner:
    """What writes a file: a content file (``source``), and what the file is, in words."""

    source: str  # the content file it comes from, relative to the content folder; '' for the site's own files
    what: str  # e.g. 'page', 'calendar feed', '7-day data file'

    def __str__(self) -> str:
        return f"{self.source} ({self.what})" if self.source else f"the site's own {self.what}"


class AddressBook:
    """The addresses claimed in one build, and the clashes found."""

    def __init__(self) -> None:
        self._owners: dict[str, tuple[str, Owner]] = {}
        self._sources_met: set[frozenset[str]] = set()
        self.clashes: list[ContentError] = []

    def claim(self, path: str, owner: Owner) -> bool:
        """Take ``path`` (relative to the output folder) for ``owner``; False if another source has it.

        Two sources that meet at several addresses (a branch's feed and its data file) are one
        mistake, reported once, at the first address.
        """
        key = unicodedata.normalize("NFC", path.removeprefix("/")).casefold()
        first = self._owners.setdefault(key, (path, owner))
        if first[1] == owner:
            return True
        sources = frozenset({first[1].source or first[1].what, owner.source or owner.what})
        if sources not in self._sources_met:
            self._sources_met.add(sources)
            self.clashes.append(clash(first[0], first[1], owner))
        return False


def clash(path: str, first: Owner, second: Owner) -> ContentError:
    """The error for ``second`` wanting the address ``first`` has; said in the content file that can change."""
    at = second.source or first.source or SETTINGS_FILE
    other = first if at == second.source else second
    mine = second if at == second.source else first
    return ContentError(
        at,
        "file",
        f"its {mine.what} would be written at /{path}, where {other} is written; "
        "give one of them another id or file name",
    )
