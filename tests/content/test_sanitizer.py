"""Markdown bodies can show text, links and the site's own images, and nothing else.

Hostile bodies (attr_list handlers and styles, script links in every spelling, links
that leave for another host or a private one, images from other hosts) are rendered
and read back with an HTML parser, as a browser would read them. A build of the small
fixture with such bodies is scanned page by page, and each page must carry its
Content-Security-Policy before any script or stylesheet.
"""

from __future__ import annotations

import ipaddress
import re
import shutil
from pathlib import Path

import ada_url
import pytest
from bs4 import BeautifulSoup, Tag
from helpers.sites import FIXTURES, ROOT, build_site
from programmet.content.markup import markdown_renderer, sanitize, staff_markdown
from programmet.content.parse_shows import EMBED_HOSTS

render = markdown_renderer()
TRACKER = "https://tracker.example/p.gif"
# A base of our own, not the renderer's: a link is "on the site" if a browser on this page keeps the host.
PAGE = "https://bibliotek.test/arrangement/x/"
FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:\S+")
FOOTNOTE_CLASSES = {"footnote", "footnote-ref", "footnote-backref"}
NEVER = ["script", "style", "iframe", "object", "embed", "form", "input", "button", "svg", "math", "link", "meta"]

HOSTILE = {
    "attr_list onerror": '![x](missing.png){: onerror="alert(1)" }',
    "attr_list onclick on a link": '[klikk](/om/){: onclick="alert(1)" }',
    "attr_list onclick on a paragraph": 'Et avsnitt.\n{: onclick="alert(1)" }',
    "attr_list autofocus onfocus": 'Et avsnitt.\n{: autofocus="" tabindex="0" onfocus="alert(1)" }',
    "attr_list style overlay": (
        'Et avsnitt.\n{: style="position:fixed;inset:0;z-index:9;background:url(https://tracker.example/p.gif)" }'
    ),
    "attr_list id of the skip link's target": "## Hei {: #main }",
    "attr_list id of the screen's words": 'Tekst\n{: id="screen-text" }',
    "attr_list id on a list item": "- punkt\n  {: #main }\n- to\n  {: #screen-text }",
    "attr_list classes of the theme": "[Spill av](/om/){: .button .embed__load }",
    "attr_list data attributes": '[x](/om/){: data-embed-url="javascript:alert(1)" }',
    "attr_list href on a link": '[x](/om/){: href="javascript:alert(1)" }',
    "attr_list remote src on an own image": f'![x](/images/a.jpg){{: src="{TRACKER}" }}',
    "raw script": '<script>alert("x")</script>',
    "raw handler": '<img src="x" onerror="alert(1)">',
    "raw link": '<a href="javascript:alert(1)">x</a>',
    "javascript link": "[a](javascript:alert(1))",
    "javascript mixed case": "[b](JaVaScRiPt:alert(1))",
    "javascript with a leading space": "[c]( javascript:alert(1))",
    "javascript decimal entity": "[d](&#106;avascript:alert(1))",
    "javascript hex entity": "[d](&#x6A;avascript&colon;alert(1))",
    "javascript entity tab": "[e](java&#x09;script:alert(1))",
    "javascript tab": "[f](java\tscript:alert(1))",
    "javascript reference": "[j][ref]\n\n[ref]: javascript:alert(1)",
    "javascript autolink": "<javascript:alert(1)>",
    "vbscript": "[k](vbscript:msgbox(1))",
    "data html": "[i](data:text/html;base64,PHNjcmlwdD4=)",
    "protocol-relative host": "[x](//evil.example/)",
    "backslashes as a host": "[x](\\\\\\\\evil.example/)",
    "slash and backslash as a host": "[x](/\\\\evil.example/)",
    "scheme without slashes": "[x](https:evil.example)",
    "user and password": "[x](https://user:pass@bibliotek.example/)",
    "loopback": "[x](http://127.0.0.1/)",
    "loopback autolink": "<http://127.0.0.1:8000/>",
    "loopback, protocol-relative": "[x](//127.0.0.1/)",
    "private network": "[x](http://192.168.1.1/admin)",
    "ipv6 loopback": "[x](http://[::1]/)",
    "intranet name": "[x](http://intranett/)",
    "localhost": "[x](http://localhost:8000/)",
    "remote image": f"![x]({TRACKER})",
    "remote image without alt": f"![]({TRACKER})",
    "protocol-relative image": "![x](//tracker.example/p.gif)",
    "backslash image": "![x](\\\\\\\\tracker.example/p.gif)",
    "remote image in a link": f"[![x]({TRACKER})](https://bibliotek.example/)",
    "svg data image": "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "png data image": "![x](data:image/png;base64,iVBORw0KGgo=)",
    "javascript image": "![h](javascript:alert(1))",
    "table": (
        "| a | b |\n|---|---|\n"
        f'| ![x]({TRACKER}){{: onerror="alert(1)" }} | [y](javascript:alert(1)){{: style="color:red" }} |'
    ),
    "footnote": (
        f'Tekst[^1].\n\n[^1]: ![x]({TRACKER}) [y](//127.0.0.1/){{: onclick="alert(1)" }} <script>alert(1)</script>'
    ),
    "definition list": f'Begrep\n: ![x]({TRACKER}) [y](&#106;avascript:alert(1))\n{{: #main onmouseover="alert(1)" }}',
    "abbreviation title": 'HTML her.\n\n*[HTML]: " onmouseover="alert(1)',
    "link title": '[x](/om/ "a\\" onmouseover=\\"alert(1)")',
}


