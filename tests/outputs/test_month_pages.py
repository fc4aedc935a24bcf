"""Month pages and their flyer, computed from the model (outputs/month_pages.py): which months, which
events on which day, what fits on two printed pages and what the flyer says it left out."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from gettext import NullTranslations

import pytest
from helpers.model_builders import TZ
from helpers.sites import ROOT
from pelican.settings import read_settings as read_pelican_settings
from programmet.content.catalog import Catalog
from programmet.content.model import (
    NO_REGISTRATION,
    Address,
    Branch,
    Event,
    EventDetails,
    Frequency,
    Recurrence,
    Series,
    Status,
    Timespan,
)
from programmet.content.urls import month_url
from programmet.outputs.month_pages import (
    FLYER_LINES,
    MonthDay,
    flyer,
    month_days,
    month_events,
    month_pages,
    month_range,
    month_title,
    series_lines,
)
from programmet.settings import read_settings


def branch(id_: str, name: str) -> Branch:
    return Branch(id_, name, name.split()[0], Address("Vei 1", "4600", "Testby"), 58.0, 8.0, "Man–fre 10–19", "",
                  "https://www.openstreetmap.org/", (), None, None, None, "", f"branches/{id_}.md")  # fmt: skip


NORDLIA = branch("nordlia", "Nordlia bibliotek")
TOMT = branch("tomt", "Tomtegata bibliotek")
DETAILS = EventDetails("Lesestund", "", "nordlia", None, "talks", None, ("everyone",), None, None, (), None, 0, None,
                       NO_REGISTRATION, (), None, "nb", (), (), (), None, "")  # fmt: skip


def at(text: str, *, fold: int = 0) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ, fold=fold)


def event(id_: str, start: datetime | date, end: datetime | date | None = None, **changes) -> Event:
    if end is None:
        end = start + timedelta(hours=1) if isinstance(start, datetime) else start
    return Event(id_, id_, replace(DETAILS, **changes), Timespan(start, end), Status.SCHEDULED, None, None, None,
                 None, False, f"events/{id_}.md")  # fmt: skip


def settings(today: str):
    return read_settings(read_pelican_settings(str(ROOT / "pelicanconf.py"), override={"PROGRAMMET_TODAY": today}), {})


def test_months_run_from_this_month_to_the_last_with_an_upcoming_event_across_new_year() -> None:
    events = [
        event("a", at("2026-12-30 18:00")),
        event("b", at("2027-02-02 18:00")),
        event("old", at("2026-10-01 12:00")),
    ]
    assert month_range(events, date(2026, 12, 15), 240) == [date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1)]
    # Beyond the horizon does not count; with nothing ahead there is still this month.
    assert month_range(events, date(2026, 12, 15), 20) == [date(2026, 12, 1)]
    assert month_range([], date(2026, 12, 15), 240) == [date(2026, 12, 1)]
    assert month_url(date(2027, 1, 1)) == "program/2027-01/"
    assert month_url(date(2027, 1, 1), NORDLIA) == "bibliotek/nordlia/2027-01/"


def test_a_month_across_the_spring_dst_change_keeps_every_event_on_its_own_day() -> None:
    """28 March 2027 has no 02:00–03:00; events either side of it and of the month's ends land right."""
    events = [
        event("feb-late", at("2027-02-28 22:30"), at("2027-02-28 23:59")),  # CET, February
        event("before-change", at("2027-03-28 01:30")),
        event("after-change", at("2027-03-28 03:30")),
        event("last-night", at("2027-03-31 23:30"), at("2027-04-01 00:30")),  # CEST, crosses into April
        event("apr-first", at("2027-04-01 00:30")),
        event("exhibition", date(2027, 2, 20), date(2027, 3, 5)),  # began in February
    ]
    march = month_events(events, date(2027, 3, 1))
    assert [e.id for e in march] == ["exhibition", "before-change", "after-change", "last-night"]
    april = month_events(events, date(2027, 4, 1))
    assert [e.id for e in april] == ["last-night", "apr-first"]
    # Listed on the 1st when it began the month before; days before today are past.
    days = month_days(march, date(2027, 3, 1), date(2027, 3, 28))
    assert [(d.day.day, [e.id for e in d.events], d.past) for d in days] == [
        (1, ["exhibition"], True), (28, ["before-change", "after-change"], False), (31, ["last-night"], False),
    ]  # fmt: skip


