"""Responsive images: which renditions each content image needs, and making them with Pillow.

Every image that events, series, branches, shows and episodes use gets a few
widths (never wider than the source) as WebP, plus a fallback in the source's
own kind: JPEG, or PNG when the source has transparency. The template writes
them as a ``<picture>``.

Planning is pure (``plan``, ``picture``). Making renditions is the only part
that touches pixels: each one is written to a cache folder under a name made
from the source file's content hash and the rendition's parameters, so an
unchanged image is never processed again; the build then links or copies the
cached files into the output (``publish``).
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import ExifTags, Image, UnidentifiedImageError

from ..content.catalog import Catalog
from ..content.errors import ContentError

WIDTHS = (480, 800, 1200)
# Part of every cache key: change it when the way renditions are made changes,
# and every rendition is made again.
RECIPE = "1"
WEBP_QUALITY = 80
JPEG_QUALITY = 82
EXTENSIONS = {"webp": "webp", "jpeg": "jpg", "png": "png"}
PILLOW_FORMATS = {"webp": "WEBP", "jpeg": "JPEG", "png": "PNG"}
_ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa", "La"}


class ImageError(Exception):
    """An image that cannot be made into renditions."""


@dataclass(frozen=True)
class SourceImage:
    """What planning needs to know about one content image."""

    src: str  # path under the content folder, e.g. images/books.jpg
    width: int  # as displayed: after the EXIF orientation is applied
    height: int
    digest: str  # SHA-256 of the file's bytes
    alpha: bool  # has transparency: the fallback stays PNG
    resizable: bool = True  # False for animations, which are published as they are


@dataclass(frozen=True)
class Rendition:
    """One file to make: ``source`` at ``width`` as ``format``, published at ``output``."""

    source: str
    digest: str
    width: int
    height: int
    format: str  # webp, jpeg or png
    output: str  # path in the output folder, e.g. images/books-480.webp

    @property
    def cache_name(self) -> str:
        """The cache file: the source's content hash and every parameter that shapes the result."""
        quality = {"webp": WEBP_QUALITY, "jpeg": JPEG_QUALITY}.get(self.format, 0)
        key = f"{RECIPE}|{self.digest}|{self.width}x{self.height}|{self.format}|{quality}"
        return f"{hashlib.sha256(key.encode()).hexdigest()[:40]}.{EXTENSIONS[self.format]}"


@dataclass(frozen=True)
class Picture:
    """What a template needs for one ``<picture>``: the fallback ``src`` and both srcsets."""

    src: str
    width: int
    height: int
    webp: tuple[tuple[str, int], ...]  # (output path, width), narrowest first
    fallback: tuple[tuple[str, int], ...]

    def srcset(self, kind: str, base: str) -> str:
        """``kind`` is 'webp' or 'fallback'; ``base`` is the site root path ('' or '/sub')."""
        entries = self.webp if kind == "webp" else self.fallback
        return ", ".join(f"{base}/{path} {width}w" for path, width in entries)


# -- reading -------------------------------------------------------------------------


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_source(content_path: Path, src: str) -> SourceImage:
    """Size, transparency and content hash of ``content_path/src`` (only the header is decoded)."""
    path = content_path / src
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its pixel limit and twice that; either way such an
            # image would take gigabytes to render, so both are refused.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if image.getexif().get(ExifTags.Base.Orientation) in _ROTATED:
                    width, height = height, width
                alpha = image.mode in ALPHA_MODES or "transparency" in image.info
                animated = bool(getattr(image, "is_animated", False))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError(too_many_pixels(exc)) from None
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as exc:
        raise ImageError(f"is not an image Pillow can read: {exc}") from None
    return SourceImage(src, width, height, file_digest(path), alpha, resizable=not animated)


def too_many_pixels(exc: Exception) -> str:
    """Pillow's decompression-bomb message, in our words."""
    found = re.search(r"\((\d+) pixels\)", str(exc))
    pixels = f"{int(found.group(1)):,} pixels" if found else "too many pixels"
    return f"is too large to open safely ({pixels}); save a copy at most 3000 px wide"


