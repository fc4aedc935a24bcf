"""Front matter -> model objects, validated once, with every error collected.

Each ``parse_*`` takes a ``SourceFile`` and returns a model object, or None
when the file has errors (which are appended to ``errors``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

from . import recurrence
from .errors import ContentError
from .fields import Fields, one_of
from .frontmatter import SourceFile
from .model import (
    NO_REGISTRATION,
    Access,
    Address,
    Branch,
    Event,
    EventDetails,
    Image,
    Override,
    Page,
    Recurrence,
    Registration,
    RegistrationType,
    Series,
    Status,
    Timespan,
)

_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")

BRANCH_KEYS = frozenset(
    {"id", "name", "short_name", "address", "coordinates", "opening_hours", "accessibility",
     "map_url", "rooms", "phone", "email", "image"}
)  # fmt: skip
DETAIL_KEYS = frozenset(
    {"title", "summary", "branch", "room", "category", "theme", "audiences", "age_min", "age_max",
     "tags", "image", "price", "price_note", "registration", "accessibility", "accessibility_note",
     "language", "organizers", "partners", "performers", "stream_url"}
)  # fmt: skip
EVENT_KEYS = DETAIL_KEYS | {"id", "start", "end", "duration", "series", "status", "status_note",
                            "moved_to", "featured"}  # fmt: skip
SERIES_KEYS = DETAIL_KEYS | {"id", "recurrence", "exceptions", "overrides"}
PAGE_KEYS = frozenset({"title", "summary", "language"})
IMAGE_KEYS = ("src", "alt", "credit")
REGISTRATION_KEYS = ("type", "url", "deadline", "note")
TIMESPAN_KEYS = ("start", "end", "duration")
OVERRIDE_KEYS = ("status", "status_note", "start_time", "end_time", "duration", "room",
                 "registration", "moved_to")  # fmt: skip


@dataclass(frozen=True)
class Vocabulary:
    """What references in content are checked against."""

    timezone: ZoneInfo
    categories: Collection[str]
    audiences: Collection[str]
    themes: Mapping[str, int]  # theme id -> weekday (0 = Monday)
    languages: Collection[str]
    image_exists: Callable[[str], bool]
    render_markdown: Callable[[str], str]
    branches: Mapping[str, Branch] = field(default_factory=dict)
    series: Collection[str] = frozenset()


def slug_of(path: str) -> str:
    return PurePosixPath(path).stem


# -- branches ---------------------------------------------------------------


def parse_branch(source: SourceFile, vocab: Vocabulary, errors: list[ContentError]) -> Branch | None:
    before = len(errors)
    f = Fields(source.path, source.meta, errors, BRANCH_KEYS)
    f.check_unknown_keys()
    branch_id = f.ident("id")
    name = f.text("name", required=True)
    address = _address(f)
    latitude, longitude = _coordinates(f)
    map_url = f.url("map_url", hosts={"www.openstreetmap.org", "openstreetmap.org"})
    if map_url is None and latitude is not None and longitude is not None:
        map_url = (
            f"https://www.openstreetmap.org/?mlat={latitude:.5f}&mlon={longitude:.5f}"
            f"#map=17/{latitude:.5f}/{longitude:.5f}"
        )
    values = dict(
        opening_hours=f.text("opening_hours", required=True),
        accessibility=f.text("accessibility", required=True),
        short_name=f.text("short_name"),
        rooms=f.text_list("rooms"),
        phone=f.text("phone"),
        email=f.text("email"),
        image=_image(f, vocab),
    )
    if len(errors) > before:
        return None
    return Branch(
        id=branch_id, name=name, address=address, latitude=latitude, longitude=longitude,
        map_url=map_url, body_html=vocab.render_markdown(source.body), source_path=source.path,
        **{**values, "short_name": values["short_name"] or name},
    )  # fmt: skip


def _address(f: Fields) -> Address | None:
    sub = f.sub("address", ("street", "postal_code", "town"), required=True)
    if sub is None:
        return None
    street = sub.text("street", required=True)
    postal_code = sub.text("postal_code", required=True)
    town = sub.text("town", required=True)
    if postal_code is not None and not re.fullmatch(r"\d{4}", postal_code):
        sub.error("postal_code", f"a Norwegian postal code has four digits, got {postal_code!r}")
    if street and postal_code and town:
        return Address(street, postal_code, town)
    return None


def _coordinates(f: Fields) -> tuple[float | None, float | None]:
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


# -- shared event details -------------------------------------------------------


def _details(f: Fields, source: SourceFile, vocab: Vocabulary) -> EventDetails | None:
    before = len(f.errors)
    branch_id = f.choice("branch", vocab.branches, required=True)
    room = f.text("room")
    if branch_id and room:
        rooms = vocab.branches[branch_id].rooms
        if rooms and room not in rooms:
            f.error("room", f"{room!r} is not a room at {branch_id}; one of {one_of(rooms)}")
    age_min = f.integer("age_min", 0, 120)
    age_max = f.integer("age_max", 0, 120)
    if age_min is not None and age_max is not None and age_min > age_max:
        f.error("age_max", f"is lower than age_min ({age_max} < {age_min})")
    values = dict(
        title=f.text("title", required=True, max_length=120),
        summary=f.sentence("summary", required=True),
        category=f.choice("category", vocab.categories, required=True),
        theme=f.choice("theme", vocab.themes),
        audiences=f.choices("audiences", vocab.audiences, required=True),
        tags=f.text_list("tags"),
        image=_image(f, vocab),
        price=f.integer("price", 0, 100_000) or 0,
        price_note=f.text("price_note"),
        registration=_registration(f, vocab.timezone),
        accessibility=tuple(Access(v) for v in f.choices("accessibility", [a.value for a in Access])),
        accessibility_note=f.text("accessibility_note"),
        language=_language(f, vocab),
        organizers=f.text_list("organizers"),
        partners=f.text_list("partners"),
        performers=f.text_list("performers"),
        stream_url=f.url("stream_url"),
    )
    if len(f.errors) > before:
        return None
    return EventDetails(
        branch=branch_id, room=room, age_min=age_min, age_max=age_max,
        body_html=vocab.render_markdown(source.body), **values,
    )  # fmt: skip


def _language(f: Fields, vocab: Vocabulary) -> str:
    code = f.text("language")
    if code is None:
        return "nb"
    if not _LANGUAGE.match(code) or code.split("-")[0] not in vocab.languages:
        f.error("language", f"not a known language code: {code!r} (like nb, nn, en, ar, uk, se)")
        return "nb"
    return code


def _image(f: Fields, vocab: Vocabulary) -> Image | None:
    sub = f.sub("image", IMAGE_KEYS)
    if sub is None:
        return None
    src = sub.text("src", required=True)
    alt = sub.text("alt")
    if alt is None:
        sub.error("alt", "required: describe the image for people who cannot see it")
    if src is not None and (".." in PurePosixPath(src).parts or src.startswith("/")):
        sub.error("src", f"must be a path inside the content folder, like images/x.jpg: {src!r}")
        return None
    if src is not None and not vocab.image_exists(src):
        sub.error("src", f"file not found in the content folder: {src!r}")
        return None
    if src is None or alt is None:
        return None
    return Image(src=src, alt=alt, credit=sub.text("credit"))


def _registration(f: Fields, tz: ZoneInfo) -> Registration:
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
        end = start + duration
    if end is None:
        f.error("end", "required for an event with a start time (or give a duration)")
        return None
    if not isinstance(end, datetime):
        f.error("end", "the start has a time, so the end needs one too (YYYY-MM-DD HH:MM)")
        return None
    if end <= start:
        f.error("end", f"is before the start ({end:%Y-%m-%d %H:%M} <= {start:%Y-%m-%d %H:%M})")
        return None
    return Timespan(start, end)


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
    return Timespan(start, last)


# -- events -----------------------------------------------------------------


def parse_event(source: SourceFile, vocab: Vocabulary, errors: list[ContentError]) -> Event | None:
    before = len(errors)
    f = Fields(source.path, source.meta, errors, EVENT_KEYS)
    f.check_unknown_keys()
    event_id = f.ident("id")
    details = _details(f, source, vocab)
    when = parse_timespan(f, vocab.timezone)
    series = f.choice("series", vocab.series)
    status = Status(f.choice("status", [s.value for s in Status]) or "scheduled")
    moved_to = _moved_to(f, status, vocab.timezone)
    status_note, featured = f.text("status_note"), f.flag("featured")
    if details is not None and when is not None:
        _check_theme(f, details.theme, when.first_day, vocab)
        _check_deadline(f, details.registration, when)
    if len(errors) > before:
        return None
    return Event(
        id=event_id, slug=slug_of(source.path), details=details,
        when=moved_to or when, original=when if moved_to else None,
        status=status, status_note=status_note, series=series,
        recurrence_date=None, featured=featured, source_path=source.path,
    )  # fmt: skip


def _moved_to(f: Fields, status: Status, tz: ZoneInfo) -> Timespan | None:
    sub = f.sub("moved_to", TIMESPAN_KEYS)
    if status is Status.MOVED and sub is None and not f.has("moved_to"):
        f.error("moved_to", "required when status is 'moved': the new start and end")
        return None
    if sub is None:
        return None
    if status is not Status.MOVED:
        f.error("moved_to", "only allowed with status: moved")
        return None
    return parse_timespan(sub, tz)


def _check_theme(f: Fields, theme: str | None, day: date, vocab: Vocabulary) -> None:
    if theme is None:
        return
    weekday = vocab.themes[theme]
    if day.weekday() != weekday:
        f.error(
            "theme",
            f"{theme!r} is for {recurrence.WEEKDAY_NAMES[weekday]}s, "
            f"but the event is on a {recurrence.WEEKDAY_NAMES[day.weekday()]}",
        )


def _check_deadline(f: Fields, registration: Registration, when: Timespan) -> None:
    deadline = registration.deadline
    if deadline is None:
        return
    if isinstance(deadline, datetime) and isinstance(when.start, datetime):
        late, shown = deadline > when.start, f"{deadline:%Y-%m-%d %H:%M} > {when.start:%Y-%m-%d %H:%M}"
    else:
        day = deadline.date() if isinstance(deadline, datetime) else deadline
        late, shown = day > when.first_day, f"{day} > {when.first_day}"
    if late:
        f.error("registration.deadline", f"is after the event starts ({shown})")


# -- series -----------------------------------------------------------------


def parse_series(source: SourceFile, vocab: Vocabulary, errors: list[ContentError]) -> Series | None:
    before = len(errors)
    f = Fields(source.path, source.meta, errors, SERIES_KEYS)
    f.check_unknown_keys()
    series_id = f.ident("id")
    details = _details(f, source, vocab)
    rule = recurrence.parse_recurrence(f)
    exceptions = recurrence.parse_exceptions(f)
    overrides = _overrides(f, vocab, rule, details)
    if rule is not None and details is not None:
        if details.theme is not None:
            for weekday in rule.weekdays:
                _check_theme(f, details.theme, _next_weekday(rule.first, weekday), vocab)
        recurrence.check_rule(f, rule, exceptions, overrides)
    elif (f.has("overrides") or f.has("exceptions")) and not f.has("recurrence"):
        f.error("recurrence", "exceptions and overrides need a recurrence rule")
    if len(errors) > before:
        return None
    return Series(
        id=series_id, slug=slug_of(source.path), details=details, recurrence=rule,
        exceptions=exceptions, overrides=overrides, source_path=source.path,
    )  # fmt: skip


def _overrides(
    f: Fields, vocab: Vocabulary, rule: Recurrence | None, details: EventDetails | None
) -> tuple[Override, ...]:
    raw = f.meta.get("overrides")
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        f.error("overrides", "expected a mapping from a date (YYYY-MM-DD) to the changes on that date")
        return ()
    found = []
    for key in sorted(raw, key=str):
        name = f"overrides.{key}"
        day = Fields(f.path, {name: str(key)}, f.errors, ()).day(name)
        if not isinstance(raw[key], dict):
            f.error(name, "expected a mapping of changes, like {status: cancelled}")
            continue
        sub = Fields(f.path, raw[key], f.errors, OVERRIDE_KEYS, prefix=f"{name}.")
        sub.check_unknown_keys()
        override = _override(sub, day, vocab, rule, details)
        if override is not None:
            found.append(override)
    return tuple(found)


def _override(
    sub: Fields, day: date | None, vocab: Vocabulary, rule: Recurrence | None,
    details: EventDetails | None,
) -> Override | None:  # fmt: skip
    status = sub.choice("status", [s.value for s in Status])
    moved_to = _moved_to(sub, Status(status) if status else Status.SCHEDULED, vocab.timezone)
    start_time, duration = recurrence.parse_override_times(sub, rule)
    room = sub.text("room")
    if room and details is not None:
        rooms = vocab.branches[details.branch].rooms
        if rooms and room not in rooms:
            sub.error("room", f"{room!r} is not a room at {details.branch}; one of {one_of(rooms)}")
    registration = _registration(sub, vocab.timezone) if sub.has("registration") else None
    if day is None:
        return None
    return Override(
        date=day, status=Status(status) if status else None, status_note=sub.text("status_note"),
        start_time=start_time, duration=duration, room=room, registration=registration,
        moved_to=moved_to,
    )  # fmt: skip


def _next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


# -- pages ------------------------------------------------------------------


def parse_page(source: SourceFile, vocab: Vocabulary, errors: list[ContentError]) -> Page | None:
    before = len(errors)
    f = Fields(source.path, source.meta, errors, PAGE_KEYS)
    f.check_unknown_keys()
    title = f.text("title", required=True)
    summary = f.sentence("summary")
    language = _language(f, vocab)
    if not source.body.strip():
        errors.append(ContentError(source.path, "body", "the page has no text below the front matter"))
    if len(errors) > before:
        return None
    return Page(
        slug=slug_of(source.path), title=title, summary=summary, language=language,
        body_html=vocab.render_markdown(source.body), source_path=source.path,
    )  # fmt: skip