def test_the_autumn_dst_night_s_repeated_hour_stays_in_its_month() -> None:
    events = [event("first", at("2026-10-25 02:30")), event("second", at("2026-10-25 02:30", fold=1))]
    assert [e.id for e in month_events(events, date(2026, 10, 1))] == ["first", "second"]
    assert month_events(events, date(2026, 11, 1)) == []


def test_every_branch_gets_every_month_and_an_empty_one_says_so() -> None:
    config = settings("2026-12-15")
    events = (event("a", at("2026-12-20 18:00")), event("b", at("2027-01-10 18:00")))
    catalog = Catalog(branches=(NORDLIA, TOMT), series=(), events=events, pages=())
    outputs = {o.url: o for o in month_pages(catalog, config, NullTranslations())}
    assert sorted(outputs) == sorted(
        f"{prefix}{m}/"
        for prefix in ("program/", "bibliotek/nordlia/", "bibliotek/tomt/")
        for m in ("2026-12", "2027-01")
    )
    empty = outputs["bibliotek/tomt/2027-01/"].context
    assert empty["days"] == [] and empty["total"] == 0 and empty["flyer"].left_out == 0
    january = outputs["program/2027-01/"].context
    assert january["previous_month"].url == "program/2026-12/" and january["next_month"] is None
    assert [link.url for link in january["branch_months"]] == ["bibliotek/nordlia/2027-01/", "bibliotek/tomt/2027-01/"]
    assert outputs["bibliotek/nordlia/2026-12/"].kind.title(NullTranslations()) == (
        "Program for desember 2026 – Nordlia bibliotek"
    )


def test_titles_name_the_month_in_bokmal_and_nynorsk() -> None:
    assert (
        month_title(date(2027, 3, 1), NORDLIA, "nb", NullTranslations()) == "Program for mars 2027 – Nordlia bibliotek"
    )
    assert month_title(date(2027, 1, 1), None, "nn", NullTranslations()) == "Program for januar 2027"


def test_a_series_is_listed_once_with_its_dates_and_its_cancelled_ones() -> None:
    rule = Recurrence(Frequency.WEEKLY, 1, (1,), None, "11:00", timedelta(hours=1), date(2027, 1, 1), None)
    series = Series("babyklubb", "babyklubb", replace(DETAILS, title="Babyklubb"), rule, (), (), "series/b.md")
    tuesdays = [at(f"2027-03-{d:02d} 11:00") for d in (2, 9, 16, 23, 30)]
    dates = [replace(event(f"babyklubb/{t.date()}", t), series="babyklubb") for t in tuesdays]
    dates[2] = replace(dates[2], status=Status.CANCELLED)
    catalog = Catalog(branches=(NORDLIA,), series=(series,), events=tuple(dates), pages=())
    (line,) = series_lines(dates, catalog, date(2027, 3, 1), "nb")
    assert (line.dates, line.cancelled, line.count) == ("2., 9., 23., 30. mars", "16. mars", 5)


def many_days(count: int, title: str = "Foredrag") -> list[MonthDay]:
    events = [event(f"e{i}", at(f"2027-03-{1 + i % 31:02d} 18:00"), title=f"{title} {i}") for i in range(count)]
    return [MonthDay(d, tuple(e for e in events if e.when.first_day == d), False)
            for d in sorted({e.when.first_day for e in events})]  # fmt: skip


def test_a_quiet_month_fits_whole() -> None:
    result = flyer([], many_days(40), header_chars=200)
    assert result.left_out == 0 and sum(len(d.events) for d in result.days) == 40


@pytest.mark.parametrize("title", ["Kveld", "Donaudampfschiffahrtsgesellschaftskapitänsmützenausstellung " * 3])
def test_a_full_month_keeps_within_two_pages_and_counts_what_it_leaves_out(title: str) -> None:
    days = many_days(250, title)
    result = flyer([], days, header_chars=200)
    shown = sum(len(d.events) for d in result.days)
    assert 0 < shown < 250 and shown + result.left_out == 250
    assert result.lines <= FLYER_LINES
    # What is shown is the start of the month, in order: nothing is skipped in the middle.
    assert [e.id for d in result.days for e in d.events] == [e.id for d in days for e in d.events][:shown]
