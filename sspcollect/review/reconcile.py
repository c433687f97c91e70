"""Reconciliation of school returns with force registers, re-evaluated whenever either changes.

A force's coverage is its register as submitted (the snapshot of its force return) once the
force return is submitted, and before that its live register of partnerships active in the
academic year. A disagreement raises a query (XRT-001, XRT-002) on the school's return
(subject "force:<code>") and, when the force may be told, on the force's return (subject
"school:<urn>").

Each side is told only its own business (the README's Security section says the same):
- a school is told whether a force's register lists it, whatever the state of either return;
- a force is told what a school said only once the school's return stands submitted (or
  accepted), and then only when the school named that force (XRT-001) or lies in the force's
  area (XRT-002). A draft answer, or the answer of a school elsewhere that the force has added
  to its register, never reaches the force: adding a school, looking and removing it again
  tells the force nothing.

reconcile_school runs when a school saves; reconcile_force when a force changes its register
or its return; reconcile_return when a return's status changes (submitted, withdrawn, returned
for amendment, reopened), since that changes what the other side may be told. Each looks
only at the pairs that involve the school or the force.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import selectinload

from sspcollect.content.reconciliation import reconciliation_in
from sspcollect.db import session
from sspcollect.language import ENGLISH, WELSH
from sspcollect.models import (
    Collection,
    CollectionStatus,
    Finding,
    LocalAuthority,
    Organisation,
    Partnership,
    PartnershipSchool,
    Return,
    ReturnKind,
    ReturnStatus,
    School,
    SchoolAnswers,
    SubmittedPartnership,
    SubmittedPartnershipSchool,
)
from sspcollect.validation import CATALOGUE, Scope

FROZEN = (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)
# (rule id, urn, force code)
Pair = tuple[str, int, str]


class Claim(NamedTuple):
    """What one school said, and what decides whether a force may be told it."""

    has_ssp: str
    force: str | None
    submitted: bool
    area: str | None


def academic_year(collection: Collection) -> tuple[date, date]:
    """The first and last day of the period the collection's figures describe."""
    return collection.period_start, collection.period_end


def _coverage(
    collection: Collection, where: Callable[[Any, Any], ColumnElement[bool]]
) -> set[tuple[str, int]]:
    """(force, urn) pairs covered by the registers, filtered by where(urn_column, force_column)."""
    start, end = academic_year(collection)
    frozen_forces = select(Return.force_area_code).where(
        Return.collection_id == collection.id,
        Return.kind == ReturnKind.FORCE,
        Return.status.in_(FROZEN),
    )
    live: Select[tuple[str, int]] = (
        select(Partnership.force_area_code, PartnershipSchool.school_urn)
        .join(PartnershipSchool)
        .where(
            Partnership.start_date <= end,
            or_(Partnership.end_date.is_(None), Partnership.end_date >= start),
            Partnership.force_area_code.not_in(frozen_forces),
            where(PartnershipSchool.school_urn, Partnership.force_area_code),
        )
    )
    frozen: Select[tuple[str, int]] = (
        select(Return.force_area_code, SubmittedPartnershipSchool.school_urn)
        .join(SubmittedPartnership, SubmittedPartnership.return_id == Return.id)
        .join(SubmittedPartnershipSchool)
        .where(
            Return.collection_id == collection.id,
            Return.status.in_(FROZEN),
            where(SubmittedPartnershipSchool.school_urn, Return.force_area_code),
        )
    )
    return {(force, urn) for force, urn in session.execute(live)} | {
        (force, urn) for force, urn in session.execute(frozen)
    }


