"""Shared builders for the model tests: a small vocabulary and valid base files as dicts."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from programmet.content import parse
from programmet.content.errors import ContentError
from programmet.content.frontmatter import SourceFile
from programmet.content.markup import markdown_renderer

TZ = ZoneInfo("Europe/Oslo")
IMAGE = "images/forfatter.jpg"
DROP = object()  # as a value in changed(): remove the key

SENTRUM = {
    "id": "sentrum",
    "name": "Testby hovedbibliotek",
    "short_name": "Hovedbiblioteket",
    "address": {"street": "Torget 1", "postal_code": "4600", "town": "Testby"},
    "coordinates": [58.1467, 7.9956],
    "opening_hours": "Mandag–fredag 08–20\nLørdag 10–16",
    "accessibility": "Trinnfri inngang fra torget, teleslynge i salen.",
    "rooms": ["Scenen", "Barneavdelingen"],
}
LIA = {
    "id": "lia",
    "name": "Lia bibliotek",
    "address": {"street": "Liaveien 2", "postal_code": "4630", "town": "Testby"},
    "coordinates": [58.16, 8.01],
    "opening_hours": "Tirsdag og torsdag 12–19",
    "accessibility": "Trinnfri inngang.",
}

# A valid timed event on a Thursday at a branch that lists its rooms.
EVENT = {
    "id": "ev-2027-0114-forfatterkveld",
    "title": "Forfatterkveld med Ida Berg",
    "start": "2027-01-14 18:00",
    "end": "2027-01-14 19:30",
    "branch": "sentrum",
    "room": "Scenen",
    "category": "literature",
    "audiences": ["adults"],
    "summary": "Ida Berg snakker om sin nye roman.",
}

# A valid weekly series: Tuesdays 18:00–19:30 from 2027-01-05 to 2027-03-30.
SERIES = {
    "id": "krim-og-kringle",
    "title": "Krim og kringle",
    "summary": "Krimtips og bakst hver tirsdag.",
    "branch": "sentrum",
    "room": "Scenen",
    "category": "literature",
    "audiences": ["adults"],
    "recurrence": {
        "frequency": "weekly",
        "weekdays": ["tuesday"],
        "start_time": "18:00",
        "end_time": "19:30",
        "from": "2027-01-05",
        "until": "2027-03-30",
    },
}


def changed(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of ``base`` with ``changes``; 'a.b' keys reach into mappings, DROP removes."""
    meta = copy.deepcopy(base)
    for dotted, value in changes.items():
        *parents, key = dotted.split(".")
        target = meta
        for parent in parents:
            target = target[parent]
        if value is DROP:
            del target[key]
        else:
            target[key] = copy.deepcopy(value)
    return meta


def vocabulary() -> parse.Vocabulary:
    """Categories, audiences and weekday themes like pelicanconf's, two branches, one image."""
    base = parse.Vocabulary(
        timezone=TZ,
        categories=["literature", "meetup", "exhibition", "talks"],
        audiences=["adults", "seniors", "youth", "toddlers", "families"],
        themes={"expert-thursday": 3, "family-saturday": 5},
        languages=frozenset(Locale("nb").languages),
        image_problem=lambda src: None if src == IMAGE else f"file not found in the content folder: {src!r}",
        render_markdown=markdown_renderer(),
        series=frozenset({"krim-og-kringle"}),
        hints={"voksne": "adults", "senior": "seniors"},
    )
    branches = {}
    for meta in (SENTRUM, LIA):
        errors: list[ContentError] = []
        source = SourceFile(f"branches/{meta['id']}.md", meta, "")
        branches[meta["id"]] = parse.parse_branch(source, base, errors)
        assert errors == []
    return dataclasses.replace(base, branches=branches, branch_ids=frozenset(branches))


Parser = Callable[[SourceFile, parse.Vocabulary, list[ContentError]], Any]


def parse_with_errors(
    parser: Parser, meta: dict[str, Any], path: str, body: str = ""
) -> tuple[Any, list[ContentError]]:
    """Run ``parser`` on one file; return what it gave and the errors it recorded."""
    errors: list[ContentError] = []
    result = parser(SourceFile(path, meta, body), vocabulary(), errors)
    return result, errors


def parse_ok(parser: Parser, meta: dict[str, Any], path: str, body: str = "") -> Any:
    """Run ``parser`` on a file that must be valid."""
    result, errors = parse_with_errors(parser, meta, path, body)
    assert errors == []
    assert result is not None
    return result
