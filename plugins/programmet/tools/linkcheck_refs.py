"""What each kind of output file refers to (pure): HTML pages, feeds, calendars, JSON, CSS.

Every reader returns the references as written, each with its kind; resolving
them against the site and looking for the files is ``linkcheck``'s job. Only
attributes and fields that hold addresses are read, so prose that happens to
contain a slash is never taken for a link.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from html.parser import HTMLParser
from typing import Any, NamedTuple

from icalendar.parser import Contentline


class Kind(StrEnum):
    """What a reference is for; printed after a broken link so staff know what is missing."""

    LINK = "link"
    IMAGE = "image"
    MEDIA = "media"
    TRANSCRIPT = "transcript"
    CHAPTERS = "chapters"
    FEED = "feed"
    STYLESHEET = "stylesheet"
    SCRIPT = "script"
    FORM = "form"
    DATA = "data"
    ASSET = "asset"
    FRAGMENT = "fragment"  # a #fragment naming no id on an existing page


class Reference(NamedTuple):
    url: str  # as written (entities decoded)
    kind: Kind


@dataclass
class PageReferences:
    """What one output file refers to; for an HTML page also the ids it offers to #fragments and its <base>."""

    references: list[Reference] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    base: str | None = None


HTML_ATTRIBUTES: dict[tuple[str, str], Kind] = {
    ("a", "href"): Kind.LINK, ("area", "href"): Kind.LINK, ("iframe", "src"): Kind.LINK,
    ("form", "action"): Kind.FORM, ("button", "formaction"): Kind.FORM, ("input", "formaction"): Kind.FORM,
    ("img", "src"): Kind.IMAGE, ("img", "srcset"): Kind.IMAGE, ("input", "src"): Kind.IMAGE,
    ("source", "srcset"): Kind.IMAGE, ("video", "poster"): Kind.IMAGE, ("link", "imagesrcset"): Kind.IMAGE,
    ("source", "src"): Kind.MEDIA, ("audio", "src"): Kind.MEDIA, ("video", "src"): Kind.MEDIA,
    ("embed", "src"): Kind.MEDIA, ("object", "data"): Kind.MEDIA,
    ("track", "src"): Kind.TRANSCRIPT, ("script", "src"): Kind.SCRIPT,
}  # fmt: skip
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
ADDRESS_ATTRIBUTES = frozenset({name for _, name in HTML_ATTRIBUTES} | {"href", "content"})
# <link rel=...>: the first token found here decides; other rels (canonical, next ...) are links.
LINK_RELS = {"stylesheet": Kind.STYLESHEET, "icon": Kind.IMAGE, "apple-touch-icon": Kind.IMAGE,
             "mask-icon": Kind.IMAGE, "manifest": Kind.ASSET, "preload": Kind.ASSET,
             "modulepreload": Kind.SCRIPT}  # fmt: skip
META_PROPERTIES = {"og:image": Kind.IMAGE, "og:image:url": Kind.IMAGE, "og:image:secure_url": Kind.IMAGE,
                   "twitter:image": Kind.IMAGE, "twitter:image:src": Kind.IMAGE, "og:url": Kind.LINK,
                   "og:audio": Kind.MEDIA, "og:video": Kind.MEDIA}  # fmt: skip
# JSON-LD, open data and chapter files: the keys whose string values are addresses.
JSON_KEYS = {"url": Kind.LINK, "image": Kind.IMAGE, "logo": Kind.IMAGE, "thumbnailUrl": Kind.IMAGE,
             "img": Kind.IMAGE, "contentUrl": Kind.MEDIA, "embedUrl": Kind.MEDIA}  # fmt: skip
# Feeds (RSS, Atom, podcast namespaces, sitemaps): elements whose url/href/uri attribute is an address.
XML_ELEMENTS = {"enclosure": Kind.MEDIA, "content": Kind.MEDIA, "alternateEnclosure": Kind.MEDIA,
                "source": Kind.MEDIA, "transcript": Kind.TRANSCRIPT, "chapters": Kind.CHAPTERS,
                "image": Kind.IMAGE, "thumbnail": Kind.IMAGE, "images": Kind.IMAGE}  # fmt: skip
ICS_PROPERTIES = {"URL": Kind.LINK, "SOURCE": Kind.FEED, "ATTACH": Kind.MEDIA, "IMAGE": Kind.IMAGE}
SRCSET_URL = re.compile(r"[\s,]*([^\s,]\S*)")
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


def srcset_urls(value: str) -> list[str]:
    """Every candidate's URL in a srcset ("a.jpg 480w, b.jpg 800w"); a URL may itself contain commas."""
    urls, position = [], 0
    while match := SRCSET_URL.match(value, position):
        url, position = match.group(1), match.end()
        # As the HTML standard parses it: commas ending the URL end the candidate; otherwise
        # descriptors ("480w", "2x") follow up to the next comma.
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            comma = value.find(",", position)
            position = len(value) if comma < 0 else comma + 1
        urls.append(url)
    return urls


