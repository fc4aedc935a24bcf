"""Markdown bodies: formatting works, code never runs."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from helpers.property_strategies import PROPERTY
from hypothesis import given
from hypothesis import strategies as st
from programmet.content.markup import markdown_renderer, plain_paragraphs, sanitize, staff_markdown

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


# -- the plain-prose shortcut gives exactly Markdown's HTML ---------------------------------

_PROSE = "abcæøå ÆØÅ éü12.,;:?!%/()–«»\u00a0\n\n-+=*_#>&<`~|{}\"'\\\t\r["


def _full_markdown(text: str) -> str:
    return staff_markdown().convert(text)


@PROPERTY
@given(st.text(alphabet=_PROSE, max_size=160))
def test_the_plain_prose_shortcut_matches_markdown(text: str) -> None:
    plain = plain_paragraphs(text)
    if plain is not None:
        assert plain == _full_markdown(text)


_WITHOUT_SHORTCUT = markdown_renderer(shortcut=False)


@PROPERTY
@given(st.text(alphabet=_PROSE, max_size=160))
def test_the_shortcut_and_markdown_both_end_in_the_sanitizer(text: str) -> None:
    """Whichever way a body takes, it leaves through the same sanitizer (a no-break space becomes &nbsp; on both)."""
    assert render(text) == _WITHOUT_SHORTCUT(text)


@pytest.mark.parametrize(
    "text",
    [
        "Første avsnitt.\nAndre linje.\n\n\nNytt avsnitt.",
        "Ta med (gjerne) noe å drikke!",
        "\n\nKaffe og te står klart.\n",
        "Vi sees kl. 18.00 – velkommen.",
    ],
)
def test_plain_prose_takes_the_shortcut_and_gives_markdowns_html(text: str) -> None:
    assert plain_paragraphs(text) == _full_markdown(text)
    assert render(text) == sanitize(plain_paragraphs(text))


@pytest.mark.parametrize(
    "text",
    ["- en liste", "1. punkt", "Det var *viktig*.", "«Sitat» med \"anførsel\"", "Vent...", "a -- b", "Linje  \nbrudd",
     "    kode", "# Tittel", "Tittel\n===", "Begrep\n: forklaring", "Se [lenke](https://x.no)", ""],
)  # fmt: skip
def test_anything_markdown_would_change_goes_through_markdown(text: str) -> None:
    assert plain_paragraphs(text) is None
