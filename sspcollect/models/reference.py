"""Reference data: countries, regions, police force areas, local authorities and schools."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sspcollect.content.places import local_authority_name, phase_name, school_type_name
from sspcollect.db import Base


class Country(Base):
    """England or Wales, by ONS code."""

    __tablename__ = "countries"

    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class Region(Base):
    """A region of England (Wales is reported at country level)."""

    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"))


class ForceArea(Base):
    """One of the 43 territorial police force areas of England and Wales."""

    __tablename__ = "force_areas"

    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    # The "Violence Reduction Unit area" flag; admins may change it.
    vru: Mapped[bool] = mapped_column(Boolean, default=False)

    local_authorities: Mapped[list[LocalAuthority]] = relationship(
        back_populates="force_area", order_by="LocalAuthority.name"
    )


class LocalAuthority(Base):
    """An upper-tier local authority, with its DfE three-digit code and its force area."""

    __tablename__ = "local_authorities"

    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    old_code: Mapped[str] = mapped_column(String(3), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    force_area_code: Mapped[str] = mapped_column(ForeignKey("force_areas.code"), index=True)

    force_area: Mapped[ForceArea] = relationship(back_populates="local_authorities")
    region: Mapped[Region | None] = relationship()

    @property
    def local_name(self) -> str:
        """The authority's name in the language of the page (its Welsh name where it has one)."""
        return local_authority_name(self.name)


class School(Base):
    """An establishment from Get Information About Schools, keyed by its URN."""

    __tablename__ = "schools"

    urn: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    la_code: Mapped[str] = mapped_column(ForeignKey("local_authorities.code"), index=True)
    establishment_number: Mapped[str] = mapped_column(String(4))
    name: Mapped[str] = mapped_column(String(200), index=True)
    type_code: Mapped[int] = mapped_column(Integer)
    type_name: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(50))
    is_open: Mapped[bool] = mapped_column(Boolean, index=True)
    phase: Mapped[str] = mapped_column(String(50))
    postcode: Mapped[str | None] = mapped_column(String(10))
    pupils: Mapped[int | None] = mapped_column(Integer)
    open_date: Mapped[date | None] = mapped_column(Date)
    close_date: Mapped[date | None] = mapped_column(Date)
    easting: Mapped[int | None] = mapped_column(Integer)
    northing: Mapped[int | None] = mapped_column(Integer)

    local_authority: Mapped[LocalAuthority] = relationship()

    @property
    def phase_name(self) -> str:
        """The school's phase in the language of the page ('Cynradd' in Welsh)."""
        return phase_name(self.phase)

    @property
    def type_local_name(self) -> str:
        """The school's type in the language of the page ('Ysgol gymunedol' in Welsh)."""
        return school_type_name(self.type_name)

    @property
    def laestab(self) -> str:
        """The three-digit LA code followed by the four-digit establishment number."""
        return f"{self.local_authority.old_code}{self.establishment_number}"
