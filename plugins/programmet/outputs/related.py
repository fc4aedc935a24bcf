"""What next: a few upcoming events an event page points to, chosen the same way on every build.

Pure. An event page suggests events that come after it and share its audience at its
branch, or its category anywhere. Its own series is left out: the page lists the
series' other dates already. Each series takes at most one place, so a weekly club
cannot fill the list. Only events after the page's own event are chosen, so an
upcoming event's suggestions mostly stay as days pass and its page stays in the build
cache (only an event that runs for weeks sees its suggestions pass), and an event that
is cancelled is never suggested.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from heapq import merge
from itertools import chain, islice
from operator import itemgetter
from typing import Literal

from ..content.model import Event, Status

SUGGESTIONS = 4
PER_REASON = 2  # each reason gets this many places first; the rest go to the nearest of either

Reason = Literal["audience", "category"]


@dataclass(frozen=True)
class Suggestion:
    """An event to go to next, and why: its audience at the same branch, or its category."""

    event: Event
    reason: Reason
    term: str  # the audience's or category's id the two events share


def _order(event: Event) -> tuple:
    return (event.when.sort_key, event.details.title, event.id)


# A candidate as the runs pass it along: its order key first, so runs merge by comparing keys
# (every key ends in the event's id: two candidates compare equal only if they are one event,
# and then ``rank``, the run's number, decides before the event itself would be compared).
Candidate = tuple[tuple, int, Event, Reason, str]


class _Timeline:
    """One reason's events in time order: the one-off events, and each series' dates on their own.

    Asked for what comes after an event, it gives the one-offs after it and only the first
    date after it of each series, so no series' later dates have to be read and skipped.
    """

    def __init__(self) -> None:
        self.one_offs: tuple[list[tuple], list[Event]] = ([], [])
        self.series: dict[str, tuple[list[tuple], list[Event]]] = {}

    def add(self, key: tuple, event: Event) -> None:  # called in time order, so every list stays sorted
        keys, events = self.series.setdefault(event.series, ([], [])) if event.series else self.one_offs
        keys.append(key)
        events.append(event)

    def after(self, key: tuple, skip_series: str | None, rank: int, reason: Reason, term: str) -> Iterator[Candidate]:
        keys, events = self.one_offs
        start = bisect_right(keys, key)
        one_offs = ((keys[i], rank, events[i], reason, term) for i in range(start, len(keys)))
        heads = []
        for series, (keys_, events_) in self.series.items():
            first = bisect_right(keys_, key)
            if series != skip_series and first < len(keys_):
                heads.append((keys_[first], rank, events_[first], reason, term))
        return merge(one_offs, sorted(heads, key=itemgetter(0)))


class Suggester:
    """Indexes the upcoming events once per build; ``for_event`` then answers in a few steps per page."""

    def __init__(self, upcoming: Iterable[Event]) -> None:
        self._by_audience: dict[tuple[str, str], _Timeline] = {}
        self._by_category: dict[str, _Timeline] = {}
        keyed = sorted((_order(e), e) for e in upcoming if e.status is not Status.CANCELLED)
        for key, event in keyed:
            d = event.details
            for audience in d.audiences:
                self._by_audience.setdefault((d.branch, audience), _Timeline()).add(key, event)
            self._by_category.setdefault(d.category, _Timeline()).add(key, event)

    def for_event(self, event: Event) -> tuple[Suggestion, ...]:
        """Up to SUGGESTIONS events after ``event``: each reason first gets PER_REASON places, then the nearest."""
        d, key = event.details, _order(event)
        runs = [
            timeline.after(key, event.series, rank, "audience", audience)
            for rank, audience in enumerate(d.audiences)
            if (timeline := self._by_audience.get((d.branch, audience))) is not None
        ]
        by_audience = _once_each(event, merge(*runs))
        category = self._by_category.get(d.category)
        by_category = _once_each(
            event, category.after(key, event.series, len(runs), "category", d.category) if category else iter(())
        )
        first = [*islice(by_audience, PER_REASON), *islice(by_category, PER_REASON)]
        chosen = _unique(event, chain(first, merge(by_audience, by_category)))  # lazily: it stops at SUGGESTIONS
        return tuple(Suggestion(other, reason, term) for _, _, other, reason, term in sorted(chosen, key=itemgetter(0)))


def _once_each(event: Event, run: Iterable[Candidate]) -> Iterator[Candidate]:
    """A run without the event itself, and with one date of each series (several audiences give it twice)."""
    seen: set[str] = {event.id}
    for candidate in run:
        other = candidate[2]
        mark = other.series or other.id
        if mark not in seen:
            seen.add(mark)
            yield candidate


def _unique(event: Event, candidates: Iterable[Candidate]) -> list[Candidate]:
    """The first SUGGESTIONS candidates that are not the event, its series, or a second of one event or series."""
    chosen: list[Candidate] = []
    taken: set[str] = {event.id, *([event.series] if event.series else [])}
    for candidate in candidates:
        other = candidate[2]
        mark = other.series or other.id
        if mark in taken:
            continue
        taken.add(mark)
        chosen.append(candidate)
        if len(chosen) == SUGGESTIONS:
            break
    return chosen
