"""Log messages one per line, unwrapped, on whatever ``sys.stderr`` is when they are logged.

Set up by the plugin's ``register()`` and by the atomic build (staged_build.py), which
runs before Pelican has loaded the plugin.
"""

from __future__ import annotations

import logging
import sys

_LOG_FORMAT = "%(levelname)s: %(message)s"
# The plugin package's own logger ("programmet"): every module's logger is below it.
_PACKAGE = (__package__ or __name__).rpartition(".")[0]


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a message is logged, not when it was set up."""

    stream = property(lambda self: sys.stderr, lambda self, value: None)


def use_plain_messages() -> None:
    """Print content errors one per line, unwrapped, whatever Pelican's log handler is.

    Pelican's default rich handler wraps long lines into columns; a content
    error must stay one line that names the file and the field.
    """
    logger = logging.getLogger(_PACKAGE)
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter(_LOG_FORMAT))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
