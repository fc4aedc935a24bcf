"""The editor's guide (docs/redaktorveiledning.md) stays true to the parsers, the settings and the tasks.

Conventions in the guide, as HTML comments right before a fenced block (invisible when rendered):

- ``<!-- eksempel: PATH -->``: a complete content file, as if saved at content/PATH; it must pass
  the same checks as the strict build, against the demo content.
- ``<!-- utdrag: PATH -->``: a few front-matter lines; put into the complete example PATH (replacing
  the fields they name) the file must still pass.
- ``<!-- feil: PATH -->``: a deliberate mistake, put into the example PATH the same way; the next
  ```text block holds exactly the error lines ``path: field: message`` the check prints.
  ``(i stedet for: key)`` names a field the mistake replaces (a misspelt field name).
- ``<!-- fil: NAME -->``: a block that is not content: invoke.yaml, or regneark.csv (a spreadsheet
  export that ``invoke import-csv`` must report on exactly as the next ```text block shows).

The guide is checked against the demo content as it is in the repository: anything an editor has
added by following the guide (the example files, their recordings, the import ledger) is left out
of the copy the checks run on.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest
from helpers.sites import ROOT
from invoke import Collection
from programmet.content import common_fields, parse, parse_shows, recurrence
from programmet.content.errors import ContentError
from programmet.content.frontmatter import SourceFile, load_yaml, split_front_matter
from programmet.content.model import Access, Frequency, Image, RegistrationType, Status
from programmet.content.model_media import EpisodeType, MediaFile, Medium
from programmet.outputs.labels import (
    ACCESS_LABELS,
    EPISODE_TYPE_LABELS,
    REGISTRATION_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
)
from programmet.settings import WEEKDAYS
from programmet.tools import advice
from programmet.tools.workspace import Workspace, open_workspace, project_settings

GUIDE = ROOT / "docs" / "redaktorveiledning.md"
TEXT = GUIDE.read_text(encoding="utf-8")
CONTENT = ROOT / "content"
SETTINGS = project_settings(CONTENT, ROOT / "pelicanconf.py")

# Sub-keys the parsers spell out where they read them rather than in a constant.
ADDRESS_KEYS = ("street", "postal_code", "town")  # common_fields.address
OWNER_KEYS = ("name", "email")  # parse_shows.parse_show
CHAPTER_KEYS = ("start", "title")  # parse_shows._chapters
PERSON_KEYS = ("name", "role")  # parse_shows._persons
# The tasks an editor needs; the guide must explain each of them.
EDITOR_TASKS = {
    "serve", "check", "build", "publish", "new-event", "new-series", "new-episode", "import-csv", "import-ics",
}  # fmt: skip
# A stand-in recording is a copy of a short demo file; it reports the length of a real episode.
STAND_IN_SECONDS = 45 * 60.0


def nested(parent: str, keys: tuple[str, ...] | frozenset[str]) -> set[str]:
    return {f"{parent}.{key}" for key in keys}


# Each level-3 heading of the field section (by its first word) and the keys its tables must name.
FIELD_TABLES = {
    "Arrangement": parse.EVENT_KEYS
    | nested("image", common_fields.IMAGE_KEYS)
    | nested("registration", common_fields.REGISTRATION_KEYS)
    | nested("moved_to", common_fields.TIMESPAN_KEYS),
    "Serie": parse.SERIES_KEYS
    | nested("recurrence", recurrence.RECURRENCE_KEYS)
    | nested("exceptions", recurrence.EXCEPTION_KEYS)
    | nested("overrides.<dato>", parse.OVERRIDE_KEYS),
    "Bibliotek": parse.BRANCH_KEYS | nested("address", ADDRESS_KEYS) | nested("image", common_fields.IMAGE_KEYS),
    "Side": set(parse.PAGE_KEYS),
    "Program": parse_shows.SHOW_KEYS | nested("owner", OWNER_KEYS) | nested("image", common_fields.IMAGE_KEYS),
    "Episode": parse_shows.EPISODE_KEYS
    | nested("chapters", CHAPTER_KEYS)
    | nested("persons", PERSON_KEYS)
    | nested("image", common_fields.IMAGE_KEYS)
    | nested("poster", common_fields.IMAGE_KEYS),
}


# -- reading the guide -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A fenced block: its language, its text, the marker comment before it and where it starts."""

    language: str
    text: str
    marker: str | None
    line: int


