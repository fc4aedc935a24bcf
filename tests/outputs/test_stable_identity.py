"""Edits never change identity, and renamed files leave redirects behind (issue 8).

Each test builds a copy of a fixture, edits it the way an editor would, builds
again with the same calendar record, and reads both builds back with the parsers
clients use: icalendar for calendars, podcastparser and feedparser for podcast
feeds, an HTML parser for pages.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import podcastparser
import pytest
from helpers.scenario import Scenario
from helpers.sites import build_site, page
from icalendar import Calendar
from programmet.build.search_index import BUNDLE, indexed_pages
from programmet.content.revisions import FORMAT_VERSION, NO_ADDRESSES, Addresses, Record, Revision, dumps, loads
from programmet.outputs.redirects import EVENT_KIND, Published, update

SITE = "https://program.example.test"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
TALK = "events/2027/01/2027-01-14-forfatterkveld.md"  # id ev-test-forfatterkveld
TALK_URL = "arrangement/2027-01-14-forfatterkveld/"
EPISODE = "episodes/lydpod/s01e01-start.md"  # id lydpod-s01e01


@pytest.fixture
def site(tmp_path: Path) -> Callable[..., Path]:
    """Build a content folder into tmp_path/<name>, every build sharing one calendar record."""

    def build(content: Path, name: str, **overrides: object) -> Path:
        settings = {"SITEURL": SITE, "PROGRAMMET_SEARCH": False, **overrides}
        return build_site(content, tmp_path / name, PROGRAMMET_CALENDAR_STATE=str(record_path(tmp_path)), **settings)

    return build


def record_path(tmp_path: Path) -> Path:
    return tmp_path / "calendar-state.json"


def rename(content: Path, old: str, new_name: str) -> None:
    (content / old).rename((content / old).with_name(new_name))


# -- reading builds back ---------------------------------------------------------------------------


def vevents(path: Path) -> dict[str, list]:
    """A calendar file's VEVENTs by UID."""
    found: dict[str, list] = {}
    for component in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
        found.setdefault(str(component["uid"]), []).append(component)
    return found


def single_uid(site: Path, url: str) -> str:
    (uid,) = vevents(site / url / "kalender.ics")
    return uid


def calendar_uid(path: Path) -> str:
    return str(Calendar.from_ical(path.read_bytes())["uid"])


def redirect_target(site: Path, url: str) -> str | None:
    """Where the page at ``url`` sends people (relative to the site), or None for a real page."""
    soup = page(site, url)
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    if refresh is None:
        return None
    delay, target = (part.strip() for part in refresh["content"].split(";", 1))
    assert delay == "0" and target.startswith("url=/")
    return target.removeprefix("url=/")


def follow(site: Path, url: str) -> str:
    """Check the redirect page at ``url`` and return where it leads, a real page in one step."""
    soup = page(site, url)
    target = redirect_target(site, url)
    assert target is not None, f"/{url} is not a redirect"
    assert soup.find("link", rel="canonical")["href"] == f"{SITE}/{target}"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    link = soup.select_one("main a[data-redirect]")
    assert link["href"] == f"/{target}"
    assert link.parent.get_text(" ", strip=True).startswith("Siden har flyttet til")
    assert soup.html["lang"] == "nb"
    assert not soup.select("[data-pagefind-body]")
    assert (site / target / "index.html").is_file()
    assert redirect_target(site, target) is None, "a redirect must lead straight to the page"
    return target


def redirect_pages(site: Path) -> list[str]:
    return sorted(
        str(p.parent.relative_to(site)) + "/"
        for p in site.rglob("index.html")
        if redirect_target(site, str(p.parent.relative_to(site))) is not None
    )


def sitemap_urls(site: Path) -> set[str]:
    root = ET.parse(site / "sitemap.xml").getroot()
    return {loc.text.removeprefix(f"{SITE}/") for loc in root.iterfind("s:url/s:loc", SITEMAP_NS)}


def podcast_items(site: Path, feed: str) -> dict[str, dict]:
    parsed = podcastparser.parse(f"{SITE}/{feed}", (site / feed).open("rb"))
    return {e["guid"]: e for e in parsed["episodes"]}


# -- events ----------------------------------------------------------------------------------------


