"""The podcast and BibliotekTV model: shows and episodes (frozen, parsed once).

Front-matter fields are listed in docs/content-reference.md ("Show", "Episode"). Media facts
(duration, size, type) are read from the files, never typed by hand.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from .model import Image


class Medium(Enum):
    PODCAST = "podcast"
    VIDEO = "video"


class EpisodeType(Enum):
    FULL = "full"
    TRAILER = "trailer"
    BONUS = "bonus"


@dataclass(frozen=True)
class MediaFile:
    src: str  # path under the content folder, ASCII only
    mime: str
    length: int  # bytes, the enclosure length
    duration: float  # seconds


@dataclass(frozen=True)
class Chapter:
    start: float  # seconds
    title: str


@dataclass(frozen=True)
class Cue:
    """One cue of a WebVTT transcript, for reading on the page."""

    start: float
    speaker: str | None
    text: str


@dataclass(frozen=True)
class Person:
    name: str
    role: str


@dataclass(frozen=True)
class Show:
    """A podcast or video show (content/shows/<id>.md)."""

    id: str
    guid: uuid.UUID
    medium: Medium
    title: str
    summary: str
    author: str
    owner_name: str
    owner_email: str
    language: str
    category: str
    subcategory: str | None
    explicit: bool
    serial: bool
    image: Image
    apple_url: str | None
    spotify_url: str | None
    body_html: str
    source_path: str


@dataclass(frozen=True)
class Episode:
    """One episode (content/episodes/<show>/<slug>.md); ``id`` is its permanent feed GUID."""

    id: str
    slug: str
    show: str
    title: str
    published: datetime
    season: int | None
    number: int | None
    episode_type: EpisodeType
    summary: str
    media: MediaFile | None  # None only for a video that is hosted elsewhere (embed_url)
    embed_url: str | None
    transcript: str | None
    transcript_cues: tuple[Cue, ...]
    chapters: tuple[Chapter, ...]
    persons: tuple[Person, ...]
    explicit: bool
    image: Image | None
    poster: Image | None
    event: str | None
    body_html: str
    source_path: str
