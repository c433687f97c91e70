"""Password reset and invitation links are throttled through the database, across workers."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from sspcollect.db import database
from tests.conftest import IsolatedClient, Outbox, make_app
from tests.factories import create_user, csrf_token
from tests.pages import Page


def _forgot(client: FlaskClient, email: str) -> Page:
    """Ask for a reset link for email."""
    token = csrf_token(client.get("/forgot-password").get_data(as_text=True))
    return Page(client.post("/forgot-password", data={"csrf_token": token, "email": email}))


def test_reset_requests_are_throttled_after_five_a_minute_with_a_clear_page(
    app: Flask, outbox: Outbox
) -> None:
    user = create_user()
    client = app.test_client()
    for _ in range(5):
        assert _forgot(client, user.email).status == 200
    page = _forgot(client, user.email)
    assert page.status == 429
    assert page.heading == "Too many attempts"
    assert len(outbox.to(user.email)) == 5


def test_reset_throttle_holds_across_workers(app: Flask, database_url: str, tmp_path: Path) -> None:
    user = create_user()
    other = make_app(database_url, tmp_path / "other")
    other.test_client_class = IsolatedClient
    try:
        first, second = app.test_client(), other.test_client()
        for client in (first, second, first, second, first):
            assert _forgot(client, user.email).status == 200
        assert _forgot(second, user.email).status == 429
    finally:
        database(other).engine.dispose()


def test_a_few_reset_requests_are_not_throttled(app: Flask) -> None:
    client = app.test_client()
    for _ in range(3):
        page = _forgot(client, "nobody@example.org")
        assert page.status == 200
        assert page.heading != "Too many attempts"


def test_guessing_invitation_and_reset_links_is_throttled(app: Flask) -> None:
    client = app.test_client()
    statuses = [client.get(f"/set-password/guess{n}").status_code for n in range(6)]
    statuses += [client.get(f"/reset-password/guess{n}").status_code for n in range(4)]
    assert statuses == [404] * 10
    page = Page(client.get("/set-password/guess-again"))
    assert page.status == 429
    assert page.heading == "Too many attempts"
    assert client.get("/reset-password/guess-again").status_code == 429
