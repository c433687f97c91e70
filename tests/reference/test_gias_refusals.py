"""Broken and differently written GIAS extracts: each refused in words, the database untouched.

Every refusal is checked the same way: one message saying that nothing was changed, what is
wrong, on which row and what to do; and a dump of every table, taken before and after, is
byte for byte the same (on SQLite and on PostgreSQL, as every database test runs on both).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date

import openpyxl
import pytest
from flask import Flask
from sqlalchemy import func, select

from sspcollect.db import session
from sspcollect.models import School
from sspcollect.reference.gias import GiasImportError, ImportReport, import_schools
from tests.dump import dump_database
from tests.reference.gias_rows import (
    COLUMNS,
    ST_MARYS,
    gias_bytes,
    gias_row,
    outside_rows,
    service_schools,
)

NOTHING_CHANGED = "The file was not imported, and nothing was changed"
DOWNLOAD_AGAIN = "Download the establishment extract again from Get Information About Schools"
COMMA_NAME = "Hill Top, Junior and Infant School"


def forty_rows() -> list[dict[str, str]]:
    """36 schools (one with a comma in its name, so quoted) and 6 establishments outside."""
    rows = service_schools() + outside_rows()
    rows += [gias_row(120000 + n, "330", f"Birmingham School {n}") for n in range(29)]
    rows.append(gias_row(120099, "330", COMMA_NAME))
    return rows


GOOD = gias_bytes(forty_rows())


@pytest.fixture
def held(app: Flask) -> Iterator[str]:
    """The database holding the 36 schools of GOOD; yields its dump."""
    import_schools(GOOD)
    yield dump_database()


def refused_message(data: bytes, **options: bool) -> str:
    """Import data, which must be refused; the message, checked for its general shape."""
    with pytest.raises(GiasImportError) as refusal:
        import_schools(data, **options)
    session.rollback()
    message = str(refusal.value)
    assert message.startswith(NOTHING_CHANGED), message
    assert "Traceback" not in message
    return message


def cut_points() -> list[int]:
    """Places to cut GOOD as an interrupted download would: mid-field, after a comma, in quotes."""
    last_row = GOOD.rstrip(b"\r\n").rfind(b"\n") + 1
    points = [
        len(GOOD) // 3,
        len(GOOD) // 2,
        len(GOOD) * 3 // 4,
        GOOD.rfind(b",") + 1,  # right after the last comma: the last field is missing
        len(GOOD) - 4,  # inside the last value of the last row
        len(GOOD) - 2,  # the whole last row but its line break
        GOOD.index(COMMA_NAME.encode()) + 8,  # inside a quoted name
        last_row + 3,  # three characters into the last row
    ]
    # A cut right after a line break leaves whole rows: that is the shrink check's business.
    return [point + 1 if GOOD[point - 1 : point] == b"\n" else point for point in points]


@pytest.mark.parametrize("cut", cut_points())
def test_a_file_cut_off_mid_row_is_refused_and_nothing_changes(held: str, cut: int) -> None:
    """Wherever the download stopped, the file is refused as cut off, naming the last row."""
    message = refused_message(GOOD[:cut])
    last = GOOD[:cut].rstrip().count(b"\n") + 1
    assert f"the last row (row {last}) does not end with a line break" in message
    assert "cut off" in message
    assert DOWNLOAD_AGAIN in message
    assert dump_database() == held


def test_a_row_with_fields_missing_in_the_middle_is_refused_by_number(held: str) -> None:
    """A damaged row (fields lost, line break kept) is named with the count of fields."""
    lines = GOOD.split(b"\r\n")
    lines[9] = b",".join(lines[9].split(b",")[:-3])
    message = refused_message(b"\r\n".join(lines))
    assert f"row 10 has 15 fields but the header row has {len(COLUMNS)}" in message
    assert "cut off or damaged" in message
    assert dump_database() == held


def test_an_xlsx_workbook_renamed_csv_is_refused(held: str) -> None:
    """An Excel workbook is named as one, with what to choose instead."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(COLUMNS)
    for row in forty_rows():
        sheet.append([row.get(column, "") for column in COLUMNS])
    data = io.BytesIO()
    workbook.save(data)
    message = refused_message(data.getvalue())
    assert "this is an Excel workbook or a zip file, not a CSV file" in message
    assert "Choose the CSV file itself" in message
    assert dump_database() == held


