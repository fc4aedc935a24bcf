"""What people type in spreadsheets and calendars, read into front-matter values.

Pure functions shared by the table and iCalendar importers. Each returns the
value, or None when it cannot read the input; the caller knows which column
it came from and says so in the report.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ..content.model import Branch

_MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
    "mai": 5, "may": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11,
    "desember": 12, "des": 12, "dec": 12,
}  # fmt: skip
# 'tor 14.01.2027', 'torsdag 14. januar 2027': the weekday adds nothing once the date is read.
_WEEKDAY = re.compile(r"^(?:man|tir|ons|tor|fre|lør|søn|mon|tue|wed|thu|fri|sat|sun)[a-zæøå]*\.?,?\s+")
_MIDNIGHT = re.compile(r"[ t]00[:.]00(?::00)?$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC_DAY = re.compile(r"^(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4}|\d{2})$")
_WORDS_DAY = re.compile(r"^(\d{1,2})\.?\s*([a-zæøå]+)\.?\s+(\d{4})$")
_CLOCK = re.compile(r"^(?:kl\.?\s*)?(\d{1,2})(?:\s*[:.]\s*(\d{2}))?(?::00)?$")
_COMPACT_CLOCK = re.compile(r"^(?:kl\.?\s*)?([01]\d|2[0-3])([0-5]\d)$")
_RANGE = re.compile(r"\s*(?:–|—|-|\btil\b|\bto\b)\s*")
_DATE_AND_TIME = re.compile(r"^(.*?\d)(?:\s+|t|\s*,\s*)(?:kl\.?\s*)?(\d{1,2}[:.]\d{2})(?::\d{2})?$")
_DURATION_PARTS = re.compile(
    r"^(?:(\d+(?:[.,]\d+)?)\s*(?:h|t|timer?|hours?|hrs?)\.?)?\s*(?:(\d+)\s*(?:m|min|minutt(?:er)?|minutes?)\.?)?$"
)
_PRICE = re.compile(r"^(?:kr\.?|nok)?\s*(\d{1,3}(?:[ .\u00a0]?\d{3})*|\d+)\s*(?:,-|,00|kr\.?|kroner|nok|,-\s*kr)?$")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"«(]?[A-ZÆØÅ0-9])")
_LIST_SEPARATORS = re.compile(r"\s*[,;/+\n]\s*|\s+og\s+|\s+and\s+")
_PLAIN_SEPARATORS = re.compile(r"\s*[,;\n]\s*")
_TAG = re.compile(r"<[^>]+>")

ALL_DAY_WORDS = frozenset({"hele dagen", "heldag", "heldags", "i åpningstiden", "all day", "all-day"})
YES = frozenset({"ja", "j", "yes", "y", "x", "true", "sant", "1", "✓", "✔"})
NO = frozenset({"nei", "n", "no", "false", "usant", "0", "-"})
FREE = frozenset({"gratis", "gratis inngang", "fri inngang", "free", "0", "0 kr", "kr 0", "0,-", "-"})
# The Excel epoch: serial day 1 is 1900-01-01, counting Lotus's non-existent 1900-02-29.
_EXCEL_EPOCH = date(1899, 12, 30)


def cell_text(value: object) -> str:
    """A cell as trimmed text: '' for empty, 1234.0 as '1234', non-breaking spaces as spaces."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != time(0) else value.date().isoformat()
    return str(value).replace("\u00a0", " ").strip()


def norm(text: str) -> str:
    """Lower case with single spaces: how headers, names and labels are compared."""
    return " ".join(text.casefold().split())


