"""The national demo: every school of England and Wales, five years of collections, bulk inserts.

About 26,000 open schools over every local authority of England and Wales; every force's
register of partnerships of every model, begun and ended across the years; four closed
collections (2022/23 to 2025/26) with nearly every return accepted and their reference data
frozen as closing does; the 2026/27 collection open, returns of schools and forces in every
status; and users who all share one password hash (hashed once). The schools' figures come
from `demo.history`, which plants a known effect of partnerships for the effectiveness
estimates to find. Everything is written with multi-row INSERTs and UPDATEs, never row by
row through the ORM (the 43 force returns of each collection apart).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

import numpy as np
from sqlalchemy import func, select, text

from sspcollect.accounts.passwords import hash_password
from sspcollect.collections.service import (
    PHASES,
    CollectionDetails,
    close_collection,
    create_collection,
    open_collection,
)
from sspcollect.db import session, utcnow
from sspcollect.demo import national_force, national_schools
from sspcollect.demo.bulk import insert_rows, shares
from sspcollect.demo.history import (
    CLOSED,
    FIRST_AUTUMN,
    LATE_FORCE,
    TIME_PERIODS,
    History,
    Schools,
    make_history,
    planted_truth,
    reference_date,
    wales_or,
)
from sspcollect.demo.national_register import Registers, load_registers
from sspcollect.demo.small import DEMO_DOMAIN, DEMO_PASSWORD
from sspcollect.models import (
    Collection,
    CollectionStatus,
    LocalAuthority,
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

NATIONAL_SCHOOLS = 26_000
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
# Pupils on roll by phase: (fewest, most).
SIZES = {"Primary": (120, 650), "Secondary": (600, 1800), "All-through": (900, 2000)}
OTHER_SIZE = (40, 400)


@dataclass
class NationalSignIns:
    """The national demo's accounts to print."""

    password: str
    users: list[tuple[str, str, str]] = field(default_factory=list)
    school_users: int = 0


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
                    "pupils": rng.randint(*SIZES.get(phase, OTHER_SIZE)),
                }
            )
            urn += 1
    return schools


def load_schools(total: int) -> None:
    """Bulk-insert total synthetic open schools and their organisations."""
    schools = synthetic_schools(total)
    insert_rows(School, schools)
    organisations = [
        {
            "kind": OrganisationKind.SCHOOL.value,
            "code": str(s["urn"]),
            "name": s["name"],
            "school_urn": s["urn"],
        }
        for s in schools
    ]
    insert_rows(Organisation, organisations)
    session.commit()


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
        .join(Collection, Collection.id == Return.collection_id)
        .where(
            Collection.status == CollectionStatus.OPEN.value,
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
    insert_rows(User, rows)
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


def history_schools() -> Schools:
    """The open schools the history is made for, by URN, with where they are."""
    rows = session.execute(
        select(
            School.urn,
            LocalAuthority.force_area_code,
            LocalAuthority.region_code,
            School.la_code,
            School.phase,
            School.pupils,
        )
        .join(LocalAuthority, School.la_code == LocalAuthority.code)
        .where(School.is_open.is_(True))
        .order_by(School.urn)
    ).all()
    return Schools(
        urn=np.array([r[0] for r in rows]),
        force=np.array([r[1] for r in rows]),
        area=np.array([wales_or(r[2]) for r in rows]),
        la=np.array([r[3] for r in rows]),
        phase=np.array([r[4] for r in rows]),
        pupils=np.array([r[5] or 300 for r in rows], dtype=float),
    )


def details(index: int) -> CollectionDetails:
    """The dates of collection index: reference date 1 November, open until mid-January."""
    autumn = FIRST_AUTUMN + index
    return CollectionDetails(
        title=f"Safer School Partnerships {autumn}/{(autumn + 1) % 100:02d}",
        time_period=TIME_PERIODS[index],
        reference_date=reference_date(index),
        opens_on=date(autumn, 11, 2),
        deadline=date(autumn, 12, 11),
        closes_on=date(autumn + 1, 1, 15),
    )


def _at(day: date, hour: int) -> datetime:
    """hour o'clock on day, UTC."""
    return datetime.combine(day, time(hour), UTC)


def run_collection(
    index: int,
    history: History,
    registers: Registers,
    rng: random.Random,
    previous: dict[int, dict[str, Any]],
    echo: Callable[[str], object],
) -> dict[int, dict[str, Any]]:
    """Create, open and answer collection index; close it unless it is the last (open) one."""
    closing = index < CLOSED
    collection = create_collection(details(index))
    echo(f"{'Closed' if closing else 'Open'} collection {collection.academic_year}…")
    open_collection(collection, PHASES)
    mix = national_schools.CLOSED_MIX if closing else national_schools.OPEN_MIX
    counts, given = national_schools.fill_school_returns(
        collection, index, history, registers, mix, rng, previous
    )
    echo("  Schools: " + national_force.status_words(counts))
    forces = national_force.fill_force_returns(
        collection,
        national_force.CLOSED_MIX if closing else national_force.OPEN_MIX,
        rng,
        always_accepted=[LATE_FORCE],
    )
    echo("  Forces: " + national_force.status_words(forces))
    if closing:
        close_collection(collection)
        # As if it had run in its own autumn: opened, closed and frozen on its dates.
        collection.opened_at = _at(collection.opens_on, 9)
        collection.closed_at = collection.reference_frozen_at = _at(collection.closes_on, 17)
    else:
        collection.opened_at = _at(collection.opens_on, 9)
    session.commit()
    return given


def load_national(
    schools: int = NATIONAL_SCHOOLS,
    school_users: int = SCHOOL_USERS,
    echo: Callable[[str], object] = print,
) -> NationalSignIns:
    """Build the national demo in an empty database (reference data apart)."""
    echo("Loading reference data…")
    load_reference_data()
    if session.scalar(select(func.count()).select_from(Collection)):
        raise RuntimeError("There are collections already: use an empty database.")
    rng = random.Random(2627)
    echo(f"Inserting {schools:,} schools over every local authority…")
    load_schools(schools)
    found = history_schools()
    made: list[Registers] = []

    def register(adoption: np.ndarray) -> np.ndarray:
        made.append(load_registers(found, adoption, rng))
        return made[0].ending

    echo("Making five years of figures and every force's register…")
    history = make_history(found, register)
    registers = made[0]
    echo(f"  {registers.partnerships:,} partnerships")
    previous: dict[int, dict[str, Any]] = {}
    for index in range(len(TIME_PERIODS)):
        previous = run_collection(index, history, registers, rng, previous, echo)
    for outcome, unit in (("violent_incidents", "1,000"), ("suspensions", "100")):
        truth = planted_truth(history, outcome)
        echo(
            f"Planted effect on {outcome.replace('_', ' ')} per {unit} pupils over the closed "
            f"collections: {truth['overall']:.2f} (by years since: "
            + ", ".join(f"{truth[f'e{e}']:.2f}" for e in range(CLOSED - 1))
            + ")"
        )
    sign_ins = NationalSignIns(password=DEMO_PASSWORD)
    load_users(school_users, sign_ins)
    if session.get_bind().dialect.name == "postgresql":
        # Fresh statistics, or the planner takes the bulk-filled tables for empty ones.
        session.execute(text("ANALYZE"))
        session.commit()
    return sign_ins


def national_counts() -> dict[str, int]:
    """Rows in the tables the national demo fills."""
    tables: Sequence[Any] = (School, Partnership, PartnershipSchool, Return, SchoolAnswers, User)
    return {
        table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
        for table in tables
    }
