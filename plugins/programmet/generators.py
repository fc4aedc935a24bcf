"""The Pelican glue: Programmet's one generator, reading the content in generate_context and writing in generate_output.

Everything it does is somewhere below: settings.py reads the settings, outputs/ decides what the
pages and feeds hold, and build/site.py reads and writes the site. What stays here is what only a
Pelican generator has: Pelican's settings, its Jinja environment, its context and its output path.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from .build.site import SiteBuild
from .content import urls
from .content.errors import BuildStopped
from .content.parse_shows import EMBED_HOSTS
from .outputs import search_tags
from .outputs.filters import make_filters, make_tests
from .outputs.formatter import Formatter
from .outputs.i18n import CatalogueError, Translator, load_translations
from .outputs.opendata import branch_path
from .settings import Settings, SettingsError, read_settings

logger = logging.getLogger(__name__)


class ProgrammetGenerator(Generator):
    """Reads events, series, branches, pages, shows and episodes; writes every page, feed and file of the site."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        config = read_configuration(self.settings)
        translations = read_translations(Path(self.theme), config)
        formatter = Formatter(config.language, config.today, config.time_separator, translations)
        prepare_templates(self.env, formatter, translations)
        self.site = SiteBuild(config, self.settings, Path(self.theme), translations, formatter)

    def generate_context(self) -> None:
        self.site.read(self.context, self.get_template)

    def generate_output(self, writer: Any) -> None:
        self.site.write(Path(self.output_path))


def read_configuration(pelican_settings: dict[str, Any]) -> Settings:
    try:
        return read_settings(pelican_settings)
    except SettingsError as exc:
        logger.error("Configuration error: %s", exc)
        raise BuildStopped() from None


def read_translations(theme: Path, config: Settings) -> Translator:
    """The interface language's catalogue, read once per build; everything that writes text uses it."""
    try:
        return load_translations(theme, config.language)
    except CatalogueError as exc:
        logger.error("Configuration error: PROGRAMMET_LANGUAGE: %s", exc)
        raise BuildStopped() from None


def prepare_templates(env: Any, formatter: Formatter, translations: Translator) -> None:
    """Pelican's Jinja environment with our filters, tests and interface language."""
    env.filters.update(make_filters(formatter))
    env.filters.update(search_tags.make_filters(formatter))
    env.tests.update(make_tests(formatter))
    env.install_gettext_translations(translations, newstyle=True)
    env.filters.update(
        event_url=urls.event_url, series_url=urls.series_url, branch_url=urls.branch_url, show_url=urls.show_url
    )
    env.filters.update(branch_data=branch_path)  # a branch's open data file, by id
    env.filters.update(access_url=urls.access_url, language_url=urls.language_url)  # the facets' pages
    # JSON in pages (JSON-LD, the screens' texts) without spaces: no reader needs them, and every
    # event page pays for them within its weight budget (bench/page_weight.py).
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
    env.globals["embed_hosts"] = sorted(EMBED_HOSTS)  # the players' hosts in frame-src (partials/csp.html)
