"""Reference data as it stood when a collection closed, kept so its figures never change.

A closed collection's national datasets are built from these copies, not from the live
reference tables: marking a force area as a Violence Reduction Unit area, moving a local
authority to another force or region, or a school changing phase, local authority or
status afterwards does not change a figure already published.
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sspcollect.db import Base


def _collection() -> Mapped[int]:
    """The collection the copy belongs to (part of each table's key)."""
    return mapped_column(ForeignKey("collections.id", ondelete="CASCADE"), primary_key=True)


class FrozenCountry(Base):
    """A country as it stood when the collection closed."""

    __tablename__ = "frozen_countries"

    collection_id: Mapped[int] = _collection()
    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class FrozenRegion(Base):
    """A region as it stood when the collection closed."""

    __tablename__ = "frozen_regions"

    collection_id: Mapped[int] = _collection()
    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class FrozenForceArea(Base):
    """A police force area, with its VRU flag, as it stood when the collection closed."""

    __tablename__ = "frozen_force_areas"

    collection_id: Mapped[int] = _collection()
    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    country_code: Mapped[str] = mapped_column(String(9))
    vru: Mapped[bool] = mapped_column(Boolean)


class FrozenLocalAuthority(Base):
    """A local authority, with its region and force area, as it stood when the collection
    closed."""

    __tablename__ = "frozen_local_authorities"

    collection_id: Mapped[int] = _collection()
    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    old_code: Mapped[str] = mapped_column(String(3))
    name: Mapped[str] = mapped_column(String(100))
    region_code: Mapped[str | None] = mapped_column(String(9))
    force_area_code: Mapped[str] = mapped_column(String(9))
    country_code: Mapped[str] = mapped_column(String(9))


class FrozenSchool(Base):
    """A school's phase, local authority, size and status as they stood when the collection
    closed."""

    __tablename__ = "frozen_schools"

    collection_id: Mapped[int] = _collection()
    urn: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))
    la_code: Mapped[str] = mapped_column(String(9))
    phase: Mapped[str] = mapped_column(String(50))
    pupils: Mapped[int | None] = mapped_column(Integer)
    is_open: Mapped[bool] = mapped_column(Boolean)