_FENCE = re.compile(r"^```(\w*)\s*$")
_MARKER = re.compile(r"^<!--\s*(eksempel|utdrag|feil|fil):\s*(\S+)\s*(?:\(i stedet for:\s*([^)]*)\))?\s*-->$")
_CODE_SPAN = re.compile(r"`([^`]+)`")


def prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) for every line outside fenced blocks."""
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def blocks(text: str) -> list[Block]:
    found: list[Block] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        end = next(i for i in range(index + 1, len(lines)) if lines[i].startswith("```"))
        previous = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
        marker = previous.strip() if _MARKER.match(previous.strip()) else None
        found.append(Block(opening.group(1), "\n".join(lines[index + 1 : end]) + "\n", marker, index + 1))
        index = end + 1
    return found


def section(text: str, level: int, title_start: str) -> str:
    """The text under the first heading of ``level`` that starts with ``title_start``, up to the next such heading."""
    hashes = "#" * level + " "
    collected: list[str] = []
    inside = False
    for _, line in prose_lines(text):
        heading = re.match(r"^(#+) (.*)$", line)
        if heading and len(heading.group(1)) <= level:
            if inside:
                break
            inside = line.startswith(hashes) and heading.group(2).startswith(title_start)
            continue
        if inside:
            collected.append(line)
    assert collected, f"the guide has no {hashes}{title_start} section"
    return "\n".join(collected)


def table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("|") and not re.match(r"^\|[-| :]+\|$", line)]


def rows_naming(rows: list[str], span: str) -> list[str]:
    return [row for row in rows if span in _CODE_SPAN.findall(row)]


BLOCKS = blocks(TEXT)
FIELD_SECTION = section(TEXT, 2, "12. Feltoversikt")
VALUES_SECTION = section(FIELD_SECTION, 3, "Tillatte verdier")


def marked(kind: str) -> list[tuple[Block, str, str | None]]:
    found = []
    for block in BLOCKS:
        match = _MARKER.match(block.marker or "")
        if match and match.group(1) == kind:
            found.append((block, match.group(2), match.group(3)))
    return found


EXAMPLES = {path: block for block, path, _ in marked("eksempel")}


def demo_copy(parent: Path) -> Path:
    """A copy of the demo content without what an editor may have added by following the guide."""
    content = parent / "content"
    shutil.copytree(CONTENT, content)
    (content / "imports.json").unlink(missing_ok=True)
    # Only what the guide teaches editors to add; the branch example is the demo's own file.
    added = [path for path in EXAMPLES if PurePosixPath(path).parts[0] in ("events", "series", "episodes")]
    metas = [split_front_matter(path, EXAMPLES[path].text) for path in added]
    metas = [source.meta for source in metas if isinstance(source, SourceFile)]
    example_ids = {meta.get("id") for meta in metas} - {None}
    for path in added:
        (content / path).unlink(missing_ok=True)
    for meta in metas:  # the recordings new-episode copied in
        for key in ("media", "transcript"):
            if isinstance(meta.get(key), str) and meta[key].startswith("media/"):
                (content / meta[key]).unlink(missing_ok=True)
    for file in sorted(p for folder in ("events", "series", "episodes") for p in (content / folder).rglob("*.md")):
        source = split_front_matter(file.name, file.read_text(encoding="utf-8", errors="replace"))
        if isinstance(source, SourceFile) and source.meta.get("id") in example_ids:
            file.unlink()
    return content


# -- (a) every field is in the field tables ------------------------------------------------------


@pytest.mark.parametrize("content_type", sorted(FIELD_TABLES))
def test_every_field_is_in_a_table_row_of_the_field_section(content_type: str) -> None:
    rows = table_rows(section(FIELD_SECTION, 3, content_type))
    missing = sorted(key for key in FIELD_TABLES[content_type] if not rows_naming(rows, key))
    assert missing == [], f"### {content_type}: no table row names these fields as `key`: {missing}"


# -- (b) controlled lists and fixed values, with their Norwegian labels ---------------------------


@pytest.mark.parametrize(
    "kind",
    ["categories", "audiences", "themes"],
)
def test_every_controlled_value_is_listed_with_its_label(kind: str) -> None:
    rows = table_rows(VALUES_SECTION)
    for term in getattr(SETTINGS, kind):
        found = rows_naming(rows, term.id)
        assert found, f"{kind}: {term.id!r} is not in a table of allowed values"
        assert any(term.label in row for row in found), f"{kind}: {term.id!r} is not shown as «{term.label}»"
        if term.weekday is not None:
            weekday = WEEKDAYS[term.weekday]
            assert any(weekday in row for row in found), f"{term.id!r} is not said to be on {weekday}s"


FIXED_VALUES = {
    "status": {s.value: STATUS_LABELS[s] for s in Status},
    "accessibility": {a.value: ACCESS_LABELS[a] for a in Access},
    "registration.type": {r.value: REGISTRATION_LABELS[r] for r in RegistrationType},
    "episode_type": {t.value: EPISODE_TYPE_LABELS[t] for t in EpisodeType},
    "role": {role: ROLE_LABELS[role] for role in parse_shows.PERSON_ROLES},
    "medium": {m.value: "" for m in Medium},
    "weekdays": dict.fromkeys(WEEKDAYS, ""),
    "frequency": {f.value: "" for f in Frequency},
}


@pytest.mark.parametrize("field", sorted(FIXED_VALUES))
def test_every_fixed_value_is_listed_with_its_label(field: str) -> None:
    rows = table_rows(VALUES_SECTION)
    for value, label in FIXED_VALUES[field].items():
        found = rows_naming(rows, value)
        assert found, f"{field}: {value!r} is not in a table of allowed values"
        assert any(label in row for row in found), f"{field}: {value!r} is not shown as «{label}»"


# -- (c) examples are checked with the real parsers ----------------------------------------------


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, frozenset[str]]:
    """The demo content, plus stand-ins for the recordings the episode examples bring with them."""
    content = demo_copy(tmp_path_factory.mktemp("guide"))
    stand_ins = set()
    for path, block in EXAMPLES.items():
        if PurePosixPath(path).parts[0] != "episodes":
            continue
        meta = _source(path, block.text).meta
        wanted = [meta.get("media"), meta.get("transcript")]
        wanted += [meta[key].get("src") for key in ("image", "poster") if isinstance(meta.get(key), dict)]
        for src in filter(None, wanted):
            if not (content / src).exists():
                folder = PurePosixPath(src).parts[0]
                model = next(p for p in sorted((CONTENT / folder).rglob(f"*{PurePosixPath(src).suffix}")))
                shutil.copyfile(model, content / src)
                stand_ins.add(src)
    settings = project_settings(content, ROOT / "pelicanconf.py")
    return open_workspace(settings), frozenset(stand_ins)


@pytest.fixture
def long_stand_ins(workspace: tuple[Workspace, frozenset[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in recording is as long as the episode it stands for, so realistic chapters fit."""
    _, stand_ins = workspace
    real = parse_shows.read_media

    def read_media(content: Path, src: str) -> MediaFile | str:
        found = real(content, src)
        if src in stand_ins and not isinstance(found, str):
            return dataclasses.replace(found, duration=STAND_IN_SECONDS)
        return found

    monkeypatch.setattr(parse_shows, "read_media", read_media)


