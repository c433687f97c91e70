"""Synthetic panels with a planted effect: the known answer the estimator is validated on.

Each panel is like the collection's: schools of three phase groups in eleven areas and many
local authorities, a few years of returns (some missing), and violent incidents per 1,000
pupils drawn as counts, so small schools' rates are noisy, with the demo's year-to-year
nudges (up to 15% either way). Partnerships start in different years (staggered adoption)
and go preferentially to schools with more incidents in the first place (selection on prior
levels), which is what makes the naive with-and-without comparison wrong. Trends are common
given phase and area (secondary schools and each area have trends of their own), and so
are the shocks of each local authority and year. The effect grows with the years since the
partnership began, is larger in secondary schools and differs from school to school.

The truth is computed from the planted effects the way the estimator aggregates them: for
each cohort, the mean over its covered years of its schools' mean effect on the expected
rate; then cohorts weighted by size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from sspcollect.effects.design import WALES_AREA, add_covariates
from sspcollect.effects.panel import Panel as CollectionPanel
from sspcollect.effects.panel import Year

OUTCOME = "violent_incident_rate"
AREAS = 11
AUTHORITIES = 150
# Share of schools first covered in each year 1..T (year 1: covered before the panel began).
ADOPTION = (0.2, 0.2, 0.2, 0.2, 0.2)
# The effect's share of its full size by years since the partnership began (0, 1, 2, …).
EXPOSURE = (0.6, 1.0, 1.2, 1.3, 1.3)
PHASE_EFFECT = {"Primary": 0.8, "Secondary": 1.5, "Other": 1.0}
PHASE_LEVEL = {"Primary": 6.0, "Secondary": 14.0, "Other": 9.0}


@dataclass(frozen=True)
class Panel:
    """One synthetic panel and the true effects planted in it."""

    frame: pd.DataFrame
    truth: float
    truth_by_event: dict[int, float]


def synthetic_panel(
    seed: int,
    schools: int = 1500,
    years: int = 5,
    effect: float = -1.5,
    covered_share: float = 0.45,
    missing_share: float = 0.05,
) -> Panel:
    """A panel of schools x years with effect (incidents per 1,000 pupils) planted.

    effect is the full-size effect on the expected rate of a primary-weighted school; zero
    plants none.
    """
    rng = np.random.default_rng(seed)
    phase = rng.choice(["Primary", "Secondary", "Other"], size=schools, p=[0.7, 0.2, 0.1])
    pupils = np.where(
        phase == "Secondary",
        rng.integers(600, 1800, schools),
        np.where(
            phase == "Primary", rng.integers(120, 650, schools), rng.integers(40, 400, schools)
        ),
    )
    authority = rng.integers(0, AUTHORITIES, schools)
    area = authority % AREAS
    area_level = rng.normal(0, 1.5, AREAS)
    level = (
        np.vectorize(PHASE_LEVEL.get)(phase) + area_level[area] + rng.gamma(2.0, 1.5, schools) - 3.0
    )
    level = np.maximum(level, 1.0)

    # Selection on prior levels: schools with more incidents are likelier to gain a partnership.
    standard = (level - level.mean()) / level.std()
    odds = np.log(covered_share / (1 - covered_share)) + 0.9 * standard
    ever = rng.random(schools) < 1 / (1 + np.exp(-odds))
    shares = np.array(ADOPTION[:years]) / sum(ADOPTION[:years])
    cohort = np.where(ever, rng.choice(np.arange(1, years + 1), size=schools, p=shares), 0)

    # Common trends given phase and area, and shocks shared within an authority and year.
    year = np.arange(1, years + 1)
    trend = 0.4 * year[None, :] + np.where(phase == "Secondary", 0.3, 0.0)[:, None] * year
    trend = trend + rng.normal(0, 0.4, (AREAS, years))[area]
    trend = trend + rng.normal(0, 0.3, (AUTHORITIES, years))[authority]
    untreated = np.maximum(level[:, None] + trend, 0.2)

    exposure = year[None, :] - cohort[:, None]
    covered = (cohort[:, None] > 0) & (exposure >= 0)
    size = np.array(EXPOSURE + (EXPOSURE[-1],) * years)[np.clip(exposure, 0, None)]
    heterogeneity = np.vectorize(PHASE_EFFECT.get)(phase) * rng.uniform(0.5, 1.5, schools)
    treated = np.maximum(untreated + effect * size * heterogeneity[:, None], 0.2)
    expected = np.where(covered, treated, untreated)

    nudge = rng.uniform(0.85, 1.15, expected.shape)
    counts = rng.poisson(expected * nudge * pupils[:, None] / 1000)
    rate = 1000 * counts / pupils[:, None]
    rate[rng.random(rate.shape) < missing_share] = np.nan

    frame = pd.DataFrame(
        {
            "unit": np.repeat(np.arange(schools), years),
            "year": np.tile(year, schools),
            "cohort": np.repeat(cohort, years),
            "covered": covered.ravel(),
            OUTCOME: rate.ravel(),
            "phase_group": np.repeat(phase, years),
            "pupils": np.repeat(pupils, years),
            "area": np.repeat([f"A{a:02d}" for a in area], years),
            "la": np.repeat(authority, years),
        }
    )
    truth, by_event = _truth(cohort, np.where(covered, treated - untreated, 0.0), years)
    return Panel(frame, truth, by_event)


def _truth(cohort: np.ndarray, effects: np.ndarray, years: int) -> tuple[float, dict[int, float]]:
    """The planted overall and event-time effects, weighted as the estimator weights them."""
    groups = [g for g in range(2, years + 1) if (cohort == g).any()]
    if not groups:
        return 0.0, {}
    sizes = np.array([(cohort == g).sum() for g in groups], dtype=float)
    per_group = [effects[cohort == g][:, g - 1 :].mean(axis=0).mean() for g in groups]
    overall = float(np.dot(sizes, per_group) / sizes.sum())
    by_event: dict[int, float] = {}
    for event in range(-(years - 2), years - 1):
        kept = [(g, s) for g, s in zip(groups, sizes, strict=True) if 1 <= g + event <= years]
        if not kept:
            continue
        values = [
            effects[cohort == g][:, g + event - 1].mean() if event >= 0 else 0.0 for g, _ in kept
        ]
        weights = np.array([s for _, s in kept])
        by_event[event] = float(np.dot(weights, values) / weights.sum())
    return overall, by_event


def synthetic_collection_panel(seed: int, schools: int = 26_000, years: int = 5) -> CollectionPanel:
    """A panel shaped like the one built from the collections, every outcome filled.

    Violent incidents carry the planted effect (synthetic_panel); the other outcomes move
    with them and with noise of their own, without an effect. For benchmarks and pages that
    need a national-sized panel without a national database.
    """
    made = synthetic_panel(seed, schools=schools, years=years)
    rng = np.random.default_rng(seed + 1)
    frame = made.frame.rename(columns={"unit": "urn"})
    violent = frame[OUTCOME]
    noise = rng.normal(0, 1, (len(frame), 7))
    frame["suspension_rate"] = np.maximum(0.0, 0.4 * violent + 2 + noise[:, 0])
    frame["permanent_exclusion_rate"] = np.maximum(0.0, 0.01 * violent + 0.05 * noise[:, 1])
    frame["weapon_incident_rate"] = np.maximum(0.0, 0.1 * violent + 0.5 * noise[:, 2])
    frame["bullying_incident_rate"] = np.maximum(0.0, 0.8 * violent + 3 + noise[:, 3])
    frame["attendance_percent"] = np.clip(95 - 0.1 * violent + 0.8 * noise[:, 4], 80, 100)
    frame["persistent_absence_percent"] = np.clip(12 + 0.3 * violent + 2 * noise[:, 5], 0, 60)
    frame["feel_safe_percent"] = np.clip(85 - 0.3 * violent + 3 * noise[:, 6], 0, 100)
    frame["coverage_source"] = "register"
    frame["disagrees"] = False
    models = np.array(["school_based", "cluster", "neighbourhood_link", "force_team"])
    first = frame.drop_duplicates("urn").set_index("urn")
    # Nine areas are the regions of England, the last two Wales.
    areas = {f"A{a:02d}": f"E1200000{a + 1}" if a < 9 else WALES_AREA for a in range(AREAS)}
    area_code = first["area"].map(areas)
    table = pd.DataFrame(
        {
            "urn": first.index,
            "cohort": first["cohort"].to_numpy(),
            "dated": True,
            "model": np.where(
                first["cohort"].to_numpy() > 0, models[first.index.to_numpy() % 4], None
            ),
            "phase_group": first["phase_group"].to_numpy(),
            "area": area_code.to_numpy(),
            "la_code": first["la"].astype(str).to_numpy(),
            "pupils": first["pupils"].to_numpy(),
        }
    )
    table, terms = add_covariates(table)
    start = 2026 - years
    periods = [f"{start + y}{(start + y + 1) % 100:02d}" for y in range(years)]
    made_years = tuple(
        Year(number, number, period, f"Synthetic {period}", date(int(period[:4]) + 1, 10, 2))
        for number, period in enumerate(periods, start=1)
    )
    return CollectionPanel(years=made_years, frame=frame, schools=table, terms=tuple(terms))
