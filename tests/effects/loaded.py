"""A synthetic panel from simulate.py loaded into the database: closed collections with noise.

Schools across every region of England and Wales report year after year; those that gained
a partnership say so in their returns (no force return is accepted, so the schools' own
answers decide coverage). Violent incidents carry the planted effect, with the selection on
prior levels and the noise of the validation study, so the pages show intervals of a
believable width.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
from sqlalchemy import select

from sspcollect.db import session
from sspcollect.effects.design import WALES_AREA
from sspcollect.effects.simulate import synthetic_collection_panel
from sspcollect.models import Collection, LocalAuthority, ReturnStatus, School
from tests.datasets.factories import add_school, create_collection, create_school_return

PHASES = {"Primary": "Primary", "Secondary": "Secondary", "Other": "Not applicable"}


def _authority_in(area: str) -> str:
    """The DfE code of a local authority in an English region, or in Wales."""
    column = LocalAuthority.country_code if area == WALES_AREA else LocalAuthority.region_code
    code = session.scalar(
        select(LocalAuthority.old_code).where(column == area).order_by(LocalAuthority.code)
    )
    assert code is not None, area
    return code


def _percent(value: float) -> Decimal | None:
    """A percentage as a return holds it."""
    return None if np.isnan(value) else Decimal(f"{value:.2f}")


def _count(rate: float, pupils: int, per: int) -> int:
    """A rate per `per` pupils as the count a school reports."""
    return max(0, round(rate * pupils / per))


def _answers(row: Any, model: str | None, pupils: int) -> dict[str, Any]:
    """A school's answers for one year of the panel."""
    covered = bool(row.covered)
    return {
        "has_ssp": "yes" if covered else "no",
        "ssp_model": model if covered else None,
        "officer_days_per_week": Decimal("2.0") if covered else None,
        "pupils_on_roll": pupils,
        "attendance_percent": _percent(row.attendance_percent),
        "persistent_absence_percent": _percent(row.persistent_absence_percent),
        "suspensions": _count(row.suspension_rate, pupils, 100),
        "permanent_exclusions": _count(row.permanent_exclusion_rate, pupils, 100),
        "violent_incidents": _count(row.violent_incident_rate, pupils, 1000),
        "weapon_incidents": _count(row.weapon_incident_rate, pupils, 1000),
        "bullying_incidents": _count(row.bullying_incident_rate, pupils, 1000),
        "pupils_feel_safe_percent": _percent(row.feel_safe_percent),
        "feel_safe_not_surveyed": False,
    }


def load_synthetic_history(seed: int = 3, schools: int = 600, years: int = 4) -> list[Collection]:
    """Closed collections holding a synthetic panel; returns them oldest first."""
    panel = synthetic_collection_panel(seed, schools=schools, years=years)
    collections = []
    for year in panel.years:
        start = int(year.time_period[:4])
        collections.append(
            create_collection(
                title=f"Safer School Partnerships {start}/{year.time_period[4:]}",
                time_period=year.time_period,
                reference_date=year.reference_date,
                opens_on=date(start + 1, 9, 15),
                deadline=date(start + 1, 10, 30),
                closes_on=date(start + 1, 11, 20),
            )
        )
    table = panel.schools.set_index("urn")
    made: dict[int, School] = {}
    authorities = {area: _authority_in(area) for area in table["area"].unique()}
    for unit, facts in table.iterrows():
        made[int(unit)] = add_school(
            authorities[facts["area"]],
            phase=PHASES[facts["phase_group"]],
            pupils=int(facts["pupils"]),
        )
    session.commit()
    frame = panel.frame.sort_values(["year", "urn"])
    for year, collection in zip(panel.years, collections, strict=True):
        for row in frame[frame["year"] == year.number].itertuples():
            pupils = int(table.loc[row.urn, "pupils"])
            model = table.loc[row.urn, "model"]
            missing = np.isnan(row.violent_incident_rate)
            create_school_return(
                made[int(row.urn)],
                collection,
                ReturnStatus.IN_PROGRESS if missing else ReturnStatus.ACCEPTED,
                None if missing else _answers(row, model, pupils),
                commit=False,
            )
        session.commit()
    return collections
