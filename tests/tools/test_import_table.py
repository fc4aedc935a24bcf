"""The spreadsheet importer on realistic exports: what it writes, what it skips and why, and re-runs."""

from __future__ import annotations

import shutil
from datetime import date, datetime, time
from pathlib import Path

import pytest
from helpers.importers import IMPORTS, by_origin, demo_branches_tree, meta, read_event, workspace
from helpers.sites import ROOT, build_site
from helpers.snapshots import snapshot
from openpyxl import Workbook
from programmet.tools.import_drafts import Draft, ImportSetupError, format_report
from programmet.tools.import_ledger import LEDGER_NAME
from programmet.tools.import_mapping import DEFAULT_MAPPING, ColumnMapping, load_mapping, parse_mapping
from programmet.tools.import_table import drafts_from_table, ignored_columns, parse_csv, read_table
from programmet.tools.import_values import parse_clock, parse_day, parse_minutes, parse_price
from programmet.tools.import_writer import apply_drafts

EXCEL_CSV = IMPORTS / "program-excel.csv"
CRESCAT_CSV = IMPORTS / "crescat-export.csv"
CRESCAT_MAPPING = ROOT / "imports" / "crescat.yaml"


def run(content: Path, table: Path, mapping: ColumnMapping = DEFAULT_MAPPING, **options) -> dict:
    """Import ``table`` into ``content`` as the command does: read the tree, read the file, apply."""
    options = {"dry_run": False, "overwrite": False, **options}
    ws = workspace(content)
    items = drafts_from_table(read_table(table), mapping, ws)
    return by_origin(apply_drafts(ws, items, source=mapping.source, **options))


@pytest.fixture
def excel_csv(tmp_path: Path) -> Path:
    """A copy of the Excel export that a test may change."""
    copy = tmp_path / "program.csv"
    shutil.copy(EXCEL_CSV, copy)
    return copy


def edit_csv(path: Path, old: str, new: str) -> None:
    text = path.read_bytes().decode("cp1252")
    assert old in text
    path.write_bytes(text.replace(old, new).encode("cp1252"))


# -- values -----------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["14.01.2027", "14.1.2027", "14.1.27", "2027-01-14", "14. januar 2027", "tor 14.01.2027",
              datetime(2027, 1, 14), 46401],
)  # fmt: skip
def test_dates_in_the_forms_people_write_them(value: object) -> None:
    assert parse_day(value) == date(2027, 1, 14)


@pytest.mark.parametrize("value", ["31.02.2027", "14.13.2027", "neste torsdag", "", "2027"])
def test_impossible_dates_are_not_dates(value: str) -> None:
    assert parse_day(value) is None


@pytest.mark.parametrize("value", ["18:00", "18.00", "kl. 18", "kl 18.00", "1800", "18:00:00", time(18), 0.75])
def test_times_in_the_forms_people_write_them(value: object) -> None:
    assert parse_clock(value) == time(18, 0)


@pytest.mark.parametrize("value", ["25:00", "18:75", "kveld", ""])
def test_impossible_times_are_not_times(value: str) -> None:
    assert parse_clock(value) is None


@pytest.mark.parametrize("value", ["90", "90 min", "1t30m", "1t 30 min", "1,5 timer", "1:30", "1h30m"])
def test_durations(value: str) -> None:
    assert parse_minutes(value) == 90


@pytest.mark.parametrize(
    ("value", "kroner"),
    [("Gratis", 0), ("", 0), ("150", 150), ("150 kr", 150), ("150,-", 150), ("kr 150", 150), ("1 200 kr", 1200),
     (200, 200), ("100/50", None), ("150,50", None), ("fra 100", None)],
)  # fmt: skip
def test_prices(value: object, kroner: int | None) -> None:
    assert parse_price(value) == kroner


# -- reading files ----------------------------------------------------------


def test_norwegian_excel_csv_is_read_as_windows_1252_with_semicolons() -> None:
    table = read_table(EXCEL_CSV)
    assert table.header[7:9] == ("Kategori", "Målgruppe")
    numbers = [number for number, _ in table.rows]
    # The empty row 9 is left out; the quoted description of row 3 spans three lines but is one row.
    assert numbers == [2, 3, 4, 5, 6, 7, 8, 10, 11, 12]
    assert table.rows[1][1][1] == "Forfattermøte med Åse Ødegård"
    assert "Boken kan kjøpes" in table.rows[1][1][10]


