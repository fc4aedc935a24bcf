"""Programmet's settings, read once from Pelican's settings and validated."""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TODAY_ENV = "PROGRAMMET_TODAY"
BUILD_TIME_ENV = "PROGRAMMET_BUILD_TIME"


class SettingsError(Exception):
    """A configuration mistake in pelicanconf.py/publishconf.py."""


SOURCE_LANGUAGE = "nb"  # the language the templates and code are written in
LANGUAGES = ("nb", "nn")  # the catalogues the theme ships


@dataclass(frozen=True)
class Term:
    """One entry of a controlled list (category, audience or theme); ``label`` is in the site's language."""

    id: str
    label: str
    slug: str
    age_min: int | None = None
    age_max: int | None = None
    weekday: int | None = None  # themes only: 0 = Monday


@dataclass(frozen=True)
class SeriesLimits:
    """How far a series may reach, as the build that expands it sees it (recurrence.check_rule)."""

    today: date
    last: date  # the last day occurrences are made for: today + PROGRAMMET_HORIZON_DAYS
    max_occurrences: int  # dates of one series from its ``from`` up to ``last``
    max_years_back: int  # how long before today a series' ``from`` may be


@dataclass(frozen=True)
class Settings:
    content_path: Path
    site_name: str
    site_url: str
    language: str  # the interface language: "nb" (bokmål) or "nn" (nynorsk)
    timezone: ZoneInfo
    today: date
    strict: bool
    record_calendar: bool  # a strict build updates the calendar record; `invoke check` does not
    search: bool  # index the written site with Pagefind (build/search_index.py)
    page_size: int
    horizon_days: int
    series_max_occurrences: int
    series_max_years_back: int
    time_separator: str
    organisation: str
    organisation_url: str
    accessibility_statement_url: str
    contact_email: str
    categories: tuple[Term, ...]
    audiences: tuple[Term, ...]
    themes: tuple[Term, ...]
    calendar_days_back: int
    calendar_max_bytes: int
    calendar_state: Path
    uid_namespace: uuid.UUID
    build_time: datetime  # UTC
    image_cache: Path  # where image renditions and share images are kept between builds
    build_cache: Path  # parsed content, rendered pages, calendar parts and search bundles, by content key
    workers: int  # processes that render pages; 0: one per core

    @property
    def now(self) -> datetime:
        """The start of 'today' in local time: what counts as upcoming."""
        return datetime.combine(self.today, datetime.min.time(), tzinfo=self.timezone)

    @property
    def series_limits(self) -> SeriesLimits:
        return SeriesLimits(
            today=self.today,
            last=self.today + timedelta(days=self.horizon_days),
            max_occurrences=self.series_max_occurrences,
            max_years_back=self.series_max_years_back,
        )


# ``label`` is bokmål; ``label_nn`` the nynorsk label (required when PROGRAMMET_LANGUAGE is "nn").
_TERM_KEYS = {"label", "label_nn", "slug", "age_min", "age_max", "weekday"}


