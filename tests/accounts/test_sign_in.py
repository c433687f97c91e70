"""Signing in and out: one message for unknown and wrong, locks, throttling, expiry."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from sspcollect.db import session, utcnow
from sspcollect.models import AuditEvent, Role
from tests.factories import PASSWORD, create_user, csrf_token, sign_in
from tests.pages import Page, get, post


def _attempt(client: FlaskClient, email: str, password: str) -> Page:
    """Submit the sign-in form."""
    return post(client, "/sign-in", {"email": email, "password": password})


def test_user_signs_in_and_out(client: FlaskClient) -> None:
    """The right email and password sign in; signing out ends the session."""
    user = create_user(Role.SCHOOL)
    response = sign_in(client, user)
    assert response.status_code == 302
    get(client, "/school")
    token = csrf_token(client.get("/school").get_data(as_text=True))
    out = client.post("/sign-out", data={"csrf_token": token}, follow_redirects=True)
    banner = Page(out).soup.select_one(".govuk-notification-banner__heading")
    assert banner is not None
    assert banner.get_text(strip=True) == "You have signed out."
    get(client, "/school", expected_status=302)


def test_email_is_matched_whatever_its_case(client: FlaskClient) -> None:
    """People type their address in capitals too."""
    user = create_user(Role.SCHOOL)
    page = post(
        client, "/sign-in", {"email": user.email.upper(), "password": PASSWORD}, expected_status=302
    )
    assert page.response.headers["Location"] == "/"


def test_unknown_email_and_wrong_password_get_the_same_message(client: FlaskClient) -> None:
    """The page never tells whether an account exists."""
    user = create_user(Role.SCHOOL)
    unknown = _attempt(client, "nobody@example.org", PASSWORD)
    wrong = _attempt(client, user.email, "not the password at all")
    assert unknown.errors == wrong.errors == ["Enter a correct email address and password"]
    assert unknown.title.startswith("Error: ")


def test_empty_form_says_what_to_enter(client: FlaskClient) -> None:
    """Missing answers are named in the error summary."""
    page = _attempt(client, "", "")
    assert page.errors == ["Enter your email address", "Enter your password"]


def test_account_locks_after_five_failures_even_with_the_right_password(
    client: FlaskClient,
) -> None:
    """Five wrong passwords lock the account; the right one is then refused too."""
    user = create_user(Role.SCHOOL)
    for _ in range(4):
        assert _attempt(client, user.email, "wrong password!").errors == [
            "Enter a correct email address and password"
        ]
    locked = _attempt(client, user.email, "wrong password!")
    assert "locked" in locked.errors[0]
    still_locked = _attempt(client, user.email, PASSWORD)
    assert "locked" in still_locked.errors[0]
    get(client, "/school", expected_status=302)
    actions = session.scalars(
        AuditEvent.__table__.select().with_only_columns(AuditEvent.action)
    ).all()
    assert "account_locked" in actions


def test_lock_ends_after_its_time(client: FlaskClient) -> None:
    """A lock that has run out no longer stops the right password."""
    user = create_user(Role.SCHOOL, locked_until=utcnow() - timedelta(minutes=1))
    assert sign_in(client, user).status_code == 302


def test_many_attempts_from_one_address_are_throttled(app: Flask, client: FlaskClient) -> None:
    """Past the per-minute limit, even good attempts get the 'too many attempts' page."""
    app.config["SIGN_IN_THROTTLE_PER_MINUTE"] = 3
    for _ in range(3):
        _attempt(client, "someone@example.org", "wrong password!")
    throttled = post(
        client, "/sign-in", {"email": "a@example.org", "password": "x"}, expected_status=429
    )
    assert throttled.heading == "Too many attempts"


def test_disabled_user_cannot_sign_in_and_is_signed_out(client: FlaskClient) -> None:
    """Disabling an account ends its sessions at once."""
    user = create_user(Role.SCHOOL)
    sign_in(client, user)
    get(client, "/school")
    user.active = False
    session.commit()
    get(client, "/school", expected_status=302)
    assert _attempt(client, user.email, PASSWORD).errors == [
        "Enter a correct email address and password"
    ]


def test_idle_session_expires(app: Flask, client: FlaskClient) -> None:
    """A session idle for longer than SESSION_IDLE_MINUTES is signed out, with a message."""
    user = create_user(Role.SCHOOL)
    sign_in(client, user)
    with client.session_transaction() as browser_session:
        browser_session["last_seen"] = (utcnow() - timedelta(minutes=31)).timestamp()
    response = client.get("/school")
    assert response.status_code == 302
    page = get(client, response.headers["Location"])
    assert "signed out because you had not done anything" in page.text


def test_next_link_only_leads_inside_the_service(client: FlaskClient) -> None:
    """A crafted next= pointing elsewhere is ignored."""
    user = create_user(Role.SCHOOL)
    form = client.get("/sign-in?next=//evil.example.org/")
    response = client.post(
        "/sign-in?next=//evil.example.org/",
        data={
            "email": user.email,
            "password": PASSWORD,
            "csrf_token": csrf_token(form.get_data(as_text=True)),
        },
    )
    assert response.headers["Location"] == "/"


def test_session_cookie_is_http_only_and_same_site(client: FlaskClient) -> None:
    """The only cookie is HttpOnly and SameSite=Lax."""
    user = create_user(Role.SCHOOL)
    response = sign_in(client, user)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_sign_in_without_csrf_token_gets_the_form_expired_page(client: FlaskClient) -> None:
    """A form posted without its token is refused with a page that explains."""
    response = client.post("/sign-in", data={"email": "a@example.org", "password": "x"})
    page = Page(response)
    assert page.status == 400
    assert page.heading == "The form has expired"
