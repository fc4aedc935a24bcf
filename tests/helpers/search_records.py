"""What Pagefind wrote, read back: each page's record in a bundle, and the pages the theme marks for the index."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from helpers.sites import page


def fragments(bundle: Path) -> dict[str, dict]:
    """Pagefind's page records by URL: gzip'd JSON behind a 12-byte signature (Pagefind 1.x's format)."""
    records = {}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        record = json.loads(data[len(b"pagefind_dcd") :])
        records[record["url"]] = record
    return records


def indexed_pages(site: Path) -> set[str]:
    """The pages the theme marks for the index (data-pagefind-body), as URLs."""
    urls = set()
    for html in site.rglob("index.html"):
        if "pagefind" in html.parts:
            continue
        url = "/" + html.parent.relative_to(site).as_posix() + "/"
        if page(site, html.parent.relative_to(site).as_posix()).select("[data-pagefind-body]"):
            urls.add(url)
    return urls