def parse_day(value: object, date_format: str | None = None) -> date | None:
    """14.01.2027, 14.1.27, 2027-01-14, 14. januar 2027, 'tor 14.01.2027', or an Excel date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 20_000 < value < 80_000:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    # '2027-01-14 00:00:00' is how some tools export a date without a time.
    text = _MIDNIGHT.sub("", _WEEKDAY.sub("", norm(cell_text(value))))
    if date_format:
        try:
            return datetime.strptime(text, date_format).date()
        except ValueError:
            return None
    numbers = _day_numbers(text)
    if numbers is None:
        return None
    year, month, day = numbers
    try:
        return date(year + 2000 if year < 100 else year, month, day)
    except ValueError:
        return None  # 31.02.2027


def _day_numbers(text: str) -> tuple[int, int, int] | None:
    if match := _ISO_DAY.match(text):
        return int(match[1]), int(match[2]), int(match[3])
    if match := _NUMERIC_DAY.match(text):
        return int(match[3]), int(match[2]), int(match[1])
    if (match := _WORDS_DAY.match(text)) and match[2] in _MONTHS:
        return int(match[3]), _MONTHS[match[2]], int(match[1])
    return None


def parse_clock(value: object) -> time | None:
    """18:00, 18.00, kl. 18, 1800, 18:00:00, or an Excel time (a time, or a fraction of a day)."""
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return time(minutes // 60, minutes % 60) if minutes < 24 * 60 else None
    text = norm(cell_text(value))
    match = _CLOCK.match(text) or _COMPACT_CLOCK.match(text)
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None


def parse_clock_range(text: str) -> tuple[time, time] | None:
    """'18.00–19.30', 'kl. 18-20', '18:00 til 19:30'."""
    parts = _RANGE.split(norm(text).removeprefix("kl.").removeprefix("kl").strip())
    if len(parts) != 2:
        return None
    start, end = parse_clock(parts[0]), parse_clock(parts[1])
    return (start, end) if start is not None and end is not None else None


def split_date_time(value: object, date_format: str | None = None) -> tuple[date, time] | None:
    """'14.01.2027 18:00', '2027-01-14T18:00', '14.01.2027 kl. 18.00', or an Excel date-time."""
    if isinstance(value, datetime) and value.time() != time(0):
        return value.date(), value.time().replace(second=0, microsecond=0)
    match = _DATE_AND_TIME.match(norm(cell_text(value)))
    if match is None:
        return None
    day, clock = parse_day(match[1], date_format), parse_clock(match[2])
    # Midnight is how exports write a date without a time, not a library event at 00:00.
    return (day, clock) if day is not None and clock not in (None, time(0)) else None


@dataclass(frozen=True)
class Moment:
    """What a start or end cell says: a day, a time, a range of times, or 'all day'."""

    day: date | None = None
    clock: time | None = None
    until: time | None = None
    all_day: bool = False


def read_moment(value: object, date_format: str | None) -> Moment | None:
    """None when the cell cannot be read; an empty Moment for an empty cell."""
    text = cell_text(value)
    if not text:
        return Moment()
    if norm(text) in ALL_DAY_WORDS:
        return Moment(all_day=True)
    if isinstance(value, datetime) and value.time() == time(0):
        return Moment(day=value.date())  # Excel gives dates in date-time cells as midnight
    if both := split_date_time(value, date_format):
        return Moment(day=both[0], clock=both[1])
    if (clock := parse_clock(value)) is not None:
        return Moment(clock=clock)
    if pair := parse_clock_range(text):
        return Moment(clock=pair[0], until=pair[1])
    if (day := parse_day(value, date_format)) is not None:
        return Moment(day=day)
    return None


def parse_minutes(value: object) -> int | None:
    """A duration in minutes: 90, '90 min', '1t 30m', '1,5 timer', '1:30', '2h', or an Excel time."""
    if isinstance(value, timedelta):
        minutes = round(value.total_seconds() / 60)
    elif isinstance(value, time):
        minutes = value.hour * 60 + value.minute
    elif isinstance(value, int | float) and not isinstance(value, bool):
        minutes = round(value)
    else:
        minutes = _text_minutes(norm(cell_text(value)))
    return minutes if minutes is not None and minutes > 0 else None


def _text_minutes(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if match := re.fullmatch(r"(\d{1,2}):([0-5]\d)", text):
        return int(match[1]) * 60 + int(match[2])
    match = _DURATION_PARTS.match(text.replace(" og ", " "))
    if not text or match is None or not any(match.groups()):
        return None
    hours = float((match[1] or "0").replace(",", "."))
    return round(hours * 60) + int(match[2] or 0)


def format_duration(minutes: int) -> str:
    """90 -> '1h30m', the form the event files use."""
    hours, rest = divmod(minutes, 60)
    return (f"{hours}h" if hours else "") + (f"{rest}m" if rest else "")


def parse_yes_no(value: object) -> bool | None:
    """ja/nei, yes/no, x, 1/0; None when it is neither (an empty cell is no)."""
    if isinstance(value, bool):
        return value
    text = norm(cell_text(value))
    if not text or text in NO:
        return False
    return True if text in YES else None


def parse_price(value: object) -> int | None:
    """Whole kroner: 'Gratis' -> 0, '150 kr', '150,-', 'kr 150', '1 200 kr'; None when it is something else."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() and value >= 0 else None
    text = norm(cell_text(value))
    if not text or text in FREE:
        return 0
    match = _PRICE.match(text)
    return int(re.sub(r"[ .\u00a0]", "", match[1])) if match else None


