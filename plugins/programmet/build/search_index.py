"""The site's search index: the written pages read and split, Pagefind run on each bundle, the bundles put in place.

The index is written as bundles (``write_index``). Pagefind holds about 130 kB
a page while it indexes, so it never gets the whole site: each run gets at most
``MAX_PAGES`` pages, cut down to what it indexes (search_input.py says how, and
how the pages are split so that an edit stays in one bundle), ``JOBS`` runs at
a time. The first bundle is ``pagefind/`` itself, with Pagefind's scripts; the
others are ``pagefind/del/<name>/``, listed in ``pagefind/bundles.json``, and
search.js merges them with Pagefind's ``mergeIndex``: residents search, filter
and page through one set of results. (Each bundle scores its pages with its own
word statistics, so results of equal relevance may come in a slightly different
order than from one index; which pages are found, and their filters, do not
change.) With a cache folder, a bundle whose input has not changed is linked
from the cache instead of indexed again (search_bundles.py): a one-event edit
re-indexes one bundle, and takes the other pages of that bundle as the cache
kept them stripped.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from ..content.urls import SEARCH_INDEX
from ..outputs.search_tags import SEARCH_SCRIPT
from . import cache as buildcache
from . import search_input
from .pagefind import ENTRY, TIMEOUT, SearchIndexError, entry_pages, pagefind_binary
from .search_bundles import MANIFEST, Bundle, Indexer, bundle_digest, options_key, prune

BUNDLE = SEARCH_INDEX  # the index's folder under the output: the first bundle (with Pagefind's JS and WASM)
BUNDLE_LIST = "bundles.json"  # under BUNDLE: the other bundles, which search.js merges into the first
MORE = "del"  # under BUNDLE: the other bundles, a folder each («del»: part)
INDEX_FOLDERS = ("fragment", "index", "filter")  # Pagefind's index files of a bundle (with its entry and .pf_meta)
# Pagefind needs about 130 kB a page while it indexes: 1,000 pages stay near 140 MB per run, two runs at a time
# use both CPUs of a small build machine, and a site of 10,000 pages is searched as some 12 merged bundles.
MAX_PAGES = 1000
JOBS = 2  # at most; fewer on a machine with one CPU
SEEN = ".pages.pickle"  # in the cache: each written page's digest -> its stripped page's (dotted: never pruned)
STRIPPED = ".stripped"  # in the cache: the stripped pages by digest (search_input.Stripped)


@dataclass(frozen=True)
class IndexReport:
    pages: int
    seconds: float
    size: int  # bytes written under BUNDLE
    bundles: int = 1
    reused: int = 0  # bundles taken from the cache, not indexed again


def write_index(
    site: Path,
    language: str,
    cache: Path | None = None,
    *,
    max_pages: int = MAX_PAGES,
    jobs: int | None = None,
    timeout: float = TIMEOUT,
    written: Mapping[str, str] | None = None,
) -> IndexReport:
    """Index the written site's marked pages into ``site/pagefind/``, replacing an older index.

    The first bundle is ``pagefind/`` itself (with Pagefind's JS and WebAssembly); the others go to
    ``pagefind/del/<name>/`` and are listed in ``pagefind/bundles.json``, which search.js merges. With a
    ``cache`` folder, a bundle whose input is unchanged is linked from there instead of indexed again, and
    the cache keeps this build's bundles only. ``written`` lists the site's pages, each with a digest of
    its bytes (the build's page store names them by one): then the site is not searched for pages, and
    with a cache only the pages whose digest is new are read. Raises SearchIndexError when Pagefind is
    missing, fails, hangs or finds no page to index.
    """
    started = time.monotonic()
    target = site / BUNDLE
    # An OSError (a full disk, a folder that may not be written) is the machine's fault, not the index's:
    # it goes up to the build, which says so in one line (build/stops.py: faults_said_in_one_line).
    cores = jobs or usable_cpus(JOBS)
    bundles = replace_index(site, target, language, cache, max_pages, cores, timeout, written)
    if not (site / SEARCH_SCRIPT).is_file():
        raise SearchIndexError(f"Pagefind wrote no {SEARCH_SCRIPT}")
    return IndexReport(
        pages=indexed_pages(target),
        seconds=time.monotonic() - started,
        size=sum(f.stat().st_size for f in target.rglob("*") if f.is_file()),
        bundles=len(bundles),
        reused=sum(bundle.reused for bundle in bundles),
    )


def usable_cpus(at_most: int) -> int:
    """Pagefind runs at a time: one per CPU this process may use (two Pagefinds on one CPU only use more memory)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(at_most, cpus))


def replace_index(
    site: Path,
    target: Path,
    language: str,
    cache: Path | None,
    max_pages: int,
    jobs: int,
    timeout: float,
    written: Mapping[str, str] | None,
) -> list[Bundle]:
    """Remove the old index, make the bundles (or find them in the cache), put them in place, list them."""
    shutil.rmtree(target, ignore_errors=True)
    binary = pagefind_binary()
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="programmet-search-", dir=ram_disk()) as scratch,
        tempfile.TemporaryDirectory(prefix=".work-", dir=cache) as work,
    ):
        key = options_key(binary, language, Path(scratch).parent)
        indexer = Indexer(binary, language, key, Path(scratch), Path(work), cache, timeout)
        seen = buildcache.Memo(cache / SEEN) if cache is not None and written is not None else None
        kept = search_input.Stripped(cache / STRIPPED) if seen is not None else None
        bundles = index_bundles(site, indexer, max_pages, jobs, written, seen, kept)
        if seen is not None:
            seen.save()
        if not bundles:
            raise SearchIndexError(f"found no page to index in {site} (no data-pagefind-body in the theme?)")
        for bundle in bundles:
            place(bundle, target)
    write_bundle_list(target, bundles)
    if cache is not None:
        prune(cache, {bundle.output.name for bundle in bundles})
    return bundles


