"""Link integrity: every internal link, image, media file, feed and transcript of the built site exists.

The demo site must have none broken (and the check must really have looked);
files deleted from a built fixture must be reported from the pages, feeds,
calendars and open data that refer to them; and `invoke check` fails on a link
in a staff-written body that leads nowhere, as residents would hit it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers.sites import FIXTURE_TODAY, FIXTURES, ROOT, build_site
from invoke import Context
from invoke.exceptions import Exit
from programmet.tools.linkcheck import BrokenLink, LinkReport, check_links
from programmet.tools.linkcheck_refs import (
    Kind,
    Reference,
    css_references,
    ics_references,
    json_text_references,
    srcset_urls,
    xml_references,
)

import tasks

DEMO_TODAY = "2026-11-23"  # as in test_demo_content.py
PUBLIC = "https://program.fjordvik.kommune.example"
EVENT = "arrangement/2027-01-14-forfatterkveld/"  # in the small fixture
# What the demo gives at DEMO_TODAY is far above these (41,000 links, 4,300 images ...);
# the floors only make sure a check that reads nothing cannot pass.
DEMO_FLOORS = {Kind.LINK: 20_000, Kind.IMAGE: 2_000, Kind.FEED: 200, Kind.STYLESHEET: 500, Kind.FORM: 500,
               Kind.MEDIA: 20, Kind.TRANSCRIPT: 10, Kind.CHAPTERS: 5, Kind.SCRIPT: 3, Kind.DATA: 3}  # fmt: skip


def _build_once(tmp_path_factory: pytest.TempPathFactory, content: Path, today: str = FIXTURE_TODAY) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PROGRAMMET_TODAY", raising=False)
        mp.delenv("PROGRAMMET_BUILD_TIME", raising=False)
        return build_site(content, tmp_path_factory.mktemp("site") / "output", today=today)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_once(tmp_path_factory, ROOT / "content", DEMO_TODAY)


@pytest.fixture(scope="module")
def shows_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_once(tmp_path_factory, FIXTURES / "shows")


@pytest.fixture
def site_copy(request: pytest.FixtureRequest, tmp_path: Path):
    """A copy of a built fixture site ('small_site' or 'shows_site') that a test may break."""

    def copy(name: str) -> Path:
        return Path(shutil.copytree(request.getfixturevalue(name), tmp_path / name))

    return copy


# -- the demo site ---------------------------------------------------------------------


def test_the_demo_site_has_no_broken_links(demo: Path) -> None:
    report = check_links(demo, "")
    assert report.broken == ()
    assert report.files > 1000  # pages, feeds, calendars, open data
    for kind, floor in DEMO_FLOORS.items():
        assert report.checked.get(kind, 0) > floor, f"only {report.checked.get(kind, 0)} {kind} references checked"


def test_the_fixture_sites_have_no_broken_links(small_site: Path, shows_site: Path) -> None:
    assert check_links(small_site, "").broken == ()
    assert check_links(shows_site, "").broken == ()


def test_addresses_with_the_public_site_url_are_checked(tmp_path: Path) -> None:
    output = build_site(FIXTURES / "small", tmp_path / "output", SITEURL=PUBLIC)
    assert check_links(output, PUBLIC).broken == ()
    (output / EVENT / "index.html").unlink()
    (output / "kalender/alle.ics").unlink()
    report = check_links(output, PUBLIC)
    # Calendars name pages absolutely; the subscribe buttons use webcal://; pages link root-relative.
    assert BrokenLink("kalender/bibliotek/sentrum.ics", f"{PUBLIC}/{EVENT}", Kind.LINK) in report.broken
    assert BrokenLink("kalender/index.html", "webcal://program.fjordvik.kommune.example/kalender/alle.ics",
                      Kind.LINK) in report.broken  # fmt: skip
    assert BrokenLink("index.html", f"/{EVENT}", Kind.LINK) in report.broken


# -- what the check catches -------------------------------------------------------------


def _reported(report: LinkReport, page: str, reference: str, kind: Kind) -> bool:
    return BrokenLink(page, reference, kind) in report.broken


@pytest.mark.parametrize(
    ("site", "deleted", "expected"),
    [
        pytest.param("small_site", f"{EVENT}index.html", [
            ("index.html", f"/{EVENT}", Kind.LINK),
            ("kalender/alle.ics", f"/{EVENT}", Kind.LINK),
            ("data/v1/arrangementer.json", f"/{EVENT}", Kind.LINK),
            ("data/nye-arrangementer.xml", f"/{EVENT}", Kind.LINK),
        ], id="page"),
        pytest.param("shows_site", "images/poster-640.webp", [
            ("tv/tv/debatt-pa-youtube/index.html", "/images/poster-640.webp", Kind.IMAGE),
        ], id="image rendition"),
        pytest.param("shows_site", "media/tv/opptak.vtt", [
            ("tv/tv/foredrag-om-fjorden/index.html", "/media/tv/opptak.vtt", Kind.TRANSCRIPT),
            ("tv/tv/foredrag-om-fjorden/index.html", "/media/tv/opptak.vtt", Kind.LINK),
        ], id="video captions"),
        pytest.param("shows_site", "media/lydpod/e01.vtt", [
            ("podkast/lydpod/feed.xml", "/media/lydpod/e01.vtt", Kind.TRANSCRIPT),
        ], id="podcast transcript"),
        pytest.param("shows_site", "media/lydpod/e01.mp3", [
            ("podkast/lydpod/s01e01-start/index.html", "/media/lydpod/e01.mp3", Kind.MEDIA),
            ("podkast/lydpod/feed.xml", "/media/lydpod/e01.mp3", Kind.MEDIA),
        ], id="media file"),
        pytest.param("small_site", "kalender/bibliotek/lia.ics", [
            ("bibliotek/lia/index.html", "/kalender/bibliotek/lia.ics", Kind.FEED),
        ], id="calendar feed"),
        pytest.param("shows_site", "podkast/lydpod/feed.xml", [
            ("podkast/lydpod/index.html", "/podkast/lydpod/feed.xml", Kind.FEED),
        ], id="podcast feed"),
    ],
)  # fmt: skip
def test_a_deleted_file_is_reported_where_it_is_referred_to(site_copy, site: str, deleted: str, expected) -> None:
    output = site_copy(site)
    (output / deleted).unlink()
    report = check_links(output, "")
    for page, reference, kind in expected:
        assert _reported(report, page, reference, kind), f"{page}: {reference} ({kind}) not reported"
    url = "/" + deleted.removesuffix("index.html")
    assert {link.reference for link in report.broken} == {url}, "only references to the deleted file"


HAND_WRITTEN = """<!DOCTYPE html>
<html lang="nb"><head><meta charset="utf-8"><title>Prøve</title></head>
<body>
<a href="../finnes-ikke/">a page that is not there</a>
<img src="/om/" srcset="/om/ 1x, ../mangler-2x.jpg 2x" alt="">
<a href="#mangler">an id that is not on this page</a>
<a href="/om/#ingen-slik">an id that is not on that page</a>
<a href="https://example.org/finnes-ikke/">another site</a>
<a href="//cdn.example.org/x.js">another site, scheme-relative</a>
<a href="mailto:bibliotek@example.org">mail</a> <a href="tel:+4738174000">phone</a>
<a href="javascript:history.back()">back</a> <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">
<a href="#top">top</a> <a href="#">top</a> <a href="#innhold">here</a> <a href="/om/#main">there</a>
<a href="/index.html?utm_source=nyhetsbrev">a query on an existing file</a>
<a href="/filer/%C3%A5rsmelding%202026.pdf">percent-encoded</a> <a href="../filer/årsmelding 2026.pdf">as typed</a>
<a href="/bibliotek/lia">a folder without its slash</a>
<main id="innhold"></main>
</body></html>
"""


def test_a_hand_written_page_reports_exactly_its_broken_references(site_copy) -> None:
    output = site_copy("small_site")
    (output / "prove").mkdir()
    (output / "prove/index.html").write_text(HAND_WRITTEN, encoding="utf-8")
    (output / "filer").mkdir()
    (output / "filer/årsmelding 2026.pdf").write_bytes(b"%PDF-1.7\n")
    report = check_links(output, "")
    assert set(report.broken) == {
        BrokenLink("prove/index.html", "../finnes-ikke/", Kind.LINK),
        BrokenLink("prove/index.html", "../mangler-2x.jpg", Kind.IMAGE),
        BrokenLink("prove/index.html", "#mangler", Kind.FRAGMENT),
        BrokenLink("prove/index.html", "/om/#ingen-slik", Kind.FRAGMENT),
    }


def test_a_broken_link_reads_as_one_line() -> None:
    line = str(BrokenLink("om/index.html", "/arrangement/finnes-ikke/", Kind.LINK))
    assert line == "om/index.html: /arrangement/finnes-ikke/: does not exist (link)"


# -- the readers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("srcset", "urls"),
    [
        ("a-480.jpg 480w, a-800.jpg 800w", ["a-480.jpg", "a-800.jpg"]),
        ("a.jpg,b.jpg 2x", ["a.jpg,b.jpg"]),  # a comma inside a URL belongs to it
        ("a.jpg, b.jpg 2x", ["a.jpg", "b.jpg"]),
        ("a.jpg 1x,b.jpg 2x", ["a.jpg", "b.jpg"]),
        (" , a.jpg ,", ["a.jpg"]),
        ("", []),
    ],
)
def test_every_srcset_candidate_is_read(srcset: str, urls: list[str]) -> None:
    assert srcset_urls(srcset) == urls


def test_calendar_addresses_are_read_across_folded_lines() -> None:
    text = (
        "BEGIN:VCALENDAR\r\nSOURCE;VALUE=URI:/kalender/alle.ics\r\nBEGIN:VEVENT\r\n"
        "URL:/arrangement/en-veldig-lang-adresse-som-\r\n brettes/\r\n"
        "ATTACH;FMTTYPE=application/pdf:/filer/plakat.pdf\r\n"
        "ATTACH;ENCODING=BASE64;VALUE=BINARY:AAAA\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert ics_references(text) == [
        Reference("/kalender/alle.ics", Kind.FEED),
        Reference("/arrangement/en-veldig-lang-adresse-som-brettes/", Kind.LINK),
        Reference("/filer/plakat.pdf", Kind.MEDIA),
    ]


def test_feed_identifiers_are_not_taken_for_addresses() -> None:
    feed = (
        b'<rss xmlns:podcast="https://podcastindex.org/namespace/1.0" version="2.0"><channel>'
        b"<link>/podkast/x/</link><podcast:guid>b4b97a7c-fb82</podcast:guid><item>"
        b'<guid isPermaLink="false">x-s01e01</guid><guid>/podkast/x/s01e01/</guid>'
        b'<enclosure url="/media/x/e01.mp3" type="audio/mpeg" length="1"/></item></channel></rss>'
    )
    assert xml_references(feed) == [
        Reference("/podkast/x/", Kind.LINK),
        Reference("/podkast/x/s01e01/", Kind.LINK),
        Reference("/media/x/e01.mp3", Kind.MEDIA),
    ]


def test_json_addresses_keep_the_kind_of_the_field_they_are_in() -> None:
    document = (
        '{"url": "/arrangement/x/", "image": {"@type": "ImageObject", "url": "/images/x.jpg",'
        ' "description": "1/2 pris"}, "organizer": {"name": "A/S", "url": "https://example.org/"}}'
    )
    assert json_text_references(document) == [
        Reference("/arrangement/x/", Kind.LINK),
        Reference("/images/x.jpg", Kind.IMAGE),
        Reference("https://example.org/", Kind.LINK),
    ]
    assert json_text_references('{"$schema": "x", "properties": {"url": {"type": "string"}}}') == []


def test_stylesheet_addresses_are_read_but_data_urls_are_not() -> None:
    css = '@import "fonts.css"; .a { background: url(/images/a.png) } .b { background: url("data:image/png;x") }'
    assert css_references(css) == [Reference("fonts.css", Kind.STYLESHEET), Reference("/images/a.png", Kind.ASSET)]


# -- invoke check ---------------------------------------------------------------------------


@pytest.fixture
def content(copy_fixture, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROGRAMMET_TODAY", FIXTURE_TODAY)
    return copy_fixture("small")


def test_check_fails_on_a_link_in_a_body_to_a_page_that_does_not_exist(content: Path, capfd) -> None:
    """Staff links to internal pages that are gone fail the check: residents would land on a 404."""
    event = content / "events/2027/01/2027-01-14-forfatterkveld.md"
    event.write_text(event.read_text(encoding="utf-8") + "\n\n[Se her](/arrangement/finnes-ikke/)\n", "utf-8")
    with pytest.raises(Exit) as stopped:
        tasks.check(Context(), content=str(content))
    assert stopped.value.code == 1
    assert "1 link(s)" in stopped.value.message
    err = capfd.readouterr().err.splitlines()
    assert f"{EVENT}index.html: /arrangement/finnes-ikke/: does not exist (link)" in err


def test_check_passes_and_says_how_many_links_it_followed(content: Path, capfd) -> None:
    tasks.check(Context(), content=str(content))
    assert "internal links lead somewhere" in capfd.readouterr().out


def test_calendars_link_changes_beyond_the_horizon_to_their_series(tmp_path: Path) -> None:
    """Occurrence pages are written up to the horizon; a cancellation announced further ahead is in the feeds."""
    output = build_site(FIXTURES / "small", tmp_path / "output", PROGRAMMET_HORIZON_DAYS=10)
    assert not (output / "arrangement/babyklubb/2027-01-26").exists()  # cancelled, 15 days ahead
    assert check_links(output, "").broken == ()
