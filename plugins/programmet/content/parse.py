"""Front matter -> model objects, validated once, with every error collected.

Each ``parse_*`` takes a ``SourceFile`` and returns a model object, or None
when the file has errors (which are appended to ``errors``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from . import common_fields, recurrence
from .errors import ContentError
from .field_messages import key_name
from .fields import Fields
from .frontmatter import SourceFile
from .model import Branch, Event, EventDetails, Override, Page, Recurrence, Registration, Series, Status, Timespan
from .common_fields import Vocabulary

__all__ = ["Vocabulary", "parse_branch", "parse_event", "parse_page", "parse_series"]

BRANCH_KEYS = frozenset(
    {"id", "name", "short_name", "address", "coordinates", "opening_hours", "accessibility",
     "map_url", "rooms", "phone", "email", "image"}
)  # fmt: skip
EVENT_KEYS = common_fields.DETAIL_KEYS | {
    "id", "start", "end", "duration", "series", "status", "status_note", "moved_to", "featured"
}  # fmt: skip
SERIES_KEYS = common_fields.DETAIL_KEYS | {"id", "recurrence", "exceptions", "overrides"}
PAGE_KEYS = frozenset({"title", "summary", "language"})
OVERRIDE_KEYS = ("status", "status_note", "start_time", "end_time", "duration", "room",
                 "registration", "moved_to")  # fmt: skip


# -- branches ---------------------------------------------------------------


def parse_branch(source: SourceFile, vocab: Vocabulary, errors: list[ContentError]) -> Branch | None:
    before = len(errors)
    f = Fields(source.path, source.meta, errors, BRANCH_KEYS)
    f.check_unknown_keys()
    branch_id = f.ident("id")
    name = f.line("name", required=True)
    address = common_fields.address(f)
    latitude, longitude = common_fields.coordinates(f)
    map_url = f.url("map_url", hosts={"www.openstreetmap.org", "openstreetmap.org"})
    if map_url is None and latitude is not None and longitude is not None:
        map_url = (
            f"https://www.openstreetmap.org/?mlat={latitude:.5f}&mlon={longitude:.5f}"
            f"#map=17/{latitude:.5f}/{longitude:.5f}"
        )
    short_name = f.line("short_name")
    values = dict(
        opening_hours=f.text("opening_hours", required=True),
        accessibility=f.text("accessibility", required=True),
        rooms=f.text_list("rooms"),
        phone=f.line("phone"),
        email=f.line("email"),
        image=common_fields.image(f, vocab),
    )
    if len(errors) > before:
        return None
    return Branch(
        id=branch_id, name=name, short_name=short_name or name, address=address, latitude=latitude,
        longitude=longitude, map_url=map_url, body_html=vocab.render_markdown(source.body),
        source_path=source.path, **values,
    )  # fmt: skip


# -- events -----------------------------------------------------------------


def parse_event(source: SourceFile, vocab: Vocabulary, errors: list[ContentError]) -> Event | None:
    before = len(errors)
    f = Fields(source.path, source.meta, errors, EVENT_KEYS)
    f.check_unknown_keys()
    event_id = f.ident("id")
    slug = common_fields.slug(f)
    details = common_fields.details(f, source, vocab)
    when = common_fields.parse_timespan(f, vocab.timezone)
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
        id=event_id, slug=slug, details=details,
        when=moved_to or when, original=when if moved_to else None,
        status=status, status_note=status_note, series=series,
        recurrence_date=None, featured=featured, source_path=source.path,
    )  # fmt: skip


def _moved_to(f: Fields, status: Status, tz: ZoneInfo) -> Timespan | None:
    sub = f.sub("moved_to", common_fields.TIMESPAN_KEYS)
    if status is Status.MOVED and sub is None and not f.has("moved_to"):
        f.error("moved_to", "required when status is 'moved': the new start and end")
        return None
    if sub is None:
        return None
    if status is not Status.MOVED:
        f.error("moved_to", "only allowed with status: moved")
        return None
    return common_fields.parse_timespan(sub, tz)


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
    slug = common_fields.slug(f)
    details = common_fields.details(f, source, vocab)
    rule = recurrence.parse_recurrence(f)
    exceptions = recurrence.parse_exceptions(f)
    overrides = _overrides(f, vocab, rule, details)
    if rule is not None and details is not None:
        if details.theme is not None:
            for weekday in rule.weekdays:
                _check_theme(f, details.theme, _next_weekday(rule.first, weekday), vocab)
        recurrence.check_rule(f, rule, exceptions, overrides, vocab.timezone, vocab.series_limits)
    elif (f.has("overrides") or f.has("exceptions")) and not f.has("recurrence"):
        f.error("recurrence", "exceptions and overrides need a recurrence rule")
    if len(errors) > before:
        return None
    return Series(
        id=series_id, slug=slug, details=details, recurrence=rule,
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
        name = f"overrides.{key_name(key)}"
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
    room = common_fields.room(sub, vocab, details.branch if details else None)
    registration = common_fields.registration(sub, vocab.timezone) if sub.has("registration") else None
    status_note = sub.text("status_note")
    if day is None:
        return None
    return Override(
        date=day, status=Status(status) if status else None, status_note=status_note,
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
    slug = common_fields.slug(f)
    title = f.line("title", required=True)
    summary = f.sentence("summary")
    language = common_fields.language(f, vocab)
    if not source.body.strip():
        errors.append(ContentError(source.path, "body", "the page has no text below the front matter"))
    if len(errors) > before:
        return None
    return Page(
        slug=slug, title=title, summary=summary, language=language,
        body_html=vocab.render_markdown(source.body), source_path=source.path,
    )  # fmt: skip