def _source(path: str, text: str) -> SourceFile:
    source = split_front_matter(path, text)
    assert isinstance(source, SourceFile), str(source)
    return source


def check(ws: Workspace, path: str, text: str) -> list[str]:
    """The errors the strict build would report for ``text`` saved as content/``path``."""
    folder = PurePosixPath(path).parts[0]
    if folder in ("events", "series", "episodes"):
        errors = ws.check(path, text)
    else:
        source = split_front_matter(path, text)
        if isinstance(source, ContentError):
            return [str(source)]
        errors = []
        if folder == "branches":
            parse.parse_branch(source, ws.vocab, errors)
        elif folder == "pages":
            parse.parse_page(source, ws.vocab, errors)
        elif folder == "shows":
            parse_shows.parse_show(source, ws.vocab, errors, content=ws.content)
        else:
            pytest.fail(f"no content folder {folder}/")
    return sorted(str(error) for error in errors)


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):(?:\s|$)")


def put_into(example: str, fragment: str, instead_of: str | None = None) -> str:
    """``example`` with the top-level fields of ``fragment`` replacing its own (or ``instead_of``)."""
    front, body = re.match(r"\A---\n(.*?)^---\n(.*)\Z", example, re.DOTALL | re.MULTILINE).groups()

    def fields(text: str) -> list[list[str]]:
        found: list[list[str]] = []
        for line in text.splitlines():
            if _TOP_KEY.match(line) or not found:
                found.append([line])
            else:
                found[-1].append(line)
        return found

    def key(lines: list[str]) -> str:
        match = _TOP_KEY.match(lines[0])
        return match.group(1) if match else ""

    result = fields(front)
    replaced = {k.strip() for k in (instead_of or "").split(",") if k.strip()}
    for new in fields(fragment):
        at = next((i for i, old in enumerate(result) if key(old) == key(new) or key(old) in replaced), None)
        if at is None:
            result.append(new)
        else:
            result[at] = new
    lines = [line for lines in result for line in lines]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def test_the_guide_has_examples_of_each_kind() -> None:
    folders = {PurePosixPath(path).parts[0] for path in EXAMPLES}
    assert {"events", "series", "episodes"} <= folders
    assert len(marked("feil")) >= 6


