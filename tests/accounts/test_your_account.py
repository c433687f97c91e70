"""Your account: see your organisation and role, change your name, change your password."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from sspcollect.accounts.passwords import verify_password
from sspcollect.db import session
from sspcollect.models import AuditEvent, Role, User
from tests.conftest import Outbox
from tests.factories import PASSWORD, create_user, sign_in
from tests.pages import get, post

NEW_PASSWORD = "a long walk by the river Tees"


def test_account_page_shows_name_email_organisation_and_role(client: FlaskClient) -> None:
    """A police user sees who they are, which force and what the role lets them do."""
    user = create_user(Role.POLICE, name="Sam Okafor")
    sign_in(client, user)
    page = get(client, "/account")
    assert page.heading == "Your account"
    rows = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(" ", strip=True)
        for row in page.soup.select(".govuk-summary-list__row")
    }
    assert rows["Name"] == "Sam Okafor"
    assert rows["Email address"] == user.email
    assert "Police force" in rows["Organisation"]
    assert rows["Role"].startswith("Police: you keep your force\u2019s partnership register")


def test_header_links_to_the_account_page_only_when_signed_in(client: FlaskClient) -> None:
    """The service navigation carries "Your account" for a signed-in person."""
    assert "Your account" not in get(client, "/sign-in").text
    sign_in(client, create_user(Role.SCHOOL))
    link = get(client, "/school").soup.find("a", string="Your account")
    assert link is not None and link["href"] == "/account"


def test_account_page_needs_a_sign_in(client: FlaskClient) -> None:
    """Nobody reaches it signed out."""
    response = client.get("/account")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


def test_person_changes_their_name(client: FlaskClient) -> None:
    """The new name is saved, tidied and recorded in the audit trail."""
    user = create_user(Role.SCHOOL, name="Jo Bloggs")
    sign_in(client, user)
    page = post(client, "/account/name", {"name": "  Joanne   Bloggs "}, follow_redirects=True)
    assert "Your name has been changed" in page.text
    session.expire_all()
    assert session.get(User, user.id).name == "Joanne Bloggs"  # type: ignore[union-attr]
    event = session.query(AuditEvent).filter_by(action="name_changed").one()
    assert event.changes == {"name": ["Jo Bloggs", "Joanne Bloggs"]}


def test_a_blank_name_is_refused(client: FlaskClient) -> None:
    """An empty name says what to enter."""
    user = create_user(Role.SCHOOL, name="Jo Bloggs")
    sign_in(client, user)
    page = post(client, "/account/name", {"name": "  "})
    assert page.errors == ["Enter your full name"]
    session.expire_all()
    assert session.get(User, user.id).name == "Jo Bloggs"  # type: ignore[union-attr]


def test_password_changes_with_the_current_password(
    app: Flask, client: FlaskClient, outbox: Outbox
) -> None:
    """The right current password sets the new one; this browser stays signed in, another
    is signed out, and an email says so."""
    user = create_user(Role.SCHOOL)
    other = app.test_client()
    sign_in(other, user)
    sign_in(client, user)
    data = {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    page = post(client, "/account/password", data, follow_redirects=True)
    assert "Your password has been changed" in page.text
    session.expire_all()
    changed = session.get(User, user.id)
    assert changed is not None and verify_password(changed.password_hash, NEW_PASSWORD)
    get(client, "/account")
    assert other.get("/account").status_code == 302
    message = outbox.to(user.email)[-1]
    assert "has been changed" in str(message["Subject"])


def test_a_wrong_current_password_changes_nothing(client: FlaskClient) -> None:
    """The current password must be right."""
    user = create_user(Role.POLICE)
    sign_in(client, user)
    data = {"current": "not my password at all", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    page = post(client, "/account/password", data)
    assert page.errors == ["The current password you entered is not correct"]
    session.expire_all()
    unchanged = session.get(User, user.id)
    assert unchanged is not None and verify_password(unchanged.password_hash, PASSWORD)


def test_new_password_follows_the_rules(client: FlaskClient) -> None:
    """Too short, not repeated the same, or the same as now: each says what to do."""
    user = create_user(Role.SCHOOL)
    sign_in(client, user)
    short = post(client, "/account/password", {"current": PASSWORD, "password": "short"})
    assert short.errors == [
        "Password must be 12 characters or more",
        "Enter the new password again",
    ]
    same = post(
        client,
        "/account/password",
        {"current": PASSWORD, "password": PASSWORD, "confirm": PASSWORD},
    )
    assert same.errors == ["Your new password must be different from your current password"]
    empty = post(client, "/account/password", {})
    assert empty.errors == [
        "Enter your current password",
        "Enter a new password",
        "Enter the new password again",
    ]