def _claims(collection: Collection, where: ColumnElement[bool]) -> dict[int, Claim]:
    """What the schools matching where said, whether it stands submitted, and their force area."""
    rows = session.execute(
        select(
            Organisation.school_urn,
            SchoolAnswers.has_ssp,
            SchoolAnswers.ssp_force_code,
            Return.status,
            LocalAuthority.force_area_code,
        )
        .join(Return, Return.organisation_id == Organisation.id)
        .join(SchoolAnswers, SchoolAnswers.return_id == Return.id)
        .outerjoin(School, School.urn == Organisation.school_urn)
        .outerjoin(LocalAuthority, LocalAuthority.code == School.la_code)
        .where(Return.collection_id == collection.id, SchoolAnswers.has_ssp.is_not(None), where)
    )
    return {
        urn: Claim(has_ssp, force, status in FROZEN, area)
        for urn, has_ssp, force, status, area in rows
    }


def _pairs(coverage: set[tuple[str, int]], claims: dict[int, Claim]) -> set[Pair]:
    """The disagreements between coverage and claims."""
    found: set[Pair] = set()
    for urn, claim in claims.items():
        if claim.has_ssp == "yes" and claim.force and (claim.force, urn) not in coverage:
            found.add(("XRT-001", urn, claim.force))
    for force, urn in coverage:
        said = claims.get(urn)
        if said is not None and said.has_ssp == "no":
            found.add(("XRT-002", urn, force))
    return found


def force_may_know(pair: Pair, claims: dict[int, Claim]) -> bool:
    """Whether the force of pair may be told of it: the rule in the module docstring.

    XRT-001 exists only when the school named the force; XRT-002 tells the force that the
    school said no, which is its business only when the school is in its area.
    """
    rule_id, urn, force = pair
    claim = claims.get(urn)
    if claim is None or not claim.submitted:
        return False
    return rule_id == "XRT-001" or claim.area == force


def reconcile_school(collection_id: int, urn: int) -> None:
    """Re-check one school against every register (the caller commits)."""
    collection = session.get(Collection, collection_id)
    if collection is None:
        return
    coverage = _coverage(collection, lambda urn_column, _force: urn_column == urn)
    claims = _claims(collection, Organisation.school_urn == urn)
    pairs = {p for p in _pairs(coverage, claims) if p[1] == urn}
    forces = {force for force, _ in coverage} | {p[2] for p in pairs}
    forces |= _forces_with_finding_on(collection_id, f"school:{urn}")
    for return_ in _returns(collection_id, urns={urn}, forces=forces):
        if return_.kind == ReturnKind.SCHOOL:
            _sync(return_, {(r, f"force:{f}"): (r, u, f) for r, u, f in pairs}, lambda _s: True)
        else:
            mine = {
                (r, f"school:{u}"): (r, u, f)
                for r, u, f in pairs
                if f == return_.force_area_code and force_may_know((r, u, f), claims)
            }
            _sync(return_, mine, lambda subject: subject == f"school:{urn}")


def reconcile_force(collection_id: int, force: str) -> None:
    """Re-check one force's register against what schools say (the caller commits)."""
    collection = session.get(Collection, collection_id)
    if collection is None:
        return
    coverage = _coverage(collection, lambda _urn, force_column: force_column == force)
    covered = {urn for _, urn in coverage}
    claims = _claims(
        collection,
        or_(
            Organisation.school_urn.in_(covered or {-1}),
            and_(SchoolAnswers.has_ssp == "yes", SchoolAnswers.ssp_force_code == force),
        ),
    )
    pairs = {p for p in _pairs(coverage, claims) if p[2] == force}
    urns = covered | set(claims) | _schools_with_finding_on(collection_id, f"force:{force}")
    for return_ in _returns(collection_id, urns=urns, forces={force}):
        if return_.kind == ReturnKind.FORCE:
            told = {p for p in pairs if force_may_know(p, claims)}
            _sync(return_, {(r, f"school:{u}"): (r, u, f) for r, u, f in told}, lambda _s: True)
        else:
            urn = return_.organisation.school_urn
            mine = {(r, f"force:{f}"): (r, u, f) for r, u, f in pairs if u == urn}
            _sync(return_, mine, lambda subject: subject == f"force:{force}")


