"""Shows and episodes: front matter -> model, with media facts read from the files."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from . import common_fields
from .errors import ContentError
from .fields import Fields
from .frontmatter import SourceFile
from .media_files import cover_art_problem, read_media, read_webvtt
from .model import Image
from .model_media import Chapter, Cue, Episode, EpisodeType, MediaFile, Medium, Person, Show

SHOW_KEYS = frozenset(
    {"id", "guid", "medium", "title", "summary", "author", "owner", "language", "category", "explicit", "type",
     "image", "apple_url", "spotify_url"}
)  # fmt: skip
EPISODE_KEYS = frozenset(
    {"id", "title", "date", "season", "episode", "episode_type", "summary", "media", "transcript", "chapters",
     "persons", "explicit", "image", "poster", "event", "embed_url"}
)  # fmt: skip
# Apple Podcasts' top-level categories (podcasters.apple.com/support/1691).
APPLE_CATEGORIES = frozenset(
    {"Arts", "Business", "Comedy", "Education", "Fiction", "Government", "History", "Health & Fitness",
     "Kids & Family", "Leisure", "Music", "News", "Religion & Spirituality", "Science", "Society & Culture",
     "Sports", "Technology", "True Crime", "TV & Film"}
)  # fmt: skip
# Players that may be embedded, in their privacy-enhanced forms; they load only on click.
EMBED_HOSTS = frozenset({"www.youtube-nocookie.com", "player.vimeo.com"})
_CLOCK = re.compile(r"^(?:(\d+):)?([0-5]?\d):([0-5]\d)(?:\.(\d{1,3}))?$")


def parse_show(
    source: SourceFile, vocab: common_fields.Vocabulary, errors: list[ContentError], *, content: Path
) -> Show | None:
    before = len(errors)
    f = Fields(source.path, source.meta, errors, SHOW_KEYS)
    f.check_unknown_keys()
    show_id = f.ident("id")
    if show_id and show_id != PurePosixPath(source.path).stem:
        f.error(
            "id",
            f"must match the file name ({PurePosixPath(source.path).stem!r}): episodes live in a folder named after it",
        )
    guid = _uuid(f)
    medium = f.choice("medium", [m.value for m in Medium], required=True)
    owner = f.sub("owner", ("name", "email"), required=True)
    owner_name = owner.line("name", required=True) if owner else None
    owner_email = owner.line("email", required=True) if owner else None
    if owner_email and "@" not in owner_email:
        owner.error("email", f"not an e-mail address: {owner_email!r}")
    category, subcategory = _category(f)
    image = _cover(f, "image", vocab, content, required=True)
    values = dict(
        title=f.line("title", required=True, max_length=255),
        summary=f.sentence("summary", required=True),
        author=f.line("author", required=True),
        language=common_fields.language(f, vocab),
        explicit=f.flag("explicit"),
        serial=f.choice("type", ["episodic", "serial"]) == "serial",
        apple_url=f.url("apple_url", hosts={"podcasts.apple.com"}),
        spotify_url=f.url("spotify_url", hosts={"open.spotify.com"}),
    )
    if len(errors) > before:
        return None
    return Show(
        id=show_id, guid=guid, medium=Medium(medium), owner_name=owner_name, owner_email=owner_email,
        category=category, subcategory=subcategory, image=image,
        body_html=vocab.render_markdown(source.body), source_path=source.path, **values,
    )  # fmt: skip


def _uuid(f: Fields) -> uuid.UUID | None:
    value = f.text("guid", required=True)
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        f.error(
            "guid", f"not a UUID: {value!r} (make one once, e.g. with python -c 'import uuid; print(uuid.uuid4())')"
        )
        return None


def _category(f: Fields) -> tuple[str | None, str | None]:
    value = f.text("category", required=True)
    if value is None:
        return None, None
    top, _, sub = value.partition("/")
    if top not in APPLE_CATEGORIES:
        f.error("category", f"not an Apple Podcasts category: {top!r}; one of {', '.join(sorted(APPLE_CATEGORIES))}")
        return None, None
    return top, sub or None


def _cover(f: Fields, key: str, vocab: common_fields.Vocabulary, content: Path, required: bool = False) -> Image | None:
    if required and not f.has(key):
        f.error(key, "required field is missing")
        return None
    image = common_fields.image(f, vocab, key)
    if image is not None and key == "image":
        problem = cover_art_problem(content, image.src)
        if problem:
            f.error(f"{key}.src", problem)
            return None
    return image


# -- episodes -------------------------------------------------------------------------


def parse_episode(
    source: SourceFile,
    vocab: common_fields.Vocabulary,
    errors: list[ContentError],
    *,
    content: Path,
    shows: Mapping[str, Show | None],  # None: the show's file has errors of its own
) -> Episode | None:
    before = len(errors)
    f = Fields(source.path, source.meta, errors, EPISODE_KEYS)
    f.check_unknown_keys()
    show_id = PurePosixPath(source.path).parts[1] if len(PurePosixPath(source.path).parts) > 2 else ""
    show = shows.get(show_id)
    if show_id not in shows:
        errors.append(ContentError(source.path, "file", f"put episodes in episodes/<show id>/; no show {show_id!r}"))
    episode_id = f.ident("id")
    slug = common_fields.slug(f)
    published = f.moment("date", vocab.timezone, required=True)
    if published is not None and not hasattr(published, "hour"):
        f.error("date", "give the time of day too (YYYY-MM-DD HH:MM): apps sort episodes by it")
    embed_url = f.url("embed_url", hosts=EMBED_HOSTS)
    media = _media(f, content, required=not f.has("embed_url"))  # a broken embed_url is its own error
    transcript, cues = _vtt(f, "transcript", content)
    if embed_url and show is not None and show.medium is Medium.PODCAST:
        f.error("embed_url", "only video shows embed players from elsewhere")
    if show is not None and show.medium is Medium.PODCAST and transcript is None and not f.has("transcript"):
        f.error("transcript", "required for audio: a WebVTT transcript (WCAG 1.2.1)")
    if show is not None and show.medium is Medium.VIDEO and media is not None and not f.has("transcript"):
        # A player from elsewhere (embed_url) brings its own captions; our own video must have them.
        f.error("transcript", "required for video: WebVTT captions (WCAG 1.2.2)")
    chapters = _chapters(f, media)
    values = dict(
        title=f.line("title", required=True, max_length=255),
        season=f.integer("season", 1, 999),
        number=f.integer("episode", 1, 99_999),
        episode_type=EpisodeType(f.choice("episode_type", [t.value for t in EpisodeType]) or "full"),
        summary=f.sentence("summary", required=True),
        persons=_persons(f),
        explicit=f.flag("explicit"),
        image=_cover(f, "image", vocab, content),
        poster=common_fields.image(f, vocab, "poster"),
        event=f.ident("event", required=False),
    )
    if show is not None and show.serial and values["number"] is None:
        f.error("episode", "required: the show is serial, so every episode needs its number")
    if len(errors) > before:
        return None
    return Episode(
        id=episode_id, slug=slug, show=show_id, published=published, media=media, embed_url=embed_url,
        transcript=transcript,
        transcript_cues=cues,
        chapters=chapters, body_html=vocab.render_markdown(source.body), source_path=source.path, **values,
    )  # fmt: skip


def _media(f: Fields, content: Path, required: bool) -> MediaFile | None:
    src = f.text("media", required=required)
    if src is None:
        return None
    if not _in_media_folder(f, "media", src):
        return None
    found = read_media(content, src)
    if isinstance(found, str):
        f.error("media", found)
        return None
    return found


def _in_media_folder(f: Fields, key: str, src: str) -> bool:
    """Only media/ is published beside the pages, so a file elsewhere would be a dead link."""
    parts_ = PurePosixPath(src).parts
    if parts_[0] != "media" or ".." in parts_:
        f.error(key, f"must be a file in the media/ folder, like media/show/episode.mp3: {src!r}")
        return False
    return True


def _vtt(f: Fields, key: str, content: Path) -> tuple[str | None, tuple[Cue, ...]]:
    src = f.text(key)
    if src is None:
        return None, ()
    if not _in_media_folder(f, key, src):
        return None, ()
    cues = read_webvtt(content, src)
    if isinstance(cues, str):
        f.error(key, cues)
        return None, ()
    return src, cues


def _chapters(f: Fields, media: MediaFile | None) -> tuple[Chapter, ...]:
    raw = f.meta.get("chapters")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        f.error("chapters", "expected a list of {start, title}")
        return ()
    found: list[Chapter | None] = []
    for index, item in enumerate(raw):
        sub = Fields(
            f.path, item if isinstance(item, dict) else {}, f.errors, ("start", "title"), f"chapters[{index}]."
        )
        if not isinstance(item, dict):
            f.error(f"chapters[{index}]", 'expected {start: "MM:SS", title: ...}')
            continue
        sub.check_unknown_keys()
        start, title = _seconds(sub), sub.line("title", required=True)
        if start is None or title is None:
            found.append(None)  # reported; the list's order is still checked around it
            continue
        before = [chapter for chapter in found if chapter is not None]
        if before and start <= before[-1].start:
            sub.error("start", "chapters must be in order, each after the one before")
        elif media is not None and start >= media.duration:  # (an embedded video's length is unknown)
            sub.error("start", f"is after the end of the media file ({media.duration:.1f} s)")
        else:
            found.append(Chapter(start, title))
    if found and found[0] is not None and found[0].start != 0:
        f.error("chapters[0].start", "the first chapter starts at 0:00")
    return tuple(chapter for chapter in found if chapter is not None)


def _seconds(sub: Fields) -> float | None:
    value = sub.text("start", required=True)
    if value is None:
        return None
    match = _CLOCK.match(value)
    if match is None:
        sub.error("start", f"not a time like 1:05 or 1:02:05: {value!r}")
        return None
    hours, minutes, seconds, millis = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int((millis or "0").ljust(3, "0")) / 1000


def _persons(f: Fields) -> tuple[Person, ...]:
    raw = f.meta.get("persons")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        f.error("persons", "expected a list of {name, role}")
        return ()
    found = []
    for index, item in enumerate(raw):
        sub = Fields(f.path, item if isinstance(item, dict) else {}, f.errors, ("name", "role"), f"persons[{index}].")
        if not isinstance(item, dict):
            f.error(f"persons[{index}]", "expected {name: ..., role: host}")
            continue
        sub.check_unknown_keys()
        name = sub.line("name", required=True, max_length=128)
        role = sub.choice("role", PERSON_ROLES) or "guest"
        if name:
            found.append(Person(name, role))
    return tuple(found)


# Podcasting 2.0 taxonomy roles we use (podcasttaxonomy.com).
PERSON_ROLES = ("host", "co-host", "guest", "producer", "editor", "performer", "author", "interviewer")