def test_every_complete_file_in_the_guide_is_a_checked_example() -> None:
    unchecked = [
        b.line
        for b in BLOCKS
        if b.language in ("yaml", "markdown", "md") and b.text.startswith("---\n") and b.marker is None
    ]
    assert unchecked == [], f"blocks at these lines look like content files but are not marked as examples: {unchecked}"


def test_every_yaml_block_is_marked() -> None:
    unmarked = [b.line for b in BLOCKS if b.language == "yaml" and b.marker is None]
    assert unmarked == [], f"yaml blocks at these lines have no eksempel/utdrag/feil/fil marker: {unmarked}"


@pytest.mark.usefixtures("long_stand_ins")
@pytest.mark.parametrize("path", sorted(EXAMPLES))
def test_complete_example_passes_the_check(path: str, workspace: tuple[Workspace, frozenset[str]]) -> None:
    ws, _ = workspace
    block = EXAMPLES[path]
    assert block.text.startswith("---\n"), f"the example for {path} must be a whole file, starting with ---"
    assert check(ws, path, block.text) == []


def test_examples_have_their_own_ids_and_name_things_that_exist(workspace: tuple[Workspace, frozenset[str]]) -> None:
    ws, _ = workspace
    metas = {path: _source(path, block.text).meta for path, block in EXAMPLES.items()}
    ids = [meta["id"] for meta in metas.values() if "id" in meta]
    assert len(ids) == len(set(ids)), f"two examples share an id: {sorted(ids)}"
    for path, meta in metas.items():
        if "event" in meta:  # an episode's event: the build checks it against every event
            assert meta["event"] in ws.ids | set(ids), f"{path}: no event {meta['event']!r}"
        if PurePosixPath(path).parts[0] == "events":  # where new-event puts it
            day = str(meta["start"])[:10]
            assert path.startswith(f"events/{day[:4]}/{day[5:7]}/{day}-"), f"{path} does not match start {day}"


FRAGMENTS = [(block, path, instead) for kind in ("utdrag", "feil") for block, path, instead in marked(kind)]


@pytest.mark.parametrize(
    ("block", "path", "instead_of"),
    [f for f in FRAGMENTS if f[0].marker.startswith("<!-- utdrag")],
    ids=lambda value: f"line {value.line}" if isinstance(value, Block) else None,
)
def test_fragment_passes_the_check_in_its_example(
    block: Block, path: str, instead_of: str | None, workspace: tuple[Workspace, frozenset[str]]
) -> None:
    ws, _ = workspace
    assert path in EXAMPLES, f"line {block.line}: no complete example {path} to put the fragment into"
    assert check(ws, path, put_into(EXAMPLES[path].text, block.text, instead_of)) == []


def expected_errors(block: Block) -> list[str]:
    """The ```text block after a mistake: the lines the check prints, without any 'ERROR: '."""
    after = next((b for b in BLOCKS if b.line > block.line and b.language == "text"), None)
    assert after is not None, f"line {block.line}: a mistake needs the error it gives in a ```text block after it"
    return sorted(line.strip().removeprefix("ERROR: ") for line in after.text.splitlines() if line.strip())


@pytest.mark.parametrize(
    ("block", "path", "instead_of"),
    [f for f in FRAGMENTS if f[0].marker.startswith("<!-- feil")],
    ids=lambda value: f"line {value.line}" if isinstance(value, Block) else None,
)
def test_mistake_gives_the_error_the_guide_shows(
    block: Block, path: str, instead_of: str | None, workspace: tuple[Workspace, frozenset[str]]
) -> None:
    ws, _ = workspace
    assert path in EXAMPLES, f"line {block.line}: no complete example {path} to put the mistake into"
    assert check(ws, path, put_into(EXAMPLES[path].text, block.text, instead_of)) == expected_errors(block)


