"""A rendered message (Email) and the bytes of its multipart/alternative email.

A reminder run writes tens of thousands of messages. The standard library's email package
takes 2 ms or more to lay out each one, which alone would take a national run past a minute,
so the common case (ASCII addresses) is laid out here directly, in about 0.1 ms: the same
headers, a plain text part and an HTML part, each UTF-8 in quoted-printable. Addresses
with non-ASCII characters go through the standard library, which knows how to encode them.
"""

from __future__ import annotations

import binascii
import functools
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.header import Header
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid, parseaddr

CRLF = "\r\n"
# Headers longer than this are folded by the email package (RFC 5322 allows 998).
LONGEST_PLAIN_HEADER = 900


@functools.lru_cache(maxsize=8)
def _sender(sender: str) -> tuple[str, str]:
    """The From header and bare address of a sender (parsed once: parsing is slow)."""
    name, address = parseaddr(sender)
    return formataddr((name, address), charset="utf-8"), address


def _one_line(value: str) -> str:
    """value without line breaks, so that no text can add a header of its own."""
    return " ".join(value.splitlines()).strip()


def _header_text(value: str) -> str:
    """A header value as it may appear on the wire: plain ASCII as it is, else RFC 2047."""
    value = _one_line(value)
    if value.isascii() and len(value) <= LONGEST_PLAIN_HEADER:
        return value
    return Header(value, "utf-8").encode().replace("\n", CRLF)


def _quoted_printable(text: str) -> bytes:
    """text as UTF-8 quoted-printable with CRLF line ends, as SMTP wants."""
    lines = CRLF.join(text.splitlines()) + CRLF
    return binascii.b2a_qp(lines.encode("utf-8"), istext=True)


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message (a return's copy to keep, as a PDF)."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Email:
    """One rendered message to one address, with what a template service needs to rebuild it."""

    to: str
    kind: str
    subject: str
    text: str
    html: str
    sender: str
    # The named values the message was rendered from, for GOV.UK Notify's personalisation.
    fields: Mapping[str, str] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()

    @property
    def envelope_sender(self) -> str:
        """The bare address of the sender, for SMTP's MAIL FROM."""
        return _sender(self.sender)[1]

    def _message_id(self) -> str:
        """A new Message-ID in the sender's domain (naming it spares a DNS lookup per message)."""
        return make_msgid(domain=self.envelope_sender.rpartition("@")[2] or "localhost")

    def as_mime(self) -> EmailMessage:
        """The message built by the standard library's email package."""
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = self.to
        message["Subject"] = _one_line(self.subject)
        message["Date"] = formatdate(usegmt=True)
        message["Message-ID"] = self._message_id()
        message.set_content(self.text)
        message.add_alternative(self.html, subtype="html")
        for attachment in self.attachments:
            main, _, sub = attachment.content_type.partition("/")
            message.add_attachment(
                attachment.data, maintype=main, subtype=sub, filename=attachment.filename
            )
        return message

    def as_bytes(self) -> bytes:
        """The message as it goes over SMTP or into a .eml file."""
        # Attachments are rare (receipts): the standard library lays those out.
        if self.attachments or not (self.to.isascii() and self.envelope_sender.isascii()):
            return bytes(self.as_mime())
        boundary = f"=_{uuid.uuid4().hex}"
        headers = [
            f"From: {_sender(self.sender)[0]}",
            f"To: {_one_line(self.to)}",
            f"Subject: {_header_text(self.subject)}",
            f"Date: {formatdate(usegmt=True)}",
            f"Message-ID: {self._message_id()}",
            "MIME-Version: 1.0",
            f'Content-Type: multipart/alternative; boundary="{boundary}"',
        ]
        parts = []
        for subtype, body in (("plain", self.text), ("html", self.html)):
            parts.append(
                f"--{boundary}{CRLF}"
                f'Content-Type: text/{subtype}; charset="utf-8"{CRLF}'
                f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}".encode("ascii")
                + _quoted_printable(body)
                # The line break before a boundary belongs to the boundary (RFC 2046), so the
                # body's own last line break needs one more.
                + CRLF.encode("ascii")
            )
        head = (CRLF.join(headers) + CRLF + CRLF).encode("ascii")
        return head + b"".join(parts) + f"--{boundary}--{CRLF}".encode("ascii")
