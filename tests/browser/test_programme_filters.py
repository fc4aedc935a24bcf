"""The combined filters on /program/ in real headless Chromium at 390×844, the page's clock fixed to the demo's day.

What the page lists is checked against an independent Python reading of the built /program/arrangementer.json:
the weekend, "past" and every facet are worked out here with zoneinfo, not with the script's code.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from helpers.sites import DEMO_TODAY, ROOT
from playwright.sync_api import Browser, Page

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime.fromisoformat(f"{DEMO_TODAY}T10:00:00").replace(tzinfo=OSLO)  # a Monday morning
DATA = "program/arrangementer.json"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


# -- the independent reading ---------------------------------------------------------


def last_day(entry: dict) -> date:
    if entry.get("a"):
        return date.fromisoformat(entry["e"])
    return (datetime.fromisoformat(entry["e"]) - timedelta(microseconds=1)).astimezone(OSLO).date()


def has_ended(entry: dict, now: datetime) -> bool:
    if entry.get("a"):
        return date.fromisoformat(entry["e"]) < now.astimezone(OSLO).date()
    return datetime.fromisoformat(entry["e"]) <= now


def weekend(now: datetime) -> tuple[date, date]:
    today = now.astimezone(OSLO).date()
    saturday = today + timedelta(days=5 - today.weekday())
    return max(today, saturday), today + timedelta(days=6 - today.weekday())


def expected(data: dict, now: datetime = NOW, *, days=None, past=False, **facets: str) -> list[str]:
    """The ids the page must list, as a set (the order is checked separately)."""
    found = []
    for entry in data["events"]:
        if has_ended(entry, now) and not past:
            continue
        if "bibliotek" in facets and entry["b"] != facets["bibliotek"]:
            continue
        if "for" in facets and facets["for"] not in entry.get("f", []):
            continue
        if "sprak" in facets and entry["l"] != facets["sprak"]:
            continue
        if "tilgang" in facets and facets["tilgang"] not in entry.get("x", []):
            continue
        if days and (date.fromisoformat(entry["s"][:10]) > days[1] or last_day(entry) < days[0]):
            continue
        found.append(entry["i"])
    return sorted(found)


@pytest.fixture(scope="module")
def data(demo_site: Path) -> dict:
    return json.loads((demo_site / DATA).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def weekend_branch(data: dict) -> str:
    """The branch with the most children's events this weekend (the demo must have one)."""
    counts = {b: len(expected(data, days=weekend(NOW), bibliotek=b, **{"for": "barn"})) for b in data["branches"]}
    branch = max(sorted(counts), key=lambda b: counts[b])
    assert counts[branch] > 0
    return branch


@pytest.fixture
def page(browser: Browser) -> Page:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    opened = context.new_page()
    opened.clock.set_fixed_time(NOW)
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == []


def listed(page: Page) -> list[str]:
    """The ids of the drawn list, «Vis flere» pressed until every match is drawn."""
    page.wait_for_selector("#programme-list[data-state='filtered']")
    while page.locator("#programme-list .filters__more").count():
        before = page.locator("#programme-list [data-event-id]").count()
        page.click("#programme-list .filters__more")
        wait_until(page, f"document.querySelectorAll('#programme-list [data-event-id]').length > {before}")
    return page.eval_on_selector_all("#programme-list [data-event-id]", "els => els.map(e => e.dataset.eventId)")


def wait_until(page: Page, expression: str) -> None:
    """Poll ``expression`` (page.wait_for_function would need eval, which the site's CSP forbids)."""
    for _ in range(200):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(25)
    raise AssertionError(f"never true: {expression}")


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def said(count: int) -> str:
    return f"{count} arrangement" if count == 1 else f"{count} arrangementer"


# -- the flow ----------------------------------------------------------------------------


