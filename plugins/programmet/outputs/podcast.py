"""Podcast and video feeds (RSS 2.0 + iTunes + Podcasting 2.0) with feedgen, and JSON chapters.

Pure: a show and its episodes in, bytes out. feedgen 1.0's traps are handled
here: the channel <link> is the last link() call (so the page goes last),
entries are appended in our own order, lastBuildDate is the newest episode
rather than "now", and itunes:explicit is written by our extension as
true/false (see podcast_ext.py).

Descriptions are HTML (RSS readers and Apple read them so): the Markdown body is
sanitised HTML already, and every plain-text field put into one (a summary, a
chapter title) is escaped here, so '<img onerror>' is shown as text. Titles and
names go into plain-text elements, which feedgen escapes as XML.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape

from feedgen.feed import FeedGenerator

from ..content.model_media import Episode, EpisodeType, Medium, Show
from ..content.urls import chapters_path, episode_url, show_feed_path, show_url
from .podcast_ext import Podcast20, Podcast20Entry

DESCRIPTION_LIMIT = 4000  # bytes, Apple's limit


def ordered(show: Show, episodes: Sequence[Episode]) -> list[Episode]:
    """Episodic shows newest first, serial shows oldest first (as apps present them)."""
    return sorted(episodes, key=lambda e: (e.published, e.id), reverse=not show.serial)


def build_feed(show: Show, episodes: Sequence[Episode], site_url: str, *, moved_from: bool = False) -> bytes:
    """The show's feed; ``moved_from``: the copy left at an old address, telling apps where the feed is now."""
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("p20", Podcast20, Podcast20Entry, atom=False, rss=True)
    page = f"{site_url}/{show_url(show)}"
    art = f"{site_url}/{show.image.src}"
    fg.title(show.title)
    fg.description(_limited(show.body_html, escape(show.summary)))
    fg.language(show.language)
    fg.link(href=f"{site_url}/{show_feed_path(show)}", rel="self")
    fg.link(href=page, rel="alternate")  # last: feedgen makes the last link the channel <link>
    fg.image(url=art, title=show.title, link=page)
    fg.generator("Programmet")
    fg.podcast.itunes_author(show.author)
    fg.podcast.itunes_owner(name=show.owner_name, email=show.owner_email)
    category = {"cat": show.category, "sub": show.subcategory} if show.subcategory else {"cat": show.category}
    fg.podcast.itunes_category([category])
    fg.podcast.itunes_image(art)
    fg.podcast.itunes_type("serial" if show.serial else "episodic")
    if moved_from:
        # Apple's way to move a subscription: the old feed names the new one (and the GUIDs are the same).
        fg.podcast.itunes_new_feed_url(f"{site_url}/{show_feed_path(show)}")
    fg.p20.guid = str(show.guid)
    fg.p20.locked_owner = show.owner_email
    fg.p20.medium = "video" if show.medium is Medium.VIDEO else "podcast"
    fg.p20.explicit = show.explicit
    # An episode hosted elsewhere has no file to enclose, so it is not a feed item.
    items = ordered(show, [e for e in episodes if e.media is not None])
    if items:
        fg.lastBuildDate(max(e.published for e in items))
    for episode in items:
        _add_item(fg, show, episode, site_url)
    return fg.rss_str(pretty=True)


def _add_item(fg: FeedGenerator, show: Show, episode: Episode, site_url: str) -> None:
    item = fg.add_entry(order="append")
    item.guid(episode.id, permalink=False)
    item.title(episode.title)
    item.link(href=f"{site_url}/{episode_url(show, episode)}")
    item.description(_limited(_show_notes(episode), _paragraph(episode.summary)))
    item.enclosure(f"{site_url}/{episode.media.src}", str(episode.media.length), episode.media.mime)
    item.pubDate(episode.published)
    item.podcast.itunes_duration(round(episode.media.duration))
    item.podcast.itunes_episode_type(episode.episode_type.value)
    if episode.season is not None:
        item.podcast.itunes_season(episode.season)
    if episode.number is not None:
        item.podcast.itunes_episode(episode.number)
    if episode.image is not None:
        item.podcast.itunes_image(f"{site_url}/{episode.image.src}")
    extension = item.p20
    extension.explicit = episode.explicit
    extension.season, extension.episode = episode.season, episode.number
    extension.persons = [(p.name, p.role) for p in episode.persons]
    if episode.transcript:
        extension.transcripts = [
            {
                "url": f"{site_url}/{episode.transcript}",
                "type": "text/vtt",
                "language": show.language,
                "rel": "captions",
            }
        ]
    if episode.chapters:
        extension.chapters_url = f"{site_url}/{chapters_path(show, episode)}"


def _show_notes(episode: Episode) -> str:
    """Summary, notes and chapter marks (Apple and Spotify read '00:00:00 Title' lines)."""
    notes = f"{_paragraph(episode.summary)}{episode.body_html}"
    if episode.episode_type is not EpisodeType.TRAILER and len(episode.chapters) >= 3:
        marks = "<br>".join(f"{_clock(c.start)} {escape(c.title)}" for c in episode.chapters)
        notes += f"<p>{marks}</p>"
    return notes


def _paragraph(text: str) -> str:
    """Plain text from a field as an HTML paragraph: a reader shows '<img onerror>' as text."""
    return f"<p>{escape(text)}</p>"


def _limited(html: str, fallback: str) -> str:
    return html if html and len(html.encode("utf-8")) <= DESCRIPTION_LIMIT else fallback


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def chapters_json(episode: Episode) -> bytes:
    """Podcasting 2.0 JSON chapters (version 1.2.0)."""
    chapters = [{"startTime": round(c.start, 3), "title": c.title} for c in episode.chapters]
    return json.dumps({"version": "1.2.0", "chapters": chapters}, ensure_ascii=False, indent=1).encode("utf-8")