def _link_kind(attributes: dict[str, str | None]) -> Kind:
    rels = (attributes.get("rel") or "").lower().split()
    for rel in rels:
        if rel in LINK_RELS:
            return LINK_RELS[rel]
    # An alternate with a type is the page as a feed (RSS, iCalendar, JSON); without, another page.
    return Kind.FEED if "alternate" in rels and attributes.get("type") else Kind.LINK


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = PageReferences()
        self._json_ld: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Pages have thousands of tags; most attributes (class, aria-*) are passed over at once.
        for name, value in attrs:
            if not value:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.found.ids.add(value)
            elif name in ADDRESS_ATTRIBUTES or name.startswith("data-"):
                self._add_attribute(tag, name, value, attrs)
        if tag == "base" and self.found.base is None:
            self.found.base = dict(attrs).get("href")
        elif tag == "script" and (dict(attrs).get("type") or "").lower() == "application/ld+json":
            self._json_ld = []

    def _add_attribute(self, tag: str, name: str, value: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = HTML_ATTRIBUTES.get((tag, name))
        if tag == "link" and name == "href":
            kind = _link_kind(dict(attrs))
        elif tag == "meta" and name == "content":
            attributes = dict(attrs)
            kind = META_PROPERTIES.get((attributes.get("property") or attributes.get("name") or "").lower())
        elif name.startswith("data-") and (value.startswith("/") or "://" in value):
            # Scripts' data attributes hold all sorts; only values shaped like addresses are read.
            kind = Kind.DATA
        if kind is None:
            return
        urls = srcset_urls(value) if name in SRCSET_ATTRIBUTES else [value]
        self.found.references.extend(Reference(url, kind) for url in urls)

    def handle_data(self, data: str) -> None:
        if self._json_ld is not None:
            self._json_ld.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._json_ld is not None:
            self.found.references.extend(json_text_references("".join(self._json_ld)))
            self._json_ld = None


def html_references(text: str) -> PageReferences:
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return parser.found


def _json_references(value: Any, kind: Kind | None) -> Iterator[Reference]:
    if isinstance(value, str):
        if kind is not None:
            yield Reference(value, kind)
    elif isinstance(value, list):
        for item in value:
            yield from _json_references(item, kind)
    elif isinstance(value, dict):
        for key, item in value.items():
            own = JSON_KEYS.get(key)
            if key == "url" and kind in (Kind.IMAGE, Kind.MEDIA):
                own = kind  # an ImageObject's url is the image itself
            # Objects and lists inside an image or media value keep its kind; other strings are prose.
            inherited = kind if isinstance(item, dict | list) else None
            yield from _json_references(item, own or inherited)


def json_text_references(text: str | bytes) -> list[Reference]:
    """Addresses in a JSON document; text that is not JSON has none (the HTML checks report it).

    A JSON Schema ("$schema" at the top) describes other documents' fields: its "url" keys are
    field names, not addresses.
    """
    try:
        document = json.loads(text)
    except ValueError:
        return []
    if isinstance(document, dict) and "$schema" in document:
        return []
    return list(_json_references(document, None))


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _xml_attribute_kind(element: ET.Element) -> Kind:
    name = _local(element.tag)
    if name == "link":  # Atom links: rel="self" is the feed itself, rel="enclosure" a media file
        return {"self": Kind.FEED, "enclosure": Kind.MEDIA}.get(element.get("rel", ""), Kind.LINK)
    return XML_ELEMENTS.get(name, Kind.LINK)


def xml_references(data: bytes) -> list[Reference]:
    """Addresses in an RSS or Atom feed (podcast and iTunes tags included) or a sitemap.

    A file that is not XML has none: whether the feeds parse is their own tests' business.
    """
    try:
        root = ET.fromstring(data)  # noqa: S314 - the site's own feeds, just written by the build
    except ET.ParseError:
        return []
    found = []
    for element in root.iter():
        name = _local(element.tag)
        found += [Reference(element.get(a, ""), _xml_attribute_kind(element)) for a in ("url", "href", "uri")
                  if element.get(a)]  # fmt: skip
        text = (element.text or "").strip()
        # RSS <link> and sitemap <loc> hold their address as text; RSS <image><url> too (below).
        if text and name in ("link", "loc", "comments") and not element.get("href"):
            found.append(Reference(text, Kind.LINK))
        # An RSS <guid> is the item's address unless it says otherwise (podcast:guid never is).
        if text and element.tag == "guid" and element.get("isPermaLink", "true") != "false":
            found.append(Reference(text, Kind.LINK))
        if name == "image" and (url := element.find("url")) is not None and url.text:
            found.append(Reference(url.text.strip(), Kind.IMAGE))
    return found


def ics_references(text: str) -> list[Reference]:
    """The URL, SOURCE, ATTACH and IMAGE values of an iCalendar file (binary attachments are not addresses)."""
    found = []
    for line in re.sub(r"\r?\n[ \t]", "", text).splitlines():
        head = re.split(r"[;:]", line, maxsplit=1)[0].upper()
        if head in ICS_PROPERTIES:
            _, parameters, value = Contentline(line).parts()
            if str(parameters.get("VALUE", "URI")).upper() == "URI" and value:
                found.append(Reference(value, ICS_PROPERTIES[head]))
    return found


def css_references(text: str) -> list[Reference]:
    found = []
    for match in CSS_URL.finditer(text):
        url = match.group(2) or match.group(4)
        if not url.startswith("data:"):
            found.append(Reference(url.strip(), Kind.STYLESHEET if match.group(4) else Kind.ASSET))
    return found


def robots_references(text: str) -> list[Reference]:
    """The Sitemap: lines of robots.txt."""
    return [Reference(line.split(":", 1)[1].strip(), Kind.LINK) for line in text.splitlines()
            if line.lower().startswith("sitemap:")]  # fmt: skip
