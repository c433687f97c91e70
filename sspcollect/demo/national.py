"""A national synthetic collection for load tests: every authority, every force, bulk inserts.

About 26,000 open schools over every local authority of England and Wales, about 5,000
partnerships of every model over the 43 forces, the 2026/27 collection open, returns in every
status with plausible answers, and users who all share one password hash (hashed once).
Everything is written with multi-row INSERTs and UPDATEs, never row by row through the ORM.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, text, update

from sspcollect.accounts.passwords import hash_password
from sspcollect.collections.service import (
    PHASES,
    CollectionDetails,
    collection_for,
    create_collection,
    open_collection,
)
from sspcollect.db import session, utcnow
from sspcollect.demo.collections import EXPLANATION, NIL_FORCE, _school_answers
from sspcollect.demo.national_force import OPEN_MIX, fill_force_returns, status_words
from sspcollect.demo.small import DEMO_DOMAIN, DEMO_PASSWORD
from sspcollect.models import (
    Finding,
    FundingSource,
    LocalAuthority,
    Model,
    OfficerRole,
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipSchool,
    Return,
    ReturnKind,
    ReturnStatus,
    Role,
    School,
    SchoolAnswers,
    User,
)
from sspcollect.reference.load import load_reference_data
from sspcollect.returns.school_forms import ANSWER_FIELDS
from sspcollect.validation import CATALOGUE, Level, Scope

NATIONAL_SCHOOLS = 26_000
NATIONAL_PARTNERSHIPS = 5_000
SCHOOL_USERS = 500
FIRST_URN = 100000
# Schools per authority relative to a unitary authority: counties are largest.
WEIGHTS = {"E10": 3.0, "E08": 1.5, "E09": 0.8, "E06": 0.8, "W06": 0.7}
# (phase, share of schools), as in a GIAS extract of open establishments.
PHASE_MIX = [
    ("Primary", 0.62),
    ("Secondary", 0.14),
    ("Not applicable", 0.12),
    ("Nursery", 0.02),
    ("All-through", 0.03),
    ("16 plus", 0.05),
    ("Middle deemed primary", 0.01),
    ("Middle deemed secondary", 0.01),
]
# Statuses of school returns a fortnight before the deadline.
STATUS_MIX = [
    (ReturnStatus.NOT_STARTED, 0.35),
    (ReturnStatus.IN_PROGRESS, 0.28),
    (ReturnStatus.SUBMITTED, 0.24),
    (ReturnStatus.ACCEPTED, 0.09),
    (ReturnStatus.RETURNED, 0.04),
]
# (model, schools covered): the mix of a force's register, repeated until its share is made.
PLAN = [
    (Model.SCHOOL_BASED, 1),
    (Model.SCHOOL_BASED, 1),
    (Model.SCHOOL_BASED, 1),
    (Model.CLUSTER, 4),
    (Model.NEIGHBOURHOOD_LINK, 6),
    (Model.FORCE_TEAM, 8),
    (Model.OTHER, 2),
]
CHUNK = 5_000


@dataclass
class NationalSignIns:
    """The national demo's accounts to print."""

    password: str
    users: list[tuple[str, str, str]] = field(default_factory=list)
    school_users: int = 0


def shares(total: int, weights: list[float]) -> list[int]:
    """Split total in proportion to weights (largest remainders), summing to total exactly."""
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def synthetic_schools(total: int) -> list[dict[str, Any]]:
    """total open schools over every local authority, with the phase mix of PHASE_MIX."""
    codes = list(session.scalars(select(LocalAuthority.code).order_by(LocalAuthority.code)))
    per_authority = shares(total, [WEIGHTS[code[:3]] for code in codes])
    phases = [
        phase
        for phase, count in zip(
            [p for p, _ in PHASE_MIX], shares(total, [s for _, s in PHASE_MIX]), strict=True
        )
        for _ in range(count)
    ]
    random.Random(2026).shuffle(phases)  # the same mix in every authority, the same every run
    rng = random.Random(26)
    schools: list[dict[str, Any]] = []
    urn = FIRST_URN
    for code, count in zip(codes, per_authority, strict=True):
        for number in range(count):
            phase = phases[len(schools)]
            schools.append(
                {
                    "urn": urn,
                    "la_code": code,
                    "establishment_number": f"{2000 + number:04d}",
                    "name": f"Bench School {urn}",
                    "type_code": 1,
                    "type_name": "Community school",
                    "status": "Open",
                    "is_open": True,
                    "phase": phase,
                    "pupils": rng.randint(600, 1800) if "Secondary" in phase else 300,
                }
            )
            urn += 1
    return schools


