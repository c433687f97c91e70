"""The GOV.UK Notify backend against a local HTTP server that checks each request it gets."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from sspcollect import config as settings
from sspcollect.config import ConfigurationError
from sspcollect.db import session
from sspcollect.models import MessageStatus, ReturnStatus, SentMessage
from sspcollect.notify import messages
from tests.notify.helpers import make_collection, school_return

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
API_KEY = f"sspcollect_test-{SERVICE_ID}-{SECRET}"
TEMPLATES = {
    "due_soon": str(uuid.uuid4()),
    "returned": str(uuid.uuid4()),
    "invitation": str(uuid.uuid4()),
}


@dataclass
class NotifyRequest:
    """One request the fake Notify API received."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeNotify:
    """What the fake API received; it answers `status` (201 unless a test says otherwise)."""

    port: int = 0
    requests: list[NotifyRequest] = field(default_factory=list)
    status: int = 201


def _handler(state: FakeNotify) -> type[BaseHTTPRequestHandler]:
    """A request handler that records each request in state."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            state.requests.append(
                NotifyRequest("POST", self.path, dict(self.headers.items()), body)
            )
            if state.status == 201:
                answer = {"id": str(uuid.uuid4()), "content": {}, "template": {}}
            else:
                answer = {"errors": [{"error": "BadRequestError", "message": "Not allowed"}]}
            payload = json.dumps(answer).encode()
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            """Keep the test output quiet."""

    return Handler


@pytest.fixture
def notify(app: Flask) -> Iterator[FakeNotify]:
    """A fake GOV.UK Notify API on 127.0.0.1, with app set to send through it."""
    state = FakeNotify()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config.update(
        MAIL_BACKEND="notify",
        NOTIFY_API_KEY=API_KEY,
        NOTIFY_BASE_URL=f"http://127.0.0.1:{state.port}",
        NOTIFY_TEMPLATE_IDS=TEMPLATES,
    )
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def test_reminder_is_posted_to_notify_with_its_template_and_personalisation(
    app: Flask, runner: FlaskCliRunner, notify: FakeNotify
) -> None:
    """POST /v2/notifications/email: the address, the kind's template id, the rendered text."""
    collection = make_collection()
    _, (person,) = school_return(collection, name="Cedar Primary")

    result = runner.invoke(args=["send-reminders", "--today", "2027-03-05"])

    assert result.exit_code == 0, result.output
    (request,) = notify.requests
    assert request.method == "POST"
    assert request.path == "/v2/notifications/email"
    assert request.body["email_address"] == person.email
    assert request.body["template_id"] == TEMPLATES["due_soon"]
    fields = request.body["personalisation"]
    assert fields["subject"] == (
        "Reminder: the return for Cedar Primary is due by Friday 19 March 2027"
    )
    assert "Cedar Primary" in fields["body"] and "14 days from now" in fields["body"]
    assert fields["organisation"] == "Cedar Primary"
    assert fields["collection"] == "Safer School Partnerships 2026/27"
    assert fields["deadline"] == "Friday 19 March 2027"
    assert fields["link"].startswith(app.config["BASE_URL"])
    assert fields["name"] == person.name


def test_notify_request_carries_a_bearer_token_signed_with_the_api_key(
    app: Flask, notify: FakeNotify
) -> None:
    """The Authorization header holds a JWT issued by the service, signed with the secret."""
    collection = make_collection()
    return_, _ = school_return(collection, status=ReturnStatus.RETURNED)
    return_.reviewer_comment = "Check the number of pupils on roll"
    session.commit()

    messages.send_returned(return_)

    (request,) = notify.requests
    scheme, _, token = request.headers["Authorization"].partition(" ")
    assert scheme == "Bearer"
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["iss"] == SERVICE_ID
    assert request.body["template_id"] == TEMPLATES["returned"]
    assert request.body["personalisation"]["comment"] == "Check the number of pupils on roll"


def test_a_kind_without_a_notify_template_is_recorded_failed(
    app: Flask, runner: FlaskCliRunner, notify: FakeNotify
) -> None:
    """No template id for `overdue`: nothing is posted, the message is failed with the reason."""
    collection = make_collection()
    school_return(collection)

    result = runner.invoke(args=["send-reminders", "--today", "2027-03-22"])

    assert result.exit_code == 0
    assert notify.requests == []
    logged = session.scalars(select(SentMessage)).one()
    assert logged.status == MessageStatus.FAILED
    assert "no Notify template id" in (logged.last_error or "")


def test_a_recipient_notify_refuses_is_failed_and_the_run_goes_on(
    app: Flask, runner: FlaskCliRunner, notify: FakeNotify
) -> None:
    """A 400 from Notify concerns one message: it is failed, the run still exits 0."""
    notify.status = 400
    collection = make_collection()
    school_return(collection, users=2)

    result = runner.invoke(args=["send-reminders", "--today", "2027-03-05"])

    assert result.exit_code == 0
    assert "0 sent, 2 failed" in result.output
    assert len(notify.requests) == 2


def test_notify_unavailable_stops_the_run_with_a_non_zero_exit(
    app: Flask, runner: FlaskCliRunner, notify: FakeNotify
) -> None:
    """A 500 from Notify means nothing else would go: stop, say so, mark nothing sent."""
    notify.status = 500
    collection = make_collection()
    school_return(collection, users=3)

    result = runner.invoke(args=["send-reminders", "--today", "2027-03-05"])

    assert result.exit_code != 0
    assert "mail server is unavailable" in result.output
    statuses = session.scalars(select(SentMessage.status)).all()
    assert statuses == [MessageStatus.FAILED] * 3


def test_notify_template_ids_come_from_json_or_one_variable_per_kind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """NOTIFY_TEMPLATE_IDS as JSON, and NOTIFY_TEMPLATE_<KIND> for one kind, are both read."""
    monkeypatch.setenv("NOTIFY_TEMPLATE_IDS", json.dumps({"due_soon": "a", "overdue": "b"}))
    monkeypatch.setenv("NOTIFY_TEMPLATE_OVERDUE", "c")
    monkeypatch.setenv("NOTIFY_TEMPLATE_COLLECTION_OPENED", "d")

    config = settings.TestConfig()

    assert config.NOTIFY_TEMPLATE_IDS == {"due_soon": "a", "overdue": "c", "collection_opened": "d"}


def test_notify_backend_without_an_api_key_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """MAIL_BACKEND=notify needs NOTIFY_API_KEY: the service says so instead of failing later."""
    monkeypatch.setenv("MAIL_BACKEND", "notify")
    monkeypatch.delenv("NOTIFY_API_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="NOTIFY_API_KEY"):
        settings.TestConfig()
    monkeypatch.setenv("NOTIFY_TEMPLATE_IDS", "not json")
    monkeypatch.setenv("NOTIFY_API_KEY", API_KEY)
    with pytest.raises(ConfigurationError, match="NOTIFY_TEMPLATE_IDS"):
        settings.TestConfig()


def test_an_unknown_mail_backend_refuses_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """A typing error in MAIL_BACKEND stops the service at once."""
    monkeypatch.setenv("MAIL_BACKEND", "smpt")
    with pytest.raises(ConfigurationError, match="MAIL_BACKEND"):
        settings.TestConfig()


def test_notify_backend_posts_nothing_for_a_day_with_nothing_due(
    app: Flask, runner: FlaskCliRunner, notify: FakeNotify
) -> None:
    """Before the collection opens, no request leaves for Notify."""
    school_return(make_collection())
    runner.invoke(args=["send-reminders", "--today", date(2027, 2, 1).isoformat()])
    assert notify.requests == []
