"""What Pagefind is given to index: each marked page cut down to its indexed part, in bundles of bounded size.

Pagefind's memory grows with every page it indexes (about 130 kB a page with
Pagefind 1.5), and it reads every byte of every page. So it never sees the
written site itself:

- **Stripped pages.** For each page with a ``data-pagefind-body`` element, a
  small document at the same relative path with only the ``<html lang>`` start
  tag, the ``<title>`` and the body element(s), copied byte for byte. Everything
  Pagefind indexes, filters by or shows comes from inside the body element
  (the theme puts its ``data-pagefind-filter``/``-meta`` spans there, and
  ``pagefind.EXCLUDE`` applies inside it), so Pagefind makes the same record of
  each page, with the same words and filters, as from the whole page
  (tests/build/test_search_bundles.py checks it). A page with a Pagefind attribute
  outside its body elements, or whose body element does not end, is given
  whole: slower, never different.
- **Bundles.** The pages, sorted by path, are cut into runs of at most
  ``max_pages``, each indexed by its own Pagefind run (bounded memory) and merged
  in the browser. Where a run ends depends on the paths alone (content-defined
  chunking: a page whose path hashes to a multiple of a spacing ends a run once
  it is three-quarters full), so editing a page changes only its own bundle and
  adding or removing one changes its own and rarely a neighbour, whatever the
  rest of the site does.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

BODY_MARK = b"data-pagefind-body"
ANY_MARK = b"data-pagefind-"
_TAG_NAME = re.compile(rb"<([a-zA-Z][a-zA-Z0-9-]*)")
_HTML_START = re.compile(rb"<html\b[^>]*>", re.IGNORECASE)
_TITLE = re.compile(rb"<title\b[^>]*>.*?</title\s*>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Page:
    path: str  # the HTML file relative to the site, "/"-separated: Pagefind makes the page's URL from it
    html: bytes | None  # what Pagefind reads; None when known by its digest alone (see ``html_of``)
    digest: bytes = b""  # of ``html``: a bundle is named by its pages' paths and digests

    def __post_init__(self) -> None:
        if not self.digest and self.html is not None:
            object.__setattr__(self, "digest", hashlib.blake2b(self.html, digest_size=20).digest())


class Seen(Protocol):
    """What was made of each written page before, by the page's own digest (a buildcache.Memo)."""

    def get(self, key: str) -> bytes | None: ...
    def put(self, key: str, value: bytes) -> None: ...