def test_branch_children_and_weekend_list_exactly_what_the_data_says(
    page: Page, base_url: str, data: dict, weekend_branch: str
) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(f"{base_url}/program/")
    assert page.is_visible("#programme-filters")
    assert page.is_hidden(".filter-panel")
    assert f"/{DATA}" not in fetched  # nothing asked for yet: the page alone is its first weight

    page.select_option("#filter-bibliotek", weekend_branch)
    page.select_option("#filter-for", "barn")
    page.get_by_label("I helgen").check()
    wait_until(page, "document.getElementById('filters-count').textContent.includes('arrangement')")

    want = expected(data, days=weekend(NOW), bibliotek=weekend_branch, **{"for": "barn"})
    assert sorted(listed(page)) == want
    assert page.text_content("#filters-count") == said(len(want))
    assert page.get_attribute("#filters-count", "aria-live") == "polite"
    assert query(page) == {"bibliotek": [weekend_branch], "for": ["barn"], "nar": ["i-helgen"]}
    starts = page.eval_on_selector_all("#programme-list [data-event-id] time", "els => els.map(e => e.dateTime)")
    moments = [datetime.fromisoformat(s if "T" in s else f"{s}T00:00").astimezone(OSLO) for s in starts]
    assert moments == sorted(moments)
    assert fetched.count(f"/{DATA}") == 1

    page.reload()
    assert sorted(listed(page)) == want
    assert page.input_value("#filter-bibliotek") == weekend_branch
    assert page.input_value("#filter-for") == "barn"
    assert page.is_checked("input[name=nar][value=i-helgen]")


def when_days(value: str, now: datetime = NOW) -> tuple[date, date]:
    """What each «når» value covers, worked out here with zoneinfo and the calendar."""
    today = now.astimezone(OSLO).date()
    monday = today - timedelta(days=today.weekday())
    if value == "i-helgen":
        return weekend(now)
    fixed = {
        "i-dag": (today, today),
        "i-morgen": (today + timedelta(days=1), today + timedelta(days=1)),
        "denne-uka": (today, monday + timedelta(days=6)),
        "neste-uke": (monday + timedelta(days=7), monday + timedelta(days=13)),
    }
    if value in fixed:
        return fixed[value]
    first = date.fromisoformat(f"{value}-01")
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