def image_users(catalog: Catalog) -> dict[str, list[tuple[str, str]]]:
    """For each image: the content files that show it, with the field, sorted (a series once)."""
    found: set[tuple[str, str, str]] = set()
    for details, path in (
        *((e.details, e.source_path) for e in catalog.events),
        *((s.details, s.source_path) for s in catalog.series),
    ):
        if details.image:
            found.add((details.image.src, path, "image"))
    found |= {(b.image.src, b.source_path, "image") for b in catalog.branches if b.image}
    found |= {(s.image.src, s.source_path, "image") for s in catalog.shows}
    for episode in catalog.episodes:
        pictures = (("image", episode.image), ("poster", episode.poster))
        found |= {(image.src, episode.source_path, key) for key, image in pictures if image}
    users: dict[str, list[tuple[str, str]]] = {}
    for src, path, field in sorted(found):
        users.setdefault(src, []).append((path, field))
    return users


def used_images(catalog: Catalog) -> list[str]:
    """Every image the site shows, each once, sorted."""
    found = {
        d.image.src for d in (*(e.details for e in catalog.events), *(s.details for s in catalog.series)) if d.image
    }
    found |= {b.image.src for b in catalog.branches if b.image}
    found |= {s.image.src for s in catalog.shows}
    found |= {i.src for e in catalog.episodes for i in (e.image, e.poster) if i}
    return sorted(found)


def survey(
    content_path: Path, srcs: Iterable[str], widths: Sequence[int] = WIDTHS
) -> tuple[dict[str, SourceImage], list[Rendition], list[ContentError]]:
    """Read every source and plan its renditions; problems come back as content errors."""
    sources: dict[str, SourceImage] = {}
    errors: list[ContentError] = []
    for src in srcs:
        if PurePosixPath(src).suffix.lower() == ".svg":
            continue  # vector images are published as they are
        try:
            sources[src] = read_source(content_path, src)
        except ImageError as exc:
            errors.append(ContentError(src, "file", str(exc)))
    renditions = [r for source in sources.values() for r in plan(source, widths)]
    errors += clashes(renditions, content_path)
    return sources, renditions, errors


# -- planning (pure) -----------------------------------------------------------------


def target_widths(source_width: int, widths: Sequence[int] = WIDTHS) -> list[int]:
    """The standard widths narrower than the source, and the source's own width if narrower than the widest."""
    chosen = {w for w in widths if w < source_width}
    chosen.add(min(source_width, max(widths)))
    return sorted(chosen)


def plan(source: SourceImage, widths: Sequence[int] = WIDTHS) -> list[Rendition]:
    """The renditions ``source`` needs: every target width as WebP and as the fallback format."""
    if not source.resizable:
        return []
    stem = PurePosixPath(source.src).with_suffix("").as_posix()
    fallback = "png" if source.alpha else "jpeg"
    return [
        Rendition(
            source=source.src,
            digest=source.digest,
            width=width,
            height=max(1, round(source.height * width / source.width)),
            format=fmt,
            output=f"{stem}-{width}.{EXTENSIONS[fmt]}",
        )
        for width in target_widths(source.width, widths)
        for fmt in ("webp", fallback)
    ]


def picture(source: SourceImage, renditions: Iterable[Rendition]) -> Picture:
    """The ``<picture>`` data of one source from its planned renditions.

    ``width``/``height`` are the largest rendition's, so the browser reserves
    space with the source's real aspect ratio.
    """
    mine = sorted((r for r in renditions if r.source == source.src), key=lambda r: r.width)
    webp = tuple((r.output, r.width) for r in mine if r.format == "webp")
    fallback = tuple((r.output, r.width) for r in mine if r.format != "webp")
    if not fallback:
        return Picture(source.src, source.width, source.height, (), ())
    largest = max((r for r in mine if r.format != "webp"), key=lambda r: r.width)
    return Picture(largest.output, largest.width, largest.height, webp, fallback)


def clashes(renditions: Iterable[Rendition], content_path: Path) -> list[ContentError]:
    """Renditions that two sources would share, or that would overwrite a content file."""
    errors = []
    by_output: dict[str, str] = {}
    for rendition in renditions:
        other = by_output.setdefault(rendition.output, rendition.source)
        if other != rendition.source:
            message = f"{other} and {rendition.source} would both make {rendition.output}; rename one"
            errors.append(ContentError(rendition.source, "file", message))
        elif (content_path / rendition.output).exists():
            message = f"its rendition {rendition.output} would replace the content file of that name; rename one"
            errors.append(ContentError(rendition.source, "file", message))
    return errors


def missing(renditions: Iterable[Rendition], cache: Path) -> list[Rendition]:
    return [r for r in renditions if not (cache / r.cache_name).is_file()]
