"""The typed content model: frozen dataclasses, built once by parse.py.

No Pelican import here: feeds, pages and tests all work on these objects.
The front-matter fields of each type are listed in docs/content-reference.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum


class Status(Enum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"
    MOVED = "moved"
    FULL = "full"


class RegistrationType(Enum):
    NONE = "none"
    REQUIRED = "required"
    TICKET = "ticket"


class Access(Enum):
    """Accessibility flags an event can carry (Bufdir's recommended set)."""

    SIGN_LANGUAGE = "sign_language"
    TEXT_INTERPRETED = "text_interpreted"
    HEARING_LOOP = "hearing_loop"
    STEP_FREE = "step_free"


@dataclass(frozen=True)
class Timespan:
    """When something happens.

    Timed: ``start``/``end`` are aware datetimes in Europe/Oslo, ``end`` exclusive.
    All-day: ``start``/``end`` are dates and ``end`` is the last day, inclusive
    (as people write it); calendar feeds add the day that iCalendar wants.
    """

    start: datetime | date
    end: datetime | date

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def first_day(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def last_day(self) -> date:
        if isinstance(self.end, datetime):
            # An event ending at midnight does not occupy the next day.
            return (self.end - timedelta(microseconds=1)).date()
        return self.end

    @property
    def multi_day(self) -> bool:
        return self.last_day > self.first_day

    @property
    def sort_key(self) -> tuple[date, int, str]:
        """Order by day; all-day events before timed ones on the same day."""
        if isinstance(self.start, datetime):
            return (self.first_day, 1, self.start.strftime("%H:%M"))
        return (self.first_day, 0, "")


@dataclass(frozen=True)
class Image:
    src: str  # path under the content folder, e.g. images/books.jpg
    alt: str
    credit: str | None = None


@dataclass(frozen=True)
class Address:
    street: str
    postal_code: str
    town: str


@dataclass(frozen=True)
class Registration:
    type: RegistrationType
    url: str | None = None
    deadline: datetime | date | None = None
    note: str | None = None


NO_REGISTRATION = Registration(RegistrationType.NONE)


@dataclass(frozen=True)
class Branch:
    """A library branch (content/branches/<id>.md).

    Front matter: id, name, short_name, address {street, postal_code, town},
    coordinates [lat, lon], opening_hours, accessibility, map_url, rooms, phone,
    email, image {src, alt, credit}; the body is its description.
    """

    id: str
    name: str
    short_name: str
    address: Address
    latitude: float
    longitude: float
    opening_hours: str
    accessibility: str
    map_url: str
    rooms: tuple[str, ...]
    phone: str | None
    email: str | None
    image: Image | None
    body_html: str
    source_path: str


@dataclass(frozen=True)
class EventDetails:
    """What events and series share: everything but the time.

    Front matter: title, summary, branch, room, category, theme, audiences,
    age_min, age_max, tags, image, price, price_note, registration {type, url,
    deadline, note}, accessibility, accessibility_note, language, organizers,
    partners, performers, stream_url; the body is the description.
    """

    title: str
    summary: str
    branch: str
    room: str | None
    category: str
    theme: str | None
    audiences: tuple[str, ...]
    age_min: int | None
    age_max: int | None
    tags: tuple[str, ...]
    image: Image | None
    price: int
    price_note: str | None
    registration: Registration
    accessibility: tuple[Access, ...]
    accessibility_note: str | None
    language: str
    organizers: tuple[str, ...]
    partners: tuple[str, ...]
    performers: tuple[str, ...]
    stream_url: str | None
    body_html: str

    @property
    def is_free(self) -> bool:
        return self.price == 0


@dataclass(frozen=True)
class Event:
    """One dated event: a one-off file in content/events/ or a series occurrence.

    ``id`` is permanent (the future calendar UID). For an occurrence it is
    ``<series id>/<original date>``, which survives moves and edits.
    ``when`` is where the event now takes place: for a moved event, the new time;
    ``original`` then keeps the time it was first announced for.

    Front matter (content/events/**.md): id, the EventDetails fields, start,
    end | duration, series, status, status_note, moved_to {start, end | duration},
    featured.
    """

    id: str
    slug: str
    details: EventDetails
    when: Timespan
    status: Status
    status_note: str | None
    original: Timespan | None
    series: str | None
    recurrence_date: date | None
    featured: bool
    source_path: str

    @property
    def is_occurrence(self) -> bool:
        return self.recurrence_date is not None


class Frequency(Enum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"


@dataclass(frozen=True)
class Recurrence:
    frequency: Frequency
    interval: int
    weekdays: tuple[int, ...]  # 0 = Monday
    week_of_month: int | None
    start_time: str  # "HH:MM", local wall-clock
    duration: timedelta
    first: date
    until: date | None


@dataclass(frozen=True)
class Exception_:
    """Dates of a series without an occurrence (holidays)."""

    first: date
    last: date
    note: str | None

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last

    @property
    def span(self) -> Timespan:
        return Timespan(self.first, self.last)


@dataclass(frozen=True)
class Override:
    """A change to one occurrence of a series, keyed by its original date."""

    date: date
    status: Status | None
    status_note: str | None
    start_time: str | None
    duration: timedelta | None
    room: str | None
    registration: Registration | None
    moved_to: Timespan | None


@dataclass(frozen=True)
class Series:
    """A recurring series or a collection of events (content/series/<slug>.md).

    Front matter: id, the EventDetails fields, recurrence {frequency, interval,
    weekdays, week_of_month, start_time, end_time | duration, from, until},
    exceptions [date | {from, until, note}], overrides {date: {status,
    status_note, start_time, end_time | duration, room, registration, moved_to}}.
    """

    id: str
    slug: str
    details: EventDetails
    recurrence: Recurrence | None
    exceptions: tuple[Exception_, ...]
    overrides: tuple[Override, ...]
    source_path: str


@dataclass(frozen=True)
class Page:
    """A plain page (content/pages/<slug>.md). Front matter: title, summary, language."""

    slug: str
    title: str
    summary: str | None
    language: str
    body_html: str
    source_path: str
