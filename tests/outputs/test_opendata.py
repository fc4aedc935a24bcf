"""Open data read as a third party reads it: the JSON against its own published schema, the RSS
with feedparser, the 7-day JSON and iCal files with json and icalendar, the screen pages as HTML."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import feedparser
import pytest
from helpers.sites import FIXTURE_TODAY, FIXTURES, ROOT, build_site, page
from icalendar import Calendar
from jsonschema import Draft202012Validator
from pelican.settings import read_settings as read_pelican_settings
from programmet.content.catalog import load_catalog
from programmet.content.markup import markdown_renderer
from programmet.content.model import Timespan
from programmet.outputs.formatter import Formatter
from programmet.outputs.screens import screen_row
from programmet.settings import read_settings

DATA = "data/v1"
SCHEMA = f"{DATA}/schema.json"
RSS = "data/nye-arrangementer.xml"
SITE = "https://program.test.example"
TODAY = date.fromisoformat(FIXTURE_TODAY)


def read_json(site: Path, path: str) -> dict[str, Any]:
    return json.loads((site / path).read_text(encoding="utf-8"))


def data_paths(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in (site / DATA).rglob("*.json") if p.name != "schema.json")


def by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {event["programmet"]["id"]: event for event in document["events"]}


def closed(schema: Any) -> Any:
    """The schema with every described object closed: a field we write but do not describe fails."""
    if isinstance(schema, dict):
        result = {key: closed(value) for key, value in schema.items()}
        if "properties" in schema:
            result["additionalProperties"] = False
        return result
    if isinstance(schema, list):
        return [closed(value) for value in schema]
    return schema


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture with a public address, as publishconf.py builds it."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PROGRAMMET_TODAY", raising=False)
        mp.delenv("PROGRAMMET_BUILD_TIME", raising=False)
        return build_site(FIXTURES / "small", tmp_path_factory.mktemp("public") / "out", SITEURL=SITE)


# -- the format -------------------------------------------------------------------------


@pytest.mark.parametrize("site_kind", ["preview", "public"])
def test_every_file_is_valid_against_the_published_schema(small_site: Path, public_site: Path, site_kind: str) -> None:
    site = small_site if site_kind == "preview" else public_site
    schema = read_json(site, SCHEMA)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    checker = Draft202012Validator.FORMAT_CHECKER
    paths = data_paths(site)
    assert len(paths) == 1 + 2 * 2  # all events, and two files for each of the two branches
    for path in paths:
        document = read_json(site, path)
        errors = [e.message for e in Draft202012Validator(schema, format_checker=checker).iter_errors(document)]
        assert errors == [], path
        undescribed = [e.message for e in Draft202012Validator(closed(schema)).iter_errors(document)]
        assert undescribed == [], path
        assert document["version"] == 1
        assert document["schema"].endswith(SCHEMA)


def test_a_public_build_names_everything_by_its_full_address(public_site: Path) -> None:
    schema = read_json(public_site, SCHEMA)
    assert schema["$id"] == f"{SITE}/{SCHEMA}"
    document = read_json(public_site, f"{DATA}/bibliotek/sentrum.json")
    assert document["url"] == f"{SITE}/{DATA}/bibliotek/sentrum.json"
    assert document["branch"]["programmet"]["screen_url"] == f"{SITE}/skjerm/sentrum/"
    talk = by_id(document)["ev-test-forfatterkveld"]
    assert talk["url"] == f"{SITE}/arrangement/2027-01-14-forfatterkveld/"
    assert talk["programmet"]["calendar_url"] == f"{SITE}/arrangement/2027-01-14-forfatterkveld/kalender.ics"
    assert "skjerm" not in (public_site / "sitemap.xml").read_text(encoding="utf-8")  # screens are not for browsing


# -- what a third party reads ---------------------------------------------------------------


def test_a_third_party_reads_an_event_its_time_place_and_registration(small_site: Path) -> None:
    events = by_id(read_json(small_site, f"{DATA}/arrangementer.json"))
    talk = events["ev-test-forfatterkveld"]
    assert talk["@type"] == "Event"
    assert talk["name"] == "Forfatterkveld med Ida Berg"
    assert talk["description"] == "Ida Berg snakker om sin nye roman."
    start, end = datetime.fromisoformat(talk["startDate"]), datetime.fromisoformat(talk["endDate"])
    assert start.utcoffset() == timedelta(hours=1)
    assert (start.astimezone(UTC), end - start) == (datetime(2027, 1, 14, 17, tzinfo=UTC), timedelta(minutes=90))
    assert talk["eventStatus"] == "https://schema.org/EventScheduled"
    assert talk["location"]["name"] == "Testby hovedbibliotek"
    assert talk["location"]["address"]["streetAddress"] == "Torget 1"
    assert talk["location"]["geo"] == {"@type": "GeoCoordinates", "latitude": 58.1467, "longitude": 7.9956}
    assert talk["offers"]["url"] == "https://checkin.no/event/12345"
    assert talk["offers"]["validThrough"] == "2027-01-12"
    assert talk["isAccessibleForFree"] is True
    assert talk["url"] == "/arrangement/2027-01-14-forfatterkveld/"
    own = talk["programmet"]
    assert (own["branch"], own["room"], own["status"], own["cancelled"]) == ("sentrum", "Scenen", "scheduled", False)
    assert own["accessibility"] == ["sign_language", "hearing_loop"]
    assert own["category"] == {"id": "literature", "label": "Litteratur og forfattermøter"}
    assert own["theme"] == {"id": "expert-thursday", "label": "Fagtorsdag"}
    assert own["registration"]["type"] == "required"
    english = events["ev-test-english"]
    assert (english["inLanguage"], english["isAccessibleForFree"], english["offers"]["price"]) == ("en", False, 100)


def test_cancelled_and_moved_events_say_so(small_site: Path) -> None:
    events = by_id(read_json(small_site, f"{DATA}/arrangementer.json"))
    dance = events["ev-test-eventyr"]
    assert dance["eventStatus"] == "https://schema.org/EventCancelled"
    assert (dance["programmet"]["cancelled"], dance["programmet"]["status_note"]) == (True, "Danserne er syke.")
    sick = events["babyklubb/2027-01-26"]
    assert (sick["programmet"]["status"], sick["programmet"]["cancelled"]) == ("cancelled", True)
    assert sick["superEvent"] == {"@type": "EventSeries", "name": "Babyklubb", "url": "/serier/babyklubb/"}
    moved = events["babyklubb/2027-02-09"]
    assert moved["eventStatus"] == "https://schema.org/EventRescheduled"
    assert moved["startDate"] == "2027-02-10T10:00:00+01:00"
    assert moved["previousStartDate"] == "2027-02-09T10:00:00+01:00"


def test_times_carry_their_own_offset_across_summer_time(small_site: Path) -> None:
    events = by_id(read_json(small_site, f"{DATA}/arrangementer.json"))
    assert events["kveldskurs/2027-03-25"]["startDate"] == "2027-03-25T18:00:00+01:00"
    assert events["kveldskurs/2027-04-01"]["startDate"] == "2027-04-01T18:00:00+02:00"
    exhibition = events["ev-test-utstilling"]
    assert (exhibition["startDate"], exhibition["endDate"]) == ("2027-01-08", "2027-01-30")
    assert exhibition["programmet"]["all_day"] is True


def test_the_files_hold_upcoming_events_in_order_and_each_branch_its_own(small_site: Path) -> None:
    everything = read_json(small_site, f"{DATA}/arrangementer.json")
    ids = list(by_id(everything))
    assert "ev-test-old" not in ids and "babyklubb/2027-01-05" not in ids
    assert "ev-test-utstilling" in ids  # started before today, still on
    assert "babyklubb/2027-01-19" not in ids  # a holiday: no such date
    days = [event["programmet"]["first_day"] for event in everything["events"]]
    assert days == sorted(days)
    assert (everything["branch"], everything["until"], everything["from"]) == (None, None, FIXTURE_TODAY)
    mine = []
    for branch in ("lia", "sentrum"):
        document = read_json(small_site, f"{DATA}/bibliotek/{branch}.json")
        assert document["branch"]["programmet"]["id"] == branch
        assert {event["programmet"]["branch"] for event in document["events"]} == {branch}
        mine += list(by_id(document))
    assert sorted(mine) == sorted(ids)


@pytest.mark.parametrize(
    ("branch", "expected"),
    [
        ("lia", {"ev-test-utstilling", "ev-test-eventyr"}),
        ("sentrum", {"babyklubb/2027-01-12", "ev-test-forfatterkveld"}),
    ],
)
def test_the_7_day_files_hold_today_and_the_next_7_days_at_that_branch(
    small_site: Path, branch: str, expected: set[str]
) -> None:
    document = read_json(small_site, f"{DATA}/bibliotek/{branch}-7-dager.json")
    last = TODAY + timedelta(days=7)
    assert (document["from"], document["until"]) == (TODAY.isoformat(), last.isoformat())
    assert set(by_id(document)) == expected
    for event in document["events"]:
        own = event["programmet"]
        assert own["branch"] == branch
        assert date.fromisoformat(own["first_day"]) <= last and date.fromisoformat(own["last_day"]) >= TODAY
    calendar = Calendar.from_ical((small_site / f"kalender/bibliotek/{branch}-7-dager.ics").read_bytes())
    components = calendar.walk("VEVENT")
    # The same events by the same UIDs, and each date on its own: nothing for a player to expand.
    assert {str(c["UID"]) for c in components} == {e["programmet"]["calendar_uid"] for e in document["events"]}
    assert all("RRULE" not in c and "RECURRENCE-ID" not in c for c in components)
    assert calendar["REFRESH-INTERVAL"].to_ical() == b"PT1H"
    cancelled = [c for c in components if str(c["STATUS"]) == "CANCELLED"]
    assert [str(c["SUMMARY"]) for c in cancelled] == (["AVLYST: Eventyr og dans"] if branch == "lia" else [])


# -- the RSS of new events ------------------------------------------------------------------


def test_the_rss_of_new_events_reads_in_a_feed_reader(small_site: Path) -> None:
    feed = feedparser.parse((small_site / RSS).read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.title == "Fjordvik bibliotek: nye arrangementer"
    uids = {
        e["programmet"]["id"]: e["programmet"]["calendar_uid"]
        for e in read_json(small_site, f"{DATA}/arrangementer.json")["events"]
    }
    entries = {entry.id: entry for entry in feed.entries}
    talk = entries[uids["ev-test-forfatterkveld"]]
    assert talk.title == "Forfatterkveld med Ida Berg"
    assert talk.link == "/arrangement/2027-01-14-forfatterkveld/"
    assert talk.guidislink is False
    assert "Torsdag 14. januar kl. 18.00–19.30, Testby hovedbibliotek, Scenen." in talk.summary
    assert entries[uids["ev-test-eventyr"]].title == "AVLYST: Eventyr og dans"
    # A weekly series is one item, its page and its next date, not one item per date.
    series = [entry for entry in feed.entries if entry.link.startswith("/serier/")]
    assert [entry.title for entry in series] == ["Babyklubb", "Kveldskurs i slektsgransking"]
    assert "Neste gang: tirsdag 12. januar" in series[0].summary
    assert not any("/arrangement/babyklubb/" in entry.link for entry in feed.entries)
    assert "ev-test-old" not in {entry.link.split("/")[-2] for entry in feed.entries}
    assert len(feed.entries) == 6


NEW_EVENT = """---
id: ev-test-nytt
title: Nytt arrangement
start: 2027-01-13 17:00
duration: 1h
branch: lia
category: meetup
audiences: [everyone]
summary: Lagt inn etter de andre.
---
"""


def test_new_events_come_first_and_unchanged_content_gives_the_same_bytes(tmp_path: Path, copy_fixture: Any) -> None:
    content = copy_fixture("small")
    site = tmp_path / "site"
    build_site(content, site)
    files = [f"{DATA}/arrangementer.json", f"{DATA}/bibliotek/lia-7-dager.json", RSS]
    first = {path: (site / path).read_bytes() for path in files}
    build_site(content, site)
    assert {path: (site / path).read_bytes() for path in files} == first
    (content / "events" / "2027" / "01" / "2027-01-13-nytt.md").write_text(NEW_EVENT, encoding="utf-8")
    build_site(content, site, PROGRAMMET_BUILD_TIME="2027-01-11T09:30:00+00:00")
    feed = feedparser.parse((site / RSS).read_bytes())
    assert feed.entries[0].title == "Nytt arrangement"
    assert feed.entries[0].published_parsed[:5] == (2027, 1, 11, 9, 30)
    assert feed.feed.updated_parsed[:5] == (2027, 1, 11, 9, 30)
    everything = read_json(site, f"{DATA}/arrangementer.json")
    assert everything["modified"] == "2027-01-11T09:30:00+00:00"
    assert "ev-test-nytt" in by_id(read_json(site, f"{DATA}/bibliotek/lia-7-dager.json"))


# -- links and screen pages -------------------------------------------------------------------


def alternates(soup: Any) -> set[tuple[str, str]]:
    return {(link["type"], link["href"]) for link in soup.find_all("link", rel="alternate")}


def test_pages_link_their_open_data(small_site: Path) -> None:
    everything = {("application/json", f"/{DATA}/arrangementer.json"), ("application/rss+xml", f"/{RSS}")}
    lia = ("application/json", f"/{DATA}/bibliotek/lia.json")
    assert everything <= alternates(page(small_site, ""))
    assert everything | {lia} <= alternates(page(small_site, "bibliotek/lia/"))
    assert lia not in alternates(page(small_site, "arrangement/2027-01-16-eventyr/"))  # at Lia, but not about Lia
    for _, href in everything | {lia}:
        assert (small_site / href.lstrip("/")).is_file(), href


def test_a_screen_shows_the_build_day_and_the_next_with_cancellations_in_words(tmp_path: Path) -> None:
    site = build_site(FIXTURES / "small", tmp_path / "site", today="2027-01-15")
    soup = page(site, "skjerm/lia/")
    assert soup.h1.get_text() == "Lia bibliotek"
    assert soup.find(attrs={"data-screen-date": True}).get_text() == "fredag 15. januar"
    today = soup.find(attrs={"data-screen-section": "today"})
    tomorrow = soup.find(attrs={"data-screen-section": "tomorrow"})
    assert [row["data-event-id"] for row in today.select("[data-event-id]")] == ["ev-test-utstilling"]
    assert today.find(class_="screen__time").get_text() == "Hele dagen"
    assert tomorrow.find(attrs={"data-screen-heading-day": True}).get_text() == "lørdag"
    rows = {row["data-event-id"]: row for row in tomorrow.select("[data-event-id]")}
    assert list(rows) == ["ev-test-utstilling", "ev-test-eventyr"]
    dance = rows["ev-test-eventyr"]
    assert dance.find(class_="screen__badge").get_text() == "Avlyst"
    assert dance.find("s").get_text() == "Eventyr og dans"
    assert dance.find(class_="screen__time").get_text() == "12.00–12.45"
    # The only links are the footer's, which a screen does not display (the browser tests check).
    assert [a.find_parent("footer") is not None for a in soup.find_all("a")] == [True, True]
    assert soup.find(["button", "input", "select", "textarea"]) is None
    assert (site / soup.body["data-screen-data"].lstrip("/")).is_file()
    assert soup.find("script", src="/theme/js/screen.js").has_attr("defer")


@pytest.mark.parametrize(("day", "kind"), [("2027-01-11", "from"), ("2027-01-12", "all_day"), ("2027-01-13", "until")])
def test_a_screen_says_how_a_long_event_reads_on_each_of_its_days(day: str, kind: str) -> None:
    """Screens show one day at a time: «Fra 22.00», «Hele dagen», «Til 02.00» (screen.js words it the same)."""
    settings = read_settings(
        read_pelican_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(FIXTURES / "small")}),
        environ={"PROGRAMMET_TODAY": FIXTURE_TODAY},
    )
    catalog, _ = load_catalog(settings, markdown_renderer())
    oslo = ZoneInfo("Europe/Oslo")
    night = Timespan(datetime(2027, 1, 11, 22, tzinfo=oslo), datetime(2027, 1, 13, 2, tzinfo=oslo))
    row = screen_row(replace(catalog.events[0], when=night), date.fromisoformat(day), Formatter("nb", TODAY))
    assert (row.kind, row.start, row.end) == (kind, "22.00", "02.00")
