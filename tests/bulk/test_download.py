"""Downloading the register: safe to open in a spreadsheet, and only the force's own."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from flask.testing import FlaskClient
from openpyxl import load_workbook

from sspcollect.models import Role
from tests.bulk.helpers import csv_of, row, upload
from tests.factories import create_school, create_user, sign_in
from tests.register.helpers import METROPOLITAN, WEST_MIDLANDS, create_partnership, police_client


def test_downloads_neutralise_cells_a_spreadsheet_would_run(
    app: object, client: FlaskClient
) -> None:
    school = create_school()
    create_partnership(
        WEST_MIDLANDS, [school.urn], reference="+44", name='=HYPERLINK("http://x","y")'
    )
    police_client(client)
    text = client.get("/register/download.csv").get_data().decode("utf-8-sig")
    cells = list(csv.reader(io.StringIO(text)))[1]
    assert cells[0] == "'+44"
    assert cells[1] == '\'=HYPERLINK("http://x","y")'
    book = load_workbook(io.BytesIO(client.get("/register/download.xlsx").get_data()))
    sheet = book.worksheets[0]
    assert sheet["A2"].value == "'+44"
    assert sheet["B2"].value == '\'=HYPERLINK("http://x","y")'
    assert sheet["B2"].data_type == "s"


def test_template_has_the_columns_and_a_guidance_sheet(app: object, client: FlaskClient) -> None:
    police_client(client)
    response = client.get("/register/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames == ["Register", "Guidance", "Lists"]
    assert book["Lists"].sheet_state == "hidden"
    assert book.worksheets[0]["A1"].value == "reference"
    assert book.worksheets[0].max_row == 1


def test_another_force_never_sees_this_forces_register(app: object, client: FlaskClient) -> None:
    school = create_school()
    create_partnership(WEST_MIDLANDS, [school.urn], reference="WM-SECRET", name="Secret")
    police_client(client, METROPOLITAN)
    assert b"WM-SECRET" not in client.get("/register/download.csv").get_data()
    book = load_workbook(io.BytesIO(client.get("/register/download.xlsx").get_data()))
    assert book.worksheets[0].max_row == 1


def test_school_user_cannot_download_or_upload_a_register(app: object, client: FlaskClient) -> None:
    school = create_school()
    user = create_user(Role.SCHOOL, str(school.urn))
    sign_in(client, user)
    for url in ("/register/download.csv", "/register/download.xlsx", "/register/upload"):
        assert client.get(url).status_code == 403
    assert client.post("/register/upload/confirm").status_code in {400, 403}


def test_workbook_has_typed_cells_labels_drop_downs_and_a_frozen_header(
    app: object, client: FlaskClient
) -> None:
    """Numbers are numbers, dates are dates, choices are words offered from a list."""
    school = create_school()
    create_partnership(
        WEST_MIDLANDS,
        [school.urn],
        reference="WB-1",
        model="school_based",
        officer_role="pcso",
        officer_count=2,
        fte=Decimal("1.5"),
        funding_sources=["police_force", "vru"],
        start_date=date(2024, 9, 1),
    )
    police_client(client)
    book = load_workbook(io.BytesIO(client.get("/register/download.xlsx").get_data()))
    sheet = book["Register"]
    cells = {str(sheet.cell(1, i).value): sheet.cell(2, i) for i in range(1, sheet.max_column + 1)}
    assert cells["model"].value == "School-based officer"
    assert cells["officer_role"].value == "Police community support officer (PCSO)"
    assert cells["officer_count"].value == 2 and cells["officer_count"].data_type == "n"
    assert cells["fte"].value == 1.5 and cells["fte"].data_type == "n"
    assert isinstance(cells["start_date"].value, datetime)
    assert cells["start_date"].value.date() == date(2024, 9, 1)
    assert cells["funding_sources"].value == "Police force; Violence Reduction Unit"
    assert cells["information_sharing_agreement"].value in ("Yes", "No")
    assert sheet.freeze_panes == "A2"
    lists = {
        str(check.sqref).split(":")[0][0]: check.formula1
        for check in sheet.data_validations.dataValidation
    }
    model_letter = cells["model"].column_letter
    assert model_letter in lists
    values = [row[0] for row in book["Lists"].iter_rows(min_row=2, values_only=True)]
    assert "Cluster officer" in values


def test_codes_and_labels_are_both_read_back(app: object, client: FlaskClient) -> None:
    """A row typed with the words of the workbook is read as one typed with codes."""
    school = create_school()
    police_client(client)
    text = csv_of(
        [
            row(
                str(school.urn),
                model="Cluster officer",
                officer_role="police constable",
                funding_sources="Police force; Violence Reduction Unit",
                information_sharing_agreement="Yes",
            )
        ]
    )
    preview = upload(client, text.encode())
    assert "Partnerships added 1" in preview.text, preview.errors


def test_preview_shows_each_change_from_old_to_new_in_words(
    app: object, client: FlaskClient
) -> None:
    """A changed partnership lists each answer that changes, with its label, before and after."""
    school = create_school()
    create_partnership(WEST_MIDLANDS, [school.urn], reference="CH-1", name="Same", fte=Decimal("1"))
    police_client(client)
    text = csv_of([row(str(school.urn), reference="CH-1", name="Same", fte="1.5")])
    preview = upload(client, text.encode())
    changes = [li.get_text(" ", strip=True) for li in preview.soup.select(".app-changes li")]
    assert "Full-time equivalent for schools: 1 → becomes 1.5" in changes
    assert not any("fte" in change for change in changes)
