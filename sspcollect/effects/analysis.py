"""Running the analysis plan on a panel: every outcome for every group, with its reason if not.

One pass per outcome lays the panel out once; each group (an area, a model or a phase) is
a slice of it. The results feed the EES file, the reviewers' page and the command line alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import select
from threadpoolctl import threadpool_limits

from sspcollect.db import session
from sspcollect.effects import plan
from sspcollect.effects.design import WALES_AREA
from sspcollect.effects.estimator import Estimates, Wide, estimate_many, wides_from_long
from sspcollect.effects.panel import Panel, Year
from sspcollect.effects.plan import TOTAL, Group, Outcome
from sspcollect.models import Country, Region

ENGLAND = "E92000001"
NATIONAL = "K04000001"


@dataclass(frozen=True)
class Row:
    """One outcome for one group: the estimates, or the reason there are none."""

    group: Group
    outcome: Outcome
    result: Estimates | None
    reason: str | None

    @property
    def shown(self) -> bool:
        """True when the estimate is published."""
        return self.reason is None and self.result is not None and self.result.overall is not None


@dataclass(frozen=True)
class Analysis:
    """Every estimate of the plan for a panel, and what the panel holds."""

    years: tuple[Year, ...]
    rows: tuple[Row, ...]
    areas: dict[str, str]  # area code → name, in the order of the file
    facts: pd.DataFrame  # one row per year: schools, coverage and its sources
    cohorts: dict[str, int]  # schools by when they gained a partnership, and those left out

    def row(self, group: Group, outcome: Outcome) -> Row:
        """The row of one group and outcome."""
        for row in self.rows:
            if row.group == group and row.outcome == outcome:
                return row
        raise KeyError((group, outcome))

    def headline(self) -> list[Row]:
        """The national estimates for all schools, one per outcome."""
        return [row for row in self.rows if row.group.is_headline]


def area_names() -> dict[str, str]:
    """England and Wales, the countries, then the regions of England, by code."""
    countries = dict(session.execute(select(Country.code, Country.name)).tuples().all())
    regions = session.execute(select(Region.code, Region.name).order_by(Region.code)).all()
    return {
        NATIONAL: "England and Wales",
        ENGLAND: countries.get(ENGLAND, "England"),
        WALES_AREA: countries.get(WALES_AREA, "Wales"),
        **{code: name for code, name in regions},
    }


def _area_masks(areas: np.ndarray, names: dict[str, str]) -> list[tuple[str, str, np.ndarray]]:
    """(level, code, schools in it) for every area the file reports."""
    masks = [("national", NATIONAL, np.ones(len(areas), dtype=bool))]
    masks.append(("country", ENGLAND, areas != WALES_AREA))
    masks.append(("country", WALES_AREA, areas == WALES_AREA))
    masks += [("region", code, areas == code) for code in names if code.startswith("E12")]
    return masks


def analyse(panel: Panel, names: dict[str, str] | None = None) -> Analysis:
    """Estimate every outcome for every group of the plan.

    The regressions are small: BLAS threads only wait on each other, so one is used.
    """
    with threadpool_limits(limits=1, user_api="blas"):
        return _analyse(panel, area_names() if names is None else names)


def _analyse(panel: Panel, names: dict[str, str]) -> Analysis:
    """analyse, within the thread limit."""
    schools = panel.schools[panel.schools["dated"]]
    terms = list(panel.terms)
    frame = panel.frame[["urn", "year", "covered", *(o.column for o in plan.OUTCOMES)]].merge(
        schools[["urn", "cohort", "la_code", *terms]], on="urn"
    )
    frame = frame.rename(columns={"urn": "unit"})
    frame["covered"] = frame["covered"].fillna(False).astype(bool)
    years = len(panel.years)
    columns = [outcome.column for outcome in plan.OUTCOMES]
    wides, units = wides_from_long(frame, columns, terms, [plan.AREA_CLUSTER])
    facts = schools.set_index("urn").reindex(units)
    model = facts["model"].to_numpy(dtype=object)
    phase = facts["phase_group"].to_numpy(dtype=object)
    masks = _area_masks(facts["area"].to_numpy(dtype=object), names)
    rows: list[Row] = []
    for outcome in plan.OUTCOMES:
        wide = wides[outcome.column]
        for level, code, inside in masks:
            groups = plan.groups_for(level, code)
            # All schools and each model share their comparison schools: estimated together.
            together = [group for group in groups if group.phase == TOTAL]
            eligibles = [
                None if group.model == TOTAL else (model == group.model)[inside]
                for group in together
            ]
            rows += _rows(wide.subset(inside), eligibles, together, outcome, years)
            for group in groups:
                if group.phase != TOTAL:
                    chosen = inside & (phase == group.phase)
                    rows += _rows(wide.subset(chosen), [None], [group], outcome, years)
    return Analysis(
        years=panel.years,
        rows=tuple(rows),
        areas=names,
        facts=year_facts(panel),
        cohorts=cohort_counts(panel),
    )


def _rows(
    wide: Wide,
    eligibles: list[np.ndarray | None],
    groups: list[Group],
    outcome: Outcome,
    years: int,
) -> list[Row]:
    """Estimate the groups (one set of eligible schools each), or say why not."""
    if years < plan.MIN_YEARS or wide.schools == 0:
        reason = plan.reason_not_estimated(0, 0, years)
        return [Row(group, outcome, None, reason) for group in groups]
    results = estimate_many(wide, plan.COMPARISON, eligibles, plan.CLUSTER)
    return [
        Row(
            group,
            outcome,
            result,
            plan.reason_not_estimated(result.schools_treated, result.schools_compared, years),
        )
        for group, result in zip(groups, results, strict=True)
    ]


def year_facts(panel: Panel) -> pd.DataFrame:
    """Per year: schools with a return, with accepted figures, covered, and by which source."""
    frame = panel.frame
    covered = frame["covered"].fillna(False).astype(bool)
    table = pd.DataFrame(
        {
            "year": frame["year"],
            "schools": 1,
            "with_figures": frame["attendance_percent"].notna() | frame["suspension_rate"].notna(),
            "covered": covered,
            "by_register": covered & (frame["coverage_source"] == "register"),
            "by_school": covered & (frame["coverage_source"] == "school"),
            "not_known": frame["covered"].isna(),
            "disagreements": frame["disagrees"],
        }
    )
    summed = table.groupby("year").sum().reset_index()
    summed["academic_year"] = summed["year"].map({y.number: y.academic_year for y in panel.years})
    return summed


def cohort_counts(panel: Panel) -> dict[str, int]:
    """Schools by the year they gained a partnership, with those the estimates leave out."""
    schools = panel.schools
    by_year = {y.number: y.academic_year for y in panel.years}
    counts = {
        f"First covered in {by_year[int(g)]}": int(n)
        for g, n in schools[schools["dated"] & (schools["cohort"] >= 2)]
        .groupby("cohort")
        .size()
        .items()
    }
    counts["Covered from the first year (no year before to compare)"] = int(
        (schools["cohort"] == 1).sum()
    )
    counts["Start year not known (coverage unknown the year before)"] = int(
        (~schools["dated"]).sum()
    )
    counts["Never covered"] = int((schools["cohort"] == 0).sum())
    return counts