def test_a_zipped_extract_is_refused_with_a_word_to_unzip_it(held: str) -> None:
    """GIAS offers zip downloads: the message says to unzip first."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("edubasealldata20260901.csv", GOOD)
    message = refused_message(data.getvalue())
    assert "unzip a zip file first" in message
    assert dump_database() == held


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "an Excel 97-2003 workbook"),
        (GOOD.decode("cp1252").encode("utf-16"), "UTF-16 text"),
        (b"%PDF-1.7\n" + b"x" * 100, "a PDF document"),
    ],
)
def test_other_files_that_are_not_csv_are_named(held: str, data: bytes, kind: str) -> None:
    """Old workbooks, 'Unicode Text' and PDFs are refused before any row is read."""
    assert kind in refused_message(data)
    assert dump_database() == held


def test_a_file_of_binary_bytes_is_not_text(held: str) -> None:
    """NUL bytes mean a file that is not text at all."""
    message = refused_message(GOOD[:200] + b"\x00\x01\x02" + GOOD[200:])
    assert "this is not a text file" in message
    assert dump_database() == held


def test_a_header_only_file_is_refused(held: str) -> None:
    """A file with the header row and nothing else would import nothing: it is refused."""
    message = refused_message(gias_bytes([]))
    assert "the file has its header row but no establishments" in message
    assert dump_database() == held


def test_an_empty_file_is_refused(held: str) -> None:
    """No bytes at all (or only blank lines)."""
    assert "the file is empty" in refused_message(b"")
    assert "the file is empty" in refused_message(b"\r\n\r\n")
    assert dump_database() == held


def test_a_file_far_smaller_than_the_schools_held_is_refused_unless_allowed(held: str) -> None:
    """30 of the 36 schools held (83%) is refused; saying it is meant to be smaller imports it."""
    dropped = {f"1200{n:02d}" for n in range(6)}
    data = gias_bytes([row for row in forty_rows() if row["URN"] not in dropped])
    message = refused_message(data)
    assert "it lists 30 schools in England and Wales, but the service already holds 36" in message
    assert "--allow-shrink" in message
    assert dump_database() == held

    report = import_schools(data, allow_shrink=True)
    assert report.not_in_file == 6
    assert "6 schools the service holds are not in the file and were left as before." in (
        report.lines()
    )
    assert session.scalar(select(func.count()).select_from(School)) == 36


def test_a_file_at_ninety_percent_of_the_schools_held_is_imported(held: str) -> None:
    """The limit is 90%: a file a few schools short of those held still imports."""
    rows = [row for row in forty_rows() if row["URN"] not in {"120000", "120001", "120002"}]
    assert import_schools(gias_bytes(rows)).not_in_file == 3


def test_codes_and_names_that_disagree_are_refused(held: str) -> None:
    """674 called Cardiff (the mapping the service once had) is refused, naming both."""
    rows = forty_rows()
    rows += [
        gias_row(402001, "674", "Ysgol Gynradd Treorci", **{"LA (name)": "Cardiff"}),
        gias_row(402002, "674", "Ysgol Gyfun Cwm Rhondda", **{"LA (name)": "Cardiff"}),
    ]
    message = refused_message(gias_bytes(rows))
    assert "its local authority codes and names disagree with the service's" in message
    assert (
        "Code 674 is Rhondda Cynon Taf, but the file calls it Cardiff on 2 rows, from row 44"
        in (message)
    )
    assert dump_database() == held


def test_names_written_differently_but_meaning_the_same_authority_agree(app: Flask) -> None:
    """Case, full stops, commas and '&' do not make a disagreement."""
    rows = [
        gias_row(403001, "342", "St Helens School", **{"LA (name)": "ST HELENS"}),
        gias_row(403002, "801", "Bristol School", **{"LA (name)": "Bristol City of"}),
        gias_row(403003, "674", "Ysgol Rhondda", **{"LA (name)": "Rhondda Cynon Taf"}),
    ]
    assert import_schools(gias_bytes(rows)).added == 3
    rhondda = session.get(School, 403003)
    assert rhondda is not None
    assert rhondda.local_authority.name == "Rhondda Cynon Taf"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (GOOD + b"100999,330,Birmingham,2001,Caf\x81 School\r\n", "holds the byte 0x81"),
        (b"\xef\xbb\xbf" + GOOD + b"\xff\r\n", "which is not UTF-8 text"),
        (
            GOOD.replace(f'"{COMMA_NAME}"'.encode(), b'"Hill "Top" School"'),
            "has a quote mark the service cannot read",
        ),
    ],
)
def test_bytes_and_quotes_no_encoding_allows_are_refused(
    held: str, data: bytes, words: str
) -> None:
    """Bytes neither UTF-8 nor Windows-1252 allow, and broken quoting, are named by row."""
    message = refused_message(data)
    assert words in message
    assert "row " in message
    assert dump_database() == held


@pytest.mark.parametrize(
    ("encoding", "bom", "said"),
    [
        ("utf-8", b"", "as UTF-8."),
        ("utf-8", b"\xef\xbb\xbf", "as UTF-8 (with a byte order mark)."),
        ("cp1252", b"", "as Windows-1252."),
    ],
)
def test_each_encoding_reads_the_same_names_and_says_which_was_used(
    app: Flask, encoding: str, bom: bytes, said: str
) -> None:
    """UTF-8 without a BOM (as LibreOffice and pandas save) is read as UTF-8, never garbled."""
    report = import_schools(bom + gias_bytes(forty_rows(), encoding=encoding))
    assert report.lines()[0].endswith(said)
    assert session.get(School, 137001).name == ST_MARYS  # type: ignore[union-attr]
    assert session.get(School, 101002).name == "École Française de Londres"  # type: ignore[union-attr]
    again = import_schools(GOOD)
    assert (again.updated, again.unchanged) == (0, 36)


def test_plain_ascii_is_said_to_read_the_same_either_way(app: Flask) -> None:
    """A file with no accented letters is both UTF-8 and Windows-1252."""
    report = import_schools(gias_bytes([gias_row(404001, "330", "Plain School")]))
    assert "as plain ASCII (UTF-8 and Windows-1252 agree)" in report.lines()[0]


def test_blank_cells_never_overwrite_what_the_service_holds_but_a_blank_close_date_does(
    held: str,
) -> None:
    """Phase, postcode, pupils, dates, location and numbers stay; the close date clears."""
    rows = forty_rows()
    cass = rows[0]
    for column in (
        "EstablishmentNumber",
        "TypeOfEstablishment (name)",
        "PhaseOfEducation (name)",
        "Postcode",
        "NumberOfPupils",
        "OpenDate",
        "Easting",
        "Northing",
    ):
        cass[column] = ""
    closed = rows[3]
    closed["CloseDate"] = ""
    closed["EstablishmentStatus (name)"] = "Open"
    report = import_schools(gias_bytes(rows))
    session.expire_all()
    school = session.get(School, 100000)
    assert school is not None
    assert (school.establishment_number, school.type_name, school.phase) == (
        "3614",
        "Voluntary aided school",
        "Primary",
    )
    assert (school.postcode, school.pupils, school.open_date) == (
        "EC3A 5DE",
        210,
        date(1909, 9, 1),
    )
    assert (school.easting, school.northing) == (530000, 180000)
    reopened = session.get(School, 110003)
    assert reopened is not None
    assert (reopened.close_date, reopened.is_open) == (None, True)
    # Old Road Infant School had no pupil number: nothing known was kept for it.
    assert (report.blanks_kept, report.blank_schools) == (8, 1)
    assert "Blank cells left 8 values the service already held as they were, in 1 school." in (
        report.lines()
    )
    assert (report.updated, report.unchanged) == (1, 35)


def test_counts_say_what_they_mean() -> None:
    """Added schools say how many are closed and proposed to open, with thousands marked."""
    report = ImportReport(
        encoding="Windows-1252",
        rows=2_400,
        added=1_984,
        added_closed=183,
        added_proposed=37,
        updated=1,
        unchanged=0,
        skipped=415,
        skipped_by_reason={"overseas": 415},
    )
    assert report.lines()[:3] == [
        "Read 2,400 rows as Windows-1252.",
        "1,984 schools added, of which 183 closed and 37 proposed to open.",
        "1 school updated.",
    ]
    assert "415 establishments outside the service skipped: 415 overseas." in report.lines()


def test_the_command_refuses_a_workbook_with_its_message_and_changes_nothing(
    held: str, app: Flask, tmp_path
) -> None:
    """`sspcollect import-schools` prints the refusal, exits 1 and leaves the database alone."""
    workbook = openpyxl.Workbook()
    path = tmp_path / "edubasealldata20260901.csv"
    workbook.save(path)
    result = app.test_cli_runner().invoke(args=["import-schools", str(path)])
    assert result.exit_code == 1
    assert "Error: The file was not imported, and nothing was changed: this is an Excel" in (
        result.output
    )
    assert "Traceback" not in result.output
    assert dump_database() == held


def test_the_command_says_what_it_did(app: Flask, tmp_path) -> None:
    """A good file: the report, line by line."""
    path = tmp_path / "edubasealldata20260901.csv"
    path.write_bytes(GOOD)
    result = app.test_cli_runner().invoke(args=["import-schools", str(path)])
    assert result.exit_code == 0, result.output
    assert "36 schools added, of which 1 closed and 0 proposed to open." in result.output
