"""Fixtures for the email tests: a real SMTP server on this machine, and test data."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

from tests.mail import closed_port


@dataclass
class Received:
    """One message as the SMTP server received it."""

    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        """The Subject header."""
        return str(self.message["Subject"]).strip()

    def body(self, subtype: str) -> str:
        """The plain or html part."""
        part = self.message.get_body((subtype,))
        assert part is not None, f"no {subtype} part"
        return str(part.get_content())


@dataclass
class Mailbox:
    """What an aiosmtpd handler received; addresses in `refuse` get 550 at RCPT."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(  # noqa: N802 (aiosmtpd's hook name)
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        """Refuse the addresses in refuse, accept the others."""
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 (aiosmtpd's hook name)
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        """Keep the message."""
        message = message_from_bytes(envelope.original_content, policy=default_policy)
        with self.lock:
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), message)  # type: ignore[arg-type]
            )
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        """Messages for address."""
        return [item for item in self.received if address in item.recipients]

    def recipients(self) -> list[str]:
        """Every recipient of every message, in order (repeats show a message sent twice)."""
        return [address for item in self.received for address in item.recipients]


@pytest.fixture
def smtp(app: Flask) -> Iterator[Mailbox]:
    """An SMTP server on 127.0.0.1 (no STARTTLS), with app set to send through it."""
    mailbox = Mailbox()
    port = closed_port()  # free until the server below takes it
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=port,
        MAIL_USE_TLS=False,
        MAIL_USE_SSL=False,
        MAIL_TIMEOUT=10,
    )
    try:
        yield mailbox
    finally:
        controller.stop()
