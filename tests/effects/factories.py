"""A history of closed collections in the database, with a planted effect worked out on paper.

Four closed collections (2022/23 to 2025/26). West Midlands accepts its force return every
year; Cumbria never does, so its schools' own answers decide their coverage. Every school
has 1,000 pupils, so incidents are a rate per 1,000 pupils as they stand, and each school's
violent incidents are its own level plus 2 a year, less 3 in every year it is covered: the
effect of a partnership is exactly -3 and every placebo exactly 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sspcollect.db import session
from sspcollect.models import Collection, ReturnStatus, School
from tests.datasets.factories import (
    add_school,
    create_collection,
    create_force_return,
    create_school_return,
    create_submitted_partnership,
)

PERIODS = ("202223", "202324", "202425", "202526")
EFFECT = -3
WEST_MIDLANDS, CUMBRIA = "E23000014", "E23000002"


def reference_date(year: int) -> date:
    """The reference date of the collection for year (1 to 4): 2 October after it ends."""
    return date(2022 + year, 10, 2)


@dataclass
class History:
    """What build_history made."""

    collections: list[Collection] = field(default_factory=list)
    cohort: dict[int, int] = field(default_factory=dict)  # URN → first covered year (0: never)
    disagreeing: list[int] = field(default_factory=list)
    undated: list[int] = field(default_factory=list)


def answers(level: int, year: int, covered: bool, says: str) -> dict[str, Any]:
    """A school's answers: violent incidents planted, everything else steady."""
    return {
        "has_ssp": says,
        "ssp_model": "school_based" if says == "yes" else None,
        "officer_days_per_week": Decimal("2.0") if says == "yes" else None,
        "pupils_on_roll": 1000,
        "attendance_percent": Decimal("94.00"),
        "persistent_absence_percent": Decimal("12.00"),
        "suspensions": 20,
        "permanent_exclusions": 1,
        "violent_incidents": level + 2 * year + (EFFECT if covered else 0),
        "weapon_incidents": 2,
        "bullying_incidents": 10,
        "pupils_feel_safe_percent": None,
        "feel_safe_not_surveyed": True,
    }


def build_history() -> History:
    """The history described in the module docstring."""
    history = History()
    for number, period in enumerate(PERIODS, start=1):
        start = int(period[:4])
        history.collections.append(
            create_collection(
                title=f"Safer School Partnerships {start}/{period[4:]}",
                time_period=period,
                reference_date=reference_date(number),
                opens_on=date(start + 1, 9, 15),
                deadline=date(start + 1, 10, 30),
                closes_on=date(start + 1, 11, 20),
            )
        )
    # West Midlands: 22 schools from year 2 (cluster), 22 from year 3 (school-based), 30 never.
    plan = [(2, "cluster")] * 22 + [(3, "school_based")] * 22 + [(0, "")] * 30
    west: list[tuple[School, int, str]] = []
    for index, (cohort, model) in enumerate(plan):
        school = add_school(("330", "331", "332")[index % 3], phase="Primary", pupils=1000)
        west.append((school, cohort, model))
    # Cumbria: 6 schools say they are covered from year 3, 12 never, one cannot be dated.
    north = [(add_school("942", phase="Secondary", pupils=1000), c) for c in [3] * 6 + [0] * 12]
    undated = add_school("943", phase="Secondary", pupils=1000)
    session.commit()

    for number, collection in enumerate(history.collections, start=1):
        force_return = create_force_return(WEST_MIDLANDS, collection, ReturnStatus.ACCEPTED)
        create_force_return(CUMBRIA, collection, ReturnStatus.IN_PROGRESS)
        for index, (school, cohort, model) in enumerate(west):
            covered = 0 < cohort <= number
            says = "yes" if covered else "no"
            if index == 0 and number == 4:
                says = "no"  # covered by the register, says not: the register decides
            if index == len(west) - 1 and number >= 3:
                says = "yes"  # not in the register, says so: the register decides
            create_school_return(
                school,
                collection,
                ReturnStatus.ACCEPTED,
                answers(index, number, covered, says),
                commit=False,
            )
            # The force freezes a partnership the year before it starts too: it ran in that
            # academic year's register, but began after the reference date.
            if cohort and number >= cohort - 1:
                starts = reference_date(cohort - 1).replace(month=12)
                create_submitted_partnership(
                    force_return,
                    [(school, Decimal("2.0") if model == "school_based" else None)],
                    model=model,
                    fte=Decimal("0.5"),
                    start_date=starts,
                    commit=False,
                )
        for index, (school, cohort) in enumerate(north):
            covered = 0 < cohort <= number
            create_school_return(
                school,
                collection,
                ReturnStatus.ACCEPTED,
                answers(40 + index, number, covered, "yes" if covered else "no"),
                commit=False,
            )
        # No accepted return in year 2, a partnership by its own word from year 3.
        create_school_return(
            undated,
            collection,
            ReturnStatus.IN_PROGRESS if number == 2 else ReturnStatus.ACCEPTED,
            None
            if number == 2
            else answers(60, number, number >= 3, "yes" if number >= 3 else "no"),
            commit=False,
        )
        session.commit()
    history.cohort = {s.urn: c for s, c, _m in west} | {s.urn: c for s, c in north}
    history.disagreeing = [west[0][0].urn, west[-1][0].urn]
    history.undated = [undated.urn]
    return history
