"""The combined facet pages (branch × audience, language, accessibility) and the links to them: pure.

Each facet of outputs/facets.py is a list of upcoming events by day, paginated like a
branch's page, with its own calendar feed. The branch and audience pages link their
combinations with counts (``branch_audience_links``, ``audience_branch_links``), and the
calendar help page groups the new feeds (``facet_feed_groups``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

from ..content.catalog import Catalog
from ..content.model import Branch, Event
from ..content.urls import AUDIENCE, branch_audience_url
from ..settings import Settings, Term
from .calendars import FeedLink
from .facets import access_features, all_facets, branch_audience_key, languages
from .i18n import Translator
from .listings import group_by_day, listing_pages
from .news_feed import audience_news, branch_news
from .page_kinds import BranchPage, ListingPage, Output, ProgrammePage


@dataclass(frozen=True)
class FacetPage(ListingPage):
    """One page of a combined facet's list: a branch for one audience, a language, an accessibility feature."""

    template: ClassVar[str] = "facet"
    branch: Branch | None = None  # a branch × audience page comes from its branch's file

    @property
    def subject(self) -> Branch | None:
        return self.branch


@dataclass(frozen=True)
class FacetLink:
    """A link to a facet's page with how many upcoming events it lists."""

    label: str
    url: str
    count: int


def facet_outputs(
    catalog: Catalog,
    upcoming: Sequence[Event],
    settings: Settings,
    feeds: Mapping[str, FeedLink],
    translations: Translator,
) -> Iterator[Output]:
    """Every facet's pages; an empty facet is one page that says so (and links the branch, if it has one)."""
    by_branch: dict[str, list[Event]] = {}
    for event in upcoming:
        by_branch.setdefault(event.details.branch, []).append(event)
    for facet in all_facets(catalog, settings, translations):
        events = [e for e in upcoming if facet.matches(e.details)]
        context: dict = {
            "heading": facet.heading,
            "kind_label": facet.kind_label,
            "branch": facet.branch,
            "term": facet.term,
            "calendar_feed": feeds[facet.key],
        }
        if facet.branch is not None:
            context["audience_links"] = branch_audience_links(
                facet.branch, by_branch.get(facet.branch.id, []), settings
            )
        kind = partial(FacetPage, facet.heading, branch=facet.branch)
        yield from listing_pages(facet.url, kind, group_by_day(events, settings.today), settings.page_size, context)


def branch_audience_links(branch: Branch, branch_upcoming: Sequence[Event], settings: Settings) -> list[FacetLink]:
    """«For hvem» on a branch's page: each audience's page at the branch, with its count (0 too)."""
    counts = Counter(a for e in branch_upcoming for a in e.details.audiences)
    return [FacetLink(t.label, branch_audience_url(branch, t.slug), counts[t.id]) for t in settings.audiences]


def audience_branch_links(term: Term, matching: Sequence[Event], branches: Sequence[Branch]) -> list[FacetLink]:
    """On an audience's page: each branch's page for that audience, with its count (0 too)."""
    counts = Counter(e.details.branch for e in matching)
    return [FacetLink(b.name, branch_audience_url(b, term.slug), counts[b.id]) for b in branches]


def with_facet_links(
    outputs: Iterator[Output], catalog: Catalog, settings: Settings, translations: Translator
) -> Iterator[Output]:
    """Branch pages and audience pages, with links to their combinations and their RSS of new events.

    A branch's page lists its audience pages with counts («For hvem»), an audience's page its
    branches' pages for that audience; both link their own RSS of newly added events.
    """
    by_branch: dict[str, list[Event]] = {}
    by_audience: dict[str, list[Event]] = {}
    for event in catalog.events:  # grouped once: a long list has many pages, each asking the same
        if event.when.last_day >= settings.today:
            by_branch.setdefault(event.details.branch, []).append(event)
            for audience in event.details.audiences:
                by_audience.setdefault(audience, []).append(event)
    audiences = {f"{AUDIENCE}/{t.slug}/": t for t in settings.audiences}
    for output in outputs:
        extras: dict[str, Any] = {}
        if isinstance(output.kind, BranchPage):
            branch = output.kind.branch
            extras = {
                "audience_links": branch_audience_links(branch, by_branch.get(branch.id, []), settings),
                "news_feed": branch_news(branch, translations),
            }
        elif isinstance(output.kind, ProgrammePage) and (term := audiences.get(output.kind.pager.base_url)):
            extras = {
                "branch_links": audience_branch_links(term, by_audience.get(term.id, []), catalog.branches),
                "news_feed": audience_news(term, translations),
            }
        yield Output(output.url, output.kind, {**output.context, **extras}) if extras else output


@dataclass(frozen=True)
class BranchFeeds:
    """A branch's audience feeds, for the calendar help page (one folding group per branch)."""

    branch: Branch
    feeds: tuple[FeedLink, ...]


def facet_feed_context(
    groups: list[tuple[str, list[FeedLink]]],
    catalog: Catalog,
    settings: Settings,
    feeds: Mapping[str, FeedLink],
    translations: Translator,
) -> dict[str, Any]:
    """/kalender/'s groups with language and accessibility added, and branch × audience per branch."""
    gettext = translations.gettext
    more = [
        (gettext("Språk"), [feeds[f.key] for f in languages(catalog, settings, translations)]),
        (gettext("Tilgjengelighet"), [feeds[f.key] for f in access_features(translations)]),
    ]
    per_branch = [
        BranchFeeds(b, tuple(feeds[branch_audience_key(b, t)] for t in settings.audiences)) for b in catalog.branches
    ]
    return {"feed_groups": groups + [g for g in more if g[1]], "branch_audience_feeds": per_branch}
