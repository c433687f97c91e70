"""The national demo's history: five collections of one synthetic panel, with a planted effect.

The national demo runs five collections, each in the autumn: 2022/23 to 2025/26 closed, and
2026/27 open. Every school's figures come from one data-generating process, written here,
so that the effectiveness estimates (`sspcollect.effects`) have a known answer to find.

How a school's figures are made (numpy, one seed):

- **Levels.** Each school has its own level of violent incidents per 1,000 pupils (by phase
  group: primary 6, secondary 14, other 9; plus its area's level and a school's own), and
  levels of the other outcomes that go with it (a school with more violent incidents has
  more suspensions, exclusions and weapon incidents).
- **Common trends.** Incidents rise and level off nationally (by 0, 0.6, 1.1, 1.4 and 1.6 per
  1,000 pupils over the five years), rise faster in secondary schools, and each area has a
  trend of its own; each area and each local authority has shocks in each year. So the
  trends are common to schools alike in phase and area (the assumption the estimator makes),
  not to all schools.
- **Staggered adoption with selection.** Some schools had a partnership before the first
  collection (14% of schools); in each later year about 6% more gain one (5% in 2026/27).
  A school's chance of gaining one rises with its own level of violent incidents (0.8 on the
  log-odds for each standard deviation) and with how fast incidents rise in its area (0.5 a
  standard deviation). So covered schools have more incidents in the first place, and the
  naive comparison of schools with and without a partnership is biased against them.
- **Registers.** The schools of a force that gain a partnership in the same year are grouped
  into partnerships of every model, starting in that academic year. About 8% of the
  partnerships begun by 2023/24 end in a later year, between two reference dates. Cumbria's
  partnerships all begin in September 2026, after the year its returns cover: it makes nil
  returns. A school is covered in a collection when its partnership had started by the
  reference date and had not ended by it.
- **The planted effect.** While a school is covered, its expected violent incidents fall by
  `EFFECTS["violent_incidents"]` = 1.5 per 1,000 pupils and its suspensions by
  `EFFECTS["suspensions"]` = 0.6 per 100 pupils, at full size. The effect grows with the
  years since the partnership began: 60% of full size in the collection where the school is
  first covered (its figures describe a year in which the partnership started part way),
  100% a year later, 120% from the year after that on (`EXPOSURE`). It stops when the
  partnership ends. No other outcome is changed.
- **Noise.** Counts are Poisson draws of the expected rate times pupils on roll, moved by up
  to 15% either way each year, so small schools' rates are noisy. Pupils on roll, attendance
  and the other percentages move a little each year.

`planted_truth` gives the effect the estimator should find on the closed collections: for
each cohort (schools first covered in the same collection, after the first), the mean over
its covered years of its schools' effect on the expected rate, then cohorts weighted by size,
as Callaway and Sant'Anna aggregate. It is less than the full size because the effect grows
and because some partnerships end. The values for the full national demo are in
docs/national-demo.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np

from sspcollect.effects.design import PHASE_GROUPS, WALES_AREA

# The collections, oldest first; collection t runs in the autumn of FIRST_AUTUMN + t.
TIME_PERIODS = ("202223", "202324", "202425", "202526", "202627")
CLOSED = 4  # the first four are closed, the last open
FIRST_AUTUMN = 2022
# Cumbria's partnerships begin after the year its returns cover.
LATE_FORCE = "E23000002"
LATE_START = date(2026, 9, 1)
NEVER = 99  # the adoption index of a school never covered

# The planted effects at full size, on the expected rate (negative: fewer).
EFFECTS = {"violent_incidents": -1.5, "suspensions": -0.6}
# The effect's share of its full size by years since the partnership began (0, 1, 2 or more).
EXPOSURE = (0.6, 1.0, 1.2)
# Share of all schools gaining a partnership before the first collection, then in each one.
ADOPTION = (0.14, 0.06, 0.06, 0.06, 0.05)
SELECTION_ON_LEVEL = 0.8
SELECTION_ON_AREA_TREND = 0.5
ENDING = 0.08

PHASE_LEVEL = {"Primary": 6.0, "Secondary": 14.0, "Other": 9.0}
SUSPENSIONS = {"Primary": 1.5, "Secondary": 16.0, "Other": 5.0}  # per 100 pupils
SUSPENSION_TREND = {"Primary": 0.1, "Secondary": 1.0, "Other": 0.4}
EXCLUSIONS = {"Primary": 0.01, "Secondary": 0.12, "Other": 0.05}  # per 100 pupils
WEAPONS = {"Primary": 0.2, "Secondary": 1.2, "Other": 0.6}  # per 1,000 pupils
BULLYING = {"Primary": 12.0, "Secondary": 18.0, "Other": 10.0}  # per 1,000 pupils
NATIONAL_TREND = np.array([0.0, 0.6, 1.1, 1.4, 1.6])
SUSPENSION_YEARS = np.array([0.0, 0.3, 0.6, 0.8, 1.0])
ATTENDANCE_YEARS = np.array([-1.2, -0.8, -0.5, -0.3, -0.2])  # recovering after the pandemic
FLOOR = 0.2  # no expected rate below this


@dataclass(frozen=True)
class Schools:
    """The schools the history is made for, one entry per school in every array."""

    urn: np.ndarray
    force: np.ndarray
    area: np.ndarray  # an English region code, or Wales
    la: np.ndarray
    phase: np.ndarray  # as GIAS gives it
    pupils: np.ndarray


@dataclass(frozen=True)
class History:
    """Every school's coverage and figures in each collection (arrays of schools x years)."""

    schools: Schools
    adoption: np.ndarray  # the index of the collection first covered in, or NEVER
    ending: np.ndarray  # the index of the first collection no longer covered in, or NEVER
    covered: np.ndarray
    figures: dict[str, np.ndarray]
    effects: dict[str, np.ndarray]  # the planted effect on each expected rate
    surveyed: np.ndarray  # whether the school asks pupils whether they feel safe


