"""Content errors as values: collected from every file, reported together."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one content file, printed as ``path: field: message``."""

    path: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}"


class BuildStopped(SystemExit):
    """Stops Pelican with exit code 1 and no traceback: the messages were logged."""

    def __init__(self) -> None:
        super().__init__(1)
