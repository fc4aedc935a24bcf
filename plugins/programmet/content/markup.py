"""Markdown bodies -> HTML that shows text, links and the site's own images, and runs nothing.

Staff write Markdown, not HTML, and a content file is untrusted. Three layers:

1. Raw HTML is not Markdown here: anything that looks like a tag is escaped, so a
   pasted <script> is shown, never run.
2. An image that is not on the site would be fetched from another host on page
   view; it becomes a plain link to the image, its alt text the link's text.
3. Whatever Markdown wrote passes nh3 (the Rust sanitizer ammonia), an allow-list
   of exactly the tags and attributes Python-Markdown's extra, sane_lists and smarty
   write: attr_list's ``{: onerror=… }``, ``{: style=… }`` or ``{: id=main }`` are
   dropped. ammonia parses the HTML as a browser does (``&#106;avascript:`` is
   ``javascript:`` by then), and every link is judged on that value: it stays if it
   leads to the site itself, or to a public http(s), mailto: or tel: address
   (weburls.py, the WHATWG parser browsers use); otherwise it keeps its text and loses
   its address. An image keeps its ``src`` only if it is on the site.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from xml.etree.ElementTree import Element

import ada_url
import markdown
import nh3
from markdown import util
from markdown.treeprocessors import Treeprocessor

from .weburls import WebUrl, read_url

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# The site's own address in a form that never leads anywhere (.invalid is reserved, RFC 2606).
# A relative address is resolved against it as a browser resolves it against the page: if the
# host is still this one, the address stays on whatever host serves the page.
SITE = "https://site.invalid/"
_SITE_HOST = "site.invalid"

# Exactly what Python-Markdown writes with extra (fenced_code, footnotes, attr_list, def_list,
# tables, abbr, md_in_html), sane_lists and smarty, and raw HTML off. No style (tables use the
# align attribute instead), no event handler, no class but the footnotes' own (a fenced code
# block's `language-…` class goes too: nothing styles or highlights it).
_TAGS = frozenset(
    {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "code", "pre", "blockquote",
     "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "abbr", "sup",
     "div", "a", "img"}
)  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "sup": {"id"},
    "li": {"id"},
}
_ALIGN = {"align": {"left", "center", "right"}}
_ATTRIBUTE_VALUES = {"th": _ALIGN, "td": _ALIGN}
_CLASSES = {"a": {"footnote-ref", "footnote-backref"}, "div": {"footnote"}}
# Ids: footnotes need them (`fn:<label>` on a note, `fnref:<label>`, `fnref2:<label>`… on its
# marks), and nothing else from content may have one. An id from content could take one the
# theme or its scripts use (`main` is the skip link's target, `screen-text` holds the lobby
# screen's words, events, branches and days have their own), and the page would break. No id of
# the theme has a colon (tests/content/test_sanitizer.py checks every built page), so an id of this shape
# can only ever meet another footnote's.
_FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:\S+")
# The character references Markdown's serializer leaves as written (markdown.serializers.RE_AMP).
_REFERENCE = re.compile(r"&(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);", re.IGNORECASE)


def link_target(value: str) -> str | None:
    """The address a link to ``value`` (as a browser decoded the attribute) may have, or None.

    An address relative to the page stays as written while a browser resolves it on the
    page's own host. One that leads elsewhere (any absolute address, and ``//evil.example``
    or ``\\\\evil.example``, which browsers read as another host) must be a public http(s),
    mailto: or tel: address, and is published as the WHATWG parser serialised it.
    """
    if on_site(value):
        return value
    judged = read_url(value, LINK_SCHEMES, base=None if _absolute(value) else SITE)
    return judged.href if isinstance(judged, WebUrl) else None


def on_site(value: str) -> bool:
    """Whether ``value`` has no scheme of its own and a browser resolves it on the page's own host."""
    if _absolute(value):
        return False
    try:
        return ada_url.URL(value, SITE).host == _SITE_HOST
    except ValueError:
        return False


def _absolute(value: str) -> bool:
    # Resolved against a base, `https:evil.example` would pass for a path on an https page; on its own
    # it is absolute (and leads to evil.example on an http page), so it is judged as written.
    try:
        ada_url.URL(value)
    except ValueError:
        return False
    return True


def _kept_attribute(tag: str, name: str, value: str) -> str | None:
    """ammonia's last word on each attribute it allows, on the value as its HTML parser read it."""
    if name == "href":
        return link_target(value)
    if name == "src":
        return value if on_site(value) else None
    if name == "id":
        return value if _FOOTNOTE_ID.fullmatch(value) else None
    if name == "start":
        return value if value.isascii() and value.isdigit() else None
    return value