def reference_date(index: int) -> date:
    """The reference date of collection index: 1 November of its autumn."""
    return date(FIRST_AUTUMN + index, 11, 1)


def _group(phases: np.ndarray) -> np.ndarray:
    """Each school's phase group: Primary, Secondary or Other."""
    return np.array([PHASE_GROUPS.get(p, "Other") for p in phases])


def _by(groups: np.ndarray, values: dict[str, float]) -> np.ndarray:
    """values looked up for each school's phase group."""
    return np.array([values[g] for g in groups])


def _codes(labels: np.ndarray) -> np.ndarray:
    """Each label as an integer code."""
    return np.unique(labels, return_inverse=True)[1]


def adopt(
    schools: Schools, level: np.ndarray, area_trend: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """The collection in which each school first gains a partnership (NEVER if none).

    In each year, of the schools without one, those with more incidents and in areas where
    incidents rise faster are likelier to gain one; the intercept is set so that ADOPTION's
    share of all schools gains one that year.
    """
    n = len(schools.urn)
    score = SELECTION_ON_LEVEL * (level - level.mean()) / level.std()
    score += SELECTION_ON_AREA_TREND * (area_trend - area_trend.mean()) / (area_trend.std() or 1)
    adoption = np.full(n, NEVER)
    for index, share in enumerate(ADOPTION):
        waiting = adoption == NEVER
        wanted = share * n
        low, high = -12.0, 6.0
        for _ in range(40):  # bisection for the intercept
            middle = (low + high) / 2
            expected = (1 / (1 + np.exp(-(middle + score[waiting])))).sum()
            low, high = (middle, high) if expected < wanted else (low, middle)
        chance = 1 / (1 + np.exp(-(low + score)))
        adoption[waiting & (rng.random(n) < chance)] = index
    # Cumbria's partnerships begin after the year its returns cover.
    adoption[(schools.force == LATE_FORCE) & (adoption != NEVER)] = len(TIME_PERIODS)
    return adoption


def make_history(
    schools: Schools, register: Callable[[np.ndarray], np.ndarray], seed: int = 2627
) -> History:
    """Every school's figures in each collection.

    register is given the collection each school first gains a partnership in (NEVER if
    none), makes the registers, and gives back the first collection each school is no longer
    covered in (NEVER if its partnership has not ended).
    """
    rng = np.random.default_rng(seed)
    n, years = len(schools.urn), len(TIME_PERIODS)
    group = _group(schools.phase)
    area, la = _codes(schools.area), _codes(schools.la)
    areas, authorities = area.max() + 1, la.max() + 1
    t = np.arange(years)

    area_level = rng.normal(0, 1.5, areas)
    level = _by(group, PHASE_LEVEL) + area_level[area] + rng.gamma(2.0, 1.5, n) - 3.0
    level = np.maximum(level, 1.0)
    area_slope = rng.normal(0, 0.35, areas)
    trend = NATIONAL_TREND[None, :] + np.where(group == "Secondary", 0.3, 0.0)[:, None] * t
    trend = trend + area_slope[area][:, None] * t
    trend = trend + rng.normal(0, 0.3, (areas, years))[area]
    trend = trend + rng.normal(0, 0.3, (authorities, years))[la]
    adoption = adopt(schools, level, area_slope[area], rng)
    ending = register(adoption)
    covered = (adoption[:, None] <= t) & (t < ending[:, None])
    since = np.where(adoption[:, None] == 0, 2, t - adoption[:, None])
    size = np.array(EXPOSURE)[np.clip(since, 0, len(EXPOSURE) - 1)] * covered

    ratio = level / _by(group, PHASE_LEVEL)
    untreated = {
        "violent_incidents": np.maximum(level[:, None] + trend, FLOOR),
        "suspensions": np.maximum(
            (_by(group, SUSPENSIONS) * ratio**0.7 * rng.lognormal(0, 0.25, n))[:, None]
            + _by(group, SUSPENSION_TREND)[:, None] * SUSPENSION_YEARS
            + rng.normal(0, 0.15, (authorities, years))[la],
            FLOOR / 10,
        ),
    }
    effects: dict[str, np.ndarray] = {}
    expected: dict[str, np.ndarray] = {}
    for name, base in untreated.items():
        floor = FLOOR if name == "violent_incidents" else FLOOR / 10
        treated = np.maximum(base + EFFECTS[name] * size, floor)
        effects[name] = treated - base
        expected[name] = treated
    expected["permanent_exclusions"] = np.repeat(
        (_by(group, EXCLUSIONS) * ratio**0.5)[:, None], years, axis=1
    )
    expected["weapon_incidents"] = np.repeat(
        (_by(group, WEAPONS) * ratio**0.5)[:, None], years, axis=1
    )
    expected["bullying_incidents"] = (_by(group, BULLYING) * rng.lognormal(0, 0.4, n))[
        :, None
    ] + 0.3 * t

    growth = rng.normal(1.0, 0.02, n)
    pupils = schools.pupils[:, None] * growth[:, None] ** (t - (years - 1))
    pupils = np.maximum(np.rint(pupils * rng.uniform(0.98, 1.02, (n, years))), 5).astype(int)
    per = {"suspensions": 100, "permanent_exclusions": 100}
    figures: dict[str, np.ndarray] = {"pupils_on_roll": pupils}
    for name, rate in expected.items():
        mean = rate * pupils / per.get(name, 1000) * rng.uniform(0.85, 1.15, (n, years))
        figures[name] = rng.poisson(mean)
    attendance = rng.uniform(88.5, 96.5, n) - np.where(group == "Secondary", 1.5, 0.0)
    attendance = attendance[:, None] + ATTENDANCE_YEARS + rng.normal(0, 0.4, (n, years))
    figures["attendance_percent"] = np.round(np.clip(attendance, 75.0, 99.5), 1)
    absence = (100 - figures["attendance_percent"]) * 1.9 + rng.normal(0, 1.0, (n, years))
    figures["persistent_absence_percent"] = np.round(np.clip(absence, 0.0, 60.0), 1)
    safe = rng.uniform(70, 96, n)[:, None] + rng.normal(0, 1.5, (n, years))
    figures["pupils_feel_safe_percent"] = np.round(np.clip(safe, 40, 100))
    return History(
        schools=schools,
        adoption=adoption,
        ending=ending,
        covered=covered,
        figures=figures,
        effects=effects,
        surveyed=rng.random(n) > 0.2,
    )


def planted_truth(history: History, outcome: str, years: int = CLOSED) -> dict[str, float]:
    """The planted effect on outcome over the first years collections, as the estimator
    aggregates it: "overall", and by years since the partnership began ("e0", "e1", …)."""
    effect = history.effects[outcome][:, :years]
    cohorts = [g for g in range(1, years) if (history.adoption == g).any()]
    if not cohorts:
        return {"overall": 0.0}
    sizes = np.array([(history.adoption == g).sum() for g in cohorts], dtype=float)
    means = [effect[history.adoption == g][:, g:].mean(axis=0).mean() for g in cohorts]
    truth = {"overall": float(np.dot(sizes, means) / sizes.sum())}
    for event in range(years - 1):
        kept = [(g, s) for g, s in zip(cohorts, sizes, strict=True) if g + event < years]
        values = [effect[history.adoption == g][:, g + event].mean() for g, _ in kept]
        weights = np.array([s for _, s in kept])
        truth[f"e{event}"] = float(np.dot(weights, values) / weights.sum())
    return truth


def wales_or(region: str | None) -> str:
    """A school's area: its English region, or Wales."""
    return region or WALES_AREA
