"""Build the small fixture site and check what a resident would see, via parsed HTML."""

from __future__ import annotations

import json
from pathlib import Path

from helpers.sites import FIXTURES, build_site, page


def cards(soup) -> dict[str, object]:
    return {card["data-event-id"]: card for card in soup.select("article[data-event-id]")}


def test_front_page_shows_today_then_the_rest_of_the_week(small_site: Path) -> None:
    soup = page(small_site, "")
    today = soup.find("section", attrs={"aria-labelledby": "today"})
    assert today.h2.time["datetime"] == "2027-01-11"
    assert today.h2.get_text(strip=True) == "I dag – mandag 11. januar"
    # The exhibition started on the 8th and is still on, so it is on today's list.
    assert list(cards(today)) == ["ev-test-utstilling"]
    week = soup.find("section", attrs={"aria-labelledby": "week"})
    headings = [h.time["datetime"] for h in week.select(".day__heading")]
    assert headings == ["2027-01-12", "2027-01-14", "2027-01-16"]
    assert "babyklubb/2027-01-12" in cards(week)


def test_front_page_lists_highlights_and_series(small_site: Path) -> None:
    soup = page(small_site, "")
    highlights = soup.find("section", attrs={"aria-labelledby": "highlights"})
    assert list(cards(highlights)) == ["ev-test-forfatterkveld"]
    series = soup.find("section", attrs={"aria-labelledby": "series"})
    assert [a.get_text() for a in series.select("h3 a")] == ["Babyklubb", "Kveldskurs i slektsgransking"]
    assert "Hver tirsdag kl. 10.00–11.00" in series.get_text()


def test_event_page_shows_every_field(small_site: Path) -> None:
    soup = page(small_site, "arrangement/2027-01-14-forfatterkveld/")
    assert [h.get_text() for h in soup.find_all("h1")] == ["Forfatterkveld med Ida Berg"]
    facts = {dt.get_text(): dd for dt, dd in zip(soup.select(".facts dt"), soup.select(".facts dd"), strict=True)}
    assert facts["Når"].time["datetime"] == "2027-01-14T18:00+01:00"
    assert facts["Når"].get_text(strip=True) == "torsdag 14. januar kl. 18.00–19.30"
    assert "Torget 1, 4600 Testby" in facts["Hvor"].get_text()
    assert facts["Hvor"].find("a", href=lambda h: h.startswith("https://www.openstreetmap.org/"))
    assert [li["data-access"] for li in facts["Tilgjengelighet"].select("li")] == ["sign_language", "hearing_loop"]
    assert "Påmelding kreves" in facts["Pris og påmelding"].get_text()
    assert facts["Pris og påmelding"].find("a", href="https://checkin.no/event/12345")
    assert "tirsdag 12. januar" in facts["Pris og påmelding"].get_text()
    assert soup.find(class_="event__category").get_text(strip=True) == "Litteratur og forfattermøter·Fagtorsdag"


def test_raw_html_in_content_is_shown_as_text(small_site: Path) -> None:
    soup = page(small_site, "arrangement/2027-01-14-forfatterkveld/")
    prose = soup.find(class_="prose")
    assert prose.find("script") is None
    assert "<script>" in prose.get_text()
    assert prose.find("strong").get_text() == "bøker"


def test_cancelled_event_keeps_its_page_and_says_so(small_site: Path) -> None:
    soup = page(small_site, "arrangement/2027-01-16-eventyr/")
    assert soup.find(attrs={"data-status": "cancelled"}).get_text(strip=True) == "Avlyst"
    assert "Danserne er syke." in soup.find(class_="notice--cancelled").get_text()
    listing = page(small_site, "program/")
    card = cards(listing)["ev-test-eventyr"]
    assert card.find(attrs={"data-status": "cancelled"}) is not None


def test_free_event_without_registration_says_so(small_site: Path) -> None:
    soup = page(small_site, "arrangement/2027-01-08-utstilling/")
    assert "Gratis, ingen påmelding" in soup.select_one(".facts").get_text()
    assert soup.find("time", datetime="2027-01-08").get_text() == "8.–30. januar"


