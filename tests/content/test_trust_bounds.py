"""Bounds: a series reaches at most so far back and gives at most so many dates, a body is at most so
large, and each bound is one clear error; valid overrides far into an open-ended series still pass.

The catalogue cases run the real strict build (tests/helpers/bad_input_catalogue.py). The pure tests call
recurrence.check_rule with the limits a build passes (Settings.series_limits).
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from helpers.bad_input_catalogue import (
    BABYKLUBB_RULE,
    EVENT,
    SERIES,
    TIME_LIMIT,
    Case,
    assert_one_clear_error,
    publish_fixtures,
    set_fields,
)
from helpers.model_builders import DROP, TZ, changed, parse_ok, parse_with_errors
from helpers.model_builders import SERIES as SERIES_META
from helpers.property_strategies import PROPERTY
from helpers.recurrence_oracle import meets
from helpers.sites import FIXTURES, ROOT, build_site, page
from hypothesis import given, settings
from hypothesis import strategies as st
from pelican.settings import read_settings as read_pelican_settings
from programmet.content import occurrences, recurrence, rule_dates
from programmet.content.errors import ContentError
from programmet.content.fields import Fields
from programmet.content.frontmatter import MAX_BODY, MAX_FILE_BYTES, oversized, split_front_matter
from programmet.content.model import Frequency, Recurrence, Series
from programmet.content.parse import parse_series
from programmet.settings import WEEKDAYS, SeriesLimits, SettingsError, read_settings

PATH = "series/krim-og-kringle.md"
ALL_WEEK = {"recurrence.weekdays": list(WEEKDAYS)}
# The fixture's series on every day of the week, with no last date.
ALL_WEEK_LONG = {"weekdays": list(WEEKDAYS), "until": DROP}
# What a build with pelicanconf's values passes, on the small fixture's "today".
LIMITS = SeriesLimits(today=date(2027, 1, 11), last=date(2027, 9, 8), max_occurrences=5_000, max_years_back=10)
# The build answers each case in about 1.5 s (a Pelican process that stops after reading). A rule
# from 1900 made it run for minutes toward 47,000 pages, a 50 MB body rendered for as long: this
# only tells an answer from a hang, so it is generous, and below the helper's TIME_LIMIT so that a
# hang fails here with its timing rather than as a killed build.
ANSWERS_WITHIN = 20


def huge_body() -> bytes:
    """The fixture event with 50 MB of Markdown after its front matter."""
    paragraph = "Forfatteren leser fra romanen og svarer på spørsmål fra salen. " * 16 + "\n\n"
    return (FIXTURES / "small" / EVENT).read_bytes() + paragraph.encode() * (50_000_000 // len(paragraph.encode()))


CASES = [
    Case("a series from 1900 on every day of the week", "small",
         set_fields(SERIES, recurrence=changed(BABYKLUBB_RULE, {**ALL_WEEK_LONG, "from": "1900-01-01"})),
         SERIES, "recurrence.from", "1900-01-01 is more than 10 years ago (before 2017-01-11)"),
    Case("a series from 1927 (for 2027)", "small",
         set_fields(SERIES, recurrence={**BABYKLUBB_RULE, "from": "1927-01-05"}),
         SERIES, "recurrence.from", "1927-01-05 is more than 10 years ago; check the year (did you mean 2027-01-05?)"),
    Case("more dates than a series may have", "small",
         set_fields(SERIES, recurrence=changed(BABYKLUBB_RULE, {**ALL_WEEK_LONG, "from": "2020-01-01"})),
         SERIES, "recurrence", "the rule gives at least 2,807 dates from 2020-01-01 to 2027-09-08, and a series "
         "may have at most 1,000; give it an until, a later from or fewer weekdays",
         overrides={"PROGRAMMET_SERIES_MAX_OCCURRENCES": 1_000}),
    Case("a 50 MB body", "small", lambda content: (content / EVENT).write_bytes(huge_body()),
         EVENT, "body", "too large (50.0 MB); at most 200 kB of text: link to a long document instead"),
]  # fmt: skip


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return publish_fixtures(tmp_path_factory, ("small",))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_bound_is_one_clear_error_and_answers_fast(
    case: Case, published: dict[str, Path], tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    started = time.monotonic()
    assert_one_clear_error(case, published, tmp_path, capfd)
    assert time.monotonic() - started < ANSWERS_WITHIN < TIME_LIMIT


# -- far into an open-ended series ------------------------------------------------------------------

# The first Wednesday of each month from 2027, open-ended; changes 4 and 10 years on.
KNITTING = """\
---
id: strikkekafe
title: Strikkekafé
summary: Strikking og prat den første onsdagen i måneden.
branch: sentrum
room: Scenen
category: meetup
audiences: [adults]
recurrence:
  frequency: monthly
  weekdays: [wednesday]
  week_of_month: 1
  start_time: "17:00"
  end_time: "19:00"
  from: 2027-01-06
