"""A context value a page computes only when it is rendered (most pages come from the build cache)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Deferred:
    """A context value computed only when its page is rendered, and known by its recipe until then.

    Most pages come from the build cache; links and structured data that only the
    rendered page needs are not worked out for them. ``function`` must be a
    module-level function, so its name (with the code digest) says what it does.
    """

    function: Callable[..., Any]
    args: tuple[Any, ...]

    def resolve(self) -> Any:
        return self.function(*self.args)
