"""The site's pages, computed from the catalog: what each page shows, and where.

Pure: no Pelican, no templates. Grouping, sorting, "upcoming vs past" and
pagination happen here so templates only lay things out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, timedelta
from functools import partial
from typing import Any

from ..content.catalog import Catalog
from ..content.model import Event
from ..content.urls import (  # fmt: skip
    ARCHIVE,
    AUDIENCE,
    BRANCHES,
    CALENDAR,
    CATEGORY,
    PROGRAMME,
    SEARCH,
    SERIES,
    THEME,
    branch_url,
    event_url,
    series_url,
)
from ..settings import Settings, Term
from .calendars import ALL, FeedLink, add_to_calendar
from .deferred import Deferred
from .facet_pages import facet_feed_context, facet_outputs, with_facet_links
from .i18n import Translator
from .listings import DayGroup, group_by_day, is_upcoming, listing_pages
from .month_pages import month_overview, month_pages
from .page_kinds import (
    ArchivePage,
    BranchesPage,
    BranchPage,
    CalendarsPage,
    ContentPage,
    EventPage,
    FrontPage,
    Output,
    ProgrammePage,
    SearchPage,
    SeriesIndexPage,
    SeriesPage,
)
from .programme_data import PROGRAMME_DATA, filter_choices
from .related import Suggester
from .search_tags import SEARCH_SCRIPT, filter_groups
from .structured_data import event_data

HIGHLIGHTS = 6
OTHER_DATES = 8


# -- the site ----------------------------------------------------------------------


def site_outputs(
    catalog: Catalog,
    settings: Settings,
    feeds: Mapping[str, FeedLink],
    recordings: Mapping[str, list[tuple[str, str]]] | None = None,
    *,
    translations: Translator,
) -> Iterator[Output]:
    """The programme's pages; ``feeds`` are the calendar feeds by key, ``recordings`` episode links by event id.

    Headings made here are in the site's language (``translations``); templates translate their own text.
    """
    gettext = translations.gettext
    today = settings.today
    upcoming = [e for e in catalog.events if is_upcoming(e, today)]
    past = [e for e in catalog.events if not is_upcoming(e, today)]
    by_series = _index(catalog.events, lambda e: e.series)
    yield front_page(catalog, upcoming, settings, feeds[ALL])
    heading = gettext("Hele programmet")
    yield from listing_pages(
        f"{PROGRAMME}/", partial(ProgrammePage, heading), group_by_day(upcoming, today), settings.page_size,
        {"heading": heading, "kind_label": None, "term": None, "calendar_feed": feeds[ALL],
         "filters": filter_choices(catalog, settings, translations), "filters_data": PROGRAMME_DATA,
         "month_links": month_overview(catalog, settings)},
    )  # fmt: skip
    archive_days = list(reversed(group_by_day(past, None)))
    heading = gettext("Arkiv")
    yield from listing_pages(
        f"{ARCHIVE}/", partial(ArchivePage, heading), archive_days, settings.page_size, {"heading": heading}
    )
    yield from with_facet_links(facet_pages(upcoming, settings, feeds, translations), catalog, settings, translations)
    yield from with_facet_links(branch_pages(catalog, upcoming, settings, feeds), catalog, settings, translations)
    yield from month_pages(catalog, settings, translations)
    yield from facet_outputs(catalog, upcoming, settings, feeds, translations)
    yield from series_pages(catalog, by_series, today, feeds)
    yield from event_pages(catalog, by_series, settings, recordings or {}, Suggester(upcoming))
    yield calendar_help_page(catalog, settings, feeds, translations)
    yield search_page(catalog, settings)
    for page in catalog.pages:
        yield Output(f"{page.slug}/", ContentPage(page), {"page": page})


def search_page(catalog: Catalog, settings: Settings) -> Output:
    """/sok/: the search form; results come from Pagefind in the browser, facet links without JavaScript."""
    groups = filter_groups(catalog.branches, settings.categories, settings.audiences)
    return Output(f"{SEARCH}/", SearchPage(), {"search_filters": groups, "search_script": SEARCH_SCRIPT})


def front_page(catalog: Catalog, upcoming: list[Event], settings: Settings, feed: FeedLink | None = None) -> Output:
    today = settings.today
    days = group_by_day(upcoming, today)
    week_end = _end_of_week(today)
    next_by_series = {}
    for event in upcoming:
        if event.series and event.series not in next_by_series:
            next_by_series[event.series] = event
    context = {
        "today_group": next((g for g in days if g.day == today), DayGroup(today, ())),
        "week": [g for g in days if today < g.day <= week_end],
        "highlights": [e for e in upcoming if e.featured][:HIGHLIGHTS],
        "series_list": [(s, next_by_series.get(s.id)) for s in catalog.series],
        "calendar_feed": feed,
    }
    return Output("", FrontPage(), context)


def _end_of_week(today: date) -> date:
    """The coming Sunday; at the weekend, the Sunday after, so the list is never nearly empty."""
    sunday = today + timedelta(days=6 - today.weekday())
    return sunday + timedelta(days=7) if today.weekday() >= 5 else sunday


def facet_pages(
    upcoming: list[Event], settings: Settings, feeds: Mapping[str, FeedLink], translations: Translator
) -> Iterator[Output]:
    gettext = translations.gettext
    facets: list[tuple[str, tuple[Term, ...], Callable[[Event, Term], bool], str]] = [
        (CATEGORY, settings.categories, lambda e, t: e.details.category == t.id, gettext("Kategori")),
        (AUDIENCE, settings.audiences, lambda e, t: t.id in e.details.audiences, gettext("Målgruppe")),
        (THEME, settings.themes, lambda e, t: e.details.theme == t.id, gettext("Temadag")),
    ]
    for prefix, terms, matches, kind_label in facets:
        for term in terms:
            days = group_by_day([e for e in upcoming if matches(e, term)], settings.today)
            feed = feeds[f"{prefix}/{term.slug}"]
            context = {"heading": term.label, "kind_label": kind_label, "term": term, "calendar_feed": feed}
            kind = partial(ProgrammePage, term.label)
            yield from listing_pages(f"{prefix}/{term.slug}/", kind, days, settings.page_size, context)


def branch_pages(
    catalog: Catalog, upcoming: list[Event], settings: Settings, feeds: Mapping[str, FeedLink]
) -> Iterator[Output]:
    yield Output(f"{BRANCHES}/", BranchesPage(), {"branch_list": catalog.branches})
    by_branch = _index(upcoming, lambda e: e.details.branch)
    for branch in catalog.branches:
        days = group_by_day(by_branch.get(branch.id, []), settings.today)
        context = {"branch": branch, "heading": branch.name, "calendar_feed": feeds[f"{BRANCHES}/{branch.id}"]}
        context["month_links"] = month_overview(catalog, settings, branch)
        yield from listing_pages(branch_url(branch), partial(BranchPage, branch), days, settings.page_size, context)


def series_pages(
    catalog: Catalog, by_series: dict[str, list[Event]], today: date, feeds: Mapping[str, FeedLink]
) -> Iterator[Output]:
    yield Output(f"{SERIES}/", SeriesIndexPage(), {"series_list": catalog.series})
    for series in catalog.series:
        events = by_series.get(series.id, [])
        upcoming = [e for e in events if is_upcoming(e, today)]
        context = {
            "series": series,
            "upcoming": upcoming,
            "past": list(reversed([e for e in events if not is_upcoming(e, today)])),
            "calendar_feed": feeds[f"{SERIES}/{series.slug}"],
        }
        yield Output(series_url(series), SeriesPage(series), context)


def event_pages(
    catalog: Catalog,
    by_series: dict[str, list[Event]],
    settings: Settings,
    recordings: Mapping[str, list[tuple[str, str]]],
    suggester: Suggester,
) -> Iterator[Output]:
    """One page per event and per series occurrence, past ones included (the archive links to them).

    An upcoming event's page suggests what to go to next; a past one's does not, or its
    page would change every day as its suggestions passed.
    """
    branches = {b.id: b for b in catalog.branches}
    labels = {t.id: t.label for t in settings.audiences}
    for event in catalog.events:
        context = event_context(event, by_series, settings.today)
        branch = branches[event.details.branch]
        location = f"{branch.name}, {branch.address.street}, {branch.address.postal_code} {branch.address.town}"
        context["recordings"] = recordings.get(event.id, [])
        context["suggestions"] = () if context["is_past"] else suggester.for_event(event)
        # Worked out only if the page is rendered: most event pages come unchanged from the build cache.
        context["add_to_calendar_links"] = Deferred(
            add_to_calendar, (event, location, settings.site_url, settings.timezone.key)
        )
        context["structured_data"] = Deferred(
            event_data,
            (event, branch, event_url(event), settings.site_url, settings.organisation,
             [labels[a] for a in event.details.audiences], settings.organisation_url),
        )  # fmt: skip
        yield Output(event_url(event), EventPage(event), context)


def calendar_help_page(
    catalog: Catalog, settings: Settings, feeds: Mapping[str, FeedLink], translations: Translator
) -> Output:
    """The help page: how to subscribe, and every feed there is, grouped as on the site."""
    gettext = translations.gettext
    groups = [
        (gettext("Bibliotekene"), [feeds[f"{BRANCHES}/{b.id}"] for b in catalog.branches]),
        (gettext("For hvem"), [feeds[f"{AUDIENCE}/{t.slug}"] for t in settings.audiences]),
        (gettext("Hva slags"), [feeds[f"{CATEGORY}/{t.slug}"] for t in settings.categories]),
        (gettext("Temadager"), [feeds[f"{THEME}/{t.slug}"] for t in settings.themes]),
        (gettext("Faste arrangementer"), [feeds[f"{SERIES}/{s.slug}"] for s in catalog.series]),
    ]
    more = facet_feed_context(groups, catalog, settings, feeds, translations)
    return Output(f"{CALENDAR}/", CalendarsPage(), {"calendar_feed": feeds[ALL], **more})


def event_context(event: Event, by_series: dict[str, list[Event]], today: date) -> dict[str, Any]:
    series_events = by_series.get(event.series, []) if event.series else []
    siblings = [e for e in series_events if e.id != event.id and is_upcoming(e, today)]
    return {
        "event": event,
        "is_past": not is_upcoming(event, today),
        "other_dates": siblings[:OTHER_DATES],
        "more_dates": max(0, len(siblings) - OTHER_DATES),
    }


def _index(events: Iterable[Event], key: Callable[[Event], str | None]) -> dict[str, list[Event]]:
    index: dict[str, list[Event]] = {}
    for event in events:
        value = key(event)
        if value is not None:
            index.setdefault(value, []).append(event)
    return index
