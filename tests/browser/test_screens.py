"""Lobby screens in real Chromium at 1920×1080, and the open data read by another site's page.

The page clock is Playwright's (``page.clock``): the screens decide "today" by the
display's own clock, so the tests move it to the next day and past an event's end.
"""

from __future__ import annotations

import copy
import json
import re
import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from helpers.page_kinds import page_kinds
from helpers.sites import DEMO_TODAY, ROOT
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

KINDS = page_kinds(DEMO_TODAY)
SCREEN = KINDS["screen"]
WINDOW = "/data/v1/bibliotek/{}-7-dager.json".format(SCREEN.strip("/").split("/")[-1])
FULL_HD = {"width": 1920, "height": 1080}
OSLO = ZoneInfo("Europe/Oslo")
BUILD_DAY = date.fromisoformat(DEMO_TODAY)
FOCUSABLE = (
    "a[href], button, summary, input, select, textarea, audio[controls], video[controls], "
    "[tabindex]:not([tabindex='-1'])"
)
ROWS = """() => Object.fromEntries(["today", "tomorrow"].map((which) => {
    const part = document.querySelector(`[data-screen-section="${which}"]`);
    return [which, [...part.querySelectorAll("li[data-event-id]")].map((row) => ({
        id: row.dataset.eventId,
        status: row.dataset.status,
        time: row.querySelector(".screen__time").textContent,
        title: row.querySelector(".screen__title").textContent.trim(),
        room: row.querySelector(".screen__room")?.textContent ?? null,
    }))];
}))"""
# Every element the display shows lies inside it, and no list hides a cut-off row.
OVERFLOW = """() => {
    const problems = [];
    const [width, height] = [innerWidth, innerHeight];
    const page = document.scrollingElement;
    if (page.scrollHeight > height || page.scrollWidth > width) {
        problems.push(`page ${page.scrollWidth}×${page.scrollHeight}`);
    }
    for (const element of document.body.querySelectorAll("*")) {
        if (!element.checkVisibility()) continue;
        const box = element.getBoundingClientRect();
        if (box.left < 0 || box.top < 0 || box.right > width + 0.5 || box.bottom > height + 0.5) {
            problems.push(element.outerHTML.slice(0, 90));
        }
    }
    for (const body of document.querySelectorAll("[data-screen-body]")) {
        if (body.scrollHeight > body.clientHeight + 1) problems.push(`a list is cut off: ${body.parentElement.id}`);
    }
    return problems;
}"""
# Font sizes of everything that shows text of its own.
TEXT_SIZES = """() => [...document.body.querySelectorAll("*")]
    .filter((element) => element.checkVisibility()
        && [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim()))
    .map((element) => [element.className || element.tagName, parseFloat(getComputedStyle(element).fontSize)])"""


def at(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=OSLO)


@pytest.fixture(scope="module")
def window(demo_site: Path) -> dict[str, Any]:
    return json.loads((demo_site / WINDOW.lstrip("/")).read_text(encoding="utf-8"))


