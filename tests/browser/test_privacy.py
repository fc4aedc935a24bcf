"""Nothing leaves the site's own host when a page loads, and the strict CSP holds."""

from __future__ import annotations

import pytest
from helpers.page_kinds import page_kinds
from helpers.sites import DEMO_TODAY
from playwright.sync_api import Browser

KINDS = page_kinds(DEMO_TODAY)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_no_request_leaves_the_site_and_csp_is_never_violated(browser: Browser, base_url: str, kind: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(base_url + KINDS[kind], wait_until="networkidle")
    context.close()
    assert [url for url in requests if not url.startswith(base_url)] == []
    assert problems == []


def test_pages_work_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + KINDS["programme"])
    page.get_by_text("Filtrer: bibliotek, målgruppe, type").click()
    page.get_by_role("navigation", name="Filtrer programmet").get_by_role("link", name="Barn", exact=True).click()
    assert page.url.endswith("/for/barn/")
    assert page.locator("h1").inner_text() == "Barn"
    context.close()
