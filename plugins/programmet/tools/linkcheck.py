"""Link integrity of a built site: every internal reference points at a file the site has.

``check_links`` reads every page, feed, calendar, JSON, CSS file and robots.txt
in the output folder (what each refers to is ``linkcheck_refs``'s part), keeps
the references that stay on the site and looks each one up among the files
written. A reference is on the site when it is relative, root-relative or
absolute with the site's own address (any of http, https and webcal);
``mailto:``, ``tel:``, ``data:``, ``javascript:`` and other hosts are not ours
to check. Query strings are dropped, percent-escapes decoded, and an address
ending in ``/`` means its ``index.html``; a folder named without the slash counts
too, as web servers redirect it. Nothing here needs Pelican, and nothing is written.

A ``#fragment`` into an HTML page must name an element id (or an ``<a name>``)
on that page: the pages are parsed anyway, so this costs one set per page.
``#top`` and the empty fragment always work in browsers, and fragments into
other files (``episode.mp3#t=30``) are not checked.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from .linkcheck_refs import (
    Kind,
    PageReferences,
    Reference,
    css_references,
    html_references,
    ics_references,
    json_text_references,
    robots_references,
    xml_references,
)

# A development build has no address (SITEURL ""); a stand-in host lets
# root-relative and relative references resolve the same way.
STAND_IN_SITE = "https://site.invalid"
SITE_SCHEMES = frozenset({"http", "https", "webcal"})
SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
INDEX = "index.html"
READERS: dict[str, Callable[[bytes], list[Reference]]] = {
    ".xml": xml_references,
    ".rss": xml_references,
    ".atom": xml_references,
    ".ics": lambda data: ics_references(data.decode("utf-8", "replace")),
    ".json": json_text_references,
    ".css": lambda data: css_references(data.decode("utf-8", "replace")),
}


@dataclass(frozen=True, order=True)
class BrokenLink:
    """One reference to something the built site does not have."""

    page: str  # the referring file, relative to the output folder: "arrangement/x/index.html"
    reference: str  # as written in that file
    kind: Kind

    def __str__(self) -> str:
        return f"{self.page}: {self.reference}: does not exist ({self.kind})"


@dataclass(frozen=True)
class LinkReport:
    files: int  # files read for references
    checked: Mapping[Kind, int]  # internal references looked up, by kind (each occurrence counts)
    broken: tuple[BrokenLink, ...]  # sorted; each (page, reference, kind) once


class _Site:
    """The output's files and the address they are served at, with resolved references remembered.

    A root-relative or absolute reference means the same from every page, and the
    navigation repeats on thousands of pages, so each is resolved once per run.
    """

    def __init__(self, output: Path, site_url: str) -> None:
        self.base = (site_url or STAND_IN_SITE).rstrip("/") + "/"  # "https://host/prefix/"
        parts = urlsplit(self.base)
        self.netloc, self.path = parts.netloc.lower(), parts.path
        self.files = frozenset(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())
        self._resolved: dict[tuple[str, str], tuple[str, str] | None] = {}

    def url_of(self, relative: str) -> str:
        return self.base + quote(relative)

    def target(self, base_url: str, reference: str) -> tuple[str, str] | None:
        """The output path and #fragment a reference points at; None for anything not on this site.

        Raises ValueError for an address no browser could follow (like ``http://[x``).
        """
        reference = reference.strip()
        same_everywhere = SCHEME.match(reference) or (reference[:1] == "/" and reference[:2] != "//")
        key = (self.base if same_everywhere and base_url.startswith(self.base) else base_url, reference)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(*key)
        return self._resolved[key]

    def _resolve(self, base_url: str, reference: str) -> tuple[str, str] | None:
        parts = urlsplit(urljoin(base_url, reference))
        on_site = parts.scheme.lower() in SITE_SCHEMES and parts.netloc.lower() == self.netloc
        path = unquote(parts.path)
        if not on_site or not (path + "/").startswith(self.path):
            return None
        relative = path[len(self.path) :]
        return (relative + INDEX if relative.endswith("/") or not relative else relative), parts.fragment

    def existing(self, relative: str) -> str | None:
        """The file that answers for ``relative``: itself, or the index of the folder it names."""
        for candidate in (relative, f"{relative}/{INDEX}"):
            if candidate in self.files:
                return candidate
        return None


def _fragment_exists(ids: set[str] | None, fragment: str) -> bool:
    if ids is None:  # not an HTML page: media fragments (#t=30) and the like are not ours to judge
        return True
    decoded = unquote(fragment)
    # "#top" and "#" scroll to the top in every browser; ":~:text=" is a text fragment.
    return decoded.lower() in ("", "top") or decoded.startswith(":~:") or fragment in ids or decoded in ids


def _read(output: Path, relative: str) -> PageReferences | None:
    """What one output file refers to, or None for files that refer to nothing (images, media ...)."""
    path = output / relative
    if path.suffix == ".html":
        return html_references(path.read_text(encoding="utf-8", errors="replace"))
    if relative == "robots.txt":
        return PageReferences(references=robots_references(path.read_text(encoding="utf-8", errors="replace")))
    reader = READERS.get(path.suffix)
    return None if reader is None else PageReferences(references=reader(path.read_bytes()))


def _broken_in(
    site: _Site, page: str, found: PageReferences, ids: Mapping[str, set[str]], checked: Counter[Kind]
) -> Iterable[BrokenLink]:
    base = site.url_of(page)
    if found.base:
        base = urljoin(base, found.base)
    for reference in found.references:
        try:
            target = site.target(base, reference.url)
        except ValueError:
            yield BrokenLink(page, reference.url, reference.kind)
            continue
        if target is None:
            continue
        checked[reference.kind] += 1
        path, fragment = target
        existing = site.existing(path)
        if existing is None:
            yield BrokenLink(page, reference.url, reference.kind)
        elif fragment and not _fragment_exists(ids.get(existing), fragment):
            yield BrokenLink(page, reference.url, Kind.FRAGMENT)


def check_links(output: Path, site_url: str) -> LinkReport:
    """Every internal reference in the site built into ``output`` that points at nothing.

    ``site_url`` is Pelican's SITEURL for the build ("" for a development build).
    """
    site = _Site(output, site_url)
    scanned = {page: found for page in sorted(site.files) if (found := _read(output, page)) is not None}
    ids = {page: found.ids for page, found in scanned.items() if page.endswith(".html")}
    checked: Counter[Kind] = Counter()
    broken = {link for page, found in scanned.items() for link in _broken_in(site, page, found, ids, checked)}
    return LinkReport(files=len(scanned), checked=dict(checked), broken=tuple(sorted(broken)))
