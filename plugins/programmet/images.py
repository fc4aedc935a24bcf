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
import io
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from .catalog import Catalog
from .errors import ContentError

WIDTHS = (480, 800, 1200)
# Part of every cache key: change it when the way renditions are made changes,
# and every rendition is made again.
RECIPE = "1"
WEBP_QUALITY = 80
JPEG_QUALITY = 82
EXTENSIONS = {"webp": "webp", "jpeg": "jpg", "png": "png"}
_PILLOW_FORMATS = {"webp": "WEBP", "jpeg": "JPEG", "png": "PNG"}
_ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
_ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa", "La"}


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
        with Image.open(path) as image:
            width, height = image.size
            if image.getexif().get(ExifTags.Base.Orientation) in _ROTATED:
                width, height = height, width
            alpha = image.mode in _ALPHA_MODES or "transparency" in image.info
            animated = bool(getattr(image, "is_animated", False))
    except (OSError, UnidentifiedImageError) as exc:
        raise ImageError(f"not an image Pillow can read: {exc}") from None
    return SourceImage(src, width, height, file_digest(path), alpha, resizable=not animated)


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
    jobs = [(content_path / src, group, cache) for src, group in sorted(by_source.items())]
    run_parallel(render_source, jobs, workers)
    return todo


def run_parallel(function: Callable[..., None], jobs: Sequence[tuple], workers: int | None = None) -> None:
    """Run ``function(*job)`` for every job, on up to ``workers`` threads; the first failure is raised."""
    if not jobs:
        return
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        for job in jobs:
            function(*job)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(function, *job) for job in jobs]:
            future.result()


def render_source(path: Path, renditions: Sequence[Rendition], cache: Path) -> None:
    """Make ``renditions`` of the image at ``path`` into ``cache``."""
    with Image.open(path) as opened:
        icc = opened.info.get("icc_profile") if opened.mode in {"RGB", "RGBA"} else None
        alpha = opened.mode in _ALPHA_MODES or "transparency" in opened.info
        image = ImageOps.exif_transpose(opened)
        if image.mode not in {"RGB", "RGBA", "L", "LA"}:
            # Palette and CMYK images are resized in RGB(A): Pillow resizes palettes without smoothing.
            image = image.convert("RGBA" if alpha else "RGB")
        image.load()
    for rendition in renditions:
        size = (rendition.width, rendition.height)
        resized = image if size == image.size else image.resize(size, Image.Resampling.LANCZOS)
        store(cache / rendition.cache_name, encode(resized, rendition.format, icc))


def encode(image: Image.Image, fmt: str, icc: bytes | None = None) -> bytes:
    """The image's bytes as ``fmt``, without EXIF or other metadata (only the colour profile)."""
    options: dict[str, object] = {"icc_profile": icc} if icc else {}
    if fmt == "jpeg":
        image = image.convert("RGB") if image.mode != "RGB" else image
        options |= {"quality": JPEG_QUALITY, "optimize": True, "progressive": True}
    elif fmt == "webp":
        has_alpha = image.mode in _ALPHA_MODES or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
        options |= {"quality": WEBP_QUALITY, "method": 4}
    else:
        image = image.convert("RGBA") if image.mode not in {"RGB", "RGBA", "L", "LA"} else image
        options |= {"optimize": True}
    buffer = io.BytesIO()
    image.save(buffer, _PILLOW_FORMATS[fmt], **options)
    return buffer.getvalue()


def store(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically: a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).chmod(0o644)  # mkstemp makes 0600 files, which a web server could not read
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def publish(files: Iterable[tuple[str, str]], cache: Path, output: Path) -> None:
    """Put each cached file (cache name, output path) into the output: a hard link, or a copy."""
    for cache_name, relative in files:
        source, target = cache / cache_name, output / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            if target.samefile(source):
                continue
            target.unlink()
        try:
            os.link(source, target)
        except OSError:  # another file system, or links not allowed: copy instead
            shutil.copyfile(source, target)
