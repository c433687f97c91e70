"""The log of emails sent about returns: one row per message, so nothing is ever sent twice."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sspcollect.db import Base, UTCDateTime, utcnow


class MessageStatus(enum.StrEnum):
    """sending (claimed by one run) → sent, or failed (retried by the next run).

    A message left sending for longer than any run takes was claimed by a run that died
    before it could say; it is retried like a failed one.
    """

    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class SentMessage(Base):
    """One message to one recipient about one return; the unique key makes a second send fail."""

    __tablename__ = "sent_messages"
    __table_args__ = (UniqueConstraint("return_id", "recipient", "kind", "due_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    return_id: Mapped[int | None] = mapped_column(ForeignKey("returns.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recipient: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(30))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default=MessageStatus.SENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When a run last claimed it: a message still `sending` long after is one whose run died.
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
