"""load_yaml's libyaml path reads exactly what the pure-Python reference loader reads.

``frontmatter._load_pure`` is the reference: PyYAML's pure-Python parser with the strict
rules (it is what load_yaml was before libyaml). Every check compares load_yaml, or the
fast path on its own, with it: the same values of the same types, or the same exception
with the same message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers.property_strategies import PROPERTY
from helpers.sites import ROOT
from hypothesis import given
from hypothesis import strategies as st
from programmet.content import frontmatter
from programmet.content.frontmatter import load_yaml

pytestmark = pytest.mark.skipif(not frontmatter._LIBYAML, reason="PyYAML without libyaml has only the pure path")


def outcome(load, text: str) -> str:
    """A value as its repr (so 1, 1.0, True and '1' differ), or an error as its type and message."""
    try:
        return repr(load(text))
    except Exception as exc:  # not only YAMLError: see REFERENCE_CRASHES
        return f"{type(exc).__name__}: {exc}"


def reference(text: str) -> str:
    return outcome(frontmatter._load_pure, text)


def libyaml_alone(text: str) -> str:
    # The fast loader without the checks that send a document to the pure loader.
    return outcome(lambda t: yaml.load(t, Loader=frontmatter._FastLoader), text)  # noqa: S506


def front_matters(content: Path) -> dict[str, str]:
    found = {}
    for file in sorted(content.rglob("*.md")):
        match = frontmatter._FENCE.match(file.read_text(encoding="utf-8").removeprefix("\ufeff"))
        if match is not None:
            found[file.relative_to(content).as_posix()] = match.group(1)
    return found


def test_demo_content_is_read_the_same_and_on_the_fast_path():
    documents = front_matters(ROOT / "content")
    assert len(documents) > 100

    declined = [path for path, text in documents.items() if frontmatter._load_fast(text) is frontmatter._UNSURE]
    different = [path for path, text in documents.items() if outcome(load_yaml, text) != reference(text)]

    assert declined == []  # otherwise the speed-up is quietly gone
    assert different == []


# Documents both readers accept and read alike: the fast path answers them itself.
SAME = [
    "language: no", "answer: yes", "start_time: 10:00", "start: 2027-01-14", "start: 2027-01-14 18:00",
    "postal_code: 0150", "price: 150", "age_min: -1", "lat: 58.1467", "x: 5.", "x: .5", "x: +1", "x: 1e3",
    "x: 0x1F", "x: 1_000", "room: ~", "room:", "room: null", "featured: true", "featured: TRUE", "x: tRue",
    "n: 12345678901234567890123456789", "x: ''", 'x: ""', "x: '10:00'", "x: !!str 10", "x: !!int '7'",
    "x: !!float 1", "x: !!timestamp 2027-01-14", "x: !!timestamp 2027-01-14 18:00:00", "x: !!binary aGk=",
    "x: ! 5", "x: !<tag:yaml.org,2002:str> 5", "g: !!set {a, b}", "h: !!omap [{a: 1}]", "<<: {title: x}",
    "a: &a [1, 2]", "title: Eventyr\r\nprice: 0\r\n", "a: b\rc: d", "a: 'x\r\n\r\n  y'", "a: b\u2028c: d",
    "a: 'b\x85c'", "a: æøå 🎉", "a: \xa0b", 'q: "\\N\\_\\/\\u00e9\\U0001F600"', "a: |\n  x\n   y\n\n",
    "a: >-\n  x\n  y\n\n  z\n", "a: |+\n  x\n\n", "audiences: [adults, seniors]", "image: {src: a.jpg, alt: En bok}",
    "tags: [a:b, 'c?']", "a: [b,\nc]", "a:\n- b\n- c", "a: b # c\n# d\ne: f", "a: b#c", "? a\n? b", "? a\n: b",
    "%YAML 1.1\n---\na: 1", "--- a\n...\n", "", "# only a comment", "just text", "- a\n- b", "'a: b'",
    "k" * 1000 + ": v", "deep: " + "[" * 30 + "]" * 30,
]  # fmt: skip


@pytest.mark.parametrize("text", SAME)
def test_fast_path_reads_like_the_reference(text):
    assert frontmatter._load_fast(text) is not frontmatter._UNSURE
    assert outcome(load_yaml, text) == reference(text)


# Documents the reference refuses, each for its own reason and with its own message.
REFUSED = [
    "title: A\nid: a\ntitle: B", "image: {src: a.jpg, src: b.jpg}", "1: a\n1.0: b", "[a, b]: 1", "? {a: 1}\n: 2",
    "summary: Tid: 18.00", 'q: "\\x00"', 'q: "\\x1f"', 'q: "\\uDCE6"', "a: \x00", "a: \x7f",
    "n: " + "7" * 5000, "x: !!timestamp 2027-13-45", "x: !!int x", "x: !!float x", "d: !!python/object:os.system ls",
    "m: !custom x", "a: '", 'a: "', "a: {", "a: [", "a: }", "- a\nb: c", "a: 1\n---\nb: 2", "%YAML 2.0\n---\na: 1",
    "a: |x\n  y", "k" * 1100 + ": v", "a: *nope", "a: &x 1\nb: *x", "a: &x [1]\nb: &x [2]", "&a [*a]", "a: \udce6",
]  # fmt: skip


@pytest.mark.parametrize("text", REFUSED)
def test_refused_documents_give_the_reference_message(text):
    assert outcome(load_yaml, text) == reference(text)
    assert reference(text).startswith(("ComposerError", "ConstructorError", "ScannerError", "ParserError", "Marked"))


# PyYAML itself slips on these (the escape is out of range, or a tag has no value): both paths
# give one YAMLError, so the file gets a message instead of crashing the build.
REFERENCE_CRASHES = ['q: "\\U00110000"', "x: !!int", "x: !!float", "x: !!bool", "x: !!timestamp"]


@pytest.mark.parametrize("text", REFERENCE_CRASHES)
def test_pyyamls_own_slips_are_yaml_errors(text):
    assert outcome(load_yaml, text) == reference(text)
    with pytest.raises(yaml.YAMLError, match="cannot be read"):
        load_yaml(text)


# Documents libyaml reads differently from PyYAML: the fast path must hand them to the reference.
LIBYAML_DIFFERS = [
    pytest.param("a:\tb", id="tab-after-colon"),  # PyYAML: a tab is used for indenting
    pytest.param("a: [b,\tc]", id="tab-in-flow"),
    pytest.param("a: [b,\n\ufeffc]", id="bom-inside"),  # libyaml skips it, PyYAML keeps '\ufeffc'
    pytest.param("a:\n\ufeff- b", id="bom-before-a-list"),  # PyYAML refuses it
    pytest.param("tags: [hva nå?]", id="question-mark-in-flow"),  # PyYAML ends the scalar at '?'
    pytest.param("image: {alt: Hva?, src: a.jpg}", id="question-mark-in-flow-mapping"),
    pytest.param("room: !", id="lone-tag"),  # PyYAML: None, libyaml: ''
    pytest.param("! ", id="lone-tag-document"),
    pytest.param("a: |#c\n  x\n", id="comment-after-block-indicator"),  # PyYAML refuses it
    pytest.param("a: &x 1\nb: *x", id="alias"),  # libyaml composes it, PyYAML (ours) refuses it
    pytest.param("a: &x [1, 2]\nb: [*x, *x]", id="alias-in-list"),
]


@pytest.mark.parametrize("text", LIBYAML_DIFFERS)
def test_where_libyaml_differs_the_reference_answers(text):
    assert libyaml_alone(text) != reference(text)  # why the fast path must decline
    assert frontmatter._load_fast(text) is frontmatter._UNSURE
    assert outcome(load_yaml, text) == reference(text)


def billion_laughs(levels: int = 9) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels + 1)]
    return "\n".join(lines)


def test_billion_laughs_are_refused_without_expanding_them():
    text = billion_laughs()  # 9**10 strings once expanded

    assert frontmatter._load_fast(text) is frontmatter._UNSURE
    with pytest.raises(yaml.YAMLError, match=r"an alias \(\*l0\) is not allowed; write the value out"):
        load_yaml(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[" * 50_000 + "]" * 50_000, id="flow-lists"),  # the C composer would crash on these
        pytest.param("- " * 50_000 + "a", id="block-lists"),
        pytest.param("{a: " * 20_000 + "1" + "}" * 20_000, id="flow-mappings"),
        pytest.param("a: " + "[" * 400 + "]" * 400, id="deeper-than-the-recursion-limit"),
        pytest.param("a: " + "[" * 40 + "]" * 40, id="deeper-than-the-fast-path"),
    ],
)
def test_deep_nesting_is_left_to_the_reference(text):
    assert frontmatter._load_fast(text) is frontmatter._UNSURE
    assert outcome(load_yaml, text) == reference(text)


def test_both_loaders_share_the_strict_scalar_rules():
    table = frontmatter._StrictLoader.yaml_implicit_resolvers

    assert frontmatter._FastLoader.yaml_implicit_resolvers is table
    assert {tag for resolvers in table.values() for tag, _ in resolvers} == {
        f"tag:yaml.org,2002:{kind}" for kind in ("bool", "null", "int", "float")
    }


# Pieces that reach the corners where the two parsers have differed: flow indicators,
# tags, anchors, block scalar headers, escapes, unusual line breaks and spaces.
PIECES = [
    "a", "b c", "1", "0150", "-1", ".5", "10:00", "2027-01-14", "no", "null", "~", "true", "- ", "-", ": ", ":",
    "? ", "?", "[", "]", "{", "}", ", ", ",", "\n", "\n  ", "\n- ", "\r\n", "\r", "\x85", "\u2028", "#", " #c", "'",
    '"', "\\", '"\\x41"', '"\\0"', "|", ">", "|-", ">+", "|2", "!", "! ", "!!str ", "!!int ", "!!timestamp ", "&a ",
    "*a", "%YAML 1.1\n", "---", "...", "\t", "\ufeff", "\xa0", "é", "🎉", "@", "`", "<<",
]  # fmt: skip


@PROPERTY
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_any_document_is_read_like_the_reference(text):
    assert outcome(load_yaml, text) == reference(text)


@PROPERTY
@given(
    st.recursive(
        st.sampled_from(["no", "10:00", "2027-01-14", "Hva nå?", "a: b", "- x", "#", "", "1", "1.5", "'"])
        | st.integers()
        | st.booleans()
        | st.none(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=12,
    ),
    st.sampled_from([None, True, False]),
    st.integers(min_value=1, max_value=4),
)
def test_dumped_values_are_read_like_the_reference(value, flow, indent):
    text = yaml.safe_dump(value, default_flow_style=flow, indent=indent + 1, allow_unicode=True, width=20)

    assert outcome(load_yaml, text) == reference(text)
