"""Another calendar's iCalendar feed (a partner's programme) -> draft events.

icalendar parses the feed and recurring_ical_events expands repeating events
(RRULE, RDATE, EXDATE and moved or cancelled single occurrences) inside the
import window, so each occurrence becomes an event file of its own. Times are
converted to the site's time zone; all-day events keep dates, and because
iCalendar's DTEND is the day after an all-day event, our inclusive ``end`` is
the day before it.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar, Component

from ..settings import Term
from .import_drafts import Draft, ImportSetupError, Outcome, identity, skipped
from .import_values import branch_choices, find_branch, first_sentence, match_branch, match_term, norm, plain_text
from .workspace import Workspace

ICS_SOURCE = "ics"  # UIDs are unique worldwide (RFC 5545), so one ledger section serves every feed
MAX_BYTES = 20_000_000
_HIDDEN = frozenset({"PRIVATE", "CONFIDENTIAL"})
_TIME_PROPERTIES = frozenset({"DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "RRULE", "RDATE", "EXDATE"})


@dataclass(frozen=True)
class _Defaults:
    """What the command line says for events whose feed entry does not say it."""

    branch: str | None
    category: str | None
    audiences: tuple[str, ...]


def read_ics_source(source: str, timeout: float = 30.0) -> bytes:
    """The bytes of a calendar file, or of a feed at an http(s) or webcal address."""
    if source.lower().startswith("webcal://"):
        source = "https://" + source[len("webcal://") :]
    if urlsplit(source).scheme.lower() in {"http", "https"}:
        return _download(source, timeout)
    try:
        return Path(source).read_bytes()
    except FileNotFoundError:
        raise ImportSetupError(f"no such file: {source}") from None
    except OSError as exc:
        raise ImportSetupError(f"cannot read {source}: {exc.strerror}") from None


def _download(url: str, timeout: float) -> bytes:
    headers = {"User-Agent": "Programmet-import", "Accept": "text/calendar"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http(s) only, checked by the caller
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise ImportSetupError(f"{url} answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise ImportSetupError(f"could not fetch {url}: {getattr(exc, 'reason', exc)}") from None
    if len(data) > MAX_BYTES:
        raise ImportSetupError(f"{url} is larger than {MAX_BYTES // 1_000_000} MB; is it really a calendar?")
    return data


def parse_calendar(data: bytes) -> Calendar:
    """The VCALENDAR in ``data``; ImportSetupError when it is not one."""
    try:
        calendar = Calendar.from_ical(data)
    except ValueError as exc:
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise ImportSetupError(
            f"not a readable iCalendar file ({detail}); is it a whole .ics file, BEGIN:VCALENDAR to END:VCALENDAR?"
        ) from None
    if calendar.name != "VCALENDAR":
        raise ImportSetupError(f"not an iCalendar file: it holds a {calendar.name}, not a VCALENDAR")
    return calendar


def drafts_from_ics(
    data: bytes,
    workspace: Workspace,
    *,
    branch: str | None = None,
    category: str | None = None,
    audiences: Sequence[str] = (),
    since: date,
    until: date,
) -> list[Draft | Outcome]:
    """A draft or a skip for each event occurring between ``since`` and ``until`` (inclusive)."""
    defaults = _defaults(workspace, branch, category, audiences)
    calendar = parse_calendar(data)
    broken = _drop_broken(calendar)
    repeating = {str(c.get("UID")) for c in calendar.walk("VEVENT") if {"RRULE", "RDATE", "RECURRENCE-ID"} & c.keys()}
    try:
        occurrences = recurring_ical_events.of(calendar).between(since, until + timedelta(days=1))
    except ValueError as exc:
        raise ImportSetupError(f"the calendar's repeating events cannot be expanded: {exc}") from None
    tz = workspace.settings.timezone
    occurrences = sorted(occurrences, key=lambda c: (_local(c.get("DTSTART").dt, tz).isoformat(), str(c.get("UID"))))
    return [*broken, *(_draft(c, workspace, defaults, repeating) for c in occurrences)]


def _defaults(workspace: Workspace, branch: str | None, category: str | None, audiences: Sequence[str]) -> _Defaults:
    """Check the command-line defaults once: a wrong --branch would otherwise fail every event."""
    vocab, settings = workspace.vocab, workspace.settings
    branch_id = match_branch(branch, workspace.branches) if branch else None
    if branch and branch_id is None:
        raise ImportSetupError(f"--branch {branch!r} is not a branch; one of {branch_choices(workspace.branches)}")
    category_id = match_term(category, vocab.categories, vocab.hints) if category else None
    if category and category_id is None:
        raise ImportSetupError(f"--category {category!r} is not a category; one of {_ids(settings.categories)}")
    audience_ids = tuple(match_term(a, vocab.audiences, vocab.hints) for a in audiences)
    for given, found in zip(audiences, audience_ids, strict=True):
        if found is None:
            raise ImportSetupError(f"--audience {given!r} is not an audience; one of {_ids(settings.audiences)}")
    return _Defaults(branch_id, category_id, tuple(a for a in audience_ids if a))


def _ids(terms: Sequence[Term]) -> str:
    return ", ".join(t.id for t in terms)


def _drop_broken(calendar: Calendar) -> list[Outcome]:
    """Take out events whose times cannot be read, so one bad entry does not stop the whole feed."""
    broken, kept = [], []
    for component in calendar.subcomponents:
        problems = _time_problems(component) if component.name == "VEVENT" else []
        if problems:
            title = " ".join(str(component.get("SUMMARY", "")).split())
            broken.append(skipped(f"VEVENT {title!r}", "; ".join(problems)))
        else:
            kept.append(component)
    calendar.subcomponents = kept
    return broken


def _time_problems(event: Component) -> list[str]:
    # icalendar keeps a property it cannot parse and says so in .errors (and when .dt is read).
    problems = [f"{name}: {message}" for name, message in getattr(event, "errors", []) if name in _TIME_PROPERTIES]
    if "DTSTART" not in event:
        problems.append("DTSTART: missing, so the event has no date")
    for name in ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID"):
        try:
            _ = event[name].dt if name in event else None
        except (ValueError, TypeError, AttributeError) as exc:
            if not any(p.startswith(f"{name}:") for p in problems):
                problems.append(f"{name}: {exc}")
    return problems


def _local(moment: datetime | date, tz: ZoneInfo) -> datetime | date:
    """A calendar time in the site's zone; a floating time (no zone) is taken as local already."""
    if not isinstance(moment, datetime):
        return moment
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


