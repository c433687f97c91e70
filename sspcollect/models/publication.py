"""Published national datasets: the frozen files every reviewer downloads for a collection."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from sspcollect.db import Base, UTCDateTime, utcnow


class Publication(Base):
    """One published version of a collection's dataset files, kept as a zip."""

    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("collections.id"), index=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Which returns were counted: "accepted" or "accepted_and_submitted".
    included: Mapped[str] = mapped_column(String(30))
    threshold: Mapped[int] = mapped_column(Integer)
    files: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Loaded only when used: pages list versions without reading every file.
    archive: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    # For disclosure control of later versions, never published: each protected file's
    # true figures and hidden cells (datasets/releases.py). None before it was kept.
    disclosure_basis: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