def test_utf8_csv_with_bom_and_commas() -> None:
    table = read_table(CRESCAT_CSV)
    assert table.header[0] == "Event ID"  # no byte-order mark glued to the first header
    assert table.rows[0][1][1] == "Konsert: Duo Saltvann"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [("Tittel\tDato\r\nBokprat\t14.01.2027\r\n", "utf-16"),
     ("sep=;\r\nTittel;Dato\r\nBokprat;14.01.2027\r\n", "utf-8"),
     ("Tittel,Dato\nBokprat,14.01.2027\n", "utf-8")],
    ids=["utf-16-tabs", "excel-sep-line", "plain"],
)  # fmt: skip
def test_other_csv_dialects(data: str, encoding: str) -> None:
    table = parse_csv(data.encode(encoding))
    assert table.header == ("Tittel", "Dato")
    assert table.rows[0][1] == ("Bokprat", "14.01.2027")


def test_unreadable_files_are_setup_errors(tmp_path: Path) -> None:
    (tmp_path / "program.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip file")
    (tmp_path / "empty.csv").write_bytes(b"\r\n;;;\r\n")
    for name, message in [("program.xls", "not a .csv or .xlsx"), ("broken.xlsx", "cannot read"),
                          ("empty.csv", "no rows"), ("missing.csv", "cannot read")]:  # fmt: skip
        with pytest.raises(ImportSetupError, match=message):
            read_table(tmp_path / name)


# -- the Excel export into the small fixture --------------------------------


def test_excel_export_row_by_row(copy_fixture, tmp_path: Path) -> None:
    content = copy_fixture("small")
    outcomes = run(content, EXCEL_CSV)

    actions = {origin: o.action for origin, o in outcomes.items()}
    assert actions == {
        "row 2": "created", "row 3": "created", "row 4": "created", "row 5": "created",
        "row 6": "skipped", "row 7": "skipped", "row 8": "skipped", "row 10": "skipped",
        "row 11": "skipped", "row 12": "skipped",
    }  # fmt: skip
    assert outcomes["row 6"].reason == "Dato: '31.02.2027' is not a date (like 14.01.2027)"
    assert "Bibliotek: 'Sentrumsfilialen' matches no branch" in outcomes["row 7"].reason
    assert "Kategori: 'Koding' is not a known category" in outcomes["row 8"].reason
    assert outcomes["row 10"].reason == "duplicate of row 2"
    assert outcomes["row 11"].reason.startswith("Start: no start time")
    # Already in the fixture by hand (no ledger entry): the safety net by title, start and branch.
    assert outcomes["row 12"].reason == "already in the programme as events/2027/01/2027-01-14-forfatterkveld.md"

    ws = workspace(content)
    for outcome in outcomes.values():
        if outcome.action == "created":
            text = (content / outcome.path).read_text(encoding="utf-8")
            # Its own id is in the tree now; any other error would be a file the build rejects.
            assert [e for e in ws.check(outcome.path, text) if e.field != "id"] == []
    build_site(content, tmp_path / "site")  # strict: any content error raises
    for outcome in outcomes.values():
        if outcome.action == "created":
            assert (tmp_path / "site" / "arrangement" / Path(outcome.path).stem / "index.html").is_file()