def test_editing_an_events_title_keeps_its_uid_and_its_address(copy_fixture, site) -> None:
    content = copy_fixture("small")
    before = site(content, "before")
    Scenario(content).set(TALK, title="Ida Berg leser fra ny roman")
    after = site(content, "after")

    uid = single_uid(before, TALK_URL)
    assert single_uid(after, TALK_URL) == uid
    (component,) = vevents(after / "kalender" / "alle.ics")[uid]
    assert str(component["summary"]) == "Ida Berg leser fra ny roman"
    assert component["sequence"] == vevents(before / "kalender" / "alle.ics")[uid][0]["sequence"]
    assert page(after, TALK_URL).select_one("article[data-event-id]")["data-event-id"] == "ev-test-forfatterkveld"
    assert redirect_pages(after) == []


def test_renaming_an_events_file_keeps_its_uid_and_redirects_the_old_address(copy_fixture, site) -> None:
    content = copy_fixture("small")
    before = site(content, "before")
    rename(content, TALK, "ida-berg.md")
    after = site(content, "after")

    new_url = "arrangement/ida-berg/"
    assert follow(after, TALK_URL) == new_url
    assert redirect_pages(after) == [TALK_URL]
    uid = single_uid(before, TALK_URL)
    assert single_uid(after, new_url) == uid
    # Whoever fetches the old calendar file gets the same event (a copy: apps cannot follow an HTML redirect).
    assert (after / TALK_URL / "kalender.ics").read_bytes() == (after / new_url / "kalender.ics").read_bytes()
    feed = vevents(after / "kalender" / "alle.ics")
    assert len(feed[uid]) == 1 and str(feed[uid][0]["url"]) == f"{SITE}/{new_url}"
    assert TALK_URL not in sitemap_urls(after) and new_url in sitemap_urls(after)


def test_moving_an_events_time_keeps_its_uid_and_raises_its_sequence(copy_fixture, site) -> None:
    content = copy_fixture("small")
    before = site(content, "before")
    Scenario(content).set(TALK, start="2027-01-21 17:00", end="2027-01-21 18:30")
    after = site(content, "after")

    uid = single_uid(before, TALK_URL)
    assert single_uid(after, TALK_URL) == uid
    (old,), (new,) = vevents(before / "kalender" / "alle.ics")[uid], vevents(after / "kalender" / "alle.ics")[uid]
    assert new.decoded("dtstart").isoformat() == "2027-01-21T17:00:00+01:00"
    assert new["sequence"] == old["sequence"] + 1
    assert redirect_pages(after) == []


def test_moving_an_event_to_another_branch_keeps_its_uid(copy_fixture, site) -> None:
    content = copy_fixture("small")
    before = site(content, "before")
    Scenario(content).set(TALK, branch="lia")
    Scenario(content).remove(TALK, "room")
    after = site(content, "after")

    uid = single_uid(before, TALK_URL)
    assert single_uid(after, TALK_URL) == uid
    assert uid in vevents(before / "kalender" / "bibliotek" / "sentrum.ics")
    assert uid not in vevents(after / "kalender" / "bibliotek" / "sentrum.ics")
    (moved,) = vevents(after / "kalender" / "bibliotek" / "lia.ics")[uid]
    assert "Liaveien 2" in str(moved["location"])
    assert moved["sequence"] == vevents(before / "kalender" / "alle.ics")[uid][0]["sequence"] + 1
    assert redirect_pages(after) == []


# -- series ----------------------------------------------------------------------------------------


def test_renaming_a_series_keeps_its_uids_and_redirects_its_pages_dates_and_feed(copy_fixture, site) -> None:
    content = copy_fixture("small")
    before = site(content, "before")
    Scenario(content).set("series/babyklubb.md", title="Babytreff")
    rename(content, "series/babyklubb.md", "babytreff.md")
    after = site(content, "after")

    (uid,) = (u for u, parts in vevents(before / "kalender" / "alle.ics").items() if parts[0]["summary"] == "Babyklubb")
    parts = vevents(after / "kalender" / "alle.ics")[uid]
    assert {str(p["summary"]) for p in parts if "rrule" in p} == {"Babytreff"}
    assert follow(after, "serier/babyklubb/") == "serier/babytreff/"
    assert follow(after, "arrangement/babyklubb/2027-01-12/") == "arrangement/babytreff/2027-01-12/"
    # A date's own calendar file (its UID comes from the series id and the date) is the same at both addresses.
    day_uid = single_uid(before, "arrangement/babyklubb/2027-01-12/")
    assert single_uid(after, "arrangement/babytreff/2027-01-12/") == day_uid
    assert single_uid(after, "arrangement/babyklubb/2027-01-12/") == day_uid
    dates = [p.parent.name for p in (before / "arrangement" / "babyklubb").glob("*/index.html")]
    assert len(dates) == 7
    for day in dates:
        assert follow(after, f"arrangement/babyklubb/{day}/") == f"arrangement/babytreff/{day}/"
    # Subscribers of the old series feed keep getting it, under the same calendar UID.
    old_feed, new_feed = (
        after / "kalender" / "serier" / "babyklubb.ics",
        after / "kalender" / "serier" / "babytreff.ics",
    )
    assert old_feed.read_bytes() == new_feed.read_bytes()
    assert calendar_uid(new_feed) == calendar_uid(before / "kalender" / "serier" / "babyklubb.ics")
    assert uid in vevents(old_feed)
    assert not {"serier/babyklubb/", "arrangement/babyklubb/2027-01-12/"} & sitemap_urls(after)


