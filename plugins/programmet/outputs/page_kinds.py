"""The kinds of page the site has, each a type that knows what its pages are: pure.

A page is an ``Output``: its address, its kind and its template's context. The
kind carries the model values the page is about and answers what the rest of the
build asks of a page (its template, what it shares, when it last changed, which
content file it comes from), so that nothing has to take a page apart again by
its template's name. Each kind has one template in theme/templates/. The kinds
of the podcast and video pages are with those pages (pages_media.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar

from ..content.model import Branch, Event, Page, Series
from ..content.model_media import Episode, Show
from ..content.revisions import Revision
from .i18n import Translator
from .status import page_title

# The model values a page can come from: each names its content file.
Subject = Event | Series | Branch | Page | Show | Episode


@dataclass(frozen=True)
class Pager:
    """Where one page of a list sits among its siblings."""

    number: int
    count: int
    base_url: str

    def url(self, number: int) -> str:
        return self.base_url if number == 1 else f"{self.base_url}side/{number}/"

    @property
    def previous_url(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None

    def note(self, translations: Translator) -> str:
        """What a shared title adds after the first page of a list: « (side 2)»."""
        if self.number <= 1:
            return ""
        return " " + translations.gettext("(side %(number)s)") % {"number": self.number}


class PageKind:
    """What the build asks of every page; the defaults are those of the site's own pages.

    A page that answers ``None`` shares the site's title, description and card.
    """

    template: ClassVar[str]  # the theme's template, without .html (as Pelican's get_template takes it)

    def title(self, translations: Translator) -> str | None:
        """The page's own title when shared."""
        return None

    def description(self, translations: Translator) -> str | None:
        """The page's own description when shared."""
        return None

    def last_modified(self, revisions: Mapping[str, Revision]) -> datetime | None:
        """The real date the page last changed, where the build knows one (never the build time)."""
        return None

    @property
    def subject(self) -> Subject | None:
        """The model value whose content file the page comes from; ``None`` for the site's own pages."""
        return None

    @property
    def card_event(self) -> Event | None:
        """The event whose own share card the page shows; ``None``: the site's card."""
        return None


@dataclass(frozen=True)
class Output:
    """One file to write: where, which kind of page, and its template's context."""

    url: str
    kind: PageKind
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def save_as(self) -> str:
        return f"{self.url}index.html"


# -- the site's own pages ------------------------------------------------------------


@dataclass(frozen=True)
class FrontPage(PageKind):
    template: ClassVar[str] = "index"


@dataclass(frozen=True)
class ListingPage(PageKind):
    """One page of a list of events by day, under a heading."""

    heading: str
    pager: Pager

    def title(self, translations: Translator) -> str:
        return self.heading + self.pager.note(translations)


@dataclass(frozen=True)
class ProgrammePage(ListingPage):
    """The whole programme, or the part of it in one category, audience or theme."""

    template: ClassVar[str] = "programme"


@dataclass(frozen=True)
class ArchivePage(ListingPage):
    template: ClassVar[str] = "archive"


@dataclass(frozen=True)
class BranchesPage(PageKind):
    template: ClassVar[str] = "branches"

    def title(self, translations: Translator) -> str:
        return translations.gettext("Bibliotekene")


@dataclass(frozen=True)
class SeriesIndexPage(PageKind):
    template: ClassVar[str] = "series_index"

    def title(self, translations: Translator) -> str:
        return translations.gettext("Faste arrangementer")


@dataclass(frozen=True)
class CalendarsPage(PageKind):
    template: ClassVar[str] = "calendars"

    def title(self, translations: Translator) -> str:
        return translations.gettext("Programmet i kalenderen din")

    def description(self, translations: Translator) -> str:
        return translations.gettext("Abonner på programmet i Google Kalender, Apple Kalender eller Outlook.")


@dataclass(frozen=True)
class SearchPage(PageKind):
    template: ClassVar[str] = "search"


@dataclass(frozen=True)
class NotFoundPage(PageKind):
    """404.html, for the addresses that lead nowhere."""

    template: ClassVar[str] = "404"

    def title(self, translations: Translator) -> str:
        return translations.gettext("Fant ikke siden")


# -- pages from content files ----------------------------------------------------------


@dataclass(frozen=True)
class EventPage(PageKind):
    """An event, or one date of a series: the only pages with a share card of their own."""

    template: ClassVar[str] = "event"
    event: Event

    def title(self, translations: Translator) -> str:
        return page_title(self.event.details.title, self.event.status, translations)

    def description(self, translations: Translator) -> str:
        return self.event.details.summary

    def last_modified(self, revisions: Mapping[str, Revision]) -> datetime | None:
        """The later of the event's own change and its series' (a series date changes with its series)."""
        records = [revisions.get(key) for key in (self.event.id, self.event.series) if key]
        return max((r.last_modified for r in records if r), default=None)

    @property
    def subject(self) -> Event:
        return self.event

    @property
    def card_event(self) -> Event:
        return self.event


@dataclass(frozen=True)
class SeriesPage(PageKind):
    template: ClassVar[str] = "series"
    series: Series

    def title(self, translations: Translator) -> str:
        return self.series.details.title

    def description(self, translations: Translator) -> str:
        return self.series.details.summary

    def last_modified(self, revisions: Mapping[str, Revision]) -> datetime | None:
        record = revisions.get(self.series.id)
        return record.last_modified if record else None

    @property
    def subject(self) -> Series:
        return self.series


@dataclass(frozen=True)
class BranchPage(PageKind):
    """A branch's upcoming events: one page of the list."""

    template: ClassVar[str] = "branch"
    branch: Branch
    pager: Pager

    def title(self, translations: Translator) -> str:
        return self.branch.name + self.pager.note(translations)

    @property
    def subject(self) -> Branch:
        return self.branch


@dataclass(frozen=True)
class MonthPage(PageKind):
    """One month of the programme, the whole one's or a branch's (outputs/month_pages.py); it prints as the flyer."""

    template: ClassVar[str] = "month"
    heading: str  # «Program for mars 2027 – Nordlia bibliotek»
    month: date  # its first day
    branch: Branch | None

    def title(self, translations: Translator) -> str:
        return self.heading

    @property
    def subject(self) -> Branch | None:
        return self.branch


@dataclass(frozen=True)
class ScreenPage(PageKind):
    """A branch's lobby screen: not a page to share or to find, so it keeps the site's defaults."""

    template: ClassVar[str] = "screen"
    branch: Branch

    @property
    def subject(self) -> Branch:
        return self.branch


@dataclass(frozen=True)
class ContentPage(PageKind):
    """A page staff write (content/pages/)."""

    template: ClassVar[str] = "page"
    page: Page

    def title(self, translations: Translator) -> str:
        return self.page.title

    def description(self, translations: Translator) -> str:
        return self.page.summary or self.page.title

    @property
    def subject(self) -> Page:
        return self.page
