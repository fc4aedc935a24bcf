"""One bundle of the search index: Pagefind run on a slice of the pages, put in a stable order, kept by digest.

A bundle is named by a digest of all it is made from (Pagefind's version, our
options and code, each page's path and bytes), so a bundle whose input has not
changed is found in the cache instead of indexed again. A kept bundle carries a
sealed manifest of its files' digests and is used only if they all still match.
"""

from __future__ import annotations

import hashlib
import json
import logging
import platform
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cbor2

from . import search_input, search_order
from .atomic import digest_of, read_sealed, store_sealed
from .pagefind import ENTRY, SearchIndexError, entry_pages, pagefind_command, pagefind_version, run_pagefind

logger = logging.getLogger(__name__)

CACHE_FORMAT = "1"  # change it when what a cached bundle holds changes shape
MANIFEST = ".manifest"  # in a kept bundle: each file's digest, sealed (atomic.seal); never published


@dataclass(frozen=True)
class Bundle:
    """One Pagefind run's output: a slice of the site's pages (search_input.split)."""

    folder: str  # where it goes under the index folder: "" for the first, del/<name>/ for the others
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
        run_pagefind(pagefind_command(given, output, self.language, self.binary), self.timeout)
        shutil.rmtree(given)  # the input may be on a RAM disk: free it now
        if not entry_pages(output):
            raise SearchIndexError(f"Pagefind indexed none of the pages of bundle {folder or '/'}")
        try:
            search_order.stabilise(output)
        except (ValueError, cbor2.CBORError) as exc:  # (an OSError, a full disk, is the build's to report)
            raise SearchIndexError(f"could not put Pagefind's index in a stable order: {exc}") from None
        return Bundle(folder, output if self.cache is None else keep(output, self.cache), reused=False)


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
    version = pagefind_version(binary)
    options = pagefind_command(Path("site"), Path("index"), language, Path("pagefind"))
    hasher = hashlib.blake2b(digest_size=32)
    hasher.update(json.dumps([CACHE_FORMAT, version, options, str(scratch), platform.release()]).encode())
    for module in (search_input, search_order):
        hasher.update(Path(module.__file__ or "").read_bytes())
    return hasher.digest()