def _draft(event: Component, workspace: Workspace, defaults: _Defaults, repeating: set[str]) -> Draft | Outcome:
    tz = workspace.settings.timezone
    title = " ".join(str(event.get("SUMMARY", "")).split())
    start = _local(event.get("DTSTART").dt, tz)
    origin = f"VEVENT {title!r} {start:%Y-%m-%d}"
    if str(event.get("CLASS", "")).upper() in _HIDDEN:
        return skipped(origin, f"marked CLASS:{str(event.get('CLASS')).upper()}; private events are not imported")
    problems: list[str] = []
    if not title:
        problems.append("SUMMARY: empty; every event needs a title")
    when = _when(start, _local(event.get("DTEND").dt, tz) if "DTEND" in event else start, problems)
    location = " ".join(str(event.get("LOCATION", "")).split())
    place = _place(location, workspace, defaults, problems)
    terms = _terms(_categories(event), workspace, defaults, problems)
    description = plain_text(str(event.get("DESCRIPTION", ""))).strip()
    summary = first_sentence(description)
    if summary is None:
        why = "its first sentence is over 200 characters" if description else "it is empty"
        problems.append(f"DESCRIPTION: {why}, so there is no one-sentence summary")
    if problems:
        return skipped(origin, "; ".join(problems))
    meta = {"title": title, **when, **place, **terms, "summary": summary}
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        meta["status"] = "cancelled"
    # An event placed at --branch although LOCATION names somewhere else keeps the place in its text.
    elsewhere = location if location and find_branch(location, workspace.branches) is None else ""
    return Draft(_key(event, meta, repeating), origin, meta, _body(description, elsewhere, str(event.get("URL", ""))))


