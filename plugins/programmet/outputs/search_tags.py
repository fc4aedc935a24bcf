"""What each page tells Pagefind: its filters and result metadata (pure), the search page's filters, the Jinja filters.

Pagefind reads the finished HTML (build/search_index.py makes the index). Only
elements marked ``data-pagefind-body`` are indexed: the main content of event,
series and episode pages (a transcript included) and of plain pages; lists,
facet pages and the front page are not, so a search finds each thing once. Nor
are the dates of a series: a weekly series would fill the results with dozens
of copies, and its series page lists them all. Filters and result metadata are
Pagefind attributes on empty elements of each indexed page, rendered from the
``SearchTags`` below (pure, tested as functions); Pagefind splits a
"name:value" attribute at its first colon and nowhere else.

The search page (``/sok/``) queries the index with Pagefind's JS API and draws
its own results (theme/static/js/search.js); without JavaScript it offers the
facet pages instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ..content.model import Branch, Event, Series, Status
from ..content.model_media import Episode, Show
from ..content.urls import SEARCH_INDEX
from ..settings import Term
from .formatter import Formatter
from .i18n import N_

SEARCH_SCRIPT = f"{SEARCH_INDEX}/pagefind.js"  # the JS API the search page loads (build/search_index.py writes it)

# Filter names in the index and in the search page's addresses (/sok/?bibliotek=…); the page labels the groups.
FILTER_BRANCH = "bibliotek"
FILTER_CATEGORY = "kategori"
FILTER_AUDIENCE = "målgruppe"

# Metadata keys read by search.js ("title" is Pagefind's own, from the page's <h1>).
META_KIND = "type"
META_DATE = "dato"
META_PLACE = "sted"
META_STATUS = "status"  # the status in words: «Avlyst»
META_STATUS_ID = "status_id"  # the status's value, for the badge's style: "cancelled"

KIND_EVENT = N_("Arrangement")
KIND_SERIES = N_("Fast arrangement")
KIND_PAGE = N_("Side")


@dataclass(frozen=True)
class SearchTags:
    """What one page adds to the index beside its text: (filter, value) and (meta key, value) pairs."""

    filters: tuple[tuple[str, str], ...] = ()
    meta: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class FilterGroup:
    """One filter of the search page: its name in the index and its values, in the site's own order."""

    name: str
    values: tuple[str, ...]


def event_tags(
    event: Event,
    branches: Mapping[str, Branch],
    categories: Mapping[str, Term],
    audiences: Mapping[str, Term],
    formatter: Formatter,
) -> SearchTags | None:
    """None for a date of a series: its series page is the one result (with every date), not dozens of copies."""
    if event.is_occurrence:
        return None
    d = event.details
    meta = [(META_KIND, formatter.translations.gettext(KIND_EVENT)), (META_DATE, formatter.when(event.when))]
    meta.append((META_PLACE, _place(branches[d.branch], d.room)))
    if event.status is not Status.SCHEDULED:
        meta += [(META_STATUS, formatter.status_label(event.status)), (META_STATUS_ID, event.status.value)]
    return SearchTags(_facets(d.branch, d.category, d.audiences, branches, categories, audiences), tuple(meta))


def series_tags(
    series: Series,
    branches: Mapping[str, Branch],
    categories: Mapping[str, Term],
    audiences: Mapping[str, Term],
    formatter: Formatter,
) -> SearchTags:
    d = series.details
    meta = [(META_KIND, formatter.translations.gettext(KIND_SERIES))]
    if series.recurrence:
        meta.append((META_DATE, formatter.rule(series.recurrence)))
    meta.append((META_PLACE, _place(branches[d.branch], d.room)))
    return SearchTags(_facets(d.branch, d.category, d.audiences, branches, categories, audiences), tuple(meta))


def episode_tags(episode: Episode, show: Show, formatter: Formatter) -> SearchTags:
    """Episodes belong to no branch or category; the show's title says what they are."""
    return SearchTags(meta=((META_KIND, show.title), (META_DATE, formatter.day(episode.published.date()))))


def page_tags(formatter: Formatter) -> SearchTags:
    return SearchTags(meta=((META_KIND, formatter.translations.gettext(KIND_PAGE)),))


def filter_groups(
    branches: Iterable[Branch], categories: Iterable[Term], audiences: Iterable[Term]
) -> dict[str, FilterGroup]:
    """What the search page can filter by; the values are those the pages' tags give (``_facets``)."""
    return {
        "branch": FilterGroup(FILTER_BRANCH, tuple(b.name for b in branches)),
        "category": FilterGroup(FILTER_CATEGORY, tuple(t.label for t in categories)),
        "audience": FilterGroup(FILTER_AUDIENCE, tuple(t.label for t in audiences)),
    }


def _facets(
    branch: str,
    category: str,
    audience_ids: tuple[str, ...],
    branches: Mapping[str, Branch],
    categories: Mapping[str, Term],
    audiences: Mapping[str, Term],
) -> tuple[tuple[str, str], ...]:
    return (
        (FILTER_BRANCH, branches[branch].name),
        (FILTER_CATEGORY, categories[category].label),
        *((FILTER_AUDIENCE, audiences[a].label) for a in audience_ids),
    )


def _place(branch: Branch, room: str | None) -> str:
    return f"{branch.name}, {room}" if room else branch.name


def make_filters(formatter: Formatter) -> dict[str, Callable[..., SearchTags | None]]:
    """Jinja filters: ``event|event_search(branches, categories, audiences)`` and the like."""
    return {
        "event_search": lambda event, branches, categories, audiences: event_tags(
            event, branches, categories, audiences, formatter
        ),
        "series_search": lambda series, branches, categories, audiences: series_tags(
            series, branches, categories, audiences, formatter
        ),
        "episode_search": lambda episode, show: episode_tags(episode, show, formatter),
        "page_search": lambda page: page_tags(formatter),
    }
