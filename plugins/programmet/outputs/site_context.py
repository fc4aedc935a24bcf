"""What every template can use besides its page's own context: navigation, controlled lists, section addresses."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ..content import urls
from ..content.catalog import Catalog
from ..settings import Settings
from .news_feed import NEW_EVENTS
from .opendata import ALL_EVENTS

# The site-wide context our templates use (shared_context, the pictures and two of Pelican's own):
# part of every page's digest, so a change here renders every page again.
SITE_WIDE = frozenset(
    {"SITEROOT", "branches", "page_slugs", "series_by_id", "shows", "categories", "audiences", "themes", "URLS",
     "OPEN_DATA", "pictures", "SITENAME", "SITEURL"}
)  # fmt: skip


def shared_context(catalog: Catalog, config: Settings) -> dict[str, Any]:
    """What every template can use: the controlled lists and branches for navigation."""
    return {
        # Links inside the site are root-relative (smaller pages, and a copy on a staging host
        # still works); only canonical, sharing and feed URLs use the absolute SITEURL.
        "SITEROOT": urlsplit(config.site_url).path.rstrip("/"),
        "programmet": config,
        "branches": {b.id: b for b in catalog.branches},
        # The footer links the staff-written pages (om, personvern) only where the site has them.
        "page_slugs": frozenset(p.slug for p in catalog.pages),
        "series_by_id": {s.id: s for s in catalog.series},
        "shows": catalog.shows,
        "categories": {t.id: t for t in config.categories},
        "audiences": {t.id: t for t in config.audiences},
        "themes": {t.id: t for t in config.themes},
        "URLS": {
            "programme": f"{urls.PROGRAMME}/",
            "archive": f"{urls.ARCHIVE}/",
            "series": f"{urls.SERIES}/",
            "branches": f"{urls.BRANCHES}/",
            "category": f"{urls.CATEGORY}/",
            "audience": f"{urls.AUDIENCE}/",
            "theme": f"{urls.THEME}/",
            "calendar": f"{urls.CALENDAR}/",
            "search": f"{urls.SEARCH}/",
            "language": f"{urls.LANGUAGE}/",  # /sprak/<code>/
            "access": f"{urls.ACCESS}/",  # /tilrettelagt/<slug>/
        },
        # Open data, linked from every page with <link rel="alternate"> (outputs/opendata.py, news_feed.py).
        "OPEN_DATA": {"events": ALL_EVENTS, "new_events": NEW_EVENTS},
    }
