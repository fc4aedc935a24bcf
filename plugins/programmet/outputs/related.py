"""What next: a few upcoming events an event page points to, chosen the same way on every build.

Pure. An event page suggests events that come after it and share its audience at its
branch, or its category anywhere. Its own series is left out: the page lists the
series' other dates already. Each series takes at most one place, so a weekly club
cannot fill the list. Only events after the page's own event are chosen, so an
upcoming event's suggestions do not change as days pass (its page stays in the build
cache), and an event that is cancelled is never suggested.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from heapq import merge
from itertools import islice
from typing import Literal

from ..content.model import Event, Status

SUGGESTIONS = 4
PER_REASON = 2  # each reason gets this many places first; the rest go to the nearest of either
_SCAN = 200  # candidates read per reason at most: enough to skip past a few busy series

Reason = Literal["audience", "category"]


@dataclass(frozen=True)
class Suggestion:
    """An event to go to next, and why: its audience at the same branch, or its category."""

    event: Event
    reason: Reason
    term: str  # the audience's or category's id the two events share


def _order(event: Event) -> tuple:
    return (event.when.sort_key, event.details.title, event.id)


class _Timeline:
    """Events in time order, with their order keys beside them to find "after this one" by bisection."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.keys: list[tuple] = []

    def add(self, event: Event) -> None:  # called in time order, so the lists stay sorted
        self.events.append(event)
        self.keys.append(_order(event))

    def after(self, event: Event, reason: Reason, term: str) -> Iterator[Suggestion]:
        start = bisect_right(self.keys, _order(event))
        for other in islice(self.events, start, start + _SCAN):
            yield Suggestion(other, reason, term)


def _after(timeline: _Timeline | None, event: Event, reason: Reason, term: str) -> Iterator[Suggestion]:
    return timeline.after(event, reason, term) if timeline else iter(())


def _by_time(suggestion: Suggestion) -> tuple:
    return _order(suggestion.event)


class Suggester:
    """Indexes the upcoming events once per build; ``for_event`` then answers in a few steps per page."""

    def __init__(self, upcoming: Iterable[Event]) -> None:
        self._by_audience: dict[tuple[str, str], _Timeline] = {}
        self._by_category: dict[str, _Timeline] = {}
        for event in sorted((e for e in upcoming if e.status is not Status.CANCELLED), key=_order):
            d = event.details
            for audience in d.audiences:
                self._by_audience.setdefault((d.branch, audience), _Timeline()).add(event)
            self._by_category.setdefault(d.category, _Timeline()).add(event)

    def for_event(self, event: Event) -> tuple[Suggestion, ...]:
        """Up to SUGGESTIONS events after ``event``: each reason first gets PER_REASON places, then the nearest."""
        d = event.details
        audience_runs = [_after(self._by_audience.get((d.branch, a)), event, "audience", a) for a in d.audiences]
        by_audience = _new_series(event, merge(*audience_runs, key=_by_time))
        by_category = _new_series(event, _after(self._by_category.get(d.category), event, "category", d.category))
        first = [*islice(by_audience, PER_REASON), *islice(by_category, PER_REASON)]
        rest = merge(by_audience, by_category, key=_by_time)
        return tuple(sorted(_unique(event, [*first, *rest]), key=_by_time))


def _new_series(event: Event, run: Iterable[Suggestion]) -> Iterator[Suggestion]:
    """A run without the event, its series, and without a series' second date (the first one stays)."""
    seen = {event.series} if event.series else set()
    for suggestion in run:
        other = suggestion.event
        if other.id == event.id or other.series in seen:
            continue
        if other.series:
            seen.add(other.series)
        yield suggestion


def _unique(event: Event, candidates: Iterable[Suggestion]) -> list[Suggestion]:
    """The first SUGGESTIONS candidates that are not the event, its series, or a second of one series."""
    chosen: list[Suggestion] = []
    taken: set[str] = {event.id}
    series: set[str] = {event.series} if event.series else set()
    for candidate in candidates:
        other = candidate.event
        if other.id in taken or (other.series is not None and other.series in series):
            continue
        taken.add(other.id)
        if other.series:
            series.add(other.series)
        chosen.append(candidate)
        if len(chosen) == SUGGESTIONS:
            break
    return chosen