def _when(start: datetime | date, end: datetime | date, problems: list[str]) -> dict[str, str]:
    if not isinstance(start, datetime):
        # DTEND of an all-day event is the day after it (exclusive); ours is the last day.
        last = end - timedelta(days=1) if isinstance(end, date) and not isinstance(end, datetime) else start
        last = max(last, start)
        return {"start": start.isoformat(), **({"end": last.isoformat()} if last != start else {})}
    if not isinstance(end, datetime) or end <= start:
        problems.append("DTEND: missing or not after DTSTART, so the event has no length")
        return {}
    return {"start": f"{start:%Y-%m-%d %H:%M}", "end": f"{end:%Y-%m-%d %H:%M}"}


def _place(location: str, workspace: Workspace, defaults: _Defaults, problems: list[str]) -> dict[str, str]:
    branch = find_branch(location, workspace.branches) if location else None
    branch = branch or defaults.branch
    if branch is None:
        where = f"LOCATION {location!r} matches no branch" if location else "no LOCATION"
        problems.append(f"{where}; give --branch (one of {', '.join(sorted(workspace.branches))})")
        return {}
    # 'Scenen, Fjordvik hovedbibliotek': a room of the branch named in LOCATION.
    rooms = [r for r in workspace.vocab.rooms_of(branch) if norm(r) in norm(location)]
    return {"branch": branch, **({"room": rooms[0]} if len(rooms) == 1 else {})}


def _categories(event: Component) -> list[str]:
    value = event.get("CATEGORIES")
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [str(c).strip() for v in values for c in getattr(v, "cats", [v]) if str(c).strip()]


def _terms(categories: list[str], workspace: Workspace, defaults: _Defaults, problems: list[str]) -> dict[str, object]:
    """CATEGORIES that name one of our categories or audiences (ids or Norwegian labels), else the defaults."""
    vocab = workspace.vocab
    found = [c for c in (match_term(c, vocab.categories, vocab.hints) for c in categories) if c]
    audiences = [a for a in (match_term(c, vocab.audiences, vocab.hints) for c in categories) if a]
    category = found[0] if found else defaults.category
    audiences = list(dict.fromkeys(audiences)) or list(defaults.audiences)
    shown = f"CATEGORIES {', '.join(categories)!r}" if categories else "no CATEGORIES"
    if category is None:
        problems.append(f"{shown} matches no category; give --category")
    if not audiences:
        problems.append(f"{shown} names no audience; give --audience")
    return {"category": category, "audiences": audiences}


def _key(event: Component, meta: Mapping[str, object], repeating: set[str]) -> str:
    """The UID, plus the occurrence for a repeating event; title, start and branch for an entry without UID."""
    uid = str(event.get("UID", "")).strip()
    if not uid:
        return identity(meta["title"], meta["start"], meta["branch"])
    if uid not in repeating:
        return uid
    occurrence = event.get("RECURRENCE-ID", event.get("DTSTART")).dt
    if isinstance(occurrence, datetime):
        return f"{uid}/{occurrence.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return f"{uid}/{occurrence:%Y%m%d}"


def _body(description: str, elsewhere: str, url: str) -> str:
    parts = [
        description,
        f"Sted: {elsewhere}" if elsewhere else "",
        f"[Mer informasjon]({url.strip()})" if url.strip() else "",
    ]
    return "\n\n".join(p for p in parts if p)
