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
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import select

from sspcollect.accounts.passwords import hash_password
from sspcollect.accounts.service import create_user, find_user_by_email
from sspcollect.db import session
from sspcollect.demo.places import ENGLISH_PLACES, UNIT_LETTERS, WELSH_PLACES, person_name
from sspcollect.maps.boundaries import contains, local_authorities
from sspcollect.models import ForceArea, LocalAuthority, ReturnStatus, Role, School
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

# (phase, phase code, share of schools, establishment number range)
PHASES = [
    ("Primary", 2, 0.66, (2000, 3999)),
    ("Secondary", 4, 0.22, (4000, 5999)),
    ("Not applicable", 0, 0.06, (7000, 7499)),
    ("All-through", 7, 0.03, (4000, 5999)),
    ("Nursery", 1, 0.03, (1000, 1099)),
]
# Wales: the demo's Welsh schools are primary and secondary (type 30, Welsh establishment).
WELSH_PHASES = [("Primary", 2, 0.75, (2000, 2999)), ("Secondary", 4, 0.25, (4000, 4999))]
ENGLISH_TYPES = [
    (1, "Community school"),
    (34, "Academy converter"),
    (28, "Academy sponsor led"),
    (2, "Voluntary aided school"),
    (5, "Foundation school"),
]
SPECIAL_TYPES = [(7, "Community special school"), (14, "Pupil referral unit")]
SAINTS = ["St Mary's", "St Joseph's", "St John's", "St Peter's", "St Michael's", "Holy Trinity"]


@dataclass(frozen=True)
class Kind:
    """A kind of school within a phase: how it is named and how many pupils it has."""

    names: tuple[str, ...]  # each with {place}, {saint} or {welsh} to fill
    pupils: tuple[int, int]


KINDS: dict[tuple[str, bool], list[tuple[Kind, float]]] = {
    ("Primary", False): [
        (Kind(("{place} Primary School", "{place} Community Primary School"), (180, 630)), 0.6),
        (
            Kind(("{saint} Catholic Primary School", "{saint} CofE Primary School"), (180, 420)),
            0.15,
        ),
        (Kind(("{place} Infant School",), (90, 270)), 0.12),
        (Kind(("{place} Junior School",), (180, 360)), 0.13),
    ],
    ("Secondary", False): [
        (Kind(("{place} Academy", "{place} High School", "{place} School"), (600, 1850)), 0.85),
        (Kind(("{saint} Catholic High School",), (650, 1300)), 0.15),
    ],
    ("Not applicable", False): [
        (Kind(("{place} Special School", "{place} School"), (40, 220)), 0.7),
        (Kind(("{place} Pupil Referral Unit",), (20, 90)), 0.3),
    ],
    ("All-through", False): [
        (Kind(("{place} Academy", "{place} All-through School"), (1100, 2100)), 1)
    ],
    ("Nursery", False): [(Kind(("{place} Nursery School",), (40, 120)), 1)],
    ("Primary", True): [
        (Kind(("Ysgol Gynradd Gymraeg {welsh}", "Ysgol Gymraeg {welsh}"), (120, 420)), 0.4),
        (Kind(("{place} Primary School",), (150, 480)), 0.6),
    ],
    ("Secondary", True): [
        (Kind(("Ysgol Gyfun Gymraeg {welsh}",), (600, 1300)), 0.4),
        (Kind(("{place} Comprehensive School", "{place} High School"), (700, 1500)), 0.6),
    ],
}


def _school(rng: random.Random, la_code: str, phase: str, welsh: bool) -> tuple[str, int]:
    """A name and a number of pupils that fit the school's phase and where it is."""
    kinds = KINDS[(phase, welsh)]
    kind = rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]
    template = rng.choice(kind.names)
    if welsh:
        _, english, cymraeg = WELSH_PLACES[la_code]
        index = rng.randrange(len(english))
        place, welsh_place = english[index], cymraeg[index]
    else:
        place, welsh_place = rng.choice(ENGLISH_PLACES[la_code][1]), ""
    name = template.format(place=place, saint=rng.choice(SAINTS), welsh=welsh_place)
    return name, rng.randint(*kind.pupils)


def _postcode(rng: random.Random, la_code: str) -> str:
    """A postcode in one of the local authority's districts."""
    districts = (WELSH_PLACES.get(la_code) or ENGLISH_PLACES[la_code])[0]
    letters = "".join(rng.choice(UNIT_LETTERS) for _ in range(2))
    return f"{rng.choice(districts)} {rng.randint(1, 9)}{letters}"


@dataclass
class DemoSignIns:
    """The demo accounts to print, each with a line saying what to try with it."""

    password: str
    users: list[tuple[str, str, str]] = field(default_factory=list)
    tries: dict[str, str] = field(default_factory=dict)


