"""What next: the events an event page suggests (outputs/related.py), on events made by the real parser."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from itertools import count
from pathlib import Path

import pytest
from helpers.model_builders import EVENT, TZ, parse_ok
from helpers.sites import page
from programmet.content import parse
from programmet.content.model import Event, Status, Timespan
from programmet.outputs.related import PER_REASON, SUGGESTIONS, Suggester

BASE = parse_ok(parse.parse_event, EVENT, "events/base.md")
_numbers = count()


def event(
    day: int,
    *,
    branch: str = "sentrum",
    audiences: tuple[str, ...] = ("adults",),
    category: str = "literature",
    series: str | None = None,
    status: Status = Status.SCHEDULED,
    hour: int = 18,
) -> Event:
    """An event on 2027-01-<day> at <hour>:00 with the given facets (ids unique per call)."""
    number = next(_numbers)
    start = datetime(2027, 1, day, hour, tzinfo=TZ)
    details = dataclasses.replace(BASE.details, branch=branch, audiences=audiences, category=category)
    return dataclasses.replace(
        BASE,
        id=f"ev-{number}",
        slug=f"ev-{number}",
        details=details,
        when=Timespan(start, start + timedelta(hours=1)),
        series=series,
        status=status,
    )


def ids(suggestions: tuple) -> list[str]:
    return [s.event.id for s in suggestions]


def test_only_later_events_that_share_the_audience_at_the_branch_or_the_category() -> None:
    page = event(10)
    earlier = event(9)
    same_audience_here = event(11, category="music")
    same_audience_elsewhere = event(12, branch="lia", category="music")
    same_category_elsewhere = event(13, branch="lia", audiences=("children",))
    unrelated = event(14, branch="lia", audiences=("children",), category="music")
    suggester = Suggester(
        [page, earlier, same_audience_here, same_audience_elsewhere, same_category_elsewhere, unrelated]
    )
    chosen = suggester.for_event(page)
    assert ids(chosen) == [same_audience_here.id, same_category_elsewhere.id]
    assert [(s.reason, s.term) for s in chosen] == [("audience", "adults"), ("category", "literature")]


def test_each_reason_gets_its_places_before_the_nearest_fill_the_rest() -> None:
    page = event(10)
    by_audience = [event(11 + n, category="music") for n in range(6)]
    by_category = [event(20 + n, branch="lia", audiences=("children",)) for n in range(6)]
    chosen = Suggester([page, *by_audience, *by_category]).for_event(page)
    assert len(chosen) == SUGGESTIONS
    reasons = [s.reason for s in chosen]
    assert reasons.count("category") >= PER_REASON  # though every audience match comes earlier
    starts = [s.event.when.start for s in chosen]
    assert starts == sorted(starts)  # shown in time order


def test_its_own_series_and_a_second_date_of_any_series_are_left_out() -> None:
    page = event(10, series="babyklubb")
    own_series = [event(11 + n, series="babyklubb") for n in range(3)]
    weekly = [event(14 + n, series="strikkekafe") for n in range(3)]
    single = event(20)
    chosen = Suggester([page, *own_series, *weekly, single]).for_event(page)
    assert ids(chosen) == [weekly[0].id, single.id]


def test_cancelled_events_are_never_suggested() -> None:
    page = event(10)
    cancelled = event(11, status=Status.CANCELLED)
    moved = event(12, status=Status.MOVED)
    assert ids(Suggester([page, cancelled, moved]).for_event(page)) == [moved.id]


def test_the_choice_does_not_depend_on_the_order_events_come_in() -> None:
    page = event(10, audiences=("adults", "seniors"))
    others = [
        event(day, hour=hour, audiences=aud, category=cat)
        for day, hour, aud, cat in [(11, 18, ("seniors",), "music"), (11, 18, ("adults",), "music"),
                                    (12, 10, ("adults",), "literature"), (15, 12, ("children",), "literature"),
                                    (11, 9, ("seniors",), "film")]
    ]  # fmt: skip
    forward = Suggester([page, *others]).for_event(page)
    backward = Suggester([*reversed(others), page]).for_event(page)
    assert forward == backward
    assert len(forward) == SUGGESTIONS


@pytest.mark.parametrize("audiences", [(), ("adults",)])
def test_an_event_with_nothing_after_it_suggests_nothing(audiences: tuple[str, ...]) -> None:
    page = event(10, audiences=audiences)
    assert Suggester([event(9), page]).for_event(page) == ()


def test_an_event_page_links_its_suggestions_and_a_past_one_has_none(small_site: Path) -> None:
    section = page(small_site, "arrangement/2027-01-14-forfatterkveld/").find(
        "section", attrs={"aria-labelledby": "suggestions"}
    )
    links = [a["href"] for a in section.select(".suggestions__list a")]
    # The evening course is a series: its first date after the talk stands for it, once.
    assert links == ["/arrangement/2027-01-20-english-talk/", "/arrangement/kveldskurs/2027-03-18/"]
    assert all((small_site / link.strip("/") / "index.html").is_file() for link in links)
    assert [h3.get_text() for h3 in section.find_all("h3")] == ["Voksne på Hovedbiblioteket"]  # why: the reason
    past = page(small_site, "arrangement/2026-12-01-old/")
    assert past.find("section", attrs={"aria-labelledby": "suggestions"}) is None
