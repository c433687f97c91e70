"""The partnership register kept by each police force, lasting across collections."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sspcollect.content.marking import N_
from sspcollect.db import Base, UTCDateTime, utcnow
from sspcollect.models.reference import School


class Model(enum.StrEnum):
    """The kinds of Safer School Partnership (DESIGN.md, the partnership register)."""

    SCHOOL_BASED = "school_based"
    CLUSTER = "cluster"
    NEIGHBOURHOOD_LINK = "neighbourhood_link"
    FORCE_TEAM = "force_team"
    OTHER = "other"


MODEL_LABELS = {
    Model.SCHOOL_BASED: N_("School-based officer"),
    Model.CLUSTER: N_("Cluster officer"),
    Model.NEIGHBOURHOOD_LINK: N_("Neighbourhood policing link"),
    Model.FORCE_TEAM: N_("Force or area schools team"),
    Model.OTHER: N_("Other"),
}


class OfficerRole(enum.StrEnum):
    """Who does the work."""

    CONSTABLE = "constable"
    PCSO = "pcso"
    SERGEANT = "sergeant"
    POLICE_STAFF = "police_staff"
    MIXED = "mixed"


OFFICER_ROLE_LABELS = {
    OfficerRole.CONSTABLE: N_("Police constable"),
    OfficerRole.PCSO: N_("Police community support officer (PCSO)"),
    OfficerRole.SERGEANT: N_("Sergeant"),
    OfficerRole.POLICE_STAFF: N_("Police staff"),
    OfficerRole.MIXED: N_("A mix of roles"),
}


class FundingSource(enum.StrEnum):
    """Who pays; a partnership may have several."""

    POLICE_FORCE = "police_force"
    PCC = "pcc"
    SCHOOL = "school"
    LOCAL_AUTHORITY = "local_authority"
    VRU = "vru"
    OTHER = "other"


FUNDING_SOURCE_LABELS = {
    FundingSource.POLICE_FORCE: N_("Police force"),
    FundingSource.PCC: N_("Police and crime commissioner"),
    FundingSource.SCHOOL: N_("School"),
    FundingSource.LOCAL_AUTHORITY: N_("Local authority"),
    FundingSource.VRU: N_("Violence Reduction Unit"),
    FundingSource.OTHER: N_("Other"),
}


class PartnershipFields:
    """The columns a partnership and its submitted snapshot share."""

    reference: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(200))
    model: Mapped[str] = mapped_column(String(20))
    model_description: Mapped[str | None] = mapped_column(Text)
    officer_role: Mapped[str] = mapped_column(String(20))
    officer_count: Mapped[int] = mapped_column(Integer)
    fte: Mapped[Decimal] = mapped_column(Numeric(3, 1))
    funding_sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    funded_until: Mapped[date | None] = mapped_column(Date)
    information_sharing_agreement: Mapped[bool] = mapped_column(Boolean)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)


class Partnership(PartnershipFields, Base):
    """One partnership in a force's live register."""

    __tablename__ = "partnerships"
    __table_args__ = (UniqueConstraint("force_area_code", "reference"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    force_area_code: Mapped[str] = mapped_column(ForeignKey("force_areas.code"), index=True)
    # Bumped on every save: a save made from an older version is refused (no lost update).
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    schools: Mapped[list[PartnershipSchool]] = relationship(
        back_populates="partnership",
        cascade="all, delete-orphan",
        order_by="PartnershipSchool.school_urn",
    )

    __mapper_args__ = {"version_id_col": version}

    def active_on(self, day: date) -> bool:
        """True when the partnership ran on day."""
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class PartnershipSchool(Base):
    """A school covered by a partnership, with the officer's days a week on site."""

    __tablename__ = "partnership_schools"

    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), primary_key=True
    )
    school_urn: Mapped[int] = mapped_column(ForeignKey("schools.urn"), primary_key=True, index=True)
    days_per_week: Mapped[Decimal | None] = mapped_column(Numeric(2, 1))

    partnership: Mapped[Partnership] = relationship(back_populates="schools")
    school: Mapped[School] = relationship()


class SubmittedPartnership(PartnershipFields, Base):
    """A partnership as it stood when its force return was submitted; never edited after."""

    __tablename__ = "submitted_partnerships"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id", ondelete="CASCADE"), index=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)

    schools: Mapped[list[SubmittedPartnershipSchool]] = relationship(
        cascade="all, delete-orphan", order_by="SubmittedPartnershipSchool.school_urn"
    )


class SubmittedPartnershipSchool(Base):
    """A school covered by a submitted partnership."""

    __tablename__ = "submitted_partnership_schools"

    submitted_partnership_id: Mapped[int] = mapped_column(
        ForeignKey("submitted_partnerships.id", ondelete="CASCADE"), primary_key=True
    )
    school_urn: Mapped[int] = mapped_column(ForeignKey("schools.urn"), primary_key=True, index=True)
    days_per_week: Mapped[Decimal | None] = mapped_column(Numeric(2, 1))
