"""Sharing (Open Graph, share images), sitemap.xml, robots.txt and the 404 page, read back with real parsers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers.sites import FIXTURES, build_site, page
from PIL import Image, ImageFont
from programmet.build import share_cards
from programmet.outputs import sitemap

SITE = "https://program.test.example"
NS = {"sm": sitemap.NAMESPACE}


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture built with a public address, as publishconf.py builds."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PROGRAMMET_TODAY", raising=False)
        mp.delenv("PROGRAMMET_BUILD_TIME", raising=False)
        return build_site(FIXTURES / "small", tmp_path_factory.mktemp("public") / "out", SITEURL=SITE)


def local(site: Path, url: str) -> Path:
    assert url.startswith(f"{SITE}/"), url
    return site / url.removeprefix(f"{SITE}/")


def meta(soup: BeautifulSoup) -> dict[str, str]:
    found = {tag["property"]: tag["content"] for tag in soup.find_all("meta", property=True)}
    found |= {tag["name"]: tag["content"] for tag in soup.find_all("meta", attrs={"name": True})}
    return found


# -- Open Graph ----------------------------------------------------------------------------


def test_every_page_can_be_shared_with_a_real_1200_by_630_jpeg(public_site: Path) -> None:
    pages = sorted(public_site.rglob("index.html"))
    assert len(pages) > 20
    for file in [*pages, public_site / "404.html"]:
        tags = meta(BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser"))
        for key in ("og:title", "og:description", "og:url", "og:type", "og:image", "og:image:alt"):
            assert tags.get(key), (file, key)
        assert (tags["og:locale"], tags["twitter:card"]) == ("nb_NO", "summary_large_image"), file
        assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630"), file
        with Image.open(local(public_site, tags["og:image"])) as image:
            assert (image.format, image.size, image.mode) == ("JPEG", (1200, 630), "RGB"), file


def test_an_event_page_shares_its_own_card(public_site: Path) -> None:
    tags = meta(page(public_site, "arrangement/2027-01-14-forfatterkveld/"))
    assert tags["og:title"] == "Forfatterkveld med Ida Berg"
    assert tags["og:description"] == "Ida Berg snakker om sin nye roman."
    assert tags["og:url"] == f"{SITE}/arrangement/2027-01-14-forfatterkveld/"
    assert tags["og:image"] == f"{SITE}/arrangement/2027-01-14-forfatterkveld/deling.jpg"
    assert "torsdag 14. januar kl. 18.00–19.30" in tags["og:image:alt"].lower()
    front = meta(page(public_site, ""))
    assert front["og:image"] == f"{SITE}/deling.jpg"
    assert front["og:url"] == f"{SITE}/"


def test_a_cancelled_event_says_so_when_shared(public_site: Path) -> None:
    tags = meta(page(public_site, "arrangement/2027-01-16-eventyr/"))
    assert tags["og:title"].startswith("Avlyst: ")
    assert tags["og:image:alt"].startswith("Avlyst: ")


def test_share_images_are_drawn_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_site(FIXTURES / "small", tmp_path / "out")
    calls = []
    monkeypatch.setattr(share_cards.CardDrawer, "draw", lambda *args: calls.append(args) or b"")
    again = build_site(FIXTURES / "small", tmp_path / "out")
    assert calls == []
    with Image.open(again / "deling.jpg") as image:
        assert image.size == (1200, 630)


def test_long_titles_wrap_and_end_in_an_ellipsis() -> None:
    font = ImageFont.load_default(40)
    lines = share_cards._wrap("ord " * 60, font, 400, 2)
    assert len(lines) == 2
    assert lines[-1].endswith(" …")
    assert all(font.getlength(line) <= 400 for line in lines)
    split = share_cards._wrap("Barnebokforfatterforeningsårsmøtedeltakerregistreringsskjema", font, 300, 3)
    assert split[0].endswith("-")
    assert all(font.getlength(line) <= 300 for line in split)


# -- sitemap, robots, 404 ---------------------------------------------------------------------


def test_the_sitemap_lists_every_page_by_its_absolute_address(public_site: Path) -> None:
    root = ET.parse(public_site / "sitemap.xml").getroot()
    assert root.tag == f"{{{sitemap.NAMESPACE}}}urlset"
    locs = [loc.text for loc in root.findall("sm:url/sm:loc", NS)]
    assert len(locs) == len(set(locs))
    # Lobby screens (/skjerm/) are not pages to find: noindex, and left out of the sitemap.
    pages = {p for p in public_site.rglob("index.html") if p.relative_to(public_site).parts[0] != "skjerm"}
    assert {local(public_site, loc) / "index.html" for loc in locs} == pages
    assert all((local(public_site, loc) / "index.html").is_file() for loc in locs)


def test_lastmod_only_where_there_is_a_real_date(public_site: Path) -> None:
    root = ET.parse(public_site / "sitemap.xml").getroot()
    stamps = {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }
    assert stamps[f"{SITE}/program/"] is None
    assert stamps[f"{SITE}/"] is None
    # A new event's record starts at the build time the fixture fixes (not the clock).
    assert stamps[f"{SITE}/arrangement/2027-01-14-forfatterkveld/"] == "2027-01-10T12:00:00Z"


def test_sitemap_is_written_by_elementtree_in_a_stable_order() -> None:
    moment = datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC)
    entries = [sitemap.Entry("b/"), sitemap.Entry("", None), sitemap.Entry("a/", moment)]
    data = sitemap.build_sitemap("https://x.example", entries)
    assert data == sitemap.build_sitemap("https://x.example", reversed(entries))
    root = ET.fromstring(data)
    assert [u.findtext("sm:loc", namespaces=NS) for u in root] == [
        "https://x.example/",
        "https://x.example/a/",
        "https://x.example/b/",
    ]
    assert root[1].findtext("sm:lastmod", namespaces=NS) == "2027-01-02T03:04:05Z"


def test_robots_txt_names_the_sitemap(public_site: Path) -> None:
    lines = (public_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines


def test_without_a_public_address_there_is_no_sitemap(small_site: Path) -> None:
    assert not (small_site / "sitemap.xml").exists()
    assert "Sitemap:" not in (small_site / "robots.txt").read_text(encoding="utf-8")


def test_the_404_page_is_norwegian_and_leads_back(public_site: Path) -> None:
    soup = BeautifulSoup((public_site / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "nb"
    assert len(soup.find_all("h1")) == 1
    main = soup.find("main")
    links = {a["href"] for a in main.find_all("a")}
    # Root-relative, so they work from whatever missing path the 404 page is served for.
    assert {"/", "/program/"} <= links
    assert any(href.startswith("/for/") for href in links)
    assert any(href.startswith("/kategori/") for href in links)
    assert any(href.startswith("/bibliotek/") for href in links)
    assert soup.find("footer") is not None  # the normal page shell
