"""Plain factory functions for a synthetic collection: schools, returns, answers, registers.

build_synthetic_collection makes a closed 2025/26 collection across several local
authorities of five forces in four regions and Wales, with returns in every status, school
answers with and without a partnership, and force returns whose registers were frozen on
submission (with outcomes), including one returned for amendment that must not count.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from sspcollect.db import session
from sspcollect.models import (
    Collection,
    CollectionStatus,
    LocalAuthority,
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipOutcome,
    PartnershipSchool,
    Return,
    ReturnKind,
    ReturnStatus,
    School,
    SchoolAnswers,
    SubmittedPartnership,
    SubmittedPartnershipSchool,
)
from sspcollect.models.returns import OUTCOME_FIELDS
from tests.factories import organisation_for

REFERENCE_DATE = date(2025, 10, 2)
_references = itertools.count(1)
_urns = itertools.count(310001)

# (force area, [(DfE LA code, schools)]) of the synthetic collection.
LAYOUT = (
    ("E23000014", [("330", 12), ("331", 6), ("332", 4)]),  # West Midlands (VRU)
    ("E23000001", [("202", 6), ("204", 5)]),  # Metropolitan Police (VRU), London
    ("E23000002", [("942", 6), ("943", 3)]),  # Cumbria, North West
    ("W15000003", [("674", 6), ("670", 4)]),  # South Wales (VRU), Wales
    ("E23000013", [("805", 3)]),  # Cleveland: its force return was returned for amendment
)
FORCE_STATUSES = {
    "E23000014": ReturnStatus.ACCEPTED,
    "E23000001": ReturnStatus.SUBMITTED,
    "E23000002": ReturnStatus.ACCEPTED,
    "W15000003": ReturnStatus.ACCEPTED,
    "E23000013": ReturnStatus.RETURNED,
}
SCHOOL_STATUSES = (
    ReturnStatus.ACCEPTED,
    ReturnStatus.ACCEPTED,
    ReturnStatus.SUBMITTED,
    ReturnStatus.ACCEPTED,
    ReturnStatus.IN_PROGRESS,
    ReturnStatus.ACCEPTED,
    ReturnStatus.NOT_STARTED,
    ReturnStatus.ACCEPTED,
    ReturnStatus.SUBMITTED,
    ReturnStatus.RETURNED,
)
PHASES = ("Primary", "Primary", "Secondary", "Primary", "Not applicable", "Secondary")
MODELS = ("school_based", "cluster", "neighbourhood_link", "force_team", "other")
SOURCES = ("police_force", "pcc", "school", "local_authority", "vru", "other")


@dataclass
class Synthetic:
    """What build_synthetic_collection made, for the tests to look at."""

    collection: Collection
    schools: list[School] = field(default_factory=list)
    outside: list[School] = field(default_factory=list)
    force_returns: dict[str, Return] = field(default_factory=dict)


def create_collection(**overrides: Any) -> Collection:
    """A closed 2025/26 collection."""
    values: dict[str, Any] = {
        "title": "Safer School Partnerships 2025/26",
        "time_period": "202526",
        "reference_date": REFERENCE_DATE,
        "opens_on": date(2026, 3, 1),
        "deadline": date(2026, 6, 30),
        "closes_on": date(2026, 7, 31),
        "status": CollectionStatus.CLOSED,
        "phases": ["Primary", "Secondary", "Not applicable"],
    }
    values.update(overrides)
    collection = Collection(**values)
    session.add(collection)
    session.commit()
    return collection


def add_school(la_old_code: str, **overrides: Any) -> School:
    """An open school in the LA with this DfE code, and its organisation (not committed)."""
    la = session.scalar(select(LocalAuthority).where(LocalAuthority.old_code == la_old_code))
    assert la is not None, f"no local authority {la_old_code}"
    urn = next(_urns)
    values: dict[str, Any] = {
        "urn": urn,
        "la_code": la.code,
        "establishment_number": f"{urn % 10000:04d}",
        "name": f"School {urn}",
        "type_code": 1,
        "type_name": "Community school",
        "status": "Open",
        "is_open": True,
        "phase": "Primary",
        "pupils": 300,
    }
    values.update(overrides)
    school = School(**values)
    school.local_authority = la
    session.add(school)
    session.add(
        Organisation(kind=OrganisationKind.SCHOOL, code=str(urn), name=school.name, school=school)
    )
    return school


def create_school_return(
    school: School,
    collection: Collection,
    status: ReturnStatus | str = ReturnStatus.ACCEPTED,
    answers: dict[str, Any] | None = None,
    commit: bool = True,
) -> Return:
    """A school's return in collection, with its answers if given."""
    session.flush()
    organisation = session.scalar(select(Organisation).where(Organisation.school_urn == school.urn))
    assert organisation is not None
    return_ = Return(
        collection=collection,
        organisation=organisation,
        kind=ReturnKind.SCHOOL.value,
        status=str(status),
        force_area_code=school.local_authority.force_area_code,
        la_code=school.la_code,
    )
    if answers is not None:
        return_.school_answers = SchoolAnswers(**answers)
    session.add(return_)
    if commit:
        session.commit()
    return return_