exceptions:
  - 2031-03-05
  - 2037-03-04
overrides:
  2031-02-05: {start_time: "18:00", room: Barneavdelingen}
  2037-02-04: {status: cancelled, status_note: Biblioteket holder stengt for ombygging.}
---
Ta med garn.
"""


def test_changes_4_and_10_years_into_an_open_ended_series_build(tmp_path: Path, copy_fixture: Any) -> None:
    content = copy_fixture("small")
    (content / "series" / "strikkekafe.md").write_text(KNITTING, encoding="utf-8")
    # Today is near the ten-year mark: every date is in the build, the 2027 start still within ten years.
    output = build_site(content, tmp_path / "site", today="2036-12-01")

    moved = page(output, "arrangement/strikkekafe/2031-02-05/")
    assert moved.select_one(".facts time")["datetime"] == "2031-02-05T18:00+01:00"
    assert "Barneavdelingen" in moved.select_one(".facts").get_text()
    cancelled = page(output, "arrangement/strikkekafe/2037-02-04/")
    assert cancelled.find(attrs={"data-status": "cancelled"}) is not None
    assert cancelled.find(attrs={"role": "note"}).get_text(" ", strip=True).endswith("holder stengt for ombygging.")
    assert page(output, "arrangement/strikkekafe/2037-01-07/").select_one(".facts time")["datetime"] == (
        "2037-01-07T17:00+01:00"
    )
    for excepted in ("2031-03-05", "2037-03-04"):
        assert not (output / "arrangement" / "strikkekafe" / excepted).exists()
    # Calendar apps hear of both exceptions too: EXDATEs however far ahead of `from` they are.
    feed = icalendar.Calendar.from_ical((output / "kalender" / "serier" / "strikkekafe.ics").read_bytes())
    (master,) = [c for c in feed.walk("VEVENT") if "RRULE" in c]
    lines = master.get("EXDATE", [])
    excluded = {d.dt.date().isoformat() for line in (lines if isinstance(lines, list) else [lines]) for d in line.dts}
    assert {"2031-03-05", "2037-03-04"} <= excluded


# -- the series checks, as functions ------------------------------------------------------------------


def check(changes: dict[str, Any], limits: SeriesLimits | None = LIMITS) -> list[tuple[str, str]]:
    """What check_rule says of the base series with ``changes``, given the build's limits."""
    series = parse_ok(parse_series, changed(SERIES_META, changes), PATH)  # parsed without limits
    errors: list[ContentError] = []
    f = Fields(PATH, {}, errors, ())
    recurrence.check_rule(f, series.recurrence, series.exceptions, series.overrides, TZ, limits)
    return [(e.field, e.message) for e in errors]


def limits(today: date, years: int = 10, most: int = 5_000, horizon: int = 240) -> SeriesLimits:
    return SeriesLimits(today=today, last=today + timedelta(days=horizon), max_occurrences=most, max_years_back=years)


NO_GUESS = "; check the year, or start the series later"


