"""Markdown bodies: formatting works, code never runs."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from programmet.markup import markdown_renderer

render = markdown_renderer()


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(render(text), "html.parser")


def test_markdown_formatting() -> None:
    html = soup("Et **viktig** møte.\n\n- én\n- to\n\n[Checkin](https://checkin.no/event/1)")
    assert html.strong.get_text() == "viktig"
    assert [li.get_text() for li in html.find_all("li")] == ["én", "to"]
    assert html.a["href"] == "https://checkin.no/event/1"


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "<div>\n<iframe src='https://evil.example'></iframe>\n</div>",
        'Tekst <b onclick="alert(1)">fet</b> her.',
    ],
)
def test_raw_html_is_text(text: str) -> None:
    html = soup(text)
    assert html.find(["script", "img", "iframe", "b", "div"]) is None
    assert "<" in html.get_text()


@pytest.mark.parametrize(
    "text",
    ["[klikk](javascript:alert(1))", "[klikk]( JavaScript:alert(1))", "![x](data:text/html;base64,PHNjcmlwdD4=)"],
)
def test_links_that_could_run_code_lose_their_address(text: str) -> None:
    html = soup(text)
    for element in html.find_all(["a", "img"]):
        assert not element.get("href") and not element.get("src")


def test_ordinary_links_stay() -> None:
    html = soup("[Om oss](/om/) og [e-post](mailto:a@b.no) og [ring](tel:+4712345678)")
    assert [a["href"] for a in html.find_all("a")] == ["/om/", "mailto:a@b.no", "tel:+4712345678"]


def test_one_renderer_for_many_files_keeps_no_state_between_them() -> None:
    first = render("Tekst med fotnote[^1].\n\n[^1]: Fotnoten.")
    second = render("Bare tekst.")
    assert "Fotnoten" in first
    assert "Fotnoten" not in second
