"""Front-matter parts shared by several content types: details, images, times, places.

Each function reads one part through a ``Fields`` and returns the typed value,
or None (or a safe stand-in) after recording errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

from .dates import after, happens_twice
from .field_messages import one_of
from .fields import Fields
from .frontmatter import SourceFile
from .model import NO_REGISTRATION, Access, Address, Branch, EventDetails, Image, Registration, RegistrationType, Timespan
from ..settings import SeriesLimits

_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")

DETAIL_KEYS = frozenset(
    {"title", "summary", "branch", "room", "category", "theme", "audiences", "age_min", "age_max",
     "tags", "image", "price", "price_note", "registration", "accessibility", "accessibility_note",
     "language", "organizers", "partners", "performers", "stream_url"}
)  # fmt: skip
IMAGE_KEYS = ("src", "alt", "credit")
IMAGE_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".svg")
MAX_EVENT_DAYS = 366
REGISTRATION_KEYS = ("type", "url", "deadline", "note")
TIMESPAN_KEYS = ("start", "end", "duration")


@dataclass(frozen=True)
class Vocabulary:
    """What references in content are checked against."""

    timezone: ZoneInfo
    categories: Collection[str]
    audiences: Collection[str]
    themes: Mapping[str, int]  # theme id -> weekday (0 = Monday)
    languages: Collection[str]
    image_problem: Callable[[str], str | None]  # files.file_problem
    render_markdown: Callable[[str], str]
    branches: Mapping[str, Branch] = field(default_factory=dict)
    # Every id declared by a branch or series file, including files with errors,
    # so that one broken branch file does not also fail every event held there.
    branch_ids: Collection[str] = frozenset()
    series: Collection[str] = frozenset()
    # Other names people may type for a controlled value (Norwegian labels and URL
    # slugs, lower-case) -> its id, so 'voksne' suggests 'adults'.
    hints: Mapping[str, str] = field(default_factory=dict)
    # Content without a ``language`` is written in the site's language (PROGRAMMET_LANGUAGE).
    default_language: str = "nb"
    # How far a series may reach (Settings.series_limits); None only in tests of single files.
    series_limits: SeriesLimits | None = None

    def rooms_of(self, branch_id: str) -> tuple[str, ...]:
        branch = self.branches.get(branch_id)
        return branch.rooms if branch else ()


_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def slug(f: Fields) -> str:
    """The file name without .md: it is the page's web address, so it must be URL-safe."""
    name = PurePosixPath(f.path).stem
    if not _SLUG.match(name):
        f.error("file name", f"{name!r} becomes the web address: use only a-z, 0-9 and '-' (æ→ae, ø→o, å→a)")
    return name


def address(f: Fields) -> Address | None:
    sub = f.sub("address", ("street", "postal_code", "town"), required=True)
    if sub is None:
        return None
    # One line each: the address is one line of a calendar's LOCATION and of the page.
    street = sub.line("street", required=True)
    postal_code = sub.line("postal_code", required=True)
    town = sub.line("town", required=True)
    if postal_code is not None and not re.fullmatch(r"\d{4}", postal_code):
        sub.error("postal_code", f"a Norwegian postal code has four digits, got {postal_code!r}")
    if street and postal_code and town:
        return Address(street, postal_code, town)
    return None


def coordinates(f: Fields) -> tuple[float | None, float | None]:
    value = f.meta.get("coordinates")
    if value is None:
        f.error("coordinates", "required field is missing")
        return None, None
    ok = isinstance(value, list) and len(value) == 2
    ok = ok and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    if not ok or not (-90 <= value[0] <= 90 and -180 <= value[1] <= 180):
        f.error("coordinates", f"expected [latitude, longitude] in decimal degrees, got {value!r}")
        return None, None
    return float(value[0]), float(value[1])


def details(f: Fields, source: SourceFile, vocab: Vocabulary) -> EventDetails | None:
    before = len(f.errors)
    branch_id = f.choice("branch", vocab.branch_ids, required=True)
    room_name = room(f, vocab, branch_id)
    age_min = f.integer("age_min", 0, 120)
    age_max = f.integer("age_max", 0, 120)
    if age_min is not None and age_max is not None and age_min > age_max:
        f.error("age_max", f"is lower than age_min ({age_max} < {age_min})")
    values = dict(
        title=f.line("title", required=True, max_length=120),
        summary=f.sentence("summary", required=True),
        category=f.choice("category", vocab.categories, required=True, hints=vocab.hints),
        theme=f.choice("theme", vocab.themes, hints=vocab.hints),
        audiences=f.choices("audiences", vocab.audiences, required=True, hints=vocab.hints),
        tags=f.text_list("tags"),
        image=image(f, vocab),
        price=f.integer("price", 0, 100_000) or 0,
        price_note=f.text("price_note"),
        registration=registration(f, vocab.timezone),
        accessibility=tuple(Access(v) for v in f.choices("accessibility", [a.value for a in Access])),
        accessibility_note=f.text("accessibility_note"),
        language=language(f, vocab),
        organizers=f.text_list("organizers"),
        partners=f.text_list("partners"),
        performers=f.text_list("performers"),
        stream_url=f.url("stream_url"),
    )
    if len(f.errors) > before:
        return None
    return EventDetails(
        branch=branch_id, room=room_name, age_min=age_min, age_max=age_max,
        body_html=vocab.render_markdown(source.body), **values,
    )  # fmt: skip