def test_excel_export_values_read_back(copy_fixture) -> None:
    content = copy_fixture("small")
    outcomes = run(content, EXCEL_CSV)

    knitting = meta(content, outcomes["row 2"].path)
    assert knitting["id"] == "ev-2027-0114-strikkekafe-pa-lia"
    assert outcomes["row 2"].path == "events/2027/01/2027-01-14-strikkekafe-pa-lia.md"
    assert (knitting["start"], knitting["end"], knitting["branch"]) == ("2027-01-14 18:00", "2027-01-14 20:00", "lia")
    assert (knitting["category"], knitting["audiences"]) == ("meetup", ["adults", "seniors"])
    assert "price" not in knitting and "registration" not in knitting and "accessibility" not in knitting

    author = read_event(content, outcomes["row 3"].path)
    assert author.meta["title"] == "Forfattermøte med Åse Ødegård"
    assert (author.meta["start"], author.meta["end"]) == ("2027-01-21 19:00", "2027-01-21 20:30")
    assert (author.meta["branch"], author.meta["room"]) == ("sentrum", "Scenen")  # 'scenen' in the sheet
    assert author.meta["summary"] == "Åse Ødegård leser fra romanen «Ærlig talt»."  # the description's first sentence
    assert author.meta["registration"] == {"type": "ticket", "url": "https://checkin.no/event/4411"}
    assert author.meta["price"] == 150
    assert author.meta["accessibility"] == ["sign_language"]
    assert "Boken kan kjøpes på stedet – ta med kontanter eller Vipps." in author.body

    story = meta(content, outcomes["row 4"].path)
    assert (story["start"], story["end"]) == ("2027-01-23 11:00", "2027-01-23 11:45")
    assert story["audiences"] == ["children", "families"]
    assert (story["status"], story["room"]) == ("cancelled", "Barneavdelingen")

    exhibition = meta(content, outcomes["row 5"].path)
    assert (exhibition["start"], exhibition["end"]) == ("2027-02-01", "2027-02-28")


def test_report_lines_and_counts(copy_fixture) -> None:
    content = copy_fixture("small")
    outcomes = run(content, EXCEL_CSV)
    lines = format_report(outcomes.values(), dry_run=False).splitlines()
    assert lines[0] == "row 2: created events/2027/01/2027-01-14-strikkekafe-pa-lia.md"
    assert "row 6: skipped: Dato: '31.02.2027' is not a date (like 14.01.2027)" in lines
    assert "row 10: skipped: duplicate of row 2" in lines
    assert lines[-1] == "Done: 4 created, 0 updated, 0 unchanged, 6 skipped."


def test_dry_run_writes_nothing(copy_fixture) -> None:
    content = copy_fixture("small")
    before = snapshot(content)
    outcomes = run(content, EXCEL_CSV, dry_run=True)
    assert snapshot(content) == before
    assert not (content / LEDGER_NAME).exists()
    assert outcomes["row 2"].action == "created"
    report = format_report(outcomes.values(), dry_run=True)
    assert "row 2: would create events/2027/01/2027-01-14-strikkekafe-pa-lia.md" in report.splitlines()
    assert report.splitlines()[-1].startswith("Dry run: nothing was written.")


def test_rerun_is_unchanged_and_creates_nothing(copy_fixture) -> None:
    content = copy_fixture("small")
    first = run(content, EXCEL_CSV)
    after_first = snapshot(content)
    second = run(content, EXCEL_CSV)
    assert snapshot(content) == after_first  # not even the ledger is rewritten
    for origin, outcome in first.items():
        expected = "unchanged" if outcome.action == "created" else "skipped"
        assert (second[origin].action, second[origin].path) == (expected, outcome.path)


def test_changed_time_in_the_source_updates_the_same_file(copy_fixture, excel_csv: Path) -> None:
    content = copy_fixture("small")
    first = run(content, excel_csv)
    old = meta(content, first["row 2"].path)
    edit_csv(excel_csv, "14.01.2027;18.00;20.00;Lia", "14.01.2027;18.30;20.00;Lia")

    second = run(content, excel_csv)
    assert (second["row 2"].action, second["row 2"].path) == ("updated", first["row 2"].path)
    assert second["row 2"].reason == "start changed"
    new = meta(content, first["row 2"].path)
    assert new["id"] == old["id"]
    assert new["start"] == "2027-01-14 18:30"
    assert second["row 3"].action == "unchanged"
    assert len(list((content / "events").rglob("*strikkekafe*"))) == 1


