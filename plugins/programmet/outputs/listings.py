"""Lists of events by day, and the pages a long list is cut into: pure.

Every list of events on the site (the programme, a branch, a facet, the archive) is
grouped and paginated here, so they all read and page the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any

from ..content.model import Event
from .page_kinds import Output, PageKind, Pager


@dataclass(frozen=True)
class DayGroup:
    day: date
    events: tuple[Event, ...]


def is_upcoming(event: Event, today: date) -> bool:
    return event.when.last_day >= today


def group_by_day(events: Iterable[Event], today: date | None) -> list[DayGroup]:
    """Day groups; with ``today`` given, events already running are listed under today."""

    def listing_day(event: Event) -> date:
        first = event.when.first_day
        return max(first, today) if today else first

    ordered = sorted(events, key=lambda e: (listing_day(e), e.when.sort_key, e.details.title, e.id))
    return [DayGroup(day, tuple(group)) for day, group in groupby(ordered, key=listing_day)]


def paginate(days: Sequence[DayGroup], page_size: int) -> list[list[DayGroup]]:
    """Pages of about ``page_size`` events; a day is never split across pages."""
    pages: list[list[DayGroup]] = [[]]
    count = 0
    for group in days:
        if count >= page_size:
            pages.append([])
            count = 0
        pages[-1].append(group)
        count += len(group.events)
    return pages


def listing_pages(
    base_url: str, kind: Callable[[Pager], PageKind], days: Sequence[DayGroup], page_size: int, context: dict[str, Any]
) -> Iterator[Output]:
    """The pages of one list; ``kind`` makes each page's kind from its place in the list."""
    pages = paginate(days, page_size)
    total = sum(len(g.events) for g in days)
    for number, page_days in enumerate(pages, start=1):
        pager = Pager(number, len(pages), base_url)
        yield Output(pager.url(number), kind(pager), {**context, "days": page_days, "pager": pager, "total": total})
