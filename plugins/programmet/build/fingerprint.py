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
import types
import uuid
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from typing import Any
from zoneinfo import ZoneInfo

_SIZE = 20


class Fingerprints:
    """Digests of values, memoised per object for frozen dataclasses (one build's worth)."""

    def __init__(self) -> None:
        # id -> (the object, kept alive so its id is not reused; its digest)
        self._memo: dict[int, tuple[object, bytes]] = {}
        # dataclass -> (its tag, the names of the fields that make its value, whether it is frozen)
        self._fields: dict[type, tuple[bytes, tuple[str, ...], bool]] = {}

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
        kind = type(value)
        if kind not in self._fields:
            names = tuple(f.name for f in dataclasses.fields(value) if f.compare)  # memo fields are not the value
            tag = f"D{kind.__module__}.{kind.__qualname__}{names}".encode()
            self._fields[kind] = (tag, names, kind.__dataclass_params__.frozen)  # type: ignore[attr-defined]
        tag, names, frozen = self._fields[kind]
        hasher = hashlib.blake2b(tag, digest_size=_SIZE)
        for name in names:
            self._feed(hasher, getattr(value, name))
        digest = hasher.digest()
        if frozen:
            self._memo[id(value)] = (value, digest)
        return digest

    def _feed(self, hasher: Any, value: Any) -> None:
        kind = type(value)
        if kind is str:  # by far the most common: checked first
            hasher.update(b"s%d:%s" % (len(value), value.encode("utf-8", "surrogatepass")))
        elif kind is int or kind is bool or kind is float or value is None:
            hasher.update(f"{kind.__name__}:{value!r};".encode())
        elif kind is list or kind is tuple:
            hasher.update(b"L%s%d[" % (kind.__name__.encode(), len(value)))
            for item in value:
                self._feed(hasher, item)
            hasher.update(b"]")
        elif kind is dict:
            self._feed_mapping(hasher, value)
        elif kind in self._fields or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
            hasher.update(self._dataclass(value))
        else:
            self._feed_other(hasher, value, kind)

    def _feed_mapping(self, hasher: Any, value: Mapping[Any, Any]) -> None:
        hasher.update(b"M%d{" % len(value))
        for key, item in value.items():
            self._feed(hasher, key)
            self._feed(hasher, item)
        hasher.update(b"}")

    def _feed_other(self, hasher: Any, value: Any, kind: type) -> None:
        if isinstance(value, enum.Enum):
            hasher.update(f"E{kind.__qualname__}.{value.name};".encode())
        elif isinstance(value, str | int | float):
            # Markup and other subclasses are tagged by class: Markup("<b>") is not "<b>" to a template.
            hasher.update(f"{kind.__qualname__}:{value!r};".encode())
        elif isinstance(value, list | tuple):
            self._feed(hasher, (kind.__qualname__, *value))
        elif isinstance(value, Mapping):
            hasher.update(kind.__qualname__.encode())
            self._feed_mapping(hasher, value)
        elif isinstance(value, set | frozenset):
            hasher.update(f"S{len(value)}{{".encode() + b"".join(sorted(self.of(item) for item in value)) + b"}")
        elif isinstance(value, datetime | date | time):
            zone = getattr(value, "tzinfo", None)
            hasher.update(f"T{kind.__qualname__}{value.isoformat()}@{zone};".encode())
        elif isinstance(value, timedelta | ZoneInfo | PurePath | uuid.UUID | bytes):
            hasher.update(f"V{kind.__qualname__}{value!s};".encode())
        elif isinstance(value, types.FunctionType):
            # A module-level function is known by its name; its code is in the environment digest.
            hasher.update(f"F{value.__module__}.{value.__qualname__};".encode())
        else:
            # Something we cannot digest from its content: a digest of its own that no other build repeats.
            hasher.update(b"?" + os.urandom(16))