def test_hand_edited_file_is_kept_unless_overwrite(copy_fixture, excel_csv: Path) -> None:
    content = copy_fixture("small")
    first = run(content, excel_csv)
    path = content / first["row 2"].path
    edited = path.read_text(encoding="utf-8").replace("Vi strikker", "Vi strikker (nå med vafler)")
    path.write_text(edited, encoding="utf-8")
    edit_csv(excel_csv, "14.01.2027;18.00;20.00;Lia", "14.01.2027;18.30;20.00;Lia")

    kept = run(content, excel_csv)
    assert kept["row 2"].action == "skipped"
    assert kept["row 2"].reason == (
        f"{first['row 2'].path} was edited by hand since the last import; use --overwrite to replace it"
    )
    assert path.read_text(encoding="utf-8") == edited

    replaced = run(content, excel_csv, overwrite=True)
    assert (replaced["row 2"].action, replaced["row 2"].path) == ("updated", first["row 2"].path)
    source = read_event(content, first["row 2"].path)
    assert source.meta["id"] == "ev-2027-0114-strikkekafe-pa-lia"
    assert source.meta["start"] == "2027-01-14 18:30"
    assert "vafler" not in source.body
    assert run(content, excel_csv)["row 2"].action == "unchanged"  # the ledger took the new hash


def test_deleted_file_is_not_recreated_unless_overwrite(copy_fixture) -> None:
    content = copy_fixture("small")
    first = run(content, EXCEL_CSV)
    first_id = meta(content, first["row 5"].path)["id"]
    (content / first["row 5"].path).unlink()

    again = run(content, EXCEL_CSV)
    assert again["row 5"].action == "skipped"
    assert "deleted by hand; not re-created" in again["row 5"].reason
    assert not (content / first["row 5"].path).exists()

    recreated = run(content, EXCEL_CSV, overwrite=True)
    assert recreated["row 5"].action == "created"
    assert meta(content, recreated["row 5"].path)["id"] == first_id  # calendars know it by that id


def test_moved_file_is_found_by_its_id(copy_fixture) -> None:
    content = copy_fixture("small")
    first = run(content, EXCEL_CSV)
    target = content / "events" / "arkiv" / "strikkekafe.md"
    target.parent.mkdir()
    (content / first["row 2"].path).rename(target)
    again = run(content, EXCEL_CSV)
    assert (again["row 2"].action, again["row 2"].path) == ("unchanged", "events/arkiv/strikkekafe.md")
    assert not (content / first["row 2"].path).exists()


def test_lost_ledger_does_not_duplicate(copy_fixture) -> None:
    content = copy_fixture("small")
    run(content, EXCEL_CSV)
    (content / LEDGER_NAME).unlink()
    files = snapshot(content / "events")
    again = run(content, EXCEL_CSV)
    assert snapshot(content / "events") == files
    assert (again["row 2"].action, again["row 2"].reason) == ("unchanged", "found by title, start and branch")
    assert (content / LEDGER_NAME).exists()  # adopted again: the next change in the source updates it


def test_overwrite_never_replaces_an_event_made_by_hand(copy_fixture) -> None:
    content = copy_fixture("small")
    by_hand = content / "events/2027/01/2027-01-14-forfatterkveld.md"
    before = by_hand.read_text(encoding="utf-8")
    outcomes = run(content, EXCEL_CSV, overwrite=True)
    assert outcomes["row 12"].action == "skipped"
    assert outcomes["row 12"].reason.startswith("already in the programme as")
    assert by_hand.read_text(encoding="utf-8") == before


def test_broken_ledger_is_a_setup_error(copy_fixture) -> None:
    content = copy_fixture("small")
    (content / LEDGER_NAME).write_text("{not json", encoding="utf-8")
    with pytest.raises(ImportSetupError, match=LEDGER_NAME):
        run(content, EXCEL_CSV)


def test_two_rows_with_different_ids_but_the_same_event(copy_fixture, tmp_path: Path) -> None:
    content = copy_fixture("small")
    sheet = tmp_path / "dobbel.csv"
    row = "Lia bibliotek;Møteplasser;Voksne;Vi spiller brettspill.\n"
    sheet.write_text(
        "ID;Tittel;Dato;Start;Varighet;Bibliotek;Kategori;Målgruppe;Ingress\n"
        f"1;Spillkveld;15.01.2027;18;2 timer;{row}2;Spillkveld;15.01.2027;18:00;120;{row}",
        encoding="utf-8",
    )
    outcomes = run(content, sheet)
    assert outcomes["row 2"].action == "created"
    assert meta(content, outcomes["row 2"].path)["duration"] == "2h"
    assert (outcomes["row 3"].action, outcomes["row 3"].reason) == ("skipped", "same title, start and branch as row 2")


# -- columns and mapping files ----------------------------------------------


