"""SVG images from content, checked before they are published byte for byte (issue 17).

An SVG opened on its own (its address in the address bar) is a document in the site's origin:
a <script>, an event handler, a javascript: link or an XHTML island in it runs as the site. So
an SVG is published only if it holds drawing and nothing else. It is checked, never rewritten:
a rewrite would need a serialiser whose output every browser reads as we do, and would change
files an editor exported on purpose.

The rules allow-list where the danger is (SVG elements, link targets), deny-list only where
drawing programs vary (other vocabularies, CSS), and refuse whatever our parser and a browser
might read differently (DTD declarations, named entities, encodings other than UTF-8).
"""

from __future__ import annotations

import re
from typing import NoReturn
from xml.parsers import expat

MAX_BYTES = 2_000_000  # a logo or an icon is a few kB; an embedded photo belongs in a JPEG

SVG = "http://www.w3.org/2000/svg"
XHTML = "http://www.w3.org/1999/xhtml"
XML = "http://www.w3.org/XML/1998/namespace"

# Drawing, structure, paint, clipping, markers, filters, text and metadata. Not listed, so
# refused: script, foreignObject (holds HTML), handler and listener (SVG Tiny's event code), SVG 2's
# iframe/video/audio/canvas, and obsolete elements that load other files (cursor, font-face-uri,
# color-profile, tref, altGlyph). Inkscape's flowed text, mesh gradients and hatches are drafts no
# browser draws, but they are common in exports and inert.
# Animations stay (spinners exist) because the only way they reach script, animating a link or an
# event handler (<set attributeName="href" to="javascript:...">), is refused on attributeName below.
_SVG_ELEMENTS = frozenset(
    """svg g defs symbol use switch a view title desc metadata style
    path rect circle ellipse line polyline polygon image text tspan textPath
    linearGradient radialGradient stop pattern clipPath mask marker
    meshgradient meshrow meshpatch hatch hatchpath flowRoot flowRegion flowPara flowSpan flowDiv
    filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting
    feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR
    feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset fePointLight
    feSpecularLighting feSpotLight feTile feTurbulence
    animate set animateTransform animateMotion mpath""".split()  # noqa: SIM905 - words read better than 70 quoted names
)
_EMBEDS_PICTURES = frozenset({"image", "feImage"})  # the only elements whose href may be a data: picture

# Browsers drop ASCII whitespace and control characters from a URL before reading its scheme
# ("java&#9;script:" is javascript:), so addresses are judged with all of them removed.
_URL_IGNORED = re.compile(r"[\x00-\x20]+")
_SCRIPT_SCHEME = re.compile(r"(?:java|vb)script:", re.IGNORECASE)
_PICTURE_DATA = re.compile(r"data:image/(?:png|jpe?g|gif|webp)[;,]", re.IGNORECASE)  # never SVG: no script
# Chrome reads HTML's entity names (&colon;) in some documents where expat sees nothing, so only
# XML's own five names are allowed; numeric character references are read alike everywhere.
_NAMED_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot|apos);)([A-Za-z_][\w.-]*);")
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\r\n\f]?|(\r\n|[\r\n\f])|(.))", re.DOTALL)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)")
# Loads a style sheet or a picture by address, or runs code in old browsers (IE, old Firefox).
_CSS_FORBIDDEN = re.compile(r"@import|expression\s*\(|-moz-binding|behavior\s*:|image-set\s*\(")

_WITHOUT_IT = "export it again without it, or save the picture as PNG"


class _RefusedError(Exception):
    """Stops the parser at the first problem; its text is the problem."""


def svg_problem(data: bytes) -> str | None:
    """None if ``data`` is an SVG image that is safe to publish as it is, else what is wrong.

    The message is one English sentence an editor can act on, starting with ``line N:`` where
    the problem has a place.
    """
    if len(data) > MAX_BYTES:
        return (
            f"is {len(data) / 1_000_000:.1f} MB; an SVG image may be at most {MAX_BYTES // 1_000_000} MB: "
            "simplify it, or save it as PNG or JPEG"
        )
    if (problem := _text_problem(data)) is not None:
        return problem
    try:
        _Checker().check(data)
    except _RefusedError as refused:
        return str(refused)
    except expat.ExpatError as error:
        return f"line {error.lineno}: is not well-formed XML ({expat.ErrorString(error.code)}); export it again"
    return None


