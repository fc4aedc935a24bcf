"""How the build knows that an event changed: a committed record of fingerprints.

Calendar clients only take an edited event seriously when its SEQUENCE goes up
(Google and Outlook may otherwise never update it), and a static build has no
database to remember the last version. So each strict build compares every
event, series and changed series date with ``calendar-state.json`` (kept in the
content folder and committed with it):

- a change of time, place, status or series rule raises SEQUENCE and LAST-MODIFIED;
- any other change a calendar shows (title, text, price …) raises LAST-MODIFIED only;
- nothing changed: nothing changes, so two builds give the same bytes.

Records of deleted events are kept, so an id that comes back never goes backwards.

The same file keeps the web address each permanent id was published at, and
every address it has left (``Addresses``; redirects.py decides what they mean):
one committed record of what the public has seen, written by the same builds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from types import MappingProxyType
from zoneinfo import ZoneInfo

from .model import Event, EventDetails, Recurrence, Series, Timespan
from .occurrences import changed_dates

FORMAT_VERSION = 2  # 1: revisions only (read, and written back as 2 with no addresses yet)


@dataclass(frozen=True)
class Revision:
    sequence: int
    created: datetime
    last_modified: datetime
    major: str  # fingerprint of time, place, status and rule
    minor: str  # fingerprint of the rest a calendar shows


@dataclass(frozen=True)
class Addresses:
    """Where pages were published, relative to the site (``arrangement/x/``); see redirects.py."""

    published: Mapping[str, str]  # key ("event:<id>", "show:<guid>" …) -> the address it was last published at
    moved: Mapping[str, str]  # an address left behind -> the key last published there


NO_ADDRESSES = Addresses(MappingProxyType({}), MappingProxyType({}))  # read-only: shared by every build


@dataclass(frozen=True)
class Record:
    """The whole file: calendar revisions and published addresses."""

    revisions: dict[str, Revision]
    addresses: Addresses


class StateError(ValueError):
    """The record file is not what the build wrote."""


# -- fingerprints --------------------------------------------------------------


def fingerprints(events: Iterable[Event], series: Iterable[Series], tz: ZoneInfo) -> dict[str, tuple[str, str]]:
    """(major, minor) fingerprints of one-off events, series and their changed dates.

    Built from plain values (not dataclass reprs), so refactoring the model does
    not look like every event changed.
    """
    found: dict[str, tuple[str, str]] = {}
    for event in events:
        if not event.is_occurrence:
            found[event.id] = _event_prints(event)
    for one in series:
        exceptions = [(x.first.isoformat(), x.last.isoformat()) for x in one.exceptions]
        major = _hash(_rule(one.recurrence), exceptions, one.details.branch, one.details.room)
        found[one.id] = (major, _hash(*_shown(one.details)))
        for changed in changed_dates(one, tz):
            found[changed.occurrence.id] = _event_prints(changed.occurrence)
    return found


def _event_prints(event: Event) -> tuple[str, str]:
    d = event.details
    major = _hash(_span(event.when), event.status.value, d.branch, d.room)
    return major, _hash(*_shown(d), event.status_note)


def _span(when: Timespan) -> tuple[str, str]:
    return when.start.isoformat(), when.end.isoformat()


def _rule(rule: Recurrence | None) -> tuple[object, ...] | None:
    if rule is None:
        return None
    until = rule.until.isoformat() if rule.until else None
    minutes = int(rule.duration.total_seconds() // 60)
    return (rule.frequency.value, rule.interval, rule.weekdays, rule.week_of_month, rule.start_time, minutes,
            rule.first.isoformat(), until)  # fmt: skip


def _shown(d: EventDetails) -> tuple[object, ...]:
    r = d.registration
    deadline = r.deadline.isoformat() if r.deadline else None
    return (d.title, d.summary, d.category, d.audiences, d.price, r.type.value, r.url, deadline, r.note)


def _hash(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


# -- updating the record ----------------------------------------------------------------


def update(
    previous: Mapping[str, Revision], current: Mapping[str, tuple[str, str]], now: datetime
) -> dict[str, Revision]:
    """The record after this build: new keys start at 0, changed ones move on."""
    result = dict(previous)
    for key, (major, minor) in current.items():
        old = previous.get(key)
        if old is None:
            result[key] = Revision(0, now, now, major, minor)
        elif old.major != major:
            result[key] = replace(old, sequence=old.sequence + 1, last_modified=now, major=major, minor=minor)
        elif old.minor != minor:
            result[key] = replace(old, last_modified=now, minor=minor)
    return result


def dumps(record: Record) -> str:
    """Sorted keys at every level and one entry a line, so a record diffs and merges line by line."""
    revisions = {
        key: {
            "sequence": r.sequence,
            "created": r.created.isoformat(),
            "last_modified": r.last_modified.isoformat(),
            "major": r.major,
            "minor": r.minor,
        }
        for key, r in record.revisions.items()
    }
    addresses = {"published": dict(record.addresses.published), "moved": dict(record.addresses.moved)}
    document = {"version": FORMAT_VERSION, "revisions": revisions, "addresses": addresses}
    return json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def loads(text: str) -> Record:
    try:
        data = json.loads(text)
        version = data.get("version")
        if version not in (1, FORMAT_VERSION):
            raise StateError(f"unknown format version {version!r}")
        revisions = {
            key: Revision(
                sequence=int(r["sequence"]),
                created=datetime.fromisoformat(r["created"]),
                last_modified=datetime.fromisoformat(r["last_modified"]),
                major=str(r["major"]),
                minor=str(r["minor"]),
            )
            for key, r in data["revisions"].items()
        }
        # Version 1 knew no addresses: the first build records where everything is now.
        addresses = _addresses(data["addresses"]) if version == FORMAT_VERSION else NO_ADDRESSES
        return Record(revisions, addresses)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StateError(f"not a calendar record written by Programmet: {exc}") from None


def _addresses(data: Mapping[str, Mapping[str, str]]) -> Addresses:
    published, moved = data["published"], data["moved"]
    if not all(isinstance(x, str) for pairs in (published, moved) for item in pairs.items() for x in item):
        raise TypeError("addresses must map text to text")
    return Addresses(dict(published), dict(moved))
