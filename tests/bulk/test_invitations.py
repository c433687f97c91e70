"""Bulk invitations: every row checked first, then everyone invited in one go, or nobody."""

from __future__ import annotations

import io

from flask.testing import FlaskClient
from sqlalchemy import func, select

from sspcollect.db import session
from sspcollect.models import AuditEvent, Role, User
from tests.conftest import Outbox
from tests.factories import create_school, create_user, csrf_token, sign_in
from tests.pages import Page

URL = "/admin/users/invite-many"
HEADER = "email,name,organisation_code,role\n"


def _upload(client: FlaskClient, content: bytes, filename: str = "users.csv") -> Page:
    """Post a file to the bulk invitation page."""
    token = csrf_token(client.get(URL).get_data(as_text=True))
    response = client.post(
        URL,
        data={"csrf_token": token, "users_file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )
    return Page(response)


def _counts() -> tuple[int, int]:
    """Users and audit events, to show nothing was written."""
    users = session.scalar(select(func.count()).select_from(User)) or 0
    events = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    return users, events


def test_admin_invites_everyone_in_a_file(client: FlaskClient, outbox: Outbox) -> None:
    """Each row becomes an account with an invitation email; Windows-1252 names read right."""
    school = create_school()
    sign_in(client, create_user(Role.ADMIN))
    content = (
        HEADER
        + f"head@example.org,Siân Evans,{school.urn},school\n"
        + "coordinator@example.org,Pat Lee,E23000014,police\n"
        + "analyst@example.org,Ray Khan,HO,reviewer\n"
    ).encode("cp1252")
    page = _upload(client, content)
    assert page.status == 302
    for address in ("head@example.org", "coordinator@example.org", "analyst@example.org"):
        assert outbox.to(address), address
    head = session.scalar(select(User).where(User.email == "head@example.org"))
    assert head is not None and head.name == "Siân Evans" and head.role == "school"


def test_a_file_with_any_problem_invites_nobody(client: FlaskClient, outbox: Outbox) -> None:
    """Every problem is listed by row and column, and nothing is written or sent."""
    existing = create_user(Role.POLICE)
    sign_in(client, create_user(Role.ADMIN))
    before = _counts()
    content = (
        HEADER
        + "good@example.org,Good Person,E23000014,police\n"
        + "not-an-email,Bad Email,E23000014,police\n"
        + "x@example.org,Wrong Org,ZZZ999,police\n"
        + "y@example.org,Wrong Role,DFE,school\n"
        + f"{existing.email},Already There,E23000014,police\n"
        + "good@example.org,Twice,E23000014,police\n"
        + "z@example.org,,E23000014,police\n"
    ).encode()
    page = _upload(client, content)
    assert page.status == 400
    table = [
        [cell.get_text(" ", strip=True) for cell in row.select("td, th")]
        for row in page.soup.select("#problems tbody tr")
    ]
    assert [(row[0], row[1]) for row in table] == [
        ("3", "email"),
        ("4", "organisation_code"),
        ("5", "role"),
        ("6", "email"),
        ("7", "email"),
        ("8", "name"),
    ]
    assert "The same email address is on row 2" in table[4][3]
    assert _counts() == before
    assert outbox.to("good@example.org") == []


def test_bad_files_are_refused_with_a_message(client: FlaskClient) -> None:
    """Wrong headers, an empty file, a fake workbook: a clear message and no change."""
    sign_in(client, create_user(Role.ADMIN))
    before = _counts()
    for content, filename, words in [
        (b"mail,who\nx@example.org,X\n", "users.csv", "The first row must be the column headings"),
        (b"", "users.csv", "The selected file is empty"),
        (b"not a workbook", "users.xlsx", "is not an Excel workbook"),
        (b"a,b", "users.pdf", "must be a CSV or an Excel workbook"),
    ]:
        page = _upload(client, content, filename)
        assert page.status == 400, filename
        assert any(words in error for error in page.errors), (filename, page.errors)
    assert _counts() == before


def test_only_admins_may_invite_in_bulk(client: FlaskClient) -> None:
    """Reviewers and everyone else are refused."""
    sign_in(client, create_user(Role.REVIEWER))
    assert client.get(URL).status_code == 403
