"""Spreadsheets (CSV and XLSX) -> draft events, row by row.

CSV files come from many places: Norwegian Excel saves Windows-1252 with ';',
other tools UTF-8 (with or without a byte-order mark) with ','; tabs come from
copying out of a sheet. XLSX is read with openpyxl, whose dates and times
arrive as Python objects. Which column is which field is a ``ColumnMapping``
(see import_mapping.py); the rows become drafts in import_rows.py.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ..content.model import Status
from .import_drafts import Draft, ImportSetupError, Outcome
from .import_mapping import DEFAULT_MAPPING, ColumnMapping, header_key, load_mapping
from .import_row_cells import REGISTRATION_WORDS, SKIP, Row
from .import_rows import draft_from_row
from .import_values import branch_choices, cell_text, match_branch, match_term, split_list
from .workspace import Workspace

__all__ = ["ColumnMapping", "Table", "drafts_from_table", "ignored_columns", "load_mapping", "read_table"]

DELIMITERS = (";", ",", "\t")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
_SEP_LINE = re.compile(r"^sep=(.)\s*$")  # Excel's hint line: 'sep=;'
# The fields every event needs, from a column or from the mapping's defaults.
REQUIRED = {"title": "a title", "branch": "a branch", "category": "a category", "audiences": "an audience"}


@dataclass(frozen=True)
class Table:
    """A spreadsheet's header and its non-empty rows, numbered as the spreadsheet shows them."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]


def read_table(path: Path) -> Table:
    """Read a .csv or .xlsx file; ImportSetupError when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return parse_csv(_bytes(path))
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path)
    raise ImportSetupError(f"{path.name}: not a .csv or .xlsx file; save the sheet as one of those")


def parse_csv(data: bytes) -> Table:
    """A CSV export in UTF-8 (with or without BOM), UTF-16 or Windows-1252, separated by ';', ',' or tabs."""
    text = decode(data)
    lines = text.splitlines()
    hint = _SEP_LINE.match(lines[0]) if lines else None
    if hint:
        text = text.split("\n", 1)[1] if "\n" in text else ""
    delimiter = hint[1] if hint else sniff_delimiter(next((line for line in text.splitlines() if line.strip()), ""))
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _table(enumerate((tuple(r) for r in records), start=1))


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Norwegian Windows saves "CSV (semikolonseparert)" in Windows-1252.
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(header_line: str) -> str:
    """The separator the header line uses most (headers rarely contain one)."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportSetupError(f"cannot read {path}: {exc.strerror}") from None


def _read_xlsx(path: Path) -> Table:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportSetupError(f"cannot read {path.name} as an Excel workbook: {exc}") from None
    try:
        sheet = workbook.worksheets[0]
        return _table(enumerate(sheet.iter_rows(values_only=True), start=1))
    finally:
        workbook.close()


def _table(records: Iterable[tuple[int, tuple[object, ...]]]) -> Table:
    """The first non-empty row is the header; empty rows are left out."""
    filled = [(number, cells) for number, cells in records if any(cell_text(c) for c in cells)]
    if not filled:
        raise ImportSetupError("the file has no rows")
    header = tuple(cell_text(c) for c in filled[0][1])
    return Table(header=header, rows=tuple(filled[1:]))


# -- columns ----------------------------------------------------------------


def resolve_columns(header: tuple[str, ...], mapping: ColumnMapping) -> dict[str, int]:
    """field -> column number; ImportSetupError when two columns claim one field."""
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        for field, names in mapping.columns.items():
            if header_key(name) not in names:
                continue
            if field in found:
                raise ImportSetupError(
                    f"both {header[found[field]]!r} and {name!r} look like the {field} column; "
                    "rename one, or say which in a mapping file"
                )
            found[field] = index
    return found


def ignored_columns(table: Table, mapping: ColumnMapping) -> tuple[str, ...]:
    """Headers no field uses, so the report can say they were left out."""
    used = set(resolve_columns(table.header, mapping).values())
    return tuple(name for index, name in enumerate(table.header) if name and index not in used)


def drafts_from_table(table: Table, mapping: ColumnMapping | None, workspace: Workspace) -> list[Draft | Outcome]:
    """A draft or a skip for each row (None: the default mapping); ImportSetupError for mistakes that fail every row."""
    mapping = mapping or DEFAULT_MAPPING
    columns = resolve_columns(table.header, mapping)
    check_setup(columns, mapping, workspace)
    labels = {field: table.header[index] for field, index in columns.items()}
    labels.update({field: f"{field} (mapping default)" for field in mapping.defaults if field not in labels})
    return [draft_from_row(_row(number, cells, columns, labels, mapping), workspace) for number, cells in table.rows]


def _row(
    number: int,
    cells: tuple[object, ...],
    columns: Mapping[str, int],
    labels: Mapping[str, str],
    mapping: ColumnMapping,
) -> Row:
    values = {field: cells[index] if index < len(cells) else None for field, index in columns.items()}
    for field, default in mapping.defaults.items():
        if not cell_text(values.get(field)):
            values[field] = default
    return Row(f"row {number}", values, labels, mapping.values, mapping.date_format)


def check_setup(columns: Mapping[str, int], mapping: ColumnMapping, workspace: Workspace) -> None:
    """Missing columns and wrong mapping values fail every row: say so once, before reading rows."""
    for field, what in REQUIRED.items():
        if field not in columns and field not in mapping.defaults:
            raise ImportSetupError(
                f"no column gives {what}: name one {_headers(mapping, field)}"
                + ("" if field == "title" else f", or give a default {field}")
            )
    if not {"date", "start"} & columns.keys():
        raise ImportSetupError(f"no column gives the date: name one {_headers(mapping, 'date')}")
    if not {"summary", "description"} & columns.keys() and "summary" not in mapping.defaults:
        raise ImportSetupError(f"no column gives a summary: name one {_headers(mapping, 'summary')}")
    _check_values(mapping, workspace)


def _headers(mapping: ColumnMapping, field: str) -> str:
    return " or ".join(repr(h) for h in mapping.columns.get(field, ())[:4])


def _check_values(mapping: ColumnMapping, workspace: Workspace) -> None:
    """The targets in the mapping's values: tables and its defaults must be ours."""
    settings = workspace.settings
    allowed = {
        "category": [t.id for t in settings.categories],
        "audiences": [t.id for t in settings.audiences],
        "theme": [t.id for t in settings.themes],
        "branch": sorted(workspace.branches),
        "status": [*(s.value for s in Status), SKIP],
        "registration": sorted(set(REGISTRATION_WORDS.values())),
    }
    for field, table in mapping.values.items():
        for cell, target in table.items():
            if field in allowed and target not in allowed[field]:
                raise ImportSetupError(
                    f"values: {field}: {cell!r} maps to {target!r}, which is not one of {', '.join(allowed[field])}"
                )
    _check_defaults(mapping, workspace, allowed)


def _check_defaults(mapping: ColumnMapping, workspace: Workspace, allowed: Mapping[str, list[str]]) -> None:
    defaults, hints = mapping.defaults, workspace.vocab.hints
    branch = defaults.get("branch")
    if branch and not match_branch(branch, workspace.branches, mapping.values.get("branch")):
        raise ImportSetupError(
            f"default branch {branch!r} is not a branch; one of {branch_choices(workspace.branches)}"
        )
    for field in ("category", "audiences"):
        for item in split_list(defaults.get(field, ""), words=field == "audiences"):
            if match_term(item, allowed[field], hints, mapping.values.get(field)) is None:
                raise ImportSetupError(f"default {field} {item!r} is unknown; one of {', '.join(allowed[field])}")
