"""Writing advice: what it flags, and what it leaves alone."""

from __future__ import annotations

import pytest
from programmet.content.model import Image
from programmet.tools.advice import alt_advice, summary_advice, title_advice


@pytest.mark.parametrize(
    ("title", "flag"),
    [
        ("Forfatterkveld med en veldig lang tittel som fortsetter og fortsetter og fortsetter", "characters"),
        ("JULEKONSERT MED SØLVSULER", "capitals"),
        ("Velkommen til strikkekafé", "Velkommen"),
        ("Strikkekafé kl. 18", "date or time"),
        ("Strikkekafé 14.01", "date or time"),
        ("Strikkekafé tirsdag 14.", "date or time"),
    ],
)
def test_title_advice_flags(title: str, flag: str) -> None:
    assert any(flag in message for message in title_advice(title))


@pytest.mark.parametrize(
    "title", ["17. mai-verksted", "Krim og kringle", "NRK-quiz med DJ", "Lær deg Python på 8 uker"]
)
def test_good_titles_get_no_advice(title: str) -> None:
    assert title_advice(title) == []


def test_summary_advice() -> None:
    assert summary_advice("Vi strikker sammen.", "Strikkekafé") == []
    assert summary_advice("Strikkekafé", "Strikkekafé") == ["repeats the title: say what happens and for whom"]
    assert "full stop" in summary_advice("Vi strikker sammen", "Strikkekafé")[0]


def test_alt_advice() -> None:
    assert alt_advice(Image("images/x.jpg", "Illustrasjon av en bokstabel", None)) == []
    assert "Bilde av" in alt_advice(Image("images/x.jpg", "Bilde av en bokstabel", None))[0]
