"""Programmet: a library's event programme as a static site (Pelican plugin)."""

from __future__ import annotations

import logging
import sys
from typing import Any

from pelican import signals

from .generators import ProgrammetGenerator

_LOG_FORMAT = "%(levelname)s: %(message)s"


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a message is logged, not when it was set up."""

    stream = property(lambda self: sys.stderr, lambda self, value: None)


def get_generators(pelican: Any) -> type[ProgrammetGenerator]:
    return ProgrammetGenerator


def use_plain_messages() -> None:
    """Print content errors one per line, unwrapped, whatever Pelican's log handler is.

    Pelican's default rich handler wraps long lines into columns; a content
    error must stay one line that names the file and the field.
    """
    logger = logging.getLogger(__package__)
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter(_LOG_FORMAT))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def register() -> None:
    use_plain_messages()
    signals.get_generators.connect(get_generators)
