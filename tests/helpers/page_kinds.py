"""One URL of every page kind in the demo, found from the content rather than typed in."""

from __future__ import annotations

from datetime import timedelta

from helpers.sites import ROOT
from pelican.settings import read_settings as read_pelican_settings
from programmet.content import urls
from programmet.content.catalog import load_catalog
from programmet.content.markup import markdown_renderer
from programmet.content.model import Access, Status
from programmet.content.urls import episode_url, event_url, month_url, screen_url, series_url, show_url
from programmet.settings import read_settings


def page_kinds(today: str) -> dict[str, str]:
    settings = read_settings(
        read_pelican_settings(str(ROOT / "pelicanconf.py"), override={"PROGRAMMET_TODAY": today}), {}
    )
    catalog, errors = load_catalog(settings, markdown_renderer())
    assert errors == []
    upcoming = [e for e in catalog.events if e.when.last_day >= settings.today]

    def first(test) -> str:
        return "/" + event_url(next(e for e in upcoming if test(e)))

    def busy(branch_id: str) -> int:
        soon = settings.today + timedelta(days=1)
        return sum(1 for e in upcoming if e.details.branch == branch_id and e.when.first_day <= soon)

    shows = {s.medium.value: s for s in catalog.shows}
    on = {(e.details.branch, a) for e in upcoming for a in e.details.audiences}
    empty = [(b, t.slug) for b in catalog.branches for t in settings.audiences if (b.id, t.id) not in on]
    episode_of = {kind: next(e for e in catalog.episodes if e.show == show.id) for kind, show in shows.items()}
    other_languages = {e.details.language for e in upcoming if e.details.language != settings.language}
    return {
        "front": "/",
        "programme": "/program/",
        "programme-page-2": "/program/side/2/",
        "branches": "/bibliotek/",
        "branch": f"/bibliotek/{catalog.branches[0].id}/",
        "category": f"/kategori/{settings.categories[0].slug}/",
        "audience": f"/for/{settings.audiences[1].slug}/",
        "theme": f"/tema/{settings.themes[0].slug}/",
        # The combined facets (outputs/facet_pages.py): a branch for an audience, one with nothing on,
        # the first language other than the site's, and an accessibility feature.
        "branch-audience": "/" + urls.branch_audience_url(catalog.branches[0], settings.audiences[1].slug),
        "branch-audience-empty": "/" + urls.branch_audience_url(*empty[0]),
        "language": "/" + urls.language_url(min(other_languages)),
        "access": "/" + urls.access_url(Access.SIGN_LANGUAGE),
        "series-index": "/serier/",
        "series": "/" + series_url(next(s for s in catalog.series if s.recurrence)),
        "event": first(lambda e: e.details.image is not None and not e.is_occurrence),
        "event-cancelled": first(lambda e: e.status is Status.CANCELLED),
        "event-moved": first(lambda e: e.status is Status.MOVED),
        "event-english": first(lambda e: e.details.language == "en"),
        "occurrence": first(lambda e: e.is_occurrence),
        "archive": "/arkiv/",
        # This month at the first branch: past days, today and the days ahead (outputs/month_pages.py).
        "month": "/" + month_url(settings.today.replace(day=1), catalog.branches[0]),
        "calendars": "/kalender/",
        "search": "/sok/",
        "page": f"/{catalog.pages[0].slug}/",
        "podcast": "/" + show_url(shows["podcast"]),
        "podcast-episode": "/" + episode_url(shows["podcast"], episode_of["podcast"]),
        "video": "/" + show_url(shows["video"]),
        "video-episode": "/" + episode_url(shows["video"], episode_of["video"]),
        # The lobby screen of the branch with the most on today and tomorrow.
        "screen": "/" + screen_url(max(catalog.branches, key=lambda b: (busy(b.id), b.id))),
    }
