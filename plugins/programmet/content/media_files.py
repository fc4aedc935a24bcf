"""Facts read from media and image files: duration, size, type, cover-art rules.

mutagen reads durations from MP3 and MP4 headers; Pillow reads image format,
size and colour mode. MIME types come from our own table, because Python's
mimetypes depends on the host and gives answers Apple does not accept
(audio/mp4 for .m4a, video/mp4 for .m4v).
"""

from __future__ import annotations

import re
from pathlib import Path

import mutagen
from mutagen import MutagenError
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from PIL import Image, UnidentifiedImageError

from .files import file_problem
from .model_media import Cue, MediaFile

MIME_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/x-m4a",
    ".mp4": "video/mp4",
    ".m4v": "video/x-m4v",
    ".mov": "video/quicktime",
}
# What each extension's file really is, as mutagen reads it from the file's first bytes (its
# header wins over the name): apps trust the enclosure's MIME type, and an MP4 sent as
# audio/mpeg does not play.
CONTAINERS: dict[str, tuple[type[mutagen.FileType], str]] = {
    ".mp3": (MP3, "MP3"),
    ".m4a": (MP4, "MP4"),
    ".mp4": (MP4, "MP4"),
    ".m4v": (MP4, "MP4"),
    ".mov": (MP4, "MP4"),  # QuickTime: the container MP4 grew out of; mutagen reads both
}
EXTENSIONS = {"MP3": ".mp3", "MP4": ".m4a (audio) or .mp4 (video)"}
COVER_FORMATS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",)}


def read_media(content_path: Path, src: str) -> MediaFile | str:
    """The file's facts, or what is wrong with it."""
    if not src.isascii() or " " in src:
        return f"use only ASCII letters, digits, '-' and '_' in media file names (Apple's rule): {src!r}"
    suffix = Path(src).suffix.lower()
    if suffix not in MIME_TYPES:
        return f"not a podcast media type ({', '.join(MIME_TYPES)}): {src!r}"
    path = content_path / src
    if (problem := file_problem(content_path, src)) is not None:
        return problem
    try:
        info = mutagen.File(path)
    except MutagenError as exc:
        return f"cannot read {src!r} as audio or video: {exc}"
    # mutagen.File is None for unknown data; bool() is False for untagged files, so test None.
    if info is None or getattr(info, "info", None) is None:
        return f"cannot read {src!r} as audio or video"
    kind, name = CONTAINERS[suffix]
    if not isinstance(info, kind):
        real = next((n for k, n in CONTAINERS.values() if isinstance(info, k)), type(info).__name__)
        advice = f"; give it the extension {EXTENSIONS[real]}" if real in EXTENSIONS else ""
        return f"{src!r} is named as {name} but is really {real}{advice}"
    duration = float(info.info.length)
    if duration <= 0:
        return f"{src!r} reports no duration; re-encode it"
    return MediaFile(src=src, mime=MIME_TYPES[suffix], length=path.stat().st_size, duration=duration)


def cover_art_problem(content_path: Path, src: str) -> str | None:
    """Apple's rules: square, 1400–3000 px, RGB JPEG or PNG, extension matching the format."""
    try:
        with Image.open(content_path / src) as image:
            fmt, mode, (width, height) = image.format, image.mode, image.size
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError, Image.DecompressionBombError):
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


# The WebVTT signature (W3C WebVTT §4.1): after an optional BOM, "WEBVTT" and then a space, a tab,
# a line break or the end of the file, so 'WEBVTTX' is not one.
_SIGNATURE = re.compile(r"WEBVTT(?:[ \t\r\n]|\Z)")
_VOICE = re.compile(r"^<v(?:\.[^ >]*)? ([^>]+)>")
_TAG = re.compile(r"<[^>]+>")


def read_webvtt(content_path: Path, src: str) -> tuple[Cue, ...] | str:
    """The cues of a WebVTT file (for the transcript on the page), or what is wrong with it."""
    path = content_path / src
    if Path(src).suffix.lower() != ".vtt":
        return f"transcripts and captions are WebVTT files (.vtt): {src!r}"
    if (problem := file_problem(content_path, src)) is not None:
        return problem
    try:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return f"{src!r} is not UTF-8 text"
    if not _SIGNATURE.match(text):
        first = text.splitlines()[0] if text else ""
        return (
            f"{src!r} does not start with 'WEBVTT' on a line of its own (or 'WEBVTT', a space and a title); "
            f"its first line is {first[:40]!r}"
        )
    cues = []
    for block in re.split(r"\r?\n\s*\r?\n", text)[1:]:
        lines = [line for line in block.splitlines() if line.strip()]
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue  # NOTE, STYLE and REGION blocks
        start = _vtt_seconds(lines[timing].split("-->")[0].strip())
        if start is None:
            return f"{src!r}: not a cue time: {lines[timing]!r}"
        words = " ".join(lines[timing + 1 :])
        voice = _VOICE.match(words)
        cues.append(Cue(start, voice.group(1) if voice else None, _TAG.sub("", words).strip()))
    if not cues:
        return f"{src!r} has no cues"
    return tuple(cues)


def _vtt_seconds(stamp: str) -> float | None:
    match = re.fullmatch(r"(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})", stamp)
    if match is None:
        return None
    hours, minutes, seconds, millis = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000
