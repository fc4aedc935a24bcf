"""Series rules: reading them from front matter, and checking what they give.

The dates themselves are rule_dates.py's (dateutil's arithmetic); the events a
rule gives are occurrences.py's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from ..settings import WEEKDAYS, SeriesLimits
from .dates import parse_moment
from .fields import Fields
from .model import Exception_, Frequency, Override, Recurrence
from .rule_dates import Cover, at_least, count_dates, gives, next_date, rule_dates

WEEKDAY_NAMES = WEEKDAYS
# People write weekdays in Norwegian; the error then suggests the English key.
NORWEGIAN_WEEKDAYS = dict(
    zip(WEEKDAYS, ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"), strict=True)
)
RECURRENCE_KEYS = ("frequency", "interval", "weekdays", "week_of_month", "start_time", "end_time",
                   "duration", "from", "until")  # fmt: skip
EXCEPTION_KEYS = ("from", "until", "note")
# An open-ended rule is checked this far ahead for "yields nothing" and for clock changes
# (and further, as far as the build expands it).
_CHECK_SPAN = timedelta(days=3 * 366)


def parse_recurrence(f: Fields) -> Recurrence | None:
    sub = f.sub("recurrence", RECURRENCE_KEYS)
    if sub is None:
        return None
    before = len(f.errors)
    frequency = sub.choice("frequency", [fr.value for fr in Frequency], required=True)
    weekdays = sub.choices("weekdays", WEEKDAYS, required=True, hints={no: en for en, no in NORWEGIAN_WEEKDAYS.items()})
    week_of_month = sub.integer("week_of_month", -1, 4)
    if week_of_month == 0:
        sub.error("week_of_month", "must be 1–4, or -1 for the last week")
    if frequency == Frequency.MONTHLY.value and week_of_month is None and not sub.has("week_of_month"):
        sub.error("week_of_month", "required for a monthly series (1–4, or -1 for the last)")
    if frequency == Frequency.WEEKLY.value and week_of_month is not None:
        sub.error("week_of_month", "only for monthly series")
    start_time = sub.clock("start_time", required=True)
    duration = _duration(sub, start_time)
    first = sub.day("from", required=True)
    until = sub.day("until")
    if first and until and until < first:
        sub.error("until", f"is before from ({until} < {first})")
    interval = sub.integer("interval", 1, 52) or 1
    if len(f.errors) > before:
        return None
    return Recurrence(
        frequency=Frequency(frequency), interval=interval,
        weekdays=tuple(WEEKDAYS.index(w) for w in weekdays), week_of_month=week_of_month,
        start_time=start_time, duration=duration, first=first, until=until,
    )  # fmt: skip


def _duration(sub: Fields, start_time: str | None) -> timedelta | None:
    """end_time or duration, relative to start_time; None after an error."""
    end_time = sub.clock("end_time")
    duration = sub.duration("duration")
    if end_time and duration:
        sub.error("duration", "give either end_time or duration, not both")
        return None
    if end_time and start_time:
        duration = _minutes(end_time) - _minutes(start_time)
        if duration <= timedelta(0):
            sub.error("end_time", f"is not after start_time ({end_time} <= {start_time})")
            return None
    if duration is None and not sub.has("duration") and not sub.has("end_time"):
        sub.error("end_time", "required (or give a duration)")
    return duration


def _minutes(clock: str) -> timedelta:
    hours, minutes = (int(p) for p in clock.split(":"))
    return timedelta(hours=hours, minutes=minutes)


def parse_exceptions(f: Fields) -> tuple[Exception_, ...]:
    raw = f.meta.get("exceptions")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        f.error("exceptions", "expected a list of dates or {from, until, note} ranges")
        return ()
    found = []
    for index, item in enumerate(raw):
        name = f"exceptions[{index}]"
        if isinstance(item, dict):
            sub = Fields(f.path, item, f.errors, EXCEPTION_KEYS, prefix=f"{name}.")
            sub.check_unknown_keys()
            first, last = sub.day("from", required=True), sub.day("until", required=True)
            if first and last and last < first:
                sub.error("until", f"is before from ({last} < {first})")
            elif first and last:
                found.append(Exception_(first, last, sub.text("note")))
            continue
        day = Fields(f.path, {name: item}, f.errors, (name,)).day(name, required=True)
        if day:
            found.append(Exception_(day, day, None))
    return tuple(found)


def parse_override_times(sub: Fields, rule: Recurrence | None) -> tuple[str | None, timedelta | None]:
    start_time = sub.clock("start_time")
    if not (sub.has("end_time") or sub.has("duration")):
        return start_time, None
    base = start_time or (rule.start_time if rule else None)
    return start_time, _duration(sub, base)


# -- checking ---------------------------------------------------------------


def check_rule(
    f: Fields,
    rule: Recurrence,
    exceptions: tuple[Exception_, ...],
    overrides: tuple[Override, ...],
    tz: ZoneInfo,
    limits: SeriesLimits | None = None,
) -> None:
    """A rule that reaches too far or yields nothing, or an override for a date it does not give, is an error.

    ``limits`` are the build's (Settings.series_limits); only tests of single files leave them out.
    """
    if limits is not None and not _within_limits(f, rule, limits):
        return  # one error says it; the checks below would walk the dates it refuses
    cover = Cover.of(exceptions)
    if _first_kept(rule, cover, rule.until or rule.first + _CHECK_SPAN) is None:
        until = rule.until or "the next three years"
        f.error("recurrence", f"the rule gives no dates between {rule.first} and {until}")
    _check_clock_changes(
        f, rule, _clock_days(rule, cover, overrides, limits), {o.date for o in overrides if o.start_time}, tz
    )
    names = " and ".join(f"{WEEKDAY_NAMES[w]}s" for w in rule.weekdays)
    for exception in exceptions:
        # A single cancelled date must be one the series has; a range (a holiday) may span any days.
        if exception.first == exception.last and not gives(rule, exception.first):
            f.error("exceptions", f"{exception.first} is not a date of this series (it meets on {names})")
    for override in overrides:
        if not gives(rule, override.date):
            f.error(f"overrides.{override.date}", f"not a date of this series (it meets on {names})")
        elif override.date in cover:
            f.error(f"overrides.{override.date}", "this date is also listed under exceptions")


def _within_limits(f: Fields, rule: Recurrence, limits: SeriesLimits) -> bool:
    """A ``from`` long ago (a typo in the year, often) or more dates than a series may have is one error.

    The dates are counted lazily and no further than one past the limit: a rule that would
    give 47,000 is refused after counting 5,001.
    """
    years = limits.max_years_back
    earliest = _years_before(limits.today, years)
    if rule.first < earliest:
        ago = f"{rule.first} is more than {years} year{'s' if years != 1 else ''} ago"
        meant = _meant(rule.first, limits.today, earliest)
        if meant is not None:
            f.error("recurrence.from", f"{ago}; check the year (did you mean {meant}?)")
        else:
            f.error("recurrence.from", f"{ago} (before {earliest}); check the year, or start the series later")
        return False
    last = min(rule.until, limits.last) if rule.until else limits.last
    most = limits.max_occurrences
    if count_dates(rule, last, most) > most:
        found = max(most + 1, at_least(rule, last))
        f.error(
            "recurrence",
            f"the rule gives at least {found:,} dates from {rule.first} to {last}, and a series may have "
            f"at most {most:,}; give it an until, a later from or fewer weekdays",
        )
        return False
    return True


def _years_before(day: date, years: int) -> date:
    if day.year - years < date.min.year:
        return date.min
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _meant(day: date, today: date, earliest: date) -> date | None:
    """The same day this year, next year or last year (not before ``earliest``), if one slip away from ``day``.

    One slip: the century (1926 for 2026), another digit (2016) or two next to each other swapped (2012).
    """
    typed = f"{day.year:04d}"
    for year in (today.year, today.year + 1, today.year - 1):
        wanted = f"{year:04d}"
        wrong = [i for i in range(4) if typed[i] != wanted[i]]
        first = wrong[0] if wrong else 0  # the typed year with its digits at first and first + 1 swapped:
        swapped = typed[:first] + typed[first + 1 : first + 2] + typed[first] + typed[first + 2 :] == wanted
        if typed[2:] == wanted[2:] or len(wrong) == 1 or (len(wrong) == 2 and swapped):
            try:
                meant = day.replace(year=year)
            except ValueError:  # 29 February
                continue
            if meant >= earliest:
                return meant
    return None


def _first_kept(rule: Recurrence, cover: Cover, last: date) -> date | None:
    """The rule's first date up to ``last`` that no exception takes out; each step passes an exception."""
    day = next_date(rule, rule.first)
    while day is not None and day <= last:
        end = cover.end(day)
        if end is None:
            return day
        if end >= last:
            return None
        day = next_date(rule, end + timedelta(days=1))
    return None


def _clock_days(
    rule: Recurrence, cover: Cover, overrides: tuple[Override, ...], limits: SeriesLimits | None
) -> Iterator[date]:
    """The dates whose meeting time becomes a moment: the first three years, all the build
    expands (at most ``max_occurrences``, checked before) and any override further on."""
    last = max(rule.first + _CHECK_SPAN, limits.last) if limits is not None else rule.first + _CHECK_SPAN
    yield from (day for day in rule_dates(rule, last) if day not in cover)
    yield from (o.date for o in overrides if o.date > last and o.date not in cover and gives(rule, o.date))


def _check_clock_changes(f: Fields, rule: Recurrence, days: Iterable[date], moved: set[date], tz: ZoneInfo) -> None:
    """A meeting time that the clocks skip or repeat on one of the dates is an error, as for one event."""
    for day in days:
        if day in moved:
            continue  # an override gives that date its own time (checked where it is read)
        problem = parse_moment(f"{day} {rule.start_time}", tz)
        if isinstance(problem, str):
            f.error("recurrence.start_time", f"{problem}; list {day} under exceptions or choose another time")
            return
