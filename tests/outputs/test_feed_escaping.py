"""Feeds carry text from fields as text: a reader shows '<img onerror>', it never runs it.

Every text field that reaches a feed or a structured file gets hostile text (an
image with a handler, a closing tag with a script, a CDATA end, entity-looking
text), the fixtures are built through the real pelicanconf.py, and each output
is read back with real parsers: ElementTree for the RSS, then the text of every
HTML element (RSS <description>) as HTML with BeautifulSoup, feedparser and
gPodder's podcastparser for validity, icalendar and json for the rest.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import feedparser
import icalendar
import podcastparser
import pytest
from bs4 import BeautifulSoup
from helpers.bad_input_catalogue import EPISODE, EVENT, SERIES, SHOW
from helpers.sites import FIXTURES, build_site

SITE = "https://feed.example.test"
# What an attacker would try in a field that ends up in an HTML description.
HOSTILE = "<img src=x onerror=alert(1)> </description><script>alert(2)</script> ]]> &amp; &lt;b&gt;"
MARKS = {  # field -> the word that tells its text apart in a feed
    "event title": "ARRANGEMENT", "event summary": "OPPSUMMERING", "branch name": "FILIAL", "street": "GATE",
    "room": "ROM", "series title": "SERIE", "series summary": "SERIEOPPSUMMERING", "show title": "PODDEN",
    "show summary": "PODDBESKRIVELSE", "show author": "FORFATTER", "episode title": "EPISODE",
    "episode summary": "EPISODEOPPSUMMERING", "long episode summary": "LANGEPISODE", "chapter": "KAPITTEL",
    "person": "PERSON", "video title": "VIDEOTITTEL", "video summary": "VIDEOOPPSUMMERING",
}  # fmt: skip
LONG_NOTES = "Lange notater. " * 300 + "\n"


def hostile(field: str) -> str:
    return f"{MARKS[field]} {HOSTILE}"


def quoted(field: str) -> str:
    """The hostile text as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(hostile(field), ensure_ascii=False)


# (fixture, file, text as it is, field whose hostile text replaces it)
EDITS = [
    ("small", EVENT, "Forfatterkveld med Ida Berg", "event title"),
    ("small", EVENT, "Ida Berg snakker om sin nye roman.", "event summary"),
    ("small", EVENT, "room: Scenen", "room"),
    ("small", "branches/sentrum.md", "Testby hovedbibliotek", "branch name"),
    ("small", "branches/sentrum.md", "Torget 1", "street"),
    ("small", "branches/sentrum.md", "rooms: [Scenen,", "room"),
    ("small", SERIES, "title: Babyklubb", "series title"),
    ("small", SERIES, "Sang og regler for de minste.", "series summary"),
    ("shows", SHOW, "title: Testpodden", "show title"),
    ("shows", SHOW, "En podkast for tester.", "show summary"),
    ("shows", SHOW, "author: Testby bibliotek", "show author"),
    ("shows", EPISODE, "title: Første episode", "episode title"),
    ("shows", EPISODE, "summary: Vi begynner.", "episode summary"),
    ("shows", EPISODE, "title: Tema}", "chapter"),
    ("shows", EPISODE, "name: Kari Vert", "person"),
    ("shows", "episodes/lydpod/s02e01-videre.md", "summary: Vi fortsetter med en gjest.", "long episode summary"),
    ("shows", "shows/tv.md", "Opptak fra biblioteket.", "video summary"),
    ("shows", "episodes/tv/foredrag-om-fjorden.md", "title: Foredrag om fjorden", "video title"),
    ("shows", "episodes/tv/foredrag-om-fjorden.md", "Opptak av foredraget.", "video summary"),
]
# Notes past Apple's 4,000 bytes, so that these feed entries fall back on the (escaped) summary.
LONG_BODIES = {"shows": ["episodes/lydpod/s02e01-videre.md", "shows/tv.md"]}


