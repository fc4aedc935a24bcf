"""Norwegian formatting of dates, times and prices, in bokmål or nynorsk.

Babel supplies the CLDR names (weekdays, months, languages) for the site's
language; the patterns are explicit because CLDR's skeletons abbreviate months
("14. jan.") and its time format uses a colon, while Norwegian libraries write
«tirsdag 14. januar kl. 18.00–19.30» («tysdag 14. januar» in nynorsk;
Språkrådet allows both separators; it is a setting). Every word of our own
goes through the Formatter's catalogue (i18n.py); the label tables
(labels.py) hold bokmål message ids, translated where they are shown.
The theme reaches these methods as Jinja filters (filters.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from gettext import NullTranslations

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from markupsafe import Markup, escape

from ..content.model import Access, Frequency, Recurrence, RegistrationType, Status, Timespan
from ..content.model_media import EpisodeType
from .i18n import N_, Translator
from .labels import ACCESS_LABELS, EPISODE_TYPE_LABELS, REGISTRATION_LABELS, ROLE_LABELS, STATUS_LABELS

# Translators: the week of the month in a series rule: «første torsdag i måneden».
_ORDINAL_WEEK = {1: N_("første"), 2: N_("andre"), 3: N_("tredje"), 4: N_("fjerde"), -1: N_("siste")}


@dataclass(frozen=True)
class Formatter:
    """Formats for one language ("nb" or "nn"), relative to the build's 'today'.

    ``translations`` is the language's catalogue; without one, the bokmål source text is used.
    """

    locale: str
    today: date
    time_separator: str = "."
    translations: Translator = field(default_factory=NullTranslations, compare=False, repr=False)
    # Babel's CLDR names, once per day and pattern: a list page names the same days many times.
    # Kept on the Formatter, which each build makes anew, so nothing outlives a build.
    _dates: dict[tuple[date, str], str] = field(default_factory=dict, init=False, compare=False, repr=False)

    def _(self, message: str) -> str:
        return self.translations.gettext(message) if message else ""

    def _format_date(self, day: date, pattern: str) -> str:
        text = self._dates.get((day, pattern))
        if text is None:
            text = self._dates[(day, pattern)] = format_date(day, pattern, locale=self.locale)
        return text

    # -- days ------------------------------------------------------------------

    def day(self, day: date, weekday: bool = True) -> str:
        """'tirsdag 14. januar', with the year when it is not this year."""
        pattern = "EEEE d. MMMM" if weekday else "d. MMMM"
        if day.year != self.today.year:
            pattern += " y"
        return self._format_date(day, pattern)

    def day_heading(self, day: date) -> str:
        """List headings: 'I dag', 'I morgen' for the nearest days, else the date."""
        relative = {0: self._("I dag"), 1: self._("I morgen")}.get((day - self.today).days)
        full = self.day(day)
        return f"{relative} – {full}" if relative else full[0].upper() + full[1:]

    def weekday_name(self, index: int) -> str:
        return Locale.parse(self.locale).days["format"]["wide"][index]

    # -- times -----------------------------------------------------------------

    def clock(self, moment: datetime) -> str:
        return moment.strftime(f"%H{self.time_separator}%M")

    def _at(self, moment: datetime) -> str:
        """'kl. 18.00'."""
        return self._("kl. %(time)s") % {"time": self.clock(moment)}

    def _from_to(self, start: datetime, end: datetime) -> str:
        """'kl. 18.00–19.30'."""
        return self._("kl. %(start)s–%(end)s") % {"start": self.clock(start), "end": self.clock(end)}

    def times(self, span: Timespan) -> str:
        """The time part only: 'kl. 18.00–19.30' or 'hele dagen'."""
        if span.all_day:
            return self._("hele dagen") if not span.multi_day else self.day_range(span)
        if span.multi_day:
            return self.when(span)
        return self._from_to(span.start, span.end)

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
            return f"{self.day(span.first_day)}, {self._('hele dagen')}"
        if span.multi_day:
            return f"{self.day(span.first_day)} {self._at(span.start)} – {self.day(span.last_day)} {self._at(span.end)}"
        return f"{self.day(span.first_day)} {self.times(span)}"

    def moment(self, value: datetime | date) -> str:
        """A single point in time: 'tirsdag 14. januar kl. 12.00' or just the day."""
        if isinstance(value, datetime):
            return f"{self.day(value.date())} {self._at(value)}"
        return self.day(value)

    def duration(self, delta: timedelta) -> str:
        """'1 t 30 min'."""
        minutes = int(delta.total_seconds() // 60)
        hours, minutes = divmod(minutes, 60)
        return self._hours_minutes(hours, minutes)

    def _hours_minutes(self, hours: int, minutes: int) -> str:
        # Translators: hours and minutes, abbreviated as in «1 t 30 min».
        parts = [self._("%(hours)d t") % {"hours": hours}] if hours else []
        parts += [self._("%(minutes)d min") % {"minutes": minutes}] if minutes else []
        return " ".join(parts)

    def media_duration(self, seconds: float) -> str:
        """'45 sek.', '12 min', '1 t 5 min'."""
        whole = round(seconds)
        if whole < 60:
            return self._("%(seconds)d sek.") % {"seconds": whole}
        hours, minutes = divmod(round(whole / 60), 60)
        return self._hours_minutes(hours, minutes)

    # -- other -----------------------------------------------------------------

    def rule(self, rule: Recurrence) -> str:
        """'Hver tirsdag kl. 10.00–11.00', 'Første torsdag i måneden kl. 18.00–19.30'."""
        days = self.join([self.weekday_name(w) for w in rule.weekdays])
        start = datetime.strptime(rule.start_time, "%H:%M")
        if rule.frequency is Frequency.MONTHLY:
            ordinal = self._(_ORDINAL_WEEK[rule.week_of_month or 1])
            if rule.interval == 1:
                text = self._("%(ordinal)s %(weekdays)s i måneden") % {"ordinal": ordinal, "weekdays": days}
            else:
                text = self._("%(ordinal)s %(weekdays)s hver %(interval)d. måned") % {
                    "ordinal": ordinal, "weekdays": days, "interval": rule.interval,
                }  # fmt: skip
        elif rule.interval == 1:
            text = self._("hver %(weekdays)s") % {"weekdays": days}
        elif rule.interval == 2:
            # Translators: every other week: «annenhver mandag og onsdag».
            text = self._("annenhver %(weekdays)s") % {"weekdays": days}
        else:
            text = self._("hver %(interval)d. %(weekdays)s") % {"interval": rule.interval, "weekdays": days}
        return f"{text[0].upper()}{text[1:]} {self._from_to(start, start + rule.duration)}"

    def join(self, words: list[str]) -> str:
        """'mandag', 'mandag og onsdag', 'mandag, onsdag og fredag'."""
        if len(words) == 1:
            return words[0]
        return self._("%(first)s og %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}

    def age_range(self, age_min: int | None, age_max: int | None) -> str:
        """'3–6 år', 'fra 10 år', 'opptil 2 år', or '' when no ages are given."""
        if age_min is not None and age_max is not None:
            return self._("%(min)d–%(max)d år") % {"min": age_min, "max": age_max}
        if age_min is not None:
            return self._("fra %(min)d år") % {"min": age_min}
        return self._("opptil %(max)d år") % {"max": age_max} if age_max is not None else ""

    def price(self, price: int) -> str:
        if price == 0:
            return self._("Gratis")
        return self._("%(amount)s kr") % {"amount": f"{price:,}".replace(",", "\u00a0")}

    def language_name(self, code: str) -> str:
        base = code.split("-")[0]
        return Locale.parse(self.locale).languages.get(base, code)

    def is_other_language(self, code: str) -> bool:
        """Content in ``code`` is not in the site's language (so it is marked, and said)."""
        return code != self.locale

    def lang_attr(self, code: str) -> Markup:
        """' lang="en"' on content in another language than the site's, else nothing.

        An event held in a right-to-left language (Arabic, Persian, Hebrew, Urdu …) gets ' dir="auto"' too:
        its text is laid out right to left when it is written in that script, and left to right when
        staff wrote it in Norwegian (``language`` says what the event is held in, not what script its
        text is in, so a fixed ' dir="rtl"' would turn «Vi leser.» into «.Vi leser»).
        """
        if not self.is_other_language(code):
            return Markup("")
        direction = Markup(' dir="auto"') if self.is_right_to_left(code) else Markup("")
        return Markup(' lang="%s"') % escape(code) + direction

    def site_lang_attr(self, code: str) -> Markup:
        """' lang="nn"' on interface text inside content in ``code`` when that is another language, else nothing.

        Inside right-to-left content, the interface text is set back to left-to-right as well.
        """
        if not self.is_other_language(code):
            return Markup("")
        direction = Markup(' dir="ltr"') if self.is_right_to_left(code) else Markup("")
        return Markup(' lang="%s"') % escape(self.locale) + direction

    def is_right_to_left(self, code: str) -> bool:
        """Content in ``code`` is written right to left (CLDR's character order: Arabic, Persian, Hebrew, Urdu …)."""
        try:
            return Locale.parse(code.replace("-", "_")).character_order == "right-to-left"
        except (ValueError, UnknownLocaleError):
            return False

    # -- labels of fixed values ----------------------------------------------------

    def status_label(self, status: Status) -> str:
        return self._(STATUS_LABELS[status])

    def access_label(self, access: Access) -> str:
        return self._(ACCESS_LABELS[access])

    def registration_label(self, registration: RegistrationType) -> str:
        return self._(REGISTRATION_LABELS[registration])

    def role_label(self, role: str) -> str:
        return self._(ROLE_LABELS[role])

    def episode_type_label(self, episode_type: EpisodeType) -> str:
        return self._(EPISODE_TYPE_LABELS[episode_type])
