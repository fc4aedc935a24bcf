"""Progress lines for long work, so a large build or import does not look stuck."""

from __future__ import annotations

import logging

# Below this many steps the work is over before anyone would wonder.
MINIMUM_STEPS = 400


class Progress:
    """Logs 'Writing pages: 50% (2,900 of 5,800)' at each quarter of the work."""

    def __init__(self, label: str, total: int, logger: logging.Logger, minimum: int = MINIMUM_STEPS) -> None:
        self.label, self.total, self.logger = label, total, logger
        self.done = 0
        self.quarter = 0
        self.quiet = total < minimum

    def step(self, count: int = 1) -> None:
        self.done += count
        if self.quiet:
            return
        reached = min(4, self.done * 4 // self.total)
        if reached > self.quarter and reached < 4:  # the finished work has its own summary line
            self.quarter = reached
            self.logger.info("%s: %d%% (%s of %s)", self.label, reached * 25, f"{self.done:,}", f"{self.total:,}")
