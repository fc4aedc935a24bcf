"""The combined facets: branch × audience, event language and accessibility feature (pure).

Each facet is one page (outputs/facet_pages.py) and one calendar feed (outputs/calendars.py),
both at the address its ``key`` makes, so that the page, the feed and the links between
them are worked out from one list. A facet tests an event's or a series' details.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..content.catalog import Catalog
from ..content.model import Access, Branch, EventDetails
from ..content.urls import ACCESS, ACCESS_SLUGS, AUDIENCE, BRANCHES, LANGUAGE
from ..settings import Settings, Term
from .formatter import Formatter
from .i18n import Translator
from .labels import ACCESS_LABELS


@dataclass(frozen=True)
class Facet:
    """One combined facet: its address and feed key, its heading, and which details it takes."""

    key: str  # "bibliotek/nordlia/for/barn": the page is at key + "/", the feed at kalender/key.ics
    heading: str  # in the site's language: «Barn på Nordlia», «Arrangementer på arabisk»
    kind_label: str  # what sort of facet, shown above the heading
    matches: Callable[[EventDetails], bool]
    branch: Branch | None = None
    term: Term | None = None
    language: str | None = None  # the language code of a language facet

    @property
    def url(self) -> str:
        return f"{self.key}/"


def branch_audience_key(branch: Branch, term: Term) -> str:
    return f"{BRANCHES}/{branch.id}/{AUDIENCE}/{term.slug}"


def branch_audiences(catalog: Catalog, settings: Settings, translations: Translator) -> list[Facet]:
    """Every branch × every audience of the settings, in their order (an empty one too)."""
    gettext = translations.gettext
    return [
        Facet(
            branch_audience_key(branch, term),
            gettext("%(audience)s på %(branch)s") % {"audience": term.label, "branch": branch.short_name},
            gettext("Bibliotek og målgruppe"),
            lambda d, b=branch.id, t=term.id: d.branch == b and t in d.audiences,
            branch=branch,
            term=term,
        )
        for branch in catalog.branches
        for term in settings.audiences
    ]


def event_languages(catalog: Catalog, settings: Settings) -> list[str]:
    """The languages of events and series other than the site's, sorted by code."""
    found = {e.details.language for e in catalog.events} | {s.details.language for s in catalog.series}
    return sorted(found - {settings.language})


def languages(catalog: Catalog, settings: Settings, translations: Translator) -> list[Facet]:
    """One facet per language other than the site's that the catalog's events are in."""
    gettext = translations.gettext
    names = Formatter(settings.language, settings.today, settings.time_separator, translations)
    return [
        Facet(
            f"{LANGUAGE}/{code}",
            gettext("Arrangementer på %(language)s") % {"language": names.language_name(code)},
            gettext("Språk"),
            lambda d, c=code: d.language == c,
            language=code,
        )
        for code in event_languages(catalog, settings)
    ]


def access_features(translations: Translator) -> list[Facet]:
    """One facet per accessibility feature, always (a page that says none are coming is still an answer)."""
    gettext = translations.gettext
    return [
        Facet(
            f"{ACCESS}/{ACCESS_SLUGS[access]}",
            gettext(ACCESS_LABELS[access]),
            gettext("Tilgjengelighet"),
            lambda d, a=access: a in d.accessibility,
        )
        for access in Access
    ]


def all_facets(catalog: Catalog, settings: Settings, translations: Translator) -> list[Facet]:
    return [
        *branch_audiences(catalog, settings, translations),
        *languages(catalog, settings, translations),
        *access_features(translations),
    ]
