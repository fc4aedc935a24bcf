"""Search in real Chromium: Pagefind's index and our results page, with the site's CSP, on a phone and a desktop.

The small fixture plus one event whose body has words found nowhere else, built with the real pelicanconf.py;
every test on the site runs twice: on the index as built, and on the same pages indexed as bundles of a few
pages, which the search page merges (as a large site's index is).
"""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers.serving import serve
from helpers.sites import FIXTURES, ROOT, build_site
from playwright.sync_api import Browser, Page, expect
from programmet.build import search_index

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RESULTS = ".search-results > li"
FILTERS = "Avgrens: bibliotek, kategori, målgruppe, språk, tilgjengelighet"
NOW = "2027-01-26T12:00:00+01:00"  # a Tuesday: some of the fixture's events are past, Babyklubb's date today cancelled
SMALL_BUNDLES = 4  # pages per bundle at most: the 25 indexed pages become several merged bundles
KNITTING = """---
id: ev-test-strikk
title: Strikkekafé på Lia
start: 2027-01-21 17:00
end: 2027-01-21 19:00
branch: lia
category: workshop
audiences: [adults, seniors]
summary: Ta med garnet ditt.
---
Vi strikker votter og skjerf sammen. Ingen forkunnskaper trengs.
"""
KNITTING_COURSE = """---
id: ev-test-strikkekurs
title: Kurs for nybegynnere
start: 2027-02-20 12:00
duration: 2h
branch: sentrum
category: workshop
audiences: [adults]
summary: Lær grunnteknikkene.
---
Vi lærer strikking fra bunnen av.
"""
ARABIC = """---
id: ev-test-arabisk
title: أمسية حكايات للعائلة Familiefortellerkveldsarrangementsprogrammet
start: 2026-06-01 18:00
duration: 1h
branch: sentrum
category: workshop
audiences: [adults]
language: ar
summary: حكايات وأغاني من سوريا.
---
حكايات وأغاني من سوريا ولبنان.
"""
CHESS = """---
id: ev-test-sjakk-{n}
title: Sjakkurs, del {n}
start: 2027-02-{day:02d} 18:00
duration: 1h
branch: sentrum
category: workshop
audiences: [youth]
summary: Sjakk for nybegynnere.
---
"""


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("search")
    content = work / "content"
    shutil.copytree(FIXTURES / "small", content)
    (content / "events" / "2027" / "01" / "2027-01-21-strikkekafe.md").write_text(KNITTING, encoding="utf-8")
    (content / "events" / "strikkekurs.md").write_text(KNITTING_COURSE, encoding="utf-8")
    (content / "events" / "arabisk.md").write_text(ARABIC, encoding="utf-8")  # right to left, a long word, long past
    for n in range(1, 13):  # more than one step of results
        (content / "events" / f"sjakk-{n}.md").write_text(CHESS.format(n=n, day=n), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PROGRAMMET_TODAY", raising=False)
        mp.delenv("PROGRAMMET_BUILD_TIME", raising=False)
        return build_site(content, work / "site")


@pytest.fixture(scope="module")
def bundled_site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site with its index split into bundles of a few pages, which the search page merges."""
    site = tmp_path_factory.mktemp("bundled") / "site"
    shutil.copytree(built_site, site)
    report = search_index.write_index(site, "nb", max_pages=SMALL_BUNDLES)
    assert report.bundles >= 5
    return site


@pytest.fixture(scope="module")
def bundled_url(bundled_site: Path) -> Iterator[str]:
    yield from serve(bundled_site)


@pytest.fixture(scope="module", params=["one-index", "merged-bundles"])
def site_url(request: pytest.FixtureRequest, built_site: Path) -> Iterator[str]:
    """Every search test runs on one index and on merged bundles: residents must not see the difference."""
    if request.param == "merged-bundles":
        yield request.getfixturevalue("bundled_url")
    else:
        yield from serve(built_site)


@pytest.fixture(scope="module")
def shows_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PROGRAMMET_TODAY", raising=False)
        mp.delenv("PROGRAMMET_BUILD_TIME", raising=False)
        site = build_site(FIXTURES / "shows", tmp_path_factory.mktemp("shows") / "site")
    yield from serve(site)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A phone-sized page that fails the test on any script error or CSP violation."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    yield tab
    context.close()
    assert problems == []


def search(page: Page, base: str, query: str) -> None:
    page.goto(f"{base}/sok/?q={query}")
    expect(page.get_by_role("status")).not_to_be_empty()


def titles(page: Page) -> list[str]:
    return page.locator(f"{RESULTS} h2 a").all_inner_texts()


def test_a_word_of_one_event_finds_that_event(page: Page, site_url: str) -> None:
    search(page, site_url, "votter")
    assert titles(page) == ["Strikkekafé på Lia"]
    expect(page.get_by_role("status")).to_have_text("1 treff på «votter»")
    result = page.locator(RESULTS)
    assert result.locator("mark").all_inner_texts() == ["votter"]
    assert "Arrangement · torsdag 21. januar kl. 17.00–19.00 · Lia bibliotek" in result.inner_text()
    result.get_by_role("link", name="Strikkekafé på Lia").click()
    assert page.url == f"{site_url}/arrangement/2027-01-21-strikkekafe/"


def test_a_page_of_a_later_bundle_is_found(page: Page, bundled_site: Path, bundled_url: str) -> None:
    knitting = "/arrangement/2027-01-21-strikkekafe/"
    bundles = json.loads((bundled_site / "pagefind" / "bundles.json").read_text(encoding="utf-8"))["bundles"]
    holders = [b for b in bundles if knitting in bundle_urls(bundled_site / "pagefind" / b)]
    assert len(holders) == 1  # in a merged bundle, not the first
    search(page, bundled_url, "votter")
    assert titles(page) == ["Strikkekafé på Lia"]
    page.locator(RESULTS).get_by_role("link", name="Strikkekafé på Lia").click()
    assert page.url == f"{bundled_url}{knitting}"


def bundle_urls(bundle: Path) -> set[str]:
    """The URLs of a bundle's page records (gzip'd JSON behind Pagefind's 12-byte signature)."""
    records = (gzip.decompress(path.read_bytes())[12:] for path in (bundle / "fragment").glob("*.pf_fragment"))
    return {json.loads(record)["url"] for record in records}


@pytest.mark.parametrize(("query", "found"), [("vottene", "Strikkekafé på Lia"), ("konserter", "Gammel konsert")])
def test_norwegian_stemming_finds_other_forms_of_a_word(page: Page, site_url: str, query: str, found: str) -> None:
    # «vottene» is no prefix of «votter» and «konserter» none of «konsert»: only the stemmer joins them.
    search(page, site_url, query)
    assert titles(page) == [found]


def test_a_cancelled_event_is_marked_in_the_results(page: Page, site_url: str) -> None:
    search(page, site_url, "eventyr")
    cancelled = page.locator(RESULTS, has=page.get_by_role("link", name="Eventyr og dans"))
    expect(cancelled.locator(".badge--status")).to_have_text("Avlyst")
    others = page.locator(RESULTS, has_not=page.get_by_role("link", name="Eventyr og dans"))
    expect(others.locator(".badge--cancelled")).to_have_count(0)


def test_filtering_by_branch_narrows_the_results_and_is_kept_in_the_address(page: Page, site_url: str) -> None:
    search(page, site_url, "testby")  # every event page gives its branch's address in Testby
    everything = len(titles(page))
    page.get_by_text(FILTERS).click()
    # Only values the index has pages for are offered: no event is about film and games.
    expect(page.get_by_role("group", name="Kategori").get_by_label("Film og spill")).to_be_hidden()
    page.get_by_role("group", name="Bibliotek").get_by_label("Lia bibliotek").check()
    expect(page.get_by_role("status")).to_have_text("3 treff på «testby»")
    assert sorted(titles(page)) == ["Eventyr og dans", "Strikkekafé på Lia", "Tegninger fra Testby"]
    assert everything > 3
    assert parse_qs(urlsplit(page.url).query) == {"q": ["testby"], "bibliotek": ["Lia bibliotek"]}
    page.reload()  # the address alone brings the same search back
    expect(page.get_by_role("status")).to_have_text("3 treff på «testby»")
    expect(page.get_by_role("group", name="Bibliotek").get_by_label("Lia bibliotek")).to_be_checked()
    page.get_by_role("group", name="For hvem").get_by_label("Barn", exact=True).check()  # groups narrow each other
    expect(page.get_by_role("status")).to_have_text("1 treff på «testby»")


def test_filters_alone_list_what_matches(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/sok/?kategori=Kurs+og+verksteder&bibliotek=Lia+bibliotek")
    expect(page.get_by_role("status")).to_have_text("1 treff")
    assert titles(page) == ["Strikkekafé på Lia"]


def test_the_header_search_box_leads_to_the_results(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/arrangement/2027-01-14-forfatterkveld/")
    box = page.get_by_role("search").get_by_label("Søk i programmet")
    box.fill("votter")
    box.press("Enter")
    expect(page.get_by_role("status")).to_have_text("1 treff på «votter»")
    assert page.url == f"{site_url}/sok/?q=votter"
    expect(page.get_by_label("Søk etter arrangementer, faste arrangementer, episoder og sider")).to_have_value("votter")


def test_no_result_says_so(page: Page, site_url: str) -> None:
    search(page, site_url, "sjiraff")
    expect(page.get_by_role("status")).to_have_text(
        "Ingen treff på «sjiraff». Prøv et annet ord, færre filtre, eller bla i programmet nedenfor."
    )
    expect(page.locator(RESULTS)).to_have_count(0)


def test_results_come_ten_at_a_time(page: Page, site_url: str) -> None:
    search(page, site_url, "sjakk")
    expect(page.locator(RESULTS)).to_have_count(10)
    expect(page.get_by_role("status")).to_have_text("12 treff på «sjakk». Viser 10 av 12.")
    more = page.get_by_role("button", name="Vis flere treff")
    more.click()
    expect(page.locator(RESULTS)).to_have_count(12)
    expect(page.get_by_role("status")).to_have_text("12 treff på «sjakk»")
    expect(more).to_be_hidden()
    # Keyboard users carry on at the first new result.
    assert page.evaluate("[...document.querySelectorAll('.search-results a')].indexOf(document.activeElement)") == 10


# -- time: the browser's clock decides what is past, whatever day the index was built -----------------


def all_results(page: Page) -> list[dict[str, str | None]]:
    """Every result in order (pressing «Vis flere treff» until there are no more): title, next-date key, past mark."""
    more = page.get_by_role("button", name="Vis flere treff")
    while more.is_visible():
        count = page.locator(RESULTS).count()
        more.click()
        expect(page.locator(RESULTS)).not_to_have_count(count)
    return page.locator(RESULTS).evaluate_all(
        """items => items.map(li => ({title: li.querySelector("h2 a").textContent, next: li.dataset.next ?? null,
            past: li.querySelector(".badge--been")?.textContent ?? null}))"""
    )


UPCOMING = [  # at NOW, nearest first: an exhibition running today, then by start; Babyklubb at its next date
    "Tegninger fra Testby",
    "Sjakkurs, del 1",
    "Babyklubb",
    *(f"Sjakkurs, del {n}" for n in range(2, 13)),
    "Kurs for nybegynnere",
    "Kveldskurs i slektsgransking",
]
PAST = [  # the latest first
    "Strikkekafé på Lia",
    "Climate talk in English",
    "Eventyr og dans",
    "Forfatterkveld med Ida Berg",
    "Gammel konsert",
    "أمسية حكايات للعائلة Familiefortellerkveldsarrangementsprogrammet",
]


def test_a_search_lists_upcoming_matches_first_nearest_first_and_past_ones_last_and_marked(
    page: Page, site_url: str
) -> None:
    page.clock.set_fixed_time(NOW)
    search(page, site_url, "testby")  # every event and series page gives its branch's address in Testby
    results = all_results(page)
    dated = [r for r in results if r["next"] or r["past"]]
    assert [r["title"] for r in dated if r["next"]] == UPCOMING
    assert [r["title"] for r in dated if r["past"]] == PAST
    assert all(r["past"] == "Har vært" for r in results[-len(PAST) :])  # last, and marked
    assert not any(r["past"] for r in results[: len(results) - len(PAST)])
    assert results[: len(UPCOMING)] == [r for r in results if r["next"]]  # upcoming before any other page
    keys = [r["next"] for r in results if r["next"]]
    assert keys == sorted(keys)


def test_the_same_search_a_month_later_has_moved_its_events_to_the_past(page: Page, site_url: str) -> None:
    page.clock.set_fixed_time("2027-02-11T19:00:00+01:00")  # the index is the same; only the browser's day moved on
    search(page, site_url, "testby")
    results = all_results(page)
    # «Sjakkurs, del 11» ran 18.00–19.00 today: at 19.00 it is over (an end is exclusive).
    assert [r["title"] for r in results if r["next"]] == [
        "Sjakkurs, del 12",
        "Babyklubb",
        "Kurs for nybegynnere",
        "Kveldskurs i slektsgransking",
    ]
    assert [r["title"] for r in results if r["past"]][:3] == ["Sjakkurs, del 11", "Sjakkurs, del 10", "Sjakkurs, del 9"]


def test_filters_alone_list_upcoming_events_by_date_and_past_ones_last(page: Page, site_url: str) -> None:
    page.clock.set_fixed_time(NOW)
    page.goto(f"{site_url}/sok/?bibliotek=Testby+hovedbibliotek")
    expect(page.get_by_role("status")).not_to_be_empty()
    results = all_results(page)
    keys = [r["next"] for r in results if r["next"]]
    assert keys == sorted(keys) and len(keys) == len(UPCOMING) - 1  # all but the exhibition at Lia
    assert [r["title"] for r in results if r["past"]] == [
        t for t in PAST if t not in ("Strikkekafé på Lia", "Eventyr og dans")
    ]
    assert [bool(r["past"]) for r in results] == sorted(bool(r["past"]) for r in results)  # past ones last


@pytest.mark.parametrize(
    ("now", "query", "title", "next_date"),
    [
        # Today's date is cancelled and the next is moved to 11:00 by an override.
        (NOW, "babyklubb", "Babyklubb", "Neste: tirsdag 2. februar kl. 11.00"),
        ("2027-02-08T12:00:00+01:00", "babyklubb", "Babyklubb", "Neste: onsdag 10. februar kl. 10.00"),  # moved
        # After the night the clocks go forward the course still meets at 18.00 Oslo time.
        (
            "2027-03-26T12:00:00+01:00",
            "slektsgransking",
            "Kveldskurs i slektsgransking",
            "Neste: torsdag 1. april kl. 18.00",
        ),
        # A new year: the year is said.
        ("2026-12-30T12:00:00+01:00", "babyklubb", "Babyklubb", "Neste: tirsdag 5. januar 2027 kl. 10.00"),
    ],
)
def test_a_series_is_one_result_with_its_next_date(
    page: Page, site_url: str, now: str, query: str, title: str, next_date: str
) -> None:
    page.clock.set_fixed_time(now)
    search(page, site_url, query)
    assert titles(page) == [title]
    expect(page.locator(f"{RESULTS} .search-result__next")).to_have_text(next_date)
    expect(page.locator(f"{RESULTS} .badge--been")).to_have_count(0)


def test_a_series_whose_dates_are_all_past_is_marked_and_names_no_next_date(page: Page, site_url: str) -> None:
    page.clock.set_fixed_time("2027-03-01T12:00:00+01:00")
    search(page, site_url, "babyklubb")
    assert titles(page) == ["Babyklubb"]
    expect(page.locator(f"{RESULTS} .badge--been")).to_have_text("Har vært")
    expect(page.locator(f"{RESULTS} .search-result__next")).to_have_count(0)


@pytest.mark.parametrize("query", ["strikking", "strikker", "strikke"])
def test_knitting_is_found_in_each_of_its_forms(page: Page, site_url: str, query: str) -> None:
    # Snowball's Norwegian stemmer keeps «strikking» whole but makes «strikker» «strikk»; the search page widens
    # «-ing» to the stem, and Pagefind matches the start of words.
    search(page, site_url, query)
    assert sorted(titles(page)) == ["Kurs for nybegynnere", "Strikkekafé på Lia"]
    cafe = page.locator(RESULTS, has=page.get_by_role("link", name="Strikkekafé på Lia"))
    assert "strikker" in [
        m.lower() for m in cafe.locator("mark").all_inner_texts()
    ]  # found by «strikker», its only form


def test_a_long_word_in_right_to_left_text_stays_inside_a_phone_screen(page: Page, site_url: str) -> None:
    page.clock.set_fixed_time(NOW)
    search(page, site_url, "سوريا")
    result = page.locator(RESULTS)
    expect(result.locator(".badge--been")).to_have_text("Har vært")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_language_and_accessibility_are_filters_with_norwegian_labels(page: Page, site_url: str) -> None:
    search(page, site_url, "testby")
    page.get_by_text(FILTERS).click()
    language = page.get_by_role("group", name="Språk")
    assert language.get_by_role("checkbox").evaluate_all("boxes => boxes.map(b => b.value)") == ["Arabisk", "Engelsk"]
    language.get_by_label("Engelsk").check()
    expect(page.get_by_role("status")).to_have_text("1 treff på «testby»")
    assert titles(page) == ["Climate talk in English"]
    assert parse_qs(urlsplit(page.url).query) == {"q": ["testby"], "språk": ["Engelsk"]}
    language.get_by_label("Engelsk").uncheck()
    access = page.get_by_role("group", name="Tilgjengelighet")
    access.get_by_label("Tegnspråktolket").check()
    expect(page.get_by_role("status")).to_have_text("1 treff på «testby»")
    assert titles(page) == ["Forfatterkveld med Ida Berg"]
    page.reload()  # the address brings the filter back
    expect(page.get_by_role("group", name="Tilgjengelighet").get_by_label("Tegnspråktolket")).to_be_checked()
    expect(page.get_by_role("status")).to_have_text("1 treff på «testby»")


def test_a_transcript_word_finds_the_episode(page: Page, shows_url: str) -> None:
    search(page, shows_url, "gjest")
    episode = page.locator(RESULTS, has=page.locator("a[href='/tv/tv/foredrag-om-fjorden/']"))
    expect(episode.locator("mark")).to_contain_text("gjest")  # Pagefind marks the word with its full stop
    expect(episode.locator(".search-result__meta")).to_contain_text("TestTV")


def test_without_javascript_the_page_offers_the_facet_pages(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{site_url}/arrangement/2027-01-14-forfatterkveld/")
    box = page.get_by_role("search").get_by_label("Søk i programmet")
    box.fill("votter")
    box.press("Enter")
    page.wait_for_url(f"{site_url}/sok/?q=votter")
    main = page.get_by_role("main")
    expect(main.get_by_text("Søket trenger JavaScript.")).to_be_visible()
    facets = main.get_by_role("navigation", name="Bla i programmet")
    expect(facets.get_by_role("link", name="Lia bibliotek")).to_be_visible()
    expect(main.get_by_role("link", name="Hele programmet, dag for dag")).to_be_visible()
    facets.get_by_role("link", name="Barn", exact=True).click()
    assert page.url == f"{site_url}/for/barn/"
    context.close()


def axe_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})" for v in result["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_results_page_passes_axe(browser: Browser, site_url: str, width: int, scheme: str) -> None:
    # axe is injected as an inline script, which the site's CSP rightly forbids: bypass it for the audit only.
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    page.clock.set_fixed_time(NOW)  # the cancelled «Eventyr og dans» is past: marked «Har vært»
    search(page, site_url, "testby")
    page.get_by_text(FILTERS).click()
    page.get_by_role("group", name="Bibliotek").get_by_label("Testby hovedbibliotek").check()
    expect(page.get_by_role("status")).to_contain_text("treff på «testby»")
    all_results(page)  # down to the past ones
    expect(page.locator(f"{RESULTS} .badge--been").first).to_be_visible()
    expect(page.locator(f"{RESULTS} .search-result__next").first).to_be_visible()
    violations = axe_violations(page)
    context.close()
    assert violations == []
