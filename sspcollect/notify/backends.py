"""Mail backends chosen by MAIL_BACKEND: `outbox` writes .eml files, `smtp` talks to a server,
`notify` sends through GOV.UK Notify.

A backend is a context manager: a reminder run opens it once, sends every message through
the same connection, and closes it at the end. A backend raises DeliveryError when one
message could not be delivered (the next may well go) and MailServerError when nothing
can be delivered at all (connection refused, authentication refused).
"""

from __future__ import annotations

import contextlib
import io
import smtplib
import socket
import uuid
from collections.abc import Mapping
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self

from flask import current_app

from sspcollect.notify.mime import Email


class DeliveryError(Exception):
    """One message could not be delivered (for example the address was refused)."""


class MailServerError(Exception):
    """The mail server cannot be reached or refuses us: no message can be delivered."""


class MailBackend(Protocol):
    """Something that delivers messages; use it as a context manager to close it at the end."""

    def send(self, message: Email | EmailMessage) -> None:
        """Deliver one message, or raise DeliveryError or MailServerError."""

    def close(self) -> None:
        """Release the connection, if any."""

    def __enter__(self) -> Self:
        """Return the backend itself."""

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the backend."""


class _Closing:
    """Context-manager behaviour shared by the backends."""

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> Self:
        """Return the backend itself."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the backend."""
        self.close()


def _bytes(message: Email | EmailMessage) -> bytes:
    """The bytes of message, whichever form it was given in."""
    return message.as_bytes() if isinstance(message, Email) else bytes(message)


class OutboxBackend(_Closing):
    """Development backend: each message becomes an .eml file in MAIL_OUTBOX_DIR."""

    def __init__(self, directory: str) -> None:
        """Write into directory, creating it if needed."""
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def send(self, message: Email | EmailMessage) -> None:
        """Write message to a new file with a random name."""
        path = self.directory / f"{uuid.uuid4().hex}.eml"
        path.write_bytes(_bytes(message))


def _text(reply: bytes | str) -> str:
    """An SMTP server's reply as text."""
    return reply.decode(errors="replace") if isinstance(reply, bytes) else reply