def create_force_return(
    force_area_code: str,
    collection: Collection,
    status: ReturnStatus | str,
    commit: bool = True,
) -> Return:
    """A force's return in collection."""
    return_ = Return(
        collection=collection,
        organisation=organisation_for(force_area_code),
        kind=ReturnKind.FORCE.value,
        status=str(status),
        force_area_code=force_area_code,
    )
    session.add(return_)
    if commit:
        session.commit()
    return return_


def create_submitted_partnership(
    force_return: Return,
    schools: list[tuple[School, Decimal | None]],
    outcomes: dict[str, int | None] | None = None,
    commit: bool = True,
    **overrides: Any,
) -> SubmittedPartnership:
    """A live partnership of the force and its snapshot in force_return, with outcomes."""
    number = next(_references)
    values: dict[str, Any] = {
        "reference": f"SSP-{number:03d}",
        "name": f"Partnership {number}",
        "model": "cluster",
        "model_description": None,
        "officer_role": "constable",
        "officer_count": 1,
        "fte": Decimal("1.0"),
        "funding_sources": ["police_force"],
        "funded_until": date(2027, 3, 31),
        "information_sharing_agreement": True,
        "start_date": date(2023, 9, 1),
        "end_date": None,
    }
    values.update(overrides)
    live = Partnership(force_area_code=force_return.force_area_code, **values)
    live.schools = [PartnershipSchool(school_urn=s.urn, days_per_week=d) for s, d in schools]
    session.add(live)
    session.flush()
    snapshot = SubmittedPartnership(return_id=force_return.id, partnership_id=live.id, **values)
    snapshot.schools = [
        SubmittedPartnershipSchool(school_urn=s.urn, days_per_week=d) for s, d in schools
    ]
    session.add(snapshot)
    if outcomes is not None:
        session.add(
            PartnershipOutcome(return_id=force_return.id, partnership_id=live.id, **outcomes)
        )
    if commit:
        session.commit()
    return snapshot


