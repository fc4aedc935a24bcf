"""Making image renditions with Pillow: encode, store in the cache, publish into the output.

images.py plans what is needed (pure); this module does the pixel and file work.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from PIL import Image, ImageOps

from .atomic import read_sealed, store_sealed, write_if_changed
from .images import ALPHA_MODES, JPEG_QUALITY, PILLOW_FORMATS, WEBP_QUALITY, Rendition, missing
from .parallel import run_parallel

# -- making (Pillow) -------------------------------------------------------------------


def make_missing(
    content_path: Path, renditions: Iterable[Rendition], cache: Path, workers: int | None = None
) -> list[Rendition]:
    """Make the renditions the cache does not have yet; returns those that were made.

    Each source is opened once for all its missing renditions. Pillow releases
    the GIL while it decodes, resizes and encodes, so threads use every core
    without pickling anything or forking the build.
    """
    todo = missing(renditions, cache)
    by_source: dict[str, list[Rendition]] = {}
    for rendition in todo:
        by_source.setdefault(rendition.source, []).append(rendition)
    groups = sorted(by_source.items())
    run_parallel(
        lambda group: render_source(content_path / group[0], group[1], cache),
        groups,
        workers,
        label="Resizing images",
        releases_gil=True,
    )
    return todo


def damaged(content_path: Path, sources: Iterable[str], renditions: Sequence[Rendition], cache: Path) -> list[str]:
    """The sources that do not decode in full (a file cut off in upload, say), checked at read time.

    Reading only decodes the header, so a truncated file would otherwise fail half-way
    through writing the site. Images whose renditions are all cached decoded before.
    """
    cached = {r.source for r in renditions} - {r.source for r in missing(renditions, cache)}
    broken = []
    for src in sorted(set(sources) - cached):
        try:
            with Image.open(content_path / src) as image:
                image.load()
        except (OSError, SyntaxError, ValueError):
            broken.append(src)
    return broken


def render_source(path: Path, renditions: Sequence[Rendition], cache: Path) -> None:
    """Make ``renditions`` of the image at ``path`` into ``cache``."""
    with Image.open(path) as opened:
        icc = opened.info.get("icc_profile") if opened.mode in {"RGB", "RGBA"} else None
        alpha = opened.mode in ALPHA_MODES or "transparency" in opened.info
        image = ImageOps.exif_transpose(opened)
        if image.mode not in {"RGB", "RGBA", "L", "LA"}:
            # Palette and CMYK images are resized in RGB(A): Pillow resizes palettes without smoothing.
            image = image.convert("RGBA" if alpha else "RGB")
        image.load()
    for rendition in renditions:
        size = (rendition.width, rendition.height)
        resized = image if size == image.size else image.resize(size, Image.Resampling.LANCZOS)
        store_sealed(cache / rendition.cache_name, encode(resized, rendition.format, icc))


def encode(image: Image.Image, fmt: str, icc: bytes | None = None) -> bytes:
    """The image's bytes as ``fmt``, without EXIF or other metadata (only the colour profile)."""
    options: dict[str, object] = {"icc_profile": icc} if icc else {}
    if fmt == "jpeg":
        image = image.convert("RGB") if image.mode != "RGB" else image
        options |= {"quality": JPEG_QUALITY, "optimize": True, "progressive": True}
    elif fmt == "webp":
        has_alpha = image.mode in ALPHA_MODES or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
        options |= {"quality": WEBP_QUALITY, "method": 4}
    else:
        image = image.convert("RGBA") if image.mode not in {"RGB", "RGBA", "L", "LA"} else image
        options |= {"optimize": True}
    buffer = io.BytesIO()
    image.save(buffer, PILLOW_FORMATS[fmt], **options)
    return buffer.getvalue()


def publish(files: Iterable[tuple[str, str]], cache: Path, output: Path) -> list[str]:
    """Copy each cached file (cache name, output path) into the output; returns the cache names found damaged.

    A copy, never a link: the published site shares no storage with the cache, so
    nothing done to the cache can change a page that is online. Each entry's bytes
    are checked against the digest it was stored with; one that is missing or not
    whole is left out and named, for the caller to make again.
    """
    damaged = []
    for cache_name, relative in files:
        data = read_sealed(cache / cache_name)
        if data is None:
            damaged.append(cache_name)
        else:
            write_if_changed(output / relative, data)
    return damaged
