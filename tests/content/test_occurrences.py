"""What calendars read of a series (occurrences.rule_times), and the one status title rule (outputs/status.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from gettext import NullTranslations

import pytest
from helpers.model_builders import DROP, SERIES, TZ, changed, parse_ok
from programmet.content import occurrences
from programmet.content.model import Series, Status
from programmet.content.parse import parse_series
from programmet.outputs.formatter import Formatter
from programmet.outputs.status import card_label, listed_title, page_title

HORIZON = date(2027, 12, 31)


def series(changes: dict | None = None) -> Series:
    return parse_ok(parse_series, changed(SERIES, changes or {}), "series/krim-og-kringle.md")


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def test_rule_times_are_the_rule_as_moments():
    times = occurrences.rule_times(
        series(
            {
                "recurrence.from": "2027-01-07",
                "exceptions": ["2027-01-19", {"from": "2027-02-01", "until": "2027-02-10"}],
            }
        ),
        TZ,
    )

    assert times is not None
    assert (times.first.start, times.first.end) == (local("2027-01-12 18:00"), local("2027-01-12 19:30"))
    assert times.until == local("2027-03-30 18:00")
    assert times.excluded == (local("2027-01-19 18:00"), local("2027-02-02 18:00"), local("2027-02-09 18:00"))
    assert times.changed == ()


def test_changed_dates_are_the_catalogs_occurrences_and_reach_past_the_horizon():
    """A changed date reads the same in the feeds as on its page, and one beyond the pages is there too."""
    one = series(
        {
            "recurrence.until": DROP,
            "overrides": {"2027-02-02": {"start_time": "17:00"}, "2031-06-03": {"status": "cancelled"}},
        }
    )
    times = occurrences.rule_times(one, TZ)
    assert times is not None and times.until is None

    near, far = times.changed
    (expanded,) = [e for e in occurrences.expand(one, HORIZON, TZ) if e.recurrence_date == date(2027, 2, 2)]
    assert near.occurrence == expanded
    assert (near.day, near.scheduled) == (date(2027, 2, 2), local("2027-02-02 18:00"))  # the rule's time names it
    assert near.occurrence.when.start == local("2027-02-02 17:00")
    assert (far.day, far.occurrence.status) == (date(2031, 6, 3), Status.CANCELLED)
    assert far.occurrence.id == "krim-og-kringle/2031-06-03"


def test_a_rule_that_gives_no_date_has_no_times():
    rule = series().recurrence
    assert rule is not None
    # No Tuesday from Wednesday to Sunday (the reader refuses such a file; the model can still hold one).
    one = replace(series(), recurrence=replace(rule, first=date(2027, 1, 6), until=date(2027, 1, 10)))

    assert occurrences.rule_times(one, TZ) is None
    assert occurrences.expand(one, HORIZON, TZ) == []


@pytest.mark.parametrize(
    ("status", "listed", "page", "label"),
    [
        (Status.SCHEDULED, "Krim", "Krim", ""),
        (Status.CANCELLED, "AVLYST: Krim", "Avlyst: Krim", "AVLYST"),
        (Status.POSTPONED, "UTSATT: Krim", "Krim", "UTSATT"),
        (Status.MOVED, "Krim", "Krim", "FLYTTET"),
        (Status.FULL, "Krim", "Krim", "FULLT"),
    ],
)
def test_one_status_rule_for_titles(status: Status, listed: str, page: str, label: str):
    source = NullTranslations()  # the bokmål source text

    assert listed_title("Krim", status, source) == listed
    assert page_title("Krim", status, source) == page
    assert card_label(status, Formatter("nb", date(2027, 1, 11), translations=source)) == label
