"""Only what is inside the content folder is published, each address has one source, nothing runs.

Cases in the bad-input catalogue's form (tests/helpers/bad_input_catalogue.py): a real strict
build over a copy of a published site must answer with one clear error naming the
file, and leave the published site byte-identical. Then the harmless results: what
may be published is published as a plain copy, never as a link.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from helpers.bad_input_catalogue import (
    BRANCH,
    EVENT,
    Case,
    add_image,
    assert_one_clear_error,
    both,
    copy,
    link,
    publish_fixtures,
    set_fields,
    write,
)
from helpers.sites import build_site
from PIL import Image


def fifo(relative: str):
    def apply(content: Path) -> None:
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(content / relative)

    return apply


SCRIPTED_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/>'
    "<script>alert(document.domain)</script></svg>"
)
CLEAN_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'

CASES = [
    Case("the build's environment linked into media/, named by nothing", "shows",
         link("media/lydpod/env.txt", "/proc/self/environ"), "media/lydpod/env.txt", "file",
         "outside the content folder"),
    Case("/etc/passwd linked into images/, named by nothing", "small",
         link("images/passord.jpg", "/etc/passwd"), "images/passord.jpg", "file", "outside the content folder"),
    Case("an event file that is a link to a file outside", "small",
         link("events/2027/01/vert.md", "/etc/hostname"), "events/2027/01/vert.md", "file",
         "outside the content folder"),
    Case("a folder outside linked into images/", "small", link("images/system", "/etc"), "images/system", "file",
         "outside the content folder"),
    Case("a folder linked to the content folder that holds it", "small", link("media/opp", ".."), "media/opp",
         "file", "loop"),
    Case("a link that leads in a circle", "small", link("images/ring.jpg", "ring.jpg"), "images/ring.jpg", "file",
         "circle"),
    Case("a named pipe in media/ (reading it would hang the build)", "shows", fifo("media/lydpod/ror.mp3"),
         "media/lydpod/ror.mp3", "file", "not a regular file"),
    Case("a web page in media/", "small", write("media/side.html", "<script>alert(1)</script>"), "media/side.html",
         "file", "not published: .html files"),
    Case("an SVG with a script in images/", "small", write("images/logo.svg", SCRIPTED_SVG), "images/logo.svg",
         "file", "<script>"),
    Case("a branch whose id ends like another branch's generated files", "small",
         both(copy(BRANCH, "branches/lia-7-dager.md"),
              set_fields("branches/lia-7-dager.md", id="lia-7-dager")),
         "branches/lia.md", "file", "branches/lia-7-dager.md"),
    # Named as an event's image, the link is reported once: with the field that names it.
    Case("an event image that is a link to /proc", "small", both(add_image(),
         link("images/bilde.jpg", "/proc/self/environ")), EVENT, "image.src", "outside the content folder"),
]  # fmt: skip


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return publish_fixtures(tmp_path_factory)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_what_the_build_may_not_publish_is_one_clear_error_and_nothing_is_lost(
    case: Case, published: dict[str, Path], tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert_one_clear_error(case, published, tmp_path, capfd)


def test_a_link_inside_the_content_folder_is_published_as_a_plain_copy(copy_fixture, tmp_path: Path) -> None:
    content = copy_fixture("small")
    (content / "images").mkdir()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(content / "images" / "rod.png")
    (content / "images" / "alias.png").symlink_to("rod.png")
    (content / "media").mkdir()
    (content / "media" / "tegning.svg").write_text(CLEAN_SVG, encoding="utf-8")

    site = build_site(content, tmp_path / "site")

    assert (site / "images" / "alias.png").read_bytes() == (content / "images" / "rod.png").read_bytes()
    assert (site / "media" / "tegning.svg").read_text(encoding="utf-8") == CLEAN_SVG
    kinds = {stat.S_IFMT(path.lstat().st_mode) for path in site.rglob("*")}
    assert kinds == {stat.S_IFREG, stat.S_IFDIR}  # no links, pipes or devices anywhere in the site


def test_no_file_of_the_site_shares_storage_with_anything(copy_fixture, tmp_path: Path) -> None:
    """Every published file is its own: a change to the caches or the content cannot reach the live site."""
    content = copy_fixture("small")
    (content / "images").mkdir()
    Image.new("RGB", (900, 600), (20, 90, 160)).save(content / "images" / "bla.jpg")
    for _ in range(2):  # the second build takes everything from the caches
        shutil.rmtree(tmp_path / "site", ignore_errors=True)
        site = build_site(content, tmp_path / "site", PROGRAMMET_SEARCH=True)
    shared = [path for path in site.rglob("*") if path.is_file() and path.stat().st_nlink != 1]
    assert shared == []
    assert (site / "images" / "bla.jpg").stat().st_ino != (content / "images" / "bla.jpg").stat().st_ino


def test_two_files_one_address_names_both_even_in_different_case(
    copy_fixture, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A preview keeps going, but says which two sources meet (case and Unicode form do not hide it)."""
    content = copy_fixture("small")
    (content / "images").mkdir()
    Image.new("RGB", (64, 48)).save(content / "images" / "Kart.png")
    Image.new("RGB", (64, 48)).save(content / "images" / "kart.png")

    build_site(content, tmp_path / "site", PROGRAMMET_STRICT=False)

    clashes = [line for line in capfd.readouterr().err.splitlines() if "would be written at" in line]
    assert len(clashes) == 1, clashes
    assert "images/Kart.png" in clashes[0]
    assert "images/kart.png" in clashes[0]


def test_a_content_file_is_copied_again_only_when_it_changed(copy_fixture, tmp_path: Path) -> None:
    """An unchanged video is not copied on every build; a changed one is, and never as a link."""
    content = copy_fixture("small")
    (content / "media").mkdir()
    (content / "media" / "program.pdf").write_bytes(b"%PDF-1.4 first\n")
    site = build_site(content, tmp_path / "site")
    copied = (site / "media" / "program.pdf").stat()

    build_site(content, tmp_path / "site")
    again = (site / "media" / "program.pdf").stat()
    assert (again.st_ino, again.st_ctime_ns) == (copied.st_ino, copied.st_ctime_ns)  # not touched

    (content / "media" / "program.pdf").write_bytes(b"%PDF-1.4 second version\n")
    build_site(content, tmp_path / "site")
    assert (site / "media" / "program.pdf").read_bytes() == b"%PDF-1.4 second version\n"
    assert (site / "media" / "program.pdf").stat().st_nlink == 1