def test_invoke_yaml_example_uses_the_publish_settings() -> None:
    blocks_ = [block for block, name, _ in marked("fil") if name == "invoke.yaml"]
    assert blocks_, "the guide shows no invoke.yaml"
    for block in blocks_:
        publish = load_yaml(block.text)["publish"]
        assert set(publish) <= {"folder", "rsync", "ssh", "s3"}
        assert set(publish.get("s3") or {}) <= {"bucket", "prefix", "endpoint_url", "region"}


def test_every_file_marker_is_known() -> None:
    assert {name for _, name, _ in marked("fil")} <= {"invoke.yaml", "regneark.csv"}


# -- (d) every command is a real task with real options -----------------------------------------


@functools.cache
def tasks() -> Collection:
    """The tasks of tasks.py, named as `invoke` names them (new_event -> new-event)."""
    spec = importlib.util.spec_from_file_location("programmet_tasks", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return Collection.from_module(module)


_COMMAND = re.compile(r"(?:^|[\s/])invoke\s+([a-z][a-z0-9-]*)([^`]*)")


def commands() -> list[tuple[str, list[str]]]:
    """(task, its --options) for every `invoke <task> …` in code blocks and code spans."""
    texts = [span for _, line in prose_lines(TEXT) for span in _CODE_SPAN.findall(line)]
    for block in BLOCKS:
        if block.language in ("sh", "bash", "console"):
            texts += block.text.replace("\\\n", " ").splitlines()
    found = []
    for text in texts:
        for match in _COMMAND.finditer(text):
            rest = re.split(r"&&|\||;", match.group(2))[0]
            found.append((match.group(1), re.findall(r"(?:^|\s)--([a-z0-9-]+)", rest)))
    return found


def options_of(task_name: str) -> set[str]:
    task = tasks()[task_name]
    return {name.replace("_", "-") for argument in task.get_arguments() for name in argument.names}


def test_every_task_in_the_guide_exists() -> None:
    unknown = sorted({name for name, _ in commands()} - set(tasks().task_names))
    assert unknown == [], f"the guide mentions tasks that tasks.py does not have: {unknown}"


def test_every_option_in_the_guide_exists() -> None:
    wrong = sorted(
        {
            f"invoke {name} --{option}"
            for name, options in commands()
            if name in tasks().task_names
            for option in options
            if option not in options_of(name)
        }
    )
    assert wrong == [], f"the guide uses options the tasks do not have: {wrong}"


def test_every_option_named_alone_belongs_to_a_task() -> None:
    spans = [span for _, line in prose_lines(TEXT) for span in _CODE_SPAN.findall(line) if span.startswith("--")]
    alone = {option for span in spans for option in re.findall(r"(?:^|\s)--([a-z0-9-]+)", span)}
    known = {option for name in tasks().task_names for option in options_of(name)} | {"list"}
    assert sorted(alone - known) == []


def test_the_editor_tasks_are_all_explained() -> None:
    assert EDITOR_TASKS - {name for name, _ in commands()} == set()


# -- links ----------------------------------------------------------------------------------------


def github_anchor(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_links_within_the_guide_lead_to_a_heading() -> None:
    anchors = {github_anchor(m.group(1)) for _, line in prose_lines(TEXT) if (m := re.match(r"^#+ (.*)$", line))}
    links = {link for _, line in prose_lines(TEXT) for link in re.findall(r"\]\(#([^)]+)\)", line)}
    assert sorted(links - anchors) == []


# -- (e) the commands write what the guide shows -------------------------------------------------


def guide_commands(task_name: str) -> list[list[str]]:
    """Every `invoke TASK …` line of the guide's sh blocks, split as a shell would."""
    found = []
    for block in BLOCKS:
        if block.language != "sh":
            continue
        for line in block.text.replace("\\\n", " ").splitlines():
            words = shlex.split(line)
            if words[:2] == ["invoke", task_name] and len(words) > 2:  # without options, it asks questions
                found.append(words[1:])
    return found


def run_task(arguments: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a task as an editor would (no terminal, so it asks nothing), with the environment of the tests."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", *arguments],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def recording_stand_in(argument: str, folder: Path) -> Path:
    """A file named like the editor's recording (with its .vtt beside it), copied from the demo."""
    name = PurePosixPath(argument).name
    model = next(p for p in sorted((CONTENT / "media").rglob(f"*{PurePosixPath(name).suffix}")))
    target = folder / name
    shutil.copyfile(model, target)
    shutil.copyfile(model.with_suffix(".vtt"), target.with_suffix(".vtt"))
    return target


SCAFFOLD_COMMANDS = [
    pytest.param(arguments, id=f"{arguments[0]} {index}")
    for name in ("new-event", "new-series", "new-episode")
    for index, arguments in enumerate(guide_commands(name))
]


@pytest.mark.parametrize("arguments", SCAFFOLD_COMMANDS)
def test_new_file_commands_write_what_the_examples_show(arguments: list[str], tmp_path: Path) -> None:
    content = demo_copy(tmp_path)
    if arguments[0] == "new-episode":
        recordings = tmp_path / "opptak"
        recordings.mkdir()
        arguments = [arguments[0], str(recording_stand_in(arguments[1], recordings)), *arguments[2:]]
    result = run_task([*arguments, "--content", str(content)])
    assert result.returncode == 0, result.stdout + result.stderr
    created = re.search(r"^Created \w+: content/(\S+)", result.stdout, re.MULTILINE)
    assert created, result.stdout
    path = created.group(1)
    assert path in EXAMPLES, f"`invoke {' '.join(arguments)}` writes {path}, which the guide shows no example of"
    written = _source(path, (content / path).read_text(encoding="utf-8")).meta
    shown = _source(path, EXAMPLES[path].text).meta
    different = {key: (value, shown.get(key)) for key, value in written.items() if shown.get(key) != value}
    assert different == {}, f"{path}: the command writes (left) what the example shows differently (right)"


def test_spreadsheet_example_imports_as_the_guide_says(tmp_path: Path) -> None:
    (sheet, _, _) = next(m for m in marked("fil") if m[1] == "regneark.csv")
    report = next(b for b in BLOCKS if b.line > sheet.line and b.language == "text")
    csv_file = tmp_path / "regneark.csv"
    # Saved as Norwegian Excel saves "CSV (semikolonseparert)": Windows-1252.
    csv_file.write_bytes(sheet.text.encode("cp1252"))
    result = run_task(["import-csv", str(csv_file), "--content", str(demo_copy(tmp_path))])
    assert result.returncode == 0, result.stdout + result.stderr
    got = [line for line in result.stdout.splitlines() if line.strip()]
    shown = [line for line in report.text.splitlines() if line.strip()]
    assert len(got) == len(shown), result.stdout
    for line, expected in zip(got, shown, strict=True):
        if expected.endswith("…"):
            assert line.startswith(expected.removesuffix("…").rstrip()), (line, expected)
        else:
            assert line == expected


# -- writing advice ------------------------------------------------------------------------------


def test_every_kind_of_advice_is_explained() -> None:
    spans = [s for row in table_rows(section(TEXT, 3, "Råd fra")) for s in _CODE_SPAN.findall(row)]
    messages = [
        *advice.title_advice("Velkommen til en STOR KVELD MED FORTELLINGER OG MUSIKK FOR HELE FAMILIEN 14.01 kl 18"),
        *advice.summary_advice("Strikkekafé", "Strikkekafé"),
        *advice.summary_advice("Ta med strikketøyet", "Strikkekafé"),
        *advice.alt_advice(Image(src="images/x.jpg", alt="Bilde av en kopp")),
    ]
    assert len(messages) == 7
    unexplained = [m for m in messages if not any(span in m for span in spans)]
    assert unexplained == []


def test_the_better_examples_get_no_advice() -> None:
    rows = table_rows(section(section(TEXT, 2, "13. Skrivetips"), 3, "Eksempler"))
    for row in rows[1:]:  # after the header
        better = row.strip("|").split("|")[1].strip()
        if better.startswith("Ingress:"):
            summary = better.removeprefix("Ingress:").strip().removeprefix("«").removesuffix("»")
            assert advice.summary_advice(summary, "") == [], better
        else:
            assert advice.title_advice(better) == [], better


def test_translated_messages_are_the_ones_the_code_gives() -> None:
    """Each message in the translation table is written, word for word, in the plugin's source."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "plugins" / "programmet").rglob("*.py")))
    rows = table_rows(section(TEXT, 3, "Flere meldinger"))
    spans = [_CODE_SPAN.findall(row.strip("|").split("|")[0])[0] for row in rows[1:]]
    assert len(spans) >= 15
    missing = [span for span in spans if not all(part.strip() in source for part in span.split("…"))]
    assert missing == [], f"these messages are not in the code (any more): {missing}"
