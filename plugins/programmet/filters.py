"""Norwegian formatting of dates, times and prices, as Jinja filters.

Babel supplies the CLDR names (weekdays, months, languages); the patterns are
explicit because CLDR's skeletons abbreviate months ("14. jan.") and its time
format uses a colon, while Norwegian libraries write «tirsdag 14. januar
kl. 18.00–19.30» (Språkrådet allows both separators; it is a setting).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from babel import Locale
from babel.dates import format_date

from .model import Access, Frequency, Recurrence, RegistrationType, Status, Timespan
from .model_media import EpisodeType

STATUS_LABELS = {
    Status.SCHEDULED: "",
    Status.CANCELLED: "Avlyst",
    Status.POSTPONED: "Utsatt",
    Status.MOVED: "Flyttet",
    Status.FULL: "Fullt",
}
ACCESS_LABELS = {
    Access.SIGN_LANGUAGE: "Tegnspråktolket",
    Access.TEXT_INTERPRETED: "Skrivetolket",
    Access.HEARING_LOOP: "Teleslynge",
    Access.STEP_FREE: "Trinnfri adkomst",
}
REGISTRATION_LABELS = {
    RegistrationType.NONE: "Ingen påmelding",
    RegistrationType.REQUIRED: "Påmelding",
    RegistrationType.TICKET: "Billett",
}
_ORDINAL_WEEK = {1: "første", 2: "andre", 3: "tredje", 4: "fjerde", -1: "siste"}
_EVERY = {1: "hver", 2: "annenhver"}


@dataclass(frozen=True)
class Formatter:
    """Formats for one locale, relative to the build's 'today'."""

    locale: str
    today: date
    time_separator: str = "."

    # -- days ------------------------------------------------------------------

    def day(self, day: date, weekday: bool = True) -> str:
        """'tirsdag 14. januar', with the year when it is not this year."""
        pattern = "EEEE d. MMMM" if weekday else "d. MMMM"
        if day.year != self.today.year:
            pattern += " y"
        return format_date(day, pattern, locale=self.locale)

    def day_heading(self, day: date) -> str:
        """List headings: 'I dag', 'I morgen' for the nearest days, else the date."""
        relative = {0: "I dag", 1: "I morgen"}.get((day - self.today).days)
        full = self.day(day)
        return f"{relative} – {full}" if relative else full[0].upper() + full[1:]

    def weekday_name(self, index: int) -> str:
        return Locale.parse(self.locale).days["format"]["wide"][index]

    # -- times -----------------------------------------------------------------

    def clock(self, moment: datetime) -> str:
        return moment.strftime(f"%H{self.time_separator}%M")

    def times(self, span: Timespan) -> str:
        """The time part only: 'kl. 18.00–19.30' or 'hele dagen'."""
        if span.all_day:
            return "hele dagen" if not span.multi_day else self.day_range(span)
        if span.multi_day:
            return self.when(span)
        return f"kl. {self.clock(span.start)}–{self.clock(span.end)}"

    def day_range(self, span: Timespan) -> str:
        """'14.–16. januar', '30. januar–2. februar', '30. desember 2026–2. januar 2027'."""
        first, last = span.first_day, span.last_day
        if first.year != last.year:
            return f"{format_date(first, 'd. MMMM y', locale=self.locale)}–{self.day(last, weekday=False)}"
        if first.month != last.month:
            return f"{format_date(first, 'd. MMMM', locale=self.locale)}–{self.day(last, weekday=False)}"
        return f"{first.day}.–{self.day(last, weekday=False)}"

    def when(self, span: Timespan) -> str:
        """The whole thing: 'tirsdag 14. januar kl. 18.00–19.30'."""
        if span.all_day:
            if span.multi_day:
                return self.day_range(span)
            return f"{self.day(span.first_day)}, hele dagen"
        if span.multi_day:
            return (
                f"{self.day(span.first_day)} kl. {self.clock(span.start)} – "
                f"{self.day(span.last_day)} kl. {self.clock(span.end)}"
            )
        return f"{self.day(span.first_day)} {self.times(span)}"

    def moment(self, value: datetime | date) -> str:
        """A single point in time: 'tirsdag 14. januar kl. 12.00' or just the day."""
        if isinstance(value, datetime):
            return f"{self.day(value.date())} kl. {self.clock(value)}"
        return self.day(value)

    def duration(self, delta: timedelta) -> str:
        minutes = int(delta.total_seconds() // 60)
        hours, minutes = divmod(minutes, 60)
        parts = ([f"{hours} t"] if hours else []) + ([f"{minutes} min"] if minutes else [])
        return " ".join(parts)

    # -- other -----------------------------------------------------------------

    def rule(self, rule: Recurrence) -> str:
        """'Hver tirsdag kl. 10.00–11.00', 'Første torsdag i måneden kl. 18.00–19.30'."""
        days = _join([self.weekday_name(w) for w in rule.weekdays])
        start = datetime.strptime(rule.start_time, "%H:%M")
        times = f"kl. {self.clock(start)}–{self.clock(start + rule.duration)}"
        if rule.frequency is Frequency.MONTHLY:
            ordinal = _ORDINAL_WEEK[rule.week_of_month or 1]
            every = "i måneden" if rule.interval == 1 else f"hver {rule.interval}. måned"
            text = f"{ordinal} {days} {every}"
        else:
            every = _EVERY.get(rule.interval, f"hver {rule.interval}.")
            text = f"{every} {days}"
        return f"{text[0].upper()}{text[1:]} {times}"

    def age_range(self, age_min: int | None, age_max: int | None) -> str:
        """'3–6 år', 'fra 10 år', 'opptil 2 år', or '' when no ages are given."""
        if age_min is not None and age_max is not None:
            return f"{age_min}–{age_max} år"
        if age_min is not None:
            return f"fra {age_min} år"
        return f"opptil {age_max} år" if age_max is not None else ""

    def price(self, price: int) -> str:
        return "Gratis" if price == 0 else f"{price:,} kr".replace(",", "\u00a0")

    def language_name(self, code: str) -> str:
        base = code.split("-")[0]
        return Locale.parse(self.locale).languages.get(base, code)


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} og {words[-1]}"


