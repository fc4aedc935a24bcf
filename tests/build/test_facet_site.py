"""Branch × audience, language and accessibility pages and feeds, and the RSS per branch and audience (issue 19).

The small fixture gets an event in Arabic (right to left, with a long unbroken word and markup in its
summary) and one in English at a branch with few events, is built once, and is read back the way a
resident's browser and calendar and feed readers would: pages with an HTML parser, calendars with
icalendar and expanded by recurring_ical_events (a second, independent reader), RSS with feedparser.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest
import recurring_ical_events
from bs4 import BeautifulSoup
from helpers.scenario import Scenario
from helpers.sites import FIXTURE_TODAY, ROOT, build_site, page
from pelican.settings import read_settings as read_pelican_settings
from programmet.content.urls import ACCESS as ACCESS_SECTION
from programmet.settings import read_settings

OSLO = ZoneInfo("Europe/Oslo")
TODAY = date.fromisoformat(FIXTURE_TODAY)
BRANCHES = ("lia", "sentrum")  # tests/fixtures/small/branches/
SHORT_NAMES = {"lia": "Lia bibliotek", "sentrum": "Hovedbiblioteket"}
ARABIC = "ev-test-arabisk"
LONG_WORD = "Barnebibliotekformidlingsverkstedet" * 3
SETTINGS = read_settings(read_pelican_settings(str(ROOT / "pelicanconf.py")), {})
AUDIENCES = tuple(t.slug for t in SETTINGS.audiences)
ACCESS = ("tegnspraktolket", "skrivetolket", "teleslynge", "trinnfritt")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("facets")
    scenario = Scenario.copy_of("small", root / "content")
    scenario.add(
        "events/2027/01/2027-01-21-arabisk.md",
        {
            "id": ARABIC,
            "title": "أمسية حكايات للأطفال",
            "start": "2027-01-21 17:00",
            "duration": "1h",
            "branch": "lia",
            "category": "talks",
            "audiences": ["children", "families"],
            "summary": f"حكايات وأغاني للأطفال وعائلاتهم. {LONG_WORD} <img src=x onerror=alert(1)>",
            "language": "ar",
            "accessibility": ["step_free"],
        },
        "حكايات.",
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PROGRAMMET_TODAY", raising=False)
        mp.delenv("PROGRAMMET_BUILD_TIME", raising=False)
        return build_site(scenario.root, root / "site")


def listed(output: Path, url: str) -> list[tuple[str, str]]:
    """(event id, start) of every card on every page of a paginated list."""
    found, soup = [], page(output, url)
    while True:
        for card in soup.select("article[data-event-id]"):
            found.append((card["data-event-id"], card.find("time")["datetime"]))
        following = soup.find("a", rel="next")
        if following is None:
            return found
        soup = page(output, following["href"].lstrip("/"))


def calendar(output: Path, key: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((output / "kalender" / f"{key}.ics").read_bytes())


def uid_of(event_id: str) -> str:
    """The site-wide UID of an event (a series' occurrence has its series')."""
    key = event_id.split("/")[0]
    return str(uuid.uuid5(SETTINGS.uid_namespace, key))


def iso(value: date | datetime) -> str:
    return value.isoformat(timespec="minutes") if isinstance(value, datetime) else value.isoformat()


@pytest.mark.parametrize("branch", BRANCHES)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_branch_and_audience_has_a_page_and_a_feed_that_agree(site: Path, branch: str, audience: str) -> None:
    url = f"bibliotek/{branch}/for/{audience}/"
    soup = page(site, url)
    label = next(t.label for t in SETTINGS.audiences if t.slug == audience)
    assert soup.find("h1").get_text(strip=True) == f"{label} på {SHORT_NAMES[branch]}"
    feed = calendar(site, f"bibliotek/{branch}/for/{audience}")
    link = soup.find("link", rel="alternate", type="text/calendar")
    assert link["href"] == f"/kalender/bibliotek/{branch}/for/{audience}.ics"
    assert soup.select_one(".subscribe a.button")["href"] == link["href"]
    # The independent reader expands the feed's rules and exceptions: the same events, at the same times.
    start, end = datetime.combine(TODAY, datetime.min.time(), OSLO), datetime(2027, 6, 1, tzinfo=OSLO)
    expanded = recurring_ical_events.of(feed).between(start, end)
    in_feed = {(str(v["UID"]), iso(v.decoded("DTSTART"))) for v in expanded if v.get("STATUS") != "CANCELLED"}
    on_page = listed(site, url)
    expected = {(uid_of(i), when) for i, when in on_page if when < "2027-06-01"}
    cancelled = {(str(v["UID"]), iso(v.decoded("DTSTART"))) for v in expanded if v.get("STATUS") == "CANCELLED"}
    assert in_feed == expected - cancelled
    for link in page(site, url).select("article[data-event-id] h3 a"):
        assert (site / link["href"].strip("/") / "index.html").is_file()  # every card leads to its event's page


def test_a_branch_with_nothing_for_an_audience_says_so_and_links_the_branch(site: Path) -> None:
    soup = page(site, "bibliotek/lia/for/senior/")
    assert soup.select("article[data-event-id]") == []
    empty = soup.find(class_="empty")
    assert empty.find("a")["href"] == "/bibliotek/lia/"
    assert calendar(site, "bibliotek/lia/for/senior").walk("VEVENT") == []


def test_branch_page_lists_its_audiences_with_counts_and_its_rss(site: Path) -> None:
    soup = page(site, "bibliotek/lia/")
    nav = soup.find("nav", attrs={"aria-labelledby": "branch-audiences"})
    links = {a["href"]: a.get_text(" ", strip=True) for a in nav.find_all("a")}
    assert set(links) == {f"/bibliotek/lia/for/{slug}/" for slug in AUDIENCES}
    for href, text in links.items():
        count = len(listed(site, href.strip("/")))  # the count said is the number of events listed there
        assert text.endswith(f"({count} arrangement)" if count == 1 else f"({count} arrangementer)"), href
    assert "(0 arrangementer)" in links["/bibliotek/lia/for/senior/"]
    assert "(2 arrangementer)" in links["/bibliotek/lia/for/barn/"]
    rss = soup.find(
        "link", rel="alternate", type="application/rss+xml", href="/data/nye-arrangementer/bibliotek/lia.xml"
    )
    assert rss is not None and (site / rss["href"].lstrip("/")).is_file()


def test_audience_page_lists_the_branches_and_its_rss(site: Path) -> None:
    soup = page(site, "for/barn/")
    nav = soup.find("nav", attrs={"aria-labelledby": "audience-branches"})
    assert [a["href"] for a in nav.find_all("a")] == [f"/bibliotek/{b}/for/barn/" for b in BRANCHES]
    assert soup.find("link", rel="alternate", href="/data/nye-arrangementer/for/barn.xml") is not None


def test_rss_per_branch_and_audience_holds_only_its_own_and_escapes_markup(site: Path) -> None:
    arabic = uid_of(ARABIC)

    def guids(path: str) -> set[str]:
        parsed = feedparser.parse((site / path).read_bytes())
        assert not parsed.bozo, parsed.bozo_exception
        return {entry.id for entry in parsed.entries}

    everything = guids("data/nye-arrangementer.xml")
    assert arabic in everything
    assert arabic in guids("data/nye-arrangementer/bibliotek/lia.xml")
    assert arabic in guids("data/nye-arrangementer/for/barn.xml")
    assert arabic not in guids("data/nye-arrangementer/bibliotek/sentrum.xml")
    assert arabic not in guids("data/nye-arrangementer/for/voksne.xml")
    per_branch = set().union(*(guids(f"data/nye-arrangementer/bibliotek/{b}.xml") for b in BRANCHES))
    assert per_branch == everything  # every new event is in its branch's feed, none in another's
    for slug in AUDIENCES:
        assert guids(f"data/nye-arrangementer/for/{slug}.xml") <= everything
    channel = ET.parse(site / "data/nye-arrangementer/bibliotek/lia.xml").getroot().find("channel")
    item = next(i for i in channel.iter("item") if i.findtext("guid") == arabic)
    assert "<img" not in item.findtext("description")  # shown as text by a reader, never run


def test_language_page_shows_arabic_right_to_left(site: Path) -> None:
    soup = page(site, "sprak/ar/")
    assert soup.find("h1").get_text(strip=True) == "Arrangementer på arabisk"
    card = soup.find("article", attrs={"data-event-id": ARABIC})
    # dir="auto": laid out right to left by its first strong letter, which is Arabic (a Norwegian text
    # for an event held in Arabic stays left to right); tests/browser/test_facet_pages.py asks Chromium.
    assert (card["lang"], card["dir"]) == ("ar", "auto")
    # The interface text inside it (time, place, badges) is Norwegian, left to right.
    assert (card.find(class_="event-card__when")["lang"], card.find(class_="event-card__when")["dir"]) == ("nb", "ltr")
    assert page(site, "sprak/en/").find("article", attrs={"data-event-id": "ev-test-english"}) is not None
    assert not (site / "sprak" / "nb").exists()  # the site's own language is no facet
    assert calendar(site, "sprak/ar").walk("VEVENT")[0]["UID"] == uid_of(ARABIC)


def test_every_accessibility_feature_has_a_page_and_a_feed(site: Path) -> None:
    for slug in ACCESS:
        soup = page(site, f"{ACCESS_SECTION}/{slug}/")
        assert (
            soup.find("link", rel="alternate", type="text/calendar")["href"] == f"/kalender/{ACCESS_SECTION}/{slug}.ics"
        )
        calendar(site, f"{ACCESS_SECTION}/{slug}")
    assert [c["data-event-id"] for c in page(site, f"{ACCESS_SECTION}/trinnfritt/").select("article")] == [ARABIC]
    assert page(site, f"{ACCESS_SECTION}/skrivetolket/").find(class_="empty") is not None


def test_badges_link_to_the_language_and_accessibility_pages(site: Path) -> None:
    card = page(site, "bibliotek/lia/").find("article", attrs={"data-event-id": ARABIC})
    hrefs = {a["href"] for a in card.select(".badges a")}
    assert hrefs == {"/sprak/ar/", f"/{ACCESS_SECTION}/trinnfritt/"}
    facts = page(site, "arrangement/2027-01-14-forfatterkveld/").find("dl", class_="facts")
    assert [a["href"] for a in facts.select("li[data-access] a")] == [
        f"/{ACCESS_SECTION}/tegnspraktolket/",
        f"/{ACCESS_SECTION}/teleslynge/",
    ]


def test_an_event_has_the_same_uid_in_every_feed(site: Path) -> None:
    keys = ["alle", "bibliotek/lia", "for/barn", "for/familie", "bibliotek/lia/for/barn", "sprak/ar"]
    seen = set()
    for key in [*keys, "bibliotek/lia/for/familie", f"{ACCESS_SECTION}/trinnfritt"]:
        events = [v for v in calendar(site, key).walk("VEVENT") if str(v["SUMMARY"]).startswith("أمسية")]
        assert len(events) == 1, key
        seen.add((str(events[0]["UID"]), events[0].decoded("DTSTART")))
    assert seen == {(uid_of(ARABIC), datetime(2027, 1, 21, 17, 0, tzinfo=OSLO))}
    # Each feed has its own calendar identity, from its address.
    assert len({str(calendar(site, key)["UID"]) for key in keys}) == len(keys)


def test_calendar_help_page_groups_the_new_feeds(site: Path) -> None:
    soup = BeautifulSoup((site / "kalender" / "index.html").read_text(encoding="utf-8"), "html.parser")
    groups = soup.select("details.feed-group")
    assert [g.summary.get_text(strip=True) for g in groups] == ["Lia bibliotek", "Testby hovedbibliotek"]
    assert len(groups[0].select("li.feed-row")) == len(AUDIENCES)
    hrefs = {a["href"] for a in soup.select("li.feed-row a")}
    assert "/kalender/sprak/ar.ics" in hrefs
    assert {f"/kalender/{ACCESS_SECTION}/{slug}.ics" for slug in ACCESS} <= hrefs