def school_answers(rng: random.Random, index: int) -> dict[str, Any]:
    """Plausible answers for a school, with or without a partnership."""
    has_ssp = ("yes", "yes", "no", "yes", "no", "not_sure", "yes")[index % 7]
    pupils = rng.randint(80, 1400)
    surveyed = index % 3 != 0
    return {
        "has_ssp": has_ssp,
        "ssp_model": MODELS[index % 4] if has_ssp == "yes" else None,
        "effectiveness": rng.randint(1, 5) if has_ssp == "yes" else None,
        "pupils_on_roll": pupils,
        "attendance_percent": Decimal(f"{rng.uniform(86, 97):.2f}"),
        "persistent_absence_percent": Decimal(f"{rng.uniform(5, 30):.2f}"),
        "suspensions": rng.randint(0, pupils // 8),
        "permanent_exclusions": rng.randint(0, 3),
        "violent_incidents": rng.randint(0, 25),
        "weapon_incidents": rng.randint(0, 4),
        "bullying_incidents": rng.randint(0, 30),
        "pupils_feel_safe_percent": Decimal(f"{rng.uniform(60, 95):.2f}") if surveyed else None,
        "feel_safe_not_surveyed": not surveyed,
    }


def outcome_values(rng: random.Random, known: bool = True) -> dict[str, int | None]:
    """A force's counts for one partnership (all unknown when known is False)."""
    if not known:
        return dict.fromkeys(OUTCOME_FIELDS)
    crimes = rng.randint(0, 40)
    values: dict[str, int | None] = {field: rng.randint(0, 30) for field in OUTCOME_FIELDS}
    values["crimes_recorded"] = crimes
    values["violent_crimes_recorded"] = rng.randint(0, crimes)
    return values


def build_synthetic_collection(seed: int = 7) -> Synthetic:
    """The synthetic collection described in the module docstring."""
    rng = random.Random(seed)
    built = Synthetic(collection=create_collection())
    by_force: dict[str, list[School]] = {}
    index = 0
    for force, las in LAYOUT:
        for la_code, count in las:
            for _ in range(count):
                school = add_school(
                    la_code,
                    name=f"School {index}",
                    phase=PHASES[index % len(PHASES)],
                    pupils=rng.randint(60, 1500),
                )
                built.schools.append(school)
                by_force.setdefault(force, []).append(school)
                status = SCHOOL_STATUSES[index % len(SCHOOL_STATUSES)]
                answered = status != ReturnStatus.NOT_STARTED
                create_school_return(
                    school,
                    built.collection,
                    status,
                    school_answers(rng, index) if answered else None,
                    commit=False,
                )
                index += 1
    # Schools without a return in the collection: a nursery outside its phases, and another.
    built.outside = [
        add_school("330", name="=HYPERLINK(1)", phase="Nursery", pupils=50),
        add_school("674", name="Ysgol Outside", phase="Primary", pupils=None),
    ]
    for organisation in session.scalars(
        select(Organisation).where(Organisation.force_area_code.is_not(None))
    ):
        code = organisation.force_area_code
        assert code is not None
        status = FORCE_STATUSES.get(code, ReturnStatus.NOT_STARTED)
        built.force_returns[code] = create_force_return(
            code, built.collection, status, commit=False
        )
    session.commit()
    _registers(rng, built, by_force)
    session.commit()
    return built


def _registers(rng: random.Random, built: Synthetic, by_force: dict[str, list[School]]) -> None:
    """Partnerships of several models and funding sources for each force that submitted."""
    for force, schools in by_force.items():
        force_return = built.force_returns[force]
        for number in range(len(schools) // 2 + 1):
            model = MODELS[(number + len(force)) % len(MODELS)]
            size = {"school_based": 1, "cluster": 3, "force_team": 6}.get(model, 2)
            covered = rng.sample(schools, min(size, len(schools)))
            if number == 1:
                covered.append(built.outside[0] if force == "E23000014" else built.outside[1])
            sources = list(rng.sample(SOURCES, rng.randint(0, 3)))
            create_submitted_partnership(
                force_return,
                [
                    (s, Decimal(f"{rng.randint(1, 5)}.0") if rng.random() < 0.7 else None)
                    for s in covered
                ],
                outcome_values(rng, known=number != 2) if number != 3 else None,
                reference=f"{force[-2:]}-{number:02d}" if number != 4 else "+SUM(A1)",
                name=f"{force} partnership {number}",
                model=model,
                model_description="Youth club link" if model == "other" else None,
                officer_role=rng.choice(["constable", "pcso", "sergeant", "mixed"]),
                officer_count=rng.randint(1, 4),
                fte=Decimal(f"{rng.randint(1, 30) / 10:.1f}"),
                funding_sources=sources,
                funded_until=[None, date(2026, 3, 31), date(2027, 8, 31), date(2029, 3, 31)][
                    number % 4
                ],
                information_sharing_agreement=number % 3 != 1,
                commit=False,
            )
    # A live edit after submission must not change what was reported.
    live = session.scalars(select(Partnership).order_by(Partnership.id)).first()
    if live is not None:
        live.fte = Decimal("9.9")
        session.commit()
