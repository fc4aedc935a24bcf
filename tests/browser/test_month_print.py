"""The month pages printed as flyers in real Chromium: PDF pages counted by pypdf, text read back from the PDF."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers.scenario import Scenario
from helpers.serving import serve
from helpers.sites import build_site
from playwright.sync_api import Browser
from pypdf import PdfReader

MAX_PAGES = 2


def print_to_pdf(browser: Browser, url: str) -> PdfReader:
    page = browser.new_page()
    page.goto(url, wait_until="load")
    pdf = page.pdf(format="A4")
    page.close()
    return PdfReader(io.BytesIO(pdf))


def flat(text: str) -> str:
    """PDF text compared without its line breaks and spaces (pypdf places them as it reads the layout) and
    ligatures (the printer sets «fi» as one glyph)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def busiest(site: Path, pattern: str) -> str:
    """The month page with the most events listed, found in the built site rather than typed in."""

    def count(path: Path) -> int:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return len(soup.select(".month__screen [data-event-id]"))

    return "/" + str(max(site.glob(pattern), key=lambda p: (count(p), str(p))).parent.relative_to(site)) + "/"


@pytest.mark.parametrize("pattern", ["program/20*/index.html", "bibliotek/*/20*/index.html"])
def test_the_busiest_demo_month_prints_on_at_most_two_pages_whole(
    browser: Browser, base_url: str, demo_site: Path, pattern: str
) -> None:
    url = busiest(demo_site, pattern)
    soup = BeautifulSoup((demo_site / url.strip("/") / "index.html").read_text(encoding="utf-8"), "html.parser")
    listed = soup.select(".month__screen [data-event-id]")
    assert len(listed) >= 20
    pdf = print_to_pdf(browser, base_url + url)
    assert 1 <= len(pdf.pages) <= MAX_PAGES
    text = flat(" ".join(p.extract_text() for p in pdf.pages))
    # Nothing is left out of the demo's months, and the flyer does not print the screen's chrome.
    assert not soup.select("[data-flyer-rest]")
    assert flat("Hopp til innholdet") not in text and flat("Samme måned:") not in text
    assert flat(soup.select_one(".month__url").get_text()) in text


def test_the_branch_and_programme_pages_link_this_month_and_the_next(demo_site: Path) -> None:
    for path in ("program/index.html", "bibliotek/nordlia/index.html"):
        soup = BeautifulSoup((demo_site / path).read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in soup.select(".month-overview a")]
        assert [h.rstrip("/").rsplit("/", 1)[-1] for h in links] == ["2026-11", "2026-12"]
        assert all((demo_site / h.strip("/") / "index.html").exists() for h in links)


LONG = "Donaudampfschiffahrtsgesellschaftskapitänsmützenausstellung"
ARABIC = "أمسية قراءة للأطفال في المكتبة"


def crowded_month(root: Path) -> None:
    """250 one-off events and 20 weekly series in March 2027 at the fixture's main branch."""
    events = root / "events" / "2027" / "03"
    events.mkdir(parents=True)
    titles = ["Kveld med lokalhistorie", f"{LONG} for alle", ARABIC, "Strikkekafé"]
    for i in range(250):
        day, hour = 1 + i % 31, 10 + (i // 31) % 10
        (events / f"crowded-{i:03d}.md").write_text(
            f'---\nid: ev-crowded-{i:03d}\ntitle: "{titles[i % 4]} {i}"\nstart: 2027-03-{day:02d} {hour:02d}:00\n'
            f"duration: 1h\nbranch: sentrum\nroom: Scenen\ncategory: talks\naudiences: [everyone]\n"
            f"summary: Nummer {i}.\n---\n",
            encoding="utf-8",
        )
    weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    for i in range(20):
        (root / "series" / f"crowded-series-{i:02d}.md").write_text(
            f"---\nid: crowded-series-{i:02d}\ntitle: Fast treff nummer {i}\nsummary: Hver uke.\nbranch: sentrum\n"
            f"category: talks\naudiences: [everyone]\nrecurrence:\n  frequency: weekly\n"
            f'  weekdays: [{weekdays[i % 7]}]\n  start_time: "{8 + i % 12:02d}:00"\n  duration: 1h\n'
            f"  from: 2027-03-01\n  until: 2027-03-31\n---\n",
            encoding="utf-8",
        )


@pytest.fixture(scope="module")
def crowded_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("crowded")
    scenario = Scenario.copy_of("small", work / "content")
    crowded_month(scenario.root)
    return build_site(scenario.root, work / "site", PROGRAMMET_SEARCH=False)


@pytest.fixture(scope="module")
def crowded_url(crowded_site: Path) -> Iterator[str]:
    yield from serve(crowded_site)


@pytest.mark.parametrize("url", ["bibliotek/sentrum/2027-03/", "program/2027-03/"])
def test_a_crowded_month_prints_on_two_pages_and_says_the_rest_is_on_the_web(
    browser: Browser, crowded_site: Path, crowded_url: str, url: str
) -> None:
    soup = BeautifulSoup((crowded_site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert len(soup.select(".month__screen [data-event-id]")) >= 250 + 20 * 4
    address = soup.select_one(".month__url").get_text()
    assert address.endswith("/" + url)
    pdf = print_to_pdf(browser, f"{crowded_url}/{url}")
    assert len(pdf.pages) == MAX_PAGES
    # The note ends the flyer, on its last page, with the page's address (pypdf may break lines anywhere).
    last = flat(pdf.pages[-1].extract_text())
    assert flat("fikk ikke plass her. Hele programmet står på nettsiden:") + flat(address) in last
    # The flyer holds the series and the first days, in order; the note counts the rest.
    rest = soup.select_one("[data-flyer-rest]").get_text()
    printed = len(soup.select(".flyer [data-event-id]")) + int(rest.split()[0])
    series_dates = sum(len(li.get_text().split(" · ")[-1].split(",")) for li in soup.select(".flyer-series"))
    assert printed + series_dates == len(soup.select(".month__screen [data-event-id]"))
