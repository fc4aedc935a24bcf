"""A feedgen extension for what feedgen 1.0 lacks: Podcasting 2.0 tags and itunes:explicit true/false.

feedgen's own podcast extension only accepts the legacy yes/no/clean for
itunes:explicit, while Apple now specifies true/false, so explicit is written
here. Values arrive already validated from the model; this only writes XML.
"""

from __future__ import annotations

from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"


def _element(parent: Any, tag: str, text: str | None = None, **attributes: str) -> Any:
    element = xml_elem(tag, parent)
    if text is not None:
        element.text = text
    element.attrib.update({k.replace("_", "-"): v for k, v in attributes.items()})
    return element


def _persons(parent: Any, persons: list[tuple[str, str]]) -> None:
    for name, role in persons:
        _element(parent, f"{{{PODCAST_NS}}}person", name, role=role)


class Podcast20(BaseExtension):
    """Channel level: podcast:guid, podcast:locked, podcast:medium, podcast:person, itunes:explicit."""

    def __init__(self) -> None:
        self.guid: str | None = None
        self.locked_owner: str | None = None
        self.medium = "podcast"
        self.explicit = False
        self.persons: list[tuple[str, str]] = []

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS, "itunes": ITUNES_NS}

    def extend_rss(self, rss_feed: Any) -> Any:
        channel = rss_feed[0]
        _element(channel, f"{{{ITUNES_NS}}}explicit", "true" if self.explicit else "false")
        if self.guid:
            _element(channel, f"{{{PODCAST_NS}}}guid", self.guid)
        if self.locked_owner:
            _element(channel, f"{{{PODCAST_NS}}}locked", "yes", owner=self.locked_owner)
        _element(channel, f"{{{PODCAST_NS}}}medium", self.medium)
        _persons(channel, self.persons)
        return rss_feed


class Podcast20Entry(BaseEntryExtension):
    """Item level: transcript, chapters, persons, season, episode, itunes:explicit."""

    def __init__(self) -> None:
        self.explicit = False
        self.transcripts: list[dict[str, str]] = []
        self.chapters_url: str | None = None
        self.persons: list[tuple[str, str]] = []
        self.season: int | None = None
        self.episode: int | None = None

    def extend_rss(self, item: Any) -> Any:
        _element(item, f"{{{ITUNES_NS}}}explicit", "true" if self.explicit else "false")
        for transcript in self.transcripts:
            _element(item, f"{{{PODCAST_NS}}}transcript", **transcript)
        if self.chapters_url:
            _element(item, f"{{{PODCAST_NS}}}chapters", url=self.chapters_url, type="application/json+chapters")
        _persons(item, self.persons)
        if self.season is not None:
            _element(item, f"{{{PODCAST_NS}}}season", str(self.season))
        if self.episode is not None:
            _element(item, f"{{{PODCAST_NS}}}episode", str(self.episode))
        return item
