"""The calendar files of one build, each component serialised once and kept for the next build.

outputs/ical.py and vevents.py make every file from the catalog and the setup
alone. This module makes them faster, and nothing else (deleting the memos
below gives the same bytes, slower):

- each event's and series' VEVENTs are serialised once for the build and handed
  to every file that holds them as ``serialised`` (an event is in five or six
  feeds and has a file of its own; the 7-day feeds hold the same components);
- an event's serialised VEVENT is kept in the build cache (``vevents.pickle``)
  by what it is made of: the event, its revisions and the setup;
- a feed is kept (``feeds.pickle``) by its frame and its events' keys, so an
  edit rebuilds only the feeds that hold the edited event.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..content.catalog import Catalog
from ..content.model import Series
from ..content.revisions import Revision
from ..outputs import ical
from ..outputs.addresses import Owner
from ..outputs.calendars import Feed, feed_path, single_path
from ..outputs.screens import window_setup
from ..outputs.vevents import CalendarSetup, SerialisedVEvent, event_parts, parts_key, series_parts, setup_identity
from .cache import Memo
from .fingerprint import Fingerprints
from .progress import Progress

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CalendarFile:
    path: str  # relative to the site
    data: bytes
    owner: Owner


class CalendarFiles:
    """One build's calendar files, with the VEVENTs and feeds the last build kept in ``folder``."""

    def __init__(self, folder: Path, prints: Fingerprints, environment: str) -> None:
        self.prints = prints
        self.environment = environment
        self.vevents = Memo(folder / "vevents.pickle")
        self.feeds = Memo(folder / "feeds.pickle")

    def files(
        self, catalog: Catalog, feeds: Iterable[Feed], windows: Iterable[Feed], setup: CalendarSetup
    ) -> Iterator[CalendarFile]:
        """Every calendar feed, a file per event for «add to calendar», then the 7-day feeds."""
        serialised, keys = self._serialise(catalog, setup)
        for feed in feeds:
            built = self._feed(feed, setup, serialised, keys)
            if built.left_out:
                logger.warning(
                    "%s: left out the %d farthest of %d events to stay under %d bytes "
                    "(raise PROGRAMMET_CALENDAR_MAX_BYTES, or subscribe to a narrower feed).",
                    feed_path(feed.key), built.left_out, built.events + built.left_out, setup.max_bytes,
                )  # fmt: skip
            yield CalendarFile(feed_path(feed.key), built.data, Owner(feed.source, "calendar feed"))
        progress = Progress("Writing calendar files", len(catalog.events), logger)
        for event in catalog.events:
            data = ical.build_single(event, setup, serialised)
            yield CalendarFile(single_path(event), data, Owner(event.source_path, "calendar file"))
            progress.step()
        self.feeds.save()
        self.vevents.save()
        # Signage players look again within the hour; their components are the same as everywhere.
        window = window_setup(setup)
        for feed in windows:
            built = ical.build_feed(feed.info, feed.events, feed.series, window, serialised)
            yield CalendarFile(feed_path(feed.key), built.data, Owner(feed.source, "7-day calendar feed"))

    def _serialise(
        self, catalog: Catalog, setup: CalendarSetup
    ) -> tuple[dict[str, tuple[SerialisedVEvent, ...]], dict[str, str]]:
        """Every event's and series' components, by ``parts_key``; and each event's key in the build cache."""
        scope = self.prints.hex(self.environment, setup_identity(setup))
        serialised: dict[str, tuple[SerialisedVEvent, ...]] = {}
        keys: dict[str, str] = {}
        for event in catalog.events:
            # An occurrence without changes of its own shares its series' revision.
            revisions = (setup.revisions.get(event.id), setup.revisions.get(event.series or event.id))
            keys[event.id] = key = self.prints.hex(scope, event, revisions)
            parts = self.vevents.get(key)
            if parts is None:
                parts = event_parts(event, setup)
            self.vevents.put(key, parts)
            serialised[parts_key(event)] = parts
        for series in catalog.series:
            serialised[parts_key(series)] = series_parts(series, setup)
        return serialised, keys

    def _feed(
        self,
        feed: Feed,
        setup: CalendarSetup,
        serialised: dict[str, tuple[SerialisedVEvent, ...]],
        keys: dict[str, str],
    ) -> ical.BuiltFeed:
        # A feed is its frame, its events' components (each named by its key) and its series' rules.
        key = self.prints.hex(
            self.environment, setup_identity(setup), setup.max_bytes, setup.vtimezone, feed.info,
            [keys[event.id] for event in feed.events], feed.series, _series_revisions(feed.series, setup),
        )  # fmt: skip
        built = self.feeds.get(key) or ical.build_feed(feed.info, feed.events, feed.series, setup, serialised)
        self.feeds.put(key, built)
        return built


def _series_revisions(series: Sequence[Series], setup: CalendarSetup) -> list[Revision | None]:
    return [setup.revisions.get(one.id) for one in series]
