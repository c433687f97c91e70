"""Central staff's own notes on a return: who is reviewing it and what they noted.

Kept apart from the return itself, so that assigning a return never moves its version on
(an organisation saving at that moment is not refused) and nothing here can reach the
organisation's pages.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sspcollect.db import Base, UTCDateTime, utcnow
from sspcollect.models.account import User


class ReviewAssignment(Base):
    """The reviewer a return is assigned to, and central staff's note about it."""

    __tablename__ = "review_assignments"

    return_id: Mapped[int] = mapped_column(
        ForeignKey("returns.id", ondelete="CASCADE"), primary_key=True
    )
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])

    __mapper_args__ = {"version_id_col": version}
