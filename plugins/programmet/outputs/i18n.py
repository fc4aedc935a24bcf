"""The interface language: gettext catalogues (Babel) for the site's own text.

Interface strings are written in bokmål in the templates and the code (the
site's source language) and marked with ``_()``, ``gettext()``, ``ngettext()``
or, where a constant only names a message, ``N_()``. Each language has a
catalogue in ``theme/translations/<lang>/LC_MESSAGES/messages.po``; the build
reads the ``.po`` and compiles it in memory, so no binary ``.mo`` file is kept
in the repository. A message missing from a catalogue shows its bokmål source
text, never an English placeholder or a blank.

Content written by staff (titles, descriptions, branch facts) is never translated.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Protocol

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, write_po
from babel.support import Translations

from ..settings import SOURCE_LANGUAGE

DOMAIN = "messages"


class Translator(Protocol):
    """What the pure modules need from a catalogue (``gettext.NullTranslations`` and Babel's ``Translations``)."""

    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...


class CatalogueError(Exception):
    """The theme has no usable catalogue for the configured language."""


def N_(message: str) -> str:  # noqa: N802 - the conventional name gettext tools look for
    """Marks a message for extraction where it is only named (a label table); translate it where it is shown."""
    return message


def catalogue_path(theme: Path, language: str) -> Path:
    return theme / "translations" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_translations(theme: Path, language: str) -> Translations:
    """``language``'s catalogue from ``theme/translations``, compiled in memory (fuzzy entries left out).

    The generator calls this once and keeps the result for the build.
    """
    path = catalogue_path(theme, language)
    try:
        with path.open("rb") as source:
            catalog = read_po(source, locale=language, domain=DOMAIN, abort_invalid=True)
    except FileNotFoundError:
        raise CatalogueError(f"no catalogue for {language!r}: {path} is missing") from None
    except (PoFileError, ValueError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{path}: not a readable .po file: {exc}") from None
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def write_source_catalogue(template: Path, target: Path) -> int:
    """Write the bokmål catalogue from the ``.pot``: every message translated as itself; returns the count.

    Bokmål is the source language, so its catalogue is generated rather than translated; it is kept so
    that both languages have a complete catalogue and one test checks them alike.
    """
    with template.open("rb") as source:
        catalog = read_po(source, locale=SOURCE_LANGUAGE, domain=DOMAIN)
    catalog.locale = SOURCE_LANGUAGE  # also sets Plural-Forms for bokmål
    catalog.fuzzy = False
    catalog.revision_date = catalog.creation_date  # the same input gives the same file
    catalog.last_translator = "generated from messages.pot (bokmål is the source language)"
    for message in catalog:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        write_po(out, catalog, width=76, include_previous=False)
    return sum(1 for message in catalog if message.id)
