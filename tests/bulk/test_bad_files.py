"""Broken files: every problem shown with what to do, and nothing saved."""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient

from sspcollect.bulk.register_file import COLUMNS
from tests.bulk.helpers import UPLOAD, counts, csv_of, problems, row, upload
from tests.factories import create_school
from tests.pages import post
from tests.register.helpers import WEST_MIDLANDS, create_partnership, police_client


def _refused(client: FlaskClient, data: bytes, filename: str = "register.csv") -> list[str]:
    """Upload data, check that nothing changed, and return the error summary."""
    before = counts()
    page = upload(client, data, filename)
    assert page.errors, page.text[:300]
    assert "Check the changes" not in page.heading
    assert counts() == before
    return page.errors


def _table(client: FlaskClient, data: bytes) -> list[list[str]]:
    """Upload data, check that nothing changed, and return the problems table."""
    before = counts()
    page = upload(client, data)
    assert any("nothing was saved" in error for error in page.errors)
    assert counts() == before
    return problems(page)


def test_an_empty_file_is_refused(app: object, client: FlaskClient) -> None:
    police_client(client)
    assert "The selected file is empty" in _refused(client, b"")[0]
    assert "The selected file is empty" in _refused(client, b"\r\n,,,\r\n", "r.csv")[0]


def test_a_file_over_2_mb_is_refused(app: object, client: FlaskClient) -> None:
    school = create_school()
    police_client(client)
    big = csv_of([row(str(school.urn), name="x" * 1000, reference=f"R{i}") for i in range(2200)])
    assert len(big) > 2 * 1024 * 1024
    assert "must be smaller than 2 MB" in _refused(client, big.encode())[0]


def test_wrong_or_missing_headers_are_refused(app: object, client: FlaskClient) -> None:
    school = create_school()
    police_client(client)
    header = [c for c in COLUMNS if c != "fte"] + ["colour"]
    errors = _refused(client, csv_of([row(str(school.urn))], header).encode())
    assert "The first row must be the column headings" in errors[0]
    assert "missing fte" in errors[0] and "not recognised colour" in errors[0]


def test_an_xlsx_that_is_really_text_is_refused(app: object, client: FlaskClient) -> None:
    school = create_school()
    police_client(client)
    data = csv_of([row(str(school.urn))]).encode()
    assert "is not an Excel workbook" in _refused(client, data, "register.xlsx")[0]
    assert "is not an Excel workbook" in _refused(client, b"PK\x03\x04junk", "r.xlsx")[0]


def test_a_file_of_another_type_is_refused(app: object, client: FlaskClient) -> None:
    police_client(client)
    assert "must be a CSV or an Excel workbook" in _refused(client, b"hello", "notes.txt")[0]


def test_no_file_chosen_is_refused(app: object, client: FlaskClient) -> None:
    police_client(client)
    page = post(client, UPLOAD, {})
    assert page.errors == ["Select a CSV file or Excel workbook (.xlsx) with your register"]


def test_duplicate_references_in_the_file_are_listed(app: object, client: FlaskClient) -> None:
    school = create_school()
    police_client(client)
    rows = [row(str(school.urn), reference="D-1"), row(str(school.urn), reference="d-1")]
    table = _table(client, csv_of(rows).encode())
    assert table == [
        [
            "3",
            "reference",
            "d-1",
            "Another row of the file has the reference d-1; give each row its own (also row 2)",
        ]
    ]


def test_unknown_and_closed_urns_are_listed(app: object, client: FlaskClient) -> None:
    closed = create_school(is_open=False, status="Closed")
    police_client(client)
    rows = [row("999999", reference="A"), row(str(closed.urn), reference="B")]
    table = _table(client, csv_of(rows).encode())
    assert [r[:3] for r in table] == [["2", "schools", "999999"], ["3", "schools", str(closed.urn)]]
    assert "No school has the URN 999999" in table[0][3]
    assert "is closed; take it out of this cell" in table[1][3]


def test_rule_errors_list_row_column_value_and_what_to_do(app: object, client: FlaskClient) -> None:
    school = create_school()
    create_partnership(WEST_MIDLANDS, [school.urn], reference="KEEP", name="Kept")
    police_client(client)
    rows = [
        row(str(school.urn), reference="OK-1"),
        row(str(school.urn), reference="BAD", officer_count="many", start_date="31/02/2024"),
        row(f"{school.urn}:9", reference="BAD-2", model="unknown", funding_sources="lottery"),
        row(str(school.urn), reference="BAD-3", fte="0,5"),
    ]
    table = _table(client, csv_of(rows).encode())
    assert [
        "3",
        "officer_count",
        "many",
        "Enter the number of officers as a whole number, like 2",
    ] in table
    # A decimal comma is never read as thousands: 0,5 is refused, not taken as 5.
    assert [
        "5",
        "fte",
        "0,5",
        "Enter the full-time equivalent dedicated to schools as a number, like 0.6",
    ] in table
    assert ["3", "start_date", "31/02/2024"] in [r[:3] for r in table]
    # A cell of a file is not a question on a form: no "Select", and the choices by name.
    assert [
        "4",
        "model",
        "unknown",
        "Enter one of: School-based officer; Cluster officer; Neighbourhood policing link; "
        "Force or area schools team; Other",
    ] in table
    assert [
        "4",
        "funding_sources",
        "lottery",
        "Enter at least one of: Police force, Police and crime commissioner, School, "
        "Local authority, Violence Reduction Unit, Other (separate several with semicolons)",
    ] in table
    assert not any(r[3].startswith("Select") for r in table)
    assert any(
        r[:2] == ["4", "schools"]
        and r[3] == "The days a week the officer is on site must be 5 or less"
        for r in table
    )
    assert not any(r[0] == "2" for r in table)


@pytest.mark.parametrize("filename", ["register.csv", "register.xlsx"])
def test_a_valid_file_is_not_refused(app: object, client: FlaskClient, filename: str) -> None:
    school = create_school()
    police_client(client)
    if filename.endswith(".csv"):
        data = csv_of([row(str(school.urn))]).encode()
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(list(COLUMNS))
        sheet.append(list(row(str(school.urn)).values()))
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
    page = upload(client, data, filename)
    assert page.errors == []
    assert "Partnerships added 1" in page.text
