"""Which calendar feeds exist, what each holds, and the links that subscribe to them.

Pure: the catalog and settings in, feed descriptions and URLs out. ical.py
turns a feed into bytes; the generator writes the files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote, urlencode

from ..content.catalog import Catalog
from ..content.model import Event, Series, Timespan
from ..content.revisions import Revision
from ..content.urls import AUDIENCE, BRANCHES, CALENDAR, CATEGORY, SERIES, THEME, branch_url, event_url, series_url
from ..settings import Settings
from .facets import all_facets
from .i18n import Translator
from .ical import FeedInfo, calendar_head, make_vtimezone
from .vevents import CalendarSetup, Place

ALL = "alle"
_DESCRIPTION_LIMIT = 900  # Outlook and Google cut long texts in links (TEC uses 900 and 996)


@dataclass(frozen=True)
class FeedLink:
    """Where a feed is, and the one-click ways to subscribe (only with a public https address)."""

    title: str  # the calendar's name
    label: str  # short, for lists on the site
    path: str  # relative to the site root
    https_url: str | None
    webcal_url: str | None
    google_url: str | None
    outlook_url: str | None


@dataclass(frozen=True)
class Feed:
    key: str
    info: FeedInfo
    link: FeedLink
    events: tuple[Event, ...]  # one-off events (recurring series are in ``series``)
    series: tuple[Series, ...]
    source: str = ""  # the content file whose feed this is (a branch's, a series'); '' for the site's own


@dataclass(frozen=True)
class AddToCalendar:
    ics_path: str
    google_url: str
    outlook_url: str


def feed_path(key: str) -> str:
    return f"{CALENDAR}/{key}.ics"


def single_path(event: Event) -> str:
    return single_path_at(event_url(event))


def single_path_at(page: str) -> str:
    """An event's own calendar file sits beside its page (and beside the redirect at an old address)."""
    return f"{page}kalender.ics"


def series_feed_key(slug: str) -> str:
    """A series' feed is named after its file, like its page (so it moves when the file is renamed)."""
    return f"{SERIES}/{slug}"


def feed_link(key: str, title: str, label: str, site_url: str) -> FeedLink:
    path = feed_path(key)
    if not site_url.startswith(("https://", "http://")):
        # A local preview has no address a calendar service could fetch.
        return FeedLink(title, label, path, None, None, None, None)
    https_url = f"{site_url}/{path}"
    webcal_url = "webcal://" + https_url.split("://", 1)[1]
    google = "https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal_url}, quote_via=quote)
    outlook = "https://outlook.live.com/owa?" + urlencode(
        {"path": "/calendar/action/compose", "rru": "addsubscription", "url": https_url, "name": title},
        quote_via=quote,
        safe="/",
    )
    return FeedLink(title, label, path, https_url, webcal_url, google, outlook)


def feeds(catalog: Catalog, settings: Settings, translations: Translator) -> Iterator[Feed]:
    """The whole programme, and one feed per branch, category, audience, theme and series.

    Names and descriptions are in the site's language (``translations``); the keys and paths never change.
    """
    gettext = translations.gettext
    one_offs = [e for e in catalog.events if not e.is_occurrence]
    recurring = [s for s in catalog.series if s.recurrence is not None]
    org = settings.organisation

    def feed(
        key: str,
        title: str,
        page: str,
        matches: Callable[[Event | Series], bool],
        identity: str | None = None,
        source: str = "",
    ) -> Feed:
        name = f"{org}: {title}"
        info = FeedInfo(
            key=key,
            identity=identity or key,
            name=name,
            description=gettext("Arrangementer i %(organisation)s: %(title)s. Oppdateres automatisk.")
            % {"organisation": org, "title": title},
            page_url=f"{settings.site_url}/{page}",
            feed_url=f"{settings.site_url}/{feed_path(key)}",
        )
        events = tuple(e for e in one_offs if matches(e))
        return Feed(
            key,
            info,
            feed_link(key, name, title[0].upper() + title[1:], settings.site_url),
            events,
            tuple(s for s in recurring if matches(s)),
            source,
        )

    yield feed(ALL, gettext("hele programmet"), "", lambda x: True)
    for branch in catalog.branches:
        yield feed(
            f"{BRANCHES}/{branch.id}",
            branch.name,
            branch_url(branch),
            _on(lambda d, b=branch: d.branch == b.id),
            source=branch.source_path,
        )
    facets = [(CATEGORY, settings.categories), (AUDIENCE, settings.audiences), (THEME, settings.themes)]
    for prefix, terms in facets:
        for term in terms:
            matcher = {
                CATEGORY: _on(lambda d, t=term: d.category == t.id),
                AUDIENCE: _on(lambda d, t=term: t.id in d.audiences),
                THEME: _on(lambda d, t=term: d.theme == t.id),
            }[prefix]
            yield feed(f"{prefix}/{term.slug}", term.label, f"{prefix}/{term.slug}/", matcher)
    for one in catalog.series:
        yield feed(
            series_feed_key(one.slug),
            one.details.title,
            series_url(one),
            lambda x, s=one: x is s or (isinstance(x, Event) and x.series == s.id),
            # The calendar's UID comes from the series' id, so renaming the file keeps it (ids equal to
            # the file name, as new series get, keep the UID they had when it came from the file name).
            identity=f"{SERIES}/{one.id}",
            source=one.source_path,
        )
    # Branch × audience, language and accessibility (outputs/facets.py); a branch's own come from its file.
    for facet in all_facets(catalog, settings, translations):
        source = facet.branch.source_path if facet.branch else ""
        yield feed(facet.key, facet.heading, facet.url, _on(facet.matches), source=source)


