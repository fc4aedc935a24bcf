"""Old addresses keep working: where each permanent id is published, and redirects from where it was.

Calendar UIDs and feed GUIDs come from permanent ids, so they never move (ical.py,
podcast.py). Web addresses do: an event's, a series' and an episode's address is
its file name, and a show's is its ``id`` (its permanent identity is its ``guid``).
Renaming a file moves the page while shared links, bookmarks and search results
keep the old address. So the committed record (``calendar-state.json``,
revisions.Addresses) keeps the address each id was last published at and every
address an id has left; a chain A → B → C sends both A and B straight to C.

What a build writes at an old address (generators.py):

- a small redirect page (theme/templates/redirect.html: refresh, canonical,
  noindex and a plain link), never listed in the sitemap or the search index;
- beside an event's old page, a copy of its calendar file, and at a series' old
  feed address a copy of its feed: calendar apps cannot follow an HTML redirect,
  and a copy carries the same UIDs, so whoever subscribed to the old address keeps
  getting updates and never gets duplicates;
- at a show's old feed address, the feed with ``<itunes:new-feed-url>``, which
  tells podcast apps to move the subscription.

A series occurrence's address is its series' file name and its date, so the
occurrences follow their series; they are not recorded one by one (the record
would then change every day as the programme's horizon moves).

A live page always wins: an old address that another page uses now gets no
redirect. Nor does an id that is gone (a deleted event): its old addresses answer
with the 404 page, which says the page may have been removed and links to the
programme. A redirect to the programme would look like the event's page without
the event, which is more confusing than an honest "not found".
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from ..content.catalog import Catalog
from ..content.revisions import Addresses
from ..content.urls import EVENT, SERIES, episode_url, event_url, series_url, show_feed_at, show_url
from .calendars import feed_path, series_feed_key, single_path_at

EVENT_KIND, SERIES_KIND, EPISODE_KIND, SHOW_KIND = "event", "series", "episode", "show"


@dataclass(frozen=True)
class Published:
    """A page this build publishes under a permanent key."""

    kind: str
    url: str
    title: str


@dataclass(frozen=True, order=True)
class Redirect:
    old: str  # the address left behind, relative to the site ("arrangement/gammelt-navn/")
    new: str  # where the page is now
    kind: str
    key: str
    title: str

    @property
    def save_as(self) -> str:
        return f"{self.old}index.html"

    @property
    def copies(self) -> tuple[tuple[str, str], ...]:
        """Calendar files apps fetch without a browser, as (old path, path now): copied, not redirected."""
        if self.kind == EVENT_KIND:
            return ((single_path_at(self.old), single_path_at(self.new)),)
        if self.kind == SERIES_KIND:
            return ((feed_path(series_feed_key(_slug(self.old))), feed_path(series_feed_key(_slug(self.new)))),)
        return ()

    @property
    def old_feed(self) -> str | None:
        """A show's old feed address, where the feed names its new one."""
        return show_feed_at(self.old) if self.kind == SHOW_KIND else None


@dataclass(frozen=True)
class Plan:
    redirects: tuple[Redirect, ...]
    taken: tuple[tuple[str, str], ...]  # (old address, key): a live page is there now, so no redirect


def key(kind: str, ident: str) -> str:
    return f"{kind}:{ident}"


def published(catalog: Catalog) -> dict[str, Published]:
    """Every page with a permanent key (one-off events, series, episodes, shows), by key."""
    found = {
        key(EVENT_KIND, e.id): Published(EVENT_KIND, event_url(e), e.details.title)
        for e in catalog.events
        if not e.is_occurrence
    }
    found |= {key(SERIES_KIND, s.id): Published(SERIES_KIND, series_url(s), s.details.title) for s in catalog.series}
    shows = {s.id: s for s in catalog.shows}
    found |= {key(SHOW_KIND, str(s.guid)): Published(SHOW_KIND, show_url(s), s.title) for s in catalog.shows}
    found |= {
        key(EPISODE_KIND, e.id): Published(EPISODE_KIND, episode_url(shows[e.show], e), e.title)
        for e in catalog.episodes
        if e.show in shows
    }
    return found


def update(previous: Addresses, now: Mapping[str, Published]) -> Addresses:
    """The record after this build: every key's address now, and every address a key has left.

    Keys that are gone keep their last address, so an id that comes back also brings
    back the redirects from where it was before.
    """
    published_at = dict(previous.published)
    moved = dict(previous.moved)
    for name, page in sorted(now.items()):
        before = previous.published.get(name)
        if before is not None and before != page.url:
            moved[before] = name  # the latest page to leave an address is the one links there meant
        published_at[name] = page.url
    return Addresses(published_at, moved)


def plan(addresses: Addresses, catalog: Catalog, live: Collection[str]) -> Plan:
    """The redirects to write: from each old address of a key published now, unless a live page is there."""
    now = published(catalog)
    wanted: list[Redirect] = []
    for old, name in sorted(addresses.moved.items()):
        page = now.get(name)
        if page is None or page.url == old:  # gone (a 404 is honest), or back where it was
            continue
        wanted.append(Redirect(old, page.url, page.kind, name, page.title))
        if page.kind == SERIES_KIND:
            wanted.extend(_occurrences(catalog, name, old))
    redirects = tuple(sorted(r for r in wanted if r.old not in live))
    taken = tuple(sorted((r.old, r.key) for r in wanted if r.old in live))
    return Plan(redirects, taken)


def _occurrences(catalog: Catalog, series_key: str, old_series_url: str) -> list[Redirect]:
    """A moved series' dates, from the addresses they had under its old file name.

    occurrences.expand names a date ``<series file name>/<original date>``.
    """
    old_slug = _slug(old_series_url)
    dates = [e for e in catalog.events if e.recurrence_date and key(SERIES_KIND, e.series or "") == series_key]
    return [
        Redirect(
            f"{EVENT}/{old_slug}/{e.recurrence_date.isoformat()}/",
            event_url(e),
            EVENT_KIND,
            series_key,
            e.details.title,
        )
        for e in dates
    ]


def _slug(series_page: str) -> str:
    """A series' file name from its address (the inverse of urls.series_url)."""
    return series_page.removeprefix(f"{SERIES}/").removesuffix("/")