class SmtpBackend(_Closing):
    """Production backend: one SMTP connection, opened on first use and reused until close."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        """Take host, port, TLS and credentials from the app config."""
        self.config = config
        self._connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        """Open and log in to the SMTP server, or raise MailServerError."""
        host = str(self.config["MAIL_SERVER"])
        port = int(self.config["MAIL_PORT"])
        timeout = float(self.config.get("MAIL_TIMEOUT", 30))
        connection: smtplib.SMTP | None = None
        try:
            if self.config.get("MAIL_USE_SSL"):
                connection = smtplib.SMTP_SSL(host, port, timeout=timeout)
            else:
                connection = smtplib.SMTP(host, port, timeout=timeout)
                if self.config.get("MAIL_USE_TLS"):
                    connection.starttls()
            # Each SMTP command is a small write awaiting a reply: without TCP_NODELAY, Nagle's
            # algorithm and delayed ACKs hold every message back by tens of milliseconds.
            if connection.sock is not None:
                connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self.config.get("MAIL_USERNAME"):
                connection.login(
                    str(self.config["MAIL_USERNAME"]), str(self.config["MAIL_PASSWORD"])
                )
        except (OSError, smtplib.SMTPException) as exc:
            if connection is not None:
                with contextlib.suppress(OSError, smtplib.SMTPException):
                    connection.close()
            raise MailServerError(f"cannot use the mail server {host}:{port}: {exc}") from exc
        return connection

    def _deliver(self, message: Email | EmailMessage) -> None:
        """Send over the open connection, turning a refusal of this message into DeliveryError."""
        if self._connection is None:
            self._connection = self._connect()
        try:
            if isinstance(message, Email):
                self._connection.sendmail(message.envelope_sender, [message.to], message.as_bytes())
            else:
                self._connection.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            reasons = "; ".join(
                f"{address}: {code} {_text(reply)}"
                for address, (code, reply) in exc.recipients.items()
            )
            raise DeliveryError(f"recipient refused ({reasons})") from exc
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            raise DeliveryError(f"{exc.smtp_code} {_text(exc.smtp_error)}") from exc

    def send(self, message: Email | EmailMessage) -> None:
        """Send message, reconnecting once if the connection dropped since the last one."""
        try:
            self._deliver(message)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self._drop()
            try:
                self._deliver(message)
            except (smtplib.SMTPServerDisconnected, OSError) as again:
                self._drop()
                raise MailServerError(f"the mail server went away: {again}") from exc

    def _drop(self) -> None:
        """Forget a broken connection."""
        if self._connection is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._connection.close()
        self._connection = None

    def close(self) -> None:
        """Say goodbye to the server."""
        if self._connection is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._connection.quit()
            self._connection = None


class NotifyBackend(_Closing):
    """GOV.UK Notify: each kind of message has a template there, filled in by personalisation.

    The template's subject is `((subject))` and its body `((body))`, so the wording stays in
    templates/email/; the named fields (organisation, collection, deadline, link …) are sent
    too, for templates that prefer to lay the message out themselves.
    """

    def __init__(self, api_key: str, base_url: str, template_ids: Mapping[str, str]) -> None:
        """Talk to the Notify API at base_url with api_key."""
        from notifications_python_client.notifications import NotificationsAPIClient

        if not api_key:
            raise MailServerError("NOTIFY_API_KEY is not set")
        self.template_ids = template_ids
        self.client = NotificationsAPIClient(api_key, base_url=base_url, timeout=30)

    def send(self, message: Email | EmailMessage) -> None:
        """Ask Notify to send message with the template configured for its kind."""
        from notifications_python_client import prepare_upload
        from notifications_python_client.errors import APIError
        from requests import RequestException

        if not isinstance(message, Email):
            raise TypeError("the Notify backend sends rendered Email messages, not raw emails")
        template_id = self.template_ids.get(message.kind)
        if not template_id:
            raise DeliveryError(f"no Notify template id configured for {message.kind!r} messages")
        personalisation: dict[str, Any] = {
            "subject": message.subject,
            "body": message.text,
            **message.fields,
        }
        # Notify sends a file as a link in the message: its template shows ((copy_of_return)).
        for attachment in message.attachments:
            personalisation["copy_of_return"] = prepare_upload(
                io.BytesIO(attachment.data), filename=attachment.filename
            )
        try:
            self.client.send_email_notification(
                email_address=message.to,
                template_id=template_id,
                personalisation=personalisation,
            )
        except APIError as exc:
            # Bad key, rate limit or Notify down: nothing else would go either.
            if exc.status_code in (401, 403, 429) or exc.status_code >= 500:
                raise MailServerError(f"GOV.UK Notify refused the request: {exc}") from exc
            raise DeliveryError(f"GOV.UK Notify: {exc}") from exc
        except RequestException as exc:
            raise MailServerError(f"cannot reach GOV.UK Notify: {exc}") from exc

    def close(self) -> None:
        """Close the HTTP session."""
        self.client.request_session.close()


BACKENDS = ("outbox", "smtp", "notify")


def backend_from_config(config: Mapping[str, Any] | None = None) -> MailBackend:
    """The backend named by MAIL_BACKEND in config (default: the current app's)."""
    settings = config if config is not None else current_app.config
    name = settings["MAIL_BACKEND"]
    if name == "outbox":
        return OutboxBackend(settings["MAIL_OUTBOX_DIR"])
    if name == "smtp":
        return SmtpBackend(dict(settings))
    if name == "notify":
        return NotifyBackend(
            settings.get("NOTIFY_API_KEY") or "",
            settings["NOTIFY_BASE_URL"],
            settings.get("NOTIFY_TEMPLATE_IDS") or {},
        )
    raise ValueError(f"MAIL_BACKEND must be one of {', '.join(BACKENDS)}, not {name!r}")
