"""CSRF tokens that are expired, reused from an ended session, or tampered with are refused.

Each test first shows the same request succeeding with a good token, so that a refusal is
the token's doing and not the request's.
"""

from __future__ import annotations

import time

from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from sspcollect.db import session
from sspcollect.models import Role, User
from tests.factories import PASSWORD, create_user, csrf_token, sign_in
from tests.pages import Page


def _signed(app: Flask, raw: str, hours_ago: int) -> str:
    """The CSRF token Flask-WTF would have given for the session's raw token hours ago."""

    class SignedHoursAgo(TimestampSigner):
        """Flask-WTF's signer, with its clock set back."""

        def get_timestamp(self) -> int:
            """Now, less the hours."""
            return int(time.time()) - hours_ago * 3600

    serializer = URLSafeTimedSerializer(
        app.config["SECRET_KEY"], salt="wtf-csrf-token", signer=SignedHoursAgo
    )
    return str(serializer.dumps(raw))


def _raw_token(client: FlaskClient) -> str:
    """The session's own CSRF secret, which the signed tokens in forms carry."""
    with client.session_transaction() as stored:
        return str(stored["csrf_token"])


def _disable(client: FlaskClient, target: User, token: str) -> Page:
    """Ask to disable target's account, with token."""
    return Page(client.post(f"/admin/users/{target.id}/disable", data={"csrf_token": token}))


def _active(user: User) -> bool:
    """Whether the database holds user as active now."""
    session.expire_all()
    found = session.get(User, user.id)
    assert found is not None
    return found.active


def _refused(page: Page) -> bool:
    """The form-expired page, which every refused token gets."""
    return page.status == 400 and page.heading == "The form has expired"


def _admin_client(app: Flask) -> FlaskClient:
    """A client signed in as an admin, holding a CSRF secret in its session."""
    client = app.test_client()
    response = sign_in(client, create_user(Role.ADMIN))
    assert response.status_code == 302
    client.get("/admin/users")  # a page with forms: the session now has its CSRF secret
    return client


def test_an_expired_csrf_token_is_refused_and_a_fresh_one_accepted(app: Flask) -> None:
    client = _admin_client(app)
    raw = _raw_token(client)
    limit_hours = app.config["WTF_CSRF_TIME_LIMIT"] // 3600
    first, second = create_user(Role.SCHOOL), create_user(Role.SCHOOL)

    assert _refused(_disable(client, first, _signed(app, raw, hours_ago=limit_hours + 1)))
    assert _active(first)

    done = _disable(client, second, _signed(app, raw, hours_ago=limit_hours - 1))
    assert done.status == 302
    assert not _active(second)


def test_a_csrf_token_from_a_session_that_ended_is_refused(app: Flask) -> None:
    admin = create_user(Role.ADMIN)
    target = create_user(Role.SCHOOL)
    client = app.test_client()
    sign_in(client, admin)
    old = csrf_token(client.get(f"/admin/users/{target.id}").get_data(as_text=True))

    page = Page(client.get(f"/admin/users/{target.id}"))
    sign_out = page.soup.select_one("form.app-sign-out-form input[name=csrf_token]")
    assert sign_out is not None
    assert client.post("/sign-out", data={"csrf_token": sign_out["value"]}).status_code == 302
    assert _refused(_disable(client, target, old))  # signed out, and the session is new

    sign_in(client, admin, PASSWORD)
    assert _refused(_disable(client, target, old))  # signed in again: a new session still
    assert _active(target)
    fresh = csrf_token(client.get(f"/admin/users/{target.id}").get_data(as_text=True))
    assert fresh != old
    assert _disable(client, target, fresh).status == 302
    assert not _active(target)


def test_a_tampered_csrf_token_is_refused(app: Flask) -> None:
    client = _admin_client(app)
    target = create_user(Role.SCHOOL)
    good = csrf_token(client.get(f"/admin/users/{target.id}").get_data(as_text=True))
    body, _, signature = good.rpartition(".")
    # Change the signature's first character: every bit of it counts. (The last character of
    # unpadded base64 carries bits that decoding drops, so changing it may change nothing.)
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    other_raw = _signed(app, "0" * 40, hours_ago=0)  # well signed, but not this session's
    for tampered in (f"{body}.{flipped}", good[1:], good + "x", other_raw):
        assert _refused(_disable(client, target, tampered)), tampered
    assert _active(target)
    assert _disable(client, target, good).status == 302
    assert not _active(target)
