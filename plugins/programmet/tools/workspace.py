"""The content tree as the staff tools see it: settings, controlled lists, ids in use.

Scaffolds and importers write files that must pass the strict build unchanged,
so they check every draft with the same parsers the build uses, against the
branches, series and shows that are in the tree right now.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

from pelican.settings import read_settings as read_pelican_settings

from ..content import parse
from ..content.catalog import BRANCHES, EPISODES, EVENTS, SERIES, SHOWS, base_vocabulary
from ..content.common_fields import Vocabulary
from ..content.errors import ContentError
from ..content.frontmatter import SourceFile, split_front_matter
from ..content.markup import markdown_renderer
from ..content.model import Branch
from ..content.model_media import Show
from ..content.parse_shows import parse_episode, parse_show
from ..content.texts import read_sources
from ..settings import Settings, read_settings

ID_FOLDERS = (BRANCHES, SERIES, EVENTS, SHOWS, EPISODES)


@dataclass(frozen=True)
class Workspace:
    """What a new file is checked against; read once per command."""

    settings: Settings
    vocab: Vocabulary
    shows: Mapping[str, Show | None]  # None: the show's own file has errors
    ids: frozenset[str]  # every id any content file declares
    event_files: Mapping[str, str]  # event id -> its file, relative to the content folder

    @property
    def content(self) -> Path:
        return self.settings.content_path

    @property
    def branches(self) -> Mapping[str, Branch]:
        return self.vocab.branches

    def check(self, relative: str, text: str) -> list[ContentError]:
        """The errors the strict build would report for ``text`` saved at ``relative``."""
        source = split_front_matter(relative, text)
        if isinstance(source, ContentError):
            return [source]
        errors: list[ContentError] = []
        folder = PurePosixPath(relative).parts[0]
        if folder == EVENTS:
            parse.parse_event(source, self.vocab, errors)
        elif folder == SERIES:
            parse.parse_series(source, self.vocab, errors)
        elif folder == EPISODES:
            parse_episode(source, self.vocab, errors, content=self.content, shows=self.shows)
        else:
            raise ValueError(f"staff tools do not write into {folder}/")
        declared = source.meta.get("id")
        if isinstance(declared, str) and declared in self.ids:
            errors.append(ContentError(relative, "id", f"{declared!r} is already used by another file"))
        return errors

    def with_file(self, relative: str, meta: Mapping[str, Any]) -> Workspace:
        """The workspace after writing a file, so the next draft sees its id."""
        declared = meta.get("id")
        if not isinstance(declared, str):
            return self
        files = dict(self.event_files)
        if PurePosixPath(relative).parts[0] == EVENTS:
            files[declared] = relative
        return replace(self, ids=self.ids | {declared}, event_files=files)


def project_settings(content: Path, settings_file: Path, **overrides: Any) -> Settings:
    """Programmet's settings for ``content``, read through Pelican as the build reads them."""
    pelican = read_pelican_settings(str(settings_file), override={"PATH": str(content), **overrides})
    return read_settings(pelican)


def open_workspace(settings: Settings) -> Workspace:
    """Read branches, series and shows (the things new files refer to) and every declared id."""
    content = settings.content_path
    sources = {folder: _sources(content, folder) for folder in ID_FOLDERS}  # each file read once
    declared = {folder: _declared(found) for folder, found in sources.items()}
    vocab = base_vocabulary(settings, markdown_renderer())
    ignored: list[ContentError] = []  # broken files are the build's to report, not the scaffold's
    parsed = [b for s in sources[BRANCHES] if (b := parse.parse_branch(s, vocab, ignored))]
    vocab = replace(
        vocab,
        branches={b.id: b for b in parsed},
        branch_ids=frozenset(declared[BRANCHES]),
        series=frozenset(declared[SERIES]),
    )
    shows: dict[str, Show | None] = dict.fromkeys(declared[SHOWS])
    for source in sources[SHOWS]:
        show = parse_show(source, vocab, ignored, content=content)
        if show is not None:
            shows[show.id] = show
    ids = frozenset(i for found in declared.values() for i in found)
    return Workspace(settings=settings, vocab=vocab, shows=shows, ids=ids, event_files=declared[EVENTS])


def _sources(content: Path, folder: str) -> list[SourceFile]:
    return [s for s in read_sources(content, folder) if isinstance(s, SourceFile)]


def _declared(sources: list[SourceFile]) -> dict[str, str]:
    """id -> file for every file that declares a string id."""
    return {s.meta["id"]: s.path for s in sources if isinstance(s.meta.get("id"), str)}
