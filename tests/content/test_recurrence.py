"""Series rules expanded into occurrences: dates, exceptions, overrides, identity and DST."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from helpers.model_builders import DROP, SERIES, TZ, changed, parse_ok
from programmet.content import occurrences
from programmet.content.model import Event, Status, Timespan
from programmet.content.parse import parse_series

HORIZON = date(2027, 12, 31)


def expand(changes: dict | None = None, horizon: date = HORIZON) -> list[Event]:
    series = parse_ok(parse_series, changed(SERIES, changes or {}), "series/krim-og-kringle.md")
    return occurrences.expand(series, horizon, TZ)


def days(events: list[Event]) -> list[date]:
    return [e.recurrence_date for e in events]


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def by_day(events: list[Event]) -> dict[str, Event]:
    return {e.recurrence_date.isoformat(): e for e in events}


def test_weekly_rule_gives_every_tuesday_from_first_to_until():
    events = expand({"recurrence.until": "2027-02-02"})

    assert days(events) == [date(2027, 1, 5), date(2027, 1, 12), date(2027, 1, 19), date(2027, 1, 26), date(2027, 2, 2)]
    first = events[0]
    assert first.when == Timespan(local("2027-01-05 18:00"), local("2027-01-05 19:30"))
    assert (first.status, first.original, first.series) == (Status.SCHEDULED, None, "krim-og-kringle")
    assert first.is_occurrence
    assert first.details.title == "Krim og kringle"


def test_from_date_need_not_be_on_a_weekday_of_the_rule():
    events = expand({"recurrence.from": "2027-01-07", "recurrence.until": "2027-01-20"})

    assert days(events) == [date(2027, 1, 12), date(2027, 1, 19)]


def test_several_weekdays():
    events = expand({"recurrence.weekdays": ["tuesday", "thursday"], "recurrence.until": "2027-01-14"})

    assert days(events) == [date(2027, 1, 5), date(2027, 1, 7), date(2027, 1, 12), date(2027, 1, 14)]


def test_exceptions_remove_single_dates_and_ranges():
    events = expand(
        {
            "recurrence.until": "2027-02-16",
            "exceptions": ["2027-01-12", {"from": "2027-01-25", "until": "2027-02-07", "note": "Vinterferie"}],
        }
    )

    assert days(events) == [date(2027, 1, 5), date(2027, 1, 19), date(2027, 2, 9), date(2027, 2, 16)]


def test_cancelled_override_keeps_the_occurrence_with_status_and_note():
    events = by_day(expand({"overrides": {"2027-01-26": {"status": "cancelled", "status_note": "Sykdom."}}}))

    cancelled = events["2027-01-26"]
    assert (cancelled.status, cancelled.status_note) == (Status.CANCELLED, "Sykdom.")
    assert cancelled.when == Timespan(local("2027-01-26 18:00"), local("2027-01-26 19:30"))
    assert events["2027-01-19"].status is Status.SCHEDULED


def test_override_changes_time_duration_and_room_of_one_date():
    events = by_day(
        expand(
            {
                "overrides": {
                    "2027-02-02": {"start_time": "17:00", "duration": "45m", "room": "Barneavdelingen"},
                    "2027-02-09": {"end_time": "20:00"},
                }
            }
        )
    )

    changed_day = events["2027-02-02"]
    assert changed_day.when == Timespan(local("2027-02-02 17:00"), local("2027-02-02 17:45"))
    assert changed_day.details.room == "Barneavdelingen"
    assert changed_day.status is Status.SCHEDULED
    assert events["2027-02-09"].when == Timespan(local("2027-02-09 18:00"), local("2027-02-09 20:00"))
    assert events["2027-02-16"].details.room == "Scenen"


def test_moved_occurrence_keeps_its_original_date_as_identity():
    moved_to = {"start": "2027-02-10 18:00", "end": "2027-02-10 19:30"}
    events = by_day(expand({"overrides": {"2027-02-09": {"status": "moved", "moved_to": moved_to}}}))

    moved = events["2027-02-09"]
    assert moved.status is Status.MOVED
    assert moved.when == Timespan(local("2027-02-10 18:00"), local("2027-02-10 19:30"))
    assert moved.original == Timespan(local("2027-02-09 18:00"), local("2027-02-09 19:30"))
    assert moved.id == "krim-og-kringle/2027-02-09"
    assert moved.slug == "krim-og-kringle/2027-02-09"
    assert moved.recurrence_date == date(2027, 2, 9)
    assert "2027-02-10" not in events


def test_occurrence_ids_are_stable_across_expansions_and_title_edits():
    first = expand()
    again = expand()
    retitled = expand({"title": "Krim, kaffe og kringle"})

    assert first[0].id == "krim-og-kringle/2027-01-05"
    assert [e.id for e in first] == [e.id for e in again] == [e.id for e in retitled]
    assert retitled[0].details.title == "Krim, kaffe og kringle"


def test_monthly_first_thursday():
    events = expand(
        {
            "recurrence.frequency": "monthly",
            "recurrence.weekdays": ["thursday"],
            "recurrence.week_of_month": 1,
            "recurrence.from": "2027-01-01",
            "recurrence.until": "2027-04-30",
        }
    )

    assert days(events) == [date(2027, 1, 7), date(2027, 2, 4), date(2027, 3, 4), date(2027, 4, 1)]


def test_monthly_last_tuesday():
    events = expand(
        {
            "recurrence.frequency": "monthly",
            "recurrence.week_of_month": -1,
            "recurrence.from": "2027-01-01",
            "recurrence.until": "2027-04-30",
        }
    )

    assert days(events) == [date(2027, 1, 26), date(2027, 2, 23), date(2027, 3, 30), date(2027, 4, 27)]


def test_every_other_week():
    events = expand({"recurrence.interval": 2, "recurrence.until": "2027-02-28"})

    assert days(events) == [date(2027, 1, 5), date(2027, 1, 19), date(2027, 2, 2), date(2027, 2, 16)]


def test_open_ended_series_stops_at_the_horizon():
    events = expand({"recurrence.until": DROP}, horizon=date(2027, 2, 1))

    assert days(events) == [date(2027, 1, 5), date(2027, 1, 12), date(2027, 1, 19), date(2027, 1, 26)]


def test_horizon_day_itself_is_included():
    events = expand({"recurrence.until": DROP}, horizon=date(2027, 1, 12))

    assert days(events) == [date(2027, 1, 5), date(2027, 1, 12)]


def test_series_without_rule_expands_to_nothing():
    assert expand({"recurrence": DROP}) == []


def test_local_time_is_kept_across_the_spring_dst_change():
    events = by_day(expand({"recurrence.from": "2027-03-23", "recurrence.until": "2027-03-30"}))

    before, after = events["2027-03-23"].when, events["2027-03-30"].when
    assert (before.start.hour, after.start.hour) == (18, 18)
    assert before.start.utcoffset() == timedelta(hours=1)
    assert after.start.utcoffset() == timedelta(hours=2)
    assert after.end - after.start == timedelta(minutes=90)
