"""Property: series rules expand to exactly the right dates, at the same wall-clock time all year.

The expected dates are worked out by hand, day by day, as an oracle independent of
dateutil's rrule. Every occurrence starts at the rule's start time in Oslo (18:00
stays 18:00 in winter and in summer) and lasts the rule's wall-clock duration.
"""

from __future__ import annotations

from datetime import UTC, date, timedelta
from typing import Any

from helpers.model_builders import SERIES, TZ, parse_with_errors
from helpers.property_strategies import PROPERTY, assert_content_errors, exists
from helpers.recurrence_oracle import meets
from hypothesis import given, settings
from hypothesis import strategies as st
from programmet.content import occurrences
from programmet.content.model import Series
from programmet.content.parse import parse_series
from programmet.settings import WEEKDAYS

PATH = "series/krim-og-kringle.md"


@st.composite
def rules(draw: st.DrawFn) -> tuple[dict[str, Any], date]:
    """A series rule (mostly valid, sometimes not) and the horizon to expand it to."""
    frequency = draw(st.sampled_from(["weekly", "monthly"]))
    first = draw(st.dates(date(2020, 1, 1), date(2035, 12, 31)))
    rule: dict[str, Any] = {
        "frequency": frequency,
        "weekdays": draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True)),
        # 02:xx and 03:xx meet the DST changes on Sundays; 18:00 is the usual evening.
        # from_regex also draws digits of other scripts ('06:2᠔'), which must be refused.
        "start_time": draw(st.one_of(
            st.sampled_from(["18:00", "02:30", "03:00", "00:00", "23:45"]),
            st.builds("{:02d}:{:02d}".format, st.integers(0, 23), st.integers(0, 59)),
            st.from_regex(r"\A([01]\d|2[0-3]):[0-5]\d\Z"),
        )),
        "from": first.isoformat(),
    }  # fmt: skip
    if draw(st.booleans()):
        rule["duration"] = draw(st.sampled_from(["90m", "1h", "2h", "45m", "24h"]))
    else:
        rule["end_time"] = draw(st.sampled_from(["19:30", "23:59", "03:30", "01:00"]))
    if frequency == "monthly":
        rule["week_of_month"] = draw(st.sampled_from([-1, 1, 2, 3, 4]))
    if draw(st.booleans()):
        rule["interval"] = draw(st.integers(1, 52))
    until = draw(st.none() | st.integers(-30, 800).map(lambda n: first + timedelta(days=n)))
    if until is not None:
        rule["until"] = until.isoformat()
    horizon = first + timedelta(days=draw(st.integers(-30, 900)))
    return rule, horizon


def exceptions_near(first: date) -> st.SearchStrategy[list]:
    day = st.integers(0, 400).map(lambda n: (first + timedelta(days=n)).isoformat())
    span = st.builds(lambda a, n: {"from": a, "until": (date.fromisoformat(a) + timedelta(days=n)).isoformat()},
                     day, st.integers(0, 20))  # fmt: skip
    return st.lists(day | span, max_size=3)


def assert_occurrences(series: Series, horizon: date) -> None:
    rule = series.recurrence
    events = occurrences.expand(series, horizon, TZ)
    days = [e.recurrence_date for e in events]
    assert days == sorted(set(days)), "sorted and unique"
    last = min(horizon, rule.until) if rule.until else horizon
    window = [rule.first + timedelta(days=n) for n in range((last - rule.first).days + 1)]
    expected = [d for d in window if meets(rule, d) and not any(x.covers(d) for x in series.exceptions)]
    assert days == expected
    hours, minutes = (int(p) for p in rule.start_time.split(":"))
    for event in events:
        start, end = event.when.start, event.when.end
        assert start.tzinfo is TZ and start.date() == event.recurrence_date
        assert (start.hour, start.minute) == (hours, minutes)  # 18:00 is 18:00 in winter and in summer
        wall_end = start.replace(tzinfo=None) + rule.duration
        if exists(wall_end):
            assert end.replace(tzinfo=None) == wall_end  # wall-clock length: 10:00–11:00 on every date
        else:  # the end falls in the hour the clocks skip: the duration is elapsed time (dates.on_the_clock)
            assert end.astimezone(UTC) - start.astimezone(UTC) == rule.duration
        if exists(start.replace(tzinfo=None)):
            assert start.astimezone(UTC).astimezone(TZ).replace(tzinfo=None) == start.replace(tzinfo=None)
            # Oslo has kept CET (+1, or +2 in summer and in the war years) since 1895; before, local mean time.
            assert start.year < 1895 or start.utcoffset() in (timedelta(hours=1), timedelta(hours=2))


@settings(PROPERTY, max_examples=300)
@given(st.data())
def test_series_rules_expand_to_the_right_dates_and_times(data: st.DataObject) -> None:
    rule, horizon = data.draw(rules())
    first = date.fromisoformat(rule["from"])
    meta = {**SERIES, "recurrence": rule, "exceptions": data.draw(exceptions_near(first))}
    series, errors = parse_with_errors(parse_series, meta, PATH)
    assert_content_errors(errors, PATH)
    if series is not None:
        assert errors == []
        assert_occurrences(series, horizon)


edge_dates = st.sampled_from([date.min, date.max, date(9999, 12, 25), date(9997, 6, 1), date(1, 1, 7)]) | st.dates()


@settings(PROPERTY, max_examples=60)
@given(edge_dates, st.none() | edge_dates, st.lists(st.sampled_from(WEEKDAYS), min_size=1, unique=True))
def test_series_rules_with_any_dates_are_checked_without_crashing(first: date, until: date | None,
                                                                  weekdays: list[str]) -> None:  # fmt: skip
    """Year 1 to 9999: the edges where date arithmetic overflows."""
    rule = {**SERIES["recurrence"], "from": first.isoformat(), "weekdays": weekdays}
    rule.pop("until")
    if until is not None:
        rule["until"] = until.isoformat()
    series, errors = parse_with_errors(parse_series, {**SERIES, "recurrence": rule}, PATH)
    assert_content_errors(errors, PATH)
    if series is not None:
        assert_occurrences(series, first + timedelta(days=min(60, (date.max - first).days)))


# -- examples for what the properties found -----------------------------------------------------------


def test_a_series_until_year_9999_is_an_error_not_a_crash() -> None:
    rule = {**SERIES["recurrence"], "until": "9999-12-31"}  # rrule raised ValueError: year 10000 is out of range
    series, errors = parse_with_errors(parse_series, {**SERIES, "recurrence": rule}, PATH)
    assert series is None
    assert [(e.field, e.message) for e in errors] == [
        ("recurrence.until", "the year must be between 1900 and 2999: '9999-12-31'")
    ]


def test_a_series_meeting_in_the_spring_gap_is_an_error() -> None:
    """A single event at 02:30 on 2027-03-28 is refused; a Sunday series at 02:30 that day is not."""
    rule = {**SERIES["recurrence"], "weekdays": ["sunday"], "start_time": "02:30", "end_time": "04:00",
            "from": "2027-03-21", "until": "2027-04-04"}  # fmt: skip
    series, errors = parse_with_errors(parse_series, {**SERIES, "recurrence": rule}, PATH)
    assert series is None and any("does not exist" in e.message for e in errors)
