"""Uploading the register: preview, then every change saved and audited, or nothing."""

from __future__ import annotations

import io
from datetime import date, datetime

from flask.testing import FlaskClient
from openpyxl import Workbook
from sqlalchemy import select

from sspcollect.bulk.register_file import COLUMNS
from sspcollect.db import session
from sspcollect.models import AuditEvent, Partnership
from tests.bulk.helpers import confirm, counts, csv_of, row, upload
from tests.factories import create_school
from tests.register.helpers import WEST_MIDLANDS, create_partnership, police_client


def _by_reference(reference: str) -> Partnership:
    """The partnership with reference, read afresh."""
    session.expire_all()
    found = session.scalar(select(Partnership).where(Partnership.reference == reference))
    assert found is not None
    return found


def test_downloaded_register_uploaded_unchanged_reports_no_changes(
    app: object, client: FlaskClient
) -> None:
    a, b = create_school(), create_school()
    create_partnership(WEST_MIDLANDS, [a.urn, b.urn], reference="RT-1", name="Round trip")
    create_partnership(WEST_MIDLANDS, [a.urn], reference="RT-2", name='=HYPERLINK("x")')
    police_client(client)
    for name in ("download.csv", "download.xlsx"):
        data = client.get(f"/register/{name}").get_data()
        preview = upload(client, data, "register." + name.split(".")[1])
        assert preview.heading.endswith("Check the changes to your register")
        assert "The file makes no changes to your register" in preview.text


def test_uploaded_rows_add_change_and_end_partnerships_with_audit(
    app: object, client: FlaskClient
) -> None:
    a, b = create_school(), create_school()
    create_partnership(WEST_MIDLANDS, [a.urn], reference="OLD-1", name="To change")
    create_partnership(WEST_MIDLANDS, [a.urn], reference="OLD-2", name="To end")
    user = police_client(client)
    rows = [
        row(f"{a.urn}:2.5;{b.urn}", reference="NEW-1", name="Brand new"),
        row(str(b.urn), reference="OLD-1", name="Changed name"),
        row(
            str(a.urn),
            reference="OLD-2",
            name="To end",
            model="cluster",
            officer_role="pcso",
            officer_count="1",
            fte="1.0",
            funding_sources="pcc",
            funded_until="",
            information_sharing_agreement="no",
            start_date="2023-09-01",
            end_date="2025-07-31",
        ),
    ]
    preview = upload(client, csv_of(rows).encode())
    assert "Partnerships added 1" in preview.text
    assert "Partnerships changed 1" in preview.text
    assert "Partnerships ended 1" in preview.text
    page = confirm(client, preview)
    assert "Register uploaded: 1 added, 1 changed, 1 ended" in page.text
    added = _by_reference("NEW-1")
    assert sorted((s.school_urn, s.days_per_week) for s in added.schools) == sorted(
        [(a.urn, 2.5), (b.urn, None)]
    )
    assert _by_reference("OLD-1").name == "Changed name"
    assert [s.school_urn for s in _by_reference("OLD-1").schools] == [b.urn]
    assert _by_reference("OLD-2").end_date == date(2025, 7, 31)
    events = session.scalars(select(AuditEvent).where(AuditEvent.user_id == user.id)).all()
    actions = sorted(e.action for e in events if e.object_type == "partnership")
    assert actions == ["partnership_added", "partnership_changed", "partnership_ended"]
    assert "Changed name" in page.text


def test_bom_windows_1252_and_numbers_as_text_are_read(app: object, client: FlaskClient) -> None:
    school = create_school()
    police_client(client)
    name = "Café partnership"
    text = csv_of([row(str(school.urn), name=name, officer_count="2.0", fte="1.50")])
    for data in (text.encode("utf-8-sig"), text.encode("cp1252")):
        preview = upload(client, data)
        assert "Partnerships added 1" in preview.text, preview.errors
        assert name in preview.text


def _xlsx(rows: list[list[object]]) -> bytes:
    """A workbook of the register's header and rows."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_date_serials_numbers_and_trailing_empty_rows_are_read(
    app: object, client: FlaskClient
) -> None:
    school = create_school()
    police_client(client)
    cells = list(row(str(school.urn)).values())
    cells[COLUMNS.index("officer_count")] = 2.0
    cells[COLUMNS.index("fte")] = 1.5
    cells[COLUMNS.index("start_date")] = 45536  # 2024-09-01 as a date serial
    cells[COLUMNS.index("funded_until")] = datetime(2028, 3, 31)
    cells[COLUMNS.index("schools")] = school.urn
    data = _xlsx([cells, [None] * len(COLUMNS), ["", "", ""]])
    before = counts()
    page = confirm(client, upload(client, data, "register.xlsx"))
    assert "1 added" in page.text
    saved = _by_reference("UP-1")
    assert saved.start_date == date(2024, 9, 1)
    assert saved.funded_until == date(2028, 3, 31)
    assert saved.officer_count == 2
    assert counts()[0] == before[0] + 1


def test_confirm_with_a_tampered_upload_saves_nothing(app: object, client: FlaskClient) -> None:
    school = create_school()
    police_client(client)
    preview = upload(client, csv_of([row(str(school.urn))]).encode())
    field = preview.soup.find("input", {"name": "upload"})
    assert field is not None
    field["value"] = str(field["value"])[:-3] + "abc"
    before = counts()
    page = confirm(client, preview)
    assert "The checked file could not be read back; upload it again" in page.errors
    assert counts() == before


def test_confirm_after_the_register_changed_shows_the_preview_again(
    app: object, client: FlaskClient
) -> None:
    school = create_school()
    police_client(client)
    preview = upload(client, csv_of([row(str(school.urn))]).encode())
    create_partnership(WEST_MIDLANDS, [school.urn], reference="MEANWHILE")
    before = counts()
    page = confirm(client, preview)
    assert any("Someone changed your register" in e for e in page.errors)
    assert counts() == before
