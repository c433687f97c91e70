"""Invitations and password resets: single-use, expiring links sent by email."""

from __future__ import annotations

import re
from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.accounts import service
from sspcollect.accounts.passwords import verify_password
from sspcollect.db import session, utcnow
from sspcollect.models import AccountToken, Role, User
from tests.conftest import Outbox
from tests.factories import create_school, create_user
from tests.pages import get, post

NEW_PASSWORD = "a long new passphrase for school"


def create_account(email: str, name: str, role: str, organisation_code: str) -> User:
    """A new account, invited by email as an admin's invitation does."""
    user = service.create_user(email, name, role, organisation_code)
    assert service.invite(user), "the invitation email was not sent"
    return user


def _link(outbox: Outbox, address: str) -> str:
    """The path of the link in the newest message to address."""
    message = outbox.to(address)[-1]
    text = message.get_body(("plain",)).get_content()
    match = re.search(r"http://127\.0\.0\.1:5000(/\S+)", text)
    assert match, text
    return match.group(1)


def test_invited_user_sets_a_password_once_and_signs_in(
    client: FlaskClient, outbox: Outbox
) -> None:
    """The invitation link sets a password, then stops working."""
    school = create_school(name="Ysgol Gymraeg Bro Morgannwg", la_old_code="673")
    user = create_account("new.head@example.org", "Nia Jones", "school", str(school.urn))
    message = outbox.to(user.email)[-1]
    assert "Ysgol Gymraeg Bro Morgannwg" in message.get_body(("plain",)).get_content()
    assert message.get_body(("html",)) is not None
    link = _link(outbox, user.email)
    assert link.startswith("/set-password/")
    page = get(client, link)
    assert page.heading == "Set your password"
    done = post(
        client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, follow_redirects=True
    )
    assert "Your password has been set" in done.text
    signed_in = post(
        client, "/sign-in", {"email": user.email, "password": NEW_PASSWORD}, expected_status=302
    )
    assert signed_in.response.headers["Location"] == "/"
    reused = get(client, link, expected_status=404)
    assert reused.heading == "This link has expired"


def test_password_rules_are_explained(client: FlaskClient, outbox: Outbox) -> None:
    """A short or mismatched password gets a message saying what to do."""
    create_account("p.rules@example.org", "Pat", "reviewer", "DFE")
    link = _link(outbox, "p.rules@example.org")
    short = post(client, link, {"password": "short", "confirm": "short"})
    assert short.errors == ["Password must be 12 characters or more"]
    mismatch = post(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"})
    assert mismatch.errors == ["The passwords do not match; enter the same password twice"]


def test_expired_invitation_is_refused(client: FlaskClient, outbox: Outbox) -> None:
    """An invitation past its time cannot be used."""
    user = create_account("late@example.org", "Lee", "police", "E23000014")
    link = _link(outbox, user.email)
    for token in session.scalars(select(AccountToken).where(AccountToken.user_id == user.id)):
        token.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    assert get(client, link, expected_status=404).heading == "This link has expired"


def test_tampered_token_is_refused(client: FlaskClient, outbox: Outbox) -> None:
    """A token that was altered matches nothing."""
    create_account("tamper@example.org", "Tam", "police", "E23000014")
    link = _link(outbox, "tamper@example.org")
    tampered = link[:-3] + ("aaa" if not link.endswith("aaa") else "bbb")
    get(client, tampered, expected_status=404)
    get(client, "/set-password/" + "x" * 500, expected_status=404)


def test_reset_link_sent_only_for_real_accounts_with_the_same_page(
    client: FlaskClient, outbox: Outbox
) -> None:
    """Asking for a reset says the same whether or not the account exists."""
    user = create_user(Role.SCHOOL)
    known = post(client, "/forgot-password", {"email": user.email})
    unknown = post(client, "/forgot-password", {"email": "nobody@example.org"})
    assert known.heading == unknown.heading == "Check your email"
    assert len(outbox.to(user.email)) == 1
    assert outbox.to("nobody@example.org") == []
    link = _link(outbox, user.email)
    assert link.startswith("/reset-password/")
    post(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, expected_status=302)
    post(client, "/sign-in", {"email": user.email, "password": NEW_PASSWORD}, expected_status=302)
    # Used once, the link is refused, even to someone who still has the page open.
    assert get(client, link, expected_status=404).heading == "This link has expired"
    other = "another new passphrase here"
    post(client, link, {"password": other, "confirm": other}, 404, form_url="/forgot-password")
    session.expire_all()
    refreshed = session.get(User, user.id)
    assert refreshed is not None and verify_password(refreshed.password_hash or "", NEW_PASSWORD)


def test_reset_unlocks_a_locked_account_and_ends_other_sessions(
    client: FlaskClient, outbox: Outbox
) -> None:
    """Setting a new password clears the lock and signs out old sessions."""
    user = create_user(Role.SCHOOL, locked_until=utcnow() + timedelta(minutes=10))
    post(client, "/forgot-password", {"email": user.email})
    post(
        client,
        _link(outbox, user.email),
        {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        expected_status=302,
    )
    session.expire_all()
    refreshed = session.get(User, user.id)
    assert refreshed is not None
    assert refreshed.locked_until is None
    assert refreshed.session_version == 2


def test_a_second_reset_request_cancels_the_first_link(client: FlaskClient, outbox: Outbox) -> None:
    """Only the newest reset link works."""
    user = create_user(Role.SCHOOL)
    post(client, "/forgot-password", {"email": user.email})
    first = _link(outbox, user.email)
    post(client, "/forgot-password", {"email": user.email})
    second = _link(outbox, user.email)
    assert first != second
    get(client, first, expected_status=404)
    get(client, second)
