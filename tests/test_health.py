"""Health checks, the database-down page, and structured request logs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sspcollect.models import Role
from tests.conftest import make_app
from tests.factories import PASSWORD, create_user, csrf_token
from tests.pages import Page

UNREACHABLE = "postgresql://postgres@127.0.0.1:1/nowhere"


def test_liveness_and_readiness_answer_ok(client: FlaskClient) -> None:
    """A healthy service says so on both checks."""
    assert client.get("/healthz").json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json == {"status": "ok", "database": "ok"}


def test_readiness_fails_when_the_database_is_unreachable(tmp_path: Path) -> None:
    """Load balancers stop sending traffic when the database cannot be reached."""
    app = make_app(UNREACHABLE, tmp_path)
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json["database"] == "unreachable"


def test_a_page_needing_the_database_gets_a_503_page_not_a_traceback(tmp_path: Path) -> None:
    """With the database down, people see a plain explanation."""
    app = make_app(UNREACHABLE, tmp_path)
    client = app.test_client()
    form = client.get("/sign-in")
    response = client.post(
        "/sign-in",
        data={"email": "a@example.org", "password": "x", "csrf_token": csrf_token(form.text)},
    )
    page = Page(response)
    assert page.status == 503
    assert page.heading == "Sorry, the service is unavailable"
    assert "Traceback" not in page.html


def test_readiness_fails_while_migrations_are_pending(app: Flask, client: FlaskClient) -> None:
    """A database behind the code's migrations is not ready."""
    from sspcollect import schema

    schema.downgrade(app, "0001")
    try:
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json["database"] == "migrations pending"
    finally:
        schema.upgrade(app)


def test_each_request_is_logged_as_json_without_secrets(
    app: Flask, capsys: pytest.CaptureFixture[str]
) -> None:
    """One JSON line per request with its id, user and organisation; never the password."""
    logged_app = make_app(app.config["DATABASE_URL"], Path(app.config["MAIL_OUTBOX_DIR"]).parent)
    user = create_user(Role.SCHOOL)
    client = logged_app.test_client()
    form = client.get("/sign-in")
    client.post(
        "/sign-in",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(form.text)},
        headers={"X-Request-Id": "abc123"},
    )
    response = client.get("/school")
    lines = [
        json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")
    ]
    requests = [line for line in lines if line.get("logger") == "sspcollect.requests"]
    assert {"method", "path", "status", "duration_ms", "request_id"} <= set(requests[0])
    assert any(line["request_id"] == "abc123" and line["path"] == "/sign-in" for line in requests)
    school_line = next(line for line in requests if line["path"] == "/school")
    assert school_line["user_id"] == user.id
    assert school_line["organisation_id"] == user.organisation_id
    assert response.headers["X-Request-Id"] == school_line["request_id"]
    everything = "\n".join(json.dumps(line) for line in lines)
    assert PASSWORD not in everything


def test_reset_tokens_in_paths_are_masked_in_logs() -> None:
    """Invitation and reset links never reach the logs whole."""
    from sspcollect.logs import safe_path

    assert safe_path("/reset-password/SECRETTOKEN") == "/reset-password/…"
    assert safe_path("/set-password/SECRETTOKEN") == "/set-password/…"
    assert safe_path("/school") == "/school"