@pytest.mark.parametrize("when", ["i-dag", "i-morgen", "i-helgen", "denne-uka", "neste-uke", "2027-02"])
@pytest.mark.parametrize("now", [NOW, NOW + timedelta(days=4, hours=9), NOW + timedelta(days=6, hours=12)])
def test_each_when_covers_its_days_on_a_monday_a_friday_evening_and_a_sunday(
    browser: Browser, base_url: str, data: dict, when: str, now: datetime
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.clock.set_fixed_time(now)
    page.goto(f"{base_url}/program/?nar={when}")
    want = expected(data, now, days=when_days(when, now))
    assert sorted(listed(page)) == want
    assert page.text_content("#filters-count") == said(len(want))
    context.close()


def test_a_shared_address_opened_fresh_shows_the_same(
    browser: Browser, base_url: str, data: dict, weekend_branch: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    fresh = context.new_page()
    fresh.clock.set_fixed_time(NOW)
    fresh.goto(f"{base_url}/program/?nar=i-helgen&for=barn&bibliotek={weekend_branch}")
    assert sorted(listed(fresh)) == expected(data, days=weekend(NOW), bibliotek=weekend_branch, **{"for": "barn"})
    context.close()


def test_values_the_form_does_not_offer_are_ignored(page: Page, base_url: str, data: dict) -> None:
    page.goto(f"{base_url}/program/?bibliotek=finnes-ikke&for=barn&nar=i-fjor&sprak=%3Cscript%3E&kategori=")
    assert sorted(listed(page)) == expected(data, **{"for": "barn"})
    assert query(page) == {"for": ["barn"]}
    assert page.input_value("#filter-bibliotek") == ""


def test_the_past_toggle_adds_the_events_that_have_ended(page: Page, base_url: str, data: dict) -> None:
    page.goto(f"{base_url}/program/?for=barn")
    upcoming = listed(page)
    assert sorted(upcoming) == expected(data, **{"for": "barn"})
    page.get_by_label("Vis også tidligere (siste to uker)").check()
    wait_until(page, f"document.getElementById('filters-count').textContent !== {said(len(upcoming))!r}")
    with_past = listed(page)
    assert sorted(with_past) == expected(data, past=True, **{"for": "barn"})
    ended = {e["i"] for e in data["events"] if has_ended(e, NOW)}
    assert ended & set(with_past)
    assert query(page)["tidligere"] == ["1"]
    assert page.locator("#programme-list .event-card--past").count() == len(ended & set(with_past))


def test_past_is_judged_by_the_browsers_clock_not_the_build_day(browser: Browser, base_url: str, data: dict) -> None:
    later = NOW + timedelta(hours=8)  # 18:00 the same day: the day's earlier events have ended
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.clock.set_fixed_time(later)
    page.goto(f"{base_url}/program/?nar=i-dag")
    today = later.date()
    want = expected(data, later, days=(today, today))
    assert sorted(listed(page)) == want
    assert want != expected(data, NOW, days=(today, today))  # the demo has something that ended by 18:00
    context.close()


def test_no_match_says_so_and_offers_to_clear(page: Page, base_url: str, data: dict) -> None:
    nothing = next(
        (b, lang) for b in data["branches"] for lang in data["languages"] if not expected(data, bibliotek=b, sprak=lang)
    )
    page.goto(f"{base_url}/program/?bibliotek={nothing[0]}&sprak={nothing[1]}")
    page.wait_for_selector("#programme-list .empty")
    assert page.text_content("#filters-count") == said(0)
    page.click("#programme-list [data-filters-clear]")
    page.wait_for_selector("#programme-list[data-state='static']")
    assert urlsplit(page.url).query == ""
    assert page.locator("#programme-list [data-event-id]").count() > 0


def test_keyboard_alone_chooses_filters(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/program/")
    page.focus("#filter-for")
    page.keyboard.press("ArrowDown")  # the first audience
    wait_until(page, "location.search.includes('for=')")
    page.focus("input[name=nar]:checked")
    page.keyboard.press("ArrowRight")  # «I dag»
    wait_until(page, "location.search.includes('nar=i-dag')")
    assert listed(page) is not None
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_titles_are_drawn_as_text(page: Page, base_url: str, data: dict) -> None:
    """A hostile right-to-left title reaches the page as text: no element, no handler, nothing run."""
    title = 'أمسية <img src=x onerror="window.hacked=1"> قصص <script>window.hacked=2</script>'
    changed = json.loads(json.dumps(data))
    changed["events"][-1]["n"] = title
    target = changed["events"][-1]
    page.route(f"**/{DATA}", lambda route: route.fulfill(json=changed))
    page.goto(f"{base_url}/program/?bibliotek={target['b']}&nar={target['s'][:7]}")
    listed(page)
    card = page.locator(f"[data-event-id='{target['i']}'] [data-content]")
    assert card.text_content() == title
    assert page.locator("#programme-list img, #programme-list script").count() == 0
    assert page.evaluate("window.hacked") is None


@pytest.mark.parametrize(("width", "scheme"), [(390, "light"), (1280, "dark")])
def test_axe_finds_no_violations_on_the_filtered_page(
    browser: Browser, base_url: str, weekend_branch: str, width: int, scheme: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    page.clock.set_fixed_time(NOW)
    page.goto(f"{base_url}/program/?bibliotek={weekend_branch}&for=barn&nar=denne-uka&tidligere=1")
    listed(page)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    context.close()
    assert [f"{v['id']}: {v['help']} ({v['nodes'][0]['target']})" for v in result["violations"]] == []
