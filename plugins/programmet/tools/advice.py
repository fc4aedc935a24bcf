"""Plain-language advice on titles, summaries and alt texts: what `invoke check` suggests.

These are not errors (the site builds with them), but the editor's guide asks
for them, because residents read titles on a phone, in a list, at a glance.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..content.catalog import Catalog
from ..content.model import EventDetails, Image

TITLE_ON_A_PHONE = 60
# 14.01, 14.1.2027, kl. 18, tirsdag 14. — but not «17. mai», which is a name as much as a date.
_DATE_IN_TEXT = re.compile(
    r"\b\d{1,2}\.\d{1,2}\b|\bkl\.?\s?\d{1,2}|\b(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)\s+\d{1,2}\.",
    re.IGNORECASE,
)
_WELCOME = re.compile(r"^\s*velkommen\b", re.IGNORECASE)
# «Illustrasjon av» and «Foto av» can tell something; «Bilde av» never does.
_IMAGE_WORDS = re.compile(r"^\s*(?:bilde|image|picture) (?:av|of)\b", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Advice:
    path: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}"


def advise(catalog: Catalog) -> list[Advice]:
    """Advice for every event file and series file (not for each series date)."""
    found: list[Advice] = []
    one_offs = [e for e in catalog.events if not e.is_occurrence]
    for path, details in [*((e.source_path, e.details) for e in one_offs),
                          *((s.source_path, s.details) for s in catalog.series)]:  # fmt: skip
        found.extend(Advice(path, field, message) for field, message in _details_advice(details))
    return sorted(found)


def _details_advice(details: EventDetails) -> Iterable[tuple[str, str]]:
    yield from (("title", m) for m in title_advice(details.title))
    yield from (("summary", m) for m in summary_advice(details.summary, details.title))
    if details.image is not None:
        yield from (("image.alt", m) for m in alt_advice(details.image))


def title_advice(title: str) -> list[str]:
    advice = []
    if len(title) > TITLE_ON_A_PHONE:
        advice.append(f"{len(title)} characters: a phone shows about {TITLE_ON_A_PHONE}; say what happens, shorter")
    letters = [c for c in title if c.isalpha()]
    if len(letters) >= 6 and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        advice.append("written in capitals, which are harder to read; write it as a sentence")
    if _WELCOME.match(title):
        advice.append("starts with «Velkommen»: start with what happens instead")
    if _DATE_IN_TEXT.search(title):
        advice.append("has a date or time in it: the site shows start: already, and a moved event would be wrong")
    return advice


def summary_advice(summary: str, title: str) -> list[str]:
    advice = []
    if summary.strip().casefold() == title.strip().casefold():
        advice.append("repeats the title: say what happens and for whom")
    elif summary[-1:] not in ".!?…»)":
        advice.append("end it with a full stop: it is read aloud by screen readers as one sentence")
    return advice


def alt_advice(image: Image) -> list[str]:
    if _IMAGE_WORDS.match(image.alt):
        return ["starts with «Bilde av»: screen readers already say it is an image; describe what it shows"]
    return []
