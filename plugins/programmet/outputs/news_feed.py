"""RSS 2.0 of newly added events, written with feedgen (pure: catalog in, bytes out).

"New" is when the calendar record first saw an event (``Revision.created``),
so the order survives rebuilds and file renames. A recurring series is one
item (its page, its rule and its next date), not one item per date: a new
weekly series would otherwise push everything else out of the feed. The GUID
is the calendar UID, which never changes; pubDate is when it was added, and
lastBuildDate the newest item, never the build time. The description is plain
text from the content's fields, escaped as HTML, which RSS readers take it for.

Beside the feed of the whole programme, each branch and each audience has its own
(``facet_news_feeds``): the same items and rules, only those of that branch or audience.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from html import escape

from feedgen.feed import FeedGenerator

from ..content.catalog import Catalog
from ..content.model import Branch
from ..content.urls import AUDIENCE, BRANCHES, DATA, branch_url, event_url, series_url
from ..settings import Term
from .formatter import Formatter
from .i18n import Translator
from .opendata_records import DataSetup
from .status import listed_title
from .vevents import uid_for

NEW_EVENTS = f"{DATA}/nye-arrangementer.xml"
NEW_EVENTS_FOLDER = f"{DATA}/nye-arrangementer"  # one feed per branch and per audience below it
LIMIT = 50


@dataclass(frozen=True)
class NewsLink:
    """Where one RSS of new events is, and its title (for <link rel="alternate"> and the page)."""

    title: str
    path: str


def branch_news(branch: Branch, translations: Translator) -> NewsLink:
    title = translations.gettext("Nye arrangementer på %(branch)s (RSS)") % {"branch": branch.short_name}
    return NewsLink(title, f"{NEW_EVENTS_FOLDER}/{BRANCHES}/{branch.id}.xml")


def audience_news(term: Term, translations: Translator) -> NewsLink:
    title = translations.gettext("Nye arrangementer: %(audience)s (RSS)") % {"audience": term.label}
    return NewsLink(title, f"{NEW_EVENTS_FOLDER}/{AUDIENCE}/{term.slug}.xml")


@dataclass(frozen=True)
class NewsFeed:
    """One RSS of new events: its file, its channel's title and page, and its items."""

    path: str
    title: str
    page: str  # the site page it belongs to, relative to the site
    items: tuple[NewItem, ...]


@dataclass(frozen=True)
class NewItem:
    key: str  # the permanent id of the event or series
    created: datetime
    title: str
    url: str
    description: str  # plain text; escaped as HTML when it is written
    categories: tuple[str, ...]
    branch: str = ""  # the branch's id, for the branch's own feed
    audiences: tuple[str, ...] = ()  # the audiences' ids, for their own feeds


def new_items(catalog: Catalog, setup: DataSetup, formatter: Formatter, limit: int | None = LIMIT) -> list[NewItem]:
    """The ``limit`` most recently added upcoming events and series, newest first (``None``: all of them)."""
    _ = formatter._
    upcoming = [e for e in catalog.events if e.when.last_day >= setup.today]
    items: list[NewItem] = []
    for event in upcoming:
        revision = setup.revisions.get(event.id)
        if event.is_occurrence or revision is None:
            continue
        d = event.details
        branch = setup.branches[d.branch]
        where = f"{branch.name}, {d.room}" if d.room else branch.name
        items.append(
            NewItem(
                key=event.id,
                created=revision.created,
                title=listed_title(d.title, event.status, formatter.translations),
                url=setup.url(event_url(event)),
                description=f"{_capital(formatter.when(event.when))}, {where}. {d.summary}",
                categories=(branch.name, setup.categories[d.category].label),
                branch=d.branch,
                audiences=d.audiences,
            )
        )
    next_dates = {}
    for event in sorted(upcoming, key=lambda e: (e.when.sort_key, e.id)):
        if event.is_occurrence and event.series not in next_dates:
            next_dates[event.series] = event
    for series in catalog.series:
        revision = setup.revisions.get(series.id)
        following = next_dates.get(series.id)
        if series.recurrence is None or following is None or revision is None:
            continue
        d = series.details
        branch = setup.branches[d.branch]
        rule = formatter.rule(series.recurrence)
        next_time = formatter.when(following.when)
        items.append(
            NewItem(
                key=series.id,
                created=revision.created,
                title=d.title,
                url=setup.url(series_url(series)),
                description=_("%(rule)s, %(place)s. Neste gang: %(when)s. %(summary)s")
                % {"rule": rule, "place": branch.name, "when": next_time, "summary": d.summary},
                categories=(branch.name, setup.categories[d.category].label),
                branch=d.branch,
                audiences=d.audiences,
            )
        )
    items.sort(key=lambda item: item.key)
    items.sort(key=lambda item: item.created, reverse=True)  # stable: equal times stay in id order
    return items[:limit]


def facet_news_feeds(
    items: list[NewItem], branches: tuple[Branch, ...], audiences: tuple[Term, ...], translations: Translator
) -> Iterator[NewsFeed]:
    """A feed per branch and per audience, each of ``items`` (all of them, newest first) cut to its own."""
    for branch in branches:
        own = tuple(item for item in items if item.branch == branch.id)[:LIMIT]
        yield NewsFeed(branch_news(branch, translations).path, branch.name, branch_url(branch), own)
    for term in audiences:
        own = tuple(item for item in items if term.id in item.audiences)[:LIMIT]
        yield NewsFeed(audience_news(term, translations).path, term.label, f"{AUDIENCE}/{term.slug}/", own)


def build_new_events_feed(
    items: list[NewItem] | tuple[NewItem, ...],
    setup: DataSetup,
    fallback_date: datetime,
    translations: Translator,
    language: str,
    facet: NewsFeed | None = None,
) -> bytes:
    """The channel and its items; ``fallback_date`` is lastBuildDate when there are no items.

    With ``facet``, the channel is that branch's or audience's (its title, its page, its address).
    """
    gettext = translations.gettext
    fg = FeedGenerator()
    names = {"organisation": setup.organisation, "title": facet.title if facet else ""}
    if facet:
        fg.title(gettext("%(organisation)s: nye arrangementer, %(title)s") % names)
        fg.description(gettext("De siste arrangementene som er lagt inn i programmet, %(title)s.") % names)
    else:
        fg.title(gettext("%(organisation)s: nye arrangementer") % names)
        fg.description(gettext("De siste arrangementene som er lagt inn i programmet til %(organisation)s.") % names)
    fg.language(language)
    fg.generator("Programmet")
    fg.link(href=setup.url(facet.path if facet else NEW_EVENTS), rel="self")
    # last: feedgen makes the last link the channel <link>
    fg.link(href=setup.url(facet.page if facet else ""), rel="alternate")
    # feedgen stamps "now" unless told otherwise; the newest item keeps two builds identical.
    fg.lastBuildDate(max((item.created for item in items), default=fallback_date))
    for item in items:
        entry = fg.add_entry(order="append")
        entry.guid(uid_for(setup.namespace, item.key), permalink=False)
        entry.title(item.title)
        entry.link(href=item.url)
        # RSS <description> is HTML to every reader; ours is plain text made of fields (a summary,
        # a branch, a room), so it is escaped: '<img onerror>' in a summary is shown, not run.
        entry.description(escape(item.description, quote=False))
        entry.pubDate(item.created)
        for category in item.categories:
            entry.category(term=category)
    return fg.rss_str(pretty=True)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
