"""A synthetic demo: reference data, a few hundred schools in several real force areas, users.

The schools are written as a Get Information About Schools extract and imported through the
same importer as the real file, so the demo exercises the real path.
"""

from __future__ import annotations

import csv
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from sspcollect.accounts.service import create_user, find_user_by_email
from sspcollect.db import session
from sspcollect.maps.boundaries import contains, local_authorities
from sspcollect.models import ForceArea, LocalAuthority, Role
from sspcollect.reference.gias import import_schools
from sspcollect.reference.load import load_reference_data

DEMO_PASSWORD = "safer-schools-demo"  # noqa: S105  (printed for the demo sign-ins)
DEMO_DOMAIN = "demo.example"
DEMO_FORCES = ("E23000001", "E23000014", "E23000029", "E23000002", "W15000003")
SCHOOLS_PER_FORCE = 64

GIAS_COLUMNS = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (code)",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (code)",
    "EstablishmentStatus (name)",
    "PhaseOfEducation (code)",
    "PhaseOfEducation (name)",
    "Postcode",
    "NumberOfPupils",
    "OpenDate",
    "CloseDate",
    "Easting",
    "Northing",
]

# (phase, phase code, share of schools, pupils range, establishment number range)
PHASES = [
    ("Primary", 2, 0.66, (90, 630), (2000, 3999)),
    ("Secondary", 4, 0.22, (550, 1850), (4000, 5999)),
    ("Not applicable", 0, 0.06, (40, 220), (7000, 7499)),
    ("All-through", 7, 0.03, (900, 2100), (4000, 5999)),
    ("Nursery", 1, 0.03, (40, 120), (1000, 1099)),
]
ENGLISH_TYPES = [
    (1, "Community school"),
    (34, "Academy converter"),
    (28, "Academy sponsor led"),
    (2, "Voluntary aided school"),
    (5, "Foundation school"),
]
SPECIAL_TYPES = [(7, "Community special school"), (14, "Pupil referral unit")]
PLACES = [
    "Oakfield",
    "Riverside",
    "Hillcrest",
    "Meadowbank",
    "Ashgrove",
    "Kingsway",
    "Brookside",
    "Elmwood",
    "Castle View",
    "Parkside",
    "Westfield",
    "Highfield",
    "Millbrook",
    "Fairway",
    "Greenbank",
    "Northgate",
    "Southmere",
    "Lakeside",
    "Beechwood",
    "Springfield",
]
SAINTS = ["St Mary's", "St Joseph's", "St John's", "Holy Trinity", "St Peter's", "Christ Church"]
WELSH = ["Ysgol Gynradd", "Ysgol Gymraeg", "Ysgol Uwchradd"]


@dataclass
class DemoSignIns:
    """The demo accounts to print."""

    password: str
    users: list[tuple[str, str, str]] = field(default_factory=list)


def _school_name(rng: random.Random, phase: str, welsh: bool) -> str:
    """A plausible school name for a phase."""
    place = rng.choice(PLACES)
    if welsh:
        return f"{rng.choice(WELSH)} {place}"
    if phase == "Primary":
        return rng.choice(
            [
                f"{place} Primary School",
                f"{rng.choice(SAINTS)} Primary School",
                f"{place} Community Primary School",
                f"{place} Infant School",
            ]
        )
    if phase == "Secondary":
        return rng.choice(
            [
                f"{place} Academy",
                f"{place} High School",
                f"{place} School",
                f"{rng.choice(SAINTS)} Catholic High School",
            ]
        )
    if phase == "Not applicable":
        return rng.choice([f"{place} Special School", f"{place} Pupil Referral Unit"])
    if phase == "Nursery":
        return f"{place} Nursery School"
    return f"{place} All-through School"


def _location(la_code: str, seed: int) -> dict[str, int]:
    """A school's easting and northing: a point inside its local authority, chosen by seed."""
    shape = local_authorities()[la_code]
    west, south, east, north = shape.bounds
    place = random.Random(seed)
    while True:
        easting, northing = place.uniform(west, east), place.uniform(south, north)
        if contains(shape, easting, northing):
            return {"Easting": round(easting), "Northing": round(northing)}