def _on(test: Callable) -> Callable[[Event | Series], bool]:
    return lambda item: test(item.details)


# -- one event -------------------------------------------------------------------------


def add_to_calendar(event: Event, location: str, site_url: str, timezone_key: str) -> AddToCalendar:
    """A download link, and Google's and Outlook's "new event" forms filled in."""
    d = event.details
    page = f"{site_url}/{event_url(event)}"
    details = f"{d.summary}\n\n{page}" if site_url else d.summary
    details = details[:_DESCRIPTION_LIMIT]
    google_dates, outlook_times = _link_times(event.when)
    google = "https://calendar.google.com/calendar/render?" + urlencode(
        {
            "action": "TEMPLATE",
            "text": d.title,
            "dates": google_dates,
            "ctz": timezone_key,
            "details": details,
            "location": location,
        },
        quote_via=quote,
    )
    outlook = "https://outlook.live.com/owa/?" + urlencode(
        {
            "path": "/calendar/action/compose",
            "rrv": "addevent",
            "subject": d.title,
            "body": details,
            "location": location,
            **outlook_times,
        },
        quote_via=quote,
        safe="/",
    )
    return AddToCalendar(single_path(event), google, outlook)


def _link_times(when: Timespan) -> tuple[str, Mapping[str, str]]:
    if when.all_day:
        end = when.last_day + timedelta(days=1)
        google = f"{when.first_day:%Y%m%d}/{end:%Y%m%d}"
        return google, {"startdt": when.first_day.isoformat(), "enddt": end.isoformat(), "allday": "true"}
    start, end = when.start, when.end
    assert isinstance(start, datetime) and isinstance(end, datetime)  # noqa: S101 - narrowed by all_day
    google = f"{start:%Y%m%dT%H%M%S}/{end:%Y%m%dT%H%M%S}"  # local times, with ctz naming the zone
    return google, {"startdt": start.isoformat(), "enddt": end.isoformat()}


def calendar_setup(
    catalog: Catalog, config: Settings, records: dict[str, Revision], translations: Translator
) -> CalendarSetup:
    """What every VEVENT of this build is made with: places, labels, revisions, the time zone and the limits."""
    places = {
        b.id: Place(b.name, f"{b.address.street}, {b.address.postal_code} {b.address.town}", b.latitude, b.longitude)
        for b in catalog.branches
    }
    labels = {t.id: t.label for t in (*config.categories, *config.audiences)}
    firsts = [e.when.first_day for e in catalog.events] + [s.recurrence.first for s in catalog.series if s.recurrence]
    return CalendarSetup(
        namespace=config.uid_namespace,
        timezone=config.timezone,
        places=places,
        labels=labels,
        revisions=records,
        site_url=config.site_url,
        since=config.today - timedelta(days=config.calendar_days_back),
        head=calendar_head(config.timezone),
        vtimezone=make_vtimezone(config.timezone, min(firsts, default=config.today)),
        max_bytes=config.calendar_max_bytes,
        translations=translations,
        pages_until=config.today + timedelta(days=config.horizon_days),
    )
