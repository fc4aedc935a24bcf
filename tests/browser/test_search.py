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
    page.get_by_text("Avgrens: bibliotek, kategori, målgruppe").click()
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
    box.fill("strikker")
    box.press("Enter")
    expect(page.get_by_role("status")).to_have_text("1 treff på «strikker»")
    assert page.url == f"{site_url}/sok/?q=strikker"
    expect(page.get_by_label("Søk etter arrangementer, faste arrangementer, episoder og sider")).to_have_value(
        "strikker"
    )


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
    search(page, site_url, "eventyr")
    page.get_by_text("Avgrens: bibliotek, kategori, målgruppe").click()
    page.get_by_role("group", name="Bibliotek").get_by_label("Lia bibliotek").check()
    expect(page.get_by_role("status")).to_contain_text("treff på «eventyr»")
    violations = axe_violations(page)
    context.close()
    assert violations == []
