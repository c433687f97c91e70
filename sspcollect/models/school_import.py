"""An upload of a Get Information About Schools extract, imported in the background."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sspcollect.db import Base, UTCDateTime, utcnow
from sspcollect.models.account import User


class ImportStatus(enum.StrEnum):
    """Where an import has got to."""

    CHECKING = "checking"
    SAVING = "saving"
    FINISHED = "finished"
    REFUSED = "refused"
    FAILED = "failed"


class SchoolImport(Base):
    """One uploaded extract: who sent it, how far the import has got, and what it reported."""

    __tablename__ = "school_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    file_name: Mapped[str] = mapped_column(String(200))
    size_bytes: Mapped[int] = mapped_column(Integer)
    allow_shrink: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default=ImportStatus.CHECKING.value)
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_checked: Mapped[int] = mapped_column(Integer, default=0)
    # Moved on as the work goes on: an import not heard from for long has stopped.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The report in sentences, or why the file was refused.
    message: Mapped[str | None] = mapped_column(Text)

    started_by: Mapped[User | None] = relationship()