def load_schools(total: int) -> None:
    """Bulk-insert total synthetic open schools and their organisations."""
    schools = synthetic_schools(total)
    for start in range(0, len(schools), CHUNK):
        session.execute(insert(School), schools[start : start + CHUNK])
    organisations = [
        {
            "kind": OrganisationKind.SCHOOL.value,
            "code": str(s["urn"]),
            "name": s["name"],
            "school_urn": s["urn"],
        }
        for s in schools
    ]
    for start in range(0, len(organisations), CHUNK):
        session.execute(insert(Organisation), organisations[start : start + CHUNK])
    session.commit()


def _schools_by_force() -> dict[str, list[int]]:
    """The URNs of open schools in each force area."""
    rows = session.execute(
        select(LocalAuthority.force_area_code, School.urn)
        .join(LocalAuthority, School.la_code == LocalAuthority.code)
        .where(School.is_open.is_(True))
        .order_by(School.urn)
    )
    by_force: dict[str, list[int]] = {}
    for force, urn in rows:
        by_force.setdefault(force, []).append(urn)
    return by_force


def load_partnerships(total: int, rng: random.Random) -> dict[int, str]:
    """Bulk-insert about total partnerships over every force; the covering force by URN."""
    by_force = _schools_by_force()
    forces = sorted(by_force)
    wanted = shares(total, [float(len(by_force[f])) for f in forces])
    rows: list[dict[str, Any]] = []
    covering: list[list[tuple[int, str | None]]] = []
    sources = list(FundingSource)
    now = utcnow()
    for force, count in zip(forces, wanted, strict=True):
        pool = list(by_force[force])
        rng.shuffle(pool)
        for number in range(1, count + 1):
            model, size = PLAN[(number - 1) % len(PLAN)]
            covered, pool = pool[:size], pool[size:]
            if not covered:
                break
            rows.append(
                {
                    "force_area_code": force,
                    "reference": f"SSP-{number:04d}",
                    "name": f"Partnership {number} of {force}",
                    "model": model.value,
                    "model_description": "A youth worker and a PCSO share the work"
                    if model == Model.OTHER
                    else None,
                    "officer_role": rng.choice(list(OfficerRole)).value,
                    "officer_count": (officers := 1 if size == 1 else rng.randint(2, 6)),
                    "fte": round(rng.uniform(0.4, 1.0) * officers, 1),
                    "funding_sources": sorted(s.value for s in rng.sample(sources, 2)),
                    "funded_until": rng.choice([None, date(2027, 3, 31), date(2029, 3, 31)]),
                    "information_sharing_agreement": rng.random() < 0.7,
                    # Cumbria's first partnerships began after the year its return covers.
                    "start_date": date(2026, 9, 1)
                    if force == NIL_FORCE
                    else date(rng.choice([2019, 2021, 2023, 2024]), 9, 1),
                    "end_date": None,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            days = rng.choice(["0.5", "1", "2", "5"]) if size == 1 else None
            covering.append([(urn, days) for urn in covered])
    ids: list[int] = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        ids.extend(session.scalars(insert(Partnership).returning(Partnership.id), chunk))
    links = [
        {"partnership_id": pid, "school_urn": urn, "days_per_week": days}
        for pid, schools in zip(ids, covering, strict=True)
        for urn, days in schools
    ]
    for start in range(0, len(links), CHUNK):
        session.execute(insert(PartnershipSchool), links[start : start + CHUNK])
    session.commit()
    return {
        urn: row["force_area_code"]
        for row, schools in zip(rows, covering, strict=True)
        for urn, _days in schools
    }


def _answer_row(
    return_id: int, urn: int, pupils: int | None, covered_by: str | None, rng: random.Random
) -> dict[str, Any]:
    """The school_answers row of one return, from the demo's answer generator."""
    answers = _school_answers(SimpleNamespace(urn=urn, pupils=pupils), covered_by, rng)  # type: ignore[arg-type]
    row = {c.key: getattr(answers, c.key) for c in SchoolAnswers.__table__.columns}
    row["return_id"] = return_id
    return row


def _finding_rows(answers: dict[str, Any], submitted: bool) -> list[dict[str, Any]]:
    """The findings of the rule catalogue on a return's answers; submitted queries explained."""
    values = {name: answers[name] for name in ANSWER_FIELDS}
    results = CATALOGUE.run(Scope.SCHOOL_RETURN, {**values, "previous": None})
    return [
        {
            "return_id": answers["return_id"],
            "rule_id": result.rule.id,
            "level": str(result.rule.level),
            "subject": result.subject,
            "message": result.message,
            "explanation": EXPLANATION if submitted and result.rule.level == Level.QUERY else None,
        }
        for result in results
    ]


def fill_returns(
    collection_id: int, coverage: dict[int, str], rng: random.Random
) -> dict[str, int]:
    """Give the collection's school returns statuses in STATUS_MIX, answered unless not started."""
    returns = session.execute(
        select(Return.id, School.urn, School.pupils)
        .join(Organisation, Return.organisation_id == Organisation.id)
        .join(School, Organisation.school_urn == School.urn)
        .where(Return.collection_id == collection_id, Return.kind == ReturnKind.SCHOOL.value)
        .order_by(Return.id)
    ).all()
    statuses, weights = zip(*STATUS_MIX, strict=True)
    now = utcnow()
    changes: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    for return_id, urn, pupils in returns:
        status: ReturnStatus = rng.choices(statuses, weights=weights)[0]
        counts[status.value] = counts.get(status.value, 0) + 1
        if status == ReturnStatus.NOT_STARTED:
            continue
        when = now - timedelta(days=rng.randint(1, 14), hours=rng.randint(0, 9))
        submitted = status != ReturnStatus.IN_PROGRESS
        changes.append(
            {
                "return_id": return_id,
                "status": status.value,
                "version": 2,
                "updated_at": when,
                "submitted_at": when if submitted else None,
                "accepted_at": when + timedelta(days=1)
                if status == ReturnStatus.ACCEPTED
                else None,
                "reviewer_comment": "Please check the number of suspensions."
                if status == ReturnStatus.RETURNED
                else None,
            }
        )
        row = _answer_row(return_id, urn, pupils, coverage.get(urn), rng)
        answers.append(row)
        findings.extend(_finding_rows(row, submitted))
    table = cast(Table, Return.__table__)
    # Core executemany: the ORM's bulk UPDATE refuses a mapper with a version counter.
    mark = update(table).where(table.c.id == bindparam("return_id"))
    for start in range(0, len(changes), CHUNK):
        session.execute(mark, changes[start : start + CHUNK])
    for start in range(0, len(answers), CHUNK):
        session.execute(insert(SchoolAnswers), answers[start : start + CHUNK])
    for start in range(0, len(findings), CHUNK):
        session.execute(insert(Finding), findings[start : start + CHUNK])
    counts["findings"] = len(findings)
    session.commit()
    return counts


def load_users(school_users: int, sign_ins: NationalSignIns) -> None:
    """A school user for the first school_users schools with editable returns, police and central.

    The password is hashed once: every user shares the hash.
    """
    password_hash = hash_password(DEMO_PASSWORD)
    organisations = {
        code: (org_id, name)
        for org_id, code, name in session.execute(
            select(Organisation.id, Organisation.code, Organisation.name).where(
                Organisation.kind != OrganisationKind.SCHOOL.value
            )
        )
    }
    rows: list[dict[str, Any]] = []
    central = [
        ("admin", "Alex Admin", Role.ADMIN, "DFE"),
        ("reviewer.dfe", "Riya Reviewer", Role.REVIEWER, "DFE"),
        ("reviewer.ho", "Harry Home-Office", Role.REVIEWER, "HO"),
    ]
    for local, name, role, code in central:
        rows.append(
            _user(f"{local}@{DEMO_DOMAIN}", name, role, organisations[code][0], password_hash)
        )
        sign_ins.users.append((role.value, f"{local}@{DEMO_DOMAIN}", organisations[code][1]))
    for code, (org_id, org_name) in sorted(organisations.items()):
        if code[:3] in {"E23", "W15"}:
            email = f"police.{code.lower()}@{DEMO_DOMAIN}"
            rows.append(
                _user(email, f"{org_name} SSP coordinator", Role.POLICE, org_id, password_hash)
            )
            sign_ins.users.append((Role.POLICE.value, email, org_name))
    editable = session.execute(
        select(Organisation.id, Organisation.code, Organisation.name)
        .join(Return, Return.organisation_id == Organisation.id)
        .where(
            Return.kind == ReturnKind.SCHOOL.value,
            Return.status.in_([ReturnStatus.NOT_STARTED.value, ReturnStatus.IN_PROGRESS.value]),
        )
        .order_by(Organisation.id)
        .limit(school_users)
    ).all()
    for index, (org_id, urn, name) in enumerate(editable):
        email = f"school.{urn}@{DEMO_DOMAIN}"
        rows.append(_user(email, f"Head of {name}", Role.SCHOOL, org_id, password_hash))
        if index < 3:
            sign_ins.users.append((Role.SCHOOL.value, email, name))
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(User), rows[start : start + CHUNK])
    session.commit()
    sign_ins.school_users = len(editable)


def _user(
    email: str, name: str, role: Role, organisation_id: int, password_hash: str
) -> dict[str, Any]:
    """A users row with the shared password hash."""
    return {
        "email": email,
        "name": name,
        "role": role.value,
        "organisation_id": organisation_id,
        "password_hash": password_hash,
        "active": True,
        "failed_sign_ins": 0,
        "session_version": 1,
        "created_at": utcnow(),
    }


def load_national(
    schools: int = NATIONAL_SCHOOLS,
    school_users: int = SCHOOL_USERS,
    partnerships: int | None = None,
    echo: Callable[[str], object] = print,
) -> NationalSignIns:
    """Build the national collection in an empty database (reference data apart)."""
    if partnerships is None:
        partnerships = round(NATIONAL_PARTNERSHIPS * schools / NATIONAL_SCHOOLS)
    echo("Loading reference data…")
    load_reference_data()
    if collection_for("202627") is not None:
        raise RuntimeError("The 2026/27 collection exists: use an empty database.")
    rng = random.Random(2627)
    echo(f"Inserting {schools:,} schools over every local authority…")
    load_schools(schools)
    echo(f"Inserting about {partnerships:,} partnerships over every force…")
    coverage = load_partnerships(partnerships, rng)
    echo("Opening the 2026/27 collection…")
    collection = create_collection(
        CollectionDetails(
            title="Safer School Partnerships 2026/27",
            time_period="202627",
            reference_date=date(2026, 11, 1),
            opens_on=date(2026, 11, 2),
            deadline=date(2026, 12, 11),
            closes_on=date(2027, 1, 15),
        )
    )
    open_collection(collection, PHASES)
    echo("Answering returns…")
    counts = fill_returns(collection.id, coverage, rng)
    echo("  Schools: " + status_words(counts))
    forces = fill_force_returns(collection, OPEN_MIX, rng, always_accepted=[NIL_FORCE])
    echo("  Forces: " + status_words(forces))
    sign_ins = NationalSignIns(password=DEMO_PASSWORD)
    load_users(school_users, sign_ins)
    if session.get_bind().dialect.name == "postgresql":
        # Fresh statistics, or the planner takes the bulk-filled tables for empty ones.
        session.execute(text("ANALYZE"))
        session.commit()
    return sign_ins


def national_counts() -> dict[str, int]:
    """Rows in the tables the national demo fills."""
    from sqlalchemy import func

    tables: Sequence[Any] = (School, Partnership, PartnershipSchool, Return, SchoolAnswers, User)
    return {
        table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
        for table in tables
    }
