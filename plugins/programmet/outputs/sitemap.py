"""sitemap.xml and robots.txt (pure).

The sitemap lists every HTML page by its absolute address, written with
ElementTree in the sitemaps.org namespace. ``lastmod`` is given only where
there is a real date (each kind of page says, page_kinds.py): the calendar
record's last change of an event or a series, an episode's publication, a
show's newest episode. Never the build time.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"


@dataclass(frozen=True, order=True)
class Entry:
    url: str  # relative to the site, like "program/" ("" is the front page)
    lastmod: datetime | None = None


def build_sitemap(site_url: str, entries: Iterable[Entry]) -> bytes:
    """A urlset of every entry, sorted by address; ``site_url`` must be absolute."""
    urlset = ET.Element(f"{{{NAMESPACE}}}urlset")
    for entry in sorted(set(entries)):
        url = ET.SubElement(urlset, f"{{{NAMESPACE}}}url")
        ET.SubElement(url, f"{{{NAMESPACE}}}loc").text = f"{site_url}/{entry.url}"
        if entry.lastmod is not None:
            stamp = entry.lastmod.astimezone(UTC).replace(microsecond=0).isoformat()
            ET.SubElement(url, f"{{{NAMESPACE}}}lastmod").text = stamp.replace("+00:00", "Z")
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True, default_namespace=NAMESPACE) + b"\n"


def robots_txt(site_url: str) -> str:
    """Everything may be crawled; the sitemap is named when the site has a public address."""
    lines = ["User-agent: *", "Disallow:"]
    if is_absolute(site_url):
        lines += ["", f"Sitemap: {site_url}/{SITEMAP}"]
    return "\n".join(lines) + "\n"


def is_absolute(site_url: str) -> bool:
    return site_url.startswith(("https://", "http://"))
