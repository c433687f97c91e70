"""Fixing a collection's reference data when it closes, so its figures never change after.

Everything the national datasets read besides the returns themselves (countries, regions,
force areas with their VRU flags, local authorities with their region and force area, and
each school's phase, local authority, size and status) is copied for the collection with one
INSERT … SELECT per table, with the disclosure threshold in force. A collection closed
again after reopening keeps the copy made at its first close.
"""

from __future__ import annotations

from flask import current_app, has_app_context
from sqlalchemy import Integer, insert, literal, select

from sspcollect.db import session, utcnow
from sspcollect.models import (
    Collection,
    Country,
    ForceArea,
    FrozenCountry,
    FrozenForceArea,
    FrozenLocalAuthority,
    FrozenRegion,
    FrozenSchool,
    LocalAuthority,
    Region,
    School,
)

DEFAULT_THRESHOLD = 3


def freeze_reference(collection: Collection) -> bool:
    """Copy the reference data for collection, unless already copied; True if it was now.

    The caller commits, with the close it belongs to.
    """
    if collection.reference_frozen_at is not None:
        return False
    key = literal(collection.id, Integer)
    copies = (
        (FrozenCountry, ["code", "name"], select(key, Country.code, Country.name)),
        (FrozenRegion, ["code", "name"], select(key, Region.code, Region.name)),
        (
            FrozenForceArea,
            ["code", "name", "country_code", "vru"],
            select(key, ForceArea.code, ForceArea.name, ForceArea.country_code, ForceArea.vru),
        ),
        (
            FrozenLocalAuthority,
            ["code", "old_code", "name", "region_code", "force_area_code", "country_code"],
            select(
                key,
                LocalAuthority.code,
                LocalAuthority.old_code,
                LocalAuthority.name,
                LocalAuthority.region_code,
                LocalAuthority.force_area_code,
                LocalAuthority.country_code,
            ),
        ),
        (
            FrozenSchool,
            ["urn", "name", "la_code", "phase", "pupils", "is_open"],
            select(
                key,
                School.urn,
                School.name,
                School.la_code,
                School.phase,
                School.pupils,
                School.is_open,
            ),
        ),
    )
    for model, columns, rows in copies:
        session.execute(insert(model).from_select(["collection_id", *columns], rows))
    collection.disclosure_threshold = current_threshold()
    collection.reference_frozen_at = utcnow()
    return True


def current_threshold() -> int:
    """The disclosure threshold configured now."""
    if has_app_context():
        return int(current_app.config.get("DISCLOSURE_THRESHOLD", DEFAULT_THRESHOLD))
    return DEFAULT_THRESHOLD