def reconcile_return(return_: Return) -> None:
    """After a return's status changed: re-check what each side is told (the caller commits)."""
    session.flush()
    if return_.kind == ReturnKind.FORCE:
        reconcile_force(return_.collection_id, return_.force_area_code)
        return
    urn = return_.organisation.school_urn
    if urn is not None:
        reconcile_school(return_.collection_id, urn)


def reconcile_force_everywhere(force: str) -> None:
    """After a register change: re-check the force in every open collection (the caller commits)."""
    open_ids = session.scalars(
        select(Collection.id).where(Collection.status == CollectionStatus.OPEN)
    )
    for collection_id in list(open_ids):
        reconcile_force(collection_id, force)


def _forces_with_finding_on(collection_id: int, subject: str) -> set[str]:
    """Forces whose return has a reconciliation finding about subject."""
    return set(
        session.scalars(
            select(Return.force_area_code)
            .join(Finding)
            .where(Return.collection_id == collection_id, Finding.subject == subject)
        )
    )


def _schools_with_finding_on(collection_id: int, subject: str) -> set[int]:
    """Schools whose return has a reconciliation finding about subject."""
    return {
        urn
        for urn in session.scalars(
            select(Organisation.school_urn)
            .join(Return, Return.organisation_id == Organisation.id)
            .join(Finding)
            .where(Return.collection_id == collection_id, Finding.subject == subject)
        )
        if urn is not None
    }


def _returns(collection_id: int, urns: set[int], forces: set[str]) -> list[Return]:
    """The school returns of urns and the force returns of forces in the collection.

    Two indexed queries: one OR across the join would make PostgreSQL scan every return.
    """
    loading = (selectinload(Return.findings), selectinload(Return.organisation))
    found: list[Return] = []
    if urns:
        found += session.scalars(
            select(Return)
            .join(Organisation, Return.organisation_id == Organisation.id)
            .where(Return.collection_id == collection_id, Organisation.school_urn.in_(urns))
            .options(*loading)
        )
    if forces:
        found += session.scalars(
            select(Return)
            .where(
                Return.collection_id == collection_id,
                Return.kind == ReturnKind.FORCE,
                Return.force_area_code.in_(forces),
            )
            .options(*loading)
        )
    return found


def _sync(
    return_: Return, wanted: dict[tuple[str, str], Pair], managed: Callable[[str], bool]
) -> None:
    """Add and remove one return's reconciliation findings, keeping explanations."""
    existing = {
        (f.rule_id, f.subject): f
        for f in return_.findings
        if CATALOGUE[f.rule_id].scope is Scope.RECONCILIATION and managed(f.subject)
    }
    for key, stale in existing.items():
        if key not in wanted:
            return_.findings.remove(stale)
    schools = _school_names({u for _, u, _ in wanted.values()})
    for (rule_id, subject), (_, urn, force) in wanted.items():
        rule = CATALOGUE[rule_id]
        about = (rule_id, return_.kind, schools.get(urn), urn, force)
        finding = existing.get((rule_id, subject))
        if finding is None:
            finding = Finding(rule_id=rule_id, level=rule.level, subject=subject)
            return_.findings.append(finding)
        finding.write(reconciliation_in(ENGLISH, *about), reconciliation_in(WELSH, *about))


def _school_names(urns: set[int]) -> dict[int, str]:
    """School names by URN."""
    if not urns:
        return {}
    # dict() would take a Result for a mapping (it has keys()), so build the dict by hand.
    return {
        urn: name
        for urn, name in session.execute(
            select(School.urn, School.name).where(School.urn.in_(urns))
        )
    }


def unreconciled(collection_id: int) -> list[Finding]:
    """The national list of disagreeing pairs: XRT findings on school returns."""
    return list(
        session.scalars(
            select(Finding)
            .join(Return)
            .where(
                Return.collection_id == collection_id,
                Return.kind == ReturnKind.SCHOOL,
                Finding.rule_id.in_(["XRT-001", "XRT-002"]),
            )
            .order_by(Finding.rule_id, Finding.subject)
        )
    )