def offences(html: str) -> list[str]:
    """What in ``html`` could run code, restyle the page, take the theme's ids or load another host."""
    found = []
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(True):
        if element.name in NEVER:
            found.append(f"<{element.name}>")
        for name in element.attrs:
            if name.lower().startswith("on") or name.lower() in {"style", "autofocus", "tabindex", "srcset"}:
                found.append(f"{element.name} {name}")
            if name.lower().startswith("data-"):
                found.append(f"{element.name} {name}")
        if element.get("id") is not None and not FOOTNOTE_ID.fullmatch(element["id"]):
            found.append(f"{element.name} id={element['id']}")
        if set(element.get("class") or ()) - FOOTNOTE_CLASSES:
            found.append(f"{element.name} class={element['class']}")
        if element.name == "img" and not on_the_page_host(element.get("src", "")):
            found.append(f"img src={element.get('src')}")
        if element.get("href") is not None and not acceptable_href(element["href"]):
            found.append(f"{element.name} href={element['href']}")
    return found


def on_the_page_host(value: str) -> bool:
    try:
        ada_url.URL(value)
        return False  # absolute: has a scheme of its own
    except ValueError:
        pass
    return ada_url.URL(value, PAGE).host == "bibliotek.test"


def acceptable_href(value: str) -> bool:
    """Relative and on the page's host, or absolute http(s) to a public host without userinfo, or mailto:/tel:."""
    if on_the_page_host(value):
        return True
    try:
        url = ada_url.URL(value)
    except ValueError:
        return False
    if url.protocol in {"mailto:", "tel:"}:
        return True
    if url.protocol not in {"http:", "https:"} or url.username or url.password or url.href != value:
        return False
    host = url.hostname.strip("[]")
    try:
        return ipaddress.ip_address(host).is_global
    except ValueError:
        return "." in host and not host.endswith((".localhost", ".local", ".internal", ".lan"))


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_body_renders_to_nothing_that_runs_loads_or_restyles(body: str) -> None:
    assert offences(render(body)) == []


def test_the_checker_sees_each_kind_of_offence() -> None:
    """The check above would notice what the sanitizer removes (so its silence means something)."""
    assert offences(
        '<p onclick="x" style="x" id="main" class="button" data-x="1"><img src="https://t.example/a.gif">'
        '<a href="javascript:x">a</a><a href="//127.0.0.1/">b</a><a href="https://u:p@h.example/">c</a>'
        '<a href="\\\\evil.example">d</a><script></script></p>'
    ) == [
        "p onclick", "p style", "p data-x", "p id=main", "p class=['button']", "img src=https://t.example/a.gif",
        "a href=javascript:x", "a href=//127.0.0.1/", "a href=https://u:p@h.example/", "a href=\\\\evil.example",
        "<script>",
    ]  # fmt: skip


# Markdown never writes these (raw HTML is text), but the last layer must hold on its own.
RAW = [
    f'<img src="{TRACKER}" alt="x"><img src="//tracker.example/p.gif"><img srcset="{TRACKER} 2x" src="/a.jpg">',
    '<a href="&#x6A;avascript:alert(1)">a</a><a href="//127.0.0.1/">b</a><a href="https://u:p@h.example/">c</a>',
    '<a href="https:evil.example">a</a><a href="\\\\evil.example">b</a><a href="data:text/html,x">c</a>',
    '<p style="position:fixed" onclick="alert(1)" autofocus tabindex="0" data-embed-url="x">p</p>',
    '<div class="footnote embed" id="main"><li id="screen-text" class="embed__load">x</li></div>',
    "<svg><script>alert(1)</script></svg><math><mi>x</mi></math><iframe src=/om/></iframe><object></object>",
    '<form action="https://evil.example/"><input name="q"><button formaction="javascript:alert(1)">b</button></form>',
    '<table><tr><td style="color:red" align="justify">x</td></tr></table><style>p{}</style><link rel="stylesheet">',
]