@pytest.mark.parametrize(
    ("first", "today", "years", "after"),
    [
        ("1926-01-05", date(2026, 12, 7), 10, "10 years ago; check the year (did you mean 2026-01-05?)"),
        ("2016-03-01", date(2026, 12, 7), 10, "10 years ago; check the year (did you mean 2026-03-01?)"),
        ("1927-09-07", date(2026, 12, 7), 10, "10 years ago; check the year (did you mean 2027-09-07?)"),
        ("2012-09-04", date(2021, 6, 1), 5, "5 years ago; check the year (did you mean 2021-09-04?)"),
        ("1990-05-01", date(2026, 12, 7), 10, f"10 years ago (before 2016-12-07){NO_GUESS}"),
        ("2015-02-28", date(2028, 2, 29), 1, f"1 year ago (before 2027-02-28){NO_GUESS}"),
    ],
)  # fmt: skip
def test_a_from_long_ago_says_which_year_was_likely_meant(first: str, today: date, years: int, after: str) -> None:
    found = check({"recurrence.from": first, "recurrence.until": DROP}, limits(today, years))
    assert found == [("recurrence.from", f"{first} is more than {after}")]


def test_a_from_within_the_years_back_passes() -> None:
    assert check({"recurrence.from": "2017-01-17", "recurrence.until": DROP}, limits(date(2027, 1, 11))) == []


def test_more_dates_than_the_cap_is_one_error_with_a_true_lower_bound() -> None:
    found = check(
        {"recurrence.weekdays": ["tuesday", "thursday"], "recurrence.until": DROP}, limits(LIMITS.today, most=20)
    )
    # 2027-01-05 to 2027-09-08: 71 Tuesdays and Thursdays; 35 whole weeks from the first give 70 for sure.
    assert found == [
        ("recurrence", "the rule gives at least 70 dates from 2027-01-05 to 2027-09-08, and a series may have "
                       "at most 20; give it an until, a later from or fewer weekdays"),
    ]  # fmt: skip
    assert check({"recurrence.until": DROP}, limits(LIMITS.today, most=36)) == []  # 36 Tuesdays
    assert len(check({"recurrence.until": DROP}, limits(LIMITS.today, most=35))) == 1


def test_the_cap_counts_up_to_until_or_the_horizon_whichever_is_first() -> None:
    until = {"recurrence.until": "2027-01-26"}  # four Tuesdays
    assert check(until, limits(LIMITS.today, most=4)) == []
    assert check(until | {"recurrence.until": "2027-02-02"}, limits(LIMITS.today, most=4))[0][0] == "recurrence"
    assert check({"recurrence.until": DROP}, limits(LIMITS.today, most=4, horizon=14)) == []  # to 2027-01-25


def test_the_dates_are_counted_lazily() -> None:
    """Every day from 1900 to 2999 is 400,000 dates (a second or more to list); the count stops at 5,001."""
    everyday = rule(ALL_WEEK | {"recurrence.from": "1900-01-01", "recurrence.until": DROP})
    started = time.perf_counter()
    assert rule_dates.count_dates(everyday, date(2999, 12, 31), 5_000) == 5_001
    found = check_with(everyday, limits(date(2999, 1, 1), years=1_200, most=5_000))
    assert time.perf_counter() - started < 0.5  # about 30 ms; listing them all takes seconds
    assert [f for f, _ in found] == ["recurrence"]
    assert found[0][1].startswith("the rule gives at least 401,639 dates from 1900-01-01 to 2999-08-29")