def sanitize(fragment: str) -> str:
    """``fragment`` with only the tags, attributes and addresses Markdown bodies may have."""
    return nh3.clean(
        fragment,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        tag_attribute_values=_ATTRIBUTE_VALUES,
        allowed_classes=_CLASSES,
        attribute_filter=_kept_attribute,
        url_schemes=LINK_SCHEMES,
        link_rel=None,  # links are plain links; no target=_blank, and the Referrer-Policy header covers the rest
    )


class _NoRemoteImages(Treeprocessor):
    """An image from anywhere but the site becomes a link to it (its alt text the link's text).

    A page that loads another host's image on view tells that host who read it, against the
    promise (docs/accessibility-privacy-security.md) that no request leaves the site when a
    page loads. Without a usable address (``data:``, ``javascript:``, a private host), or
    without alt text to be a link's text, or inside a link already, the image leaves only
    its alt text.
    """

    def run(self, root: Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for image in list(root.iter("img")):
            source = _as_browser_reads(image.get("src", ""))
            if on_site(source):
                continue
            alt = _as_browser_reads(image.get("alt", "")).strip()
            target = None if _inside_link(image, parents) else link_target(source)
            if target and alt:
                tail = image.tail
                image.clear()
                image.tag, image.text, image.tail = "a", alt, tail
                image.set("href", target)
            else:
                _replace_with_text(parents[image], image, alt)


def _inside_link(element: Element, parents: dict[Element, Element]) -> bool:
    while element in parents:
        element = parents[element]
        if element.tag == "a":
            return True
    return False


def _replace_with_text(parent: Element, child: Element, text: str) -> None:
    index = list(parent).index(child)
    text += child.tail or ""
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        before = parent[index - 1]
        before.tail = (before.tail or "") + text
    parent.remove(child)


def _as_browser_reads(value: str) -> str:
    """An attribute value of Markdown's tree as a browser will read it once written out.

    The serializer writes character references (``&#106;``) as they are and the browser
    decodes them; an autolinked e-mail address holds Markdown's placeholder for ``&``.
    """
    value = value.replace(util.AMP_SUBSTITUTE, "&")
    return _REFERENCE.sub(lambda reference: html.unescape(reference.group()), value)


def staff_markdown() -> markdown.Markdown:
    """Markdown as staff write it, raw HTML shown as text: before images and the sanitizer have a say."""
    md = markdown.Markdown(
        extensions=["extra", "sane_lists", "smarty"],
        extension_configs={"extra": {"tables": {"use_align_attribute": True}}},  # no style attributes
        output_format="html",
    )
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def markdown_renderer(shortcut: bool = True) -> Callable[[str], str]:
    """A renderer that reuses one Markdown instance (reset between files).

    Both ways to the HTML end in the sanitizer: Markdown's, and the plain-prose shortcut
    (``shortcut=False`` turns it off, for the tests that compare the two).
    """
    md = staff_markdown()
    # After every other tree processor (attr_list at 8, unescape at 0), so it sees the final attributes.
    md.treeprocessors.register(_NoRemoteImages(md), "no_remote_images", -1)

    def render(text: str) -> str:
        plain = plain_paragraphs(text) if shortcut else None
        if plain is not None:
            return sanitize(plain)
        md.reset()
        return sanitize(md.convert(text))

    return render


# Text in which Markdown (with extra, sane_lists and smarty) finds nothing to do: no markup
# characters, no quotes, dashes or ellipses for smarty, no line that could start a list,
# a heading, a definition or a code block, and no line ending in a hard break.
_MARKUP_FREE = re.compile(r"[^*_\[\]#>&<\\`~|{}\"'\t\r]*")
_BLOCK_START = re.compile(r"^(?:[\s\d=:+-]|$)", re.MULTILINE)
_SMARTY = re.compile(r"--|\.\.\.| $", re.MULTILINE)


def plain_paragraphs(text: str) -> str | None:
    """The HTML Markdown would make of plain prose, without running Markdown; None if it is not plain.

    Most event descriptions are a few paragraphs of plain text; Markdown's full
    pipeline costs a millisecond or two each, the paragraphs a few microseconds.
    tests/content/test_markup.py checks that both give the same HTML.
    """
    blocks = [block.strip("\n") for block in re.split(r"\n\s*\n", text.strip("\n"))]
    if not _MARKUP_FREE.fullmatch(text) or _SMARTY.search(text):
        return None
    if any(not block or _BLOCK_START.search(block) for block in blocks):
        return None
    return "\n".join(f"<p>{block}</p>" for block in blocks)