def _text_problem(data: bytes) -> str | None:
    """What must be refused before the XML parser sees the file: other encodings, DTD entities."""
    if b"\x00" in data:  # UTF-16 and UTF-32, which hide markup from a byte-wise look
        return "is not UTF-8 text (it holds NUL bytes, as UTF-16 does); export it again as UTF-8"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "is not UTF-8 text; export it again as UTF-8"
    if "<!ENTITY" in text:  # billion laughs (endless expansion) and external entities (reading files)
        return (
            "declares entities (<!ENTITY ...>), which can make it grow without end or read other files; "
            "export it again as plain SVG"
        )
    if match := _NAMED_ENTITY.search(text):
        line = text.count("\n", 0, match.start()) + 1
        return f"line {line}: uses the entity &{match[1]};, which browsers read differently; write the character itself"
    return None


def _split(name: str) -> tuple[str, str, str]:
    """Expat's 'namespace \\x01 local \\x01 prefix' as (namespace, local name, name as written)."""
    parts = name.split("\x01")  # \x01 cannot occur in XML 1.0, so it cannot be part of a name or namespace
    if len(parts) == 1:
        return "", name, name
    if len(parts) == 2:
        return parts[0], parts[1], parts[1]
    return parts[0], parts[1], f"{parts[2]}:{parts[1]}"


class _Checker:
    """One pass of expat over one file; each handler refuses what it must by raising _RefusedError."""

    def __init__(self) -> None:
        self._parser = expat.ParserCreate(namespace_separator="\x01")
        self._parser.namespace_prefixes = True
        self._parser.XmlDeclHandler = self._declaration
        self._parser.StartDoctypeDeclHandler = self._doctype
        self._parser.ProcessingInstructionHandler = self._instruction
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end
        self._parser.CharacterDataHandler = self._characters
        # One entry per open element: (line, text so far) for an SVG <style>, else None.
        self._open: list[tuple[int, list[str]] | None] = []

    def check(self, data: bytes) -> None:
        self._parser.Parse(data, True)

    def _refuse(self, message: str, line: int | None = None) -> NoReturn:
        raise _RefusedError(f"line {line or self._parser.CurrentLineNumber}: {message}")

    def _declaration(self, version: str, encoding: str | None, standalone: int) -> None:
        # A browser decodes by the declaration too; only UTF-8 (and its subset ASCII) reads the
        # same in every browser and in expat (cp037 or UTF-7 would not).
        if version != "1.0":
            self._refuse(f"declares XML version {version}; export it again as SVG 1.1 (XML 1.0)")
        if encoding is not None and encoding.lower() not in {"utf-8", "us-ascii"}:
            self._refuse(f"declares the encoding {encoding!r}; export it again as UTF-8")

    def _doctype(self, name: str, system_id: str | None, public_id: str | None, has_internal_subset: int) -> None:
        # A plain <!DOCTYPE svg PUBLIC ...> is inert (no browser fetches the DTD); an internal subset
        # can declare default attributes (an onload on every <svg>) that a browser would apply.
        if has_internal_subset:
            self._refuse("has a DOCTYPE with its own declarations ([...]); export it again as plain SVG")

    def _instruction(self, target: str, data: str) -> None:
        # <?xml-stylesheet?> makes a browser apply XSLT or CSS from elsewhere; exports need none.
        self._refuse(f"contains the processing instruction <?{target} ...?>; {_WITHOUT_IT}")

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, local, shown = _split(name)
        if not self._open and (namespace, local) != (SVG, "svg"):
            self._refuse(f"is not an SVG image: its outermost element is <{shown}>, not <svg> in the SVG namespace")
        self._check_element(namespace, local, shown)
        for attribute, value in attributes.items():
            self._check_attribute(namespace, local, shown, attribute, value)
        is_style = namespace == SVG and local == "style"
        self._open.append((self._parser.CurrentLineNumber, []) if is_style else None)

    def _characters(self, text: str) -> None:
        # Only the style element's own text nodes make its style sheet (as a browser joins them),
        # so text split by comments is joined and text of a child element is left out.
        if self._open and (style := self._open[-1]) is not None:
            style[1].append(text)

    def _end(self, name: str) -> None:
        style = self._open.pop()
        if style is not None and (problem := _css_problem("".join(style[1]))) is not None:
            self._refuse(f"<style> {problem}", line=style[0])

    def _check_element(self, namespace: str, local: str, shown: str) -> None:
        # Namespaces compare exactly in browsers; comparing loosely here only refuses more.
        loose = namespace.strip().lower()
        if loose == XHTML:
            self._refuse(f"contains the web-page element <{shown}>, which can run scripts; {_WITHOUT_IT}")
        if not namespace:
            self._refuse(f"contains <{shown}>, an element outside the SVG namespace; {_WITHOUT_IT}")
        if loose == SVG and local not in _SVG_ELEMENTS:
            self._refuse(f"contains a <{shown}> element; SVG images may only hold drawings: {_WITHOUT_IT}")
        # Other vocabularies (sodipodi:namedview, inkscape:*, Illustrator's i:*, RDF, Dublin Core,
        # Creative Commons) are neither drawn nor run by browsers; their attributes are still checked.

    def _check_attribute(self, namespace: str, local: str, shown: str, name: str, value: str) -> None:
        attribute_namespace, attribute, attribute_shown = _split(name)
        where = f"<{shown}> {attribute_shown}="
        if attribute.lower().startswith("on"):
            self._refuse(f"{where} is an event handler, which runs a script; {_WITHOUT_IT}")
        if attribute.lower() == "href":
            if not _is_local_or_picture(value, embeds_pictures=namespace == SVG and local in _EMBEDS_PICTURES):
                self._refuse(
                    f"{where} points to {_shorten(value)}; an SVG image may only point inside itself (#name) "
                    "and embed PNG, JPEG, GIF or WebP pictures: embed linked pictures and remove links"
                )
            return
        if attribute_namespace == XML and attribute == "base":
            self._refuse(f"{where} changes where its links lead; export it again without it")
        if attribute == "attributeName" and _animates_link_or_handler(value):
            self._refuse(f"{where}{value!r} animates a link or an event handler; remove the animation")
        if _SCRIPT_SCHEME.search(_URL_IGNORED.sub("", value)):
            self._refuse(f"{where} holds a javascript: address; {_WITHOUT_IT}")
        # style= and presentation attributes (fill, filter, clip-path, mask, cursor) are CSS; attributes
        # of other vocabularies (inkscape:label) are not, and may say "Expression (happy)".
        if not attribute_namespace and (problem := _css_problem(value)) is not None:
            self._refuse(f"{where} {problem}")


