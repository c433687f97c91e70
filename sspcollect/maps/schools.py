"""A police force's map: its schools as points, covered or not by a partnership in its register.

Schools are placed by the eastings and northings of the schools register (GIAS), on the same
National Grid as the boundaries. Only open schools of the force's own local authorities are
shown, and only the force's own register decides what is covered: the map shows nothing of
another force's partnerships.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext
from sqlalchemy import or_, select

from sspcollect.content.places import local_authority_name
from sspcollect.db import session
from sspcollect.maps import drawing
from sspcollect.maps.drawing import SchoolPoint
from sspcollect.models import LocalAuthority, Partnership, PartnershipSchool, School

MAP_ID = "schools-map"


@dataclass(frozen=True)
class ForceSchool:
    """An open school of the force's area, and whether a partnership in its register covers it."""

    urn: int
    name: str
    la_code: str
    la_name: str
    postcode: str | None
    easting: int | None
    northing: int | None
    covered: bool


def force_schools(force_code: str, today: date) -> list[ForceSchool]:
    """The force's open schools, by name, each marked covered if an active partnership is on it.

    A partnership is active from its start date to its end date, as on the register page.
    """
    covered = (
        select(PartnershipSchool.school_urn)
        .join(Partnership)
        .where(
            Partnership.force_area_code == force_code,
            Partnership.start_date <= today,
            or_(Partnership.end_date.is_(None), Partnership.end_date >= today),
        )
    )
    rows = session.execute(
        select(
            School.urn,
            School.name,
            School.la_code,
            LocalAuthority.name,
            School.postcode,
            School.easting,
            School.northing,
            School.urn.in_(covered),
        )
        .join(LocalAuthority)
        .where(LocalAuthority.force_area_code == force_code, School.is_open.is_(True))
        .order_by(School.name, School.urn)
    ).tuples()
    return [ForceSchool(*row) for row in rows]


@dataclass
class Authority:
    """A local authority of the force: its schools, and those not covered, for the list."""

    code: str
    name: str
    schools: int = 0
    uncovered: list[ForceSchool] = field(default_factory=list)


@dataclass
class ForceSchoolsSection:
    """The force's map, and the schools not covered beside it, by local authority."""

    map: drawing.Map
    authorities: list[Authority]
    total: int
    covered: int
    unplaced: int


def force_schools_section(force_code: str, today: date) -> ForceSchoolsSection:
    """The map of the force's schools and the list of those no partnership covers."""
    schools = force_schools(force_code, today)
    by_la: dict[str, Authority] = {}
    for school in schools:
        name = local_authority_name(school.la_name)
        authority = by_la.setdefault(school.la_code, Authority(school.la_code, name))
        authority.schools += 1
        if not school.covered:
            authority.uncovered.append(school)
    labels = {
        code: gettext(
            "%(authority)s: %(covered)s of %(schools)s schools covered",
            authority=authority.name,
            covered=f"{authority.schools - len(authority.uncovered):,}",
            schools=f"{authority.schools:,}",
        )
        for code, authority in by_la.items()
    }

    def link(code: str) -> str:
        authority = by_la.get(code)
        return f"#uncovered-{code}" if authority and authority.uncovered else ""

    placed = [
        SchoolPoint(school.easting, school.northing, school.covered, school.name, school.la_code)
        for school in schools
        if school.easting is not None and school.northing is not None
    ]
    drawn = drawing.force_schools_map(MAP_ID, force_code, placed, labels, link)
    return ForceSchoolsSection(
        map=drawn,
        authorities=sorted(by_la.values(), key=lambda authority: authority.name),
        total=len(schools),
        covered=sum(1 for school in schools if school.covered),
        unplaced=len(schools) - len(placed),
    )
