"""split_front_matter and load_yaml: authors get what they typed, and clear errors."""

from __future__ import annotations

import pytest
from programmet.content.errors import ContentError
from programmet.content.frontmatter import SourceFile, load_yaml, split_front_matter

PATH = "events/2027/01/x.md"


@pytest.mark.parametrize(
    ("line", "value"),
    [
        pytest.param("language: no", "no", id="norway-problem"),
        pytest.param("answer: yes", "yes", id="yes-stays-text"),
        pytest.param("start_time: 10:00", "10:00", id="time-not-sexagesimal"),
        pytest.param("start: 2027-01-14", "2027-01-14", id="date-stays-text"),
        pytest.param("start: 2027-01-14 18:00", "2027-01-14 18:00", id="date-time-stays-text"),
        pytest.param("postal_code: 0150", "0150", id="leading-zero-stays-text"),
        pytest.param("featured: true", True, id="true"),
        pytest.param("featured: false", False, id="false"),
        pytest.param("price: 150", 150, id="int"),
        pytest.param("age_min: -1", -1, id="negative-int"),
        pytest.param("lat: 58.1467", 58.1467, id="decimal"),
        pytest.param("room: ~", None, id="null"),
        pytest.param("room:", None, id="empty-is-null"),
    ],
)
def test_scalars_are_read_strictly(line, value):
    [(_, loaded)] = load_yaml(line).items()

    assert loaded == value
    assert type(loaded) is type(value)


def test_lists_and_mappings():
    loaded = load_yaml("audiences: [adults, seniors]\nimage: {src: images/a.jpg, alt: En bok}")

    assert loaded == {"audiences": ["adults", "seniors"], "image": {"src": "images/a.jpg", "alt": "En bok"}}


def test_split_returns_meta_and_body():
    source = split_front_matter(PATH, "---\ntitle: Eventyr\nprice: 0\n---\nEn **god** historie.\n")

    assert source == SourceFile(PATH, {"title": "Eventyr", "price": 0}, "En **god** historie.\n")


def test_windows_line_endings():
    source = split_front_matter(PATH, "---\r\ntitle: Eventyr\r\n---\r\nTekst.\r\n")

    assert source.meta == {"title": "Eventyr"}
    assert source.body == "Tekst.\r\n"


def test_empty_front_matter_is_an_empty_mapping():
    assert split_front_matter(PATH, "---\n---\nTekst.") == SourceFile(PATH, {}, "Tekst.")


def test_byte_order_mark_is_accepted():
    source = split_front_matter(PATH, "\ufeff---\ntitle: Eventyr\n---\nTekst.")

    assert source.meta == {"title": "Eventyr"}
    assert source.body.strip() == "Tekst."


def test_byte_order_mark_does_not_shift_the_body():
    assert split_front_matter(PATH, "\ufeff---\ntitle: Eventyr\n---").body == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("---\ntitle: A\nid: a\ntitle: B\n---\n", "duplicate key 'title' (line 4", id="duplicate-key"),
        pytest.param(
            "---\ntitle: A\nimage: {src: a.jpg, src: b.jpg}\n---\n", "duplicate key 'src'", id="duplicate-nested"
        ),
        pytest.param("---\ntitle: A\nsummary: Tid: 18.00\n---\n", "not valid YAML", id="colon-in-value"),
        pytest.param("---\ntitle: A\nsummary: Tid: 18.00\n---\n", "(line 3, column", id="line-number"),
        pytest.param("title: A\n---\nTekst.", "missing: the file must start with a '---' line", id="no-opening"),
        pytest.param("---\ntitle: A\nTekst.", "missing", id="no-closing"),
        pytest.param("---\n- a\n- b\n---\n", "must be a mapping", id="list"),
        pytest.param("---\njust text\n---\n", "must be a mapping", id="scalar"),
    ],
)
def test_bad_front_matter(text, message):
    error = split_front_matter(PATH, text)

    assert isinstance(error, ContentError)
    assert (error.path, error.field) == (PATH, "front matter")
    assert message in error.message
