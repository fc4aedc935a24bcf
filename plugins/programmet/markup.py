"""Markdown bodies -> HTML, with raw HTML shown as text.

Staff write Markdown, not HTML: anything that looks like a tag in a content
file is escaped, so a pasted <script> is shown, never run.
"""

from __future__ import annotations

from collections.abc import Callable

import markdown


def markdown_renderer() -> Callable[[str], str]:
    """A renderer that reuses one Markdown instance (reset between files)."""
    md = markdown.Markdown(extensions=["extra", "sane_lists", "smarty"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")

    def render(text: str) -> str:
        md.reset()
        return md.convert(text)

    return render
