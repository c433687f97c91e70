"""Load the service's reference tables into the database, and the organisations they imply.

All or nothing: the tables are checked first, then every change is made in one transaction,
and any problem leaves the database as it was. Schools keep the three-digit code Get
Information About Schools gave them: when an authority's code changes (as when 674, 675 and
681 were put right), its schools move to the authority that now has their code, with the
returns of collections that have not closed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Table, bindparam, delete, func, select, update

from sspcollect.db import session
from sspcollect.models import Collection, CollectionStatus, Return
from sspcollect.models.organisation import Organisation, OrganisationKind
from sspcollect.models.reference import Country, ForceArea, LocalAuthority, Region, School
from sspcollect.reference.tables import (
    COUNTRIES,
    ENGLAND,
    FORCE_AREAS,
    LOCAL_AUTHORITIES,
    REGIONS,
    LocalAuthorityRow,
)
from sspcollect.words import counted

logger = logging.getLogger(__name__)

# The two central departments whose staff review returns and run the service.
CENTRAL_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("DFE", "Department for Education"),
    ("HO", "Home Office"),
)


# Core tables: moving rows by key in bulk, without the ORM's version checks on returns.
SCHOOLS = cast(Table, School.__table__)
RETURNS = cast(Table, Return.__table__)


class ReferenceDataError(Exception):
    """The reference tables cannot be loaded; nothing was changed."""


@dataclass
class LoadReport:
    """What a load changed, in words an admin reads after `sspcollect load-reference`."""

    force_areas_added: int = 0
    local_authorities_added: int = 0
    local_authorities_changed: list[str] = field(default_factory=list)
    codes_changed: list[str] = field(default_factory=list)
    schools_moved: int = 0
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One paragraph per kind of change, or a sentence saying nothing changed."""
        lines: list[str] = []
        if self.force_areas_added:
            lines.append(f"{counted(self.force_areas_added, 'police force area')} added.")
        if self.local_authorities_added:
            added = counted(self.local_authorities_added, "local authority", "local authorities")
            lines.append(f"{added} added.")
        if self.codes_changed:
            lines.append(
                "Three-digit codes changed: " + "; ".join(self.codes_changed) + ". "
                f"{counted(self.schools_moved, 'school')} moved to the authority that now "
                "has their code."
            )
        if self.local_authorities_changed:
            lines.append(
                "Local authorities whose name, region or force area changed: "
                + ", ".join(self.local_authorities_changed)
                + "."
            )
        if self.removed:
            lines.append("Local authorities removed: " + ", ".join(self.removed) + ".")
        lines.extend(self.kept)
        return "\n".join(lines) if lines else "Reference data already up to date: nothing changed."


def load_reference_data() -> LoadReport:
    """Check the tables, then insert or update every reference row in one transaction."""
    check_tables()
    report = LoadReport()
    try:
        _load_countries()
        _load_regions()
        _load_force_areas(report)
        _load_local_authorities(report)
        _load_organisations()
        session.commit()
    except Exception:
        session.rollback()
        raise
    logger.info(
        "Reference data loaded: %d force areas, %d local authorities",
        len(FORCE_AREAS),
        len(LOCAL_AUTHORITIES),
    )
    return report


