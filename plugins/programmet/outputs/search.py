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
from the cache instead of indexed again: a one-event edit re-indexes one bundle,
and takes the other pages of that bundle as the cache kept them stripped.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import cbor2

from ..build import cache as buildcache
from ..build import search_input, search_order
from ..build.atomic import digest_of, read_sealed, store_sealed
from ..content.model import Branch, Event, Series, Status
from ..content.model_media import Episode, Show
from ..content.urls import SEARCH_INDEX
from ..settings import Term
from .formatter import Formatter
from .i18n import N_

logger = logging.getLogger(__name__)

BUNDLE = SEARCH_INDEX  # the index's folder under the output: the first bundle (with Pagefind's JS and WASM)
SEARCH_SCRIPT = f"{BUNDLE}/pagefind.js"  # the JS API the search page loads
BUNDLE_LIST = "bundles.json"  # under BUNDLE: the other bundles, which search.js merges into the first
MORE = "del"  # under BUNDLE: the other bundles, a folder each («del»: part)
INDEX_FOLDERS = ("fragment", "index", "filter")  # Pagefind's index files of a bundle (with its entry and .pf_meta)
# Pagefind needs about 130 kB a page while it indexes: 1,000 pages stay near 140 MB per run, two runs at a time
# use both CPUs of a small build machine, and a site of 10,000 pages is searched as some 12 merged bundles.
MAX_PAGES = 1000
JOBS = 2  # at most; fewer on a machine with one CPU
CACHE_FORMAT = "1"  # change it when what a cached bundle holds changes shape
# Parts of indexed pages that are the same on every page, not what it is about: calendar buttons and date lists.
EXCLUDE = (".add-to-calendar", ".subscribe", ".other-dates")
SEEN = ".pages.pickle"  # in the cache: each written page's digest -> its stripped page's (dotted: never pruned)
STRIPPED = ".stripped"  # in the cache: the stripped pages by digest (search_input.Stripped)
ENTRY = "pagefind-entry.json"  # Pagefind's summary of the index: languages and page counts
MANIFEST = ".manifest"  # in a kept bundle: each file's digest, sealed (atomic.seal); never published
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
    bundles: int = 1
    reused: int = 0  # bundles taken from the cache, not indexed again


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


@dataclass(frozen=True)
class Bundle:
    """One Pagefind run's output: a slice of the site's pages (search_input.split)."""

    folder: str  # where it goes under BUNDLE: "" for the first, MORE/<name>/ for the others
    output: Path  # Pagefind's stabilised output: in the cache, or in the work folder
    reused: bool  # taken from the cache, not indexed by this build


@dataclass(frozen=True)
class Indexer:
    """How this build runs Pagefind, and where its input, its output and the cache are."""

    binary: Path
    language: str
    key: bytes  # Pagefind's version, our options and code (options_key): part of every bundle's digest
    scratch: Path  # Pagefind's input, a folder for each bundle
    work: Path  # Pagefind's output until kept: beside the cache, so that keeping a bundle is a rename
    cache: Path | None
    timeout: float

    def cached(self, digest: str) -> Path | None:
        """The kept bundle of that digest, if the cache has it whole (each file as its manifest says)."""
        if self.cache is None or not (self.cache / digest / ENTRY).is_file():
            return None
        if not whole(self.cache / digest):
            logger.warning("Search cache: bundle %s is damaged; indexing it again.", digest)
            shutil.rmtree(self.cache / digest, ignore_errors=True)
            return None
        return self.cache / digest

    def index(self, folder: str, given: Path, digest: str) -> Bundle:
        """Run Pagefind on one bundle's stripped pages, put its output in a stable order and keep it."""
        output = self.work / digest
        _run(pagefind_command(given, output, self.language, self.binary), self.timeout)
        shutil.rmtree(given)  # the input may be on a RAM disk: free it now
        if indexed_pages(output) == 0:
            raise SearchIndexError(f"Pagefind indexed none of the pages of bundle {folder or '/'}")
        try:
            search_order.stabilise(output)
        except (ValueError, cbor2.CBORError) as exc:  # (an OSError, a full disk, is the build's to report)
            raise SearchIndexError(f"could not put Pagefind's index in a stable order: {exc}") from None
        return Bundle(folder, output if self.cache is None else keep(output, self.cache), reused=False)


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
    # it goes up to the build, which says so in one line (generators.faults_said_in_one_line).
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


