"""The filter data of /program/ (outputs/programme_data.py), on events made by the real parser, read back as JSON."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timedelta
from itertools import count

from helpers.model_builders import EVENT, TZ, parse_ok, vocabulary
from helpers.sites import ROOT
from pelican.settings import read_settings as read_pelican_settings
from programmet.content import parse
from programmet.content.catalog import Catalog
from programmet.content.model import Access, Event, Status, Timespan
from programmet.outputs.formatter import Formatter
from programmet.outputs.programme_data import PAST_DAYS, filter_choices, programme_data
from programmet.settings import Settings, read_settings

BASE = parse_ok(parse.parse_event, EVENT, "events/base.md")
DST_DAY = date(2027, 3, 28)  # clocks go forward at 02:00 in Europe/Oslo
_numbers = count()


def site_settings(today: date) -> Settings:
    pelican = read_pelican_settings(str(ROOT / "pelicanconf.py"), override={"PROGRAMMET_TODAY": today.isoformat()})
    return read_settings(pelican, {})


def event(when: Timespan, **details: object) -> Event:
    number = next(_numbers)
    status = details.pop("status", Status.SCHEDULED)
    series = details.pop("series", None)
    return dataclasses.replace(
        BASE,
        id=f"ev-{number}",
        slug=f"ev-{number}",
        details=dataclasses.replace(BASE.details, **details),
        when=when,
        status=status,
        series=series,
    )


def timed(day: date, hour: int, minutes: int = 60) -> Timespan:
    start = datetime(day.year, day.month, day.day, hour, tzinfo=TZ)
    return Timespan(start, start + timedelta(minutes=minutes))


def read(events: list[Event], today: date) -> tuple[dict, dict[str, dict]]:
    settings = site_settings(today)
    branches = tuple(vocabulary().branches.values())
    catalog = Catalog(branches=branches, series=(), events=tuple(events), pages=())
    data = json.loads(programme_data(catalog, settings, Formatter("nb", settings.today)))
    return data, {entry["i"]: entry for entry in data["events"]}


def test_a_timed_event_across_the_dst_change_keeps_each_moments_own_offset() -> None:
    # 01:30 CET to 04:30 CEST: two hours, as the wall clock jumps from 02:00 to 03:00 between them.
    night = event(Timespan(datetime(2027, 3, 28, 1, 30, tzinfo=TZ), datetime(2027, 3, 28, 4, 30, tzinfo=TZ)))
    _, entries = read([night], DST_DAY)
    entry = entries[night.id]
    assert entry["s"] == "2027-03-28T01:30+01:00"
    assert entry["e"] == "2027-03-28T04:30+02:00"
    assert datetime.fromisoformat(entry["e"]) - datetime.fromisoformat(entry["s"]) == timedelta(hours=2)
    assert entry["d"] == "søndag 28. mars"
    assert entry["t"] == "kl. 01.30–04.30"


def test_all_day_events_are_plain_dates_with_the_last_day_inclusive() -> None:
    fair = event(Timespan(date(2027, 1, 15), date(2027, 1, 17)))
    single = event(Timespan(date(2027, 1, 12), date(2027, 1, 12)))
    _, entries = read([fair, single], date(2027, 1, 11))
    assert (entries[fair.id]["s"], entries[fair.id]["e"], entries[fair.id]["a"]) == ("2027-01-15", "2027-01-17", 1)
    assert entries[fair.id]["t"] == "15.–17. januar"
    assert entries[single.id]["t"] == "hele dagen"
    _, timed_entries = read([evening := event(timed(date(2027, 1, 12), 18))], date(2027, 1, 11))
    assert "a" not in timed_entries[evening.id]


def test_a_right_to_left_title_with_markup_reads_back_as_the_same_text() -> None:
    title = 'أمسية <script>alert("x")</script> قصص & <img src=x onerror=alert(1)>'
    arabic = event(timed(date(2027, 1, 12), 18), title=title, language="ar")
    data, entries = read([arabic], date(2027, 1, 11))
    assert entries[arabic.id]["n"] == title  # text, to be set with textContent by filters.js
    assert entries[arabic.id]["l"] == "ar"
    assert data["languages"]["ar"] == "arabisk"


def test_past_events_of_the_last_two_weeks_are_flagged_and_older_ones_left_out() -> None:
    today = date(2027, 1, 20)
    recent = event(timed(today - timedelta(days=3), 18))
    edge = event(timed(today - timedelta(days=PAST_DAYS), 18))
    old = event(timed(today - timedelta(days=PAST_DAYS + 1), 18))
    running = event(Timespan(today - timedelta(days=5), today + timedelta(days=5)))
    later = event(timed(today + timedelta(days=1), 18))
    _, entries = read([recent, edge, old, running, later], today)
    assert set(entries) == {recent.id, edge.id, running.id, later.id}
    assert [entries[e.id].get("p") for e in (recent, edge, running, later)] == [1, 1, None, None]


def test_facets_are_written_as_the_slugs_the_address_uses() -> None:
    today = date(2027, 1, 11)
    signed = event(
        timed(today, 18),
        audiences=("adults", "seniors"),
        category="meetup",
        accessibility=(Access.SIGN_LANGUAGE, Access.STEP_FREE),
        branch="lia",
        status=Status.CANCELLED,
        series="krim-og-kringle",
    )
    data, entries = read([signed], today)
    entry = entries[signed.id]
    assert (entry["b"], entry["f"], entry["c"]) == ("lia", ["voksne", "senior"], "moteplass")
    assert entry["x"] == ["tegnspraktolket", "trinnfritt"]
    assert (entry["st"], entry["r"], entry["u"]) == ("cancelled", "krim-og-kringle", f"arrangement/{signed.slug}/")
    assert data["status"]["cancelled"] == "Avlyst"
    assert data["access"] == {
        "tegnspraktolket": "Tegnspråktolket",
        "skrivetolket": "Skrivetolket",
        "teleslynge": "Teleslynge",
        "trinnfritt": "Trinnfri adkomst",
    }
    assert data["branches"]["lia"] == "Lia bibliotek"
    assert data["audiences"]["barn"] == "Barn"


def test_months_run_from_this_month_to_the_last_upcoming_one_and_the_list_is_in_start_order() -> None:
    today = date(2026, 11, 23)
    events = [
        event(timed(date(2027, 2, 3), 18)),
        event(Timespan(date(2026, 12, 30), date(2027, 1, 2))),  # spans two months
        event(timed(today, 12)),
        event(timed(today, 9)),
    ]
    data, _ = read(events, today)
    assert list(data["months"]) == ["2026-11", "2026-12", "2027-01", "2027-02"]
    assert data["months"]["2027-02"] == "Februar 2027"
    starts = [e["s"] for e in data["events"]]
    assert starts == ["2026-11-23T09:00+01:00", "2026-11-23T12:00+01:00", "2026-12-30", "2027-02-03T18:00+01:00"]


def test_the_same_catalog_gives_the_same_bytes_and_the_form_offers_what_the_file_names() -> None:
    today = date(2027, 1, 11)
    events = [event(timed(today + timedelta(days=n), 10 + n), language="en" if n % 2 else "nb") for n in range(6)]
    settings = site_settings(today)
    catalog = Catalog(branches=tuple(vocabulary().branches.values()), series=(), events=tuple(events), pages=())
    first = programme_data(catalog, settings, Formatter("nb", today))
    assert first == programme_data(catalog, settings, Formatter("nb", today))
    data = json.loads(first)
    choices = filter_choices(catalog, settings, Formatter("nb", today).translations)
    assert [c.key for c in choices.languages] == list(data["languages"]) == ["en", "nb"]
    assert [c.label for c in choices.languages] == ["Engelsk", "Norsk bokmål"]
    assert [c.key for c in choices.other_languages] == ["en"]  # the pages in the no-script panel
    assert [c.key for c in choices.months] == list(data["months"])
    assert [c.key for c in choices.branches] == list(data["branches"])
