"""Full-text search: what each page tells Pagefind, and the index Pagefind builds from the written site.

Pagefind (https://pagefind.app, the PyPI package ships its binary) reads the
finished HTML. Only elements marked ``data-pagefind-body`` are indexed: the
main content of event, series and episode pages (a transcript included) and of
plain pages; lists, facet pages and the front page are not, so a search finds
each thing once. Nor are the dates of a series: a weekly series would fill the
results with dozens of copies, and its series page lists them all. Filters and
result metadata are Pagefind attributes on empty elements of each indexed page,
rendered from the ``SearchTags`` below (pure, tested as functions); Pagefind
splits a "name:value" attribute at its first colon and nowhere else.

Stemming follows ``<html lang>``: Pagefind 1.5 stems ``nb``, ``nn`` and ``no``
with the Snowball Norwegian stemmer («konserter» finds «konsert»). The index is
built for the site's language whatever a page says, so there is one index.

The search page (``/sok/``) queries the index with Pagefind's JS API and draws
its own results (theme/static/js/search.js); without JavaScript it offers the
facet pages instead.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import cbor2

from . import search_order
from .filters import Formatter
from .i18n import N_
from .model import Branch, Event, Series, Status
from .model_media import Episode, Show
from .settings import Term
from .urls import SEARCH_INDEX

BUNDLE = SEARCH_INDEX  # the folder under the output that Pagefind writes (its JS, WASM and index)
SEARCH_SCRIPT = f"{BUNDLE}/pagefind.js"  # the JS API the search page loads
# Parts of indexed pages that are the same on every page, not what it is about: calendar buttons and date lists.
EXCLUDE = (".add-to-calendar", ".subscribe", ".other-dates")
ENTRY = "pagefind-entry.json"  # Pagefind's summary of the index: languages and page counts
TIMEOUT = 600.0  # seconds; Pagefind indexes thousands of pages a second, so this only catches a hung binary

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


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


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


@dataclass(frozen=True)
class IndexReport:
    pages: int
    seconds: float
    size: int  # bytes written under BUNDLE


# -- what each page tells the index (pure) ----------------------------------------------


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


# -- the index (Pagefind) -------------------------------------------------------------------


def write_index(site: Path, language: str, timeout: float = TIMEOUT) -> IndexReport:
    """Index the written site's HTML into ``site/pagefind/``, replacing an older bundle.

    Raises SearchIndexError when Pagefind is missing, fails, hangs or finds no page to index.
    """
    target = site / BUNDLE
    shutil.rmtree(target, ignore_errors=True)
    command = pagefind_command(site, target, language)
    started = time.monotonic()
    try:
        # The package's own binary, run as its command line. (Its Python client talks to the same binary over
        # a pipe, but waits forever for an answer when the binary dies; a process has an exit code and a timeout.)
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603 - the binary of an installed package, arguments from our settings
    except subprocess.TimeoutExpired:
        raise SearchIndexError(f"Pagefind did not finish within {timeout:.0f} seconds") from None
    except OSError as exc:
        raise SearchIndexError(f"Pagefind's program could not start ({exc}); install requirements.txt") from None
    if done.returncode != 0:
        said = " ".join(
            dict.fromkeys(line.strip() for line in (done.stderr + done.stdout).splitlines() if line.strip())
        )
        raise SearchIndexError(f"Pagefind stopped with exit code {done.returncode}: {said or 'no message'}")
    seconds = time.monotonic() - started
    pages = indexed_pages(target)
    if pages == 0:
        raise SearchIndexError(f"Pagefind found no page to index in {site} (no data-pagefind-body in the theme?)")
    if not (site / SEARCH_SCRIPT).is_file():
        raise SearchIndexError(f"Pagefind wrote no {SEARCH_SCRIPT}")
    try:
        search_order.stabilise(target)
    except (OSError, ValueError, cbor2.CBORError) as exc:
        raise SearchIndexError(f"could not put Pagefind's index in a stable order: {exc}") from None
    size = sum(f.stat().st_size for f in target.rglob("*") if f.is_file())
    return IndexReport(pages=pages, seconds=seconds, size=size)


def pagefind_command(site: Path, target: Path, language: str) -> list[str]:
    """Pagefind's command line: the whole site, one index in the site's language (Norwegian stemming on every page)."""
    from pagefind.service import get_executable  # finds pagefind[extended]'s binary, or PAGEFIND_BINARY_PATH

    binary = get_executable()
    if binary is None:
        raise SearchIndexError("Pagefind's program is missing; install requirements.txt (pagefind[extended])")
    command = [str(binary), "--site", str(site), "--output-path", str(target), "--force-language", language]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    return [*command, "--quiet"]


def indexed_pages(bundle: Path) -> int:
    """How many pages the written index holds (0 when there is none)."""
    try:
        entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    return sum(int(language["page_count"]) for language in entry["languages"].values())
