"""A national-scale synthetic collection held in memory: the Inputs the datasets are made from.

Every local authority of England and Wales with schools in proportion (a few with one or two:
City of London, the Isles of Scilly), about 26,000 schools, 5,000 partnerships of every model
over the force areas whose return is counted (28 of 43), returns in every status. Built from
the reference tables without a database, so the attack tests can run at national scale fast.
"""

from __future__ import annotations

import random
from datetime import date

import pandas as pd

from sspcollect.datasets.queries import ANSWER_FIELDS, CollectionFacts, Inputs
from sspcollect.models.returns import OUTCOME_FIELDS
from sspcollect.reference.tables import (
    COUNTRIES,
    FORCE_AREAS,
    LOCAL_AUTHORITIES,
    REGIONS,
    SCHOOL_PHASES,
)

SCHOOLS = 26_000
PARTNERSHIPS = 5_000
COUNTED_FORCES = 28
TINY = {"E09000001": 2, "E06000053": 1}  # City of London, Isles of Scilly
MODELS = ("school_based", "cluster", "neighbourhood_link", "force_team", "other")
SOURCES = ("police_force", "pcc", "school", "local_authority", "vru", "other")
STATUSES = ("accepted",) * 6 + ("submitted", "in_progress", "not_started", "returned")


def national_inputs(seed: int = 2026, included: str = "accepted") -> Inputs:
    """The synthetic national collection as the datasets read it."""
    rng = random.Random(seed)
    las = list(LOCAL_AUTHORITIES)
    weights = [0.0 if la.code in TINY else rng.uniform(0.3, 2.5) for la in las]
    spare = SCHOOLS - sum(TINY.values())
    schools = []
    urn = 100000
    for la, weight in zip(las, weights, strict=True):
        count = TINY.get(la.code) or max(3, round(spare * weight / sum(weights)))
        for _ in range(count):
            phase = rng.choices(SCHOOL_PHASES, (2, 60, 1, 1, 15, 3, 5, 13))[0]
            schools.append((urn, f"School {urn}", la.code, phase, rng.randint(30, 1800)))
            urn += 1
    school_frame = pd.DataFrame(
        schools, columns=["urn", "school_name", "la_code", "phase", "school_pupils"]
    )
    force_of = {la.code: la.force_area_code for la in las}
    forces = [force.code for force in FORCE_AREAS]
    counted = set(rng.sample(forces, COUNTED_FORCES))
    statuses = included_statuses(included)
    returns, answers = [], []
    for number, (school_urn, _name, la_code, _phase, pupils) in enumerate(schools):
        status = rng.choice(STATUSES)
        returns.append((number + 1, "school", status, force_of[la_code], float(school_urn)))
        if status in statuses:
            answers.append(_answers(rng, school_urn, pupils))
    first_force = len(returns) + 1
    for offset, force in enumerate(forces):
        status = "accepted" if force in counted else rng.choice(("submitted", "not_started"))
        returns.append((first_force + offset, "force", status, force, None))
    return_of = {force: first_force + offset for offset, force in enumerate(forces)}
    counted_now = {row[3] for row in returns[first_force - 1 :] if row[2] in statuses}
    by_force: dict[str, list[int]] = {}
    for school_urn, _name, la_code, _phase, _pupils in schools:
        by_force.setdefault(force_of[la_code], []).append(school_urn)
    partnerships, links, outcomes = [], [], []
    ordered = sorted(counted_now)
    for number in range(PARTNERSHIPS):
        force = ordered[number % len(ordered)]
        model = MODELS[rng.randrange(len(MODELS))]
        size = {"school_based": 1, "cluster": rng.randint(2, 6), "force_team": 12}.get(
            model, rng.randint(2, 4)
        )
        covered = rng.sample(by_force[force], min(size, len(by_force[force])))
        snapshot = number + 1
        partnerships.append(
            {
                "snapshot_id": snapshot,
                "return_id": return_of[force],
                "partnership_id": snapshot,
                "force_code": force,
                "return_status": "accepted",
                "reference": f"P{number:05d}",
                "name": f"Partnership {number}",
                "model": model,
                "model_description": "Other" if model == "other" else None,
                "officer_role": "constable",
                "officer_count": rng.randint(1, 3),
                "fte": rng.randint(1, 30) / 10,
                "funding_sources": rng.sample(SOURCES, rng.randint(0, 3)),
                "funded_until": rng.choice(
                    [None, date(2026, 3, 31), date(2027, 8, 31), date(2029, 3, 31)]
                ),
                "information_sharing_agreement": rng.random() < 0.6,
                "start_date": date(2023, 9, 1),
                "end_date": None,
            }
        )
        links += [(snapshot, school, 1.0) for school in covered]
        outcomes.append((return_of[force], snapshot, *(rng.randint(0, 40) for _ in OUTCOME_FIELDS)))
    return Inputs(
        collection=CollectionFacts(
            1,
            "Safer School Partnerships 2026/27",
            "202627",
            date(2026, 10, 1),
            "closed",
            date(2025, 9, 1),
            date(2026, 8, 31),
        ),
        included=included,
        returns=pd.DataFrame(
            returns, columns=["return_id", "kind", "status", "force_area_code", "urn"]
        ),
        answers=pd.DataFrame(answers, columns=["urn", *ANSWER_FIELDS]),
        schools=school_frame,
        local_authorities=pd.DataFrame(
            [
                (la.code, la.old_code, la.name, la.region_code, la.force_area_code, la.country_code)
                for la in las
            ],
            columns=[
                "la_code",
                "old_la_code",
                "la_name",
                "region_code",
                "pfa_code",
                "country_code",
            ],
        ),
        regions=pd.DataFrame(
            [(r.code, r.name) for r in REGIONS], columns=["region_code", "region_name"]
        ),
        countries=pd.DataFrame(
            [(c.code, c.name) for c in COUNTRIES], columns=["country_code", "country_name"]
        ),
        force_areas=pd.DataFrame(
            [(f.code, f.name, f.country_code, f.vru) for f in FORCE_AREAS],
            columns=["pfa_code", "pfa_name", "country_code", "vru"],
        ),
        partnerships=pd.DataFrame(partnerships),
        links=pd.DataFrame(links, columns=["snapshot_id", "urn", "days_per_week"]),
        outcomes=pd.DataFrame(outcomes, columns=["return_id", "partnership_id", *OUTCOME_FIELDS]),
    )


