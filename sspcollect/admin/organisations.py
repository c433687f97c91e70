"""Organisations and police force areas as admins see them, and the Violence Reduction Unit flag."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import ColumnElement, func, or_, select

from sspcollect import audit
from sspcollect.db import session
from sspcollect.models import ForceArea, Organisation, OrganisationKind, User

PAGE_SIZE = 50
KIND_LABELS = {
    OrganisationKind.SCHOOL: "School",
    OrganisationKind.POLICE: "Police force",
    OrganisationKind.CENTRAL: "Central department",
}


@dataclass(frozen=True)
class OrganisationRow:
    """An organisation with how many users it has."""

    id: int
    kind: str
    code: str
    name: str
    users: int


def organisations_page(q: str, kind: str, page: int) -> tuple[list[OrganisationRow], int, int, int]:
    """One page of organisations by name, searched by code or name: (rows, total, page, pages)."""
    where: list[ColumnElement[bool]] = []
    if q:
        where.append(
            or_(
                Organisation.code == q.upper(),
                Organisation.name.icontains(q, autoescape=True),
            )
        )
    if kind in set(OrganisationKind):
        where.append(Organisation.kind == kind)
    total = session.scalar(select(func.count()).select_from(Organisation).where(*where)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    users = (
        select(User.organisation_id, func.count().label("users"))
        .group_by(User.organisation_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Organisation.id,
            Organisation.kind,
            Organisation.code,
            Organisation.name,
            func.coalesce(users.c.users, 0),
        )
        .outerjoin(users, users.c.organisation_id == Organisation.id)
        .where(*where)
        .order_by(Organisation.name, Organisation.id)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).tuples()
    return [OrganisationRow(*row) for row in rows], total, page, pages


def force_areas() -> list[ForceArea]:
    """The 43 police force areas by name."""
    return list(session.scalars(select(ForceArea).order_by(ForceArea.name)))


def set_vru(code: str, vru: bool, actor: User) -> ForceArea:
    """Mark a force area as a Violence Reduction Unit area, or not; recorded in the audit trail."""
    area = session.get(ForceArea, code)
    if area is None:
        abort(404)
    if area.vru != vru:
        audit.record(
            "force_area_vru_changed",
            "force_area",
            area.code,
            changes={"vru": [area.vru, vru]},
            user=actor,
        )
        area.vru = vru
        session.commit()
    return area