def check_tables() -> None:
    """Refuse tables that contradict themselves, before anything is written."""
    problems: list[str] = []
    forces = {force.code for force in FORCE_AREAS}
    regions = {region.code for region in REGIONS}
    for kind, codes in (
        ("police force area code", [force.code for force in FORCE_AREAS]),
        ("local authority code", [la.code for la in LOCAL_AUTHORITIES]),
        ("three-digit local authority code", [la.old_code for la in LOCAL_AUTHORITIES]),
    ):
        repeated = sorted({code for code in codes if codes.count(code) > 1})
        if repeated:
            problems.append(f"the {kind} {', '.join(repeated)} is given twice")
    for la in LOCAL_AUTHORITIES:
        if not (len(la.old_code) == 3 and la.old_code.isdigit()):
            problems.append(f"{la.name} has the three-digit code {la.old_code!r}")
        if la.force_area_code not in forces:
            problems.append(f"{la.name} is in force area {la.force_area_code}, which is not listed")
        if la.region_code is not None and la.region_code not in regions:
            problems.append(f"{la.name} is in region {la.region_code}, which is not listed")
    if problems:
        raise ReferenceDataError(
            "The reference tables were not loaded, and nothing was changed: "
            + "; ".join(problems)
            + ". Correct sspcollect/reference/tables.py and run load-reference again."
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


def _load_force_areas(report: LoadReport) -> None:
    """Upsert the 43 force areas; the VRU flag is set only when a force is first added."""
    existing = {force.code: force for force in session.scalars(select(ForceArea))}
    for row in FORCE_AREAS:
        force = existing.get(row.code)
        if force is None:
            # After the first load the flag belongs to the admins, so a reload keeps theirs.
            force = ForceArea(code=row.code, vru=row.vru)
            session.add(force)
            report.force_areas_added += 1
        force.name = row.name
        force.country_code = row.country_code
    session.flush()


def _load_local_authorities(report: LoadReport) -> None:
    """Upsert every local authority; schools follow their three-digit code to its authority."""
    existing = {la.code: la for la in session.scalars(select(LocalAuthority))}
    codes_before = {code: la.old_code for code, la in existing.items()}
    wanted = {row.code: row for row in LOCAL_AUTHORITIES}
    by_old_code = {row.old_code: row.code for row in LOCAL_AUTHORITIES}
    # Where the schools of each authority belong now: the authority holding their code.
    moves = {
        code: by_old_code[old_code]
        for code, old_code in codes_before.items()
        if old_code in by_old_code and by_old_code[old_code] != code
    }
    # Free the codes that change hands first: three-digit codes are unique at every moment.
    changing = [
        la
        for code, la in existing.items()
        if code not in wanted or wanted[code].old_code != la.old_code
    ]
    for number, la in enumerate(changing):
        if la.code in wanted:
            row = wanted[la.code]
            report.codes_changed.append(f"{row.name} from {la.old_code} to {row.old_code}")
        la.old_code = f"~{number:02d}"
    session.flush()
    for row in LOCAL_AUTHORITIES:
        stored = existing.get(row.code)
        if stored is None:
            la = LocalAuthority(code=row.code)
            session.add(la)
            report.local_authorities_added += 1
        else:
            la = stored
            if _differs(la, row):
                report.local_authorities_changed.append(row.name)
        la.old_code = row.old_code
        la.name = row.name
        la.country_code = row.country_code
        la.region_code = row.region_code
        la.force_area_code = row.force_area_code
    session.flush()
    report.schools_moved = _move_schools(moves)
    for la in changing:
        if la.code not in wanted:
            _retire(la, codes_before[la.code], by_old_code, report)
    session.flush()


def _differs(la: LocalAuthority, row: LocalAuthorityRow) -> bool:
    """True when the stored authority's name, region or force area is not the table's."""
    return (la.name, la.region_code, la.force_area_code) != (
        row.name,
        row.region_code,
        row.force_area_code,
    )


def _retire(
    la: LocalAuthority, old_code: str, by_old_code: dict[str, str], report: LoadReport
) -> None:
    """Remove an authority the tables no longer list, or keep it while something is in it."""
    schools = session.scalar(select(func.count()).where(School.la_code == la.code)) or 0
    returns = session.scalar(select(func.count()).where(Return.la_code == la.code)) or 0
    if not schools and not returns:
        session.execute(delete(LocalAuthority).where(LocalAuthority.code == la.code))
        report.removed.append(f"{la.name} ({old_code})")
        return
    if old_code in by_old_code:
        raise ReferenceDataError(
            f"The reference tables were not loaded, and nothing was changed: {la.name} "
            f"({la.code}) is no longer listed and its code {old_code} now belongs to "
            f"{by_old_code[old_code]}, but {counted(returns, 'return')} of closed collections "
            f"are still in it. Keep {la.name} in sspcollect/reference/tables.py until those "
            "collections' figures no longer need it."
        )
    la.old_code = old_code
    report.kept.append(
        f"{la.name} ({old_code}) is no longer listed but still has "
        f"{counted(schools, 'school')} and {counted(returns, 'return')}, so it was kept. "
        "Import a current Get Information About Schools extract, then run load-reference "
        "again to remove it."
    )


def _move_schools(moves: dict[str, str]) -> int:
    """Move the schools (and the returns of unclosed collections) of each authority in moves."""
    if not moves:
        return 0
    schools = session.execute(
        select(School.urn, School.la_code).where(School.la_code.in_(moves))
    ).all()
    if schools:
        session.execute(
            update(SCHOOLS)
            .where(SCHOOLS.c.urn == bindparam("moved_urn"))
            .values(la_code=bindparam("moved_to")),
            [{"moved_urn": urn, "moved_to": moves[code]} for urn, code in schools],
        )
    unclosed = select(Collection.id).where(Collection.status != CollectionStatus.CLOSED)
    returns = session.execute(
        select(Return.id, Return.la_code).where(
            Return.la_code.in_(moves), Return.collection_id.in_(unclosed)
        )
    ).all()
    if returns:
        session.execute(
            update(RETURNS)
            .where(RETURNS.c.id == bindparam("moved_id"))
            .values(la_code=bindparam("moved_to")),
            [{"moved_id": id_, "moved_to": moves[str(code)]} for id_, code in returns],
        )
    session.expire_all()
    return len(schools)


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