# -- podcasts --------------------------------------------------------------------------------------


def test_renaming_an_episode_keeps_its_guid_and_enclosure_and_redirects_its_page(copy_fixture, site) -> None:
    content = copy_fixture("shows")
    feed = "podkast/lydpod/feed.xml"
    before = site(content, "before")
    Scenario(content).set(EPISODE, title="Den aller første")
    rename(content, EPISODE, "s01e01-den-aller-forste.md")
    after = site(content, "after")

    old_item, new_item = podcast_items(before, feed)["lydpod-s01e01"], podcast_items(after, feed)["lydpod-s01e01"]
    assert new_item["title"] == "Den aller første"
    assert new_item["enclosures"] == old_item["enclosures"]
    assert new_item["link"] == f"{SITE}/podkast/lydpod/s01e01-den-aller-forste/"
    by_feedparser = {e.id: e for e in feedparser.parse((after / feed).read_bytes()).entries}
    assert by_feedparser["lydpod-s01e01"].enclosures[0].href == old_item["enclosures"][0]["url"]
    assert follow(after, "podkast/lydpod/s01e01-start/") == "podkast/lydpod/s01e01-den-aller-forste/"
    assert redirect_pages(after) == ["podkast/lydpod/s01e01-start/"]


def test_renaming_a_show_moves_podcast_apps_to_the_new_feed(copy_fixture, site) -> None:
    """A show's address is its id; its guid is what apps know it by."""
    content = copy_fixture("shows")
    before = site(content, "before")
    Scenario(content).set("shows/lydpod.md", id="testpodden")
    rename(content, "shows/lydpod.md", "testpodden.md")
    (content / "episodes" / "lydpod").rename(content / "episodes" / "testpodden")
    after = site(content, "after")

    assert follow(after, "podkast/lydpod/") == "podkast/testpodden/"
    assert follow(after, "podkast/lydpod/s01e01-start/") == "podkast/testpodden/s01e01-start/"
    old = ET.parse(after / "podkast" / "lydpod" / "feed.xml").getroot().find("channel")
    assert old.find(f"{ITUNES}new-feed-url").text == f"{SITE}/podkast/testpodden/feed.xml"
    new_feed = "podkast/testpodden/feed.xml"
    assert ET.parse(after / new_feed).getroot().find(f"channel/{ITUNES}new-feed-url") is None
    assert podcast_items(after, new_feed).keys() == podcast_items(before, "podkast/lydpod/feed.xml").keys()
    assert [i["enclosures"] for i in podcast_items(after, new_feed).values()] == [
        i["enclosures"] for i in podcast_items(before, "podkast/lydpod/feed.xml").values()
    ]


# -- the rules of redirects ------------------------------------------------------------------------


def test_a_chain_of_renames_sends_every_old_address_straight_to_the_newest(copy_fixture, site) -> None:
    content = copy_fixture("small")
    site(content, "first")
    rename(content, TALK, "ida-berg.md")
    site(content, "second")
    rename(content, "events/2027/01/ida-berg.md", "ida-berg-leser.md")
    third = site(content, "third")

    assert follow(third, TALK_URL) == "arrangement/ida-berg-leser/"
    assert follow(third, "arrangement/ida-berg/") == "arrangement/ida-berg-leser/"
    # Back to the first name: that address is the page again, and both others lead to it.
    rename(content, "events/2027/01/ida-berg-leser.md", Path(TALK).name)
    fourth = site(content, "fourth")
    assert redirect_target(fourth, TALK_URL) is None
    assert follow(fourth, "arrangement/ida-berg/") == TALK_URL
    assert follow(fourth, "arrangement/ida-berg-leser/") == TALK_URL