def test_overrides_and_exceptions_years_ahead_are_dates_of_the_series() -> None:
    """The old check listed three years of dates; an override in year four was 'not a date of this series'."""
    changes = {
        "recurrence.until": DROP,
        "exceptions": ["2031-01-07", {"from": "2037-01-06", "until": "2037-01-13"}, "2045-01-03"],
        "overrides": {"2031-01-14": {"status": "cancelled"}, "2037-01-20": {"start_time": "19:00"}},
    }
    assert check(changes, limits(date(2036, 12, 1))) == []
    assert check(changes, None) == []
    wrong = changes | {"exceptions": ["2031-01-08"], "overrides": {"2037-01-21": {"status": "cancelled"}}}
    _, errors = parse_with_errors(parse_series, changed(SERIES_META, wrong), PATH)
    assert [(e.field, e.message) for e in errors] == [
        ("exceptions", "2031-01-08 is not a date of this series (it meets on tuesdays)"),
        ("overrides.2037-01-21", "not a date of this series (it meets on tuesdays)"),
    ]


def test_membership_far_ahead_is_fast() -> None:
    """Asked from the first date, dateutil walks every date up to the one asked about: half a
    second for each override in year 2999 of a daily series. Asked in step, a period's walk."""
    overrides = {(date(2999, 1, 1) + timedelta(days=n)).isoformat(): {"status": "cancelled"} for n in range(100)}
    exceptions = [(date(2990, 1, 1) + timedelta(days=n)).isoformat() for n in range(2_000)]
    changes = ALL_WEEK | {"recurrence.until": DROP}
    started = time.perf_counter()
    assert check(changes | {"overrides": overrides, "exceptions": exceptions}) == []
    assert time.perf_counter() - started < 5  # under a second; walking from the first date, a quarter of an hour


def test_thousands_of_exceptions_do_not_multiply_the_expansion() -> None:
    """5,000 dates times 5,000 exceptions was 25 million comparisons; merged ranges make it a search each."""
    months = [date(2017 + n // 12, n % 12 + 1, 1) for n in range(1, 120)]  # 2017-02 to 2026-12
    changes = ALL_WEEK | {
        "recurrence.from": "2017-02-01",
        "recurrence.until": DROP,
        "exceptions": [{"from": str(m), "until": str(m + timedelta(days=1))} for m in months]
        + [str(date(2040, 1, 1) + timedelta(days=2 * n)) for n in range(4_000)],
    }
    series = parse_ok(parse_series, changed(SERIES_META, changes), PATH)
    started = time.perf_counter()
    events = occurrences.expand(series, LIMITS.last, TZ)
    assert time.perf_counter() - started < 2  # about 0.2 s
    assert len(events) == (LIMITS.last - date(2017, 2, 1)).days + 1 - 119 * 2
    assert check_with(series.recurrence, LIMITS, series) == []


# -- the rule's own answers, against the oracle worked out day by day ---------------------------------


def rule(changes: dict[str, Any]) -> Recurrence:
    return parse_ok(parse_series, changed(SERIES_META, changes), PATH).recurrence


def check_with(found: Recurrence, lim: SeriesLimits, series: Series | None = None) -> list[tuple[str, str]]:
    errors: list[ContentError] = []
    exceptions, overrides = (series.exceptions, series.overrides) if series else ((), ())
    recurrence.check_rule(Fields(PATH, {}, errors, ()), found, exceptions, overrides, TZ, lim)
    return [(e.field, e.message) for e in errors]


@st.composite
def recurrences(draw: st.DrawFn) -> Recurrence:
    """Any valid rule: intervals are small mostly (where a wrong step shows soonest), up to 52 sometimes."""
    monthly = draw(st.booleans())
    first = draw(st.dates(date(2020, 1, 1), date(2035, 12, 31)))
    until = draw(st.none() | st.integers(0, 12 * 366).map(lambda n: first + timedelta(days=n)))
    return Recurrence(
        frequency=Frequency.MONTHLY if monthly else Frequency.WEEKLY,
        interval=draw(st.integers(1, 6) | st.integers(1, 52)),
        weekdays=tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=1)))),
        week_of_month=draw(st.sampled_from([-1, 1, 2, 3, 4])) if monthly else None,
        start_time="18:00", duration=timedelta(hours=1), first=first, until=until,
    )  # fmt: skip


