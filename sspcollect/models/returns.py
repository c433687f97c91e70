"""Returns: one per organisation per collection, with a school's answers or a force's outcomes."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sspcollect.content.marking import N_
from sspcollect.db import Base, UTCDateTime, utcnow
from sspcollect.language import is_welsh
from sspcollect.models.collection import Collection
from sspcollect.models.organisation import Organisation


class ReturnKind(enum.StrEnum):
    """Who makes the return."""

    SCHOOL = "school"
    FORCE = "force"


class ReturnStatus(enum.StrEnum):
    """not_started → in_progress → submitted → accepted, or returned → in_progress → …"""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"


STATUS_LABELS = {
    ReturnStatus.NOT_STARTED: N_("Not started"),
    ReturnStatus.IN_PROGRESS: N_("In progress"),
    ReturnStatus.SUBMITTED: N_("Submitted"),
    ReturnStatus.ACCEPTED: N_("Accepted"),
    ReturnStatus.RETURNED: N_("Returned for amendment"),
}

# Statuses in which the organisation may still change its answers.
EDITABLE_STATUSES = frozenset(
    {ReturnStatus.NOT_STARTED, ReturnStatus.IN_PROGRESS, ReturnStatus.RETURNED}
)


class Return(Base):
    """One organisation's return for one collection."""

    __tablename__ = "returns"
    __table_args__ = (
        UniqueConstraint("collection_id", "organisation_id"),
        Index("ix_returns_collection_status", "collection_id", "status"),
        Index("ix_returns_collection_force", "collection_id", "force_area_code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("collections.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default=ReturnStatus.NOT_STARTED)
    # Where the organisation is, copied when the return is made, for national progress pages.
    force_area_code: Mapped[str] = mapped_column(ForeignKey("force_areas.code"))
    la_code: Mapped[str | None] = mapped_column(ForeignKey("local_authorities.code"), index=True)
    # Bumped on every save: a save made from an older version is refused (no lost update).
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Force returns: the register confirmed, a nil return (no partnership), the declaration.
    register_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    nil_return: Mapped[bool] = mapped_column(Boolean, default=False)
    declaration: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewer_comment: Mapped[str | None] = mapped_column(Text)
    # Set when an admin reopens the return after its collection closed; cleared on submission.
    reopened: Mapped[bool] = mapped_column(Boolean, default=False)
    # An admin may give one organisation longer than the collection's deadline.
    deadline_extended_to: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Who made the declaration on submitting, and in what role, as they typed them.
    declarant_name: Mapped[str | None] = mapped_column(String(200))
    declarant_role: Mapped[str | None] = mapped_column(String(200))
    # The language the return was submitted in, "en" or "cy" (None before it was recorded).
    # Answers are the same whichever language; this says which words the person read.
    language: Mapped[str | None] = mapped_column(String(2))
    # Force returns: the register as it was confirmed (sspcollect.returns.force_service
    # fingerprint); a register changed since is no longer confirmed.
    register_fingerprint: Mapped[str | None] = mapped_column(String(64))
    # When central staff first opened the submitted return; until then it can be withdrawn.
    review_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    collection: Mapped[Collection] = relationship()
    organisation: Mapped[Organisation] = relationship()
    school_answers: Mapped[SchoolAnswers | None] = relationship(
        back_populates="return_", cascade="all, delete-orphan", uselist=False
    )
    outcomes: Mapped[list[PartnershipOutcome]] = relationship(
        back_populates="return_", cascade="all, delete-orphan"
    )
    findings: Mapped[list[Finding]] = relationship(
        back_populates="return_", cascade="all, delete-orphan", order_by="Finding.rule_id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def deadline(self) -> date:
        """The day this return is due: the collection's deadline, or its extension."""
        return self.deadline_extended_to or self.collection.deadline

    @property
    def is_editable(self) -> bool:
        """True while the organisation may change it: collection open and past its opening date
        (or the return reopened), and not yet submitted."""
        running = self.collection.is_open and self.collection.has_opened
        return (running or self.reopened) and self.status in EDITABLE_STATUSES


class SchoolAnswers(Base):
    """A school's answers; None means not yet answered."""

    __tablename__ = "school_answers"

    return_id: Mapped[int] = mapped_column(
        ForeignKey("returns.id", ondelete="CASCADE"), primary_key=True
    )
    has_ssp: Mapped[str | None] = mapped_column(String(10))  # yes, no, not_sure
    ssp_force_code: Mapped[str | None] = mapped_column(ForeignKey("force_areas.code"))
    ssp_model: Mapped[str | None] = mapped_column(String(20))
    # The school's own words for a partnership that works in another way.
    ssp_model_description: Mapped[str | None] = mapped_column(Text)
    officer_days_per_week: Mapped[Decimal | None] = mapped_column(Numeric(2, 1))
    effectiveness: Mapped[int | None] = mapped_column(Integer)
    aims: Mapped[list[str] | None] = mapped_column(JSON)
    comments: Mapped[str | None] = mapped_column(Text)
    pupils_on_roll: Mapped[int | None] = mapped_column(Integer)
    attendance_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    persistent_absence_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    suspensions: Mapped[int | None] = mapped_column(Integer)
    permanent_exclusions: Mapped[int | None] = mapped_column(Integer)
    violent_incidents: Mapped[int | None] = mapped_column(Integer)
    weapon_incidents: Mapped[int | None] = mapped_column(Integer)
    bullying_incidents: Mapped[int | None] = mapped_column(Integer)
    pupils_feel_safe_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    feel_safe_not_surveyed: Mapped[bool | None] = mapped_column(Boolean)

    return_: Mapped[Return] = relationship(back_populates="school_answers")


OUTCOME_FIELDS = (
    "crimes_recorded",
    "violent_crimes_recorded",
    "weapon_incidents",
    "asb_incidents",
    "safeguarding_referrals",
    "diversion_referrals",
    "sessions_delivered",
    "pupils_engaged",
)


class PartnershipOutcome(Base):
    """A force's counts for one partnership in one return."""

    __tablename__ = "partnership_outcomes"

    return_id: Mapped[int] = mapped_column(
        ForeignKey("returns.id", ondelete="CASCADE"), primary_key=True
    )
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), primary_key=True)
    crimes_recorded: Mapped[int | None] = mapped_column(Integer)
    violent_crimes_recorded: Mapped[int | None] = mapped_column(Integer)
    weapon_incidents: Mapped[int | None] = mapped_column(Integer)
    asb_incidents: Mapped[int | None] = mapped_column(Integer)
    safeguarding_referrals: Mapped[int | None] = mapped_column(Integer)
    diversion_referrals: Mapped[int | None] = mapped_column(Integer)
    sessions_delivered: Mapped[int | None] = mapped_column(Integer)
    pupils_engaged: Mapped[int | None] = mapped_column(Integer)

    return_: Mapped[Return] = relationship(back_populates="outcomes")


