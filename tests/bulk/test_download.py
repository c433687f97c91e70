"""Downloading the register: safe to open in a spreadsheet, and only the force's own."""

from __future__ import annotations

import csv
import io

from flask.testing import FlaskClient
from openpyxl import load_workbook

from sspcollect.models import Role
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
    assert book.sheetnames == ["Register", "Guidance"]
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
