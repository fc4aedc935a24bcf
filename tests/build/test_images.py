"""Responsive images: planning, making into the cache, not remaking, and the <picture> on built pages."""

from __future__ import annotations

import shutil
from io import BytesIO
from pathlib import Path

import pytest
from helpers.scenario import Scenario
from helpers.sites import FIXTURES, build_site, page
from PIL import Image
from programmet.build import images
from programmet.build import renditions as rendering
from programmet.build.atomic import read_sealed
from programmet.build.images import SourceImage, plan, read_source, survey, target_widths


def write_image(content: Path, name: str, size: tuple[int, int], mode: str = "RGB", **save) -> str:
    """A real image file under content/images/; returns its src."""
    path = content / "images" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    colour = (200, 80, 40, 128) if mode == "RGBA" else (200, 80, 40)
    image = Image.new(mode, size, colour)
    image.paste((20, 90, 160) + ((255,) if mode == "RGBA" else ()), (0, 0, size[0] // 2, size[1] // 2))
    image.save(path, **save)
    return f"images/{name}"


def test_a_1200_by_675_source_gets_three_widths_as_webp_and_jpeg(tmp_path: Path) -> None:
    content, cache = tmp_path / "content", tmp_path / "cache"
    src = write_image(content, "hero.jpg", (1200, 675))
    _, renditions, errors = survey(content, [src])
    assert errors == []
    planned = sorted((r.width, r.format, r.output) for r in renditions)
    assert planned == [
        (480, "jpeg", "images/hero-480.jpg"),
        (480, "webp", "images/hero-480.webp"),
        (800, "jpeg", "images/hero-800.jpg"),
        (800, "webp", "images/hero-800.webp"),
        (1200, "jpeg", "images/hero-1200.jpg"),
        (1200, "webp", "images/hero-1200.webp"),
    ]
    made = rendering.make_missing(content, renditions, cache)
    assert len(made) == 6
    output = tmp_path / "output"
    rendering.publish(((r.cache_name, r.output) for r in renditions), cache, output)
    for width, height, fmt, ext in [(480, 270, "WEBP", "webp"), (800, 450, "JPEG", "jpg"), (1200, 675, "WEBP", "webp")]:
        with Image.open(output / f"images/hero-{width}.{ext}") as opened:
            assert (opened.format, opened.size) == (fmt, (width, height))
    with Image.open(output / "images/hero-800.jpg") as opened:
        assert opened.mode == "RGB"
        assert "exif" not in opened.info
    assert (output / "images/hero-480.webp").stat().st_mode & 0o444 == 0o444  # a web server can read it


def test_a_second_run_makes_nothing_and_leaves_the_cache_alone(tmp_path: Path, monkeypatch) -> None:
    content, cache = tmp_path / "content", tmp_path / "cache"
    src = write_image(content, "hero.jpg", (1200, 675))
    _, renditions, _ = survey(content, [src])
    rendering.make_missing(content, renditions, cache)
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    calls = []
    monkeypatch.setattr(rendering, "render_source", lambda *args: calls.append(args))
    _, again, _ = survey(content, [src])
    assert rendering.make_missing(content, again, cache) == []
    assert calls == []
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == before


def test_a_changed_image_gets_new_renditions(tmp_path: Path) -> None:
    content, cache = tmp_path / "content", tmp_path / "cache"
    src = write_image(content, "hero.jpg", (1200, 675))
    _, first, _ = survey(content, [src])
    rendering.make_missing(content, first, cache)
    write_image(content, "hero.jpg", (1200, 600))
    _, second, _ = survey(content, [src])
    assert {r.cache_name for r in first}.isdisjoint(r.cache_name for r in second)
    assert len(rendering.make_missing(content, second, cache)) == 6
    assert {r.height for r in second if r.width == 1200} == {600}


@pytest.mark.parametrize(
    ("width", "expected"),
    [(1200, [480, 800, 1200]), (1280, [480, 800, 1200]), (640, [480, 640]), (300, [300]), (800, [480, 800])],
)
def test_never_upscaled(width: int, expected: list[int]) -> None:
    assert target_widths(width) == expected


def cached_image(cache: Path, name: str) -> Image.Image:
    """A rendition as the cache keeps it: sealed with the digest of its bytes (atomic.seal)."""
    data = read_sealed(cache / name)
    assert data is not None, f"{name} is missing or damaged"
    return Image.open(BytesIO(data))


def test_a_small_source_is_not_made_larger(tmp_path: Path) -> None:
    content, cache = tmp_path / "content", tmp_path / "cache"
    src = write_image(content, "small.jpg", (640, 360))
    _, renditions, _ = survey(content, [src])
    rendering.make_missing(content, renditions, cache)
    sizes = set()
    for rendition in renditions:
        with cached_image(cache, rendition.cache_name) as opened:
            sizes.add(opened.size)
    assert sizes == {(480, 270), (640, 360)}


def test_a_transparent_png_keeps_a_png_fallback(tmp_path: Path) -> None:
    content, cache = tmp_path / "content", tmp_path / "cache"
    src = write_image(content, "logo.png", (900, 300), mode="RGBA")
    _, renditions, _ = survey(content, [src])
    assert sorted({r.format for r in renditions}) == ["png", "webp"]
    rendering.make_missing(content, renditions, cache)
    webp = next(r for r in renditions if r.format == "webp" and r.width == 480)
    with cached_image(cache, webp.cache_name) as opened:
        assert opened.mode == "RGBA"


def test_an_opaque_png_gets_a_jpeg_fallback(tmp_path: Path) -> None:
    content = tmp_path / "content"
    src = write_image(content, "cover.png", (1400, 1400))
    assert {r.format for r in plan(read_source(content, src))} == {"webp", "jpeg"}


def test_a_rotated_photo_is_measured_as_shown(tmp_path: Path) -> None:
    content, cache = tmp_path / "content", tmp_path / "cache"
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° when shown
    src = write_image(content, "portrait.jpg", (1200, 800), exif=exif.tobytes())
    source = read_source(content, src)
    assert (source.width, source.height) == (800, 1200)
    renditions = plan(source)
    rendering.make_missing(content, renditions, cache)
    largest = max(renditions, key=lambda r: r.width)
    with cached_image(cache, largest.cache_name) as opened:
        assert opened.size == (800, 1200)


def test_picture_data_uses_the_real_aspect_ratio() -> None:
    source = SourceImage("images/wide.jpg", 1600, 500, "d" * 64, alpha=False)
    picture = images.picture(source, plan(source))
    assert (picture.src, picture.width, picture.height) == ("images/wide-1200.jpg", 1200, 375)
    assert picture.srcset("webp", "https://x.example") == (
        "https://x.example/images/wide-480.webp 480w, https://x.example/images/wide-800.webp 800w, "
        "https://x.example/images/wide-1200.webp 1200w"
    )


def test_two_sources_that_would_share_renditions_are_an_error(tmp_path: Path) -> None:
    content = tmp_path / "content"
    jpeg = write_image(content, "bok.jpg", (800, 450))
    png = write_image(content, "bok.png", (800, 450))
    _, _, errors = survey(content, [jpeg, png])
    assert errors
    assert "images/bok.jpg and images/bok.png would both make images/bok-480.webp" in str(errors[0])


def test_an_unreadable_image_is_a_content_error(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "images" / "broken.jpg").write_bytes(b"not a jpeg")
    _, renditions, errors = survey(content, ["images/broken.jpg"])
    assert renditions == []
    assert [(e.path, e.field) for e in errors] == [("images/broken.jpg", "file")]


# -- the built site ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_with_image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("images")
    content = root / "content"
    shutil.copytree(FIXTURES / "small", content)
    write_image(content, "forfatter.jpg", (1200, 675))
    Scenario(content).set(
        "events/2027/01/2027-01-14-forfatterkveld.md",
        image="\n  src: images/forfatter.jpg\n  alt: Ida Berg signerer bøker",
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PROGRAMMET_TODAY", raising=False)
        mp.delenv("PROGRAMMET_BUILD_TIME", raising=False)
        return build_site(content, root / "out")


def test_event_page_has_a_picture_whose_webp_files_exist(site_with_image: Path) -> None:
    soup = page(site_with_image, "arrangement/2027-01-14-forfatterkveld/")
    picture = soup.select_one("figure.event__image picture")
    source = picture.find("source", type="image/webp")
    entries = [entry.split() for entry in source["srcset"].split(", ")]
    assert [width for _, width in entries] == ["480w", "800w", "1200w"]
    for url, _ in entries:
        with Image.open(site_with_image / url.lstrip("/")) as opened:
            assert opened.format == "WEBP"
    img = picture.img
    assert (img["width"], img["height"]) == ("1200", "675")
    assert img["alt"] == "Ida Berg signerer bøker"
    assert img["decoding"] == "async"
    assert "loading" not in img.attrs  # the hero is above the fold
    assert source["sizes"] == img["sizes"]
    for entry in img["srcset"].split(", "):
        with Image.open(site_with_image / entry.split()[0].lstrip("/")) as opened:
            assert opened.format == "JPEG"
