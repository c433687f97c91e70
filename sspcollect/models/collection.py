"""Collections: one round of returns, with its dates, scope and reminder schedule."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sspcollect.db import Base, UTCDateTime, utcnow


class CollectionStatus(enum.StrEnum):
    """draft → open → closed."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Collection(Base):
    """One round of the data collection, for one academic year."""

    __tablename__ = "collections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    # The academic year as EES writes it: 202526 for 2025/26.
    time_period: Mapped[str] = mapped_column(String(6), unique=True)
    reference_date: Mapped[date] = mapped_column(Date)
    opens_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default=CollectionStatus.DRAFT)
    # GIAS phases of education whose open schools get a return when the collection opens.
    phases: Mapped[list[str]] = mapped_column(JSON, default=list)
    reminder_days_before: Mapped[list[int]] = mapped_column(JSON, default=lambda: [14, 7, 2])
    overdue_every_days: Mapped[int] = mapped_column(Integer, default=7)
    overdue_max: Mapped[int] = mapped_column(Integer, default=3)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def academic_year(self) -> str:
        """202526 written as 2025/26."""
        return f"{self.time_period[:4]}/{self.time_period[4:]}"

    @property
    def is_open(self) -> bool:
        """True while organisations can change their returns."""
        return self.status == CollectionStatus.OPEN
