"""The search index as bundles: what Pagefind is given (stripped pages), how pages are split, and the cache.

The search itself across merged bundles runs in real Chromium: tests/browser/test_search.py.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import cbor2
import pytest
from helpers.search_records import fragments, indexed_pages
from helpers.snapshots import snapshot
from programmet.build import pagefind, search_bundles, search_index, search_input
from programmet.build.search_input import Page, split, stripped
from programmet.outputs.search_tags import SEARCH_SCRIPT

EVENT = "arrangement/2027-01-14-forfatterkveld/index.html"
SMALL = 3  # pages per bundle at most: the small fixture's 8 indexed pages make several bundles


def copy_site(site: Path, target: Path) -> Path:
    """A copy of a built site with files of its own (a build hard-links pages from its cache)."""
    shutil.copytree(site, target, ignore=shutil.ignore_patterns(search_index.BUNDLE))
    return target


def bundles(site: Path) -> list[Path]:
    others = json.loads((site / search_index.BUNDLE / search_index.BUNDLE_LIST).read_text(encoding="utf-8"))["bundles"]
    return [site / search_index.BUNDLE, *(site / search_index.BUNDLE / folder for folder in others)]


# -- what Pagefind is given ------------------------------------------------------------------


def test_pagefind_is_given_the_body_with_its_filters_and_meta_and_nothing_around_it(small_site: Path) -> None:
    whole = (small_site / EVENT).read_bytes()
    given = stripped(whole).decode()
    assert given.startswith('<!DOCTYPE html>\n<html lang="nb"><head><title>Forfatterkveld med Ida Berg')
    assert given.count("data-pagefind-body") == 1
    assert '<article class="wrap event" data-event-id="ev-test-forfatterkveld" data-pagefind-body>' in given
    assert given.endswith("</article></body></html>\n")
    assert "En kveld om <strong>bøker</strong>." in given
    assert 'data-pagefind-filter="bibliotek:Testby hovedbibliotek"' in given
    assert 'data-pagefind-meta="type:Arrangement"' in given
    # The header, navigation, footer and head are the same on every page: Pagefind never sees them.
    for elsewhere in ("site-nav", "site-footer", "og:title", "application/ld+json"):
        assert elsewhere in whole.decode() and elsewhere not in given
    assert len(given) < len(whole) / 2


def test_the_index_of_stripped_pages_is_the_index_of_the_whole_pages(small_site: Path, tmp_path: Path) -> None:
    """Pagefind on the written site, as before bundles, and write_index: the same records, words and filters.

    (Not the same bytes throughout: Pagefind numbers pages in the order their folders list them.)
    """
    site = copy_site(small_site, tmp_path / "site")
    whole = tmp_path / "whole"
    pagefind.run_pagefind(pagefind.pagefind_command(site, whole, "nb"), pagefind.TIMEOUT)
    search_index.write_index(site, "nb")
    # Each page's record (its text, title, filters and metadata) is the same file, named by the same hash.
    assert snapshot(site / search_index.BUNDLE / "fragment") == snapshot(whole / "fragment")
    assert vocabulary(site / search_index.BUNDLE) == vocabulary(whole)
    # The excluded selectors are left out of what is indexed, as before.
    record = fragments(site / search_index.BUNDLE)["/arrangement/2027-01-16-eventyr/"]
    assert "Google Kalender" not in record["content"]


def decoded(path: Path) -> Any:
    return cbor2.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])


def vocabulary(bundle: Path) -> tuple[list[str], dict[str, list[str]]]:
    """The words a bundle's index knows, and each filter's values."""
    words = sorted(entry[0] for chunk in (bundle / "index").glob("*.pf_index") for entry in decoded(chunk)[0])
    filters = dict(decoded(path) for path in (bundle / "filter").glob("*.pf_filter"))
    return words, {name: sorted(value for value, _ in values) for name, values in filters.items()}


def test_a_page_without_a_body_element_is_not_given() -> None:
    assert stripped(b"<html lang=nb><body><main><p>Forside</p></main></body></html>") is None
    # The words in a page's text are not the attribute.
    assert stripped(b"<html><body><p>Skriv &lt;div data-pagefind-body&gt; rundt teksten.</p></body></html>") is None


def test_nested_elements_of_the_same_name_are_kept_whole() -> None:
    document = (
        b"<html lang=nn><head><title>T</title></head><body><div class=x><div data-pagefind-body>"
        b"<div>a</div><div>b <div>c</div></div></div><div>meny</div></div></body></html>"
    )
    assert stripped(document) == (
        b"<!DOCTYPE html>\n<html lang=nn><head><title>T</title></head><body>"
        b"<div data-pagefind-body><div>a</div><div>b <div>c</div></div></div></body></html>\n"
    )


@pytest.mark.parametrize(
    "document",
    [
        b"<html><body><article data-pagefind-body><p>Uten slutt</p></body></html>",  # the body never ends
        b'<html><head><meta data-pagefind-meta="forfatter:Ida"></head>'  # Pagefind reads this one too
        b"<body><article data-pagefind-body><p>Tekst</p></article></body></html>",
    ],
)
def test_a_page_that_cannot_be_cut_safely_is_given_whole(document: bytes) -> None:
    assert stripped(document) == document


# -- bundles ---------------------------------------------------------------------------------


def paths(count: int, prefix: str = "arrangement/2027") -> list[str]:
    return [f"{prefix}-{n:05d}-arrangement/index.html" for n in range(count)]


def runs_of(names: list[str], max_pages: int = 200) -> list[tuple[str, ...]]:
    return [tuple(p.path for p in run) for run in split((Page(n, b"x") for n in names), max_pages)]


def test_bundles_are_at_most_max_pages_in_site_order_and_the_same_every_time() -> None:
    names = paths(5000)
    runs = runs_of(names)
    assert [p for run in runs for p in run] == names
    assert all(len(run) <= 200 for run in runs)
    assert all(len(run) >= 150 for run in runs[:-1])  # at least three-quarters full, but for the last
    assert 5000 / len(runs) > 160  # over 80 % full on average: few bundles for the browser to fetch
    assert runs_of(names) == runs


def changed_runs(before: list[tuple[str, ...]], after: list[tuple[str, ...]]) -> int:
    return len(set(after) - set(before))


def test_adding_or_removing_a_page_changes_the_bundle_it_is_in_and_seldom_another() -> None:
    names = paths(5000)
    runs = runs_of(names)
    changes = []
    for where in range(0, 5000, 125):
        added = sorted([*names, names[where].replace("-arrangement/", "-nytt/")])
        removed = names[:where] + names[where + 1 :]
        changes += [changed_runs(runs, runs_of(added)), changed_runs(runs, runs_of(removed))]
    # Cuts move only where a run's end shifts across the three-quarters mark; they settle again soon after.
    assert sum(changes) / len(changes) < 1.5
    assert sum(n <= 2 for n in changes) >= 0.9 * len(changes)
    many_added = sorted([*names, *paths(40, "arrangement/2028")])  # a new season at the end
    assert changed_runs(runs, runs_of(many_added)) == 1


def test_an_edit_of_one_page_changes_one_bundle_digest() -> None:
    pages = [Page(n, n.encode()) for n in paths(3000)]
    before = [search_bundles.bundle_digest(b"key", run) for run in split(pages, 200)]
    pages[1700] = Page(pages[1700].path, b"endret")
    after = [search_bundles.bundle_digest(b"key", run) for run in split(pages, 200)]
    assert len(after) == len(before)
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 1


def test_the_first_bundle_is_the_search_script_and_the_others_are_merged_index_parts(
    small_site: Path, tmp_path: Path
) -> None:
    site = copy_site(small_site, tmp_path / "site")
    report = search_index.write_index(site, "nb", max_pages=SMALL)
    folders = bundles(site)
    assert report.bundles == len(folders) >= 3
    assert report.pages == search_index.indexed_pages(site / search_index.BUNDLE) == 8
    assert (site / SEARCH_SCRIPT).is_file()
    urls = [url for folder in folders for url in fragments(folder)]
    assert sorted(urls) == sorted(indexed_pages(site))  # each page in one bundle
    for folder in folders[1:]:
        assert folder.parent == site / search_index.BUNDLE / search_index.MORE
        names = sorted(p.name for p in folder.iterdir())
        # The index files only (a bundle of pages without filters has no filter folder); no copies of
        # Pagefind's scripts and WebAssembly, which only the first bundle's are loaded.
        assert [n for n in names if n not in {"fragment", "index", "filter"}] == [
            "pagefind-entry.json",
            next(n for n in names if n.endswith(".pf_meta")),
        ]


# -- the cache -------------------------------------------------------------------------------


def edit(site: Path) -> None:
    event = site / EVENT
    text = event.read_text(encoding="utf-8")
    event.write_text(text.replace("om <strong>bøker</strong>.", "om <strong>dikt</strong>."), encoding="utf-8")


def test_an_incremental_index_is_the_cold_index_and_indexes_only_the_changed_bundle(
    small_site: Path, tmp_path: Path
) -> None:
    site = copy_site(small_site, tmp_path / "site")
    cache = tmp_path / "cache"
    cold = search_index.write_index(site, "nb", cache, max_pages=SMALL)
    assert cold.reused == 0 and len(list(cache.iterdir())) == cold.bundles
    again = search_index.write_index(site, "nb", cache, max_pages=SMALL)
    assert again.reused == cold.bundles
    unchanged = snapshot(site / search_index.BUNDLE)

    edit(site)
    incremental = search_index.write_index(site, "nb", cache, max_pages=SMALL)
    assert (incremental.bundles, incremental.reused) == (cold.bundles, cold.bundles - 1)
    fresh = copy_site(site, tmp_path / "fresh")
    search_index.write_index(fresh, "nb", max_pages=SMALL)  # no cache at all
    assert snapshot(site / search_index.BUNDLE) == snapshot(fresh / search_index.BUNDLE) != unchanged
    records = {url: record for folder in bundles(site) for url, record in fragments(folder).items()}
    assert "En kveld om dikt." in records["/arrangement/2027-01-14-forfatterkveld/"]["content"]
    # The cache holds this build's bundles, not the replaced one.
    assert len(list(cache.iterdir())) == cold.bundles


def written_pages(site: Path) -> dict[str, str]:
    """What a build tells the index: each HTML page with a digest of its bytes (its name in the page store)."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in site.rglob("*.html")
        if search_index.BUNDLE not in p.relative_to(site).parts
    }


