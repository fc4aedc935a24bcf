"""How a build stops: every content error said together, and a fault of the machine said in one line."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from ..content.errors import FAULT, BuildStopped, CacheFaultError, ContentError, describe_fault

logger = logging.getLogger(__name__)


@contextmanager
def faults_said_in_one_line() -> Iterator[None]:
    """A full disk or a damaged cache stops the build with one line, not a traceback: no content is at fault."""
    try:
        yield
    except OSError as exc:
        logger.error("Could not finish the build: %s.", describe_fault(exc))
        raise BuildStopped(FAULT) from None
    except CacheFaultError as exc:
        logger.error("Could not finish the build: %s.", exc)
        raise BuildStopped(FAULT) from None


def report(errors: list[ContentError], strict: bool) -> None:
    """Log every content error; in a strict build, stop before anything is written."""
    for error in sorted(errors):
        logger.error("%s", error)
    if errors and strict:
        logger.error("Build stopped: %d content error(s); nothing was written.", len(errors))
        raise BuildStopped()
    if errors:
        logger.warning("Preview built without %d file(s) that have errors.", len({e.path for e in errors}))