ROLE_LABELS = {
    "host": "programleder",
    "co-host": "programleder",
    "guest": "gjest",
    "producer": "produsent",
    "editor": "redaktør",
    "performer": "medvirkende",
    "author": "forfatter",
    "interviewer": "intervjuer",
}
EPISODE_TYPE_LABELS = {EpisodeType.FULL: "Episode", EpisodeType.TRAILER: "Trailer", EpisodeType.BONUS: "Bonus"}


def clock(seconds: float) -> str:
    """A media position: '4:05', '1:02:05'."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def media_duration(seconds: float) -> str:
    """'45 sek.', '12 min', '1 t 5 min'."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} sek."
    hours, minutes = divmod(round(whole / 60), 60)
    return " ".join(([f"{hours} t"] if hours else []) + ([f"{minutes} min"] if minutes else []))


def filesize(length: int) -> str:
    """Norwegian decimal comma: '84 kB', '1,2 MB'."""
    if length < 1_000_000:
        return f"{max(1, round(length / 1000))} kB"
    return f"{length / 1_000_000:.1f} MB".replace(".", ",")


def host_label(url: str) -> str:
    """Which service an embedded player comes from, said plainly."""
    host = urlsplit(url).hostname or url
    return {"www.youtube-nocookie.com": "YouTube", "player.vimeo.com": "Vimeo"}.get(host, host)


def iso(value: datetime | date) -> str:
    """Machine-readable form for <time datetime> and JSON-LD."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()


def make_filters(formatter: Formatter) -> dict[str, Callable[..., Any]]:
    """The Jinja filters the theme uses."""
    return {
        "day": formatter.day,
        "day_heading": formatter.day_heading,
        "times": formatter.times,
        "when": formatter.when,
        "moment": formatter.moment,
        "rule": formatter.rule,
        "price": formatter.price,
        "age_range": lambda details: formatter.age_range(details.age_min, details.age_max),
        "language_name": formatter.language_name,
        "iso": iso,
        "status_label": STATUS_LABELS.__getitem__,
        "access_label": ACCESS_LABELS.__getitem__,
        "registration_label": REGISTRATION_LABELS.__getitem__,
        "clock": clock,
        "host_label": host_label,
        "duration": media_duration,
        "filesize": filesize,
        "role_label": ROLE_LABELS.__getitem__,
        "episode_type_label": EPISODE_TYPE_LABELS.__getitem__,
    }
