"""WCAG 2.1 AA, measured in real Chromium: axe-core on every page kind, the Nu HTML Checker, the keyboard."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers.page_kinds import page_kinds
from helpers.sites import DEMO_TODAY, ROOT
from playwright.sync_api import Browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
KINDS = page_kinds(DEMO_TODAY)
JAVA = shutil.which("java") or "/usr/bin/java"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(browser: Browser, url: str, width: int, scheme: str) -> list[str]:
    # axe is injected as an inline script, which the site's CSP rightly forbids: bypass it for the audit only.
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    context.close()
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})" for v in result["violations"]]


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize(("width", "scheme"), [(360, "light"), (1280, "light"), (360, "dark"), (1280, "dark")])
def test_axe_finds_no_wcag_violations(browser: Browser, base_url: str, kind: str, width: int, scheme: str) -> None:
    assert axe_violations(browser, base_url + KINDS[kind], width, scheme) == []


def test_nu_html_checker_finds_no_errors(demo_site: Path) -> None:
    files = [str(demo_site / path.strip("/") / "index.html") for path in KINDS.values()]
    result = subprocess.run(
        [JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [f"{m['url'].rsplit('site/', 1)[-1]}: {m['message']}" for m in messages] == []


FOCUSABLE = (
    "a[href], button, summary, input, select, textarea, audio[controls], video[controls], "
    "[tabindex]:not([tabindex='-1'])"
)


@pytest.mark.parametrize("kind", ["front", "event", "programme", "video-episode"])
def test_keyboard_reaches_every_control_with_a_visible_focus(browser: Browser, base_url: str, kind: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + KINDS[kind])
    # A group of radio buttons is one stop for Tab (the checked one); arrow keys move inside it.
    expected = page.eval_on_selector_all(
        FOCUSABLE, "els => els.filter(e => e.checkVisibility() && !(e.type === 'radio' && !e.checked)).length"
    )
    reached, invisible = [], []
    for _ in range(expected + 3):
        page.keyboard.press("Tab")
        focus = page.evaluate(
            """selector => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
                    || style.boxShadow !== 'none';
                const index = Array.from(document.querySelectorAll(selector)).indexOf(el);
                return {index, html: el.outerHTML.slice(0, 80), visible};
            }""",
            FOCUSABLE,
        )
        if focus["index"] < 0:
            break  # back on the page itself: the walk went round
        reached.append(focus["index"])
        if not focus["visible"]:
            invisible.append(focus["html"])
        if len(reached) == 1:
            assert focus["html"].startswith('<a class="skip-link"')
    context.close()
    assert len(set(reached)) == expected
    assert invisible == []
