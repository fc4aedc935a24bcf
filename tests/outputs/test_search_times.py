"""When an indexed page's event takes place, as the search page reads it (outputs/search_times.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from helpers.model_builders import SERIES, TZ, changed, parse_ok
from programmet.content import parse
from programmet.content.model import Timespan
from programmet.content.occurrences import expand
from programmet.outputs import search_times


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def test_a_timed_event_is_written_in_oslo_time_with_its_offset_summer_and_winter() -> None:
    winter = Timespan(at("2027-01-14 18:00"), at("2027-01-14 19:30"))
    summer = Timespan(at("2027-06-14 18:00"), at("2027-06-14 19:30"))
    assert search_times.interval(winter) == "2027-01-14T18:00+01:00/2027-01-14T19:30+01:00"
    assert search_times.interval(summer) == "2027-06-14T18:00+02:00/2027-06-14T19:30+02:00"


def test_an_event_over_the_night_clocks_go_forward_keeps_both_offsets() -> None:
    night = Timespan(at("2027-03-27 22:00"), at("2027-03-28 04:00"))
    assert search_times.interval(night) == "2027-03-27T22:00+01:00/2027-03-28T04:00+02:00"
    assert search_times.days([night]) == ("2027-03-27", "2027-03-28")


def test_an_all_day_event_gives_its_first_and_last_day_and_every_day_between() -> None:
    span = Timespan(date(2027, 1, 30), date(2027, 2, 2))
    assert search_times.interval(span) == "2027-01-30/2027-02-02"
    assert search_times.days([span]) == ("2027-01-30", "2027-01-31", "2027-02-01", "2027-02-02")


def test_an_event_ending_at_midnight_does_not_take_the_next_day() -> None:
    assert search_times.days([Timespan(at("2027-01-14 20:00"), at("2027-01-15 00:00"))]) == ("2027-01-14",)


def test_a_long_exhibition_is_tagged_for_a_bounded_number_of_days() -> None:
    span = Timespan(date(2027, 1, 1), date(2029, 12, 31))
    found = search_times.days([span])
    assert len(found) == search_times.MAX_DAYS
    assert found[0] == "2027-01-01"
    assert found[-1] == (date(2027, 1, 1) + timedelta(days=search_times.MAX_DAYS - 1)).isoformat()


def test_the_dates_of_a_series_are_in_time_order_and_a_cancelled_or_moved_date_is_read_as_it_now_is() -> None:
    overrides = {
        "2027-01-12": {"status": "cancelled"},
        "2027-01-19": {"status": "moved", "moved_to": {"start": "2027-01-20 10:00", "end": "2027-01-20 11:00"}},
    }
    series = parse_ok(parse.parse_series, changed(SERIES, {"overrides": overrides}), "series/x.md")
    dates = expand(series, date(2027, 12, 31), TZ)
    spans = search_times.taking_place(reversed(dates))
    text = search_times.times(spans).split(" ")
    assert text[:3] == [
        "2027-01-05T18:00+01:00/2027-01-05T19:30+01:00",
        "2027-01-20T10:00+01:00/2027-01-20T11:00+01:00",
        "2027-01-26T18:00+01:00/2027-01-26T19:30+01:00",
    ]
    assert "2027-01-12" not in search_times.days(spans)
    assert text[-1].startswith("2027-03-30T18:00+02:00")  # after the clocks went forward
