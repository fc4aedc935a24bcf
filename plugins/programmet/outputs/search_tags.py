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

An event or series also carries the days it takes place and its times
(outputs/search_times.py), from which the browser orders the results by its own
clock and names a series' next date; its language (when not the site's) and its
accessibility features are filters too.

The search page (``/sok/``) queries the index with Pagefind's JS API and draws
its own results (theme/static/js/search.js); without JavaScript it offers the
facet pages instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from babel.dates import get_month_names

from ..content.model import Branch, Event, EventDetails, Series, Status
from ..content.model_media import Episode, Show
from ..content.urls import SEARCH_INDEX
from ..settings import Term
from .formatter import Formatter
from .i18n import N_
from .search_times import FILTER_DAY, META_TIMES, days, taking_place, times

SEARCH_SCRIPT = f"{SEARCH_INDEX}/pagefind.js"  # the JS API the search page loads (build/search_index.py writes it)

# Filter names in the index and in the search page's addresses (/sok/?bibliotek=…); the page labels the groups.
FILTER_BRANCH = "bibliotek"
FILTER_CATEGORY = "kategori"
FILTER_AUDIENCE = "målgruppe"
FILTER_LANGUAGE = "språk"  # an event's language when it is not the site's: «Arabisk», «Engelsk»
FILTER_ACCESS = "tilgjengelighet"  # «Tegnspråktolket», «Teleslynge», …

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
    meta.append((META_TIMES, times([event.when])))
    facets = _facets(d.branch, d.category, d.audiences, branches, categories, audiences)
    when = tuple((FILTER_DAY, day) for day in days([event.when]))
    return SearchTags((*facets, *_finding(event.details, formatter), *when), tuple(meta))


def series_tags(
    series: Series,
    dates: Iterable[Event],
    branches: Mapping[str, Branch],
    categories: Mapping[str, Term],
    audiences: Mapping[str, Term],
    formatter: Formatter,
) -> SearchTags:
    """One result for the whole series: its days and times let the browser name its next date."""
    d = series.details
    meta = [(META_KIND, formatter.translations.gettext(KIND_SERIES))]
    if series.recurrence:
        meta.append((META_DATE, formatter.rule(series.recurrence)))
    meta.append((META_PLACE, _place(branches[d.branch], d.room)))
    spans = taking_place(dates)
    if spans:
        meta.append((META_TIMES, times(spans)))
    facets = _facets(d.branch, d.category, d.audiences, branches, categories, audiences)
    when = tuple((FILTER_DAY, day) for day in days(spans))
    return SearchTags((*facets, *_finding(d, formatter), *when), tuple(meta))


def episode_tags(episode: Episode, show: Show, formatter: Formatter) -> SearchTags:
    """Episodes belong to no branch or category; the show's title says what they are."""
    return SearchTags(meta=((META_KIND, show.title), (META_DATE, formatter.day(episode.published.date()))))


def page_tags(formatter: Formatter) -> SearchTags:
    return SearchTags(meta=((META_KIND, formatter.translations.gettext(KIND_PAGE)),))


def filter_groups(
    branches: Iterable[Branch], categories: Iterable[Term], audiences: Iterable[Term]
) -> dict[str, FilterGroup]:
    """What the search page can filter by; the values are those the pages' tags give (``_facets``).

    Languages and accessibility have no values here: the search page offers those the index has
    (theme/static/js/search.js), so a language no event is in is never offered.
    """
    return {
        "branch": FilterGroup(FILTER_BRANCH, tuple(b.name for b in branches)),
        "category": FilterGroup(FILTER_CATEGORY, tuple(t.label for t in categories)),
        "audience": FilterGroup(FILTER_AUDIENCE, tuple(t.label for t in audiences)),
        "language": FilterGroup(FILTER_LANGUAGE, ()),
        "access": FilterGroup(FILTER_ACCESS, ()),
    }


def _finding(details: EventDetails, formatter: Formatter) -> tuple[tuple[str, str], ...]:
    """Language (when not the site's) and accessibility filters, in words residents read."""
    found = [(FILTER_ACCESS, formatter.access_label(a)) for a in details.accessibility]
    if formatter.is_other_language(details.language):
        found.insert(0, (FILTER_LANGUAGE, language_label(details.language, formatter)))
    return tuple(found)


def language_label(code: str, formatter: Formatter) -> str:
    """«Arabisk» for ``ar``: the language's name in the site's language, capitalised as a filter's label."""
    name = formatter.language_name(code)
    return name[:1].upper() + name[1:]


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
        "series_search": lambda series, dates, branches, categories, audiences: series_tags(
            series, dates, branches, categories, audiences, formatter
        ),
        "episode_search": lambda episode, show: episode_tags(episode, show, formatter),
        "page_search": lambda page: page_tags(formatter),
        "search_clock": lambda pattern: clock_pattern(pattern, formatter),
        "search_names": lambda kind: calendar_names(kind, formatter),
    }


def calendar_names(kind: str, formatter: Formatter) -> str:
    """Weekday names from Monday, or month names from January, separated by spaces: the browser names a
    series' next date with the same words as the build («tysdag 14. januar» on a nynorsk site)."""
    if kind == "weekdays":
        return " ".join(formatter.weekday_name(n) for n in range(7))
    months = get_month_names("wide", locale=formatter.locale)
    return " ".join(months[n] for n in range(1, 13))


def clock_pattern(pattern: str, formatter: Formatter) -> str:
    """``{hh}:{mm}`` with the site's separator between hours and minutes, for the browser to fill in."""
    return pattern.replace(":", formatter.clock(datetime(2000, 1, 1, 0, 0))[2:3])