def included_statuses(included: str) -> tuple[str, ...]:
    """The return statuses counted."""
    return ("accepted",) if included == "accepted" else ("accepted", "submitted")


def _answers(rng: random.Random, urn: int, pupils: int) -> tuple[object, ...]:
    """One school's answers, in ANSWER_FIELDS order."""
    has_ssp = rng.choice(("yes", "yes", "no", "not_sure"))
    surveyed = rng.random() < 0.7
    values = {
        "has_ssp": has_ssp,
        "ssp_force_code": None,
        "ssp_model": rng.choice(MODELS) if has_ssp == "yes" else None,
        "pupils_on_roll": pupils,
        "attendance_percent": round(rng.uniform(85, 98), 2),
        "persistent_absence_percent": round(rng.uniform(4, 30), 2),
        "suspensions": rng.randint(0, max(1, pupils // 10)),
        "permanent_exclusions": rng.randint(0, 3),
        "violent_incidents": rng.randint(0, 20),
        "weapon_incidents": rng.choice((0, 0, 0, 1, 2, 3)),
        "bullying_incidents": rng.randint(0, 25),
        "pupils_feel_safe_percent": round(rng.uniform(60, 95), 2) if surveyed else None,
        "feel_safe_not_surveyed": not surveyed,
    }
    return (urn, *(values[name] for name in ANSWER_FIELDS))
