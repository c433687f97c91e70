"""Uploading a force return's outcomes: the same all-or-nothing checks and error table as the
register upload, a preview from old to new, and downloads a spreadsheet can use."""

from __future__ import annotations

import csv
import io

from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from sspcollect.bulk.outcomes import COLUMNS
from sspcollect.db import session
from sspcollect.models import AuditEvent, PartnershipOutcome, Return, ReturnStatus
from tests.bulk.helpers import problems
from tests.factories import create_school
from tests.pages import Page, get, post
from tests.returns.factories import create_partnership
from tests.returns.force_steps import COUNTS, force_return, give_outcomes, police_user, url


def _csv(rows: list[dict[str, str]]) -> bytes:
    """CSV bytes of rows in the outcomes layout."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for values in rows:
        writer.writerow([values.get(column, "") for column in COLUMNS])
    return buffer.getvalue().encode()


def _row(reference: str, **overrides: str) -> dict[str, str]:
    """A row giving every count of COUNTS for the partnership with reference."""
    return {"reference": reference, "name": "", **COUNTS, **overrides}


def _upload(client: FlaskClient, return_: Return, data: bytes, name: str = "o.csv") -> Page:
    """Upload a file on the return's outcomes upload page."""
    address = url(return_, "/outcomes/upload")
    return post(client, address, {"outcomes_file": (io.BytesIO(data), name)})


def _confirm(client: FlaskClient, return_: Return, preview: Page) -> Page:
    """Press Save these counts on the preview."""
    token = preview.soup.find("input", {"name": "upload"})
    assert token is not None, preview.errors
    return post(
        client,
        url(return_, "/outcomes/upload/confirm"),
        {"upload": token["value"]},
        follow_redirects=True,
        form_url=url(return_, "/outcomes/upload"),
    )


def _counts(return_: Return) -> dict[int, int | None]:
    """Crimes recorded by partnership id, as kept."""
    session.expire_all()
    outcomes = session.scalars(
        select(PartnershipOutcome).where(PartnershipOutcome.return_id == return_.id)
    )
    return {o.partnership_id: o.crimes_recorded for o in outcomes}


def test_a_file_of_every_partnership_is_previewed_then_saved(client: FlaskClient) -> None:
    """Rows are matched by reference (any case); the preview names each count, old → new."""
    school = create_school()
    a = create_partnership(schools=[school], reference="OUT-A")
    b = create_partnership(schools=[school], reference="OUT-B")
    return_ = force_return()
    user = police_user(client)
    give_outcomes(client, return_, a)
    data = _csv([_row("out-a", crimes_recorded="15"), _row("OUT-B")])
    preview = _upload(client, return_, data)
    assert preview.heading.endswith("Check the counts before you save them")
    changes = [item.get_text(" ", strip=True) for item in preview.soup.select(".app-change")]
    assert "Crimes recorded: 12 \u2192 becomes 15" in changes
    # A count given for the first time shows its new value alone.
    assert "Pupils engaged: 250" in changes
    assert not any("_" in change for change in changes)
    page = _confirm(client, return_, preview)
    assert "Counts saved for 2 partnerships" in page.text
    assert _counts(return_) == {a.id: 15, b.id: 12}
    events = session.scalars(
        select(AuditEvent).where(
            AuditEvent.user_id == user.id, AuditEvent.action == "outcomes_uploaded"
        )
    ).all()
    assert len(events) == 2
    session.refresh(return_)
    assert return_.status == ReturnStatus.IN_PROGRESS


def test_any_problem_saves_nothing_and_lists_every_one(client: FlaskClient) -> None:
    """Unknown references, repeated rows, unreadable and impossible counts, each with what to
    do, in the register upload's table; no count is kept."""
    school = create_school()
    create_partnership(schools=[school], reference="OUT-A")
    create_partnership(schools=[school], reference="OUT-B")
    return_ = force_return()
    police_user(client)
    data = _csv(
        [
            _row("OUT-A", crimes_recorded="lots"),
            _row("OUT-B", violent_crimes_recorded="40"),
            _row("OUT-A"),
            _row("NOPE"),
        ]
    )
    page = _upload(client, return_, data)
    assert page.errors[-1] == "The file has 4 problems; nothing was saved"
    table = problems(page)
    assert table[0][:3] == ["2", "crimes_recorded", "lots"]
    assert "whole number" in table[0][3]
    assert table[1][:3] == ["3", "violent_crimes_recorded", "40"]
    assert table[1][3] == "Violent crimes recorded cannot be more than crimes recorded"
    assert table[2][:2] == ["4", "reference"] and "also row 2" in table[2][3]
    assert table[3][:3] == ["5", "reference", "NOPE"]
    assert "No partnership that ran in the year has the reference NOPE" in table[3][3]
    assert not any(row[3].startswith("Select") for row in table)
    assert _counts(return_) == {}


def test_downloads_list_the_partnerships_with_their_counts(client: FlaskClient) -> None:
    """The workbook has numbers as numbers, a frozen header and guidance; the CSV reads back."""
    school = create_school()
    a = create_partnership(schools=[school], reference="OUT-A", name="Northfield link")
    create_partnership(schools=[school], reference="OUT-B")
    return_ = force_return()
    police_user(client)
    give_outcomes(client, return_, a)
    response = client.get(url(return_, "/outcomes/download.xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.get_data()))
    sheet = book["Outcomes"]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert sheet["A2"].value == "OUT-A" and sheet["B2"].value == "Northfield link"
    assert sheet["C2"].value == 12 and sheet["C2"].data_type == "n"
    assert sheet["C3"].value is None
    assert sheet.freeze_panes == "A2"
    assert "Guidance" in book.sheetnames
    text = client.get(url(return_, "/outcomes/download.csv")).get_data()
    preview = _upload(client, return_, text)
    assert "The file changes no counts" in preview.text


def test_a_submitted_return_takes_no_upload(client: FlaskClient) -> None:
    """Once submitted, the upload page sends the force back to its return."""
    school = create_school()
    create_partnership(schools=[school], reference="OUT-A")
    return_ = force_return()
    police_user(client)
    return_.status = ReturnStatus.SUBMITTED
    session.commit()
    response = client.get(url(return_, "/outcomes/upload"))
    assert response.status_code == 302


def test_another_forces_return_is_not_found(client: FlaskClient) -> None:
    """A police user of another force gets 404 for the download and the upload."""
    return_ = force_return()
    police_user(client, "E23000001")
    for path in ("/outcomes/download.csv", "/outcomes/download.xlsx", "/outcomes/upload"):
        assert client.get(url(return_, path)).status_code == 404


def test_task_list_offers_the_spreadsheet(client: FlaskClient) -> None:
    """The task list links to the upload when there are partnerships."""
    create_partnership(schools=[create_school()], reference="OUT-A")
    return_ = force_return()
    police_user(client)
    page = get(client, url(return_))
    link = page.soup.select_one("#outcomes-file a")
    assert link is not None and link["href"] == url(return_, "/outcomes/upload")
