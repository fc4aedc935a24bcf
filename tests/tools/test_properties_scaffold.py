"""Property: what the scaffolding writes reads back as the same values.

``dump_front_matter`` quotes a string exactly where the strict reader would read
something else ('no', '1.0', '2027-01-01', '#'), so any value survives a trip
through a file. ``new-event`` keeps the title and summary as typed; the parser
strips surrounding whitespace (str.strip, so also no-break spaces), which is the
one normalisation the round trip allows.
"""

from __future__ import annotations

import math
import re
import shutil
from datetime import datetime, timedelta
from typing import Any

import pytest
from helpers.property_strategies import PROPERTY, exists, happens_twice
from helpers.sites import FIXTURES, ROOT
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from programmet.content import parse
from programmet.content.errors import ContentError
from programmet.content.frontmatter import SourceFile, split_front_matter
from programmet.tools import new_content as commands
from programmet.tools import scaffold
from programmet.tools.questions import CommandError
from programmet.tools.workspace import Workspace, open_workspace, project_settings
from yaml.reader import Reader

# -- dump_front_matter -----------------------------------------------------------------------------

# The characters YAML lets a file hold (so no NUL, other control characters or lone surrogates):
# the reader refuses the rest even when written as escapes, as the examples below show.
allowed = st.characters(exclude_categories=["Cs"]).filter(lambda c: not Reader.NON_PRINTABLE.match(c))
any_text = st.text(allowed, max_size=40)
yaml_words = st.sampled_from(
    ["yes", "no", "on", "off", "null", "~", "true", "False", "1.0", ".5", "1e3", "0x1F", "0150", "2027-01-01",
     "2027-01-14 18:00", "10:00", "- a", "#x", "a: b", "a #b", "'q'", '"q"', "[x]", "{x}", "|", ">", "&a", "*a",
     "!!str x", "%x", "@x", "`x`", "---", "...", "? x", "<<", "=", " x", "x ", "a\nb", "a\r\nb", "\t", "\x85",
     "\u2028", "\ufeff", "æøå ÆØÅ", "🎉"]
)  # fmt: skip
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), any_text, yaml_words, st.dates(), st.datetimes()
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4), max_leaves=10
)


def same(a: Any, b: Any) -> bool:
    """Equality where nan equals nan and a float stays a float (1.0 must not come back as 1)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[key], b[key]) for key in a)  # the order is kept too
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


@settings(PROPERTY, max_examples=400)
@given(st.dictionaries(any_text | yaml_words, values, max_size=6), any_text | yaml_words)
def test_dumped_front_matter_reads_back_the_same(meta: dict[str, Any], body: str) -> None:
    text = scaffold.dump_front_matter(meta, body)
    source = split_front_matter("events/x.md", text)
    assert isinstance(source, SourceFile), (text, source)
    assert same(source.meta, meta), text
    assert source.body.strip() == body.strip()  # the body is written stripped, between blank lines


# -- new-event ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The small fixture's tree, copied once; each example removes the file it wrote."""
    content = tmp_path_factory.mktemp("scaffold") / "content"
    shutil.copytree(FIXTURES / "small", content)
    return open_workspace(project_settings(content, ROOT / "pelicanconf.py"))


# Printable text on one line: letters (æøå), digits, punctuation such as quotes, ':' and '#', symbols, spaces.
printable = st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), min_size=1, max_size=90)
titles = st.one_of(
    printable,
    yaml_words.filter(lambda w: "\n" not in w),
    st.tuples(st.sampled_from(["", " ", "  "]), printable | yaml_words, st.sampled_from(["", " "])).map("".join),
).filter(lambda t: t.strip() and len(t.splitlines()) == 1)


audiences = st.sampled_from(["adults", "children", "families", "seniors"])


@st.composite
def events(draw: st.DrawFn) -> tuple[dict[str, Any], datetime, datetime]:
    """Options for new-event, with the start and end they must give."""
    start = draw(st.datetimes(datetime(2025, 1, 1), datetime(2031, 12, 31))).replace(second=0, microsecond=0)
    minutes = draw(st.integers(1, 12 * 60))
    end = start + timedelta(minutes=minutes)
    forms = [f"{end:%Y-%m-%d %H:%M}", f"{minutes}m", f"{minutes // 60}h{minutes % 60}m"]
    if end.date() == start.date():
        forms.append(f"{end:%H:%M}")
    branch = draw(st.sampled_from(["lia", "sentrum"]))
    rooms = st.sampled_from(["Scenen", "Barneavdelingen"]) if branch == "sentrum" else printable
    given = {
        "title": draw(titles),
        "start": f"{start:%Y-%m-%d %H:%M}",
        "end": draw(st.sampled_from(forms)),
        "branch": branch,
        "room": draw(st.none() | rooms),
        "category": draw(st.sampled_from(["exhibition", "literature", "meetup", "storytime", "talks"])),
        "audience": draw(st.lists(audiences, min_size=1, max_size=3, unique=True)),
        "summary": draw(titles.filter(lambda t: len(t) <= 200)),
    }
    return given, start, end


