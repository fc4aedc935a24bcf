"""The pages' own Content-Security-Policy meta tag holds with no header at all.

The other browser tests serve every page with the recommended header (helpers/serving.py), which
would hide a missing or broken meta tag. Here the server sends no policy, as a host that
cannot set headers (a bare S3 bucket) would: the site's pages must work under the meta tag
alone without a single violation, and a page with injected inline script, handlers,
styles and another host's image must have each of them blocked by it.
"""

from __future__ import annotations

from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from helpers.page_kinds import page_kinds
from helpers.serving import SiteHandler, serve
from helpers.sites import DEMO_TODAY, FIXTURES, build_site
from playwright.sync_api import Browser, BrowserContext, Page, expect

KINDS = page_kinds(DEMO_TODAY)
PLAYERS = ("https://www.youtube-nocookie.com/**", "https://player.vimeo.com/**")
# Every violation the page reports, collected before any of its own scripts run.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.effectiveDirective} ${event.blockedURI}`);
});
"""
INJECTED = """
<script>window.__inline_ran = true;</script>
<img src="/theme/img/favicon.svg" alt="" onload="window.__handler_ran = true">
<p id="probe" style="color: rgb(255, 0, 0)">probe</p>
<img src="https://tracker.example/p.gif" alt="">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">
<a id="script-link" href="javascript:window.__link_ran = true">x</a>
"""


class HeaderlessHandler(SimpleHTTPRequestHandler):
    """The demo site as a host with no security headers serves it."""

    extensions_map = SiteHandler.extensions_map

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_headerless(folder: Path) -> Iterator[str]:
    yield from serve(folder, HeaderlessHandler)


@pytest.fixture(scope="module")
def bare_url(demo_site: Path) -> Iterator[str]:
    yield from serve_headerless(demo_site)


@pytest.fixture(scope="module")
def shows_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shows fixture (the demo has no video hosted elsewhere): one episode is a YouTube embed."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PROGRAMMET_TODAY", raising=False)
        mp.delenv("PROGRAMMET_BUILD_TIME", raising=False)
        site = build_site(FIXTURES / "shows", tmp_path_factory.mktemp("shows") / "site", PROGRAMMET_SEARCH=False)
    yield from serve_headerless(site)


@pytest.fixture(scope="module")
def probe_url(demo_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An event page with hostile markup injected after <body>, and the same page without its meta tag."""
    folder = tmp_path_factory.mktemp("csp-probe")
    page = (demo_site / KINDS["event"].strip("/") / "index.html").read_text(encoding="utf-8")
    meta = page[page.index('<meta http-equiv="Content-Security-Policy"') :]
    meta = meta[: meta.index(">") + 1]
    hostile = page.replace("<body>", "<body>" + INJECTED, 1)
    assert hostile != page
    for name, html in {"with-meta": hostile, "without-meta": hostile.replace(meta, "")}.items():
        (folder / name).mkdir()
        (folder / name / "index.html").write_text(html, encoding="utf-8")
    (folder / "theme" / "img").mkdir(parents=True)
    (folder / "theme" / "img" / "favicon.svg").write_bytes((demo_site / "theme/img/favicon.svg").read_bytes())
    yield from serve_headerless(folder)


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context()
    context.add_init_script(LISTEN)
    # The players answer from here: a click loads them, and no request leaves this machine.
    for pattern in PLAYERS:
        context.route(pattern, lambda route: route.fulfill(content_type="text/html", body="<p>player</p>"))
    context.route("https://tracker.example/**", lambda route: route.fulfill(status=204))
    yield context
    context.close()


def violations(page: Page) -> list[str]:
    return page.evaluate("() => window.__violations")


def open_page(context: BrowserContext, url: str) -> tuple[Page, list[str]]:
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and "content-security-policy" not in response.headers
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    return page, errors


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_pages_work_under_the_meta_policy_alone(context: BrowserContext, bare_url: str, kind: str) -> None:
    page, errors = open_page(context, bare_url + KINDS[kind])
    assert violations(page) == []
    assert errors == []


def test_a_video_loads_on_click_under_the_meta_policy_alone(context: BrowserContext, shows_url: str) -> None:
    page, errors = open_page(context, shows_url + "/tv/tv/debatt-pa-youtube/")
    page.locator(".embed__load").click()
    expect(page.frame_locator(".embed iframe").locator("p")).to_have_text("player")
    assert violations(page) == []
    assert errors == []
    # A frame from anywhere else is refused: frame-src names the players only.
    page.evaluate("""() => {
      const frame = document.createElement("iframe");
      frame.src = "https://tracker.example/frame";
      document.body.append(frame);
    }""")
    page.wait_for_function("() => window.__violations.length > 0")
    assert violations(page) == ["frame-src https://tracker.example"]  # a cross-origin URL is reported by its origin


def test_search_works_under_the_meta_policy_alone(context: BrowserContext, bare_url: str) -> None:
    page, errors = open_page(context, bare_url + KINDS["search"] + "?q=bok")
    expect(page.get_by_role("status")).not_to_be_empty()
    expect(page.locator(".search-results > li").first).to_be_visible()
    assert violations(page) == []
    assert errors == []


def test_the_meta_policy_blocks_injected_script_handlers_styles_and_other_hosts(
    context: BrowserContext, probe_url: str
) -> None:
    page = context.new_page()
    fetched: list[str] = []  # what reached the network (a request the policy blocks never does)
    page.route("https://tracker.example/**", lambda route: fetched.append(route.request.url) or route.abort())
    page.goto(probe_url + "/with-meta/", wait_until="networkidle")
    page.locator("#script-link").click()
    page.wait_for_timeout(200)
    ran = page.evaluate("() => [window.__inline_ran, window.__handler_ran, window.__link_ran]")
    assert ran == [None, None, None]
    assert page.locator("#probe").evaluate("p => getComputedStyle(p).color") != "rgb(255, 0, 0)"
    assert fetched == []
    directives = {violation.split()[0] for violation in violations(page)}
    assert directives >= {"script-src-elem", "script-src-attr", "style-src-attr", "img-src"}
    assert "img-src data" in violations(page) and "img-src https://tracker.example/p.gif" in violations(page)


def test_without_the_meta_tag_the_same_page_runs_it_all(context: BrowserContext, probe_url: str) -> None:
    """The probe is sound: the server adds no policy, so the meta tag is what blocked the page above."""
    page = context.new_page()
    fetched: list[str] = []
    page.route("https://tracker.example/**", lambda route: fetched.append(route.request.url) or route.abort())
    page.goto(probe_url + "/without-meta/", wait_until="networkidle")
    page.locator("#script-link").click()
    page.wait_for_function("() => window.__link_ran === true")
    assert page.evaluate("() => [window.__inline_ran, window.__handler_ran]") == [True, True]
    assert page.locator("#probe").evaluate("p => getComputedStyle(p).color") == "rgb(255, 0, 0)"
    assert fetched == ["https://tracker.example/p.gif"]
    assert violations(page) == []