def _is_local_or_picture(value: str, embeds_pictures: bool) -> bool:
    """A link a browser resolves inside this file, or (on <image>) a picture that carries no script."""
    url = _URL_IGNORED.sub("", value)
    return url == "" or url.startswith("#") or (embeds_pictures and _PICTURE_DATA.match(url) is not None)


def _animates_link_or_handler(value: str) -> bool:
    """attributeName="href", "xlink:href" (any prefix) or "onclick": how animations smuggle in script."""
    target = value.strip().rpartition(":")[2].strip().lower()
    return target in {"href", "base"} or target.startswith("on")


def _css_problem(css: str) -> str | None:
    """What in a style sheet or a CSS value could load or run something, or None.

    Judged as the CSS parser reads it, escapes decoded (u\\rl( and \\75rl( are url( ), and both with
    and without comments (old IE read "expr/**/ession(" as expression()).
    """
    decoded = _CSS_ESCAPE.sub(_unescape, css).lower()
    for text in (decoded, _CSS_COMMENT.sub("", decoded)):
        if forbidden := _CSS_FORBIDDEN.search(text):
            return f"uses {forbidden[0]}, which can load or run code from elsewhere; {_WITHOUT_IT}"
        if _SCRIPT_SCHEME.search(_URL_IGNORED.sub("", text)):
            return f"holds a javascript: address; {_WITHOUT_IT}"
        for match in _CSS_URL.finditer(text):
            end = text.find(match[1] or ")", match.end())
            url = _URL_IGNORED.sub("", text[match.end() : end if end >= 0 else None])
            if not _is_local_or_picture(url, embeds_pictures=True):
                return (
                    f"loads url({_shorten(url)}) from elsewhere; an SVG image may only use its own parts "
                    "(url(#name)) and embedded pictures: export it again without it"
                )
    return None


def _unescape(match: re.Match[str]) -> str:
    """One CSS escape as the CSS tokenizer reads it: hex code point, line continuation, or the character."""
    if match[1]:
        code = int(match[1], 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return "" if match[2] else match[3]


def _shorten(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:57] + "...")
