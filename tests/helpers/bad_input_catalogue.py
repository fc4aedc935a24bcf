"""The bad-input catalogue's machinery: a case breaks a copy of a fixture in one way, and the
real strict build must answer with one clear error, a failed exit and the old site untouched.

Test modules that add cases (content/test_bad_inputs.py, content/test_trust_*.py) share these. A case that changes a
field says so (``set_fields``, ``remove_fields``, ``rename_field``: tests/helpers/scenario.py); ``replace``
is for text that is broken on purpose (bad YAML, a control character) or for a change inside a block.
"""

from __future__ import annotations

import dataclasses
import shutil
import struct
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from helpers.scenario import Scenario, fixture_fields
from helpers.sites import FIXTURE_BUILD_TIME, FIXTURE_TODAY, FIXTURES, ROOT
from helpers.snapshots import snapshot
from PIL import Image
from programmet.build.staged_build import build_atomically

SETTINGS = ROOT / "pelicanconf.py"
ENV = {"PROGRAMMET_TODAY": FIXTURE_TODAY, "PROGRAMMET_BUILD_TIME": FIXTURE_BUILD_TIME}
OVERRIDES = {"PROGRAMMET_RECORD_CALENDAR": False, "PROGRAMMET_SEARCH": False}
# Generous: a failing build stops after reading, in about a second. A hang fails the case.
TIME_LIMIT = 60

EVENT = "events/2027/01/2027-01-14-forfatterkveld.md"
SERIES = "series/babyklubb.md"
EVENING_COURSE = "series/kveldskurs.md"
BRANCH = "branches/lia.md"
SHOW_EVENT = "events/2027-01-14-foredrag.md"
EPISODE = "episodes/lydpod/s01e01-start.md"
VIDEO = "episodes/tv/foredrag-om-fjorden.md"
SHOW = "shows/lydpod.md"
# Nested blocks of the fixtures, as read: a case that changes one part of a block sets the whole block.
REGISTRATION = fixture_fields("small", EVENT)["registration"]
BABYKLUBB_RULE = fixture_fields("small", SERIES)["recurrence"]
EVENING_COURSE_RULE = fixture_fields("small", EVENING_COURSE)["recurrence"]

Breakage = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    name: str
    fixture: str
    breaks: Breakage
    path: str
    field: str
    message: str  # a part of the message that says what is wrong
    overrides: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # settings for this build, over OVERRIDES


def replace(relative: str, old: str, new: str) -> Breakage:
    def apply(content: Path) -> None:
        target = content / relative
        text = target.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def set_fields(relative: str, /, **fields: object) -> Breakage:
    """Give fields of a file these values (a str is YAML text, as in helpers/scenario.py)."""
    return lambda content: Scenario(content).set(relative, **fields)


def remove_fields(relative: str, /, *keys: str) -> Breakage:
    return lambda content: Scenario(content).remove(relative, *keys)


def rename_field(relative: str, old: str, new: str) -> Breakage:
    return lambda content: Scenario(content).rename(relative, old, new)


def write(relative: str, data: str | bytes | Callable[[], bytes]) -> Breakage:
    def apply(content: Path) -> None:
        target = content / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = data() if callable(data) else data
        if isinstance(payload, str):
            target.write_text(payload, encoding="utf-8")
        else:
            target.write_bytes(payload)

    return apply


def link(relative: str, target: str) -> Breakage:
    def apply(content: Path) -> None:
        (content / relative).parent.mkdir(parents=True, exist_ok=True)  # git keeps no empty images/ folder
        (content / relative).symlink_to(target)

    return apply


def both(*steps: Breakage) -> Breakage:
    def apply(content: Path) -> None:
        for step in steps:
            step(content)

    return apply


def copy(source: str, target: str) -> Breakage:
    return lambda content: shutil.copyfile(content / source, content / target)


def moved_to(start: str, **end: str) -> Breakage:
    """Give the event other times, ``start`` and an ``end`` or ``duration`` (a Sunday, so its Thursday theme goes)."""
    return both(remove_fields(EVENT, "theme", "end"), set_fields(EVENT, start=start, **end))


def add_image(relative: str = EVENT) -> Breakage:
    """Give the event an image: images/bilde.jpg, which the case writes (or not)."""
    return set_fields(relative, image="{src: images/bilde.jpg, alt: Et bilde}")


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size (a decompression bomb, for Pillow)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


def cmyk_jpeg() -> bytes:
    buffer = BytesIO()
    Image.new("CMYK", (1400, 1400), (200, 0, 0, 0)).save(buffer, "JPEG")
    return buffer.getvalue()


def huge_front_matter() -> bytes:
    lines = "".join(f"tag{i}: {'x' * 90}\n" for i in range(110_000))
    return f"---\ntitle: Stor\n{lines}---\n".encode()


def error_lines(stderr: str) -> list[str]:
    """The content errors a build printed, without its closing summary."""
    return [line for line in stderr.splitlines() if line.startswith("ERROR: ") and "Build stopped" not in line]


def publish_fixtures(
    tmp_path_factory: pytest.TempPathFactory, names: tuple[str, ...] = ("small", "shows")
) -> dict[str, Path]:
    """Each fixture published once, strictly: the sites a broken build must not touch."""
    sites = {}
    for name in names:
        output = tmp_path_factory.mktemp(name) / "site"
        assert build_atomically(FIXTURES / name, SETTINGS, output, OVERRIDES, env=ENV) == 0
        # Every override reached Pelican: the record was not written into the fixture.
        assert not (FIXTURES / name / "calendar-state.json").exists()
        sites[name] = output
    return sites


def assert_one_clear_error(
    case: Case, published: dict[str, Path], tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Break a copy of the case's fixture, build it over a copy of the published site, and judge the answer."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / case.fixture, content)
    case.breaks(content)
    output = tmp_path / "site"
    shutil.copytree(published[case.fixture], output)
    before = snapshot(output)
    capfd.readouterr()

    code = build_atomically(content, SETTINGS, output, {**OVERRIDES, **case.overrides}, env=ENV, timeout=TIME_LIMIT)

    captured = capfd.readouterr()
    errors = error_lines(captured.err)
    assert code != 0
    assert "Traceback" not in captured.err + captured.out
    assert len(errors) == 1, errors
    prefix = f"ERROR: {case.path}: {case.field}: "
    assert errors[0].startswith(prefix), errors
    assert case.message in errors[0].removeprefix(prefix), errors
    assert snapshot(output) == before
    # No staging folder is left. The lock file stays (locks.py says why), and a build stopped after reading
    # (two sources, one address) may have filled the caches, which only make the next build faster.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == [".site.lock", "content", "site"]