def test_pages_the_build_names_by_digest_are_read_only_when_their_digest_is_new(
    small_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_site(small_site, tmp_path / "site")
    cache = tmp_path / "cache"
    cold = search_index.write_index(site, "nb", cache, max_pages=SMALL, written=written_pages(site))
    assert cold.reused == 0 and cold.pages == 8
    read: list[str] = []
    real_read_page = search_input.read_page
    monkeypatch.setattr(search_input, "read_page", lambda site, path: read.append(path) or real_read_page(site, path))

    edit(site)
    written = {**written_pages(site), "404.html": "unchanged"}  # a page store digest not seen before: read
    incremental = search_index.write_index(site, "nb", cache, max_pages=SMALL, written=written)
    assert (incremental.bundles, incremental.reused) == (cold.bundles, cold.bundles - 1)
    # Only the edited page and 404.html (new digests): the rest of the edited page's bundle was kept stripped.
    assert sorted(set(read)) == sorted({EVENT, "404.html"})
    fresh = copy_site(site, tmp_path / "fresh")
    search_index.write_index(fresh, "nb", max_pages=SMALL)  # the whole site read, no cache
    assert snapshot(site / search_index.BUNDLE) == snapshot(fresh / search_index.BUNDLE)


def test_a_kept_stripped_page_that_was_changed_is_read_from_the_site_again(small_site: Path, tmp_path: Path) -> None:
    site = copy_site(small_site, tmp_path / "site")
    cache = tmp_path / "cache"
    search_index.write_index(site, "nb", cache, max_pages=SMALL, written=written_pages(site))
    kept = sorted((cache / search_index.STRIPPED).iterdir())
    assert len(kept) == 8  # each indexed page, stripped
    for stored in kept:
        stored.write_bytes(b"<html><body data-pagefind-body>tampered</body></html>")

    edit(site)  # the edited page's bundle is indexed again, from the other pages as the site has them
    search_index.write_index(site, "nb", cache, max_pages=SMALL, written=written_pages(site))
    fresh = copy_site(site, tmp_path / "fresh")
    search_index.write_index(fresh, "nb", max_pages=SMALL)
    assert snapshot(site / search_index.BUNDLE) == snapshot(fresh / search_index.BUNDLE)
    assert "tampered" not in json.dumps([fragments(folder) for folder in bundles(site)])
    assert len(list((cache / search_index.STRIPPED).iterdir())) == 8  # this build's pages only


def test_a_cached_bundle_is_not_used_for_another_language(small_site: Path, tmp_path: Path) -> None:
    site = copy_site(small_site, tmp_path / "site")
    cache = tmp_path / "cache"
    search_index.write_index(site, "nb", cache)
    assert search_index.write_index(site, "nn", cache).reused == 0
    entry = json.loads((site / search_index.BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["nn"]


def test_a_failed_run_leaves_neither_an_index_nor_a_cached_bundle(
    small_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_site(small_site, tmp_path / "site")
    fake = tmp_path / "pagefind"  # answers --version as Pagefind does, then fails to index
    fake.write_text('#!/bin/sh\n[ "$1" = --version ] && echo "pagefind 1.5.2" && exit 0\necho ugyldig >&2; exit 3\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    cache = tmp_path / "cache"
    with pytest.raises(pagefind.SearchIndexError, match="exit code 3: ugyldig"):
        search_index.write_index(site, "nb", cache, max_pages=SMALL)
    assert not (site / search_index.BUNDLE).exists()
    assert list(cache.iterdir()) == []
