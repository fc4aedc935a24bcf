"""Programmet: a library's event programme as a static site (Pelican plugin)."""

from __future__ import annotations

from typing import Any

from pelican import signals

from .build.messages import use_plain_messages
from .generators import ProgrammetGenerator


def get_generators(pelican: Any) -> type[ProgrammetGenerator]:
    return ProgrammetGenerator


def register() -> None:
    use_plain_messages()
    signals.get_generators.connect(get_generators)