@settings(PROPERTY, max_examples=300)
@given(recurrences(), st.integers(-40, 40 * 366), st.integers(0, 3 * 366), st.integers(0, 200))
def test_next_date_gives_and_counts_agree_with_the_oracle(
    found: Recurrence, offset: int, span: int, limit: int
) -> None:
    day = found.first + timedelta(days=offset)
    period = (7 if found.frequency is Frequency.WEEKLY else 31) * found.interval
    # The oracle: walk day by day from ``day`` until a meeting (one period and a bit is enough).
    walk = (max(day, found.first) + timedelta(days=n) for n in range(period + 40))
    expected = next((d for d in walk if (found.until is None or d <= found.until) and meets(found, d)), None)
    assert rule_dates.next_date(found, day) == expected
    assert rule_dates.gives(found, day) == (expected == day)
    last = found.first + timedelta(days=span)
    listed = rule_dates.rule_dates(found, last)
    assert rule_dates.at_least(found, last) <= len(listed)
    assert rule_dates.count_dates(found, last, limit) == min(len(listed), limit + 1)


# -- settings -----------------------------------------------------------------------------------------


def pelican_settings(**overrides: object) -> dict:
    return read_pelican_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(FIXTURES / "small"), **overrides})


def test_the_limits_come_from_pelicanconf() -> None:
    config = read_settings(pelican_settings(PROGRAMMET_TODAY="2027-01-11"), environ={})
    assert config.series_limits == LIMITS


@pytest.mark.parametrize("name", ["PROGRAMMET_SERIES_MAX_OCCURRENCES", "PROGRAMMET_SERIES_MAX_YEARS_BACK"])
@pytest.mark.parametrize("value", [0, -5, "5000", 2.5, True, None])
def test_a_limit_must_be_a_positive_whole_number(name: str, value: object) -> None:
    with pytest.raises(SettingsError, match=f"^{name}: expected a positive whole number, got {value!r}$"):
        read_settings(pelican_settings(**{name: value}), environ={})


# -- body size ----------------------------------------------------------------------------------------


def test_a_body_over_the_limit_is_one_error_before_any_markdown() -> None:
    fine = split_front_matter(EVENT, "---\ntitle: x\n---\n" + "a" * MAX_BODY)
    assert not isinstance(fine, ContentError)
    started = time.perf_counter()
    found = split_front_matter(EVENT, "---\ntitle: x\n---\n" + "Tekst. " * 7_000_000)
    assert time.perf_counter() - started < 1  # a few milliseconds: the length is known, nothing is parsed
    assert found == ContentError(
        EVENT, "body", "too large (49.0 MB); at most 200 kB of text: link to a long document instead"
    )
    assert split_front_matter(EVENT, "---\ntitle: x\n---\n" + "a" * (MAX_BODY + 1)).field == "body"


def test_a_file_too_large_to_read_is_refused_from_its_size(tmp_path: Path) -> None:
    """oversized() reads the first lines only: a body error as split_front_matter gives, or a file error."""
    event = tmp_path / "event.md"
    event.write_bytes(b"---\ntitle: x\n---\n" + b"a" * (MAX_FILE_BYTES - 17))
    assert oversized(event, EVENT) is None
    with event.open("ab") as stream:
        stream.truncate(50_000_000)  # sparse: 50 MB that are never written or read
    assert oversized(event, EVENT) == ContentError(
        EVENT, "body", "too large (50.0 MB); at most 200 kB of text: link to a long document instead"
    )
    binary = tmp_path / "video.md"
    with binary.open("wb") as stream:
        stream.truncate(500_000_000)
    started = time.perf_counter()
    assert oversized(binary, "events/video.md") == ContentError(
        "events/video.md", "file", "too large (500.0 MB); a content file is at most 1.2 MB"
    )
    assert time.perf_counter() - started < 1
    # Whatever is refused unread would be refused once read: at most four bytes a character.
    assert MAX_FILE_BYTES >= 4 * (MAX_BODY + 100_000)
