"""What one build keeps for the next, keyed by content, templates, code and settings.

A one-event edit should cost a few pages, not a site. Three stores live under
``PROGRAMMET_BUILD_CACHE`` (cache/build by default):

- ``pages/``: rendered pages, one file per digest of everything the page shows
  (its template, its context, the settings and the site-wide context), so an
  unchanged page is not rendered again. Pages are copied from here into the
  output, like image renditions: the published site shares no storage with the
  cache.
- ``parsed.pickle``: each content file's parse result (model object and errors),
  keyed by the file's text and what parsing it depends on.
- ``vevents.pickle``: each event's serialised VEVENT, keyed by the event, its
  revision and the calendar setup.

Every key starts with the environment digest: Programmet's code, the theme
(templates, translations, static files), library versions and settings. Change
any of them and the cache simply misses. Every entry is sealed with a digest of
its own bytes (atomic.seal) and used only if they still match. Deleting the
folder is always safe, and a cache that cannot be read, or that was cut short or
changed, is ignored: it can only make a build slower.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO

from ..content.files import ContentFile
from ..content.texts import TextFile
from ..settings import Settings
from .atomic import SEAL, SEAL_SIZE, digest_of, store_sealed, unseal
from .fingerprint import Fingerprints

logger = logging.getLogger(__name__)

FORMAT = "1"  # change it when what the stores hold changes shape
CODE = Path(__file__).resolve().parents[1]  # the whole plugin package
LIBRARIES = (
    "pelican", "jinja2", "markupsafe", "markdown", "icalendar", "babel", "pyyaml", "feedgen", "pillow",
    "nh3", "ada-url",  # the sanitizer and the URL parser shape every rendered body
)  # fmt: skip
# Settings that say where things go or when the build ran; they do not change what a page shows.
UNKEYED_SETTINGS = frozenset(
    {
        "OUTPUT_PATH",
        "PROGRAMMET_BUILD_TIME",
        "PROGRAMMET_IMAGE_CACHE",
        "PROGRAMMET_BUILD_CACHE",
        "PROGRAMMET_RECORD_CALENDAR",
        "PROGRAMMET_WORKERS",  # output is the same on any number of processes (tested)
    }
)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def environment_digest(config: Settings, pelican_settings: Mapping[str, Any], theme: Path) -> str:
    """Code, theme, library versions and settings: what every cached result depends on."""
    hasher = hashlib.blake2b(digest_size=20)
    hasher.update(f"{FORMAT}|{sys.version}|".encode())
    for name in LIBRARIES:
        try:
            hasher.update(f"{name}={metadata.version(name)}|".encode())
        except metadata.PackageNotFoundError:
            hasher.update(f"{name}=?|".encode())
    for root in (CODE, theme):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            hasher.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    prints = Fingerprints()
    where = replace(config, build_time=_EPOCH, image_cache=Path(), build_cache=Path(), record_calendar=False, workers=0)
    hasher.update(prints.of(where))
    hasher.update(
        prints.of(
            {k: _plain(v) for k, v in sorted(pelican_settings.items()) if k.isupper() and k not in UNKEYED_SETTINGS}
        )
    )
    return hasher.hexdigest()


def _plain(value: Any) -> Any:
    """Settings values as data: functions, classes and modules (covered by the code digest) by their name."""
    if isinstance(value, str | int | float | bool | type(None)):
        return value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(repr(_plain(v)) for v in value)
    return f"<{type(value).__module__}.{type(value).__qualname__}>"


def content_manifest(files: Iterable[ContentFile]) -> list[tuple[str, int, int]]:
    """Every file in the content folder that is not Markdown: images, audio, transcripts.

    Parsing checks that referenced files exist and measures media, so a parse
    result is only reused while these are as they were.
    """
    return [(f.relative, f.size, f.mtime_ns) for f in files if not f.relative.endswith(".md")]


class Memo:
    """A pickled mapping from key to value; saving keeps only what this build used."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._old = _load(path)
        self._used: dict[str, Any] = {}
        self.hits = 0

    def get(self, key: str) -> Any | None:
        if key in self._used:
            return self._used[key]
        found = self._old.get(key)
        if found is not None:
            self.hits += 1
            self._used[key] = found
        return found

    def put(self, key: str, value: Any) -> None:
        self._used[key] = value

    def __len__(self) -> int:
        return len(self._used)

    def save(self) -> None:
        if self._used.keys() == self._old.keys():
            return  # a key names its value's inputs: the same keys hold the same values
        # Pickled straight into the file: at 10,000 events the whole pickle in memory would be tens of MB.
        # The seal (atomic.seal: a digest of the pickle) is written last, in front, once it is known.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(bytes(SEAL_SIZE))
                sealing = _Sealing(stream)
                pickle.dump(self._used, sealing, protocol=pickle.HIGHEST_PROTOCOL)
                stream.seek(0)
                stream.write(sealing.seal())
            Path(temporary).replace(self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


class _Sealing:
    """A file-like object for pickle that digests what it passes on (atomic.seal's digest, streamed)."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.hasher = digest_of(b"")

    def write(self, data: bytes) -> int:
        self.hasher.update(data)
        return self.stream.write(data)

    def seal(self) -> bytes:
        return SEAL + self.hasher.digest()


def _load(path: Path) -> dict[str, Any]:
    try:
        payload = unseal(path.read_bytes())
    except FileNotFoundError:
        return {}
    except OSError as exc:
        logger.warning("Build cache: could not read %s (%s); building without it.", path, exc)
        return {}
    if payload is None:
        logger.warning("Build cache: %s is damaged (its digest does not match); building without it.", path)
        return {}
    try:
        loaded = pickle.loads(payload)  # noqa: S301 - our own cache file, written by this module and sealed
    except Exception as exc:  # written by another version of Python or of a library
        logger.warning("Build cache: could not read %s (%s); building without it.", path, exc)
        return {}
    return loaded if isinstance(loaded, dict) else {}


class ParseCache:
    """Parse results of the last build, by file text and everything parsing depends on.

    The catalog's source of earlier results (content/catalog.py's EarlierResults).
    """

    def __init__(self, memo: Memo, environment: str) -> None:
        self.memo = memo
        self.environment = environment
        self.prints = Fingerprints()
        self.base = ""
        self._scopes: dict[str, str] = {}

    def start(self, files: Sequence[ContentFile]) -> None:
        # Parsing checks that images exist and measures audio: a result holds while the media are unchanged.
        self.base = self.prints.hex(self.environment, content_manifest(files))
        self._scopes = {}

    def reuse(self, folder: str, vocab: Any, extra: object, file: TextFile, parse: Callable[[], Any]) -> Any:
        key = self._key(self._scope(folder, vocab, extra), file.path, file.text)
        result = self.memo.get(key)
        if result is None:
            result = parse()
            self.memo.put(key, result)
        return result

    def _scope(self, folder: str, vocab: Any, extra: object) -> str:
        """What every file of ``folder`` is parsed against: the vocabulary (a dataclass) without its functions.

        The catalog reads a folder against one vocabulary, so it is digested once per folder.
        """
        if folder not in self._scopes:
            plain = replace(vocab, image_problem=None, render_markdown=None)
            self._scopes[folder] = self.prints.hex(self.base, folder, plain, extra)
        return self._scopes[folder]

    def _key(self, scope: str, path: str, text: str) -> str:
        return hashlib.blake2b(f"{scope}\0{path}\0{text}".encode(), digest_size=20).hexdigest()


class PageStore:
    """Rendered pages by digest: a sealed file each, copied into the output."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._present = {p.name for p in folder.iterdir()}

    def name(self, digest: str) -> str:
        return f"{digest}.html"

    def has(self, digest: str) -> bool:
        return self.name(digest) in self._present

    def put(self, digest: str, data: bytes) -> None:
        store_sealed(self.folder / self.name(digest), data)
        self._present.add(self.name(digest))

    def forget(self, digest: str) -> None:
        (self.folder / self.name(digest)).unlink(missing_ok=True)
        self._present.discard(self.name(digest))

    def prune(self, keep: Iterable[str]) -> int:
        """Remove the pages no longer shown: the cache holds one site's worth, not every version."""
        wanted = {self.name(d) for d in keep}
        stale = [n for n in self._present if n not in wanted]
        for name in stale:
            (self.folder / name).unlink(missing_ok=True)
        return len(stale)
