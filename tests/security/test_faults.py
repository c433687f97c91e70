"""Faults survived: the database cut or gone, a save failing half-way, the mail server refusing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, text

from sspcollect.accounts import service as accounts_service
from sspcollect.db import database, session
from sspcollect.models import AccountToken, AuditEvent, ReturnStatus, SchoolAnswers, User
from sspcollect.returns import school_service
from tests.conftest import POSTGRES_URL, IsolatedClient, make_app
from tests.factories import create_user, csrf_token, sign_in
from tests.mail import closed_port
from tests.pages import Page
from tests.returns.school_pages import reload, signed_in_school, url
from tests.returns.test_school_submission import _complete_and_submit


@pytest.fixture
def second_app(database_url: str, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Another worker's app on the same database, made by a test with its own settings."""
    made: list[Flask] = []

    def make(**settings: object) -> Flask:
        other = make_app(database_url, tmp_path / f"other{len(made)}", **settings)
        other.test_client_class = IsolatedClient
        made.append(other)
        return other

    yield make
    for other in made:
        database(other).engine.dispose()


def test_a_database_that_cannot_be_reached_gives_the_503_page(app: Flask, tmp_path: Path) -> None:
    gone = make_app(f"postgresql://postgres@127.0.0.1:{closed_port()}/gone", tmp_path / "gone")
    try:
        client = gone.test_client()
        page = Page(client.get("/sign-in?next=/school"))
        assert page.status in {200, 503}
        token = csrf_token(page.html) if page.status == 200 else ""
        page = Page(
            client.post(
                "/sign-in", data={"csrf_token": token, "email": "a@example.org", "password": "x"}
            )
        )
        assert page.status == 503
        assert page.heading == "Sorry, the service is unavailable"
        assert "Traceback" not in page.html
        assert gone.test_client().get("/readyz").status_code == 503
    finally:
        database(gone).engine.dispose()


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_connection_cut_during_a_request_gives_503_and_the_next_request_recovers(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = create_user()
    client = app.test_client()
    original = accounts_service.find_user_by_email

    def cut_then_find(email: str) -> User | None:
        session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        return original(email)

    monkeypatch.setattr(accounts_service, "find_user_by_email", cut_then_find)
    page = Page(sign_in(client, user))
    assert page.status == 503
    assert page.heading == "Sorry, the service is unavailable"
    monkeypatch.setattr(accounts_service, "find_user_by_email", original)
    response = sign_in(client, user)
    assert response.status_code == 302
    assert client.get("/readyz").status_code == 200


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_connections_killed_between_requests_are_replaced(app: Flask, database_url: str) -> None:
    user = create_user()
    client = app.test_client()
    assert sign_in(client, user).status_code == 302
    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
    assert client.get("/").status_code in {200, 302}
    assert client.get("/validation-rules").status_code == 200


def test_a_failure_half_way_through_a_save_leaves_nothing_saved(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _user, return_ = signed_in_school(client)
    events = session.scalar(select(func.count()).select_from(AuditEvent))

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("failed after the answers and the audit event were written")

    monkeypatch.setattr(school_service, "refresh_findings", broken)
    address = url(return_, "has-partnership")
    token = csrf_token(client.get(address).get_data(as_text=True))
    response = client.post(
        address,
        data={"csrf_token": token, "has_ssp": "no", "version": str(return_.version)},
    )
    assert response.status_code == 500
    assert "Traceback" not in response.get_data(as_text=True)
    session.expire_all()
    assert (
        session.scalar(select(SchoolAnswers).where(SchoolAnswers.return_id == return_.id)) is None
    )
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == events
    assert reload(return_).version == return_.version


def test_the_mail_server_refusing_never_loses_the_submission(
    app: Flask, second_app: Callable[..., Flask]
) -> None:
    smtp_down = second_app(
        MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port(), MAIL_TIMEOUT=2
    )
    client = smtp_down.test_client()
    _user, return_ = signed_in_school(client)
    _complete_and_submit(client, return_)
    assert reload(return_).status == ReturnStatus.SUBMITTED
    assert client.get(url(return_, "confirmation")).status_code == 200


def test_the_mail_server_refusing_a_reset_email_keeps_the_same_answer_and_the_token(
    app: Flask, second_app: Callable[..., Flask]
) -> None:
    user = create_user()
    smtp_down = second_app(
        MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port(), MAIL_TIMEOUT=2
    )
    client = smtp_down.test_client()
    token = csrf_token(client.get("/forgot-password").get_data(as_text=True))
    page = Page(client.post("/forgot-password", data={"csrf_token": token, "email": user.email}))
    assert page.status == 200
    assert page.heading == "Check your email"
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(AccountToken)) == 1


def test_a_signed_in_user_gets_the_503_page_while_the_database_is_down(
    app: Flask, tmp_path: Path
) -> None:
    user = create_user()
    client = app.test_client()
    assert sign_in(client, user).status_code == 302
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    # Another worker with the same secret, whose database has gone away.
    gone = make_app(f"postgresql://postgres@127.0.0.1:{closed_port()}/gone", tmp_path / "gone")
    try:
        other = gone.test_client()
        other.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie.value)
        for address in ("/", "/school", "/validation-rules"):
            page = Page(other.get(address))
            assert page.status == 503, (address, page.status)
            assert page.heading == "Sorry, the service is unavailable"
            assert "Traceback" not in page.html
        refused = Page(other.post("/sign-out", data={"csrf_token": "forged"}))
        assert refused.status == 503, refused.status  # the form-expired page needs the user too
        assert "Traceback" not in refused.html
    finally:
        database(gone).engine.dispose()
    assert client.get("/school").status_code == 200  # the database itself was never down
