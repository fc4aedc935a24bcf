"""Time drawing every share card of a corpus into an empty cache: wall time, CPU time and bytes.

    .venv/bin/python bench/share_cards.py CONTENT [--workers N] [--runs R] [--plugins DIR]

The cards are planned as ``assets.plan_assets`` plans them (the catalog read
through the real pelicanconf.py), then ``share_cards.make_missing`` draws them into a
fresh temporary cache, R times. CPU time counts this process and any children
it waited for (the worker processes). ``--plugins`` points at another copy of the plugin
folder, to time the code as it was before a change. Timing goes here, never into the test suite.
(Cards are drawn in forked processes only, each with its copy of the build's drawer: see share_cards.make_missing.)
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2027-01-11"


def cpu_seconds() -> float:
    """User + system time of this process and its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def plan_cards(content: Path) -> tuple[list, object]:
    """The share cards of every event and the site, and the fonts, as a build plans them."""
    from pelican.settings import read_settings as read_pelican_settings
    from programmet.build import assets
    from programmet.content.catalog import load_catalog
    from programmet.content.markup import markdown_renderer
    from programmet.outputs.formatter import Formatter
    from programmet.outputs.i18n import load_translations
    from programmet.settings import read_settings

    pelican = read_pelican_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    config = read_settings(pelican, environ={"PROGRAMMET_TODAY": TODAY})
    translations = load_translations(ROOT / "theme", config.language)
    formatter = Formatter(config.language, config.today, config.time_separator, translations)
    catalog, _ = load_catalog(config, markdown_renderer())
    planned, _ = assets.plan_assets(catalog, config, formatter)
    return [planned.site_card, *planned.event_cards.values()], planned.fonts


def draw_once(cards: list, fonts: object, content: Path, workers: int | None) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds, cards drawn and their total bytes, into an empty cache."""
    from programmet.build import share_cards  # make_missing makes a new drawer: every run starts cold

    with tempfile.TemporaryDirectory(prefix="share-bench-") as folder:
        cache = Path(folder)
        wall, cpu = time.perf_counter(), cpu_seconds()
        drawn = share_cards.make_missing(cards, content, cache, fonts, workers)
        wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
        size = sum(f.stat().st_size for f in cache.iterdir())
    return wall, cpu, len(drawn), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--workers", type=int, default=None, help="default: every CPU")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--plugins", type=Path, default=ROOT / "plugins", help="the plugin folder to time")
    args = parser.parse_args()
    sys.path.insert(0, str(args.plugins.resolve()))
    content = args.content.resolve()
    cards, fonts = plan_cards(content)
    print(
        f"{len(cards):,} cards planned from {content} (plugins: {args.plugins}, CPUs: {os.cpu_count()}, "
        f"workers: {args.workers or 'all'})"
    )
    results = [draw_once(cards, fonts, content, args.workers) for _ in range(args.runs)]
    for wall, cpu, count, size in results:
        print(
            f"wall {wall:6.2f} s  cpu {cpu:6.2f} s  {count:,} cards  {cpu / count * 1000:5.2f} ms cpu/card  "
            f"{size / 1e6:6.1f} MB ({size / count / 1000:.1f} kB/card)"
        )
    if len(results) > 1:
        print(f"median wall {statistics.median(r[0] for r in results):.2f} s")


if __name__ == "__main__":
    main()
