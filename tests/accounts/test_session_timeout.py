"""The idle timeout as the timeout warning sees it: how long is left, and staying signed in.

The dialog itself is driven in Chromium by tests/browser/test_timeout_warning.py.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from sspcollect.db import utcnow
from sspcollect.models import Role
from tests.factories import create_user, sign_in
from tests.pages import Page

JSON = {"Accept": "application/json"}


def _idle_for(client: FlaskClient, minutes: float) -> None:
    """Make client's session look idle for minutes."""
    with client.session_transaction() as stored:
        stored["last_seen"] = (utcnow() - timedelta(minutes=minutes)).timestamp()


def _status(client: FlaskClient) -> dict[str, object]:
    """What GET /session answers."""
    response = client.get("/session", headers=JSON)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    answer = response.get_json()
    assert isinstance(answer, dict)
    return answer


def _signed_in_client(app: Flask) -> FlaskClient:
    """A client signed in as a school user."""
    client = app.test_client()
    assert sign_in(client, create_user(Role.SCHOOL)).status_code == 302
    return client


def _stay_token(client: FlaskClient) -> str:
    """The CSRF token in the timeout warning's form on a signed-in page."""
    page = Page(client.get("/school"))
    field = page.soup.select_one("#timeout-warning input[name=csrf_token]")
    assert field is not None, "the signed-in page has no timeout warning"
    return str(field["value"])


def _stay_after_idling(app: Flask, minutes: float) -> tuple[FlaskClient, TestResponse]:
    """A signed-in client that idles for minutes, then presses "Stay signed in" (as JSON)."""
    client = _signed_in_client(app)
    token = _stay_token(client)
    _idle_for(client, minutes)
    response = client.post("/session/stay-signed-in", data={"csrf_token": token}, headers=JSON)
    return client, response


def test_signed_in_pages_carry_the_warning_and_signed_out_pages_do_not(app: Flask) -> None:
    client = _signed_in_client(app)
    page = Page(client.get("/school"))
    dialog = page.soup.select_one("dialog#timeout-warning")
    assert dialog is not None and not dialog.has_attr("open")
    assert dialog["data-warning-seconds"] == str(app.config["SESSION_TIMEOUT_WARNING_SECONDS"])
    assert dialog["data-status-url"] == "/session"
    assert dialog["data-seconds-left"] == str(round(app.config["SESSION_IDLE_MINUTES"] * 60))
    assert "You\N{RIGHT SINGLE QUOTATION MARK}re about to be signed out" in dialog.get_text()
    assert "we will sign you out in 2 minutes" in " ".join(dialog.get_text().split())
    assert dialog.select_one("form")["action"] == "/session/stay-signed-in"
    assert Page(app.test_client().get("/sign-in")).soup.select_one("#timeout-warning") is None


def test_asking_how_long_is_left_does_not_keep_the_session_alive(app: Flask) -> None:
    client = _signed_in_client(app)
    idle = app.config["SESSION_IDLE_MINUTES"] * 60
    _idle_for(client, 10)
    first = _status(client)
    assert first["signed_in"] is True
    assert idle - 600 - 5 <= int(first["seconds_left"]) <= idle - 600  # type: ignore[call-overload]
    _idle_for(client, 29)
    assert int(_status(client)["seconds_left"]) <= 60  # type: ignore[call-overload]
    _idle_for(client, 31)
    assert _status(client) == {"signed_in": False, "seconds_left": 0}
    # The status call itself ended the session, and the sign-in page says why.
    assert "signed out because you had not done anything" in Page(client.get("/sign-in")).text


def test_staying_signed_in_restarts_the_idle_time(app: Flask) -> None:
    client, response = _stay_after_idling(app, 29)
    assert response.status_code == 200
    idle = round(app.config["SESSION_IDLE_MINUTES"] * 60)
    assert response.get_json() == {"signed_in": True, "seconds_left": idle}
    assert int(_status(client)["seconds_left"]) >= idle - 5  # type: ignore[call-overload]
    _idle_for(client, 29)
    assert client.get("/school").status_code == 200  # 29 minutes is not yet too long


def test_staying_signed_in_without_the_script_returns_to_the_page(app: Flask) -> None:
    client = _signed_in_client(app)
    token = _stay_token(client)
    for sent, expected in [
        ("/school?tab=1", "/school?tab=1"),
        ("//evil.example.org/", "/"),
        ("https://evil.example.org/", "/"),
        (None, "/"),
    ]:
        data = {"csrf_token": token, **({"next": sent} if sent else {})}
        response = client.post("/session/stay-signed-in", data=data)
        assert response.status_code == 303
        assert response.headers["Location"] == expected


def test_staying_signed_in_is_too_late_once_the_session_has_timed_out(app: Flask) -> None:
    client, response = _stay_after_idling(app, 31)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")
    assert _status(client)["signed_in"] is False


def test_staying_signed_in_needs_a_csrf_token(app: Flask) -> None:
    client = _signed_in_client(app)
    response = client.post("/session/stay-signed-in", headers=JSON)
    assert response.status_code == 400


def test_signed_out_browsers_are_told_so(client: FlaskClient) -> None:
    assert _status(client) == {"signed_in": False, "seconds_left": 0}
