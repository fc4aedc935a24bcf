"""Read the content tree into the typed model, validating everything once."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import partial
from typing import Protocol, TypeVar

from babel import Locale

from ..settings import Settings
from . import parse
from .errors import ContentError
from .files import ContentFile, file_problem, published_files, walk
from .frontmatter import SourceFile, split_front_matter
from .model import Branch, Event, Page, Series
from .model_media import Episode, Show
from .occurrences import expand
from .parse_shows import parse_episode, parse_show
from .texts import TextFile, texts_in
from .urls import RESERVED

BRANCHES, SERIES, EVENTS, PAGES = "branches", "series", "events", "pages"
SHOWS, EPISODES = "shows", "episodes"
T = TypeVar("T", Branch, Series, Event, Page, Show, Episode)


@dataclass(frozen=True)
class Catalog:
    """Everything the site shows; events include every series occurrence, sorted."""

    branches: tuple[Branch, ...]
    series: tuple[Series, ...]
    events: tuple[Event, ...]
    pages: tuple[Page, ...]
    shows: tuple[Show, ...] = ()
    episodes: tuple[Episode, ...] = ()  # every show's, newest first
    files: tuple[ContentFile, ...] = ()  # published as they are (images/, media/), each checked

    def episodes_of(self, show: Show) -> list[Episode]:
        return [e for e in self.episodes if e.show == show.id]


def stray_markdown(files: Iterable[ContentFile]) -> list[ContentError]:
    """Markdown files outside the content folders: they would never be published."""
    folders = {BRANCHES, SERIES, EVENTS, PAGES, SHOWS, EPISODES}
    return [
        ContentError(
            file.relative, "file", f"not published: put it in one of {', '.join(f'{f}/' for f in sorted(folders))}"
        )
        for file in files
        if file.relative.endswith(".md") and file.relative.split("/", 1)[0] not in folders
    ]


class EarlierResults(Protocol):
    """Parse results kept from an earlier read (the build cache, build/cache.py), or none.

    The catalog is the same whichever is given: a result is reused only when
    everything parsing depends on is as it was, and that judgement is the cache's.
    """

    def start(self, files: Sequence[ContentFile]) -> None: ...

    def reuse(
        self, folder: str, vocab: parse.Vocabulary, extra: object, file: TextFile, parse: Callable[[], Parsed]
    ) -> Parsed: ...


class ParseEverything:
    """No earlier results: every file is parsed (staff tools, tests, a build without its cache)."""

    def start(self, files: Sequence[ContentFile]) -> None:
        return None

    def reuse(
        self, folder: str, vocab: parse.Vocabulary, extra: object, file: TextFile, parse: Callable[[], Parsed]
    ) -> Parsed:
        return parse()


def load_catalog(
    settings: Settings, render_markdown: Callable[[str], str], earlier: EarlierResults | None = None
) -> tuple[Catalog, list[ContentError]]:
    """Parse branches, then series and events (which refer to them), then pages.

    With ``earlier`` results (the build's cache), a file whose text, vocabulary and media
    are as before gets its parse result back instead of being parsed again.
    """
    content = settings.content_path
    walked = list(walk(content))  # once: every later step sees the same files, and each problem is said once
    refused = [found for found in walked if isinstance(found, ContentError)]
    errors = list(refused)
    files = [found for found in walked if isinstance(found, ContentFile)]
    errors += stray_markdown(files)
    published, unpublishable = published_files(files)
    errors += unpublishable
    cache = earlier or ParseEverything()
    cache.start(files)
    vocab = base_vocabulary(settings, render_markdown)
    branches, branch_ids = _parse_all(files, BRANCHES, parse.parse_branch, vocab, errors, cache)
    vocab = replace(vocab, branches={b.id: b for b in branches}, branch_ids=branch_ids)
    series, series_ids = _parse_all(files, SERIES, parse.parse_series, vocab, errors, cache)
    vocab = replace(vocab, series=series_ids)
    one_offs, event_ids = _parse_all(files, EVENTS, parse.parse_event, vocab, errors, cache)
    pages, _ = _parse_all(files, PAGES, parse.parse_page, vocab, errors, cache)
    shows, show_ids = _parse_all(files, SHOWS, partial(parse_show, content=content), vocab, errors, cache)
    # A show file with errors still counts as there, so its episodes do not fail too.
    by_id: dict[str, Show | None] = {**dict.fromkeys(show_ids), **{s.id: s for s in shows}}
    read_episode = partial(parse_episode, content=content, shows=by_id)
    episodes, _ = _parse_all(files, EPISODES, read_episode, vocab, errors, cache, extra=by_id)
    errors += identity_errors(branches, series, one_offs, pages)
    owners = {x.id: x.source_path for x in (*series, *one_offs)}
    errors += recording_errors(shows, episodes, event_ids, owners)
    horizon = settings.today + timedelta(days=settings.horizon_days)
    occurrences = [e for s in series for e in expand(s, horizon, settings.timezone)]
    catalog = Catalog(
        branches=tuple(sorted(branches, key=lambda b: b.name)),
        series=tuple(sorted(series, key=lambda s: s.details.title)),
        events=tuple(sorted([*one_offs, *occurrences], key=lambda e: (e.when.sort_key, e.details.title, e.id))),
        pages=tuple(pages),
        shows=tuple(sorted(shows, key=lambda s: s.title)),
        # A preview leaves out the episodes of a show whose own file is broken.
        episodes=tuple(
            sorted((e for e in episodes if by_id.get(e.show)), key=lambda e: (e.published, e.id), reverse=True)
        ),
        files=tuple(published),
    )
    return catalog, said_once(errors, refused)


def said_once(errors: list[ContentError], refused: list[ContentError]) -> list[ContentError]:
    """Each problem once: a refused file that a field names is reported there, with the field, not twice.

    A link out of the content folder named as an event's image is found by the walk
    (content/files.py: walk) and by the image check; the field's message names both the
    content file and the link, so it is the one kept.
    """
    named = [e for e in errors if e.field != "file"]
    return [error for error in errors if error not in refused or not any(repr(error.path) in e.message for e in named)]


def base_vocabulary(settings: Settings, render_markdown: Callable[[str], str]) -> parse.Vocabulary:
    """The controlled lists from the settings; branches and series are added as they are read."""
    return parse.Vocabulary(
        timezone=settings.timezone,
        categories=[t.id for t in settings.categories],
        audiences=[t.id for t in settings.audiences],
        themes={t.id: t.weekday for t in settings.themes if t.weekday is not None},
        languages=frozenset(Locale("nb").languages),
        default_language=settings.language,
        series_limits=settings.series_limits,
        image_problem=partial(file_problem, settings.content_path),
        render_markdown=render_markdown,
        hints={
            name.lower(): term.id
            for term in (*settings.categories, *settings.audiences, *settings.themes)
            for name in (term.label, term.slug)
        },
    )


def identity_errors(
    branches: list[Branch], series: list[Series], events: list[Event], pages: list[Page]
) -> list[ContentError]:
    """Ids and URLs must be unique, and pages may not take a site section's name."""
    errors: list[ContentError] = []
    _check_unique(branches, lambda b: b.id, "id", "branch", errors)
    _check_unique([*series, *events], lambda x: x.id, "id", "event or series", errors)
    _check_unique(events, lambda e: e.slug, "file name", "event (it is the URL)", errors)
    _check_unique(series, lambda s: s.slug, "file name", "series (it is the URL)", errors)
    _check_unique(pages, lambda p: p.slug, "file name", "page (it is the URL)", errors)
    errors.extend(
        ContentError(
            p.source_path, "file name", f"{p.slug!r} is taken by the site's /{p.slug}/ section; rename the file"
        )
        for p in pages
        if p.slug in RESERVED
    )
    return errors


def recording_errors(
    shows: list[Show], episodes: list[Episode], event_ids: Collection[str], owners: Mapping[str, str]
) -> list[ContentError]:
    """Episode GUIDs, numbers and URLs are unique, and a recording names an event that exists.

    ``owners`` maps the ids of events and series to their files: an episode may
    not take one, since a permanent id names one thing wherever it appears.
    """
    errors: list[ContentError] = []
    _check_unique(shows, lambda s: str(s.guid), "guid", "show", errors)
    _check_unique(episodes, lambda e: e.id, "id", "episode (it is the feed GUID)", errors)
    errors.extend(
        ContentError(e.source_path, "id", f"{e.id!r} is already used by the event or series in {owners[e.id]}")
        for e in episodes
        if e.id in owners
    )
    numbered = [e for e in episodes if e.number is not None]
    _check_unique(numbered, _episode_number, "episode", "episode", errors)
    with_media = [e for e in episodes if e.media is not None]
    _check_unique(with_media, lambda e: e.media.src, "media", "episode (apps ignore repeated enclosures)", errors)
    errors.extend(
        ContentError(e.source_path, "event", f"no event has the id {e.event!r}")
        for e in episodes
        if e.event is not None and e.event not in event_ids
    )
    return errors


def _episode_number(episode: Episode) -> str:
    season = f"season {episode.season}, " if episode.season is not None else ""
    return f"{episode.show}: {season}episode {episode.number}"


Parsed = tuple[str | None, T | None, tuple[ContentError, ...]]  # declared id, the item, its errors


def _parse_all(
    files: list[ContentFile],
    folder: str,
    parser: Callable[[SourceFile, parse.Vocabulary, list[ContentError]], T | None],
    vocab: parse.Vocabulary,
    errors: list[ContentError],
    cache: EarlierResults,
    extra: object = None,
) -> tuple[list[T], set[str]]:
    """Parse every file of a folder; also return the ids the files declare, valid or not."""
    parsed: list[T] = []
    declared: set[str] = set()
    for file in texts_in(files, folder):
        if isinstance(file, ContentError):
            errors.append(file)
            continue
        result = cache.reuse(folder, vocab, extra, file, partial(_parse_one, file, parser, vocab))
        declared_id, item, file_errors = result
        errors.extend(file_errors)
        if declared_id is not None:
            declared.add(declared_id)
        if item is not None:
            parsed.append(item)
    return parsed, declared


def _parse_one(
    file: TextFile,
    parser: Callable[[SourceFile, parse.Vocabulary, list[ContentError]], T | None],
    vocab: parse.Vocabulary,
) -> Parsed:
    source = split_front_matter(file.path, file.text)
    if isinstance(source, ContentError):
        return None, None, (source,)
    found: list[ContentError] = []
    item = parser(source, vocab, found)
    declared = source.meta["id"] if isinstance(source.meta.get("id"), str) else None
    return declared, item, tuple(found)


def _check_unique(
    items: Iterable[T], key: Callable[[T], str], field: str, kind: str, errors: list[ContentError]
) -> None:
    first_seen: dict[str, str] = {}
    for item in items:
        value = key(item)
        if value in first_seen:
            errors.append(
                ContentError(item.source_path, field, f"{value!r} is already used by the {kind} in {first_seen[value]}")
            )
        else:
            first_seen[value] = item.source_path
