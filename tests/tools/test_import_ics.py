"""The iCalendar importer on a partner's feed: occurrences, time zones, all-day ends, mistakes and re-runs."""

from __future__ import annotations

import threading
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers.importers import IMPORTS, by_origin, meta, read_event, workspace
from helpers.sites import build_site
from helpers.snapshots import snapshot
from programmet.tools.import_drafts import Draft, ImportSetupError, Outcome, format_report
from programmet.tools.import_ics import ICS_SOURCE, drafts_from_ics, read_ics_source
from programmet.tools.import_ledger import LEDGER_NAME
from programmet.tools.import_writer import apply_drafts

FEED = IMPORTS / "kulturhuset.ics"
WINDOW = {"since": date(2027, 1, 1), "until": date(2027, 3, 31)}
KNITTING = "VEVENT 'Strikkekafé på Lia'"


def drafts(content: Path, data: bytes | None = None, **options) -> list[Draft | Outcome]:
    return drafts_from_ics(FEED.read_bytes() if data is None else data, workspace(content), **{**WINDOW, **options})


def run(content: Path, data: bytes | None = None, *, dry_run: bool = False, overwrite: bool = False, **options):
    items = drafts(content, data, **options)
    outcomes = apply_drafts(workspace(content), items, source=ICS_SOURCE, dry_run=dry_run, overwrite=overwrite)
    return by_origin(outcomes)