def first_sentence(text: str, max_length: int = 200) -> str | None:
    """The first sentence of a description, on one line, if it is short enough to be a summary."""
    flat = " ".join(plain_text(text).split())
    if not flat:
        return None
    sentence = _SENTENCE_END.split(flat, maxsplit=1)[0]
    return sentence if len(sentence) <= max_length else None


def plain_text(text: str) -> str:
    """Text from a calendar or spreadsheet that may hold HTML (Outlook, Google): tags out, breaks kept."""
    if "<" not in text:
        return text
    text = re.sub(r"(?i)<br\s*/?>", "\n", text)
    text = re.sub(r"(?i)</p\s*>", "\n\n", text)
    return html.unescape(_TAG.sub("", text))


def split_list(value: object, *, words: bool = False) -> list[str]:
    """'a, b; c' -> the separate items; with ``words`` also 'Barn/Familie' and 'barn og familier'."""
    if isinstance(value, list | tuple):
        return [cell_text(v) for v in value if cell_text(v)]
    separators = _LIST_SEPARATORS if words else _PLAIN_SEPARATORS
    return [part.strip() for part in separators.split(cell_text(value)) if part.strip()]


def match_term(
    text: str, options: Collection[str], hints: Mapping[str, str], table: Mapping[str, str] | None = None
) -> str | None:
    """A controlled-list id for an id, a Norwegian label or slug, or an entry of the mapping's values table."""
    key = norm(text)
    for candidates in (table or {}, {norm(o): o for o in options}, hints):
        if key in candidates and candidates[key] in options:
            return candidates[key]
    return None


def match_branch(text: str, branches: Mapping[str, Branch], table: Mapping[str, str] | None = None) -> str | None:
    """A branch id for its id, name or short name (any case), or an entry of the mapping's values table."""
    key = norm(text)
    if key in (table or {}):
        return (table or {})[key]
    for branch in branches.values():
        if key in {branch.id, norm(branch.name), norm(branch.short_name)}:
            return branch.id
    return None


def find_branch(location: str, branches: Mapping[str, Branch]) -> str | None:
    """The branch whose name, short name or street appears in a free-text place; None when none or unclear."""
    # 'Lia' or 'Lia, Liaveien 2': the place is named exactly, by id, name or short name.
    exact = match_branch(location.split(",")[0], branches)
    if exact is not None:
        return exact
    found: dict[str, int] = {}
    text = norm(location)
    for branch in branches.values():
        for name in (branch.name, branch.short_name, branch.address.street):
            if re.search(rf"(?<!\w){re.escape(norm(name))}(?!\w)", text):
                found[branch.id] = max(found.get(branch.id, 0), len(name))
    if not found:
        return None
    best = sorted(found.items(), key=lambda item: -item[1])
    # Two branches matching equally well ('Havnen' in both names) is a guess: better to ask.
    return best[0][0] if len(best) == 1 or best[0][1] > best[1][1] else None


def branch_choices(branches: Mapping[str, Branch]) -> str:
    return ", ".join(f"{b.id} ({b.name})" for b in sorted(branches.values(), key=lambda b: b.id))