# What the service says of a finding: its message and its question (None for an error).
Words = tuple[str, str | None]


class Finding(Base):
    """A validation rule that fired on a return, with the explanation given for a query."""

    __tablename__ = "findings"
    __table_args__ = (UniqueConstraint("return_id", "rule_id", "subject"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id", ondelete="CASCADE"))
    rule_id: Mapped[str] = mapped_column(String(10), index=True)
    level: Mapped[str] = mapped_column(String(10))
    # What the finding is about within the return: "" for the return, "partnership:12" …
    subject: Mapped[str] = mapped_column(String(50), default="", index=True)
    # What the service said, in English: the record, as reviewers and downloads read it.
    english_message: Mapped[str] = mapped_column("message", Text)
    # The question a query asks, which the explanation answers (None for an error).
    english_question: Mapped[str | None] = mapped_column("question", Text)
    # The same words in Welsh, for a Welsh reader (None where they are the English).
    welsh_message: Mapped[str | None] = mapped_column("message_cy", Text)
    welsh_question: Mapped[str | None] = mapped_column("question_cy", Text)
    explanation: Mapped[str | None] = mapped_column(Text)
    # A reviewer has read the query and its explanation (cleared when the return goes back).
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    return_: Mapped[Return] = relationship(back_populates="findings")

    @property
    def message(self) -> str:
        """What the service said, in the language of the page (English when no Welsh is kept)."""
        return (self.welsh_message if is_welsh() else None) or self.english_message

    @message.setter
    def message(self, english: str) -> None:
        self.english_message = english

    @property
    def question(self) -> str | None:
        """The query's question, in the language of the page."""
        return (self.welsh_question if is_welsh() else None) or self.english_question

    @question.setter
    def question(self, english: str | None) -> None:
        self.english_question = english

    def write(self, english: Words, welsh: Words) -> None:
        """Keep what the service says, (message, question), in English and in Welsh."""
        self.english_message, self.english_question = english
        self.welsh_message = welsh[0] if welsh[0] != english[0] else None
        self.welsh_question = welsh[1] if welsh[1] != english[1] else None