def test_event_in_english_is_marked_as_english(small_site: Path) -> None:
    soup = page(small_site, "arrangement/2027-01-20-english-talk/")
    assert soup.html["lang"] == "nb"
    assert soup.h1["lang"] == "en"
    assert soup.find(class_="prose")["lang"] == "en"
    assert "Foregår på engelsk" in soup.select_one(".facts").get_text()
    card = cards(page(small_site, "program/"))["ev-test-english"]
    assert card["lang"] == "en"
    assert card.find(class_="badge--language").get_text() == "På engelsk"


def test_series_occurrences_are_events_of_their_own(small_site: Path) -> None:
    listing = cards(page(small_site, "program/"))
    occurrences = sorted(i for i in listing if i.startswith("babyklubb/"))
    # Weekly from 5 January; the 5th is past, the 19th is an exception, the 9 February one moved to the 10th.
    assert occurrences == [
        "babyklubb/2027-01-12", "babyklubb/2027-01-26", "babyklubb/2027-02-02",
        "babyklubb/2027-02-09", "babyklubb/2027-02-16", "babyklubb/2027-02-23",
    ]  # fmt: skip
    moved = page(small_site, "arrangement/babyklubb/2027-02-09/")
    assert moved.find(attrs={"data-status": "moved"}) is not None
    assert moved.find("del").time["datetime"] == "2027-02-09T10:00+01:00"
    assert moved.select_one(".facts time")["datetime"] == "2027-02-10T10:00+01:00"
    changed = page(small_site, "arrangement/babyklubb/2027-02-02/")
    assert changed.select_one(".facts time").get_text() == "tirsdag 2. februar kl. 11.00–11.45"
    assert "Scenen" in changed.select_one(".facts").get_text()


def test_series_page_lists_dates_and_breaks(small_site: Path) -> None:
    soup = page(small_site, "serier/babyklubb/")
    dates = soup.find("section", attrs={"aria-labelledby": "dates"})
    assert len(dates.select("li")) == 6
    assert dates.find(attrs={"data-status": "cancelled"}) is not None
    assert "tirsdag 19. januar" in soup.select_one(".facts").get_text()
    assert soup.find(class_="series__rule").get_text(" ", strip=True).startswith("Hver tirsdag kl. 10.00–11.00")


def test_event_page_links_to_other_dates_of_its_series(small_site: Path) -> None:
    soup = page(small_site, "arrangement/babyklubb/2027-01-12/")
    other = soup.find("section", attrs={"aria-labelledby": "other-dates"})
    hrefs = [a["href"] for a in other.select("a")]
    assert "/arrangement/babyklubb/2027-01-26/" in hrefs
    assert "/arrangement/babyklubb/2027-01-12/" not in hrefs


def test_facet_pages_filter_without_javascript(small_site: Path) -> None:
    assert set(cards(page(small_site, "for/smabarn/"))) == {
        f"babyklubb/2027-{d}" for d in ("01-12", "01-26", "02-02", "02-09", "02-16", "02-23")
    }
    assert set(cards(page(small_site, "kategori/litteratur/"))) == {"ev-test-forfatterkveld"}
    assert set(cards(page(small_site, "tema/familielordag/"))) == {"ev-test-eventyr"}
    branch = page(small_site, "bibliotek/lia/")
    assert set(cards(branch)) == {"ev-test-eventyr", "ev-test-utstilling"}
    assert "Tirsdag og torsdag 12–19" in branch.select_one(".facts").get_text()
    empty = page(small_site, "kategori/film-og-spill/")
    assert cards(empty) == {}
    assert empty.find(class_="empty") is not None


def test_past_events_move_to_the_archive_at_the_same_url(small_site: Path) -> None:
    archive = cards(page(small_site, "arkiv/"))
    assert "ev-test-old" in archive
    assert "babyklubb/2027-01-05" in archive
    assert "ev-test-old" not in cards(page(small_site, "program/"))
    old = page(small_site, "arrangement/2026-12-01-old/")
    assert old.find(class_="notice--past") is not None