def write_demo_extract(path: Path, seed: int = 2026) -> int:
    """Write a GIAS-format extract of the demo schools to path; returns the row count."""
    rng = random.Random(seed)
    las = session.execute(
        select(
            LocalAuthority.old_code,
            LocalAuthority.name,
            LocalAuthority.force_area_code,
            LocalAuthority.code,
        )
        .where(LocalAuthority.force_area_code.in_(DEMO_FORCES))
        .order_by(LocalAuthority.old_code)
    ).all()
    by_force: dict[str, list[tuple[str, str, str]]] = {}
    for old_code, name, force, code in las:
        by_force.setdefault(force, []).append((old_code, name, code))
    rows = []
    next_urn = {"E": 131000, "W": 401000}
    used_numbers: set[tuple[str, int]] = set()
    for force in DEMO_FORCES:
        welsh = force.startswith("W")
        for index in range(SCHOOLS_PER_FORCE):
            old_code, la_name, la_code = by_force[force][index % len(by_force[force])]
            phase, phase_code, _share, pupils, numbers = rng.choices(
                PHASES, weights=[p[2] for p in PHASES]
            )[0]
            if welsh:
                type_code, type_name = 30, "Welsh establishment"
            elif phase == "Not applicable":
                type_code, type_name = rng.choice(SPECIAL_TYPES)
            else:
                type_code, type_name = rng.choice(ENGLISH_TYPES)
            number = rng.randint(*numbers)
            while (old_code, number) in used_numbers:
                number += 1
            used_numbers.add((old_code, number))
            country = "W" if welsh else "E"
            urn = next_urn[country]
            next_urn[country] += rng.randint(1, 40)
            closed = index == SCHOOLS_PER_FORCE - 1
            rows.append(
                {
                    "URN": urn,
                    "LA (code)": old_code,
                    "LA (name)": la_name,
                    "EstablishmentNumber": f"{number:04d}",
                    "EstablishmentName": _school_name(rng, phase, welsh),
                    "TypeOfEstablishment (code)": type_code,
                    "TypeOfEstablishment (name)": type_name,
                    "EstablishmentStatus (code)": 2 if closed else 1,
                    "EstablishmentStatus (name)": "Closed" if closed else "Open",
                    "PhaseOfEducation (code)": phase_code,
                    "PhaseOfEducation (name)": phase,
                    "Postcode": f"{rng.choice(['B', 'OX', 'CA'])}{index % 20 + 1} 1XY",
                    "NumberOfPupils": rng.randint(*pupils),
                    "OpenDate": f"01-09-{rng.randint(1950, 2015)}",
                    "CloseDate": "31-08-2024" if closed else "",
                    # The draws these took when they were random, so the rest stays the same.
                    **_location(
                        la_code, rng.randint(200000, 600000) * 10**6 + rng.randint(100000, 600000)
                    ),
                }
            )
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=GIAS_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def _ensure_user(sign_ins: DemoSignIns, email: str, name: str, role: Role, org: str) -> None:
    """Create a demo user unless it exists, and list it for printing."""
    user = find_user_by_email(email)
    if user is None:
        user = create_user(email, name, role, org, DEMO_PASSWORD)
    sign_ins.users.append((role.value, user.email, user.organisation.name))


def load_demo(echo: Callable[[str], object] = print) -> DemoSignIns:
    """Load reference data, the demo schools and demo users; safe to run again."""
    echo("Loading reference data…")
    load_reference_data()
    with tempfile.TemporaryDirectory() as folder:
        extract = Path(folder) / "edubasealldata_demo.csv"
        write_demo_extract(extract)
        echo("Importing demo schools…")
        # The demo lists a few hundred schools, never all of them: fewer than held is expected.
        report = import_schools(extract, allow_shrink=True)
        echo(report.summary())
    sign_ins = DemoSignIns(password=DEMO_PASSWORD)
    _ensure_user(sign_ins, f"admin@{DEMO_DOMAIN}", "Alex Admin", Role.ADMIN, "DFE")
    _ensure_user(sign_ins, f"reviewer.dfe@{DEMO_DOMAIN}", "Riya Reviewer", Role.REVIEWER, "DFE")
    _ensure_user(sign_ins, f"reviewer.ho@{DEMO_DOMAIN}", "Harry Home-Office", Role.REVIEWER, "HO")
    forces = session.scalars(select(ForceArea).where(ForceArea.code.in_(DEMO_FORCES))).all()
    for force in sorted(forces, key=lambda f: DEMO_FORCES.index(f.code)):
        slug = force.name.lower().replace(" ", "-").replace(",", "").replace("&", "and")
        _ensure_user(
            sign_ins,
            f"police.{slug}@{DEMO_DOMAIN}",
            f"{force.name} SSP coordinator",
            Role.POLICE,
            force.code,
        )
    from sspcollect.models import School

    first_schools = session.scalars(
        select(School)
        .join(LocalAuthority)
        .where(School.is_open.is_(True), LocalAuthority.force_area_code.in_(DEMO_FORCES))
        .order_by(School.urn)
        .limit(3)
    ).all()
    for school in first_schools:
        _ensure_user(
            sign_ins,
            f"school.{school.urn}@{DEMO_DOMAIN}",
            f"Head of {school.name}",
            Role.SCHOOL,
            str(school.urn),
        )
    session.commit()
    from sspcollect.demo.collections import load_demo_collections

    load_demo_collections(DEMO_FORCES, echo)
    return sign_ins
