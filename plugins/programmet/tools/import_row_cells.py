"""One spreadsheet row's cells by field, and the words a cell may use for our values.

The words tables translate what staff write in a status, registration or
language column ('avlyst', 'drop-in', 'engelsk') into our values; a mapping
file's own values: tables are asked first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .import_values import cell_text, norm

# Cell values (lower case) -> our values, used after the mapping file's own values: table.
STATUS_WORDS = {
    **dict.fromkeys(("", "planlagt", "bekreftet", "ok", "aktiv", "publisert", "confirmed", "scheduled"), "scheduled"),
    **dict.fromkeys(("avlyst", "avlyses", "kansellert", "cancelled", "canceled"), "cancelled"),
    **dict.fromkeys(("utsatt", "postponed"), "postponed"),
    **dict.fromkeys(("fullt", "full", "fullbooket", "fulltegnet", "utsolgt", "sold out"), "full"),
    **dict.fromkeys(("flyttet", "moved"), "moved"),
}
REGISTRATION_WORDS = {
    **dict.fromkeys(("ja", "j", "yes", "x", "påmelding", "påkrevd", "obligatorisk", "required"), "required"),
    **dict.fromkeys(("nei", "n", "no", "ingen", "drop-in", "dropin", "åpent", "none"), "none"),
    **dict.fromkeys(("billett", "billetter", "billettert", "ticket", "tickets"), "ticket"),
}
LANGUAGE_WORDS = {"norsk": "nb", "bokmål": "nb", "nynorsk": "nn", "engelsk": "en", "english": "en",
                  "samisk": "se", "nordsamisk": "se", "arabisk": "ar", "ukrainsk": "uk", "polsk": "pl"}  # fmt: skip
SKIP = "skip"


@dataclass(frozen=True)
class Row:
    """One row's cells by field: the cell, or the mapping's default where the cell is empty."""

    origin: str  # 'row 14', numbered as the spreadsheet shows it
    cells: Mapping[str, object]
    labels: Mapping[str, str]  # field -> the header as written in the file, for messages
    values: Mapping[str, Mapping[str, str]]  # the mapping's values: tables
    date_format: str | None = None

    def raw(self, name: str) -> object:
        return self.cells.get(name)

    def text(self, name: str) -> str:
        return cell_text(self.cells.get(name))

    def label(self, name: str) -> str:
        return self.labels.get(name, name)

    def lookup(self, name: str, words: Mapping[str, str]) -> str | None:
        """The cell translated by the mapping's values table for the field, then by ``words``."""
        key = norm(self.text(name))
        return self.values.get(name, {}).get(key) or words.get(key)
