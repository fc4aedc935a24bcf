"""Pagefind's index in a stable order: two builds of the same site give the same bytes.

Pagefind 1.5 writes its fragments and word index reproducibly, but its filter
index (``filter/*.pf_filter``) and the page metadata (``pagefind.*.pf_meta``)
come out of Rust hash maps, whose order changes from run to run (Pagefind issue
#638). Each of those files is gzip-compressed CBOR behind a 12-byte signature,
and is named after a hash of its bytes, which the metadata and
``pagefind-entry.json`` refer to. So after Pagefind has run we sort the filter
values and the filter list, write the files again, and name them after their
new bytes the way Pagefind does (language, underscore, hex digits). The search
reads the same data: the order carries no meaning for Pagefind's JS.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
FILTER_HASH_LENGTH = 7  # Pagefind's own lengths, so the names look the same
META_HASH_LENGTH = 10


class IndexFormatError(ValueError):
    """The bundle is not laid out as this module expects (a Pagefind release changed it)."""


def stabilise(bundle: Path) -> None:
    """Rewrite the unordered parts of a Pagefind bundle in sorted order, in place."""
    entry_path = bundle / ENTRY
    text = entry_path.read_text(encoding="utf-8")
    for language, info in sorted(json.loads(text)["languages"].items()):
        old = info["hash"]
        new = _stabilise_language(bundle, language, old)
        # A string replacement keeps the rest of Pagefind's JSON byte for byte.
        text = text.replace(f'"hash":"{old}"', f'"hash":"{new}"')
    entry_path.write_text(text, encoding="utf-8")


def _stabilise_language(bundle: Path, language: str, meta_hash: str) -> str:
    meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = _read(meta_path)
    try:
        filters = meta[3]
        renamed = [[name, _sort_filter(bundle / "filter", language, old)] for name, old in filters]
    except (IndexError, TypeError, ValueError) as exc:
        raise IndexFormatError(f"unexpected Pagefind metadata in {meta_path.name}: {exc}") from None
    meta[3] = sorted(renamed)
    return _replace(meta_path, meta, bundle, "pagefind.{}.pf_meta", language, META_HASH_LENGTH)


def _sort_filter(folder: Path, language: str, old_hash: str) -> str:
    path = folder / f"{old_hash}.pf_filter"
    name, values = _read(path)
    return _replace(path, [name, sorted(values)], folder, "{}.pf_filter", language, FILTER_HASH_LENGTH)


def _replace(old: Path, data: Any, folder: Path, pattern: str, language: str, length: int) -> str:
    """Write ``data`` under the name its bytes give; remove ``old``. Returns the new hash."""
    payload = gzip.compress(SIGNATURE + cbor2.dumps(data), compresslevel=9, mtime=0)
    new_hash = f"{language}_{hashlib.sha256(payload).hexdigest()[:length]}"
    target = folder / pattern.format(new_hash)
    target.write_bytes(payload)
    if old != target:
        old.unlink()
    return new_hash


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise IndexFormatError(f"{path.name} does not start with Pagefind's signature")
    return cbor2.loads(raw[len(SIGNATURE) :])