def test_a_live_page_is_never_overwritten_by_a_redirect(copy_fixture, site, caplog) -> None:
    content = copy_fixture("small")
    site(content, "first")
    rename(content, TALK, "ida-berg.md")
    site(content, "second")
    # A new event takes the old file name: the address belongs to it now.
    shutil.copyfile(content / "events/2027/01/ida-berg.md", content / TALK)
    Scenario(content).set(TALK, id="ev-test-nykommer", title="Ny kveld")
    with caplog.at_level("INFO"):
        third = site(content, "third")

    assert redirect_target(third, TALK_URL) is None
    assert page(third, TALK_URL).select_one("article[data-event-id]")["data-event-id"] == "ev-test-nykommer"
    assert (third / TALK_URL / "kalender.ics").read_bytes() != (
        third / "arrangement/ida-berg/kalender.ics"
    ).read_bytes()
    assert f"No redirect from /{TALK_URL}" in caplog.text


def test_two_events_that_swap_file_names_keep_both_pages(copy_fixture, site) -> None:
    content = copy_fixture("small")
    site(content, "first")
    other = "events/2027/01/2027-01-16-eventyr.md"
    rename(content, TALK, "swap.md")
    rename(content, other, Path(TALK).name)
    rename(content, "events/2027/01/swap.md", Path(other).name)
    second = site(content, "second")

    assert redirect_pages(second) == []
    assert page(second, TALK_URL).select_one("article[data-event-id]")["data-event-id"] == "ev-test-eventyr"


def test_a_deleted_event_leaves_no_redirect(copy_fixture, site) -> None:
    content = copy_fixture("small")
    site(content, "first")
    rename(content, TALK, "ida-berg.md")
    second = site(content, "second")
    assert follow(second, TALK_URL) == "arrangement/ida-berg/"
    (content / "events/2027/01/ida-berg.md").unlink()
    third = site(content, "third")

    assert not (third / TALK_URL).exists()
    assert not (third / "arrangement/ida-berg").exists()
    assert redirect_pages(third) == []
    # The record remembers it, so if it comes back, its old addresses work again.
    record = json.loads(record_path(third.parent).read_text(encoding="utf-8"))
    assert record["addresses"]["published"]["event:ev-test-forfatterkveld"] == "arrangement/ida-berg/"


def test_redirects_are_not_searchable(copy_fixture, site) -> None:
    content = copy_fixture("small")
    before = site(content, "before", PROGRAMMET_SEARCH=True)
    rename(content, TALK, "ida-berg.md")
    after = site(content, "after", PROGRAMMET_SEARCH=True)

    assert redirect_pages(after) == [TALK_URL]
    assert indexed_pages(after / BUNDLE) == indexed_pages(before / BUNDLE) > 0


def test_a_nynorsk_site_says_so_in_nynorsk(copy_fixture, site) -> None:
    content = copy_fixture("small")
    site(content, "first", PROGRAMMET_LANGUAGE="nn")
    rename(content, TALK, "ida-berg.md")
    second = site(content, "second", PROGRAMMET_LANGUAGE="nn")

    soup = page(second, TALK_URL)
    assert soup.html["lang"] == "nn"
    assert " ".join(soup.select_one("main p").get_text().split()) == "Sida har flytta til Forfatterkveld med Ida Berg."
    assert redirect_target(second, TALK_URL) == "arrangement/ida-berg/"


# -- the record ------------------------------------------------------------------------------------


def test_check_and_preview_builds_redirect_but_never_write_the_record(copy_fixture, site, tmp_path: Path) -> None:
    content = copy_fixture("small")
    site(content, "first")
    recorded = record_path(tmp_path).read_bytes()
    rename(content, TALK, "ida-berg.md")

    check = site(content, "check", PROGRAMMET_RECORD_CALENDAR=False)  # what `invoke check` sets
    assert follow(check, TALK_URL) == "arrangement/ida-berg/"
    preview = site(content, "preview", PROGRAMMET_STRICT=False)  # `invoke serve`
    assert follow(preview, TALK_URL) == "arrangement/ida-berg/"
    assert record_path(tmp_path).read_bytes() == recorded
    assert not list(tmp_path.glob("*.tmp"))

    site(content, "build")
    assert record_path(tmp_path).read_bytes() != recorded


def test_a_check_build_writes_no_record_at_all(copy_fixture, site, tmp_path: Path) -> None:
    site(copy_fixture("small"), "check", PROGRAMMET_RECORD_CALENDAR=False)
    assert not record_path(tmp_path).exists()


