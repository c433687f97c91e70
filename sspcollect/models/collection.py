"""Collections: one round of returns, with its dates, scope and reminder schedule."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sspcollect.collections.periods import AcademicYear, uk_today
from sspcollect.db import Base, UTCDateTime, utcnow
from sspcollect.uk_time import long_date, period_text


class CollectionStatus(enum.StrEnum):
    """draft → open → closed."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


def _default_year(context: Any) -> AcademicYear:
    """The latest academic year ended by the deadline of the row being inserted."""
    return AcademicYear.latest_ended_by(context.get_current_parameters()["deadline"])


def _default_start(context: Any) -> date:
    """The first day of the default period."""
    return _default_year(context).start


def _default_end(context: Any) -> date:
    """The last day of the default period."""
    return _default_year(context).end


class Collection(Base):
    """One round of the data collection, for one academic year."""

    __tablename__ = "collections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    # The academic year as EES writes it: 202526 for 2025/26.
    time_period: Mapped[str] = mapped_column(String(6), unique=True)
    # The period the outcome figures describe: an academic year that has ended by the
    # deadline (1 September 2025 to 31 August 2026 for a collection run in autumn 2026).
    # Left out, it is the latest academic year that has ended by the deadline.
    period_start: Mapped[date] = mapped_column(Date, default=_default_start)
    period_end: Mapped[date] = mapped_column(Date, default=_default_end)
    # The register is reported as it stood on this day.
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
    # Set when the collection first closes: its reference data were copied then (see
    # models/frozen.py), with the disclosure threshold in force, for its datasets ever after.
    reference_frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    disclosure_threshold: Mapped[int | None] = mapped_column(Integer)

    @property
    def academic_year(self) -> str:
        """202526 written as 2025/26."""
        return f"{self.time_period[:4]}/{self.time_period[4:]}"

    @property
    def period_words(self) -> str:
        """The period the outcome figures describe: 1 September 2025 to 31 August 2026 (in
        Welsh on a Welsh page: 1 Medi 2025 i 31 Awst 2026)."""
        return period_text(self.period_start, self.period_end)

    @property
    def outcomes_year(self) -> AcademicYear:
        """The academic year the outcome figures describe."""
        return AcademicYear.containing(self.period_start)

    @property
    def register_year(self) -> AcademicYear:
        """The academic year of the reference date, which a register snapshot reports in."""
        return AcademicYear.containing(self.reference_date)

    @property
    def reference_date_words(self) -> str:
        """The reference date as GOV.UK writes it: 1 October 2026 (1 Hydref 2026 in Welsh)."""
        return long_date(self.reference_date)

    @property
    def has_opened(self) -> bool:
        """True from the opening date on: no return can be started before it."""
        return self.opens_on <= uk_today()

    @property
    def opens_on_words(self) -> str:
        """The opening date as GOV.UK writes it: 1 April 2028."""
        return long_date(self.opens_on)

    @property
    def is_open(self) -> bool:
        """True while organisations can change their returns."""
        return self.status == CollectionStatus.OPEN
