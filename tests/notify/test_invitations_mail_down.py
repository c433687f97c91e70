"""An invitation whose email cannot go keeps its account; it can be sent again later."""

from __future__ import annotations

import re
from io import BytesIO

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select

from sspcollect.db import session
from sspcollect.models import AccountToken, AuditEvent, User
from tests.factories import PASSWORD, create_school
from tests.mail import mail_server_down
from tests.notify.conftest import Mailbox
from tests.pages import get, post
from tests.review.world import make_user, signed_in

INVITE = {"name": "Priya Patel", "email": "priya.patel@example.org", "role": "school"}


def _link(received_body: str) -> str:
    """The set-password path in an invitation email."""
    found = re.search(r"/set-password/[A-Za-z0-9_-]+", received_body)
    assert found, received_body
    return found.group(0)


def _invited() -> User:
    """The invited user as the database holds it now."""
    session.expire_all()
    user = session.scalar(select(User).where(User.email == INVITE["email"]))
    assert user is not None
    return user


def test_the_mail_server_down_keeps_the_invited_account_and_says_so(
    app: Flask, client: FlaskClient, smtp: Mailbox
) -> None:
    signed_in(client, make_user("admin", "DFE", "Adam Admin"))
    school = create_school(name="Hollins Park School")
    working = mail_server_down(app)

    done = post(
        client,
        "/admin/users/invite",
        {**INVITE, "organisation_code": str(school.urn)},
        expected_status=302,
    )

    user = _invited()
    assert done.response.headers["Location"] == f"/admin/users/{user.id}"
    assert user.password_hash is None and user.active
    assert session.scalar(select(func.count()).select_from(AccountToken)) == 1
    assert smtp.received == []
    page = get(client, f"/admin/users/{user.id}")
    assert "the invitation email could not be sent" in page.text
    assert "Invitation sent" not in page.text

    # The mail server is back: sending again delivers a new link, and only it works.
    app.config["MAIL_PORT"] = working
    post(
        client,
        f"/admin/users/{user.id}/invitation",
        form_url=f"/admin/users/{user.id}",
        expected_status=302,
    )
    (received,) = smtp.to(INVITE["email"])
    assert f"Invitation sent to {INVITE['email']}" in get(client, f"/admin/users/{user.id}").text
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_id == str(user.id))
    ).all()
    assert actions.count("invitation_issued") == 2

    newcomer = app.test_client()
    link = _link(received.body("plain"))
    assert "Set your password" in get(newcomer, link).text
    post(
        newcomer,
        link,
        {"password": PASSWORD, "confirm": PASSWORD},
        expected_status=302,
    )
    assert _invited().password_hash is not None


def test_only_an_active_user_without_a_password_can_be_sent_an_invitation(
    client: FlaskClient, smtp: Mailbox
) -> None:
    admin = make_user("admin", "DFE", "Adam Admin")
    signed_in(client, admin)
    someone = make_user("reviewer", "DFE", "Rita Reviewer")
    assert someone.password_hash is not None
    assert "Send invitation again" not in get(client, f"/admin/users/{someone.id}").text

    refused = post(
        client,
        f"/admin/users/{someone.id}/invitation",
        form_url=f"/admin/users/{someone.id}",
        expected_status=409,
    )
    assert "Only an active user without a password can be invited" in refused.text
    assert smtp.received == []


def test_bulk_invitations_with_the_mail_server_down_keep_every_account(
    app: Flask, client: FlaskClient, smtp: Mailbox
) -> None:
    signed_in(client, make_user("admin", "DFE", "Adam Admin"))
    school = create_school()
    mail_server_down(app)
    rows = (
        "email,name,organisation_code,role\n"
        f"a.one@example.org,Ann One,{school.urn},school\n"
        f"b.two@example.org,Ben Two,{school.urn},school\n"
    )
    form = get(client, "/admin/users/invite-many")
    response = client.post(
        "/admin/users/invite-many",
        data={
            "csrf_token": form.soup.find("input", {"name": "csrf_token"})["value"],
            "users_file": (BytesIO(rows.encode()), "users.csv"),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "2 accounts made, but 2 invitation emails could not be sent" in response.get_data(
        as_text=True
    )
    session.expire_all()
    emails = set(session.scalars(select(User.email).where(User.email.like("%.%@example.org"))))
    assert {"a.one@example.org", "b.two@example.org"} <= emails
    assert smtp.received == []


def test_create_user_command_with_the_mail_server_down_keeps_the_account_and_fails(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    school = create_school()
    mail_server_down(app)
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            INVITE["email"],
            "--name",
            INVITE["name"],
            "--role",
            "school",
            "--org",
            str(school.urn),
        ]
    )
    assert result.exit_code == 1
    assert "the invitation email could not be sent" in result.output
    assert _invited().password_hash is None
