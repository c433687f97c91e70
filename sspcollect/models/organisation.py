"""Organisations: a school, a police force, or a central department."""

from __future__ import annotations

import enum

from sqlalchemy import Boolean, ForeignKey, Integer, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sspcollect.db import Base
from sspcollect.models.reference import ForceArea, School


class OrganisationKind(enum.StrEnum):
    """What sort of organisation a user belongs to."""

    SCHOOL = "school"
    POLICE = "police"
    CENTRAL = "central"


class Organisation(Base):
    """Who a user works for; returns are made by organisations."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), index=True)
    # A URN for a school, a force area code for a police force, DFE or HO for a department.
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    school_urn: Mapped[int | None] = mapped_column(ForeignKey("schools.urn"), unique=True)
    force_area_code: Mapped[str | None] = mapped_column(ForeignKey("force_areas.code"), unique=True)
    # The service's own details, kept by admins; the rest comes from the reference data.
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(320))
    # An organisation that is not active is given no return when a collection opens.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    school: Mapped[School | None] = relationship()
    force_area: Mapped[ForceArea | None] = relationship()

    @property
    def is_central(self) -> bool:
        """True for the Department for Education and the Home Office."""
        return self.kind == OrganisationKind.CENTRAL