def created(ws: Workspace, given: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """Run new-event; return the written file's front matter and the event the build reads from it."""
    result = commands.new_event(ws, given, None, lambda _: None)
    path = ws.content / result.path
    try:
        source = split_front_matter(result.path, path.read_text(encoding="utf-8"))
    finally:
        path.unlink()  # the workspace was read once, so the next example may pick the same file name
    assert isinstance(source, SourceFile), source
    errors: list[ContentError] = []
    event = parse.parse_event(source, ws.vocab, errors)
    assert errors == [] and event is not None
    return source.meta, event


@settings(PROPERTY, max_examples=150)
@given(events())
def test_new_event_reads_back_as_given(workspace: Workspace, drawn: tuple[dict[str, Any], datetime, datetime]) -> None:
    given, start, end = drawn
    # Times the clocks skip or repeat are refused (by the same parser); that is tested in test_properties_dates.
    assume(exists(start) and exists(end) and not happens_twice(start) and not happens_twice(end))
    meta, event = created(workspace, given)
    tz = workspace.settings.timezone
    assert meta["title"] == given["title"]  # the file keeps what was typed
    details = event.details
    assert (details.title, details.summary) == (given["title"].strip(), given["summary"].strip())
    assert event.when.start == start.replace(tzinfo=tz)
    assert event.when.end == end.replace(tzinfo=tz)  # wall-clock end: 'HH:MM', a date-time or a duration
    assert (details.branch, details.category) == (given["branch"], given["category"])
    assert details.room == ((given["room"] or "").strip() or None)  # a blank room is no room
    assert details.audiences == tuple(given["audience"])
    assert event.id == meta["id"] and event.id.startswith(f"ev-{start:%Y-%m%d}-")


@settings(PROPERTY, max_examples=100)
@given(st.text(max_size=40), st.text(max_size=40))
def test_new_event_with_any_title_and_summary_writes_a_good_file_or_nothing(
    workspace: Workspace, title: str, summary: str
) -> None:
    given = {"title": title, "start": "2027-01-14 18:00", "end": "20:00", "branch": "lia", "category": "meetup",
             "audience": ["adults"], "summary": summary}  # fmt: skip
    before = sorted(workspace.content.rglob("*"))
    try:
        _, event = created(workspace, given)
    except CommandError as error:
        assert str(error).strip()
        assert sorted(workspace.content.rglob("*")) == before
        return
    assert (event.details.title, event.details.summary) == (title.strip(), summary.strip())


# -- examples for what the properties found -----------------------------------------------------------


def test_a_lone_surrogate_in_a_title_is_refused_and_nothing_is_written(workspace: Workspace) -> None:
    """An undecodable byte in a command-line option arrives as a lone surrogate ('\\udce6').

    The dumper wrote it as the escape "\\uDCE6", the reader gave it back, and the build would
    crash writing the page; now the reader refuses it, so new-event writes nothing.
    """
    given = {"title": "Kveld \udce6", "start": "2027-01-14 18:00", "end": "20:00", "branch": "lia",
             "category": "meetup", "audience": ["adults"], "summary": "Hei."}  # fmt: skip
    before = sorted(workspace.content.rglob("*"))
    with pytest.raises(CommandError, match=re.escape("the character '\\udce6' is not allowed")):
        commands.new_event(workspace, given, None, lambda _: None)
    assert sorted(workspace.content.rglob("*")) == before


def test_a_blank_title_is_refused(workspace: Workspace) -> None:
    given = {"title": "   ", "start": "2027-01-14 18:00", "end": "20:00", "branch": "lia", "category": "meetup",
             "audience": ["adults"], "summary": "Hei."}  # fmt: skip
    with pytest.raises(CommandError, match="title: is empty; it is required"):
        commands.new_event(workspace, given, None, lambda _: None)


@pytest.mark.parametrize("value", ["a\x85b", "\x85", "første\n\x85linje"])
def test_a_next_line_character_reads_back(value: str) -> None:
    """PyYAML wrote NEL (U+0085) raw and read it back as a line break: 'a\\x85b' became 'a b'."""
    source = split_front_matter("events/x.md", scaffold.dump_front_matter({"title": value, value: 1}))
    assert isinstance(source, SourceFile) and source.meta == {"title": value, value: 1}
