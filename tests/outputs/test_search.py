"""Search: what each page tells Pagefind (pure), and the index a build writes (parsed back from output/pagefind/).

Word lookups through Pagefind's own search run in real Chromium: tests/browser/test_search.py.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from helpers.model_builders import EVENT, SERIES, TZ, changed, parse_ok, vocabulary
from helpers.search_records import fragments, indexed_pages
from helpers.sites import FIXTURES, build_site, page
from programmet.build import search_index
from programmet.content import parse
from programmet.content.occurrences import expand
from programmet.outputs import search_tags
from programmet.outputs.formatter import Formatter
from programmet.settings import Term

FORMATTER = Formatter("nb", date(2027, 1, 11))
CATEGORIES = {"literature": Term("literature", "Litteratur og forfattermøter", "litteratur")}
AUDIENCES = {
    "adults": Term("adults", "Voksne", "voksne"),
    "seniors": Term("seniors", "Seniorer", "senior"),
}


def branches():
    return vocabulary().branches


# -- what a page tells the index ------------------------------------------------------------


def test_an_event_is_filtered_by_branch_category_and_each_audience() -> None:
    event = parse_ok(parse.parse_event, changed(EVENT, {"audiences": ["adults", "seniors"]}), "events/x.md")
    tags = search_tags.event_tags(event, branches(), CATEGORIES, AUDIENCES, FORMATTER)
    assert tags.filters == (
        ("bibliotek", "Testby hovedbibliotek"),
        ("kategori", "Litteratur og forfattermøter"),
        ("målgruppe", "Voksne"),
        ("målgruppe", "Seniorer"),
        ("dag", "2027-01-14"),
    )
    assert dict(tags.meta) == {
        "type": "Arrangement",
        "dato": "torsdag 14. januar kl. 18.00–19.30",
        "sted": "Testby hovedbibliotek, Scenen",
        "tider": "2027-01-14T18:00+01:00/2027-01-14T19:30+01:00",
    }


@pytest.mark.parametrize(("status", "label"), [("cancelled", "Avlyst"), ("postponed", "Utsatt"), ("full", "Fullt")])
def test_an_event_that_is_not_going_ahead_as_planned_says_so_in_words(status: str, label: str) -> None:
    event = parse_ok(parse.parse_event, changed(EVENT, {"status": status}), "events/x.md")
    meta = dict(search_tags.event_tags(event, branches(), CATEGORIES, AUDIENCES, FORMATTER).meta)
    assert (meta["status"], meta["status_id"]) == (label, status)


def test_the_dates_of_a_series_are_found_through_the_series() -> None:
    series = parse_ok(parse.parse_series, SERIES, "series/krim-og-kringle.md")
    occurrence = expand(series, date(2027, 12, 31), TZ)[0]
    assert occurrence.is_occurrence
    assert search_tags.event_tags(occurrence, branches(), CATEGORIES, AUDIENCES, FORMATTER) is None


def test_a_series_gives_its_rule_as_the_date_and_every_date_that_takes_place() -> None:
    series = parse_ok(parse.parse_series, changed(SERIES, {"overrides": {"2027-01-12": {"status": "cancelled"}}}), "s")
    dates = expand(series, date(2027, 12, 31), TZ)
    tags = search_tags.series_tags(series, dates, branches(), CATEGORIES, AUDIENCES, FORMATTER)
    meta = dict(tags.meta)
    assert {k: meta[k] for k in ("type", "dato", "sted")} == {
        "type": "Fast arrangement",
        "dato": "Hver tirsdag kl. 18.00–19.30",
        "sted": "Testby hovedbibliotek, Scenen",
    }
    assert ("bibliotek", "Testby hovedbibliotek") in tags.filters
    # Thirteen Tuesdays, one cancelled: the browser names the next date from these, so a cancelled one is not it.
    times = meta["tider"].split(" ")
    assert len(times) == len(dates) - 1 == 12
    assert times[:2] == [
        "2027-01-05T18:00+01:00/2027-01-05T19:30+01:00",
        "2027-01-19T18:00+01:00/2027-01-19T19:30+01:00",
    ]
    days = [value for name, value in tags.filters if name == "dag"]
    assert days[:2] == ["2027-01-05", "2027-01-19"] and "2027-01-12" not in days and len(days) == 12


def test_a_series_with_no_date_left_has_no_times() -> None:
    series = parse_ok(parse.parse_series, SERIES, "series/krim-og-kringle.md")
    tags = search_tags.series_tags(series, [], branches(), CATEGORIES, AUDIENCES, FORMATTER)
    assert "tider" not in dict(tags.meta)
    assert not [name for name, _ in tags.filters if name == "dag"]


def test_an_event_in_another_language_with_access_features_is_found_by_them() -> None:
    fields = {"language": "ar", "accessibility": ["sign_language", "step_free"]}
    event = parse_ok(parse.parse_event, changed(EVENT, fields), "events/x.md")
    tags = search_tags.event_tags(event, branches(), CATEGORIES, AUDIENCES, FORMATTER)
    assert [(n, v) for n, v in tags.filters if n in ("språk", "tilgjengelighet")] == [
        ("språk", "Arabisk"),
        ("tilgjengelighet", "Tegnspråktolket"),
        ("tilgjengelighet", "Trinnfri adkomst"),
    ]
    nynorsk = Formatter("nn", date(2027, 1, 11))
    tags = search_tags.event_tags(event, branches(), CATEGORIES, AUDIENCES, nynorsk)
    assert ("språk", "Arabisk") in tags.filters


def test_an_event_in_the_sites_language_has_no_language_filter() -> None:
    event = parse_ok(parse.parse_event, changed(EVENT, {"language": "nb"}), "events/x.md")
    tags = search_tags.event_tags(event, branches(), CATEGORIES, AUDIENCES, FORMATTER)
    assert not [n for n, _ in tags.filters if n in ("språk", "tilgjengelighet")]


def test_the_search_page_names_dates_with_the_sites_words() -> None:
    nynorsk = Formatter("nn", date(2027, 1, 11), ":")
    assert search_tags.calendar_names("weekdays", nynorsk).split(" ")[:2] == ["måndag", "tysdag"]
    assert search_tags.calendar_names("months", FORMATTER).split(" ")[::11] == ["januar", "desember"]
    assert search_tags.clock_pattern("{hh}:{mm}", FORMATTER) == "{hh}.{mm}"
    assert search_tags.clock_pattern("{hh}:{mm}", nynorsk) == "{hh}:{mm}"


def test_the_search_page_and_its_index_take_reserved_names() -> None:
    from programmet.content.urls import RESERVED

    assert {"sok", "pagefind"} <= RESERVED


# -- the index a build writes ------------------------------------------------------------


def test_the_index_holds_events_series_and_pages_in_norwegian(small_site: Path) -> None:
    entry = json.loads((small_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["nb"]  # one index, stemmed as Norwegian
    marked = indexed_pages(small_site)
    assert entry["languages"]["nb"]["page_count"] == len(marked) == 8  # 5 events, 2 series, 1 page
    assert set(fragments(small_site / "pagefind")) == marked
    assert {"/serier/babyklubb/", "/om/", "/arrangement/2027-01-14-forfatterkveld/"} <= marked
    # Lists, facet pages, the front page, the search page itself and the dates of a series are not results.
    assert not marked & {"/", "/program/", "/for/barn/", "/bibliotek/lia/", "/sok/", "/arkiv/"}
    assert not any(url.startswith("/arrangement/babyklubb/") for url in marked)


def test_an_event_word_is_in_the_index_and_a_cancelled_event_is_marked(small_site: Path) -> None:
    records = fragments(small_site / "pagefind")
    talk = records["/arrangement/2027-01-14-forfatterkveld/"]
    assert "En kveld om bøker." in talk["content"]
    assert talk["meta"]["title"] == "Forfatterkveld med Ida Berg"
    assert talk["filters"] == {
        "bibliotek": ["Testby hovedbibliotek"],
        "kategori": ["Litteratur og forfattermøter"],
        "målgruppe": ["Voksne"],
        "tilgjengelighet": ["Tegnspråktolket", "Teleslynge"],
        "dag": ["2027-01-14"],
    }
    assert talk["meta"]["tider"] == "2027-01-14T18:00+01:00/2027-01-14T19:30+01:00"
    assert records["/arrangement/2027-01-20-english-talk/"]["filters"]["språk"] == ["Engelsk"]
    # The series is one record with each date that takes place: the cancelled 26 January is not among them.
    baby = records["/serier/babyklubb/"]
    assert "2027-01-26" not in baby["filters"]["dag"] and "2027-02-02" in baby["filters"]["dag"]
    assert "2027-02-02T11:00+01:00/2027-02-02T11:45+01:00" in baby["meta"]["tider"].split(" ")
    assert "status" not in talk["meta"]
    cancelled = records["/arrangement/2027-01-16-eventyr/"]
    assert (cancelled["meta"]["status"], cancelled["meta"]["status_id"]) == ("Avlyst", "cancelled")
    assert cancelled["filters"]["målgruppe"] == ["Barn", "Familier"]
    # The hidden tags feed filters and metadata but are not text a search matches; nor are the calendar buttons.
    assert "cancelled" not in cancelled["content"]
    assert "Google Kalender" not in cancelled["content"]


def test_episode_transcripts_are_indexed(tmp_path: Path) -> None:
    site = build_site(FIXTURES / "shows", tmp_path / "site")
    episode = fragments(site / "pagefind")["/tv/tv/foredrag-om-fjorden/"]
    assert "Dette er episode to, med en gjest." in episode["content"]
    assert episode["meta"]["type"] == "TestTV"  # the show


def test_the_search_page_works_as_plain_html(small_site: Path) -> None:
    soup = page(small_site, "sok")
    form = soup.select_one("main form[role=search]")
    assert (form["action"], form["method"]) == ("/sok/", "get")
    field = form.select_one("input[type=search][name=q]")
    assert form.select_one(f"label[for={field['id']}]").get_text(strip=True)
    # Without JavaScript: the facet pages and the whole programme.
    links = {a["href"] for a in soup.select("main .search__browse a")}
    assert {"/program/", "/for/barn/", "/kategori/litteratur/", "/bibliotek/lia/"} <= links
    assert "JavaScript" in soup.select_one("main .search__nojs").get_text()
    script = soup.select_one("main script[type=module]")
    assert script["src"] == "/theme/js/search.js"
    assert (small_site / "theme" / "js" / "search.js").is_file()
    assert soup.select_one("[data-search]")["data-pagefind"] == "/pagefind/pagefind.js"
    assert soup.select_one("header form[role=search]") is None  # no second search box on the search page


def test_every_other_page_has_a_search_box_that_needs_no_javascript(small_site: Path) -> None:
    for url in ("", "program/", "arrangement/2027-01-14-forfatterkveld/", "om/"):
        form = page(small_site, url).select_one("header form[role=search]")
        assert (form["action"], form["method"]) == ("/sok/", "get")
        field = form.select_one("input[type=search][name=q]")
        assert form.select_one(f"label[for={field['id']}]").get_text(strip=True) == "Søk i programmet"


def test_search_can_be_switched_off(tmp_path: Path) -> None:
    site = build_site(FIXTURES / "small", tmp_path / "site", PROGRAMMET_SEARCH=False)
    assert not (site / "pagefind").exists()
    assert (site / "sok" / "index.html").is_file()  # it still offers the facet pages


def test_a_strict_build_stops_when_pagefind_fails(tmp_path: Path, monkeypatch, capfd) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(SystemExit) as stopped:
        build_site(FIXTURES / "small", tmp_path / "site")
    assert stopped.value.code == 1
    assert "ERROR: Search index: Pagefind's program could not start" in capfd.readouterr().err


def test_a_preview_goes_on_without_search_when_pagefind_fails(tmp_path: Path, monkeypatch, capfd) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    site = build_site(FIXTURES / "small", tmp_path / "site", PROGRAMMET_STRICT=False)
    assert (site / "sok" / "index.html").is_file()
    assert not (site / "pagefind").exists()
    assert "WARNING: Search index: Pagefind stopped with exit code 1" in capfd.readouterr().err


def test_a_site_with_nothing_to_index_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html lang=nb><body><h1>Forside</h1></body></html>", encoding="utf-8")
    with pytest.raises(search_index.SearchIndexError, match=r"found no page to index .*no data-pagefind-body"):
        search_index.write_index(tmp_path, "nb")
