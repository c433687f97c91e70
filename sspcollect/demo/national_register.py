"""The national demo's registers: partnerships of every model, begun and ended across the years.

The schools of a force that gain a partnership in the same year (see `demo.history`) are
dealt into partnerships in the mix of PLAN, each starting in that academic year; some of
those begun by 2023/24 end in a later year. Written with multi-row INSERTs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
from sqlalchemy import select

from sspcollect.db import session, utcnow
from sspcollect.demo.bulk import insert_rows
from sspcollect.demo.history import (
    ENDING,
    FIRST_AUTUMN,
    LATE_START,
    NEVER,
    TIME_PERIODS,
    Schools,
)
from sspcollect.models import FundingSource, Model, OfficerRole, Partnership, PartnershipSchool

# (model, schools covered): the mix of a force's register, repeated.
PLAN = (
    (Model.SCHOOL_BASED, 1),
    (Model.SCHOOL_BASED, 1),
    (Model.SCHOOL_BASED, 1),
    (Model.CLUSTER, 4),
    (Model.NEIGHBOURHOOD_LINK, 6),
    (Model.FORCE_TEAM, 8),
    (Model.OTHER, 2),
)
OTHER_MODEL = "A youth worker and a PCSO share the work"
# Partnerships begun in this collection's academic year or earlier may end later.
LAST_TO_END = 2


@dataclass
class Registers:
    """What the registers say about each school, by its index among the history's schools."""

    ending: np.ndarray  # the first collection the school is no longer covered in, or NEVER
    model: dict[int, str]
    days: dict[int, Decimal | None]
    partnerships: int = 0


def start_date(adoption: int, rng: random.Random) -> date:
    """When a partnership first covering schools in collection adoption began: in the
    academic year that collection's figures describe, or years before the first."""
    if adoption == 0:
        return date(rng.randint(2015, 2021), 9, 1)
    if adoption >= len(TIME_PERIODS):
        return LATE_START
    autumn = FIRST_AUTUMN + adoption - 1
    return rng.choice([date(autumn, 9, 1), date(autumn + 1, 1, 6), date(autumn + 1, 4, 15)])


def end_date(adoption: int, rng: random.Random) -> tuple[int, date | None]:
    """The first collection a partnership no longer covers its schools in, and its end date:
    between that collection's reference date and the one before."""
    if adoption > LAST_TO_END or rng.random() >= ENDING:
        return NEVER, None
    ends = rng.randint(adoption + 1, len(TIME_PERIODS) - 1)
    return ends, date(FIRST_AUTUMN + ends, rng.choice([3, 7]), 31)


def load_registers(schools: Schools, adoption: np.ndarray, rng: random.Random) -> Registers:
    """Insert the partnerships of every force; what they say about each school."""
    registers = Registers(ending=np.full(len(schools.urn), NEVER), model={}, days={})
    groups: dict[tuple[str, int], list[int]] = {}
    for index in map(int, np.flatnonzero(adoption != NEVER)):
        groups.setdefault((str(schools.force[index]), int(adoption[index])), []).append(index)
    rows: list[dict[str, Any]] = []
    covering: list[list[tuple[int, Decimal | None]]] = []
    numbers: dict[str, int] = {}
    sources = list(FundingSource)
    now = utcnow()
    for (force, adopted), pool in sorted(groups.items()):
        rng.shuffle(pool)
        while pool:
            number = numbers[force] = numbers.get(force, 0) + 1
            model, size = PLAN[(number - 1) % len(PLAN)]
            covered, pool = pool[:size], pool[size:]
            ends, ended = end_date(adopted, rng)
            officers = 1 if size == 1 else rng.randint(2, 6)
            rows.append(
                {
                    "force_area_code": force,
                    "reference": f"SSP-{number:04d}",
                    "name": f"{model.value.replace('_', ' ').capitalize()} partnership {number}",
                    "model": model.value,
                    "model_description": OTHER_MODEL if model == Model.OTHER else None,
                    "officer_role": rng.choice(list(OfficerRole)).value,
                    "officer_count": officers,
                    "fte": Decimal(str(round(rng.uniform(0.4, 1.0) * officers, 1))),
                    "funding_sources": sorted(s.value for s in rng.sample(sources, 2)),
                    "funded_until": rng.choice(
                        [None, date(2026, 3, 31), date(2027, 3, 31), date(2029, 3, 31)]
                    ),
                    "information_sharing_agreement": rng.random() < 0.7,
                    "start_date": start_date(adopted, rng),
                    "end_date": ended,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            days = Decimal(rng.choice(["0.5", "1", "2", "5"])) if size == 1 else None
            covering.append([(index, days) for index in covered])
            for index in covered:
                registers.ending[index] = ends
                registers.model[index] = model.value
                registers.days[index] = days
    # Core without RETURNING, then the ids by force and reference: RETURNING through the
    # ORM sent the rows one at a time on PostgreSQL.
    insert_rows(Partnership, rows)
    found = {
        (force, reference): pid
        for pid, force, reference in session.execute(
            select(Partnership.id, Partnership.force_area_code, Partnership.reference)
        )
    }
    ids = [found[(row["force_area_code"], row["reference"])] for row in rows]
    links = [
        {
            "partnership_id": pid,
            "school_urn": int(schools.urn[index]),
            "days_per_week": days,
        }
        for pid, covered in zip(ids, covering, strict=True)
        for index, days in covered
    ]
    insert_rows(PartnershipSchool, links)
    session.commit()
    registers.partnerships = len(rows)
    return registers