@pytest.mark.parametrize(
    "fragment",
    RAW,
    ids=["images", "script links", "other hosts", "attributes", "ids and classes", "embeds", "forms", "styles"],
)
def test_the_sanitizer_alone_allows_nothing_that_runs_loads_or_restyles(fragment: str) -> None:
    assert offences(sanitize(fragment)) == []


# -- what hostile input becomes --------------------------------------------------------------


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(render(text), "html.parser")


@pytest.mark.parametrize(
    "body",
    [HOSTILE[k] for k in ("javascript decimal entity", "javascript hex entity", "user and password", "loopback")],
)
def test_a_refused_link_keeps_its_text_and_loses_its_address(body: str) -> None:
    links = soup(body).find_all("a")
    assert [(a.get_text(), a.get("href")) for a in links] == [(links[0].get_text(), None)]
    assert links[0].get_text()


@pytest.mark.parametrize(
    "body", [HOSTILE[k] for k in ("protocol-relative host", "backslashes as a host", "slash and backslash as a host")]
)
def test_a_relative_link_that_leaves_the_site_is_judged_and_published_as_a_browser_reads_it(body: str) -> None:
    assert soup(body).a["href"] == "https://evil.example/"


def test_a_scheme_without_slashes_is_read_as_another_host() -> None:
    # On an http page a browser goes to https://evil.example/, so it is judged as that, not as a path.
    assert soup(HOSTILE["scheme without slashes"]).a["href"] == "https://evil.example/"


@pytest.mark.parametrize("body", [HOSTILE["remote image"], HOSTILE["protocol-relative image"]])
def test_an_image_from_another_host_becomes_a_link_to_it_named_by_its_alt_text(body: str) -> None:
    html = soup(body)
    assert html.find("img") is None
    assert [(a.get_text(), a["href"]) for a in html.find_all("a")] == [("x", TRACKER)]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (HOSTILE["svg data image"], "x"),
        (HOSTILE["png data image"], "x"),
        (HOSTILE["javascript image"], "h"),
        ("![lenke inni](https://tracker.example/p.gif)", "lenke inni"),
        ("Før ![x](//127.0.0.1/p.gif) etter", "Før x etter"),
        (HOSTILE["remote image without alt"], ""),
    ],
)
def test_an_image_without_a_usable_address_or_alt_text_leaves_only_its_alt_text(body: str, text: str) -> None:
    html = soup(body)
    assert html.find("img") is None
    if html.find("a"):  # a public address with alt text is a link; the rest is text
        assert html.a["href"] == TRACKER and html.get_text() == text
    else:
        assert html.get_text().strip() == text


def test_a_remote_image_inside_a_link_leaves_its_alt_text_in_that_link() -> None:
    html = soup(HOSTILE["remote image in a link"])
    assert html.find("img") is None
    assert [(a.get_text(), a["href"]) for a in html.find_all("a")] == [("x", "https://bibliotek.example/")]


def test_attr_list_cannot_swap_an_own_image_for_a_remote_one() -> None:
    html = soup(HOSTILE["attr_list remote src on an own image"])
    assert html.find("img") is None
    assert html.a["href"] == TRACKER


def test_raw_html_and_script_links_stay_text() -> None:
    assert soup(HOSTILE["raw script"]).get_text() == "<script>alert(“x”)</script>"  # smarty's quotes: it is text
    assert soup(HOSTILE["javascript autolink"]).get_text() == "<javascript:alert(1)>"


# -- what legitimate Markdown still does -----------------------------------------------------

