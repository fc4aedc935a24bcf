"""When an indexed page's event takes place, as the search page reads it: day filters and times (pure).

The index is built on one day and searched on later ones, so it cannot say what is
upcoming: the browser judges that against its own clock (theme/static/js/search.js).
What it needs from the index:

- a ``dag`` filter value per day (in Europe/Oslo) on which the page's event, or a
  date of its series, takes place. The browser asks Pagefind for the pages on the
  days from today on, nearest first, and walks them in windows of days; a series is
  found once, on its next day;
- the times themselves (``tider`` metadata, read only for the results shown):
  ``start/end`` pairs separated by spaces, each end exclusive, in Oslo local time
  with its offset (``2027-01-14T11:00+01:00/2027-01-14T12:00+01:00``), or for an
  all-day event its first and last day (``2027-01-14/2027-01-16``). From them the
  browser tells past from upcoming to the minute and names a series' next date.

A cancelled date of a series is left out: its next date is the next one that takes
place. A cancelled single event keeps its days (it is listed, marked «Avlyst»).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from ..content.model import Event, Status, Timespan

FILTER_DAY = "dag"  # the search page never shows this filter; it walks its values by date
META_TIMES = "tider"
MAX_DAYS = 400  # days tagged per event at most: a long exhibition is found on every day of a year, not more


def days(spans: Iterable[Timespan]) -> tuple[str, ...]:
    """The Oslo days the spans cover, each once, in order (ISO dates: they sort as the browser compares them)."""
    found: set[date] = set()
    for span in spans:
        first, last = span.first_day, span.last_day
        count = min((last - first).days + 1, MAX_DAYS)
        found.update(first + timedelta(days=n) for n in range(count))
    return tuple(d.isoformat() for d in sorted(found))


def interval(span: Timespan) -> str:
    """``start/end`` in Oslo local time with its offset, end exclusive; all-day: first and last day."""
    if isinstance(span.start, datetime) and isinstance(span.end, datetime):
        return f"{span.start.isoformat(timespec='minutes')}/{span.end.isoformat(timespec='minutes')}"
    return f"{span.first_day.isoformat()}/{span.last_day.isoformat()}"


def times(spans: Iterable[Timespan]) -> str:
    """The spans' intervals in time order, separated by spaces."""
    return " ".join(interval(s) for s in sorted(spans, key=lambda s: s.sort_key))


def taking_place(dates: Iterable[Event]) -> list[Timespan]:
    """The spans of a series' dates that take place (a cancelled date is not a next date)."""
    return [e.when for e in dates if e.status is not Status.CANCELLED]