def test_two_builds_without_edits_write_the_same_record(copy_fixture, site, tmp_path: Path) -> None:
    content = copy_fixture("small")
    rename(content, "events/2027/01/2027-01-16-eventyr.md", "eventyr.md")  # so addresses have moved at least once
    site(content, "first")
    rename(content, "events/2027/01/eventyr.md", "eventyrstund.md")
    site(content, "second")
    first = record_path(tmp_path).read_bytes()
    stamp = record_path(tmp_path).stat().st_mtime_ns
    site(content, "third")
    assert record_path(tmp_path).read_bytes() == first
    assert record_path(tmp_path).stat().st_mtime_ns == stamp, "an unchanged record is not rewritten"
    text = first.decode("utf-8")
    assert text == json.dumps(json.loads(text), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    assert json.loads(text)["addresses"]["moved"] == {"arrangement/eventyr/": "event:ev-test-eventyr"}


def test_the_record_survives_a_reformat(copy_fixture, site, tmp_path: Path) -> None:
    content = copy_fixture("small")
    site(content, "first")
    rename(content, TALK, "ida-berg.md")
    site(content, "second")
    canonical = record_path(tmp_path).read_text(encoding="utf-8")
    # As an editor's tool might save it: other indentation, keys in another order.
    reformatted = json.dumps(_reversed(json.loads(canonical)), indent=4, ensure_ascii=True)
    record_path(tmp_path).write_text(reformatted, encoding="utf-8")

    assert dumps(loads(reformatted)) == canonical
    third = site(content, "third")
    assert follow(third, TALK_URL) == "arrangement/ida-berg/"
    rename(content, "events/2027/01/ida-berg.md", "ida-berg-leser.md")
    site(content, "fourth")  # a change: written back in the canonical form
    text = record_path(tmp_path).read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def _reversed(value: object) -> object:
    if isinstance(value, dict):
        return {k: _reversed(v) for k, v in reversed(sorted(value.items()))}
    return value


def test_a_version_1_record_is_read_and_its_revisions_kept(copy_fixture, site, tmp_path: Path) -> None:
    content = copy_fixture("small")
    Scenario(content).set(TALK, start="2027-01-14 17:30")
    site(content, "first")
    current = json.loads(record_path(tmp_path).read_text(encoding="utf-8"))
    old_format = {"version": 1, "revisions": current["revisions"]}
    record_path(tmp_path).write_text(json.dumps(old_format, indent=1), encoding="utf-8")
    assert loads(json.dumps(old_format)).addresses == NO_ADDRESSES

    Scenario(content).set(TALK, start="2027-01-14 18:00")
    site(content, "second")
    upgraded = json.loads(record_path(tmp_path).read_text(encoding="utf-8"))
    assert upgraded["version"] == FORMAT_VERSION == 2
    assert upgraded["revisions"]["ev-test-forfatterkveld"]["sequence"] == 1  # not back to 0
    assert upgraded["addresses"]["published"]["event:ev-test-forfatterkveld"] == TALK_URL


# -- pure rules ------------------------------------------------------------------------------------


def _at(url: str) -> Published:
    return Published(EVENT_KIND, url, "Tittel")


def test_update_keeps_every_address_a_key_has_left() -> None:
    first = update(NO_ADDRESSES, {"event:a": _at("arrangement/x/")})
    second = update(first, {"event:a": _at("arrangement/y/")})
    third = update(second, {"event:a": _at("arrangement/z/")})
    assert third == Addresses({"event:a": "arrangement/z/"}, {"arrangement/x/": "event:a", "arrangement/y/": "event:a"})
    assert update(third, {"event:a": _at("arrangement/z/")}) == third
    assert update(third, {}) == third  # gone: remembered, in case it comes back


def test_the_latest_page_to_leave_an_address_owns_it() -> None:
    record = Addresses({"event:a": "arrangement/y/", "event:b": "arrangement/x/"}, {"arrangement/x/": "event:a"})
    assert update(record, {"event:b": _at("arrangement/w/")}).moved == {"arrangement/x/": "event:b"}


def test_the_record_round_trips_with_addresses() -> None:
    t = datetime(2027, 1, 1, 12, tzinfo=UTC)
    record = Record({"a": Revision(0, t, t, "m", "n")}, Addresses({"event:a": "arrangement/a/"}, {"x/": "event:a"}))
    assert loads(dumps(record)) == record
