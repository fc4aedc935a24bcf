"""QR codes as inline SVG (segno): pure, the same bytes for the same text."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(text: str) -> Markup:
    """``text`` as a QR code in an inline ``<svg>`` (error correction M, the standard four-module quiet zone).

    The SVG scales with its box (no width or height) and draws in black on white whatever the colour
    scheme, so phones read it from paper and screen; it carries no text, so the page shows the
    address beside it and hides the drawing from screen readers (``aria-hidden`` on the SVG).
    """
    code = segno.make(text, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True, svgclass="qr", lineclass=None)
    # Safe: segno's SVG is only path data drawn from the text's bits; the text itself is never written into it.
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))  # noqa: S704
