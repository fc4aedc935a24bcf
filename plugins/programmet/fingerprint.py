"""Stable digests of model values: what the build cache is keyed by.

A digest depends only on what a value holds, never on where it lives in memory
or on the order of a set, so the same content gives the same digest in the next
build. Frozen dataclasses (events, branches, series) are digested once per build
and reused wherever a page shows them. A value of a kind not known here gets a
digest that matches nothing: the cache then misses, which is slower but never wrong.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import os
import uuid
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from typing import Any
from zoneinfo import ZoneInfo

_SIZE = 20
_ATOMS = (str, int, float, bool, type(None))


class Fingerprints:
    """Digests of values, memoised per object for frozen dataclasses (one build's worth)."""

    def __init__(self) -> None:
        # id -> (the object, kept alive so its id is not reused; its digest)
        self._memo: dict[int, tuple[object, bytes]] = {}

    def of(self, value: Any) -> bytes:
        """The digest of ``value``."""
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self._dataclass(value)
        hasher = hashlib.blake2b(digest_size=_SIZE)
        self._feed(hasher, value)
        return hasher.digest()

    def hex(self, *values: Any) -> str:
        return self.of(values).hex()

    def _dataclass(self, value: Any) -> bytes:
        known = self._memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        hasher = hashlib.blake2b(digest_size=_SIZE)
        hasher.update(f"D{type(value).__module__}.{type(value).__qualname__}(".encode())
        for field in dataclasses.fields(value):
            if field.compare:  # memo fields (compare=False) are not part of what a value is
                hasher.update(field.name.encode() + b"=")
                self._feed(hasher, getattr(value, field.name))
        digest = hasher.digest()
        if value.__dataclass_params__.frozen:  # type: ignore[attr-defined]
            self._memo[id(value)] = (value, digest)
        return digest

    def _feed(self, hasher: Any, value: Any) -> None:
        kind = type(value)
        if isinstance(value, enum.Enum):
            hasher.update(f"E{kind.__qualname__}.{value.name};".encode())
        elif kind in _ATOMS or isinstance(value, str):
            # Markup and other str subclasses are tagged by class: Markup("<b>") is not "<b>" to a template.
            hasher.update(f"{kind.__qualname__}:{value!r};".encode())
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            hasher.update(self._dataclass(value))
        elif isinstance(value, list | tuple):
            hasher.update(f"L{kind.__qualname__}{len(value)}[".encode())
            for item in value:
                self._feed(hasher, item)
            hasher.update(b"]")
        elif isinstance(value, Mapping):
            hasher.update(f"M{len(value)}{{".encode())
            for key, item in value.items():
                self._feed(hasher, key)
                self._feed(hasher, item)
            hasher.update(b"}")
        elif isinstance(value, set | frozenset):
            hasher.update(f"S{len(value)}{{".encode() + b"".join(sorted(self.of(item) for item in value)) + b"}")
        elif isinstance(value, datetime | date | time):
            zone = getattr(value, "tzinfo", None)
            hasher.update(f"T{kind.__qualname__}{value.isoformat()}@{zone};".encode())
        elif isinstance(value, timedelta | ZoneInfo | PurePath | uuid.UUID | bytes):
            hasher.update(f"V{kind.__qualname__}{value!s};".encode())
        else:
            # Something we cannot digest from its content: a digest of its own that no other build repeats.
            hasher.update(b"?" + os.urandom(16))