LEGITIMATE = """## Program

Et *viktig* og **fett** møte med `kode`, «sitater» og "anførsel" -- og mer...
Linje med hardt
brudd.

> Et sitat.

3. tre
4. fire

- én
- to

Se [om oss](/om/), [neste side](side/2/ "Neste"), [toppen](#main), [Checkin](https://checkin.no/event/1),
[e-post](mailto:bibliotek@fjordvik.example), [telefon](tel:+4712345678) og <https://bibliotek.example/>.

![Barn leser i sofaen](/images/lesestund.jpg "Lesestund") ![Plakat](../bilder/plakat.png)

| Dag | Tid | Sted |
|:----|:---:|-----:|
| Mandag | 18.00 | [Sentrum](/bibliotek/sentrum/) |

Begrep
: Forklaring med *vekt*.

Det står i loven[^lov], og igjen[^lov] og i boka[^2].

[^lov]: Biblioteklova § 1.
[^2]: Se [forlaget](https://forlag.example/bok).

HTML er et språk.

*[HTML]: HyperText Markup Language

---

```
kode i blokk
```
""".replace("hardt\n", "hardt  \n")  # two spaces: a hard line break


def _raw_markdown(text: str) -> str:
    return staff_markdown().convert(text)


def dom(html: str) -> list[tuple[str, dict[str, str], str]]:
    """Each element's name, attributes and own text, as a parser reads them: what a browser shows."""
    found = []
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        attributes = {k: " ".join(v) if isinstance(v, list) else v for k, v in element.attrs.items()}
        found.append((element.name, attributes, "".join(element.find_all(string=True, recursive=False))))
    return found


def test_legitimate_markdown_renders_as_markdown_wrote_it() -> None:
    assert dom(render(LEGITIMATE)) == dom(_raw_markdown(LEGITIMATE))


def test_legitimate_markdown_keeps_its_structure() -> None:
    html = soup(LEGITIMATE)
    assert offences(str(html)) == []
    assert [h.get_text() for h in html.find_all("h2")] == ["Program"]
    assert html.ol["start"] == "3"
    assert html.find("br") and html.blockquote and html.hr and html.pre.code and html.em and html.strong
    assert [(th.get_text(), th["align"]) for th in html.find_all("th")] == [
        ("Dag", "left"), ("Tid", "center"), ("Sted", "right")
    ]  # fmt: skip
    assert [
        (dt.get_text(), dd.get_text()) for dt, dd in zip(html.find_all("dt"), html.find_all("dd"), strict=True)
    ] == [("Begrep", "Forklaring med vekt.")]
    assert html.abbr["title"] == "HyperText Markup Language"
    assert [(img["src"], img["alt"]) for img in html.find_all("img")] == [
        ("/images/lesestund.jpg", "Barn leser i sofaen"), ("../bilder/plakat.png", "Plakat")
    ]  # fmt: skip
    hrefs = [a["href"] for a in html.find_all("a") if "footnote-ref" not in a.get("class", ())]
    assert hrefs[:7] == [
        "/om/", "side/2/", "#main", "https://checkin.no/event/1", "mailto:bibliotek@fjordvik.example",
        "tel:+4712345678", "https://bibliotek.example/",
    ]  # fmt: skip


def test_footnotes_link_to_ids_that_exist() -> None:
    html = soup(LEGITIMATE)
    ids = {element["id"] for element in html.find_all(id=True)}
    refs = html.find_all("a", class_="footnote-ref")
    backs = html.find_all("a", class_="footnote-backref")
    assert len(refs) == 3 and len(backs) == 3
    assert {a["href"].removeprefix("#") for a in refs + backs} <= ids
    assert html.find("div", class_="footnote").ol.li["id"] == "fn:lov"


# -- a whole site built with hostile bodies --------------------------------------------------

EVENT = "events/2027/01/2027-01-14-forfatterkveld.md"
BODY = "\n\n".join(HOSTILE.values())
THEME_SCRIPTS = ("/theme/js/", "/pagefind/")


