"""The programme's filter data (/program/arrangementer.json) and the choices of its filter form: pure.

The combined filters on /program/ (theme/static/js/filters.js) read one compact file:
every upcoming event and those of the last ``PAST_DAYS`` days, with only what the
filtered list shows and filters on, under short keys, and the label tables the
script needs to draw a card. The form's controls are drawn by the page itself
from ``filter_choices``, the same values the file's tables come from, so the page
can show the form before the file is fetched (the script fetches it only when it
is needed). docs/filters.md describes the address parameters.

An event's keys: ``i`` permanent id, ``u`` address, ``n`` title, ``s``/``e`` start
and end (RFC 3339 with the Europe/Oslo offset; plain dates for all-day events, the
end day inclusive), ``a`` 1 for all-day, ``d``/``t`` the date and time as the
Formatter writes them, ``b`` branch id, ``f`` audience slugs, ``c`` category slug,
``l`` language code, ``x`` access slugs, ``st`` status (absent: as planned),
``r`` series id, ``p`` 1 when it ended before the build's day. Empty keys are left
out. The script decides "past" again against the browser's clock.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from babel import Locale
from babel.dates import format_date

from ..content.catalog import Catalog
from ..content.model import Event, Status
from ..content.urls import ACCESS_SLUGS, PROGRAMME, event_url
from ..settings import Settings
from .formatter import Formatter
from .i18n import Translator
from .labels import ACCESS_LABELS, STATUS_LABELS

PROGRAMME_DATA = f"{PROGRAMME}/arrangementer.json"
PAST_DAYS = 14  # how far back «Vis også tidligere» reaches
VERSION = 1


@dataclass(frozen=True)
class Choice:
    """One value of a filter: what the address says (``key``) and what residents read."""

    key: str
    label: str


@dataclass(frozen=True)
class FilterChoices:
    """The values each filter offers, in the order the form shows them."""

    branches: tuple[Choice, ...]
    audiences: tuple[Choice, ...]
    categories: tuple[Choice, ...]
    languages: tuple[Choice, ...]  # the languages of the listed events
    other_languages: tuple[Choice, ...]  # those that are not the site's: each has a page (/sprak/<code>/)
    access: tuple[Choice, ...]
    months: tuple[Choice, ...]  # YYYY-MM of the months upcoming events fall in
    statuses: tuple[Choice, ...]


def listed_events(catalog: Catalog, today: date) -> list[Event]:
    """Upcoming events and those that ended in the last ``PAST_DAYS`` days, in the list's order."""
    since = today - timedelta(days=PAST_DAYS)
    events = [e for e in catalog.events if e.when.last_day >= since]
    return sorted(events, key=lambda e: (e.when.sort_key, e.details.title, e.id))


def filter_choices(catalog: Catalog, settings: Settings, translations: Translator) -> FilterChoices:
    gettext = translations.gettext
    listed = listed_events(catalog, settings.today)
    upcoming = [e for e in listed if e.when.last_day >= settings.today]
    names = Locale.parse(settings.language).languages
    codes = sorted({e.details.language for e in listed})
    languages = tuple(Choice(code, _capital(names.get(code.split("-")[0], code))) for code in codes)
    return FilterChoices(
        branches=tuple(Choice(b.id, b.short_name) for b in catalog.branches),
        audiences=tuple(Choice(t.slug, t.label) for t in settings.audiences),
        categories=tuple(Choice(t.slug, t.label) for t in settings.categories),
        languages=languages,
        other_languages=tuple(c for c in languages if c.key != settings.language),
        access=tuple(Choice(slug, gettext(ACCESS_LABELS[flag])) for flag, slug in ACCESS_SLUGS.items()),
        months=tuple(
            Choice(month.strftime("%Y-%m"), _capital(format_date(month, "LLLL y", locale=settings.language)))
            for month in _months(upcoming, settings.today)
        ),
        statuses=tuple(Choice(s.value, gettext(STATUS_LABELS[s])) for s in Status if s is not Status.SCHEDULED),
    )


def programme_data(catalog: Catalog, settings: Settings, formatter: Formatter) -> bytes:
    """The file's bytes: compact UTF-8 JSON, the same for the same catalog and day."""
    choices = filter_choices(catalog, settings, formatter.translations)
    audience_slugs = {t.id: t.slug for t in settings.audiences}
    category_slugs = {t.id: t.slug for t in settings.categories}
    events = [
        event_entry(e, formatter, settings.today, audience_slugs, category_slugs)
        for e in listed_events(catalog, settings.today)
    ]
    document = {
        "v": VERSION,
        "tz": settings.timezone.key,
        "today": settings.today.isoformat(),
        "branches": _table(choices.branches),
        "audiences": _table(choices.audiences),
        "categories": _table(choices.categories),
        "languages": {c.key: formatter.language_name(c.key) for c in choices.languages},  # as in «På engelsk»
        "access": _table(choices.access),
        "months": _table(choices.months),
        "status": _table(choices.statuses),
        "events": events,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def event_entry(
    event: Event, formatter: Formatter, today: date, audience_slugs: dict[str, str], category_slugs: dict[str, str]
) -> dict[str, Any]:
    """One event as the filter list needs it (the keys are in the module's docstring)."""
    d, when = event.details, event.when
    entry: dict[str, Any] = {
        "i": event.id,
        "u": event_url(event),
        "n": d.title,
        "s": _moment(when.start),
        "e": _moment(when.end),
        "a": 1 if when.all_day else 0,
        "d": formatter.day(when.first_day),
        "t": formatter.times(when),
        "b": d.branch,
        "f": [audience_slugs[a] for a in d.audiences],
        "c": category_slugs[d.category],
        "l": d.language,
        "x": [ACCESS_SLUGS[flag] for flag in d.accessibility],
        "st": "" if event.status is Status.SCHEDULED else event.status.value,
        "r": event.series or "",
        "p": 1 if when.last_day < today else 0,
    }
    return {key: value for key, value in entry.items() if value not in ("", 0, [])}


def _moment(value: datetime | date) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()


def _months(events: Iterable[Event], today: date) -> list[date]:
    """The first day of every month an upcoming event falls in (from this month on), in order."""
    months: set[date] = set()
    for event in events:
        first = max(event.when.first_day, today).replace(day=1)
        last = event.when.last_day.replace(day=1)
        while first <= last:
            months.add(first)
            first = (first + timedelta(days=32)).replace(day=1)
    return sorted(months)


def _table(choices: tuple[Choice, ...]) -> dict[str, str]:
    return {c.key: c.label for c in choices}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