def test_every_problem_of_a_row_is_reported_at_once(copy_fixture, tmp_path: Path) -> None:
    content = copy_fixture("small")
    sheet = tmp_path / "feil.csv"
    sheet.write_text(
        "Tittel;Dato;Start;Slutt;Bibliotek;Kategori;Målgruppe;Ingress;Pris;Teleslynge\n"
        ";14.01.2027;18:00;17:00;Lia;Foredrag;Voksne, Pensjonister;Om bier.;100/50;kanskje\n",
        encoding="utf-8",
    )
    reason = run(content, sheet)["row 2"].reason
    for expected in ("Tittel: empty", "Slutt: 14.01.2027 17:00 is not after the start 18:00",
                     "Målgruppe: 'Pensjonister' is not a known audience", "Pris: '100/50' is not a price",
                     "Teleslynge: 'kanskje' is not ja or nei"):  # fmt: skip
        assert expected in reason


def test_missing_columns_and_ambiguous_columns_stop_the_import(copy_fixture) -> None:
    ws = workspace(copy_fixture("small"))
    no_category = parse_csv("Tittel;Dato;Start;Slutt;Bibliotek;Målgruppe;Ingress\n".encode())
    with pytest.raises(ImportSetupError, match="no column gives a category"):
        drafts_from_table(no_category, DEFAULT_MAPPING, ws)
    assert drafts_from_table(no_category, DEFAULT_MAPPING.with_defaults(category="Møteplasser"), ws) == []
    with pytest.raises(ImportSetupError, match="default category 'konsert' is unknown"):
        drafts_from_table(no_category, DEFAULT_MAPPING.with_defaults(category="konsert"), ws)
    both = parse_csv("Tittel;Dato;Date;Kategori;Bibliotek;Målgruppe;Ingress\n".encode())
    with pytest.raises(ImportSetupError, match="both 'Dato' and 'Date' look like the date column"):
        drafts_from_table(both, DEFAULT_MAPPING, ws)


def test_defaults_fill_empty_cells_and_unused_columns_are_listed(copy_fixture) -> None:
    ws = workspace(copy_fixture("small"))
    table = parse_csv(
        b"Tittel;Dato;Start;Bibliotek;Kategori;Ingress;Intern merknad\n"
        b"Leseklubb;19.01.2027;18:00;;Litteratur;Vi leser krim.;husk kaffe\n"
    )
    mapping = DEFAULT_MAPPING.with_defaults(branch="Lia bibliotek", audiences=["adults"], duration="90m")
    [draft] = drafts_from_table(table, mapping, ws)
    assert isinstance(draft, Draft)
    assert (draft.meta["branch"], draft.meta["audiences"], draft.meta["duration"]) == ("lia", ["adults"], "1h30m")
    assert ignored_columns(table, mapping) == ("Intern merknad",)


@pytest.mark.parametrize(
    ("raw", "message"),
    [({"colums": {}}, "colums: unknown key (did you mean 'columns'?)"),
     ({"columns": {"tittel": "Navn"}}, "columns.tittel: unknown key"),
     ({"values": {"room": {"Salen": "Scenen"}}}, "values.room: unknown key"),
     ({"defaults": {"audience": "adults"}}, "defaults.audience: unknown key (did you mean 'audiences'?)"),
     ({"date_format": "dd.mm.yyyy"}, "date_format: expected a format like '%d.%m.%Y'"),
     (["columns"], "must be a mapping")],
)  # fmt: skip
def test_mapping_mistakes_are_named(raw: object, message: str) -> None:
    with pytest.raises(ImportSetupError) as caught:
        parse_mapping(raw)
    assert message in str(caught.value)


def test_mapping_file_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "min.yaml"
    path.write_text("source: min\ncolums:\n  title: Navn\n", encoding="utf-8")
    with pytest.raises(ImportSetupError, match=r"min\.yaml: colums: unknown key"):
        load_mapping(path)
    path.write_text("columns: [\n", encoding="utf-8")
    with pytest.raises(ImportSetupError, match="not a valid YAML file"):
        load_mapping(path)


