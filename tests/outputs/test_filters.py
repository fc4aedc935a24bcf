"""Norwegian date, time and price formatting, tested as plain functions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from programmet.content.model import Frequency, Recurrence, Timespan
from programmet.outputs.filters import iso
from programmet.outputs.formatter import Formatter

OSLO = ZoneInfo("Europe/Oslo")
NB = Formatter("nb", today=date(2025, 1, 10))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=OSLO)


def test_the_house_format() -> None:
    span = Timespan(at("2025-01-14 18:00"), at("2025-01-14 19:30"))
    assert NB.when(span) == "tirsdag 14. januar kl. 18.00–19.30"
    assert NB.times(span) == "kl. 18.00–19.30"


def test_colon_separator_is_a_setting() -> None:
    span = Timespan(at("2025-01-14 18:00"), at("2025-01-14 19:30"))
    assert Formatter("nb", date(2025, 1, 10), ":").times(span) == "kl. 18:00–19:30"


def test_nynorsk_weekdays() -> None:
    assert Formatter("nn", date(2025, 1, 10)).day(date(2025, 1, 14)) == "tysdag 14. januar"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 1, 10), "I dag – fredag 10. januar"),
        (date(2025, 1, 11), "I morgen – lørdag 11. januar"),
        (date(2025, 1, 12), "Søndag 12. januar"),
        (date(2026, 2, 3), "Tirsdag 3. februar 2026"),
    ],
)
def test_day_headings(day: date, expected: str) -> None:
    assert NB.day_heading(day) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (date(2025, 1, 14), date(2025, 1, 16), "14.–16. januar"),
        (date(2025, 1, 30), date(2025, 2, 2), "30. januar–2. februar"),
        (date(2024, 12, 30), date(2025, 1, 2), "30. desember 2024–2. januar"),
    ],
)
def test_multi_day_ranges(first: date, last: date, expected: str) -> None:
    assert NB.when(Timespan(first, last)) == expected


def test_all_day_single_date() -> None:
    assert NB.when(Timespan(date(2025, 1, 18), date(2025, 1, 18))) == "lørdag 18. januar, hele dagen"


def test_timed_event_over_midnight() -> None:
    span = Timespan(at("2025-01-17 20:00"), at("2025-01-18 02:00"))
    assert NB.when(span) == "fredag 17. januar kl. 20.00 – lørdag 18. januar kl. 02.00"


def test_event_ending_at_midnight_stays_on_its_day() -> None:
    span = Timespan(at("2025-01-17 20:00"), at("2025-01-18 00:00"))
    assert not span.multi_day
    assert NB.when(span) == "fredag 17. januar kl. 20.00–00.00"


def test_machine_readable_times_carry_the_oslo_offset_across_dst() -> None:
    assert iso(at("2027-03-27 18:00")) == "2027-03-27T18:00+01:00"
    assert iso(at("2027-03-29 18:00")) == "2027-03-29T18:00+02:00"
    assert iso(date(2027, 3, 29)) == "2027-03-29"


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (dict(frequency=Frequency.WEEKLY, interval=1, weekdays=(1,), week_of_month=None),
         "Hver tirsdag kl. 10.00–11.00"),
        (dict(frequency=Frequency.WEEKLY, interval=2, weekdays=(0, 2), week_of_month=None),
         "Annenhver mandag og onsdag kl. 10.00–11.00"),
        (dict(frequency=Frequency.MONTHLY, interval=1, weekdays=(3,), week_of_month=1),
         "Første torsdag i måneden kl. 10.00–11.00"),
        (dict(frequency=Frequency.MONTHLY, interval=1, weekdays=(1,), week_of_month=-1),
         "Siste tirsdag i måneden kl. 10.00–11.00"),
    ],
)  # fmt: skip
def test_rules_in_words(rule: dict, expected: str) -> None:
    recurrence = Recurrence(start_time="10:00", duration=timedelta(hours=1), first=date(2025, 1, 1), until=None, **rule)
    assert NB.rule(recurrence) == expected


def test_prices_and_languages() -> None:
    assert NB.price(0) == "Gratis"
    assert NB.price(1500) == "1\u00a0500 kr"
    assert NB.language_name("en") == "engelsk"
    assert NB.language_name("uk") == "ukrainsk"


@pytest.mark.parametrize(
    ("ages", "expected"),
    [((3, 6), "3–6 år"), ((10, None), "fra 10 år"), ((None, 2), "opptil 2 år"), ((None, None), "")],
)
def test_age_ranges(ages: tuple[int | None, int | None], expected: str) -> None:
    assert NB.age_range(*ages) == expected
