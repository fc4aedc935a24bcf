"""The language pages as Chromium lays them out: Arabic text right to left, Norwegian interface text left to right."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.scenario import Scenario
from helpers.serving import serve
from helpers.sites import build_site
from playwright.sync_api import Browser

TITLE = "أمسية حكايات للأطفال"


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The small fixture with an event held and written in Arabic, and one held in Arabic but written in Norwegian."""
    root = tmp_path_factory.mktemp("arabic")
    scenario = Scenario.copy_of("small", root / "content")
    common = {"duration": "1h", "branch": "lia", "category": "talks", "audiences": ["children"], "language": "ar"}
    scenario.add(
        "events/2027/01/2027-01-21-arabisk.md",
        {"id": "ev-ar", "title": TITLE, "start": "2027-01-21 17:00", "summary": "حكايات وأغاني.", **common},
    )
    scenario.add(
        "events/2027/01/2027-01-22-eventyr-arabisk.md",
        {"id": "ev-ar-nb", "title": "Eventyrstund på arabisk", "start": "2027-01-22 17:00",
         "summary": "Vi leser eventyr på arabisk.", **common},
    )  # fmt: skip
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PROGRAMMET_TODAY", raising=False)
        mp.delenv("PROGRAMMET_BUILD_TIME", raising=False)
        output = build_site(scenario.root, root / "site")
    yield from serve(Path(output))


def direction(browser: Browser, url: str, selector: str) -> str:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(url)
    value = page.eval_on_selector(selector, "e => getComputedStyle(e).direction")
    context.close()
    return value


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("[data-event-id='ev-ar'] .event-card__title [data-content]", "rtl"),
        ("[data-event-id='ev-ar'] .event-card__summary", "rtl"),
        ("[data-event-id='ev-ar'] .event-card__when", "ltr"),  # «kl. 17.00–18.00 · Lia bibliotek» is ours
        ("[data-event-id='ev-ar'] .badges", "ltr"),
        ("[data-event-id='ev-ar-nb'] .event-card__summary", "ltr"),  # Norwegian text stays as it is written
    ],
)
def test_language_page_lays_out_each_text_in_its_own_direction(
    browser: Browser, arabic_site: str, selector: str, expected: str
) -> None:
    assert direction(browser, f"{arabic_site}/sprak/ar/", selector) == expected