def test_mapping_values_must_be_our_ids(copy_fixture) -> None:
    ws = workspace(copy_fixture("small"))
    mapping = parse_mapping({"values": {"category": {"Konsert": "concert"}}})
    table = parse_csv("Tittel;Dato;Bibliotek;Kategori;Målgruppe;Ingress\n".encode())
    with pytest.raises(ImportSetupError, match="'konsert' maps to 'concert', which is not one of"):
        drafts_from_table(table, mapping, ws)


def test_crescat_export_with_the_shipped_mapping(tmp_path: Path) -> None:
    content = demo_branches_tree(tmp_path / "content")
    mapping = load_mapping(CRESCAT_MAPPING)
    assert mapping.source == "crescat"
    outcomes = run(content, CRESCAT_CSV, mapping)
    actions = {origin: o.action for origin, o in outcomes.items()}
    assert actions == {"row 2": "created", "row 3": "created", "row 4": "skipped", "row 5": "created",
                       "row 6": "skipped", "row 7": "skipped"}  # fmt: skip
    assert outcomes["row 4"].reason == "Booking status 'Tentative' is marked skip in the mapping"
    assert outcomes["row 6"].reason.startswith("Short description: empty, and there is no description")
    assert outcomes["row 7"].reason.startswith("Venue: 'Skogheim kulturhus' matches no branch")

    concert = meta(content, outcomes["row 2"].path)
    assert (concert["start"], concert["end"]) == ("2027-01-14 19:00", "2027-01-14 20:30")
    assert (concert["branch"], concert["room"], concert["category"]) == ("hovedbiblioteket", "Scenen", "stage")
    assert concert["registration"] == {"type": "ticket", "url": "https://checkin.no/event/9001"}
    assert (concert["price"], concert["performers"], concert["organizers"]) == (
        200, ["Duo Saltvann"], ["Fjordvik bibliotek"],
    )  # fmt: skip
    workshop = meta(content, outcomes["row 3"].path)
    assert workshop["branch"] == "hovedbiblioteket"  # 'Kulturkvartalet' through values: branch:
    assert workshop["audiences"] == ["children", "families"]
    assert workshop["registration"] == {"type": "required", "url": "https://checkin.no/event/9002"}
    assert meta(content, outcomes["row 5"].path)["status"] == "cancelled"

    build_site(content, tmp_path / "site")
    assert run(content, CRESCAT_CSV, mapping)["row 2"].action == "unchanged"


# -- XLSX -------------------------------------------------------------------


def write_workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


XLSX_HEADER = ["Tittel", "Dato", "Start", "Slutt", "Bibliotek", "Kategori", "Målgruppe", "Ingress", "Pris"]


def test_xlsx_with_excel_dates_and_times(copy_fixture, tmp_path: Path) -> None:
    content = copy_fixture("small")
    book = write_workbook(tmp_path / "program.xlsx", [
        XLSX_HEADER,
        ["Babysang", datetime(2027, 1, 18), time(11, 0), time(11, 45), "Lia bibliotek", "Lesestund",
         "Småbarn 0–2 år", "Sang og regler for de aller minste.", 0],
        [None] * 9,
        ["Kinokveld", datetime(2027, 1, 22, 0, 0), datetime(2027, 1, 22, 19, 0), datetime(2027, 1, 22, 21, 0),
         "Hovedbiblioteket", "Film og spill", "Ungdom", "Vi ser en film sammen.", 50],
        [None, datetime(2027, 1, 25), time(12), time(13), "Lia", "Kurs", "Voksne", "Uten tittel.", None],
    ])  # fmt: skip
    outcomes = run(content, book)
    assert [(o, outcomes[o].action) for o in outcomes] == [
        ("row 2", "created"),
        ("row 4", "created"),
        ("row 5", "skipped"),
    ]
    assert outcomes["row 5"].reason == "Tittel: empty; every event needs a title"
    baby = meta(content, outcomes["row 2"].path)
    assert (baby["start"], baby["end"], baby["audiences"]) == ("2027-01-18 11:00", "2027-01-18 11:45", ["toddlers"])
    film = meta(content, outcomes["row 4"].path)
    assert (film["start"], film["end"], film["price"]) == ("2027-01-22 19:00", "2027-01-22 21:00", 50)

    again = run(content, book)  # no id column: the rows are known by title, start and branch
    assert [again[o].action for o in ("row 2", "row 4")] == ["unchanged", "unchanged"]