class Stripped:
    """Stripped pages kept in a folder by digest: to index a bundle again, an edit reads only the pages it changed.

    A file is trusted only if its bytes still have its name's digest; any other is read from the site again.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def keep(self, page: Page) -> None:
        target = self.folder / page.digest.hex()
        if page.html is not None and not target.is_file():
            target.write_bytes(page.html)

    def get(self, digest: bytes) -> bytes | None:
        try:
            html = (self.folder / digest.hex()).read_bytes()
        except OSError:
            return None
        return html if hashlib.blake2b(html, digest_size=20).digest() == digest else None

    def keep_only(self, digests: Iterable[bytes]) -> None:
        """Forget the pages this build does not have (the folder holds one site's worth)."""
        used = {digest.hex() for digest in digests}
        for entry in os.scandir(self.folder):
            if entry.name not in used:
                Path(entry.path).unlink(missing_ok=True)


def html_files(site: Path, skip: str) -> list[str]:
    """Every HTML file of the site except under the top-level folder ``skip`` (the index), sorted by path."""
    found = []
    for folder, subfolders, files in os.walk(site):
        relative = Path(folder).relative_to(site).as_posix()
        if relative == ".":
            subfolders[:] = [name for name in subfolders if name != skip]
            relative = ""
        found += [f"{relative}/{name}".lstrip("/") for name in files if name.endswith(".html")]
    return sorted(found)


def read_pages(
    site: Path,
    paths: Sequence[str],
    written: Mapping[str, str] | None = None,
    seen: Seen | None = None,
    kept: Stripped | None = None,
) -> Iterator[Page]:
    """The stripped pages among ``paths``, in their order; pages without a body element are left out.

    ``written`` names pages by a digest of their bytes (the build's page store does); a
    page whose digest ``seen`` knows is not read: an edit re-reads the pages it changed.
    Pages that are read are ``kept`` for the next build.
    """
    for path in paths:
        known = written.get(path) if written is not None and seen is not None else None
        if known is not None and (digest := seen.get(known)) is not None:
            if digest:  # b"": a page without a body element
                yield Page(path, None, digest)
            continue
        page = read_page(site, path)
        if known is not None:
            seen.put(known, page.digest if page else b"")
        if page is not None:
            if kept is not None:
                kept.keep(page)
            yield page


def read_page(site: Path, path: str) -> Page | None:
    html = stripped((site / path).read_bytes())
    return None if html is None else Page(path, html)


def html_of(site: Path, page: Page, kept: Stripped | None = None) -> bytes:
    """What Pagefind reads of ``page``: if it was known by its digest alone, as kept, or read again."""
    if page.html is not None:
        return page.html
    if kept is not None and (html := kept.get(page.digest)) is not None:
        return html
    again = read_page(site, page.path)
    if again is None:  # changed since the page store named it: the store or the output was edited by hand
        raise OSError(f"{page.path} no longer has a data-pagefind-body element")
    if kept is not None:
        kept.keep(again)
    return again.html or b""


def stripped(document: bytes) -> bytes | None:
    """The part of a page Pagefind indexes, as a document; None for a page without ``data-pagefind-body``."""
    bodies = list(body_elements(document))
    if not bodies:
        return None
    if any(end is None for _, end in bodies):
        return document  # a body element that never ends: let Pagefind read the page as it is
    kept = [document[start:end] for start, end in bodies]
    if sum(part.count(ANY_MARK) for part in kept) != document.count(ANY_MARK):
        return document  # Pagefind attributes outside the body (in the head?): they count, so keep everything
    html = _HTML_START.search(document)
    title = _TITLE.search(document)
    return b"".join(
        (
            b"<!DOCTYPE html>\n",
            html.group(0) if html else b"<html>",
            b"<head>",
            title.group(0) if title else b"",
            b"</head><body>",
            *kept,
            b"</body></html>\n",
        )
    )


def body_elements(document: bytes) -> Iterator[tuple[int, int | None]]:
    """(start, end) of each element carrying ``data-pagefind-body``; end None when it has no end tag."""
    position = document.find(BODY_MARK)
    while position >= 0:
        start = document.rfind(b"<", 0, position)
        tag = _TAG_NAME.match(document, start) if start >= 0 else None
        if tag is None or b">" in document[start:position]:
            position = document.find(BODY_MARK, position + len(BODY_MARK))  # the words in text, not an attribute
            continue
        end = element_end(document, start, tag.group(1))
        yield start, end
        if end is None:
            return
        position = document.find(BODY_MARK, end)


def element_end(document: bytes, start: int, tag: bytes) -> int | None:
    """Where the element opened at ``start`` ends (after its end tag), counting nested elements of its name."""
    depth = 0
    pattern = re.compile(rb"<(/?)" + re.escape(tag) + rb"(?=[\s/>])", re.IGNORECASE)
    for found in pattern.finditer(document, start):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            close = document.find(b">", found.end())
            return None if close < 0 else close + 1
    return None


def split(pages: Iterable[Page], max_pages: int) -> Iterator[list[Page]]:
    """Consecutive runs of at most ``max_pages`` pages, cut where the paths say (see the module's docstring).

    A generator, so that a caller holds one run's pages at a time.
    """
    # Full bundles are fewer for the browser to fetch (each costs a word-index chunk per search): a run ends
    # at the first marked path once it is three-quarters full, about 85 % full on average.
    least = max(1, max_pages * 3 // 4)
    spacing = max(1, max_pages // 8)
    run: list[Page] = []
    for page in pages:
        run.append(page)
        if len(run) >= max_pages or (len(run) >= least and ends_a_run(page.path, spacing)):
            yield run
            run = []
    if run:
        yield run


def ends_a_run(path: str, spacing: int) -> bool:
    """A property of the path alone, true for one path in ``spacing``, so cuts stay put as the site changes."""
    return int.from_bytes(hashlib.sha256(path.encode()).digest()[:8], "big") % spacing == 0
