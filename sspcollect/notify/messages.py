"""The messages the service sends, rendered from templates/email/, and sending them."""

from __future__ import annotations

import logging
from email.message import EmailMessage
from typing import Any

from flask import current_app, render_template

from sspcollect.models import User
from sspcollect.notify.backends import backend_from_config

log = logging.getLogger(__name__)


def service_url(endpoint: str, **values: Any) -> str:
    """An absolute link to a page of the service for an email, built from BASE_URL.

    Works without a request (the reminder command, the CLI), unlike flask.url_for.
    """
    path = current_app.url_map.bind("").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


def build_message(to: str, kind: str, **context: Any) -> EmailMessage:
    """Render templates/email/<kind>.txt (first line is the subject) and .html into a message."""
    context.setdefault("service_name", current_app.config["SERVICE_NAME"])
    text = render_template(f"email/{kind}.txt", **context)
    subject, _, body = text.partition("\n")
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject.removeprefix("Subject:").strip()
    message.set_content(body.lstrip("\n"))
    message.add_alternative(render_template(f"email/{kind}.html", **context), subtype="html")
    return message


def send(to: str, kind: str, **context: Any) -> None:
    """Build and deliver one message of kind to one address."""
    message = build_message(to, kind, **context)
    backend_from_config().send(message)
    log.info("sent %s email", kind, extra={"kind": kind})


def send_invitation(user: User, token: str) -> None:
    """Invite a new user to set a password."""
    send(
        user.email, "invitation", user=user, link=service_url("accounts.set_password", token=token)
    )


def send_password_reset(user: User, token: str) -> None:
    """Send a password reset link."""
    send(
        user.email,
        "password_reset",
        user=user,
        link=service_url("accounts.reset_password", token=token),
    )