def keep(output: Path, cache: Path) -> Path:
    """Move a finished bundle into the cache under its digest: a rename, so no build ever sees half of one."""
    kept = cache / output.name
    if not (kept / ENTRY).is_file():
        shutil.rmtree(kept, ignore_errors=True)  # not a whole bundle (we only ever rename whole ones in)
        store_sealed(output / MANIFEST, json.dumps(file_digests(output)).encode())
        try:
            output.rename(kept)
        except OSError as exc:
            if not (kept / ENTRY).is_file():
                raise SearchIndexError(f"could not keep a search bundle in {cache}: {exc}") from None
    return kept  # (if it was there already, a build running beside this one made it: the same bytes)


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


def file_digests(bundle: Path) -> dict[str, str]:
    """Each file of a bundle (its manifest aside) with the digest of its bytes."""
    return {
        path.relative_to(bundle).as_posix(): digest_of(path.read_bytes()).hexdigest()
        for path in sorted(bundle.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def whole(bundle: Path) -> bool:
    """Whether a kept bundle's files are all there, and all as they were kept."""
    manifest = read_sealed(bundle / MANIFEST)
    try:
        return manifest is not None and json.loads(manifest) == file_digests(bundle)
    except (OSError, ValueError):
        return False


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


def prune(cache: Path, used: set[str]) -> None:
    """The cache keeps this build's bundles, not every version: the next build starts from this site."""
    for entry in cache.iterdir():
        if entry.name not in used and not entry.name.startswith("."):
            shutil.rmtree(entry, ignore_errors=True)


def bundle_digest(key: bytes, pages: Sequence[search_input.Page]) -> str:
    """Names a bundle's output by all it is made from: Pagefind and its options, and each page's path and bytes."""
    hasher = hashlib.blake2b(key, digest_size=20)
    for page in pages:
        path = page.path.encode()
        hasher.update(b"%d:%s%d:%s" % (len(path), path, len(page.digest), page.digest))
    return hasher.hexdigest()


def options_key(binary: Path, language: str, scratch: Path) -> bytes:
    """Pagefind's version, our options and the code that shapes the index: change any, and the cache misses.

    Pagefind numbers pages in the order it finds the files, which is the order their folder lists them in:
    on Linux's RAM disk, one that follows the order we wrote them in (newest first, on today's kernels);
    elsewhere, an order of the file system's own. So where the input is written, and the kernel, are in it.
    """
    version = _run([str(binary), "--version"], TIMEOUT).stdout.strip()
    options = pagefind_command(Path("site"), Path("index"), language, Path("pagefind"))
    hasher = hashlib.blake2b(digest_size=32)
    hasher.update(json.dumps([CACHE_FORMAT, version, options, str(scratch), platform.release()]).encode())
    for module in (search_input, search_order):
        hasher.update(Path(module.__file__ or "").read_bytes())
    return hasher.digest()


def pagefind_binary() -> Path:
    from pagefind.service import get_executable  # finds pagefind[extended]'s binary, or PAGEFIND_BINARY_PATH

    binary = get_executable()
    if binary is None:
        raise SearchIndexError("Pagefind's program is missing; install requirements.txt (pagefind[extended])")
    return Path(binary)


def pagefind_command(site: Path, target: Path, language: str, binary: Path | None = None) -> list[str]:
    """Pagefind's command line: a folder of pages, one index in the site's language (Norwegian stemming)."""
    command = [str(binary or pagefind_binary()), "--site", str(site), "--output-path", str(target)]
    command += ["--force-language", language]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    return [*command, "--quiet"]


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
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
    return done


def indexed_pages(bundle: Path) -> int:
    """How many pages the written index holds, merged bundles included (0 when there is none)."""
    try:
        entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    pages = sum(int(language["page_count"]) for language in entry["languages"].values())
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
