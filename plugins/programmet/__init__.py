"""Programmet: a library's event programme as a static site (Pelican plugin)."""

from __future__ import annotations

import logging
import sys
from typing import Any

from pelican import signals

from .generators import ProgrammetGenerator

_LOG_FORMAT = "%(levelname)s: %(message)s"


def get_generators(pelican: Any) -> type[ProgrammetGenerator]:
    return ProgrammetGenerator


def use_plain_messages() -> None:
    """Print content errors one per line, unwrapped, whatever Pelican's log handler is.

    Pelican's default rich handler wraps long lines into columns; a content
    error must stay one line that names the file and the field.
    """
    logger = logging.getLogger(__package__)
    if not any(getattr(h, "programmet", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(_LOG_FORMAT))
        handler.programmet = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def register() -> None:
    use_plain_messages()
    signals.get_generators.connect(get_generators)