def hostile_line(old: str, field: str) -> str:
    """``old`` with its value (after 'key: ', or all of it) replaced by the field's hostile text, quoted."""
    if old.startswith("rooms: ["):
        return f"rooms: [Scenen, {quoted(field)},"
    key, separator, value = old.partition(": ")
    closing = "}" if value.endswith("}") else ""
    return f"{key}: {quoted(field)}{closing}" if separator else quoted(field)


def break_in(content: Path, fixture: str) -> None:
    for name, relative, old, field in EDITS:
        if name == fixture:
            target = content / relative
            text = target.read_text(encoding="utf-8")
            assert old in text, f"{old!r} not in {relative}"
            target.write_text(text.replace(old, hostile_line(old, field), 1), encoding="utf-8")
    for relative in LONG_BODIES.get(fixture, []):
        target = content / relative
        text = target.read_text(encoding="utf-8")
        target.write_text(text[: text.index("---", 3) + 4] + LONG_NOTES, encoding="utf-8")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both fixtures with hostile text in every field that reaches a feed, built once."""
    built = {}
    root = tmp_path_factory.mktemp("hostile")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PROGRAMMET_TODAY", raising=False)
        mp.delenv("PROGRAMMET_BUILD_TIME", raising=False)
        for fixture in ("small", "shows"):
            content = root / fixture
            shutil.copytree(FIXTURES / fixture, content)
            break_in(content, fixture)
            built[fixture] = build_site(content, root / f"{fixture}-site", SITEURL=SITE)
    return built


def running_markup(html: str) -> list[str]:
    """Elements and handlers a reader would create from ``html``: what must never be there."""
    soup = BeautifulSoup(html, "html.parser")
    found = [element.name for element in soup.find_all(["img", "script", "iframe", "object", "svg"])]
    for element in soup.find_all(True):
        found += [f"{element.name} {name}" for name in element.attrs if name.lower().startswith("on")]
    return found


def shown_text(html: str) -> str:
    """What a reader shows of ``html``."""
    return BeautifulSoup(html, "html.parser").get_text()


def rss_items(path: Path) -> Iterator[ET.Element]:
    root = ET.parse(path).getroot()  # a stray '</description>' would make this raise
    assert root.tag == "rss"
    channel = root.find("channel")
    assert channel is not None
    yield channel
    yield from channel.findall("item")


def html_elements(path: Path) -> list[str]:
    """The text of every element of the feed that readers take for HTML."""
    content = "{http://purl.org/rss/1.0/modules/content/}encoded"
    return [e.text or "" for item in rss_items(path) for e in (*item.findall("description"), *item.findall(content))]


def feed_paths(sites: dict[str, Path]) -> dict[str, Path]:
    return {
        "new events": sites["small"] / "data" / "nye-arrangementer.xml",
        "podcast": sites["shows"] / "podkast" / "lydpod" / "feed.xml",
        "video": sites["shows"] / "tv" / "tv" / "feed.xml",
    }


# Which fields each feed must carry as text in its HTML descriptions.
IN_DESCRIPTIONS = {
    "new events": ["event summary", "branch name", "room", "series summary"],
    "podcast": ["episode summary", "chapter", "long episode summary"],
    "video": ["video summary"],
}


@pytest.mark.parametrize("feed", sorted(IN_DESCRIPTIONS))
def test_html_descriptions_show_field_text_as_text(sites: dict[str, Path], feed: str) -> None:
    path = feed_paths(sites)[feed]
    descriptions = html_elements(path)
    assert descriptions
    for html in descriptions:
        assert running_markup(html) == [], html
    shown = [shown_text(html) for html in descriptions]
    for field in IN_DESCRIPTIONS[feed]:
        assert any(hostile(field) in text for text in shown), (field, shown)


@pytest.mark.parametrize("feed", sorted(IN_DESCRIPTIONS))
def test_feedparser_reads_the_feeds_and_sees_text(sites: dict[str, Path], feed: str) -> None:
    parsed = feedparser.parse(feed_paths(sites)[feed].read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    summaries = [entry.summary for entry in parsed.entries] + [parsed.feed.get("subtitle", "")]
    for html in summaries:
        assert running_markup(html) == [], html
    shown = [shown_text(html) for html in summaries]
    for field in IN_DESCRIPTIONS[feed]:
        assert any(hostile(field) in text for text in shown), (field, shown)


def test_plain_text_elements_hold_the_text_as_written(sites: dict[str, Path]) -> None:
    paths = feed_paths(sites)
    titles = {item.findtext("title") for path in paths.values() for item in rss_items(path)}
    for field in ("event title", "series title", "show title", "episode title", "video title"):
        assert hostile(field) in titles, field
    parsed = feedparser.parse(paths["new events"].read_bytes())
    assert hostile("event title") in [entry.title for entry in parsed.entries]
    assert hostile("branch name") in [tag.term for entry in parsed.entries for tag in entry.tags]


def test_the_video_channel_falls_back_on_its_escaped_summary(sites: dict[str, Path]) -> None:
    channel = next(rss_items(feed_paths(sites)["video"]))
    description = channel.findtext("description") or ""
    assert running_markup(description) == []
    assert shown_text(description) == hostile("video summary")


def test_podcast_apps_read_the_feeds(sites: dict[str, Path]) -> None:
    paths = feed_paths(sites)
    podcast = podcastparser.parse(f"{SITE}/podkast/lydpod/feed.xml", paths["podcast"].open("rb"))
    assert podcast["title"] == hostile("show title")
    by_title = {episode["title"]: episode for episode in podcast["episodes"]}
    assert set(by_title) == {hostile("episode title"), "Andre sesong"}
    for episode in podcast["episodes"]:
        assert running_markup(episode.get("description_html", "")) == []
    assert hostile("episode summary") in shown_text(by_title[hostile("episode title")]["description_html"])
    # (podcastparser's plain "description" strips tags with a pattern of its own; the HTML is what apps show.)
    assert hostile("long episode summary") in shown_text(by_title["Andre sesong"]["description_html"])
    video = podcastparser.parse(f"{SITE}/tv/tv/feed.xml", paths["video"].open("rb"))
    assert [episode["title"] for episode in video["episodes"]] == [hostile("video title")]
    assert running_markup(video["description"]) == []
    assert shown_text(video["description"]) == hostile("video summary")


def test_podcasting_2_and_itunes_elements_are_plain_text(sites: dict[str, Path]) -> None:
    root = ET.parse(feed_paths(sites)["podcast"]).getroot()
    ns = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "podcast": "https://podcastindex.org/namespace/1.0"}
    assert root.find("channel/itunes:author", ns).text == hostile("show author")
    assert hostile("person") in [p.text for p in root.iterfind("channel/item/podcast:person", ns)]


def test_chapters_json_holds_the_titles_as_plain_text(sites: dict[str, Path]) -> None:
    (chapters,) = sorted((sites["shows"] / "podkast" / "lydpod").rglob("kapitler.json"))
    titles = [c["title"] for c in json.loads(chapters.read_bytes())["chapters"]]
    assert hostile("chapter") in titles


def test_calendars_and_open_data_hold_plain_text(sites: dict[str, Path]) -> None:
    site = sites["small"]
    calendar = icalendar.Calendar.from_ical((site / "arrangement/2027-01-14-forfatterkveld/kalender.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == hostile("event title")
    assert hostile("branch name") in str(event["LOCATION"]) and hostile("street") in str(event["LOCATION"])
    assert str(event["DESCRIPTION"]).startswith(hostile("event summary"))
    # No HTML-flavoured text property (Outlook's X-ALT-DESC) that a client would render.
    assert not [name for name in event if name.startswith("X-")]
    records = json.loads((site / "data" / "v1" / "arrangementer.json").read_bytes())
    record = next(r for r in records["events"] if r["name"] == hostile("event title"))
    assert record["description"] == hostile("event summary")