@pytest.fixture
def open_screen(browser: Browser, base_url: str) -> Iterator[Callable[..., Page]]:
    """A screen at 1920×1080 whose clock starts at ``moment``, optionally fed other data."""
    contexts: list[BrowserContext] = []

    def open_(moment: datetime, data: dict[str, Any] | None = None, javascript: bool = True) -> Page:
        context = browser.new_context(viewport=FULL_HD, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        if javascript:
            page.clock.install(time=moment)
        if data is not None:
            page.route(f"**{WINDOW}", lambda route: route.fulfill(json=data))
        page.goto(base_url + SCREEN)
        if javascript:
            expect(page.locator("body")).to_have_attribute("data-screen-rendered", moment.date().isoformat())
        return page

    yield open_
    for context in contexts:
        context.close()


def expected_rows(window: dict[str, Any], moment: datetime) -> dict[str, list[str]]:
    """What the screen should list at ``moment``, worked out from the JSON."""

    def on(day: date) -> list[dict[str, Any]]:
        iso = day.isoformat()
        return [e for e in window["events"] if e["programmet"]["first_day"] <= iso <= e["programmet"]["last_day"]]

    left = [e for e in on(moment.date()) if e["programmet"]["all_day"] or datetime.fromisoformat(e["endDate"]) > moment]
    tomorrow = on(moment.date() + timedelta(days=1))
    return {"today": [e["programmet"]["id"] for e in left], "tomorrow": [e["programmet"]["id"] for e in tomorrow]}


def ids(rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[str]]:
    return {which: [row["id"] for row in found] for which, found in rows.items()}


def busy_day(window: dict[str, Any]) -> dict[str, Any]:
    """The branch's real data with a day too full for any screen, cancellations and a very long title."""
    template = window["events"][0]
    titles = [
        "Språkkafé for nybegynnere",
        "Forfatterkveld med Sigrid Aasland om den nye romanen «Saltvann» og om å skrive om havet i hundre år",
        "Book talk in English",
        "Familiegaming: Mario Kart-turnering for store og små",
        "Strikkekafé",
        "Digital hjelp: BankID og Vipps på mobilen",
        "Leksehjelp",
        "Eventyrstund",
    ]
    events = []
    for offset, count in ((0, 12), (1, 10)):
        day = BUILD_DAY + timedelta(days=offset)
        for number in range(count):
            event = copy.deepcopy(template)
            start = at(day, f"{9 + number:02d}:00")
            event["name"] = titles[number % len(titles)]
            event["inLanguage"] = "en" if "English" in event["name"] else "nb"
            event["startDate"] = start.isoformat()
            event["endDate"] = (start + timedelta(minutes=45)).isoformat()
            own = event["programmet"]
            own.update(id=f"test/{day}/{number}", first_day=day.isoformat(), last_day=day.isoformat(), all_day=False)
            own.update(room=["Scenen", "Møterom 1", "Barneavdelingen", None][number % 4])
            cancelled = number % 4 == 1
            own.update(status="cancelled" if cancelled else "scheduled", cancelled=cancelled)
            events.append(event)
    return {**window, "events": events}


# -- the page the build writes and the page the script keeps -------------------------------


def test_the_script_renders_what_the_build_rendered(open_screen: Callable[..., Page], window: dict) -> None:
    early = at(BUILD_DAY, "06:00")  # nothing has started or ended yet
    built = open_screen(early, javascript=False)
    scripted = open_screen(early)
    rows = built.evaluate(ROWS)
    assert rows["today"] or rows["tomorrow"], "the demo should have something at this branch"
    assert scripted.evaluate(ROWS) == rows
    assert ids(rows) == expected_rows(window, early)
    for selector in ("[data-screen-date]", "[data-screen-heading-day]", "h1"):
        assert scripted.locator(selector).inner_text() == built.locator(selector).inner_text()
    assert scripted.locator("[data-screen-clock]").inner_text() == "06.00"


def test_a_full_day_fits_1920_by_1080_in_large_type(open_screen: Callable[..., Page], window: dict) -> None:
    page = open_screen(at(BUILD_DAY, "08:00"), busy_day(window))
    assert page.evaluate(OVERFLOW) == []
    small = [(name, size) for name, size in page.evaluate(TEXT_SIZES) if size < 40]
    assert small == []  # readable from three metres: nothing under 40 px at 1080p
    for title in page.locator(".screen__title").all():
        assert float(title.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px")) >= 44
    shown = page.locator("[data-screen-section=today] li[data-event-id]").count()
    assert 3 <= shown < 12
    expect(page.locator("[data-screen-section=today] .screen__more")).to_have_text(f"+ {12 - shown} til i dag")
    cancelled = page.locator("[data-screen-section=today] li[data-status=cancelled]").first
    expect(cancelled.locator(".screen__badge")).to_have_text("Avlyst")  # in words, not colour alone
    expect(cancelled.locator("s")).to_be_visible()
    assert page.locator("[lang=en]").count() >= 1


def test_a_portrait_display_fits_too(browser: Browser, base_url: str, window: dict) -> None:
    context = browser.new_context(viewport={"width": 1080, "height": 1920})
    page = context.new_page()
    page.clock.install(time=at(BUILD_DAY, "08:00"))
    page.route(f"**{WINDOW}", lambda route: route.fulfill(json=busy_day(window)))
    page.goto(base_url + SCREEN)
    expect(page.locator("body")).to_have_attribute("data-screen-rendered", DEMO_TODAY)
    assert page.evaluate(OVERFLOW) == []
    assert min(size for _, size in page.evaluate(TEXT_SIZES)) >= 40
    context.close()


def test_nothing_on_a_screen_can_be_focused_or_pressed(open_screen: Callable[..., Page]) -> None:
    page = open_screen(at(BUILD_DAY, "08:00"))
    visible = page.eval_on_selector_all(FOCUSABLE, "els => els.filter((e) => e.checkVisibility()).length")
    assert visible == 0
    for _ in range(3):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement === document.body")
    # The statement link is there for a visitor on a small window, not shown on a screen.
    assert page.locator("footer a").count() == 2


def test_the_screen_follows_the_clock_and_new_data_without_a_reload(
    open_screen: Callable[..., Page], window: dict
) -> None:
    morning = at(BUILD_DAY, "08:00")
    page = open_screen(morning)
    page.evaluate("window.sameDocument = true")
    next_morning = morning + timedelta(days=1)
    page.clock.fast_forward("24:00:00")
    expect(page.locator("body")).to_have_attribute("data-screen-rendered", next_morning.date().isoformat())
    rows = ids(page.evaluate(ROWS))
    assert rows == expected_rows(window, next_morning)
    assert rows["today"], "the demo should have something at this branch the day after the build"
    assert page.locator("[data-screen-date]").inner_text() == "tirsdag 24. november"

    # The library cancels the first event of the day: the next fetch shows it, in place.
    first = rows["today"][0]
    changed = copy.deepcopy(window)
    for event in changed["events"]:
        if event["programmet"]["id"] == first:
            event["programmet"].update(status="cancelled", cancelled=True)
            event["eventStatus"] = "https://schema.org/EventCancelled"
    page.route(f"**{WINDOW}", lambda route: route.fulfill(json=changed))
    page.clock.fast_forward("05:00")
    row = page.locator(f'[data-screen-section=today] li[data-event-id="{first}"]')
    expect(row).to_have_attribute("data-status", "cancelled")
    expect(row.locator(".screen__badge")).to_have_text("Avlyst")

    # The network goes away: the screen keeps the last good data.
    def fail(route: Route) -> None:
        route.abort()

    page.unroute(f"**{WINDOW}")
    page.route(f"**{WINDOW}", fail)
    page.clock.fast_forward("05:00")
    expect(row).to_have_attribute("data-status", "cancelled")

    # The day goes on: events that have ended leave the list.
    last_end = max(
        datetime.fromisoformat(e["endDate"])
        for e in changed["events"]
        if e["programmet"]["id"] in rows["today"] and not e["programmet"]["all_day"]
    )
    page.clock.fast_forward(int((last_end - next_morning).total_seconds() * 1000) + 60_000)
    expect(page.locator("[data-screen-section=today] li[data-event-id]")).to_have_count(
        len(expected_rows(changed, last_end + timedelta(minutes=1))["today"])
    )
    assert page.evaluate("window.sameDocument") is True  # all of it without reloading the page


# -- another site's page, with nothing but the JSON file -----------------------------------


def embed_example() -> tuple[str, str]:
    """The embed block of docs/feeds.md, and the address it reads."""
    doc = (ROOT / "docs" / "feeds.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- embed-example[^>]*-->\s*```html\n(.*?)```", doc, re.DOTALL)
    assert block, "docs/feeds.md: the embed example is marked with <!-- embed-example … -->"
    source = re.search(r'const source = "([^"]+)";', block.group(1))
    assert source
    return block.group(1), source.group(1)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def neighbour(tmp_path_factory: pytest.TempPathFactory, base_url: str) -> Iterator[tuple[str, str]]:
    """Another site (another origin, on loopback like the site) whose page holds the embed block of docs/feeds.md."""
    block, source = embed_example()
    json_url = base_url + urlsplit(source).path
    folder = tmp_path_factory.mktemp("nabolaget")
    (folder / "index.html").write_text(
        '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>Nabolaget</title></head>'
        f"<body><main>{block.replace(source, json_url)}</main></body></html>",
        encoding="utf-8",
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}/", json_url
    server.shutdown()
    server.server_close()


def third_party_page(browser: Browser, neighbour: tuple[str, str], data: dict | None = None) -> tuple[Any, Page]:
    page_url, json_url = neighbour
    context = browser.new_context()
    page = context.new_page()
    page.clock.install(time=at(BUILD_DAY, "08:00"))
    if data is not None:
        headers = {"Access-Control-Allow-Origin": "*"}
        page.route(json_url, lambda route: route.fulfill(json=data, headers=headers))
    page.goto(page_url)
    return context, page


def test_another_site_lists_the_next_five_events_from_the_json(
    browser: Browser, neighbour: tuple[str, str], demo_site: Path
) -> None:
    _, source = embed_example()
    data = json.loads((demo_site / urlsplit(source).path.lstrip("/")).read_text(encoding="utf-8"))
    context, page = third_party_page(browser, neighbour)
    items = page.locator("#havnen-events li")
    expect(items).to_have_count(5)
    assert page.locator("#havnen-events a").all_inner_texts() == [e["name"] for e in data["events"][:5]]
    first = data["events"][0]
    assert page.locator("#havnen-events time").first.get_attribute("datetime") == first["startDate"]
    assert re.search(r"\d{2}:\d{2}$|\d{1,2}\. \w+$", items.first.inner_text())
    context.close()


def test_another_site_shows_titles_as_text_never_as_html(
    browser: Browser, neighbour: tuple[str, str], demo_site: Path
) -> None:
    _, source = embed_example()
    data = json.loads((demo_site / urlsplit(source).path.lstrip("/")).read_text(encoding="utf-8"))
    data["events"][0]["name"] = '<img src="x" onerror="window.pwned = true">Kveld'
    data["events"][1]["programmet"]["cancelled"] = True
    context, page = third_party_page(browser, neighbour, data)
    items = page.locator("#havnen-events li")
    expect(items).to_have_count(5)
    assert items.first.inner_text().startswith('<img src="x"')
    assert page.locator("#havnen-events img").count() == 0
    assert page.evaluate("window.pwned") is None
    assert items.nth(1).inner_text().startswith("Avlyst: ")
    context.close()
