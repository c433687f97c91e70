"""One organisation as an admin sees it, and the details that are the service's own to change.

A school's details come from the register of schools (Get Information About Schools) and a
force's from the reference data: they change only by import. The contact name and email, and
whether the organisation takes part in new collections, are kept by the service and edited here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from sspcollect import audit
from sspcollect.db import session
from sspcollect.models import (
    MODEL_LABELS,
    STATUS_LABELS,
    Collection,
    ForceArea,
    LocalAuthority,
    Model,
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipSchool,
    Return,
    School,
    User,
)

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
EDITABLE = ("contact_name", "contact_email", "active")
AUDIT_NAMES = {"active": "takes_part_in_collections"}


@dataclass(frozen=True)
class ReturnRow:
    """One of an organisation's returns."""

    id: int
    collection: str
    status: str


@dataclass(frozen=True)
class PartnershipRow:
    """One partnership in a force's register."""

    reference: str
    name: str
    model: str
    schools: int
    start_date: date
    end_date: date | None


@dataclass
class OrganisationDetails:
    """Everything the organisation page shows."""

    organisation: Organisation
    school: School | None = None
    local_authority: LocalAuthority | None = None
    force_area: ForceArea | None = None
    area_authorities: list[str] = field(default_factory=list)
    open_schools: int = 0
    partnerships: list[PartnershipRow] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    returns: list[ReturnRow] = field(default_factory=list)


def load_organisation(organisation_id: int) -> Organisation:
    """The organisation, or 404."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


def details(organisation: Organisation) -> OrganisationDetails:
    """The organisation's reference details, register, users and returns."""
    found = OrganisationDetails(organisation)
    if organisation.kind == OrganisationKind.SCHOOL and organisation.school is not None:
        found.school = organisation.school
        found.local_authority = session.get(LocalAuthority, organisation.school.la_code)
        if found.local_authority is not None:
            found.force_area = session.get(ForceArea, found.local_authority.force_area_code)
    elif organisation.kind == OrganisationKind.POLICE and organisation.force_area is not None:
        found.force_area = organisation.force_area
        _add_force(found, organisation.force_area.code)
    found.users = list(
        session.scalars(
            select(User).where(User.organisation_id == organisation.id).order_by(User.name)
        )
    )
    found.returns = [
        ReturnRow(id, title, STATUS_LABELS.get(status, status))
        for id, title, status in session.execute(
            select(Return.id, Collection.title, Return.status)
            .join(Collection, Collection.id == Return.collection_id)
            .where(Return.organisation_id == organisation.id)
            .order_by(Collection.time_period.desc(), Return.id)
        )
    ]
    return found


def _add_force(found: OrganisationDetails, code: str) -> None:
    """A force's area (its authorities and open schools) and its register."""
    found.area_authorities = list(
        session.scalars(
            select(LocalAuthority.name)
            .where(LocalAuthority.force_area_code == code)
            .order_by(LocalAuthority.name)
        )
    )
    found.open_schools = (
        session.scalar(
            select(func.count())
            .select_from(School)
            .join(LocalAuthority, LocalAuthority.code == School.la_code)
            .where(LocalAuthority.force_area_code == code, School.is_open.is_(True))
        )
        or 0
    )
    partnerships = session.scalars(
        select(Partnership)
        .where(Partnership.force_area_code == code)
        .options(selectinload(Partnership.schools))
        .order_by(Partnership.reference)
    )
    found.partnerships = [
        PartnershipRow(
            p.reference,
            p.name,
            MODEL_LABELS.get(Model(p.model), p.model) if p.model in set(Model) else p.model,
            len(p.schools),
            p.start_date,
            p.end_date,
        )
        for p in partnerships
    ]


def covered_schools(code: str) -> int:
    """How many schools a force's register covers."""
    return (
        session.scalar(
            select(func.count(func.distinct(PartnershipSchool.school_urn)))
            .join(Partnership)
            .where(Partnership.force_area_code == code)
        )
        or 0
    )


@dataclass
class Changes:
    """The organisation's own details as typed, with a problem for each field that is wrong."""

    contact_name: str
    contact_email: str
    active: str
    problems: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> Changes:
        """Read and check the form."""
        typed = cls(
            contact_name=" ".join(form.get("contact_name", "").split())[:300],
            contact_email=form.get("contact_email", "").strip()[:400],
            active=form.get("active", ""),
        )
        if len(typed.contact_name) > 200:
            typed.problems["contact_name"] = "Contact name must be 200 characters or fewer"
        if typed.contact_email and (
            len(typed.contact_email) > 254 or not EMAIL.fullmatch(typed.contact_email)
        ):
            typed.problems["contact_email"] = (
                "Enter an email address in the correct format, like name@example.gov.uk"
            )
        if typed.active not in {"yes", "no"}:
            typed.problems["active"] = "Select whether the organisation takes part in collections"
        return typed

    @classmethod
    def of(cls, organisation: Organisation) -> Changes:
        """The organisation's details as they stand, to fill the form."""
        return cls(
            contact_name=organisation.contact_name or "",
            contact_email=organisation.contact_email or "",
            active="yes" if organisation.active else "no",
        )


def save(organisation: Organisation, changes: Changes, actor: User) -> bool:
    """Keep checked changes and record them in the audit trail; False when nothing changed."""
    after = {
        "contact_name": changes.contact_name or None,
        "contact_email": changes.contact_email or None,
        "active": changes.active == "yes",
    }
    before = {name: getattr(organisation, name) for name in EDITABLE}
    changed = {
        name: [before[name], after[name]] for name in EDITABLE if before[name] != after[name]
    }
    if not changed:
        return False
    for name in changed:
        setattr(organisation, name, after[name])
    # Recorded under names that read as the page words them in the audit log.
    recorded = {AUDIT_NAMES.get(name, name): change for name, change in changed.items()}
    audit.record(
        "organisation_changed",
        "organisation",
        organisation.id,
        changes=recorded,
        comment=change_words(organisation, changed),
        user=actor,
        organisation_id=organisation.id,
    )
    session.commit()
    return True


def change_words(organisation: Organisation, changed: Mapping[str, list[object]]) -> str:
    """What a change did, in a sentence for the audit trail."""
    parts = []
    if "contact_name" in changed:
        parts.append(f"contact name to {changed['contact_name'][1] or 'none'}")
    if "contact_email" in changed:
        parts.append(f"contact email to {changed['contact_email'][1] or 'none'}")
    if "active" in changed:
        parts.append(
            "now takes part in new collections"
            if changed["active"][1]
            else "no longer takes part in new collections"
        )
    return f"Changed {organisation.name}: " + "; ".join(parts) + "."
