"""Mail backends chosen by MAIL_BACKEND: `outbox` writes .eml files, `smtp` talks to a server."""

from __future__ import annotations

import contextlib
import smtplib
import uuid
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from flask import current_app


class MailBackend(Protocol):
    """Something that delivers messages."""

    def send(self, message: EmailMessage) -> None:
        """Deliver one message or raise."""


class OutboxBackend:
    """Development backend: each message becomes an .eml file in MAIL_OUTBOX_DIR."""

    def __init__(self, directory: str) -> None:
        """Write into directory, creating it if needed."""
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def send(self, message: EmailMessage) -> None:
        """Write message to a new file named after the time and a random id."""
        path = self.directory / f"{uuid.uuid4().hex}.eml"
        path.write_bytes(bytes(message))


class SmtpBackend:
    """Production backend: one SMTP connection per backend, opened on first use."""

    def __init__(self, config: dict[str, object]) -> None:
        """Take host, port, TLS and credentials from the app config."""
        self.config = config
        self._connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        """Open and log in to the SMTP server."""
        host = str(self.config["MAIL_SERVER"])
        port = int(str(self.config["MAIL_PORT"]))
        connection: smtplib.SMTP
        if self.config.get("MAIL_USE_SSL"):
            connection = smtplib.SMTP_SSL(host, port, timeout=30)
        else:
            connection = smtplib.SMTP(host, port, timeout=30)
            if self.config.get("MAIL_USE_TLS"):
                connection.starttls()
        if self.config.get("MAIL_USERNAME"):
            connection.login(str(self.config["MAIL_USERNAME"]), str(self.config["MAIL_PASSWORD"]))
        return connection

    def send(self, message: EmailMessage) -> None:
        """Send message over the open connection, reconnecting once if it dropped."""
        if self._connection is None:
            self._connection = self._connect()
        try:
            self._connection.send_message(message)
        except smtplib.SMTPServerDisconnected:
            self._connection = self._connect()
            self._connection.send_message(message)

    def close(self) -> None:
        """Say goodbye to the server."""
        if self._connection is not None:
            with contextlib.suppress(smtplib.SMTPException):
                self._connection.quit()
            self._connection = None


def backend_from_config() -> MailBackend:
    """The backend named by MAIL_BACKEND in the current app's configuration."""
    name = current_app.config["MAIL_BACKEND"]
    if name == "outbox":
        return OutboxBackend(current_app.config["MAIL_OUTBOX_DIR"])
    if name == "smtp":
        return SmtpBackend(dict(current_app.config))
    raise ValueError(f"MAIL_BACKEND must be outbox or smtp, not {name!r}")
