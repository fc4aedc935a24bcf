"""Markdown bodies -> HTML, with raw HTML shown as text and only safe links.

Staff write Markdown, not HTML: anything that looks like a tag in a content
file is escaped, so a pasted <script> is shown, never run; a link or image
with a scheme such as javascript: loses its address.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = frozenset({"", "http", "https", "mailto", "tel"})
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")


class _SafeLinks(Treeprocessor):
    """Drop href/src values whose scheme could run code (javascript:, data:, vbscript: …)."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and scheme_as_browsers_read_it(value) not in SAFE_SCHEMES:
                    del element.attrib[attribute]


def scheme_as_browsers_read_it(url: str) -> str:
    """The URL scheme after what a browser does first: decode entities, drop tabs and newlines.

    Markdown keeps ``&#106;avascript:`` as written, and the browser decodes it to
    ``javascript:``; so the check must look at what the browser will see.
    """
    decoded = _TAB_OR_NEWLINE.sub("", html.unescape(url)).strip("".join(map(chr, range(33))))
    return urlsplit(decoded).scheme.lower()


def markdown_renderer() -> Callable[[str], str]:
    """A renderer that reuses one Markdown instance (reset between files)."""
    md = markdown.Markdown(extensions=["extra", "sane_lists", "smarty"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_SafeLinks(md), "safe_links", 0)

    def render(text: str) -> str:
        plain = plain_paragraphs(text)
        if plain is not None:
            return plain
        md.reset()
        return md.convert(text)

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
    tests/test_markup.py checks that both give the same HTML.
    """
    blocks = [block.strip("\n") for block in re.split(r"\n\s*\n", text.strip("\n"))]
    if not _MARKUP_FREE.fullmatch(text) or _SMARTY.search(text):
        return None
    if any(not block or _BLOCK_START.search(block) for block in blocks):
        return None
    return "\n".join(f"<p>{block}</p>" for block in blocks)