def calendar(*events: str) -> bytes:
    """A minimal feed around hand-written VEVENT bodies."""
    body = "".join(f"BEGIN:VEVENT\r\nDTSTAMP:20261201T000000Z\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//NO\r\n{body}END:VCALENDAR\r\n".encode()


def test_partner_feed_event_by_event(copy_fixture, tmp_path: Path) -> None:
    content = copy_fixture("small")
    outcomes = run(content)
    actions = {origin: o.action for origin, o in outcomes.items()}
    assert actions == {
        "VEVENT 'Pubquiz'": "skipped",
        f"{KNITTING} 2027-01-14": "created",
        "VEVENT 'Foredrag: Fjordens historie' 2027-01-19": "created",
        f"{KNITTING} 2027-01-21": "created",
        "VEVENT 'Vinterkonsert med Testby skolekorps' 2027-01-23": "created",
        "VEVENT 'Bokbad: Nye stemmer fra Sørlandet' 2027-01-27": "skipped",
        "VEVENT 'Åpen scene' 2027-01-29": "skipped",
        "VEVENT 'Styremøte' 2027-02-03": "skipped",
        f"{KNITTING} 2027-02-04": "created",
        f"{KNITTING} 2027-02-11": "created",
        f"{KNITTING} 2027-02-18": "created",
        "VEVENT 'Vinterferie: Tegneverksted hele uka' 2027-02-22": "created",
    }  # 28 January is an EXDATE; the December market is before the window
    assert outcomes["VEVENT 'Pubquiz'"].reason.startswith("DTSTART: ")
    assert outcomes["VEVENT 'Bokbad: Nye stemmer fra Sørlandet' 2027-01-27"].reason.startswith(
        "LOCATION 'Testby kulturhus, Storgata 5' matches no branch; give --branch"
    )
    assert outcomes["VEVENT 'Åpen scene' 2027-01-29"].reason.startswith("DESCRIPTION: it is empty")
    assert "CLASS:PRIVATE" in outcomes["VEVENT 'Styremøte' 2027-02-03"].reason

    build_site(content, tmp_path / "site")  # strict: any content error raises
    assert (tmp_path / "site" / "arrangement" / "2027-01-14-strikkekafe-pa-lia" / "index.html").is_file()


def test_partner_feed_values_read_back(copy_fixture) -> None:
    content = copy_fixture("small")
    outcomes = run(content)

    knitting = read_event(content, outcomes[f"{KNITTING} 2027-01-14"].path)
    assert (knitting.meta["start"], knitting.meta["end"]) == ("2027-01-14 18:00", "2027-01-14 20:00")
    assert (knitting.meta["branch"], knitting.meta["category"], knitting.meta["audiences"]) == (
        "lia", "meetup", ["adults"],
    )  # fmt: skip
    assert knitting.meta["summary"] == "Ta med strikketøyet og bli med på en hyggelig kveld på biblioteket."
    # Folded lines are joined again, escaped commas unescaped, Norwegian letters intact.
    assert "kaffe, te og garn" in knitting.body
    assert "Arrangeres i samarbeid med Testby husflidslag." in knitting.body
    assert knitting.body.rstrip().endswith(
        "[Mer informasjon](https://kulturhus.testby.example/arrangement/strikkekafe)"
    )

    moved = meta(content, outcomes[f"{KNITTING} 2027-02-04"].path)
    assert (moved["start"], moved["end"]) == ("2027-02-04 19:00", "2027-02-04 21:00")  # the moved occurrence

    concert = meta(content, outcomes["VEVENT 'Vinterkonsert med Testby skolekorps' 2027-01-23"].path)
    assert (concert["start"], concert["end"]) == ("2027-01-23 15:00", "2027-01-23 16:00")  # 14:00Z is 15:00 in Oslo
    assert (concert["branch"], concert["room"], concert["category"], concert["audiences"]) == (
        "sentrum", "Scenen", "stage", ["families"],
    )  # fmt: skip

    talk = meta(content, outcomes["VEVENT 'Foredrag: Fjordens historie' 2027-01-19"].path)
    assert (talk["status"], talk["category"]) == ("cancelled", "talks")
    assert talk["summary"] == "Historiker Øystein Ærø forteller om livet langs fjorden gjennom tusen år."

    holiday = meta(content, outcomes["VEVENT 'Vinterferie: Tegneverksted hele uka' 2027-02-22"].path)
    # DTEND;VALUE=DATE:20270227 is exclusive: the workshop's last day is Friday the 26th.
    assert (holiday["start"], holiday["end"]) == ("2027-02-22", "2027-02-26")
    assert (holiday["category"], holiday["audiences"]) == ("workshop", ["children"])


def test_defaults_place_events_the_feed_does_not(copy_fixture) -> None:
    content = copy_fixture("small")
    outcomes = run(content, branch="Hovedbiblioteket", category="foredrag", audiences=["voksne"])
    book_talk = outcomes["VEVENT 'Bokbad: Nye stemmer fra Sørlandet' 2027-01-27"]
    assert book_talk.action == "created"
    source = read_event(content, book_talk.path)
    assert (source.meta["branch"], source.meta["category"], source.meta["audiences"]) == (
        "sentrum", "literature", ["adults"],
    )  # fmt: skip  # CATEGORIES:Litteratur wins over --category
    assert "Sted: Testby kulturhus, Storgata 5" in source.body


@pytest.mark.parametrize(
    ("options", "message"),
    [({"branch": "Sentrumsfilialen"}, "--branch 'Sentrumsfilialen' is not a branch"),
     ({"category": "konsert"}, "--category 'konsert' is not a category"),
     ({"audiences": ["voksne", "pensjonister"]}, "--audience 'pensjonister' is not an audience")],
)  # fmt: skip
def test_wrong_defaults_stop_before_any_event(copy_fixture, options: dict, message: str) -> None:
    with pytest.raises(ImportSetupError, match=message):
        drafts(copy_fixture("small"), **options)


def test_occurrence_keys_are_stable_and_distinct(copy_fixture) -> None:
    content = copy_fixture("small")
    keys = [d.key for d in drafts(content) if isinstance(d, Draft)]
    assert len(keys) == len(set(keys))
    knitting = sorted(k for k in keys if "strikkekafe" in k)
    assert knitting[0] == "20261120T101500-strikkekafe@kulturhus.testby.example/20270114T170000Z"
    # The moved occurrence keeps the key of the date it replaces (its RECURRENCE-ID).
    assert "20261120T101500-strikkekafe@kulturhus.testby.example/20270204T170000Z" in knitting
    assert "vinterkonsert-2027@kulturhus.testby.example" in keys


def test_rerun_is_unchanged_and_creates_nothing(copy_fixture) -> None:
    content = copy_fixture("small")
    first = run(content)
    before = snapshot(content)
    second = run(content)
    assert snapshot(content) == before
    assert {o.action for o in second.values()} == {"unchanged", "skipped"}
    assert all(second[origin].path == o.path for origin, o in first.items() if o.action == "created")


def test_partner_moves_a_concert(copy_fixture) -> None:
    content = copy_fixture("small")
    origin = "VEVENT 'Vinterkonsert med Testby skolekorps' 2027-01-23"
    first = run(content)
    old = meta(content, first[origin].path)
    changed = FEED.read_bytes().replace(b"DTSTART:20270123T140000Z", b"DTSTART:20270123T150000Z")
    changed = changed.replace(b"DTEND:20270123T150000Z", b"DTEND:20270123T163000Z")
    second = run(content, changed)
    assert (second[origin].action, second[origin].path) == ("updated", first[origin].path)
    assert second[origin].reason == "start, end changed"
    new = meta(content, first[origin].path)
    assert new["id"] == old["id"]
    assert (new["start"], new["end"]) == ("2027-01-23 16:00", "2027-01-23 17:30")


def test_hand_edit_is_kept_and_overwrite_replaces_it(copy_fixture) -> None:
    content = copy_fixture("small")
    origin = "VEVENT 'Foredrag: Fjordens historie' 2027-01-19"
    first = run(content)
    path = content / first[origin].path
    path.write_text(path.read_text(encoding="utf-8") + "\nForedraget flyttes til høsten.\n", encoding="utf-8")
    assert "edited by hand" in run(content)[origin].reason
    replaced = run(content, overwrite=True)[origin]
    assert (replaced.action, replaced.path) == ("updated", first[origin].path)
    assert "høsten" not in path.read_text(encoding="utf-8")


def test_dry_run_writes_nothing(copy_fixture) -> None:
    content = copy_fixture("small")
    before = snapshot(content)
    outcomes = run(content, dry_run=True)
    assert snapshot(content) == before
    assert not (content / LEDGER_NAME).exists()
    report = format_report(outcomes.values(), dry_run=True).splitlines()
    assert f"{KNITTING} 2027-01-14: would create events/2027/01/2027-01-14-strikkekafe-pa-lia.md" in report
    assert report[-1] == "Dry run: nothing was written. It would have: 8 created, 0 updated, 0 unchanged, 4 skipped."


@pytest.mark.parametrize(
    ("event", "expected"),
    [("UID:a\r\nSUMMARY:Bokdag\r\nDTSTART;VALUE=DATE:20270301\r\nDTEND;VALUE=DATE:20270302", {"start": "2027-03-01"}),
     ("UID:b\r\nSUMMARY:Bokdag\r\nDTSTART;VALUE=DATE:20270301", {"start": "2027-03-01"}),
     ("UID:c\r\nSUMMARY:Bokprat\r\nDTSTART:20270301T180000\r\nDURATION:PT1H30M",
      {"start": "2027-03-01 18:00", "end": "2027-03-01 19:30"}),
     ("UID:d\r\nSUMMARY:Bokprat\r\nDTSTART:20270329T080000Z\r\nDTEND:20270329T090000Z",
      {"start": "2027-03-29 10:00", "end": "2027-03-29 11:00"})],
    ids=["one-day-all-day", "all-day-without-dtend", "floating-time-with-duration", "utc-in-summer-time"],
)  # fmt: skip
def test_times_become_local_wall_clock(copy_fixture, event: str, expected: dict) -> None:
    data = calendar(f"{event}\r\nLOCATION:Lia bibliotek\r\nDESCRIPTION:Om bøker.")
    [draft] = drafts(copy_fixture("small"), data, category="literature", audiences=["adults"])
    assert isinstance(draft, Draft)
    assert {k: v for k, v in draft.meta.items() if k in ("start", "end")} == expected


def test_a_date_of_one_of_our_series_is_not_imported_again(copy_fixture) -> None:
    # The partner lists our baby club; it is already in the programme as a series date.
    data = calendar(
        "UID:baby-0112\r\nSUMMARY:Babyklubb\r\nDTSTART;TZID=Europe/Oslo:20270112T100000\r\n"
        "DTEND;TZID=Europe/Oslo:20270112T110000\r\nLOCATION:Testby hovedbibliotek\r\nDESCRIPTION:Sang og regler.",
        "UID:baby-0113\r\nSUMMARY:Babyklubb\r\nDTSTART;TZID=Europe/Oslo:20270113T100000\r\n"
        "DTEND;TZID=Europe/Oslo:20270113T110000\r\nLOCATION:Testby hovedbibliotek\r\nDESCRIPTION:Sang og regler.",
    )
    content = copy_fixture("small")
    outcomes = run(content, data, category="meetup", audiences=["toddlers"])
    assert outcomes["VEVENT 'Babyklubb' 2027-01-12"].reason == "already in the programme as series/babyklubb.md"
    assert outcomes["VEVENT 'Babyklubb' 2027-01-13"].action == "created"  # a Wednesday: not a series date


def test_event_without_end_is_skipped(copy_fixture) -> None:
    data = calendar("UID:e\r\nSUMMARY:Bokprat\r\nDTSTART:20270301T180000\r\nLOCATION:Lia\r\nDESCRIPTION:Om bøker.")
    [outcome] = drafts(copy_fixture("small"), data, category="literature", audiences=["adults"])
    assert isinstance(outcome, Outcome)
    assert outcome.reason == "DTEND: missing or not after DTSTART, so the event has no length"


@pytest.mark.parametrize(
    "data",
    [b"", b"<!DOCTYPE html><html><body>Not found</body></html>", FEED.read_bytes()[:2000],
     b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ola\r\nEND:VCARD\r\n"],
    ids=["empty", "html-page", "cut-off", "vcard"],
)  # fmt: skip
def test_broken_files_are_setup_errors(copy_fixture, data: bytes) -> None:
    with pytest.raises(ImportSetupError, match="iCalendar"):
        drafts(copy_fixture("small"), data)


def test_read_source_from_file_and_url(tmp_path: Path) -> None:
    assert read_ics_source(str(FEED)) == FEED.read_bytes()
    with pytest.raises(ImportSetupError, match="no such file"):
        read_ics_source(str(tmp_path / "mangler.ics"))
    handler = partial(SimpleHTTPRequestHandler, directory=str(IMPORTS))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        assert read_ics_source(f"{base}/kulturhuset.ics") == FEED.read_bytes()
        with pytest.raises(ImportSetupError, match="answered 404"):
            read_ics_source(f"{base}/mangler.ics")
    finally:
        server.shutdown()
        server.server_close()
    with pytest.raises(ImportSetupError, match="could not fetch"):
        read_ics_source(base + "/kulturhuset.ics", timeout=2)
