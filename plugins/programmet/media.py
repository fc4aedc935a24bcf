"""Facts read from media and image files: duration, size, type, cover-art rules.

mutagen reads durations from MP3 and MP4 headers; Pillow reads image format,
size and colour mode. MIME types come from our own table, because Python's
mimetypes depends on the host and gives answers Apple does not accept
(audio/mp4 for .m4a, video/mp4 for .m4v).
"""

from __future__ import annotations

from pathlib import Path

import mutagen
from mutagen import MutagenError
from PIL import Image, UnidentifiedImageError

from .model_media import MediaFile

MIME_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/x-m4a",
    ".mp4": "video/mp4",
    ".m4v": "video/x-m4v",
    ".mov": "video/quicktime",
}
COVER_FORMATS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",)}


def read_media(content_path: Path, src: str) -> MediaFile | str:
    """The file's facts, or what is wrong with it."""
    if not src.isascii() or " " in src:
        return f"use only ASCII letters, digits, '-' and '_' in media file names (Apple's rule): {src!r}"
    suffix = Path(src).suffix.lower()
    if suffix not in MIME_TYPES:
        return f"not a podcast media type ({', '.join(MIME_TYPES)}): {src!r}"
    path = content_path / src
    if not path.is_file():
        return f"file not found in the content folder: {src!r}"
    try:
        info = mutagen.File(path)
    except MutagenError as exc:
        return f"cannot read {src!r} as audio or video: {exc}"
    # mutagen.File is None for unknown data; bool() is False for untagged files, so test None.
    if info is None or getattr(info, "info", None) is None:
        return f"cannot read {src!r} as audio or video"
    duration = float(info.info.length)
    if duration <= 0:
        return f"{src!r} reports no duration; re-encode it"
    return MediaFile(src=src, mime=MIME_TYPES[suffix], length=path.stat().st_size, duration=duration)


def cover_art_problem(content_path: Path, src: str) -> str | None:
    """Apple's rules: square, 1400–3000 px, RGB JPEG or PNG, extension matching the format."""
    try:
        with Image.open(content_path / src) as image:
            fmt, mode, (width, height) = image.format, image.mode, image.size
    except (OSError, UnidentifiedImageError):
        return f"not a readable image: {src!r}"
    if fmt not in COVER_FORMATS:
        return f"cover art must be JPEG or PNG, {src!r} is {fmt}"
    if Path(src).suffix.lower() not in COVER_FORMATS[fmt]:
        return f"{src!r} is really a {fmt}; give it the extension {COVER_FORMATS[fmt][0]}"
    if width != height:
        return f"cover art must be square, {src!r} is {width}×{height}"
    if not 1400 <= width <= 3000:
        return f"cover art must be 1400–3000 px, {src!r} is {width}×{height}"
    if mode != "RGB":
        return f"cover art must be RGB, {src!r} is {mode}"
    return None


def webvtt_problem(content_path: Path, src: str) -> str | None:
    path = content_path / src
    if Path(src).suffix.lower() != ".vtt":
        return f"transcripts and captions are WebVTT files (.vtt): {src!r}"
    if not path.is_file():
        return f"file not found in the content folder: {src!r}"
    head = path.read_bytes()[:16].decode("utf-8", errors="replace").lstrip("\ufeff")
    if not head.startswith("WEBVTT"):
        return f"{src!r} does not start with 'WEBVTT'"
    return None
