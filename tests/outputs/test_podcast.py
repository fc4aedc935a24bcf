"""Podcast and BibliotekTV feeds, read back by real podcast-client parsers, and their pages."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import mutagen
import podcastparser
import pytest
from helpers.scenario import Scenario
from helpers.sites import FIXTURES, build_site, page

SITE = "https://podcast.example.test"
SHOWS = FIXTURES / "shows"
NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "podcast": "https://podcastindex.org/namespace/1.0",
      "atom": "http://www.w3.org/2005/Atom"}  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PROGRAMMET_TODAY", raising=False)
        mp.delenv("PROGRAMMET_BUILD_TIME", raising=False)
        return build_site(SHOWS, tmp_path_factory.mktemp("pod") / "out", SITEURL=SITE)


def feeds(site: Path) -> list[Path]:
    return [site / "podkast" / "lydpod" / "feed.xml", site / "tv" / "tv" / "feed.xml"]


def test_gpodder_reads_every_episode_with_the_real_file_facts(site: Path) -> None:
    for feed in feeds(site):
        parsed = podcastparser.parse(f"{SITE}/{feed.relative_to(site)}", feed.open("rb"))
        assert parsed["episodes"], feed
        for episode in parsed["episodes"]:
            (enclosure,) = episode["enclosures"]
            local = SHOWS / enclosure["url"].removeprefix(f"{SITE}/")
            assert enclosure["file_size"] == local.stat().st_size
            assert episode["total_time"] == round(mutagen.File(local).info.length)
            assert episode["guid"]


def test_feedparser_reads_channel_and_items(site: Path) -> None:
    parsed = feedparser.parse((site / "podkast" / "lydpod" / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "Testpodden"
    assert parsed.feed.link == f"{SITE}/podkast/lydpod/"  # the page, not the feed (feedgen's last-link trap)
    assert [e.id for e in parsed.entries] == ["lydpod-s02e01", "lydpod-s01e01"]  # episodic: newest first
    assert parsed.entries[1].itunes_duration == "3"
    assert parsed.entries[0].published_parsed is not None


def test_apple_and_podcasting_2_tags(site: Path) -> None:
    root = ET.parse(site / "podkast" / "lydpod" / "feed.xml").getroot()
    channel = root.find("channel")
    assert channel.find("itunes:explicit", NS).text == "false"
    assert channel.find("itunes:image", NS).get("href") == f"{SITE}/images/cover.png"
    category = channel.find("itunes:category", NS)
    assert (category.get("text"), category.find("itunes:category", NS).get("text")) == (
        "Society & Culture",
        "Philosophy",
    )
    assert channel.find("itunes:owner/itunes:email", NS).text == "pod@testby.example"
    assert channel.find("itunes:type", NS).text == "episodic"
    assert channel.find("atom:link", NS).get("rel") == "self"
    assert channel.find("podcast:guid", NS).text == "0b4f7a6e-58f1-4a8e-9a53-3f5f2c1e9d10"
    assert channel.find("podcast:locked", NS).get("owner") == "pod@testby.example"
    assert channel.find("podcast:medium", NS).text == "podcast"
    first = next(i for i in channel.findall("item") if i.find("guid").text == "lydpod-s01e01")
    assert first.find("itunes:season", NS).text == "1"
    assert first.find("itunes:episodeType", NS).text == "full"
    transcript = first.find("podcast:transcript", NS)
    assert (transcript.get("type"), transcript.get("rel")) == ("text/vtt", "captions")
    chapters_url = first.find("podcast:chapters", NS).get("url")
    chapters = json.loads((site / chapters_url.removeprefix(f"{SITE}/")).read_text(encoding="utf-8"))
    assert chapters["version"] == "1.2.0"
    assert [c["startTime"] for c in chapters["chapters"]] == [0, 1, 2]
    assert [p.get("role") for p in first.findall("podcast:person", NS)] == ["host"]
    tv = ET.parse(site / "tv" / "tv" / "feed.xml").getroot().find("channel")
    assert tv.find("podcast:medium", NS).text == "video"
    assert tv.find("item/enclosure").get("type") == "video/mp4"


def test_episode_page_has_player_transcript_chapters_and_event(site: Path) -> None:
    soup = page(site, "podkast/lydpod/s01e01-start/")
    audio = soup.find("audio")
    assert audio["preload"] == "none"
    assert audio.source["src"] == "/media/lydpod/e01.mp3"
    transcript = soup.find("section", class_="transcript")
    assert "Velkommen til testpodden." in transcript.get_text()
    assert transcript.find("strong").get_text() == "Kari Vert:"
    assert [li.get_text(" ", strip=True) for li in soup.select(".chapters li")] == [
        "0:00 Velkommen",
        "0:01 Tema",
        "0:02 Slutt",
    ]
    assert json.loads(soup.find("script", type="application/ld+json").string)["@type"] == "PodcastEpisode"
    video_page = page(site, "tv/tv/foredrag-om-fjorden/")
    video = video_page.find("video")
    assert video["preload"] == "none" and video["poster"] == "/images/poster.jpg"
    assert video.find("track", kind="captions")["src"] == "/media/tv/opptak.vtt"
    data = json.loads(video_page.find("script", type="application/ld+json").string)
    assert data["@type"] == "VideoObject" and data["thumbnailUrl"] and data["uploadDate"]
    assert video_page.find("a", href="/arrangement/2027-01-14-foredrag/")
    event = page(site, "arrangement/2027-01-14-foredrag/")
    assert event.find("a", href="/tv/tv/foredrag-om-fjorden/")


def test_show_page_lists_seasons_and_links_the_feed(site: Path) -> None:
    soup = page(site, "podkast/lydpod/")
    assert soup.find("link", type="application/rss+xml")["href"] == "/podkast/lydpod/feed.xml"
    assert [h.get_text() for h in soup.select(".season h2")] == ["Sesong 2", "Sesong 1"]
    assert soup.find("a", href="https://podcasts.apple.com/no/podcast/testpodden/id1")


def test_renaming_and_redating_an_episode_keeps_its_guid(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SHOWS, content)
    Scenario(content).set("episodes/lydpod/s01e01-start.md", title="Den aller første", date="2026-09-10 07:00")
    source = content / "episodes" / "lydpod" / "s01e01-start.md"
    source.rename(source.parent / "s01e01-den-aller-forste.md")
    site = build_site(content, tmp_path / "out", SITEURL=SITE)
    parsed = podcastparser.parse(SITE, (site / "podkast" / "lydpod" / "feed.xml").open("rb"))
    by_guid = {e["guid"]: e for e in parsed["episodes"]}
    assert by_guid["lydpod-s01e01"]["title"] == "Den aller første"
    assert by_guid["lydpod-s01e01"]["link"] == f"{SITE}/podkast/lydpod/s01e01-den-aller-forste/"


def rename_and_refer(content: Path, old: str, new: str, referrer: str) -> None:
    (content / old).rename(content / new)
    replace_in(content / referrer, Path(old).name, Path(new).name)


def broken_copy(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(SHOWS, content)
    return content


def replace_in(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: Scenario(c).set("shows/lydpod.md", image="{src: images/poster.jpg, alt: En blå firkant}"),
         "shows/lydpod.md: image.src: cover art must be square, 'images/poster.jpg' is 640×360"),
        (lambda c: rename_and_refer(c, "images/cover.png", "images/cover.jpg", "shows/lydpod.md"),
         "shows/lydpod.md: image.src: 'images/cover.jpg' is really a PNG; give it the extension .png"),
        (lambda c: Scenario(c).set("episodes/lydpod/s01e01-start.md", media="media/lydpod/mangler.mp3"),
         "episodes/lydpod/s01e01-start.md: media: file not found in the content folder: 'media/lydpod/mangler.mp3'"),
        (lambda c: (c / "media/lydpod/e01.mp3").write_bytes(b"not audio at all"),
         "episodes/lydpod/s01e01-start.md: media: cannot read 'media/lydpod/e01.mp3' as audio or video"),
        (lambda c: rename_and_refer(
            c, "media/lydpod/e01.mp3", "media/lydpod/første.mp3", "episodes/lydpod/s01e01-start.md"
        ),
         "episodes/lydpod/s01e01-start.md: media: use only ASCII letters"),
        (lambda c: Scenario(c).set("episodes/lydpod/s01e01-start.md", media="media/lydpod/e01.ogg"),
         "episodes/lydpod/s01e01-start.md: media: not a podcast media type"),
        # One start in a list of chapters: a replace says which better than the whole list set anew.
        (lambda c: replace_in(c / "episodes/lydpod/s01e01-start.md", '"0:02"', '"0:09"'),
         "episodes/lydpod/s01e01-start.md: chapters[2].start: is after the end of the media file"),
        (lambda c: (c / "media/lydpod/e01.vtt").write_text("Velkommen\n", encoding="utf-8"),
         "episodes/lydpod/s01e01-start.md: transcript: 'media/lydpod/e01.vtt' does not start with 'WEBVTT'"),
        (lambda c: Scenario(c).set("episodes/tv/foredrag-om-fjorden.md", event="ev-finnes-ikke"),
         "episodes/tv/foredrag-om-fjorden.md: event: no event has the id 'ev-finnes-ikke'"),
        (lambda c: Scenario(c).set("shows/lydpod.md", category="Samfunn/Philosophy"),
         "shows/lydpod.md: category: not an Apple Podcasts category: 'Samfunn'"),
        (lambda c: Scenario(c).remove("episodes/tv/foredrag-om-fjorden.md", "transcript"),
         "episodes/tv/foredrag-om-fjorden.md: transcript: required for video: WebVTT captions (WCAG 1.2.2)"),
    ],
    ids=["cover-not-square", "cover-wrong-extension", "media-missing", "media-not-audio", "media-not-ascii",
         "media-wrong-type", "chapter-after-end", "transcript-not-webvtt", "unknown-event", "unknown-category",
         "video-without-captions"],
)  # fmt: skip
def test_media_and_cover_art_errors(change, expected: str, tmp_path: Path, capfd) -> None:
    content = broken_copy(tmp_path)
    change(content)
    with pytest.raises(SystemExit):
        build_site(content, tmp_path / "out", SITEURL=SITE)
    errors = [
        line
        for line in capfd.readouterr().err.splitlines()
        if line.startswith("ERROR: ") and "Build stopped" not in line
    ]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"ERROR: {expected}"), errors


def test_video_hosted_elsewhere_loads_nothing_until_clicked(site: Path) -> None:
    soup = page(site, "tv/tv/debatt-pa-youtube/")
    box = soup.find(class_="embed")
    assert soup.find("iframe") is None
    assert box.find("img")["src"] == "/images/poster-640.jpg"  # its largest rendition: the source is 640 px
    assert box.find("a")["href"] == "https://www.youtube-nocookie.com/embed/abc123"
    assert "lastes fra YouTube" in box.get_text()
    external = [tag for tag in soup.find_all(src=True) if not tag["src"].startswith("/")]
    assert external == []
    feed = podcastparser.parse(SITE, (site / "tv" / "tv" / "feed.xml").open("rb"))
    assert [e["guid"] for e in feed["episodes"]] == ["tv-foredrag-fjorden"]  # nothing to enclose, so not in the feed
