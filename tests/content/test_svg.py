"""SVG images: drawings pass as they are; anything that could load or run something is refused, and said."""

from __future__ import annotations

import pytest
from programmet.content.svg import MAX_BYTES, svg_problem

NS = 'xmlns="http://www.w3.org/2000/svg"'
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="


def svg(body: str, attributes: str = "") -> bytes:
    """A small SVG document around ``body``."""
    return f'<svg {NS} {XLINK} viewBox="0 0 24 24"{attributes}>{body}</svg>'.encode()


ICON = svg('<path d="M12 2 L22 22 H2 Z" fill="#c33"/><circle cx="12" cy="16" r="2"/>')

INKSCAPE = b"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="210mm" height="297mm" viewBox="0 0 210 297" version="1.1" id="svg5"
   inkscape:version="1.3 (0e150ed6c4, 2023-07-21)" sodipodi:docname="logo.svg"
   inkscape:export-filename="C:\\Users\\anne\\Desktop\\logo.png" inkscape:export-xdpi="96"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns="http://www.w3.org/2000/svg" xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cc="http://creativecommons.org/ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview7" pagecolor="#ffffff" bordercolor="#666666" inkscape:pageopacity="0.0"
     inkscape:document-units="mm" inkscape:current-layer="layer1"><inkscape:grid type="xygrid" id="grid1"/>
  </sodipodi:namedview>
  <defs id="defs2"><style id="style1"><![CDATA[
    .logo { fill: #1d4f91; stroke: none; font-family: 'Noto Sans'; -inkscape-font-specification: 'Noto Sans Bold' }
  ]]></style></defs>
  <metadata id="metadata1"><rdf:RDF><cc:Work rdf:about="">
    <dc:format>image/svg+xml</dc:format><dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/>
    <cc:license rdf:resource="http://creativecommons.org/licenses/by-sa/4.0/"/><dc:title>Logo</dc:title>
  </cc:Work></rdf:RDF></metadata>
  <g inkscape:label="Lag 1" inkscape:groupmode="layer" id="layer1">
    <path class="logo" d="m 10,10 h 50 v 50 z" sodipodi:nodetypes="cccc" inkscape:connector-curvature="0"
       style="fill:#1d4f91;fill-opacity:1;stroke:#000000;stroke-width:0.26"/>
    <flowRoot xml:space="preserve" id="flowRoot1"><flowRegion><rect width="50" height="20"/></flowRegion>
      <flowPara>Biblioteket</flowPara></flowRoot>
  </g>
</svg>
"""

PAINT_AND_PICTURES = svg(
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#000"/>'
    '</linearGradient><radialGradient id="r" xlink:href="#g"/><clipPath id="clip0_1_2"><rect width="24" '
    'height="24"/></clipPath><filter id="shadow"><feFlood flood-opacity="0" result="BackgroundImageFix"/>'
    '<feColorMatrix in="SourceAlpha" type="matrix" values="0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 127 0"/>'
    '<feGaussianBlur stdDeviation="2"/></filter><g id="a"><rect width="4" height="4"/></g></defs>'
    '<rect width="24" height="24" fill="url(#g)" style="stroke: url( &quot;#r&quot; )" clip-path="url(#clip0_1_2)"'
    ' filter="url(#shadow)"/><use href="#a" x="10"/><use xlink:href="#a" x="5"/>'
    f'<image width="1" height="1" href="data:image/png;base64,{PNG}"/>'
    f'<image width="1" height="1" xlink:href="data:image/png;base64,\n{PNG[:40]}\n{PNG[40:]}"/>'
    f"<style>.bg {{ background: url('data:image/png;base64,{PNG}') }}</style>"
)

ARABIC = svg(
    '<text x="20" y="12" direction="rtl" unicode-bidi="embed" font-family="Noto Naskh Arabic" '
    'text-anchor="end">مكتبة المدينة <tspan font-weight="bold">مرحبا</tspan></text><title>مكتبة</title>'
)

ILLUSTRATOR = b"""<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 27.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg version="1.1" id="Layer_1" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
  x="0px" y="0px" viewBox="0 0 100 100" style="enable-background:new 0 0 100 100;" xml:space="preserve"
  data-name="Layer 1">
<style type="text/css">
\t.st0{fill:#FFFFFF;}
\t.st1{fill:none;stroke:#231F20;stroke-miterlimit:10;}
</style>
<rect class="st0" width="100" height="100"/><line class="st1" x1="0" y1="0" x2="100" y2="100"/>
</svg>
"""

SPINNER = svg(
    '<circle cx="12" cy="12" r="10" stroke="#333" fill="none" stroke-dasharray="40 20">'
    '<animateTransform attributeName="transform" type="rotate" from="0 12 12" to="360 12 12" dur="1s" '
    'repeatCount="indefinite"/></circle><rect width="2" height="2"><animate attributeName="opacity" '
    'values="1;0;1" dur="2s" repeatCount="indefinite"/><set attributeName="fill" to="red" begin="1s"/></rect>'
    "<!-- Tom & Jerry's <script> in a comment is only a comment -->"
)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(ICON, id="minimal-icon"),
        pytest.param(INKSCAPE, id="inkscape-export"),
        pytest.param(PAINT_AND_PICTURES, id="gradients-use-embedded-png-figma-filter"),
        pytest.param(ARABIC, id="arabic-right-to-left-text"),
        pytest.param(ILLUSTRATOR, id="illustrator-save-as-with-doctype"),
        pytest.param(SPINNER, id="harmless-animations"),
        pytest.param(b"\xef\xbb\xbf" + ICON, id="utf-8-byte-order-mark"),
        pytest.param(svg('<a href="#part"><rect width="1" height="1"/></a><use href=""/>'), id="link-inside"),
        pytest.param(
            svg(f'<use href=" #a&#10;"/><image href="&#9;data:image/png;base64,{PNG}"/>'), id="links-with-spaces"
        ),
    ],
)
def test_a_drawing_may_be_published_as_it_is(data: bytes) -> None:
    assert svg_problem(data) is None


def test_a_drawing_just_under_the_size_limit_passes() -> None:
    padding = b"<!--" + b"x" * (MAX_BYTES - len(ICON) - 7) + b"-->"
    data = ICON.replace(b"</svg>", padding + b"</svg>")
    assert len(data) <= MAX_BYTES
    assert svg_problem(data) is None


def stylesheet(css: str) -> bytes:
    return svg(f"<style>{css}</style>")


def styled(css: str) -> bytes:
    return svg(f'<rect width="1" height="1" style="{css}"/>')


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&lol3;</text></svg>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>"""

DEFAULT_ONLOAD = b"""<!DOCTYPE svg [<!ATTLIST svg onload CDATA "alert(1)">]>
<svg xmlns="http://www.w3.org/2000/svg"/>"""


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # scripts and event handlers
        pytest.param(svg("<script>alert(1)</script>"), "a <script> element", id="script"),
        pytest.param(
            b'<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></s:svg>',
            "<s:script>",
            id="prefixed-script",
        ),
        pytest.param(svg("", ' onload="alert(1)"'), "onload= is an event handler", id="onload-on-root"),
        pytest.param(svg("", ' ONLOAD="alert(1)"'), "ONLOAD=", id="onload-upper-case"),
        pytest.param(
            svg('<rect x:onclick="alert(1)" xmlns:x="urn:x"/>'), "<rect> x:onclick=", id="on-in-other-namespace"
        ),
        pytest.param(svg("<handler>alert(1)</handler>"), "<handler>", id="svg-tiny-handler"),
        # links that run script
        pytest.param(
            svg('<a xlink:href="&#106;avascript:alert(1)"><rect/></a>'), "<a> xlink:href=", id="entity-in-scheme"
        ),
        pytest.param(
            svg('<a xlink:href="jav&#9;as&#10;cript:alert(1)"><rect/></a>'),
            "<a> xlink:href= points to",
            id="tab-newline",
        ),
        pytest.param(svg('<a href=" javascript:alert(1)"><rect/></a>'), "<a> href=", id="leading-space"),
        pytest.param(svg('<a href="https://bibliotek.example/"><rect/></a>'), "remove links", id="outside-link"),
        pytest.param(
            svg('<a href="#x"><animate attributeName="href" to="javascript:alert(1)"/><rect/></a>'),
            "attributeName='href' animates a link",
            id="animate-href",
        ),
        pytest.param(
            svg('<a href="#x"><set attributeName="q:href" xmlns:q="http://www.w3.org/1999/xlink" to="#y"/></a>'),
            "animates a link",
            id="set-prefixed-href",
        ),
        pytest.param(
            svg('<rect><set attributeName="onmouseover" to="alert(1)"/></rect>'), "onmouseover", id="set-handler"
        ),
        pytest.param(
            svg('<rect><set attributeName="fill" to="javascript:alert(1)"/></rect>'), "javascript:", id="script-value"
        ),
        pytest.param(
            svg('<g xml:base="https://evil.example/"><a href="#x"><rect/></a></g>'), "xml:base=", id="xml-base"
        ),
        pytest.param(
            svg('<rect ev:handler="java&#9;script:alert(1)" xmlns:ev="http://www.w3.org/2001/xml-events"/>'),
            "ev:handler= holds a javascript: address",
            id="javascript-in-other-namespace",
        ),
        # islands of HTML, and elements that are no drawing
        pytest.param(
            svg(
                '<foreignObject><html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(1)</html:script>'
                "</foreignObject>"
            ),
            "<foreignObject>",
            id="foreign-object",
        ),
        pytest.param(
            svg('<iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"/>'),
            "web-page element <iframe>",
            id="xhtml-iframe",
        ),
        pytest.param(svg('<g xmlns=""><script>alert(1)</script></g>'), "outside the SVG namespace", id="no-namespace"),
        pytest.param(
            svg('<x:script xmlns:x="HTTP://WWW.W3.ORG/1999/XHTML ">alert(1)</x:script>'),
            "web-page element",
            id="namespace-look-alike",
        ),
        # loading from elsewhere
        pytest.param(svg('<use href="https://evil.example/x.svg#a"/>'), "'https://evil.example/x.svg#a'", id="use"),
        pytest.param(svg('<image href="https://tracker.example/p.png"/>'), "tracker.example", id="image"),
        pytest.param(svg('<image href="logo.png"/>'), "embed linked pictures", id="linked-picture"),
        pytest.param(
            svg('<image href="data:image/svg+xml;base64,PHN2Zz4="/>'), "data:image/svg+xml", id="embedded-svg"
        ),
        pytest.param(svg(f'<a href="data:image/png;base64,{PNG}"><rect/></a>'), "<a> href=", id="picture-as-link"),
        pytest.param(svg('<filter><feImage href="https://evil.example/p.png"/></filter>'), "feImage", id="feImage"),
        pytest.param(svg('<rect fill="url(https://evil.example/p.svg#g)"/>'), "fill= loads url(", id="fill-url"),
        # CSS
        pytest.param(stylesheet("@import url(https://evil.example/x.css);"), "@import", id="import"),
        pytest.param(stylesheet('@import "https://evil.example/x.css";'), "@import", id="import-string"),
        pytest.param(styled("background:url(https://evil)"), "style= loads url('https://evil')", id="style-url"),
        pytest.param(styled("background:URL( 'https://evil' )"), "url('https://evil')", id="style-url-quoted"),
        pytest.param(styled("background:u\\rl(https://evil)"), "url('https://evil')", id="escape-letter"),
        pytest.param(styled("background:\\75rl(https://evil)"), "url('https://evil')", id="escape-hex"),
        pytest.param(styled("background:\\000055 RL(https://evil)"), "url('https://evil')", id="escape-hex-space"),
        pytest.param(stylesheet("@\\69mport 'https://evil.example/x.css';"), "@import", id="escape-import"),
        pytest.param(styled("width:expre/**/ssion(alert(1))"), "expression(", id="ie-expression-comment"),
        pytest.param(styled("-moz-bind\\69ng:url(#x)"), "-moz-binding", id="moz-binding"),
        pytest.param(styled("behavior : url(x.htc)"), "behavior", id="ie-behavior"),
        pytest.param(styled("background:image-set('https://evil/p.png' 1x)"), "image-set", id="image-set"),
        pytest.param(stylesheet("a{background:url(java\\09script:alert(1))}"), "javascript:", id="css-javascript"),
        pytest.param(stylesheet(".x::after{content:'java\\9 script:'}"), "javascript:", id="css-javascript-anywhere"),
        pytest.param(stylesheet("@im<!-- -->port url(https://evil.example/x.css);"), "@import", id="css-split"),
        pytest.param(stylesheet("@im<g>x</g>port url(https://evil.example/x.css);"), "@import", id="css-child"),
        # XML that parsers read differently, or that grows or reads files
        pytest.param(
            b'<?xml-stylesheet href="evil.xsl" type="text/xsl"?>' + ICON, "<?xml-stylesheet", id="xml-stylesheet"
        ),
        pytest.param(BILLION_LAUGHS, "<!ENTITY", id="billion-laughs"),
        pytest.param(XXE, "<!ENTITY", id="xxe"),
        pytest.param(DEFAULT_ONLOAD, "DOCTYPE with its own declarations", id="doctype-default-attribute"),
        pytest.param(svg('<a href="javascript&colon;alert(1)"/>'), "&colon;", id="html-named-entity"),
        pytest.param(b'<?xml version="1.0" encoding="UTF-7"?>' + ICON, "'UTF-7'", id="utf-7"),
        pytest.param(b'<?xml version="1.0" encoding="cp037"?>' + ICON, "encoding", id="ebcdic"),
        pytest.param(b'<?xml version="1.1"?>' + ICON, "version 1.1", id="xml-1.1"),
        pytest.param(ICON.decode().encode("utf-16"), "UTF-8", id="utf-16-with-bom"),
        pytest.param(ICON.decode().encode("utf-16-le"), "UTF-8", id="utf-16-without-bom"),
        pytest.param(svg("<text>Bibliotek</text>").replace(b"ek", "ék".encode("latin-1")), "UTF-8", id="latin-1"),
        # not an SVG at all
        pytest.param(b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "<html>", id="html-root"),
        pytest.param(b"<svg><script>alert(1)</script></svg>", "outermost element is <svg>", id="svg-without-ns"),
        pytest.param(b"\x89PNG\r\n\x1a\n not xml", "UTF-8", id="png-bytes"),
        pytest.param(b"GIF89a not xml", "line 1: is not well-formed XML", id="not-xml"),
        pytest.param(ICON + b"<svg/>", "not well-formed", id="two-roots"),
        pytest.param(b"", "not well-formed", id="empty"),
        pytest.param(ICON.replace(b"</svg>", b"<!--" + b"x" * MAX_BYTES + b"--></svg>"), "MB", id="too-big"),
    ],
)
def test_an_svg_that_could_load_or_run_something_is_refused_and_says_what(data: bytes, expected: str) -> None:
    problem = svg_problem(data)
    assert problem is not None
    assert expected in problem


def test_the_message_names_the_line_and_the_way_out() -> None:
    data = b'<svg xmlns="http://www.w3.org/2000/svg">\n<g>\n<script>alert(1)</script>\n</g>\n</svg>'
    assert svg_problem(data) == (
        "line 3: contains a <script> element; SVG images may only hold drawings: "
        "export it again without it, or save the picture as PNG"
    )


def test_a_style_sheet_problem_names_the_line_where_the_style_element_starts() -> None:
    data = svg("\n<style>\n.a{}\n.b{background:url(https://evil.example/p.png)}\n</style>")
    problem = svg_problem(data)
    assert problem is not None
    assert problem.startswith("line 2: <style> loads url('https://evil.example/p.png')")