def read_settings(pelican_settings: Mapping[str, Any], environ: Mapping[str, str] = os.environ) -> Settings:
    """Validate Pelican's settings dict into Settings; raise SettingsError on mistakes."""
    s = pelican_settings
    _refuse_static_paths(s.get("STATIC_PATHS", ["images"]))  # Pelican's default is ["images"]
    timezone = ZoneInfo(s.get("TIMEZONE", "Europe/Oslo"))
    language = _read_language(s.get("PROGRAMMET_LANGUAGE", SOURCE_LANGUAGE))
    return Settings(
        content_path=Path(s["PATH"]),
        site_name=str(s.get("SITENAME", "")),
        site_url=str(s.get("SITEURL", "")),
        language=language,
        timezone=timezone,
        today=_read_today(s.get("PROGRAMMET_TODAY"), environ.get(TODAY_ENV), timezone),
        strict=_read_bool(s.get("PROGRAMMET_STRICT", True), "PROGRAMMET_STRICT"),
        record_calendar=_read_bool(s.get("PROGRAMMET_RECORD_CALENDAR", True), "PROGRAMMET_RECORD_CALENDAR"),
        search=_read_bool(s.get("PROGRAMMET_SEARCH", True), "PROGRAMMET_SEARCH"),
        page_size=_read_positive(s.get("PROGRAMMET_PAGE_SIZE", 40), "PROGRAMMET_PAGE_SIZE"),
        horizon_days=_read_positive(s.get("PROGRAMMET_HORIZON_DAYS", 240), "PROGRAMMET_HORIZON_DAYS"),
        series_max_occurrences=_read_positive(
            s.get("PROGRAMMET_SERIES_MAX_OCCURRENCES", 5_000), "PROGRAMMET_SERIES_MAX_OCCURRENCES"
        ),
        series_max_years_back=_read_positive(
            s.get("PROGRAMMET_SERIES_MAX_YEARS_BACK", 10), "PROGRAMMET_SERIES_MAX_YEARS_BACK"
        ),
        time_separator=_read_separator(s.get("PROGRAMMET_TIME_SEPARATOR", ".")),
        organisation=str(s.get("PROGRAMMET_ORGANISATION", s.get("SITENAME", ""))),
        organisation_url=str(s.get("PROGRAMMET_ORGANISATION_URL", "")),
        accessibility_statement_url=_required_str(s, "PROGRAMMET_ACCESSIBILITY_STATEMENT_URL"),
        contact_email=str(s.get("PROGRAMMET_CONTACT_EMAIL", "")),
        categories=_read_terms(s, "PROGRAMMET_CATEGORIES", language),
        audiences=_read_terms(s, "PROGRAMMET_AUDIENCES", language),
        themes=_read_terms(s, "PROGRAMMET_THEMES", language),
        calendar_days_back=_read_positive(s.get("PROGRAMMET_CALENDAR_DAYS_BACK", 30), "PROGRAMMET_CALENDAR_DAYS_BACK"),
        calendar_max_bytes=_read_positive(
            s.get("PROGRAMMET_CALENDAR_MAX_BYTES", 800_000), "PROGRAMMET_CALENDAR_MAX_BYTES"
        ),
        calendar_state=Path(s["PATH"]) / _required_str(s, "PROGRAMMET_CALENDAR_STATE"),
        uid_namespace=_read_uuid(s.get("PROGRAMMET_UID_NAMESPACE")),
        build_time=_read_build_time(s.get("PROGRAMMET_BUILD_TIME"), environ.get(BUILD_TIME_ENV)),
        image_cache=_read_cache(s.get("PROGRAMMET_IMAGE_CACHE", "cache/images"), Path(s["PATH"])),
        build_cache=_read_cache(
            s.get("PROGRAMMET_BUILD_CACHE", "cache/build"), Path(s["PATH"]), "PROGRAMMET_BUILD_CACHE"
        ),
        workers=_read_workers(s.get("PROGRAMMET_WORKERS", 0)),
    )


def _refuse_static_paths(value: Any) -> None:
    """Pelican would copy these folders as they are, links to files outside the content folder included."""
    if value:
        raise SettingsError(
            f"STATIC_PATHS = {value!r}: Programmet publishes the files of content/images/ and content/media/ "
            "itself, checking each one; set STATIC_PATHS = [] in pelicanconf.py"
        )