# The forces whose demo users are printed: one untouched, one with its return submitted, and a
# Welsh force, untouched, to work in Welsh.
UNTOUCHED_FORCE = "E23000029"  # Thames Valley
SUBMITTED_FORCE = "E23000014"  # West Midlands
WELSH_FORCE = "W15000003"  # South Wales
TRIES = {
    "admin": "Open and close collections, manage users and force areas, read the audit log",
    "reviewer": "Review the 2026/27 returns: filter, compare with last year, accept or return",
    "untouched school": "Start the 2026/27 return from the beginning",
    "secondary school": "Finish the 2026/27 return already begun, check your answers and submit",
    "Welsh school": "Fill in the 2026/27 return as a Welsh-medium school",
    "untouched force": "Keep the register, then start the 2026/27 force return",
    "submitted force": "See the submitted 2026/27 force return and its copy to keep",
    "Welsh force": "Keep the register and make the 2026/27 force return in Welsh (Cymraeg)",
}


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
    used_names: set[tuple[str, str]] = set()
    for force in DEMO_FORCES:
        welsh = force.startswith("W")
        phases = WELSH_PHASES if welsh else PHASES
        for index in range(SCHOOLS_PER_FORCE):
            old_code, la_name, la_code = by_force[force][index % len(by_force[force])]
            phase, phase_code, _share, numbers = rng.choices(
                phases, weights=[p[2] for p in phases]
            )[0]
            name, pupils = _school(rng, old_code, phase, welsh)
            for _ in range(5):  # two schools of one name in one authority would confuse
                if (old_code, name) not in used_names:
                    break
                name, pupils = _school(rng, old_code, phase, welsh)
            used_names.add((old_code, name))
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
                    "EstablishmentName": name,
                    "TypeOfEstablishment (code)": type_code,
                    "TypeOfEstablishment (name)": type_name,
                    "EstablishmentStatus (code)": 2 if closed else 1,
                    "EstablishmentStatus (name)": "Closed" if closed else "Open",
                    "PhaseOfEducation (code)": phase_code,
                    "PhaseOfEducation (name)": phase,
                    "Postcode": _postcode(rng, old_code),
                    "NumberOfPupils": pupils,
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


@cache
def _demo_password_hash() -> str:
    """DEMO_PASSWORD, hashed as a password is stored."""
    return hash_password(DEMO_PASSWORD)


def _ensure_user(
    sign_ins: DemoSignIns | None, email: str, name: str, role: Role, org: str, tries: str = ""
) -> None:
    """Create a demo user unless it exists, and list it for printing with what to try."""
    user = find_user_by_email(email)
    if user is None:
        user = create_user(email, name, role, org)
        # Every demo user has the same password: hashed once, since each hash takes a while.
        user.password_hash = _demo_password_hash()
    if sign_ins is not None:
        sign_ins.users.append((role.value, user.email, user.organisation.name))
        sign_ins.tries[user.email] = tries


def _first_school(*where: Any) -> School:
    """The open demo school with the lowest URN that meets where."""
    found = session.scalars(
        select(School)
        .join(LocalAuthority)
        .where(
            School.is_open.is_(True),
            LocalAuthority.force_area_code.in_(DEMO_FORCES),
            *where,
        )
        .order_by(School.urn)
        .limit(1)
    ).first()
    assert found is not None, "the demo extract has a school of every kind printed"
    return found


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
    _ensure_user(sign_ins, f"admin@{DEMO_DOMAIN}", "Alex Admin", Role.ADMIN, "DFE", TRIES["admin"])
    _ensure_user(
        sign_ins,
        f"reviewer.dfe@{DEMO_DOMAIN}",
        "Riya Reviewer",
        Role.REVIEWER,
        "DFE",
        TRIES["reviewer"],
    )
    _ensure_user(None, f"reviewer.ho@{DEMO_DOMAIN}", "Harry Home-Office", Role.REVIEWER, "HO")
    untouched = _first_school(School.phase == "Primary", School.urn < 400000)
    secondary = _first_school(School.phase == "Secondary", School.urn < 400000)
    welsh = _first_school(School.urn >= 400000, School.name.startswith("Ysgol"))
    schools = [
        (untouched, "untouched school"),
        (secondary, "secondary school"),
        (welsh, "Welsh school"),
    ]
    for school, kind in schools:
        _ensure_user(
            sign_ins,
            f"school.{school.urn}@{DEMO_DOMAIN}",
            person_name(school.name),
            Role.SCHOOL,
            str(school.urn),
            TRIES[kind],
        )
    forces = session.scalars(select(ForceArea).where(ForceArea.code.in_(DEMO_FORCES))).all()
    printed = {
        UNTOUCHED_FORCE: "untouched force",
        SUBMITTED_FORCE: "submitted force",
        WELSH_FORCE: "Welsh force",
    }
    order = [UNTOUCHED_FORCE, SUBMITTED_FORCE, WELSH_FORCE] + [
        code for code in DEMO_FORCES if code not in printed
    ]
    for force in sorted(forces, key=lambda f: order.index(f.code)):
        slug = force.name.lower().replace(" ", "-").replace(",", "").replace("&", "and")
        _ensure_user(
            sign_ins if force.code in printed else None,
            f"police.{slug}@{DEMO_DOMAIN}",
            f"{force.name} SSP coordinator",
            Role.POLICE,
            force.code,
            TRIES.get(printed.get(force.code, ""), ""),
        )
    session.commit()
    from sspcollect.demo.collections import load_demo_collections

    pinned = {
        str(untouched.urn): ReturnStatus.NOT_STARTED,
        str(secondary.urn): ReturnStatus.IN_PROGRESS,
        str(welsh.urn): ReturnStatus.NOT_STARTED,
        UNTOUCHED_FORCE: ReturnStatus.NOT_STARTED,
        SUBMITTED_FORCE: ReturnStatus.SUBMITTED,
        WELSH_FORCE: ReturnStatus.NOT_STARTED,
    }
    load_demo_collections(DEMO_FORCES, echo, pinned)
    return sign_ins
