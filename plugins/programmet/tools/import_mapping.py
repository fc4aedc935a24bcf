"""Which spreadsheet column is which event field: the default headers and mapping files.

A mapping file (YAML, see imports/README.md and imports/crescat.yaml) names the
columns of one tool's export, translates its values into our ids, and fills in
defaults for what the export does not have. Mistakes in it stop the import
with an ``ImportSetupError`` before any row is read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from ..content.field_messages import suggest
from ..content.frontmatter import load_yaml
from .import_drafts import ImportSetupError
from .import_values import cell_text, norm

# Field -> the headers it is known by, compared in lower case, without '(…)', ':' or '*'.
DEFAULT_COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "id": ("id", "arrangement-id", "arrangementsid", "arrangement id", "event id", "event-id", "uid"),
    "title": ("tittel", "title", "arrangement", "arrangementsnavn", "navn", "name", "event", "event name"),
    "date": ("dato", "date", "startdato", "fra dato", "start date", "dag", "day"),
    "start": ("start", "fra", "starttid", "start time", "klokkeslett", "kl", "tid", "time", "fra kl"),
    "end": ("slutt", "til", "sluttid", "end", "end time", "til kl"),
    "end_date": ("sluttdato", "til dato", "end date"),
    "duration": ("varighet", "duration", "lengde"),
    "branch": ("bibliotek", "filial", "sted", "branch", "library", "location", "avdeling"),
    "room": ("rom", "room", "lokale", "sal"),
    "category": ("kategori", "category", "arrangementstype", "type"),
    "theme": ("tema", "temadag", "theme"),
    "audiences": ("målgruppe", "målgrupper", "audience", "audiences", "publikum"),
    "age_min": ("alder fra", "fra alder", "min alder", "age min", "age_min"),
    "age_max": ("alder til", "til alder", "maks alder", "age max", "age_max"),
    "summary": ("ingress", "kort beskrivelse", "kortbeskrivelse", "sammendrag", "summary", "short description"),
    "description": ("beskrivelse", "lang beskrivelse", "omtale", "tekst", "description", "body"),
    "registration": ("påmelding", "registration", "billett", "billetter", "tickets"),
    "registration_url": ("påmeldingslenke", "billettlenke", "lenke", "url", "link", "registration url",
                         "ticket url"),
    "registration_deadline": ("påmeldingsfrist", "frist", "deadline", "registration deadline"),
    "registration_note": ("påmeldingsinfo", "om påmelding", "registration note"),
    "price": ("pris", "price", "billettpris", "inngang"),
    "price_note": ("prisinfo", "prismerknad", "price note"),
    "status": ("status",),
    "status_note": ("statusmerknad", "status note"),
    "sign_language": ("tegnspråktolket", "tegnspråk", "sign language", "sign_language"),
    "text_interpreted": ("skrivetolket", "teksting", "text interpreted", "text_interpreted"),
    "hearing_loop": ("teleslynge", "hearing loop", "hearing_loop"),
    "step_free": ("trinnfri", "trinnfri tilgang", "rullestoltilgang", "step free", "step_free"),
    "tags": ("stikkord", "emneord", "nøkkelord", "tags"),
    "language": ("språk", "language"),
    "organizers": ("arrangør", "arrangører", "organizer", "organizers"),
    "partners": ("samarbeidspartner", "samarbeidspartnere", "i samarbeid med", "partner", "partners"),
    "performers": ("medvirkende", "utøvere", "foredragsholder", "performers"),
})  # fmt: skip
# Fields whose cell values can be translated in a mapping file's values: table.
VALUE_FIELDS = ("branch", "category", "theme", "audiences", "status", "registration", "language")
MAPPING_KEYS = ("source", "columns", "values", "defaults", "date_format")
_HEADER_NOISE = re.compile(r"\(.*?\)|[:*]")


def header_key(header: str) -> str:
    """'Målgruppe (velg én eller flere):' -> 'målgruppe'."""
    return norm(_HEADER_NOISE.sub(" ", header))


@dataclass(frozen=True)
class ColumnMapping:
    """How a spreadsheet becomes events.

    ``source`` names the system the rows come from (the import ledger keys rows by
    it); ``columns`` lists the headers of each field; ``values`` translates cell
    values (lower case) into our ids per field, 'skip' as a status leaves the row
    out; ``defaults`` are used where a column is missing or a cell is empty;
    ``date_format`` is a strptime format for the date column when dates are not
    written in a form the importer reads by itself.
    """

    source: str = "spreadsheet"
    columns: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: DEFAULT_COLUMNS)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    defaults: Mapping[str, str] = field(default_factory=dict)
    date_format: str | None = None

    def with_defaults(self, **defaults: object) -> ColumnMapping:
        """The mapping with more defaults (from command-line options); None values are left out."""
        given = {name: _default_text(name, value) for name, value in defaults.items() if value not in (None, "", ())}
        _check_fields(given, "defaults")
        return replace(self, defaults={**self.defaults, **given})


DEFAULT_MAPPING = ColumnMapping()


def load_mapping(path: Path) -> ColumnMapping:
    """Read a mapping file; raise ImportSetupError saying what is wrong with it."""
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ImportSetupError(f"cannot read the mapping file {path}: {exc.strerror}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ImportSetupError(f"{path}: not a valid YAML file: {exc}") from None
    try:
        return parse_mapping(raw)
    except ImportSetupError as exc:
        raise ImportSetupError(f"{path}: {exc}") from None


def parse_mapping(raw: object) -> ColumnMapping:
    """The mapping described by a parsed YAML document."""
    if not isinstance(raw, dict):
        raise ImportSetupError("must be a mapping with the keys " + ", ".join(MAPPING_KEYS))
    _check_keys(raw, MAPPING_KEYS, "")
    columns = dict(DEFAULT_COLUMNS)
    for name, headers in _section(raw, "columns").items():
        columns[name] = tuple(header_key(h) for h in _texts(headers, f"columns.{name}"))
    _check_fields(columns, "columns")
    values = {name: _value_table(table, name) for name, table in _section(raw, "values").items()}
    _check_keys(values, VALUE_FIELDS, "values.")
    defaults = {name: _default_text(name, value) for name, value in _section(raw, "defaults").items()}
    _check_fields(defaults, "defaults")
    source = cell_text(raw.get("source")) or DEFAULT_MAPPING.source
    date_format = raw.get("date_format")
    if date_format is not None and (not isinstance(date_format, str) or "%" not in date_format):
        raise ImportSetupError(f"date_format: expected a format like '%d.%m.%Y', got {date_format!r}")
    return ColumnMapping(source=source, columns=columns, values=values, defaults=defaults, date_format=date_format)


def _section(raw: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = raw.get(key) or {}
    if not isinstance(value, dict):
        raise ImportSetupError(f"{key}: expected a mapping of field names")
    return {str(k): v for k, v in value.items()}


def _value_table(table: object, name: str) -> dict[str, str]:
    if not isinstance(table, dict):
        raise ImportSetupError(f"values.{name}: expected a mapping like {{'Cell text': our-id}}")
    return {norm(cell_text(k)): cell_text(v) for k, v in table.items()}


def _texts(value: object, where: str) -> list[str]:
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(i, str | int) for i in items):
        raise ImportSetupError(f"{where}: expected a header or a list of headers")
    return [str(i) for i in items]


def _default_text(name: str, value: object) -> str:
    """A default as the text a cell would hold ([adults, seniors] -> 'adults, seniors')."""
    if isinstance(value, list | tuple):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, dict):
        raise ImportSetupError(f"defaults.{name}: expected a value, not a mapping")
    return cell_text(value)


def _check_fields(given: Mapping[str, Any], section: str) -> None:
    _check_keys(given, tuple(DEFAULT_COLUMNS), f"{section}.")


def _check_keys(given: Mapping[str, Any], allowed: tuple[str, ...], prefix: str) -> None:
    for key in given:
        if key not in allowed:
            raise ImportSetupError(
                f"{prefix}{key}: unknown key{suggest(str(key), allowed)}; one of {', '.join(sorted(allowed))}"
            )