def room(f: Fields, vocab: Vocabulary, branch_id: str | None) -> str | None:
    """A room name, checked against the branch's rooms when the branch lists them."""
    name = f.line("room")
    rooms = vocab.rooms_of(branch_id) if branch_id else ()
    if name and rooms and name not in rooms:
        f.error("room", f"{name!r} is not a room at {branch_id}; one of {one_of(rooms)}")
    return name


def language(f: Fields, vocab: Vocabulary) -> str:
    code = f.text("language")
    if code is None:
        return vocab.default_language
    if not _LANGUAGE.match(code) or code.split("-")[0] not in vocab.languages:
        f.error("language", f"not a known language code: {code!r} (like nb, nn, en, ar, uk, se)")
        return vocab.default_language
    return code


def image(f: Fields, vocab: Vocabulary, key: str = "image") -> Image | None:
    sub = f.sub(key, IMAGE_KEYS)
    if sub is None:
        return None
    src = sub.text("src", required=True)
    alt = sub.text("alt")
    if alt is None:
        sub.error("alt", "required: describe the image for people who cannot see it")
    path = PurePosixPath(src or "")
    if src is not None and (".." in path.parts or path.parts[0] != "images"):
        # Only images/ is copied to the site; anything else would be a broken image.
        sub.error("src", f"must be a file in the images/ folder, like images/x.jpg: {src!r}")
        return None
    if src is not None and path.suffix.lower() not in IMAGE_TYPES:
        sub.error("src", f"not an image file ({', '.join(IMAGE_TYPES)}): {src!r}")
        return None
    problem = vocab.image_problem(src) if src is not None else None
    if problem is not None:
        sub.error("src", problem)
        return None
    if src is None or alt is None:
        return None
    return Image(src=src, alt=alt, credit=sub.text("credit"))


def registration(f: Fields, tz: ZoneInfo) -> Registration:
    sub = f.sub("registration", REGISTRATION_KEYS)
    if sub is None:
        return NO_REGISTRATION
    kind = sub.choice("type", [t.value for t in RegistrationType], required=True)
    url = sub.url("url")
    note = sub.text("note")
    deadline = sub.moment("deadline", tz)
    if kind == RegistrationType.TICKET.value and url is None and not sub.has("url"):
        sub.error("url", "required for tickets: the link where people buy them")
    if kind == RegistrationType.REQUIRED.value and not (sub.has("url") or note):
        sub.error("url", "registration is required: give a url or a note saying how to register")
    if kind == RegistrationType.NONE.value and (sub.has("url") or sub.has("deadline")):
        sub.error("type", "is 'none', but a url or deadline is given; use 'required' or 'ticket'")
    if kind is None:
        return NO_REGISTRATION
    return Registration(RegistrationType(kind), url=url, deadline=deadline, note=note)


def parse_timespan(f: Fields, tz: ZoneInfo) -> Timespan | None:
    """start + end/duration, timed or all-day, with end after start."""
    start = f.moment("start", tz, required=True)
    end = f.moment("end", tz)
    duration = f.duration("duration")
    if start is None or (f.has("end") and end is None) or (f.has("duration") and duration is None):
        return None
    if end is not None and duration is not None:
        f.error("duration", "give either end or duration, not both")
        return None
    if not isinstance(start, datetime):
        return _all_day(f, start, end, duration)
    if duration is not None:
        return _with_duration(f, start, duration)
    if end is None:
        f.error("end", "required for an event with a start time (or give a duration)")
        return None
    if not isinstance(end, datetime):
        f.error("end", "the start has a time, so the end needs one too (YYYY-MM-DD HH:MM)")
        return None
    if end <= start:
        f.error("end", f"is before the start ({end:%Y-%m-%d %H:%M} <= {start:%Y-%m-%d %H:%M})")
        return None
    return _within_a_year(f, Timespan(start, end), (end - start).days)


def _with_duration(f: Fields, start: datetime, duration: timedelta) -> Timespan | None:
    """A duration is elapsed time, as in a calendar's DURATION: across the spring change, 01:30 + 1h is 03:30."""
    end = after(start, duration)
    if happens_twice(end):
        # A wall-clock end in the repeated hour is read as its first time by calendar apps (RFC 5545),
        # an hour off; an end written there is refused too.
        f.error(
            "duration",
            f"the event would end at {end:%Y-%m-%d %H:%M}, which happens twice in {end.tzinfo}: "
            "the clocks go back that hour; choose another duration",
        )
        return None
    return _within_a_year(f, Timespan(start, end), (end - start).days, "duration")


def _all_day(f: Fields, start: date, end: object, duration: timedelta | None) -> Timespan | None:
    if duration is not None:
        f.error("duration", "an all-day event takes an end date, not a duration")
        return None
    if isinstance(end, datetime):
        f.error("end", "the start is a date (all-day), so the end must be a date too")
        return None
    last = end if isinstance(end, date) else start
    if last < start:
        f.error("end", f"is before the start ({last} < {start})")
        return None
    return _within_a_year(f, Timespan(start, last), (last - start).days + 1)


def _within_a_year(f: Fields, span: Timespan, days: int, key: str = "end") -> Timespan | None:
    """Even an exhibition ends within a year; a longer span is almost always a mistyped year.

    ``key`` is the field that gave the end: ``end``, or ``duration`` when the end was computed.
    """
    if days > MAX_EVENT_DAYS:
        hint = "is the year right?" if key == "end" else "is the number right?"
        f.error(key, f"the event lasts {days} days; at most {MAX_EVENT_DAYS} ({hint})")
        return None
    return span
