"""Rendering pages: each once, on every core, and only when what it shows has changed.

Every page is a job: its template and its own context. A job's digest covers
those, the site-wide context and the environment (code, theme, settings), so two
builds that would render the same bytes give the same digest. Pages the store
lacks are rendered in forked processes (parallel.py) into the store; then every
page is copied from the store into the output (never linked: the site shares no
storage with the cache), after its bytes were checked against the digest they were
stored with. A stored page that is not whole is rendered again. The bytes are
exactly what Pelican's writer would write: the same template, the same context
(with ``output_file`` and ``localsiteurl`` as Pelican sets them), UTF-8.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Template

from ..content.errors import CacheFaultError
from ..outputs.deferred import Deferred
from .cache import PageStore
from .fingerprint import Fingerprints
from .parallel import run_parallel
from .renditions import publish

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageJob:
    save_as: str  # path in the output folder
    template: str  # name without .html, as Pelican's get_template takes it
    context: dict[str, Any]  # the page's own context, on top of the site-wide one
    digest: str


class PageRenderer:
    """Collects a build's pages, then renders what the store lacks and links everything into the output."""

    def __init__(
        self,
        store: PageStore,
        site_context: Mapping[str, Any],
        site_digest: str,
        get_template: Callable[[str], Template],
        prints: Fingerprints,
    ) -> None:
        self.store = store
        self.site_context = site_context
        self.site_digest = site_digest
        self.get_template = get_template
        self.prints = prints
        self.jobs: list[PageJob] = []

    def add(self, save_as: str, template: str, context: dict[str, Any]) -> None:
        digest = self.prints.hex(self.site_digest, save_as, template, context)
        self.jobs.append(PageJob(save_as, template, context, digest))

    def written(self) -> dict[str, str]:
        """Each page's path in the output, with the digest its bytes are stored under."""
        return {job.save_as: job.digest for job in self.jobs}

    def publish(self, output: Path, workers: int | None = None) -> None:
        started = time.perf_counter()
        missing = list({job.digest: job for job in self.jobs if not self.store.has(job.digest)}.values())
        workers = run_parallel(self._render_page, missing, workers)
        self._copy_into(output, self.jobs)
        pruned = self.store.prune(job.digest for job in self.jobs)
        logger.info(
            "Pages: rendered %d of %d on %d process(es), reused %d from the build cache, in %.1f s (%d old removed).",
            len(missing), len(self.jobs), workers, len(self.jobs) - len(missing), time.perf_counter() - started, pruned,
        )  # fmt: skip

    def _copy_into(self, output: Path, jobs: Sequence[PageJob]) -> None:
        """Copy the stored pages into ``output``; a stored page that is not whole is rendered again, here."""
        damaged = set(publish(((self.store.name(job.digest), job.save_as) for job in jobs), self.store.folder, output))
        if not damaged:
            return
        again = list({job.digest: job for job in jobs if self.store.name(job.digest) in damaged}.values())
        logger.warning("Build cache: %d stored page(s) were damaged or gone; rendering them again.", len(again))
        for job in again:
            self.store.forget(job.digest)
        self._render(again)
        if publish(((self.store.name(job.digest), job.save_as) for job in again), self.store.folder, output):
            raise CacheFaultError(f"pages stored in {self.store.folder} were damaged again as soon as written")

    def _render(self, jobs: Sequence[PageJob]) -> None:
        for job in jobs:
            self._render_page(job)

    def _render_page(self, job: PageJob) -> None:
        # What Pelican's Writer.write_file adds to the context before rendering.
        own = {key: value.resolve() if isinstance(value, Deferred) else value for key, value in job.context.items()}
        local = {**self.site_context, **own, "output_file": job.save_as}
        local["localsiteurl"] = local.get("localsiteurl")
        html = self.get_template(job.template).render(local)
        self.store.put(job.digest, html.encode("utf-8"))