def meta_policy(page: BeautifulSoup) -> str:
    return page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture with hostile bodies, built twice: the second time the event's file has a new name,
    so its old address gets a redirect page (a full page of its own, outside the shell)."""
    work = tmp_path_factory.mktemp("hostile")
    content = work / "content"
    shutil.copytree(FIXTURES / "small", content)
    for name in (EVENT, "pages/om.md", "branches/lia.md", "series/babyklubb.md"):
        target = content / name
        target.write_text(target.read_text(encoding="utf-8") + "\n\n" + BODY + "\n", encoding="utf-8")
    record = {"PROGRAMMET_CALENDAR_STATE": str(work / "calendar-state.json")}
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PROGRAMMET_TODAY", raising=False)
        mp.delenv("PROGRAMMET_BUILD_TIME", raising=False)
        build_site(content, work / "before", **record)
        (content / EVENT).rename((content / EVENT).with_name("2027-01-14-forfatterkveld-med-ida.md"))
        return build_site(content, work / "site", **record)


def own_script(element: Tag) -> bool:
    return element.get("src", "").startswith(THEME_SCRIPTS)


def pages(site: Path) -> list[tuple[str, BeautifulSoup]]:
    return [
        (str(path.relative_to(site)), BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
        for path in sorted(site.rglob("*.html"))
    ]


def test_the_hostile_bodies_are_on_the_pages(hostile_site: Path) -> None:
    event = BeautifulSoup(
        (hostile_site / "arrangement/2027-01-14-forfatterkveld-med-ida/index.html").read_text(), "html.parser"
    )
    prose = event.find("div", class_="prose")
    assert "<script>alert(1)</script>" in prose.get_text()
    assert [a["href"] for a in prose.find_all("a", string="x") if a.get("href") == TRACKER]


def test_no_page_of_a_site_with_hostile_bodies_runs_loads_or_restyles_anything(hostile_site: Path) -> None:
    problems = []
    for name, page in pages(hostile_site):
        for element in page.find_all(True):
            problems += [f"{name}: {element.name} {a}" for a in element.attrs if a.lower().startswith("on")]
            if element.has_attr("style") or element.name in {"style", "iframe", "object", "embed"}:
                problems.append(f"{name}: {element.name} style/frame")
            data = element.get("type") in {"application/ld+json", "application/json"}
            if element.name == "script" and not data and (element.string or not own_script(element)):
                problems.append(f"{name}: {element}")
            if element.name in {"img", "source"}:
                for source in [element.get("src", ""), *re.split(r"\s*,\s*", element.get("srcset", ""))]:
                    if source and not on_the_page_host(source.split()[0]):
                        problems.append(f"{name}: {element.name} loads {source}")
        for prose in page.find_all("div", class_="prose"):
            problems += [f"{name}: {o}" for o in offences(prose.decode_contents())]
    assert problems == []


def test_no_id_of_the_theme_could_be_taken_by_a_footnote(hostile_site: Path) -> None:
    """Content keeps only footnote ids (with a colon); the theme's ids never have one."""
    for name, page in pages(hostile_site):
        content = {e["id"] for prose in page.find_all("div", class_="prose") for e in prose.find_all(id=True)}
        for prose in page.find_all("div", class_="prose"):
            prose.decompose()
        theme = {e["id"] for e in page.find_all(id=True)}
        assert {i for i in theme if ":" in i} == set(), name
        assert all(FOOTNOTE_ID.fullmatch(i) for i in content) and not content & theme, name


def test_every_page_has_the_policy_before_any_script_or_stylesheet(hostile_site: Path) -> None:
    built = pages(hostile_site)
    policy = meta_policy(built[0][1])
    kinds = {"redirect": "meta[http-equiv=refresh]", "screen": "body.screen", "shell": "a.skip-link"}
    assert all(any(page.select_one(css) for _, page in built) for css in kinds.values())
    for name, page in built:
        loads = [
            e
            for e in page.head.find_all(["script", "link", "style", "meta"])
            if e.name != "meta" or e.get("http-equiv")
        ]
        assert loads[0].get("http-equiv") == "Content-Security-Policy", name
        assert meta_policy(page) == policy, name
        assert not page.body.find("meta", attrs={"http-equiv": True}), name


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in policy.split(";")) if d}


def test_the_policy_is_strict_and_names_the_players_it_may_frame(hostile_site: Path) -> None:
    policy = directives(meta_policy(pages(hostile_site)[0][1]))
    assert sorted(policy["frame-src"]) == sorted(f"https://{host}" for host in EMBED_HOSTS)
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    for fetched in ("img-src", "media-src", "style-src", "font-src", "connect-src", "worker-src"):
        assert policy.get(fetched, policy["default-src"]) == ["'self'"], fetched  # no data:, no other host
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    # Ignored in a meta tag, so they belong to the header only (docs/hosting-headers.md).
    assert not {"frame-ancestors", "report-uri", "sandbox"} & policy.keys()
    assert not any("unsafe-inline" in s or s.strip("'") == "unsafe-eval" for v in policy.values() for s in v)


def test_the_documented_header_is_the_meta_policy_plus_frame_ancestors(hostile_site: Path) -> None:
    meta = directives(meta_policy(pages(hostile_site)[0][1]))
    text = (ROOT / "docs" / "hosting-headers.md").read_text(encoding="utf-8")
    documented = [policy for policy in re.findall(r"default-src [^\"\n`]*", text) if ";" in policy]
    assert len(documented) >= 4  # the header, nginx, Apache, CloudFront
    for policy in documented:
        assert directives(policy) == {**meta, "frame-ancestors": ["'none'"]}
