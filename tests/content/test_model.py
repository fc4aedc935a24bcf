"""parse_event, parse_series, parse_branch and parse_page: dicts in, dataclasses or errors out."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from helpers.model_builders import DROP, EVENT, IMAGE, LIA, SENTRUM, SERIES, TZ, changed, parse_ok, parse_with_errors
from programmet.content.model import (
    Access,
    Address,
    Event,
    EventDetails,
    Frequency,
    Image,
    Registration,
    RegistrationType,
    Status,
    Timespan,
)
from programmet.content.parse import parse_branch, parse_event, parse_page, parse_series

EVENT_PATH = "events/2027/01/forfatterkveld.md"
SERIES_PATH = "series/krim-og-kringle.md"


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def event(changes: dict | None = None, body: str = "") -> Event:
    return parse_ok(parse_event, changed(EVENT, changes or {}), EVENT_PATH, body)


# -- events: happy paths ------------------------------------------------------


def test_full_event_parses_into_typed_values():
    meta = {
        **EVENT,
        "theme": "expert-thursday",
        "audiences": ["adults", "seniors"],
        "age_min": 16,
        "age_max": 99,
        "series": "krim-og-kringle",
        "tags": ["krim", "bakst"],
        "image": {"src": IMAGE, "alt": "Ida Berg på scenen.", "credit": "Foto: Ola Nordmann"},
        "price": 150,
        "price_note": "100 kr for studenter",
        "registration": {
            "type": "ticket",
            "url": "https://checkin.no/event/12345",
            "deadline": "2027-01-13 12:00",
            "note": "Billetter også i skranken.",
        },
        "status": "full",
        "status_note": "Venteliste i skranken.",
        "accessibility": ["sign_language", "hearing_loop"],
        "accessibility_note": "Tegnspråktolk står til venstre for scenen.",
        "language": "nb",
        "organizers": ["Testby bibliotek"],
        "partners": ["Forlaget Fjord"],
        "performers": ["Ida Berg"],
        "stream_url": "https://bibliotektv.example.no/live",
        "featured": True,
    }

    parsed = parse_ok(parse_event, meta, EVENT_PATH, "En kveld om **bøker**.")

    assert parsed == Event(
        id="ev-2027-0114-forfatterkveld",
        slug="forfatterkveld",
        details=EventDetails(
            title="Forfatterkveld med Ida Berg",
            summary="Ida Berg snakker om sin nye roman.",
            branch="sentrum",
            room="Scenen",
            category="literature",
            theme="expert-thursday",
            audiences=("adults", "seniors"),
            age_min=16,
            age_max=99,
            tags=("krim", "bakst"),
            image=Image(IMAGE, "Ida Berg på scenen.", "Foto: Ola Nordmann"),
            price=150,
            price_note="100 kr for studenter",
            registration=Registration(
                RegistrationType.TICKET,
                url="https://checkin.no/event/12345",
                deadline=local("2027-01-13 12:00"),
                note="Billetter også i skranken.",
            ),
            accessibility=(Access.SIGN_LANGUAGE, Access.HEARING_LOOP),
            accessibility_note="Tegnspråktolk står til venstre for scenen.",
            language="nb",
            organizers=("Testby bibliotek",),
            partners=("Forlaget Fjord",),
            performers=("Ida Berg",),
            stream_url="https://bibliotektv.example.no/live",
            body_html="<p>En kveld om <strong>bøker</strong>.</p>",
        ),
        when=Timespan(local("2027-01-14 18:00"), local("2027-01-14 19:30")),
        status=Status.FULL,
        status_note="Venteliste i skranken.",
        original=None,
        series="krim-og-kringle",
        recurrence_date=None,
        featured=True,
        source_path=EVENT_PATH,
    )
    assert parsed.when.start.tzinfo.key == "Europe/Oslo"
    assert parsed.when.start.utcoffset() == timedelta(hours=1)
    assert not parsed.details.is_free


def test_minimal_event_gets_documented_defaults():
    parsed = event()

    assert parsed.status is Status.SCHEDULED
    assert parsed.details.registration == Registration(RegistrationType.NONE)
    assert parsed.details.language == "nb"
    assert parsed.details.is_free
    assert parsed.featured is False
    assert parsed.original is None


def test_all_day_single_day_event():
    parsed = event({"start": "2027-01-16", "end": DROP})

    assert parsed.when == Timespan(date(2027, 1, 16), date(2027, 1, 16))
    assert parsed.when.all_day
    assert not parsed.when.multi_day


def test_multi_day_exhibition_end_is_inclusive():
    parsed = event({"start": "2027-01-08", "end": "2027-01-31", "category": "exhibition", "room": DROP})

    assert parsed.when == Timespan(date(2027, 1, 8), date(2027, 1, 31))
    assert parsed.when.last_day == date(2027, 1, 31)
    assert parsed.when.multi_day


def test_duration_instead_of_end():
    parsed = event({"end": DROP, "duration": "1h30m"})

    assert parsed.when == Timespan(local("2027-01-14 18:00"), local("2027-01-14 19:30"))


def test_moved_event_keeps_the_original_time():
    parsed = event(
        {
            "status": "moved",
            "status_note": "Flyttet en uke.",
            "moved_to": {"start": "2027-01-21 18:00", "duration": "90m"},
        }
    )

    assert parsed.status is Status.MOVED
    assert parsed.when == Timespan(local("2027-01-21 18:00"), local("2027-01-21 19:30"))
    assert parsed.original == Timespan(local("2027-01-14 18:00"), local("2027-01-14 19:30"))


def test_event_in_english():
    assert event({"language": "en"}).details.language == "en"


def test_body_is_rendered_and_raw_html_escaped():
    html = event(body='En kveld om **bøker**. <script>alert("x")</script>').details.body_html

    assert "<strong>bøker</strong>" in html
    assert "&lt;script&gt;" in html
    assert "<script" not in html


# -- events, series and branches: bad inputs -----------------------------------

LONG = "Ord " * 50 + "ord."  # 204 characters

BAD_EVENTS = [
    pytest.param({"titel": "X"}, "titel", "unknown field (did you mean 'title'?)", id="unknown-key"),
    pytest.param({"id": DROP}, "id", "required field is missing", id="missing-id"),
    pytest.param({"title": DROP}, "title", "required field is missing", id="missing-title"),
    pytest.param({"start": DROP}, "start", "required field is missing", id="missing-start"),
    pytest.param({"branch": DROP, "room": DROP}, "branch", "required field is missing", id="missing-branch"),
    pytest.param({"category": DROP}, "category", "required field is missing", id="missing-category"),
    pytest.param({"audiences": DROP}, "audiences", "required field is missing", id="missing-audiences"),
    pytest.param({"audiences": []}, "audiences", "required field is empty", id="empty-audiences"),
    pytest.param({"summary": DROP}, "summary", "required field is missing", id="missing-summary"),
    pytest.param({"start": "next tuesday"}, "start", "not a date-time", id="unparseable-start"),
    pytest.param({"start": "14.01.2027"}, "start", "not a date (YYYY-MM-DD)", id="norwegian-date-order"),
    pytest.param(
        {"start": "2027-03-28 02:30", "end": "2027-03-28 04:00"},
        "start",
        "does not exist in Europe/Oslo",
        id="dst-gap",
    ),
    pytest.param({"end": "2027-01-14 17:00"}, "end", "is before the start", id="end-before-start"),
    pytest.param({"end": "2027-01-14 18:00"}, "end", "is before the start", id="end-equals-start"),
    pytest.param({"end": DROP}, "end", "required for an event with a start time", id="no-end-no-duration"),
    pytest.param({"duration": "90m"}, "duration", "either end or duration", id="end-and-duration"),
    pytest.param({"end": DROP, "duration": "soon"}, "duration", "not a duration", id="bad-duration"),
    pytest.param({"end": "2027-01-14"}, "end", "the start has a time", id="timed-start-date-end"),
    pytest.param(
        {"start": "2027-01-14", "end": DROP, "duration": "2h"},
        "duration",
        "all-day event takes an end date",
        id="all-day-with-duration",
    ),
    pytest.param({"start": "2027-01-14", "end": "2027-01-12"}, "end", "is before the start", id="all-day-end-before"),
    pytest.param({"branch": "sentrm", "room": DROP}, "branch", "(did you mean 'sentrum'?)", id="unknown-branch"),
    pytest.param({"category": "litterature"}, "category", "(did you mean 'literature'?)", id="unknown-category"),
    pytest.param({"audiences": ["adult"]}, "audiences", "(did you mean 'adults'?)", id="unknown-audience"),
    pytest.param({"theme": "expert-thurs"}, "theme", "(did you mean 'expert-thursday'?)", id="unknown-theme"),
    pytest.param(
        {"theme": "family-saturday"},
        "theme",
        "'family-saturday' is for saturdays, but the event is on a thursday",
        id="theme-wrong-weekday",
    ),
    pytest.param({"age_min": 10, "age_max": 6}, "age_max", "is lower than age_min", id="age-min-above-max"),
    pytest.param({"age_min": "tre"}, "age_min", "expected a whole number", id="age-not-a-number"),
    pytest.param({"image": {"src": IMAGE}}, "image.alt", "describe the image", id="image-without-alt"),
    pytest.param(
        {"image": {"src": "images/mangler.jpg", "alt": "X"}}, "image.src", "file not found", id="image-missing"
    ),
    pytest.param(
        {"image": {"src": "images/../../etc/passwd", "alt": "X"}},
        "image.src",
        "must be a file in the images/ folder",
        id="image-dotdot",
    ),
    pytest.param(
        {"image": {"src": "events/bilde.jpg", "alt": "X"}},
        "image.src",
        "must be a file in the images/ folder",
        id="image-outside-images-folder",
    ),
    pytest.param(
        {"image": {"src": "images/plakat.pdf", "alt": "X"}}, "image.src", "not an image file", id="image-not-an-image"
    ),
    pytest.param({"image": IMAGE}, "image", "expected a mapping", id="image-not-mapping"),
    pytest.param(
        {"registration": {"type": "ticket"}}, "registration.url", "required for tickets", id="ticket-without-url"
    ),
    pytest.param(
        {"registration": {"type": "required"}},
        "registration.url",
        "give a url or a note",
        id="required-without-url-or-note",
    ),
    pytest.param(
        {"registration": {"type": "none", "url": "https://checkin.no/event/1"}},
        "registration.type",
        "is 'none', but a url or deadline is given",
        id="registration-none-with-url",
    ),
    pytest.param(
        {"registration": {"type": "required", "note": "Ring oss.", "deadline": "2027-01-15"}},
        "registration.deadline",
        "is after the event starts (2027-01-15 > 2027-01-14)",
        id="deadline-after-event",
    ),
    pytest.param(
        {"registration": {"type": "required", "note": "Ring oss.", "deadline": "2027-01-14 23:00"}},
        "registration.deadline",
        "is after the event starts (2027-01-14 23:00 > 2027-01-14 18:00)",
        id="deadline-later-the-same-day",
    ),
    pytest.param(
        {"registration": {"type": "tickets", "url": "https://checkin.no/event/1"}},
        "registration.type",
        "(did you mean 'ticket'?)",
        id="registration-unknown-type",
    ),
    pytest.param({"status": "moved"}, "moved_to", "required when status is 'moved'", id="moved-without-moved-to"),
    pytest.param(
        {"status": "scheduled", "moved_to": {"start": "2027-01-21 18:00", "duration": "90m"}},
        "moved_to",
        "only allowed with status: moved",
        id="moved-to-while-scheduled",
    ),
    pytest.param(
        {"status": "moved", "moved_to": {"start": "2027-01-21 18:00"}},
        "moved_to.end",
        "required for an event with a start time",
        id="moved-to-without-end",
    ),
    pytest.param({"status": "canceled"}, "status", "(did you mean 'cancelled'?)", id="invalid-status"),
    pytest.param(
        {"start": "2027-01-14 18.30"},
        "start",
        "write the time with a colon: '2027-01-14 18:30', not '2027-01-14 18.30'",
        id="time-with-a-dot",  # fromisoformat would read it as 18:00:00.3
    ),
    pytest.param({"start": "2027-01-14 18"}, "start", "not a date-time (YYYY-MM-DD HH:MM)", id="hour-without-minutes"),
    pytest.param(
        {"stream_url": "http://bibliotektv.example.no/live"}, "stream_url", "not an https:// link", id="http-stream"
    ),
    pytest.param({"language": "xx"}, "language", "not a known language code: 'xx'", id="unknown-language"),
    pytest.param({"language": "Norsk"}, "language", "not a known language code", id="language-name"),
    pytest.param({"summary": LONG}, "summary", "too long: 204 characters, at most 200", id="summary-too-long"),
    pytest.param(
        {"summary": "Første linje.\nAndre linje."}, "summary", "one sentence on one line", id="summary-newline"
    ),
    pytest.param({"id": "Forfatterkveld 2027"}, "id", "not a valid id", id="id-with-space-and-capitals"),
    pytest.param({"id": "ev_2027"}, "id", "not a valid id", id="id-with-underscore"),
    pytest.param({"room": "Kjelleren"}, "room", "'Kjelleren' is not a room at sentrum", id="room-not-at-branch"),
    pytest.param({"price": -50}, "price", "must be between 0 and 100000", id="price-negative"),
    pytest.param({"price": "gratis"}, "price", "expected a whole number, got 'gratis'", id="price-not-a-number"),
    pytest.param({"price": 99.5}, "price", "expected a whole number", id="price-not-whole"),
    pytest.param({"series": "krim-og-kringel"}, "series", "(did you mean 'krim-og-kringle'?)", id="unknown-series"),
    pytest.param({"accessibility": ["wheelchair"]}, "accessibility", "unknown value", id="unknown-access-flag"),
    pytest.param({"tags": {"a": 1}}, "tags", "expected a list of texts", id="tags-not-a-list"),
    pytest.param(
        {"featured": "yes"},
        "featured",
        "expected true or false, got 'yes'",
        id="featured-not-bool",
    ),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_EVENTS)
def test_bad_event(changes, field, message):
    parsed, errors = parse_with_errors(parse_event, changed(EVENT, changes), EVENT_PATH)

    assert [(e.path, e.field) for e in errors] == [(EVENT_PATH, field)], errors
    assert message in errors[0].message
    assert parsed is None


BAD_SERIES = [
    pytest.param({"titel": "X"}, "titel", "(did you mean 'title'?)", id="unknown-key"),
    pytest.param(
        {"recurrence.from": "2027-01-06", "recurrence.until": "2027-01-11"},
        "recurrence",
        "the rule gives no dates between 2027-01-06 and 2027-01-11",
        id="until-before-any-weekday",
    ),
    pytest.param(
        {"exceptions": [{"from": "2027-01-01", "until": "2027-12-31", "note": "Stengt"}]},
        "recurrence",
        "the rule gives no dates",
        id="all-dates-excepted",
    ),
    pytest.param(
        {"recurrence.frequency": "monthly"},
        "recurrence.week_of_month",
        "required for a monthly series",
        id="monthly-without-week-of-month",
    ),
    pytest.param(
        {"recurrence.week_of_month": 1}, "recurrence.week_of_month", "only for monthly", id="weekly-with-week"
    ),
    pytest.param(
        {"recurrence.frequency": "monthly", "recurrence.week_of_month": 0},
        "recurrence.week_of_month",
        "must be 1–4, or -1",
        id="week-of-month-zero",
    ),
    pytest.param(
        {"recurrence.frequency": "daily"}, "recurrence.frequency", "one of monthly, weekly", id="unknown-frequency"
    ),
    pytest.param(
        {"recurrence.weekdays": ["tuesdy"]},
        "recurrence.weekdays",
        "(did you mean 'tuesday'?)",
        id="unknown-weekday",
    ),
    pytest.param(
        {"recurrence.end_time": "17:00"},
        "recurrence.end_time",
        "is not after start_time (17:00 <= 18:00)",
        id="end-time-before-start-time",
    ),
    pytest.param(
        {"recurrence.end_time": DROP}, "recurrence.end_time", "required (or give a duration)", id="no-end-time"
    ),
    pytest.param(
        {"recurrence.duration": "1h"}, "recurrence.duration", "either end_time or duration", id="end-and-duration"
    ),
    pytest.param({"recurrence.start_time": "18"}, "recurrence.start_time", "not a time of day", id="bad-start-time"),
    pytest.param({"recurrence.until": "2027-01-01"}, "recurrence.until", "is before from", id="until-before-from"),
    pytest.param({"recurrence.interval": 0}, "recurrence.interval", "between 1 and 52", id="interval-zero"),
    pytest.param(
        {"overrides": {"2027-01-07": {"status": "cancelled"}}},
        "overrides.2027-01-07",
        "not a date of this series (it meets on tuesday",
        id="override-on-other-weekday",
    ),
    pytest.param(
        {"exceptions": ["2027-01-19"], "overrides": {"2027-01-19": {"status": "cancelled"}}},
        "overrides.2027-01-19",
        "also listed under exceptions",
        id="override-on-exception",
    ),
    pytest.param(
        {"overrides": {"2027-01-19": {"statu": "cancelled"}}},
        "overrides.2027-01-19.statu",
        "(did you mean 'status'?)",
        id="override-unknown-key",
    ),
    pytest.param(
        {"overrides": {"2027-01-19": {"room": "Kjelleren"}}},
        "overrides.2027-01-19.room",
        "is not a room at sentrum",
        id="override-room-not-at-branch",
    ),
    pytest.param(
        {"overrides": {"2027-01-19": {"status": "moved"}}},
        "overrides.2027-01-19.moved_to",
        "required when status is 'moved'",
        id="override-moved-without-moved-to",
    ),
    pytest.param(
        {"overrides": {"19. januar": {"status": "cancelled"}}},
        "overrides.19. januar",
        "not a date (YYYY-MM-DD)",
        id="override-key-not-a-date",
    ),
    pytest.param(
        {"recurrence": DROP, "exceptions": ["2027-01-19"]},
        "recurrence",
        "exceptions and overrides need a recurrence rule",
        id="exceptions-without-recurrence",
    ),
    pytest.param(
        {"recurrence": DROP, "overrides": {"2027-01-19": {"status": "cancelled"}}},
        "recurrence",
        "exceptions and overrides need a recurrence rule",
        id="overrides-without-recurrence",
    ),
    pytest.param(
        {"exceptions": [{"from": "2027-01-20", "until": "2027-01-10"}]},
        "exceptions[0].until",
        "is before from (2027-01-10 < 2027-01-20)",
        id="exception-range-backwards",
    ),
    pytest.param(
        {"exceptions": ["2027-01-05", "5. januar"]},
        "exceptions[1]",
        "not a date (YYYY-MM-DD)",
        id="exception-not-a-date",
    ),
    pytest.param(
        {"theme": "expert-thursday"},
        "theme",
        "'expert-thursday' is for thursdays, but the event is on a tuesday",
        id="theme-wrong-weekday",
    ),
    pytest.param(
        {"recurrence": {**SERIES["recurrence"], "start_time": 18.0}},
        "recurrence.start_time",
        "not a time of day: 18.0; write it with a colon, like 18:00",
        id="unquoted-time-with-a-dot",  # YAML reads 18.00 as a number
    ),
    pytest.param(
        {"recurrence": {**SERIES["recurrence"], "weekdays": ["tirsdag"]}},
        "recurrence.weekdays",
        "unknown value 'tirsdag' (did you mean 'tuesday'?)",
        id="weekday-in-norwegian",
    ),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_SERIES)
def test_bad_series(changes, field, message):
    parsed, errors = parse_with_errors(parse_series, changed(SERIES, changes), SERIES_PATH)

    assert [e.field for e in errors] == [field], errors
    assert message in errors[0].message
    assert parsed is None


BAD_BRANCHES = [
    pytest.param({"emial": "x@testby.no"}, "emial", "(did you mean 'email'?)", id="unknown-key"),
    pytest.param({"name": DROP}, "name", "required field is missing", id="missing-name"),
    pytest.param(
        {"address.postal_code": "460"},
        "address.postal_code",
        "a Norwegian postal code has four digits, got '460'",
        id="postal-code-three-digits",
    ),
    pytest.param({"address.postal_code": "N-4600"}, "address.postal_code", "four digits", id="postal-code-with-prefix"),
    pytest.param({"address.town": DROP}, "address.town", "required field is missing", id="address-without-town"),
    pytest.param({"coordinates": [58.1467]}, "coordinates", "expected [latitude, longitude]", id="one-coordinate"),
    pytest.param({"coordinates": "58.1467, 7.9956"}, "coordinates", "in decimal degrees", id="coordinates-text"),
    pytest.param({"coordinates": [7.9956, 258.1]}, "coordinates", "in decimal degrees", id="coordinates-range"),
    pytest.param({"coordinates": DROP}, "coordinates", "required field is missing", id="missing-coordinates"),
    pytest.param(
        {"map_url": "https://maps.google.com/?q=Torget"},
        "map_url",
        "must link to openstreetmap.org, www.openstreetmap.org, but a browser would go to 'maps.google.com'",
        id="map-url-not-osm",
    ),
    pytest.param({"map_url": "www.openstreetmap.org/x"}, "map_url", "not an https:// link", id="map-url-no-scheme"),
    pytest.param({"rooms": {"Scenen": 1}}, "rooms", "expected a list of texts", id="rooms-not-a-list"),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_BRANCHES)
def test_bad_branch(changes, field, message):
    parsed, errors = parse_with_errors(parse_branch, changed(SENTRUM, changes), "branches/sentrum.md")

    assert [e.field for e in errors] == [field], errors
    assert message in errors[0].message
    assert parsed is None


def test_every_problem_in_a_file_is_reported_together():
    meta = changed(
        EVENT,
        {
            "titel": "Forfatterkveld",
            "title": DROP,
            "start": "i morgen",
            "category": "litterature",
            "stream_url": "http://tv.example.no",
            "registration": {"type": "ticket"},
        },
    )

    parsed, errors = parse_with_errors(parse_event, meta, EVENT_PATH)

    assert parsed is None
    assert sorted(e.field for e in errors) == [
        "category",
        "registration.url",
        "start",
        "stream_url",
        "titel",
    ]
    assert str(errors[0]).startswith(f"{EVENT_PATH}: ")
    # The misspelt key already points at the missing one, so "title" is not reported twice.
    assert [e.message for e in errors if e.field == "titel"] == ["unknown field (did you mean 'title'?)"]


def test_a_norwegian_label_suggests_the_id():
    _, errors = parse_with_errors(parse_event, changed(EVENT, {"audiences": ["voksne"]}), EVENT_PATH)
    assert [(e.field, e.message.split(";")[0]) for e in errors] == [
        ("audiences", "unknown value 'voksne' (did you mean 'adults'?)")
    ]


def test_event_id_cannot_take_the_form_of_an_occurrence_id():
    _, errors = parse_with_errors(parse_event, changed(EVENT, {"id": "krim-og-kringle/2027-01-12"}), EVENT_PATH)

    assert [e.field for e in errors] == ["id"]


# -- series ------------------------------------------------------------------


def test_series_parses_rule_exceptions_and_overrides():
    meta = changed(
        SERIES,
        {
            "exceptions": ["2027-02-16", {"from": "2027-03-22", "until": "2027-03-28", "note": "Påske"}],
            "overrides": {
                "2027-01-26": {"status": "cancelled", "status_note": "Sykdom."},
                "2027-01-12": {"start_time": "17:00", "duration": "2h", "room": "Barneavdelingen"},
            },
        },
    )

    series = parse_ok(parse_series, meta, SERIES_PATH)

    assert (series.id, series.slug, series.details.title) == ("krim-og-kringle", "krim-og-kringle", "Krim og kringle")
    rule = series.recurrence
    assert rule.frequency is Frequency.WEEKLY
    assert (rule.interval, rule.weekdays, rule.week_of_month) == (1, (1,), None)
    assert (rule.start_time, rule.duration) == ("18:00", timedelta(minutes=90))
    assert (rule.first, rule.until) == (date(2027, 1, 5), date(2027, 3, 30))
    assert [(x.first, x.last, x.note) for x in series.exceptions] == [
        (date(2027, 2, 16), date(2027, 2, 16), None),
        (date(2027, 3, 22), date(2027, 3, 28), "Påske"),
    ]
    first, second = series.overrides  # sorted by date
    assert (first.date, first.start_time, first.duration, first.room) == (
        date(2027, 1, 12),
        "17:00",
        timedelta(hours=2),
        "Barneavdelingen",
    )
    assert (second.date, second.status, second.status_note) == (date(2027, 1, 26), Status.CANCELLED, "Sykdom.")


def test_series_without_recurrence_is_a_collection():
    series = parse_ok(parse_series, changed(SERIES, {"recurrence": DROP}), SERIES_PATH)

    assert series.recurrence is None
    assert series.exceptions == series.overrides == ()


def test_series_detail_error_does_not_blame_the_recurrence():
    meta = changed(SERIES, {"category": "litterature", "exceptions": ["2027-01-19"]})

    _, errors = parse_with_errors(parse_series, meta, SERIES_PATH)

    assert [e.field for e in errors] == ["category"]


# -- branches and pages ----------------------------------------------------------


def test_branch_parses_address_coordinates_and_rooms():
    branch = parse_ok(parse_branch, SENTRUM, "branches/sentrum.md", "Et lite bibliotek.")

    assert branch.id == "sentrum"
    assert branch.short_name == "Hovedbiblioteket"
    assert branch.address == Address("Torget 1", "4600", "Testby")
    assert (branch.latitude, branch.longitude) == (58.1467, 7.9956)
    assert branch.rooms == ("Scenen", "Barneavdelingen")
    assert branch.map_url.startswith("https://www.openstreetmap.org/?mlat=58.14670&mlon=7.99560")
    assert branch.body_html == "<p>Et lite bibliotek.</p>"


def test_branch_short_name_defaults_to_name_and_map_url_is_kept():
    meta = changed(LIA, {"map_url": "https://www.openstreetmap.org/node/1"})

    branch = parse_ok(parse_branch, meta, "branches/lia.md")

    assert branch.short_name == "Lia bibliotek"
    assert branch.map_url == "https://www.openstreetmap.org/node/1"
    assert branch.rooms == ()


def test_page_parses():
    meta = {"title": "Om biblioteket", "summary": "Hvem vi er.", "language": "nn"}

    page = parse_ok(parse_page, meta, "pages/om.md", "Vi er *her*.")

    assert (page.slug, page.title, page.summary, page.language) == ("om", "Om biblioteket", "Hvem vi er.", "nn")
    assert page.body_html == "<p>Vi er <em>her</em>.</p>"


@pytest.mark.parametrize(
    ("meta", "body", "field", "message"),
    [
        pytest.param({}, "Tekst.", "title", "required field is missing", id="missing-title"),
        pytest.param({"title": "Om"}, "  \n", "body", "no text below the front matter", id="empty-body"),
        pytest.param({"title": "Om", "date": "2027-01-01"}, "Tekst.", "date", "unknown field", id="unknown-key"),
        pytest.param({"title": "Om", "language": "nor"}, "Tekst.", "language", "not a known", id="bad-language"),
    ],
)
def test_bad_page(meta, body, field, message):
    parsed, errors = parse_with_errors(parse_page, meta, "pages/om.md", body)

    assert [e.field for e in errors] == [field], errors
    assert message in errors[0].message
    assert parsed is None
