"""Load the service's reference tables into the database, and the organisations they imply."""

from __future__ import annotations

import logging

from sqlalchemy import select

from sspcollect.db import session
from sspcollect.models.organisation import Organisation, OrganisationKind
from sspcollect.models.reference import Country, ForceArea, LocalAuthority, Region
from sspcollect.reference.tables import (
    COUNTRIES,
    ENGLAND,
    FORCE_AREAS,
    LOCAL_AUTHORITIES,
    REGIONS,
)

logger = logging.getLogger(__name__)

# The two central departments whose staff review returns and run the service.
CENTRAL_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("DFE", "Department for Education"),
    ("HO", "Home Office"),
)


def load_reference_data() -> None:
    """Insert or update countries, regions, force areas, local authorities and organisations."""
    _load_countries()
    _load_regions()
    _load_force_areas()
    _load_local_authorities()
    _load_organisations()
    session.commit()
    logger.info(
        "Reference data loaded: %d force areas, %d local authorities",
        len(FORCE_AREAS),
        len(LOCAL_AUTHORITIES),
    )


def _load_countries() -> None:
    """Upsert England and Wales."""
    existing = {country.code: country for country in session.scalars(select(Country))}
    for row in COUNTRIES:
        country = existing.get(row.code) or Country(code=row.code)
        country.name = row.name
        session.add(country)
    session.flush()


def _load_regions() -> None:
    """Upsert the nine regions of England."""
    existing = {region.code: region for region in session.scalars(select(Region))}
    for row in REGIONS:
        region = existing.get(row.code) or Region(code=row.code)
        region.name = row.name
        region.country_code = ENGLAND
        session.add(region)
    session.flush()


def _load_force_areas() -> None:
    """Upsert the 43 force areas; the VRU flag is set only when a force is first added."""
    existing = {force.code: force for force in session.scalars(select(ForceArea))}
    for row in FORCE_AREAS:
        force = existing.get(row.code)
        if force is None:
            # After the first load the flag belongs to the admins, so a reload keeps theirs.
            force = ForceArea(code=row.code, vru=row.vru)
            session.add(force)
        force.name = row.name
        force.country_code = row.country_code
    session.flush()


def _load_local_authorities() -> None:
    """Upsert every local authority with its region and force area."""
    existing = {la.code: la for la in session.scalars(select(LocalAuthority))}
    for row in LOCAL_AUTHORITIES:
        la = existing.get(row.code) or LocalAuthority(code=row.code)
        la.old_code = row.old_code
        la.name = row.name
        la.country_code = row.country_code
        la.region_code = row.region_code
        la.force_area_code = row.force_area_code
        session.add(la)
    session.flush()


def _load_organisations() -> None:
    """Make sure every force area and both central departments have an organisation."""
    by_code = {org.code: org for org in session.scalars(select(Organisation))}
    by_force = {org.force_area_code: org for org in by_code.values() if org.force_area_code}
    for row in FORCE_AREAS:
        org = by_force.get(row.code) or by_code.get(row.code)
        if org is None:
            org = Organisation(code=row.code)
            session.add(org)
        org.kind = OrganisationKind.POLICE.value
        org.name = row.name
        org.force_area_code = row.code
    for code, name in CENTRAL_DEPARTMENTS:
        org = by_code.get(code)
        if org is None:
            org = Organisation(code=code)
            session.add(org)
        org.kind = OrganisationKind.CENTRAL.value
        org.name = name
    session.flush()