def _read_workers(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise SettingsError(f"PROGRAMMET_WORKERS: expected 0 (one per core) or a number of processes, got {value!r}")


def _read_language(value: Any) -> str:
    if value in LANGUAGES:
        return str(value)
    raise SettingsError(f"PROGRAMMET_LANGUAGE: expected one of {', '.join(LANGUAGES)}, got {value!r}")


def _read_label(spec: Mapping[str, Any], where: str, language: str) -> str:
    """The label in the site's language: ``label`` (bokmål) or ``label_<language>``."""
    key = "label" if language == SOURCE_LANGUAGE else f"label_{language}"
    for name in sorted(k for k in spec if k.startswith("label")):
        if not isinstance(spec[name], str) or not spec[name].strip():
            raise SettingsError(f"{where}.{name}: expected a non-empty text, got {spec[name]!r}")
    if key not in spec:
        raise SettingsError(f"{where}: needs {key!r}, the label in PROGRAMMET_LANGUAGE {language!r}")
    return spec[key]


def _read_cache(value: Any, content_path: Path, name: str = "PROGRAMMET_IMAGE_CACHE") -> Path:
    """An absolute folder, or one relative to the project (the content folder's parent)."""
    if not isinstance(value, str | os.PathLike) or not str(value):
        raise SettingsError(f"{name}: expected a folder path, got {value!r}")
    folder = Path(value)
    return folder if folder.is_absolute() else content_path.resolve().parent / folder


def _read_today(setting: Any, env_value: str | None, timezone: ZoneInfo) -> date:
    raw = env_value or setting
    if raw is None or raw == "":
        return datetime.now(timezone).date()
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise SettingsError(f"PROGRAMMET_TODAY: not a date (YYYY-MM-DD): {raw!r}") from None


def _read_uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise SettingsError(f"PROGRAMMET_UID_NAMESPACE: not a UUID: {value!r}") from None


def _read_build_time(setting: Any, env_value: str | None) -> datetime:
    raw = env_value or setting
    if raw is None or raw == "":
        return datetime.now(UTC).replace(microsecond=0)
    try:
        moment = raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw))
    except ValueError:
        raise SettingsError(f"PROGRAMMET_BUILD_TIME: not an ISO 8601 date-time: {raw!r}") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _read_bool(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    # --extra-settings passes JSON, so true/false arrive as bools; accept the strings too.
    if str(value).lower() in {"true", "false"}:
        return str(value).lower() == "true"
    raise SettingsError(f"{name}: expected true or false, got {value!r}")


def _read_positive(value: Any, name: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise SettingsError(f"{name}: expected a positive whole number, got {value!r}")


def _read_separator(value: Any) -> str:
    if value in {".", ":"}:
        return str(value)
    raise SettingsError(f"PROGRAMMET_TIME_SEPARATOR: expected '.' or ':', got {value!r}")


def _required_str(s: Mapping[str, Any], name: str) -> str:
    value = s.get(name)
    if not isinstance(value, str) or not value:
        raise SettingsError(f"{name}: required, a non-empty text")
    return value


def _read_terms(s: Mapping[str, Any], name: str, language: str) -> tuple[Term, ...]:
    raw = s.get(name)
    if not isinstance(raw, Mapping) or not raw:
        raise SettingsError(f"{name}: required, a mapping of id -> {{label, slug}}")
    terms = []
    for term_id, spec in raw.items():
        if not isinstance(spec, Mapping) or not {"label", "slug"} <= spec.keys():
            raise SettingsError(f"{name}[{term_id!r}]: needs 'label' and 'slug'")
        unknown = set(spec) - _TERM_KEYS
        if unknown:
            raise SettingsError(f"{name}[{term_id!r}]: unknown key(s) {sorted(unknown)}")
        weekday = spec.get("weekday")
        if weekday is not None and weekday not in WEEKDAYS:
            raise SettingsError(f"{name}[{term_id!r}].weekday: one of {', '.join(WEEKDAYS)}")
        terms.append(
            Term(
                id=str(term_id),
                label=_read_label(spec, f"{name}[{term_id!r}]", language),
                slug=str(spec["slug"]),
                age_min=spec.get("age_min"),
                age_max=spec.get("age_max"),
                weekday=WEEKDAYS.index(weekday) if weekday else None,
            )
        )
    slugs = [t.slug for t in terms]
    if len(set(slugs)) != len(slugs):
        raise SettingsError(f"{name}: two entries share a slug")
    return tuple(terms)
