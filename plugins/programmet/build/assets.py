"""Glue between the catalog and the image work: what the pages need, and making it.

``plan_assets`` reads every used image and plans renditions and share cards
(cheap: headers and hashes only); ``produce`` makes what the cache lacks and
puts everything into the output. The pixel work is in renditions.py and share_cards.py.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from ..content.catalog import Catalog
from ..content.errors import CacheFaultError, ContentError
from ..outputs import share
from ..outputs.formatter import Formatter
from ..settings import Settings
from . import images, share_cards
from . import renditions as rendering

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Assets:
    """The build's images: renditions, ``<picture>`` data by source, share cards by event id."""

    renditions: tuple[images.Rendition, ...]
    pictures: dict[str, images.Picture]
    event_cards: dict[str, share.ShareCard]
    site_card: share.ShareCard
    fonts: share_cards.Fonts


def plan_assets(catalog: Catalog, config: Settings, formatter: Formatter) -> tuple[Assets, list[ContentError]]:
    sources, renditions, problems = images.survey(config.content_path, images.used_images(catalog))
    for src in rendering.damaged(config.content_path, sources, renditions, config.image_cache):
        problems.append(ContentError(src, "file", "is damaged or cut off: Pillow cannot decode all of it"))
        del sources[src]
    renditions = [r for r in renditions if r.source in sources]
    # An unreadable image is reported in the files that show it: that is where it gets fixed.
    users = images.image_users(catalog)
    errors = [
        ContentError(path, f"{field}.src", f"{problem.path!r} {problem.message}")
        for problem in problems
        for path, field in users.get(problem.path, [(problem.path, problem.field)])
    ]
    pictures = {src: images.picture(source, renditions) for src, source in sources.items()}
    branches = {b.id: b for b in catalog.branches}
    cards = {
        event.id: share.event_card(
            event,
            branches[event.details.branch],
            formatter,
            config.organisation,
            *_card_photo(sources.get(event.details.image.src) if event.details.image else None),
        )
        for event in catalog.events
        if event.details.branch in branches
    }
    assets = Assets(
        tuple(renditions),
        pictures,
        cards,
        share.site_card(config.organisation, formatter.translations),
        share_cards.find_fonts(),
    )
    return assets, errors


def _card_photo(source: images.SourceImage | None) -> tuple[str | None, str]:
    """The photo a share card can show, with its content hash: not an animation, which cannot be cropped."""
    if source is None or not source.resizable:
        return None, ""
    return source.src, source.digest


def produce(assets: Assets, config: Settings, output: Path) -> None:
    """Make what the cache lacks, then copy renditions and share images into ``output``.

    A cached file that turns out not to be whole (cut short, changed, or its folder
    removed while the build ran) is made again once; damaged a second time, it stops
    the build, since then the disk is at fault.
    """
    cache = config.image_cache
    cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    cards = [assets.site_card, *assets.event_cards.values()]
    made, drawn, damaged = _make_and_copy(assets, cards, config.content_path, cache, output)
    if damaged:
        logger.warning("Image cache: %d file(s) were damaged or gone; making them again.", len(damaged))
        for name in damaged:
            (cache / name).unlink(missing_ok=True)
        *_, damaged = _make_and_copy(assets, cards, config.content_path, cache, output)
        if damaged:
            raise CacheFaultError(f"images made in {cache} were damaged again as soon as they were written")
    logger.info(
        "Images: made %d of %d renditions and %d of %d share images in %.1f s (cache: %s).",
        len(made), len(assets.renditions), len(drawn), len(cards), time.perf_counter() - started, cache,
    )  # fmt: skip


def _make_and_copy(
    assets: Assets, cards: list[share.ShareCard], content_path: Path, cache: Path, output: Path
) -> tuple[list[images.Rendition], list[share.ShareCard], list[str]]:
    """Make what the cache lacks and copy everything out; returns what was made and the damaged cache names."""
    made = rendering.make_missing(content_path, assets.renditions, cache)
    drawn = share_cards.make_missing(cards, content_path, cache, assets.fonts)
    damaged = rendering.publish(((r.cache_name, r.output) for r in assets.renditions), cache, output)
    damaged += rendering.publish(((share_cards.cache_name(c, assets.fonts), c.output) for c in cards), cache, output)
    return made, drawn, damaged
