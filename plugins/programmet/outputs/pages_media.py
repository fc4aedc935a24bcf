"""Pages for the podcast and BibliotekTV: a page per show (episodes by season) and per episode."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any, ClassVar

from ..content.catalog import Catalog
from ..content.model import Event
from ..content.model_media import Episode, Medium, Show
from ..content.revisions import Revision
from ..content.urls import episode_url, show_feed_path, show_url
from ..settings import Settings
from .i18n import Translator
from .page_kinds import Output, PageKind
from .podcast import ordered


@dataclass(frozen=True)
class ShowPage(PageKind):
    """A show's page: its episodes by season."""

    template: ClassVar[str] = "show"
    show: Show
    episodes: tuple[Episode, ...]

    def title(self, translations: Translator) -> str:
        return self.show.title

    def description(self, translations: Translator) -> str:
        return self.show.summary

    def last_modified(self, revisions: Mapping[str, Revision]) -> datetime | None:
        """When its newest episode was published."""
        return max((e.published for e in self.episodes), default=None)

    @property
    def subject(self) -> Show:
        return self.show


@dataclass(frozen=True)
class EpisodePage(PageKind):
    """An episode's page, with its player."""

    template: ClassVar[str] = "episode"
    show: Show
    episode: Episode
    event: Event | None  # the event it recorded, if any

    def title(self, translations: Translator) -> str:
        return f"{self.episode.title} – {self.show.title}"

    def description(self, translations: Translator) -> str:
        return self.episode.summary

    def last_modified(self, revisions: Mapping[str, Revision]) -> datetime | None:
        return self.episode.published

    @property
    def subject(self) -> Episode:
        """The episode's own file: an address clash names it, not the file of the event it recorded."""
        return self.episode


def recordings_by_event(catalog: Catalog) -> dict[str, list[tuple[str, str]]]:
    """Event id -> (title, page URL) of its recordings, for links from the event page."""
    shows = {s.id: s for s in catalog.shows}
    found: dict[str, list[tuple[str, str]]] = {}
    for episode in catalog.episodes:
        if episode.event:
            show = shows[episode.show]
            found.setdefault(episode.event, []).append((f"{show.title}: {episode.title}", episode_url(show, episode)))
    return found


def show_outputs(catalog: Catalog, settings: Settings) -> Iterator[Output]:
    events = {e.id: e for e in catalog.events}
    for show in catalog.shows:
        episodes = ordered(show, catalog.episodes_of(show))
        yield Output(show_url(show), ShowPage(show, tuple(episodes)), show_context(show, episodes, settings))
        for episode in episodes:
            event = events.get(episode.event or "")
            context = episode_context(show, episode, event, settings)
            yield Output(episode_url(show, episode), EpisodePage(show, episode, event), context)


def show_context(show: Show, episodes: list[Episode], settings: Settings) -> dict[str, Any]:
    seasons = [
        (season, list(group)) for season, group in groupby(episodes, key=lambda e: e.season)
    ]  # episodes arrive ordered, so each season is one run
    return {
        "show": show,
        "seasons": seasons,
        "episode_count": len(episodes),
        "feed_path": show_feed_path(show),
        "structured_data": series_data(show, settings),
    }


def episode_context(show: Show, episode: Episode, event: Event | None, settings: Settings) -> dict[str, Any]:
    return {
        "show": show,
        "episode": episode,
        "event": event,
        "feed_path": show_feed_path(show),
        "structured_data": episode_data(show, episode, settings),
    }


def series_data(show: Show, settings: Settings) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "PodcastSeries" if show.medium is Medium.PODCAST else "CreativeWorkSeries",
        "name": show.title,
        "description": show.summary,
        "url": f"{settings.site_url}/{show_url(show)}",
        "image": f"{settings.site_url}/{show.image.src}",
        "webFeed": f"{settings.site_url}/{show_feed_path(show)}",
        "inLanguage": show.language,
        "author": {"@type": "Organization", "name": show.author},
    }


def episode_data(show: Show, episode: Episode, settings: Settings) -> dict[str, Any]:
    site = settings.site_url
    media = episode.media
    duration = _iso_duration(media.duration) if media else None
    if show.medium is Medium.VIDEO:
        # Google's required VideoObject fields: name, thumbnailUrl, uploadDate (plus description, contentUrl).
        poster = episode.poster or episode.image or show.image
        return {
            "@context": "https://schema.org",
            "@type": "VideoObject",
            "name": episode.title,
            "description": episode.summary,
            "thumbnailUrl": [f"{site}/{poster.src}"],
            "uploadDate": episode.published.isoformat(),
            "inLanguage": show.language,
            **({"duration": duration, "contentUrl": f"{site}/{media.src}"} if media else {}),
            **({"embedUrl": episode.embed_url} if episode.embed_url else {}),
        }
    return {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "name": episode.title,
        "description": episode.summary,
        "url": f"{site}/{episode_url(show, episode)}",
        "datePublished": episode.published.isoformat(),
        "timeRequired": duration,
        "associatedMedia": {"@type": "MediaObject", "contentUrl": f"{site}/{media.src}"},
        "partOfSeries": {"@type": "PodcastSeries", "name": show.title, "url": f"{site}/{show_url(show)}"},
        **({"episodeNumber": episode.number} if episode.number else {}),
    }


def _iso_duration(seconds: float) -> str:
    whole = round(seconds)
    return f"PT{whole // 3600}H{whole % 3600 // 60}M{whole % 60}S"