def test_every_page_has_one_h1_and_the_accessibility_statement_link(small_site: Path) -> None:
    for file in sorted(small_site.rglob("index.html")):
        soup = page(small_site, str(file.parent.relative_to(small_site)))
        assert len(soup.find_all("h1")) == 1, file
        assert soup.find("a", string="Tilgjengelighetserklæring")["href"].startswith("https://uustatus.no/"), file
        assert soup.find("main", id="main") is not None, file


def test_programme_is_paginated_without_splitting_days(tmp_path: Path) -> None:
    site = build_site(FIXTURES / "small", tmp_path / "out", PROGRAMMET_PAGE_SIZE=2)
    first, second = page(site, "program/"), page(site, "program/side/2/")
    assert first.find("a", rel="next")["href"] == "/program/side/2/"
    assert second.find("a", rel="prev")["href"] == "/program/"
    days_first = [t["datetime"] for t in first.select(".day__heading time")]
    days_second = [t["datetime"] for t in second.select(".day__heading time")]
    assert days_first == ["2027-01-11", "2027-01-12"]
    assert days_second[0] == "2027-01-14"
    assert not set(days_first) & set(days_second)


def test_today_comes_from_the_setting(tmp_path: Path) -> None:
    site = build_site(FIXTURES / "small", tmp_path / "out", today="2027-02-16")
    today = page(site, "").find("section", attrs={"aria-labelledby": "today"})
    assert today.h2.get_text(strip=True) == "I dag – tirsdag 16. februar"
    assert list(cards(today)) == ["babyklubb/2027-02-16"]


def test_today_comes_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PROGRAMMET_TODAY", "2027-02-23")
    site = build_site(FIXTURES / "small", tmp_path / "out", today="2027-01-11")
    today = page(site, "").find("section", attrs={"aria-labelledby": "today"})
    assert today.h2.time["datetime"] == "2027-02-23"


def test_event_page_carries_schema_org_event_data(small_site: Path) -> None:
    soup = page(small_site, "arrangement/babyklubb/2027-02-09/")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "Event"
    assert data["name"] == "Babyklubb"
    assert data["startDate"] == "2027-02-10T10:00+01:00"
    assert data["previousStartDate"] == "2027-02-09T10:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["location"]["address"]["postalCode"] == "4600"
    assert data["isAccessibleForFree"] is True
    cancelled = json.loads(
        page(small_site, "arrangement/2027-01-16-eventyr/").find("script", type="application/ld+json").string
    )
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    assert cancelled["typicalAgeRange"] == "3-6"


def test_age_range_is_shown_with_the_audience(small_site: Path) -> None:
    soup = page(small_site, "arrangement/2027-01-16-eventyr/")
    facts = {dt.get_text(): dd for dt, dd in zip(soup.select(".facts dt"), soup.select(".facts dd"), strict=True)}
    assert " ".join(facts["For hvem"].get_text().split()) == "Barn, Familier (3–6 år)"


def test_pages_have_their_own_title_and_description(small_site: Path) -> None:
    soup = page(small_site, "arrangement/2027-01-14-forfatterkveld/")
    assert soup.title.get_text().startswith("Forfatterkveld med Ida Berg – torsdag 14. januar")
    assert soup.find("meta", attrs={"name": "description"})["content"] == "Ida Berg snakker om sin nye roman."
    assert len(soup.find_all("title")) == 1


def test_event_without_a_photo_offers_its_share_card_as_image(small_site: Path) -> None:
    data = json.loads(
        page(small_site, "arrangement/2027-01-16-eventyr/").find("script", type="application/ld+json").string
    )
    assert data["image"] == "/arrangement/2027-01-16-eventyr/deling.jpg"
    assert (small_site / "arrangement" / "2027-01-16-eventyr" / "deling.jpg").is_file()