def index_bundles(
    site: Path,
    indexer: Indexer,
    max_pages: int,
    jobs: int,
    written: Mapping[str, str] | None = None,
    seen: buildcache.Memo | None = None,
    kept: search_input.Stripped | None = None,
) -> list[Bundle]:
    """Read and split the pages; index each bundle the cache does not hold, ``jobs`` Pagefind runs at a time.

    Reading the pages and running Pagefind overlap, but at most one bundle waits for a run: the pages in
    memory and the input on disk stay at a few bundles' worth whatever the site's size.
    """
    if written is None:
        pages = search_input.read_pages(site, search_input.html_files(site, BUNDLE))
    else:
        pages = search_input.read_pages(site, sorted(p for p in written if p.endswith(".html")), written, seen, kept)
    planned: list[Future[Bundle]] = []
    digests: list[bytes] = []
    running: set[Future[Bundle]] = set()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for number, run in enumerate(search_input.split(pages, max_pages)):
            folder = "" if number == 0 else f"{MORE}/{_short_hash(run[0].path)}/"
            digests += (page.digest for page in run)
            digest = bundle_digest(indexer.key, run)
            cached = indexer.cached(digest)
            if cached is not None:
                planned.append(_done(Bundle(folder, cached, reused=True)))
                continue
            while len(running) > jobs:
                finished, running = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    future.result()  # a failed run stops the build here, not after every other bundle
            given = indexer.scratch / str(number)
            write_input(given, site, run, kept)
            future = pool.submit(indexer.index, folder, given, digest)
            running.add(future)
            planned.append(future)
        bundles = [bundle.result() for bundle in planned]
    if kept is not None:
        kept.keep_only(digests)
    return bundles


def write_input(
    folder: Path, site: Path, pages: Iterable[search_input.Page], kept: search_input.Stripped | None = None
) -> None:
    made: set[Path] = set()
    for page in pages:
        path = folder / page.path
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(search_input.html_of(site, page, kept))


def ram_disk() -> str | None:
    """Linux's /dev/shm: Pagefind's input is thousands of small files, written once, read once, then deleted."""
    shm = Path("/dev/shm")  # noqa: S108 - a private folder is made inside it (tempfile), not a fixed name
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def place(bundle: Bundle, target: Path) -> None:
    """Copy a bundle into the site's index: all of the first, the index files only of the others.

    Copies, not links: the published site shares no storage with the cache.
    """
    first = not bundle.folder
    destination = target / bundle.folder
    made: set[Path] = set()
    for path in sorted(bundle.output.rglob("*")):
        relative = path.relative_to(bundle.output)
        if path.is_dir() or path.name == MANIFEST or not (first or _merged_part(relative)):
            continue
        copy = destination / relative
        if copy.parent not in made:
            copy.parent.mkdir(parents=True, exist_ok=True)
            made.add(copy.parent)
        shutil.copyfile(path, copy)


def _merged_part(relative: Path) -> bool:
    """What Pagefind's JS reads from a merged bundle: its entry, metadata, word index, filters and fragments.

    Its copies of pagefind.js, the WebAssembly and the UI files would never be loaded.
    """
    if relative.parts[0] in INDEX_FOLDERS:
        return True
    return relative.name == ENTRY or relative.suffix == ".pf_meta"


def write_bundle_list(target: Path, bundles: Sequence[Bundle]) -> None:
    """``pagefind/bundles.json``: the bundles search.js merges into the first, relative to it, in site order."""
    others = [bundle.folder for bundle in bundles if bundle.folder]
    (target / BUNDLE_LIST).write_text(json.dumps({"bundles": others}) + "\n", encoding="utf-8")


def indexed_pages(bundle: Path) -> int:
    """How many pages the written index holds, merged bundles included (0 when there is none)."""
    pages = entry_pages(bundle)
    if pages is None:
        return 0
    try:
        others = json.loads((bundle / BUNDLE_LIST).read_text(encoding="utf-8"))["bundles"]
    except (OSError, ValueError, KeyError):
        others = []
    return pages + sum(indexed_pages(bundle / folder) for folder in others)


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _done(bundle: Bundle) -> Future[Bundle]:
    future: Future[Bundle] = Future()
    future.set_result(bundle)
    return future
