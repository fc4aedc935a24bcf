"""Shared pieces of the property-based tests: Hypothesis settings, YAML-like values, error checks."""

from __future__ import annotations

import copy
import dataclasses
import os
import typing
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from helpers.model_builders import DROP, TZ
from hypothesis import settings
from hypothesis import strategies as st
from programmet.content.errors import ContentError

# The same examples on every run, on CI and on laptops: a red run is reproducible
# from its log alone and a green run means the same inputs passed as last time.
# Hypothesis ties derandomize=True to database=None, so no examples are stored (its
# .hypothesis/ folder keeps only caches, and ignores itself in git). To hunt for new
# bugs, set PROGRAMMET_HYPOTHESIS_EXPLORE=1: then every run draws fresh examples and
# replays earlier failures from .hypothesis/examples.
EXPLORE = bool(os.environ.get("PROGRAMMET_HYPOTHESIS_EXPLORE"))
# No deadline: an example's time varies with the machine (Markdown rendering, file
# writes). Runaway work is bounded instead: by the strategies (series windows of at most
# ~900 days) and by the years the parser accepts (dates.YEARS).
PROPERTY = settings(deadline=None, derandomize=not EXPLORE, print_blob=True)

# Values that are almost right for some field, so the parsers get past the first check.
NEAR_MISSES = [
    "", " ", "\t", "sentrum", "lia", "literature", "adults", "Scenen", "weekly", "monthly", "tuesday", "tirsdag",
    "2027-01-14", "2027-01-14 18:00", "2027-01-14T18:00", "2027-01-14 18.00", "2027-02-29", "2028-02-29 12:00",
    "2027-03-28 02:30", "2027-10-31 02:30", "0001-01-01 00:00", "9999-12-31 23:59", "9999-12-31",
    "2027-01-14 18:00+14:00", "2027-01-14 18:00Z", "18:00", "25:00", "1h30m", "90", "0m", "99999999999h", "²",
    "https://example.org/x", "javascript:alert(1)", "images/forfatter.jpg", "images/", "media/x.mp3", "media/",
    "required", "ticket", "none", "cancelled", "moved", "yes", "no", "null", "~", "1.0", "-1", "1e400", "\x00",
    "\ufeff", "\u2028", "a\nb", "æøå", "🎉",
]  # fmt: skip

# What a YAML file can hold (yaml.safe_dump writes all of these); Python values YAML never gives come on top.
dumpable_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),  # nan and ±inf included
    st.text(max_size=20),
    st.sampled_from(NEAR_MISSES),
    st.dates(),
    st.datetimes(),  # naive
    st.datetimes(timezones=st.sampled_from([UTC, TZ, timezone(timedelta(hours=-12))])),
)


def _nest(scalars: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=4)
        ),
        max_leaves=8,
    )


yaml_data = _nest(dumpable_scalars)
yaml_values = _nest(dumpable_scalars | st.times())


def changes(paths: Iterable[str], values: st.SearchStrategy[Any] = yaml_values) -> st.SearchStrategy[dict]:
    """Some of ``paths`` ('a' or 'a.b') mapped to odd values, or to DROP to remove them."""
    return st.dictionaries(st.sampled_from(sorted(paths)), values | st.just(DROP), max_size=5)


def apply(base: Mapping[str, Any], changed: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of ``base`` with ``changed`` applied; a path into a non-mapping is skipped."""
    meta = copy.deepcopy(dict(base))
    for dotted, value in changed.items():
        *parents, key = dotted.split(".")
        target: Any = meta
        for parent in parents:
            target = target.get(parent) if isinstance(target, dict) else None
        if not isinstance(target, dict):
            continue
        if value is DROP:
            target.pop(key, None)
        else:
            target[key] = copy.deepcopy(value)
    return meta


def assert_content_errors(errors: list[Any], path: str) -> None:
    """Every error is ours, about ``path``, and prints as one 'path: field: message' line."""
    for error in errors:
        assert isinstance(error, ContentError), error
        assert error.path == path
        assert error.field.strip(), error
        assert error.message.strip(), error
        assert len(str(error).splitlines()) == 1, str(error)


def is_moment(value: object) -> bool:
    """An aware datetime in the site's zone, or a plain date (an all-day value)."""
    if isinstance(value, datetime):
        return value.tzinfo is TZ
    return isinstance(value, date)


def exists(naive: datetime) -> bool:
    """Whether the wall-clock time happens in Oslo (it does not in the spring gap)."""
    local = naive.replace(tzinfo=TZ)
    return local.astimezone(UTC).astimezone(TZ).replace(tzinfo=None) == naive


def happens_twice(naive: datetime) -> bool:
    """Whether the wall-clock time happens twice in Oslo (in the autumn, when the clocks go back)."""
    local = naive.replace(tzinfo=TZ)
    return local.utcoffset() != local.replace(fold=1).utcoffset()


def assert_complete(parsed: object) -> None:
    """A parsed object has a value in every field not typed '... | None', nested objects too.

    A parser that records no error must not hand over half an object (an event without
    its time span was one), since the rest of the build trusts the model.
    """
    hints = typing.get_type_hints(type(parsed))
    for field in dataclasses.fields(parsed):  # type: ignore[arg-type]
        value = getattr(parsed, field.name)
        assert value is not None or type(None) in typing.get_args(hints[field.name]), (
            f"{type(parsed).__name__}.{field.name} is None"
        )
        if dataclasses.is_dataclass(value):
            assert_complete(value)
