"""Calendar feeds, read back the way subscribers read them: icalendar, vobject and recurring-ical-events."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import vobject
from helpers.scenario import Scenario
from helpers.sites import FIXTURES, ROOT, build_site, page
from icalendar import Calendar
from pelican.settings import read_settings

SITE = "https://program.example.test"
OSLO = ZoneInfo("Europe/Oslo")
TALK = "events/2027/01/2027-01-14-forfatterkveld.md"
NAMESPACE = uuid.UUID(read_settings(str(ROOT / "pelicanconf.py"))["PROGRAMMET_UID_NAMESPACE"])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PROGRAMMET_TODAY", raising=False)
        mp.delenv("PROGRAMMET_BUILD_TIME", raising=False)
        return build_site(FIXTURES / "small", tmp_path_factory.mktemp("ical") / "out", SITEURL=SITE)


def read(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def uid(key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, key))


def events_of(cal: Calendar) -> list:
    return list(cal.walk("VEVENT"))


def all_calendar_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.ics"))


# -- every file, two parsers ---------------------------------------------------------


def test_every_feed_and_event_file_parses_with_two_independent_readers(site: Path) -> None:
    files = all_calendar_files(site)
    assert len(files) > 40
    for file in files:
        cal = read(file)
        assert [c.errors for c in cal.walk() if c.errors] == [], file
        parsed = vobject.readOne(file.read_text(encoding="utf-8"))
        ours = sorted((str(e["uid"]), e.decoded("dtstart").isoformat()) for e in events_of(cal))
        theirs = sorted((e.uid.value, e.dtstart.value.isoformat()) for e in parsed.contents.get("vevent", []))
        assert ours == theirs, file


def test_lines_are_crlf_and_folded_at_75_octets(site: Path) -> None:
    for file in all_calendar_files(site):
        data = file.read_bytes()
        lines = data.split(b"\r\n")
        assert lines[-1] == b"", file
        assert b"\n" not in b"".join(lines), file
        assert max(len(line) for line in lines) <= 75, file
        data.decode("utf-8")  # folding never splits æ, ø or å


def test_feed_carries_what_clients_need(site: Path) -> None:
    cal = read(site / "kalender" / "bibliotek" / "sentrum.ics")
    assert cal["VERSION"] == "2.0"
    assert str(cal["NAME"]) == str(cal["X-WR-CALNAME"]) == "Fjordvik bibliotek: Testby hovedbibliotek"
    assert cal["X-WR-TIMEZONE"] == "Europe/Oslo"
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert cal["X-PUBLISHED-TTL"].to_ical() == b"PT6H"
    assert str(cal["UID"]) == uid("feed:bibliotek/sentrum")
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Oslo"]
    event = next(e for e in events_of(cal) if str(e["UID"]) == uid("ev-test-forfatterkveld"))
    assert event.decoded("dtstart") == datetime(2027, 1, 14, 18, 0, tzinfo=OSLO)
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert event.decoded("dtend") == datetime(2027, 1, 14, 19, 30, tzinfo=OSLO)
    assert event.decoded("dtstamp").utcoffset().total_seconds() == 0
    assert str(event["LOCATION"]) == "Testby hovedbibliotek, Scenen, Torget 1, 4600 Testby"
    assert event.decoded("geo") is not None
    assert str(event["URL"]) == f"{SITE}/arrangement/2027-01-14-forfatterkveld/"
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Litteratur og forfattermøter", "Voksne"]
    assert "<" not in str(event["DESCRIPTION"])
    assert "https://checkin.no/event/12345" in str(event["DESCRIPTION"])


def test_single_event_file_has_no_calendar_name(site: Path) -> None:
    cal = read(site / "arrangement" / "2027-01-14-forfatterkveld" / "kalender.ics")
    assert "NAME" not in cal and "X-WR-CALNAME" not in cal
    assert [str(e["UID"]) for e in events_of(cal)] == [uid("ev-test-forfatterkveld")]
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Oslo"]


def test_cancelled_event_stays_in_the_feed_marked_in_norwegian(site: Path) -> None:
    cal = read(site / "kalender" / "alle.ics")
    event = next(e for e in events_of(cal) if str(e["UID"]) == uid("ev-test-eventyr"))
    assert event["STATUS"] == "CANCELLED"
    assert str(event["SUMMARY"]) == "AVLYST: Eventyr og dans"


def test_all_day_and_multi_day_events_are_dates_with_an_exclusive_end(site: Path) -> None:
    event = events_of(read(site / "arrangement" / "2027-01-08-utstilling" / "kalender.ics"))[0]
    assert event["DTSTART"].params.get("VALUE") == "DATE" or isinstance(event.decoded("dtstart"), date)
    assert event.decoded("dtstart") == date(2027, 1, 8)
    assert event.decoded("dtend") == date(2027, 1, 31)  # the exhibition's last day is 30 January


def test_feeds_cover_a_rolling_window(site: Path) -> None:
    uids = {str(e["UID"]) for e in events_of(read(site / "kalender" / "alle.ics"))}
    # 1 December is 41 days before "today" (11 January): outside the 30-day window ...
    assert uid("ev-test-old") not in uids
    assert uid("ev-test-eventyr") in uids
    # ... but its own page still offers its file.
    assert (site / "arrangement" / "2026-12-01-old" / "kalender.ics").is_file()


# -- series: one UID, RRULE, EXDATE, RECURRENCE-ID ---------------------------------------


def test_series_is_one_uid_and_expands_to_the_dates_on_the_site(site: Path) -> None:
    cal = read(site / "kalender" / "serier" / "babyklubb.ics")
    assert {str(e["UID"]) for e in events_of(cal)} == {uid("babyklubb")}
    occurrences = recurring_ical_events.of(cal).between(date(2027, 1, 1), date(2027, 3, 1))
    found = {o.decoded("dtstart").isoformat(): (str(o["STATUS"]), str(o["SUMMARY"])) for o in occurrences}
    assert found == {
        "2027-01-05T10:00:00+01:00": ("CONFIRMED", "Babyklubb"),
        "2027-01-12T10:00:00+01:00": ("CONFIRMED", "Babyklubb"),
        # 19 January is a holiday exception: an EXDATE.
        "2027-01-26T10:00:00+01:00": ("CANCELLED", "AVLYST: Babyklubb"),
        "2027-02-02T11:00:00+01:00": ("CONFIRMED", "Babyklubb"),
        "2027-02-10T10:00:00+01:00": ("CONFIRMED", "Babyklubb"),  # moved from the 9th
        "2027-02-16T10:00:00+01:00": ("CONFIRMED", "Babyklubb"),
        "2027-02-23T10:00:00+01:00": ("CONFIRMED", "Babyklubb"),
    }
    # The site shows the same times for the changed dates.
    moved = page(site, "arrangement/babyklubb/2027-02-09/")
    assert moved.select_one(".facts time")["datetime"] == "2027-02-10T10:00+01:00"


def test_changed_dates_are_recurrence_id_overrides_of_the_original_time(site: Path) -> None:
    cal = read(site / "kalender" / "serier" / "babyklubb.ics")
    overrides = {e.decoded("recurrence-id").isoformat(): e for e in events_of(cal) if "RECURRENCE-ID" in e}
    assert sorted(overrides) == [
        "2027-01-26T10:00:00+01:00",
        "2027-02-02T10:00:00+01:00",
        "2027-02-09T10:00:00+01:00",
    ]
    master = next(e for e in events_of(cal) if "RECURRENCE-ID" not in e)
    assert all(o.decoded("sequence") >= master.decoded("sequence") for o in overrides.values())
    assert master["RRULE"].to_ical() == b"FREQ=WEEKLY;UNTIL=20270223T090000Z;BYDAY=TU"


def test_weekly_series_keeps_its_local_time_across_the_dst_change(site: Path) -> None:
    cal = read(site / "kalender" / "serier" / "kveldskurs.ics")
    starts = [o.decoded("dtstart") for o in recurring_ical_events.of(cal).between(date(2027, 3, 1), date(2027, 5, 1))]
    assert [s.isoformat() for s in starts] == [
        "2027-03-18T18:00:00+01:00",
        "2027-03-25T18:00:00+01:00",
        "2027-04-01T18:00:00+02:00",
        "2027-04-08T18:00:00+02:00",
    ]
    vtimezone = next(iter(cal.walk("VTIMEZONE")))
    assert "DAYLIGHT" in {c.name for c in vtimezone.subcomponents}


# -- the pages link to the feeds -----------------------------------------------------------


def test_pages_link_their_feed_and_offer_to_subscribe(site: Path) -> None:
    branch = page(site, "bibliotek/sentrum/")
    link = branch.find("link", rel="alternate", type="text/calendar")
    assert link["href"] == "/kalender/bibliotek/sentrum.ics"  # internal links are root-relative
    box = branch.find("section", class_="subscribe")
    hrefs = [a["href"] for a in box.find_all("a")]
    assert "webcal://program.example.test/kalender/bibliotek/sentrum.ics" in hrefs
    assert f"{SITE}/kalender/bibliotek/sentrum.ics" in hrefs
    google = next(h for h in hrefs if h.startswith("https://calendar.google.com/"))
    assert parse_qs(urlsplit(google).query)["cid"] == ["webcal://program.example.test/kalender/bibliotek/sentrum.ics"]
    for url, feed in [
        ("", "alle"),
        ("program/", "alle"),
        ("for/smabarn/", "for/smabarn"),
        ("serier/babyklubb/", "serier/babyklubb"),
    ]:
        found = page(site, url).find("link", rel="alternate", type="text/calendar")
        assert found["href"] == f"/kalender/{feed}.ics", url


def test_help_page_lists_every_feed(site: Path) -> None:
    soup = page(site, "kalender/")
    assert soup.h1.get_text() == "Programmet i kalenderen din"
    listed = {a["href"] for a in soup.select(".feed-list a") if a["href"].startswith(SITE)}
    # The 7-day feeds are for lobby screens and signage players (docs/feeds.md), not residents.
    feeds = [p for p in (site / "kalender").rglob("*.ics") if not p.name.endswith("-7-dager.ics")]
    on_disk = {f"{SITE}/{p.relative_to(site).as_posix()}" for p in feeds}
    assert listed == on_disk


def test_event_page_adds_one_event_to_google_outlook_or_a_file(site: Path) -> None:
    soup = page(site, "arrangement/2027-01-14-forfatterkveld/")
    links = {a.get_text(" ", strip=True).split(":")[0].strip(): a["href"] for a in soup.select(".add-to-calendar a")}
    assert links["Last ned til kalenderen (.ics)"] == "/arrangement/2027-01-14-forfatterkveld/kalender.ics"
    google = parse_qs(urlsplit(links["Legg til i Google Kalender"]).query)
    assert google["dates"] == ["20270114T180000/20270114T193000"]
    assert google["ctz"] == ["Europe/Oslo"]
    assert google["text"] == ["Forfatterkveld med Ida Berg"]
    outlook = parse_qs(urlsplit(links["Legg til i Outlook"]).query)
    assert outlook["startdt"] == ["2027-01-14T18:00:00+01:00"]
    assert outlook["location"] == ["Testby hovedbibliotek, Torget 1, 4600 Testby"]
    assert "%20" in links["Legg til i Outlook"] and "+" not in links["Legg til i Outlook"]


# -- identity and change across builds -------------------------------------------------------


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*.ics"))
    }


def test_two_builds_are_byte_identical(copy_fixture, tmp_path: Path) -> None:
    content = copy_fixture("small")
    state = str(tmp_path / "state.json")
    first = build_site(content, tmp_path / "a", PROGRAMMET_CALENDAR_STATE=state)
    second = build_site(
        content, tmp_path / "b", PROGRAMMET_CALENDAR_STATE=state, PROGRAMMET_BUILD_TIME="2027-01-11T08:00:00Z"
    )
    assert digest(first) == digest(second)


def event_in(site: Path, key: str) -> dict:
    cal = read(site / "kalender" / "alle.ics")
    event = next(e for e in events_of(cal) if str(e["UID"]) == uid(key) and "RECURRENCE-ID" not in e)
    return {name: event.decoded(name) for name in ("uid", "sequence", "last-modified", "summary", "dtstart")}


def test_editing_a_title_keeps_uid_and_sequence_and_moves_last_modified(copy_fixture, tmp_path: Path) -> None:
    content = copy_fixture("small")
    state = str(tmp_path / "state.json")
    before = event_in(build_site(content, tmp_path / "a", PROGRAMMET_CALENDAR_STATE=state), "ev-test-forfatterkveld")
    Scenario(content).set(TALK, title="Forfatterkveld med forfatteren Ida Berg")
    after = event_in(
        build_site(
            content, tmp_path / "b", PROGRAMMET_CALENDAR_STATE=state, PROGRAMMET_BUILD_TIME="2027-01-11T09:00:00Z"
        ),
        "ev-test-forfatterkveld",
    )
    assert after["uid"] == before["uid"]
    assert after["summary"] == "Forfatterkveld med forfatteren Ida Berg"
    assert after["sequence"] == before["sequence"] == 0
    assert after["last-modified"] > before["last-modified"]


def test_moving_an_event_or_renaming_its_file_keeps_uid_and_raises_sequence(copy_fixture, tmp_path: Path) -> None:
    content = copy_fixture("small")
    state = str(tmp_path / "state.json")
    before = event_in(build_site(content, tmp_path / "a", PROGRAMMET_CALENDAR_STATE=state), "ev-test-forfatterkveld")
    Scenario(content).set(TALK, start="2027-01-14 19:00", end="2027-01-14 20:30")
    source = content / TALK
    source.rename(source.parent / "2027-01-14-forfatterkveld-med-ida-berg.md")
    after = event_in(
        build_site(
            content, tmp_path / "b", PROGRAMMET_CALENDAR_STATE=state, PROGRAMMET_BUILD_TIME="2027-01-11T09:00:00Z"
        ),
        "ev-test-forfatterkveld",
    )
    assert after["uid"] == before["uid"]
    assert after["dtstart"] == datetime(2027, 1, 14, 19, 0, tzinfo=OSLO)
    assert after["sequence"] == 1
    assert after["last-modified"] > before["last-modified"]


def test_cancelling_one_series_date_raises_that_override_above_the_master(copy_fixture, tmp_path: Path) -> None:
    content = copy_fixture("small")
    state = str(tmp_path / "state.json")
    build_site(content, tmp_path / "a", PROGRAMMET_CALENDAR_STATE=state)
    # One date among the series' overrides: a replace says which better than the whole block set anew.
    source = content / "series" / "babyklubb.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "2027-02-02: {start_time", "2027-02-02: {status: cancelled, start_time"
        ),
        encoding="utf-8",
    )
    site = build_site(
        content, tmp_path / "b", PROGRAMMET_CALENDAR_STATE=state, PROGRAMMET_BUILD_TIME="2027-01-11T09:00:00Z"
    )
    cal = read(site / "kalender" / "serier" / "babyklubb.ics")
    override = next(e for e in events_of(cal) if e.get("RECURRENCE-ID") and e.decoded("recurrence-id").day == 2)
    assert override["STATUS"] == "CANCELLED"
    assert override.decoded("sequence") == 1


def test_a_preview_never_writes_the_record(copy_fixture, tmp_path: Path) -> None:
    content = copy_fixture("small")
    state = tmp_path / "state.json"
    build_site(content, tmp_path / "a", PROGRAMMET_CALENDAR_STATE=str(state), PROGRAMMET_STRICT=False)
    assert not state.exists()
    build_site(content, tmp_path / "b", PROGRAMMET_CALENDAR_STATE=str(state))
    assert state.exists()


def test_a_feed_over_the_size_budget_keeps_the_nearest_events(tmp_path: Path, capfd) -> None:
    full = build_site(FIXTURES / "small", tmp_path / "full", SITEURL=SITE)
    budget = (full / "kalender" / "alle.ics").stat().st_size - 100
    site = build_site(FIXTURES / "small", tmp_path / "small", SITEURL=SITE, PROGRAMMET_CALENDAR_MAX_BYTES=budget)
    feed = site / "kalender" / "alle.ics"
    assert feed.stat().st_size <= budget
    kept = {str(e["UID"]) for e in events_of(read(feed)) if "RRULE" not in e and "RECURRENCE-ID" not in e}
    # The farthest one-off event (20 January) goes; the nearer ones stay.
    assert kept == {uid("ev-test-utstilling"), uid("ev-test-forfatterkveld"), uid("ev-test-eventyr")}
    err = capfd.readouterr().err
    assert "kalender/alle.ics: left out the 1 farthest of 4 events" in err
