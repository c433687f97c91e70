"""Callaway and Sant'Anna's (2021) difference-in-differences for staggered adoption, on numpy.

The question: by how much did a school's outcome change because it gained a partnership?
Schools gain partnerships in different years (a cohort is the year a school was first
covered), and effects may differ by cohort and by years since. A two-way fixed-effects
regression is biased then: it uses schools treated earlier as comparisons for those treated
later. This estimator never does. For each cohort g and year t it compares the change in the
cohort's outcome from its last year before the partnership (g - 1) to t with the change over
the same years in schools not covered by then (never covered, or not yet covered): ATT(g, t),
the group-time average effect on the treated. Years before g give placebo estimates (with a
varying base year: each compares year t with t - 1), which should be near zero if the
parallel-trends assumption holds.

Covariates (phase, size, area) enter by outcome regression (Heckman, Ichimura and Todd;
Sant'Anna and Zhao 2020, `reg_did_panel`): the comparison schools' change is regressed on the
covariates, and the treated schools' change is compared with what that regression predicts
for schools like them. So parallel trends need only hold among schools alike in phase, size
and area.

Inference uses each estimate's influence function (one value per school), so every school's
years count together, that is clustered by school. Summing influence within a wider cluster
(a local authority) gives standard errors that allow schools of one area to move together.
The cells aggregate as Callaway and Sant'Anna do, with the estimated weights' own influence:
an overall effect (the mean over cohorts of each cohort's average effect, weighted by cohort
size) and an event study (the effect by years since the partnership began).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np
import pandas as pd
from scipy.stats import chi2

Z95 = NormalDist().inv_cdf(0.975)
# The smallest true effect an estimate would find (5% two-sided test) four times in five.
MDE_MULTIPLIER = Z95 + NormalDist().inv_cdf(0.80)
SCHOOL = "school"


class Comparison(enum.StrEnum):
    """Which schools stand for what would have happened without a partnership."""

    NEVER = "never_covered"
    NOT_YET = "not_yet_covered"


@dataclass(frozen=True)
class Wide:
    """One outcome of a panel laid out for estimation: a row per school, a column per year.

    Years are numbered 1 to T in order. cohort is the first year a school was covered (0 if
    never covered in the panel); covered_last says whether it was covered in year T (for the
    naive comparison); covariates exclude the intercept; clusters map a name to an integer
    code per school (the school itself is always a cluster of its own).
    """

    outcome: np.ndarray
    cohort: np.ndarray
    covered_last: np.ndarray
    covariates: np.ndarray
    clusters: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def schools(self) -> int:
        """The number of schools (rows)."""
        return int(self.outcome.shape[0])

    @property
    def years(self) -> int:
        """The number of years (columns)."""
        return int(self.outcome.shape[1])

    def subset(self, rows: np.ndarray) -> Wide:
        """The schools picked by the boolean mask rows."""
        return Wide(
            outcome=self.outcome[rows],
            cohort=self.cohort[rows],
            covered_last=self.covered_last[rows],
            covariates=self.covariates[rows],
            clusters={name: codes[rows] for name, codes in self.clusters.items()},
        )


def wide_from_long(
    frame: pd.DataFrame,
    outcome: str,
    covariates: Sequence[str] = (),
    clusters: Sequence[str] = (),
) -> tuple[Wide, pd.Index]:
    """The Wide layout of a long panel, and the school ids in row order.

    frame has one row per school and year: `unit`, `year` (1 to T), `cohort`, `covered`,
    the outcome column, and the (time-invariant) covariate and cluster columns.
    """
    years = int(frame["year"].max())
    table = frame.pivot(index="unit", columns="year", values=outcome)
    table = table.reindex(columns=range(1, years + 1))
    firsts = frame.sort_values("year").groupby("unit").first().reindex(table.index)
    last = frame[frame["year"] == years].set_index("unit")["covered"].reindex(table.index)
    wide = Wide(
        outcome=table.to_numpy(dtype=float),
        cohort=firsts["cohort"].to_numpy(dtype=int),
        covered_last=last.fillna(False).to_numpy(dtype=bool),
        covariates=firsts[list(covariates)].to_numpy(dtype=float).reshape(len(table), -1),
        clusters={name: pd.factorize(firsts[name])[0] for name in clusters},
    )
    return wide, table.index


@dataclass(frozen=True)
class Cells:
    """Group-time effects ATT(g, t), with what each rests on.

    influence[:, c] is cell c's influence function over every school of the sample, scaled
    so that the estimate's error is approximately its mean; treated and compared say which
    schools each cell used; in_group which schools belong to the cell's cohort.
    """

    group: np.ndarray
    year: np.ndarray
    att: np.ndarray
    influence: np.ndarray
    treated: np.ndarray
    compared: np.ndarray
    in_group: np.ndarray

    @property
    def event_time(self) -> np.ndarray:
        """Years since the partnership began (0 in the first year covered)."""
        return self.year - self.group


def group_time_effects(
    wide: Wide, comparison: Comparison = Comparison.NOT_YET, eligible: np.ndarray | None = None
) -> Cells:
    """Every ATT(g, t) with its influence function.

    eligible marks the schools that may count as treated (a model's schools, say); covered
    schools outside it can still serve as not-yet-covered comparisons. Schools covered from
    the first year have no year before and are left out as treated. A cell needs at least one
    treated school and more comparison schools than regression terms.
    """
    n, years = wide.outcome.shape
    cohort = wide.cohort
    treatable = (cohort >= 2) & (np.ones(n, dtype=bool) if eligible is None else eligible)
    design = np.column_stack([np.ones(n), wide.covariates])
    groups: list[int] = []
    cell_years: list[int] = []
    effects: list[float] = []
    influences: list[np.ndarray] = []
    used: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for g in np.unique(cohort[treatable]):
        members = treatable & (cohort == g)
        for t in range(2, years + 1):
            base = g - 1 if t >= g else t - 1
            if comparison == Comparison.NEVER:
                comparable = cohort == 0
            else:
                comparable = (cohort == 0) | ((cohort > max(t, base)) & (cohort != g))
            change = wide.outcome[:, t - 1] - wide.outcome[:, base - 1]
            known = ~np.isnan(change)
            treated, compared = members & known, comparable & known
            cell = _outcome_regression(change, design, treated, compared)
            if cell is None:
                continue
            groups.append(int(g))
            cell_years.append(t)
            effects.append(cell[0])
            influences.append(cell[1])
            used.append((treated, compared, members))

    def stacked(index: int) -> np.ndarray:
        if not used:
            return np.zeros((n, 0), dtype=bool)
        return np.column_stack([masks[index] for masks in used])

    return Cells(
        group=np.array(groups, dtype=int),
        year=np.array(cell_years, dtype=int),
        att=np.array(effects, dtype=float),
        influence=np.column_stack(influences) if influences else np.zeros((n, 0)),
        treated=stacked(0),
        compared=stacked(1),
        in_group=stacked(2),
    )


def _outcome_regression(
    change: np.ndarray, design: np.ndarray, treated: np.ndarray, compared: np.ndarray
) -> tuple[float, np.ndarray] | None:
    """One cell's ATT by outcome regression, and its influence function over every school.

    Regressors that do not vary among the comparison schools (a region with none of them,
    say) are dropped: the regression cannot say how such schools would have changed.
    """
    n = len(change)
    n1, n0 = int(treated.sum()), int(compared.sum())
    x0 = design[compared]
    keep = np.ones(design.shape[1], dtype=bool)
    if n0 > 1:
        keep[1:] = x0[:, 1:].std(axis=0) > 0
    if n1 == 0 or n0 <= keep.sum():
        return None
    x0 = x0[:, keep]
    x1 = design[treated][:, keep]
    inverse = np.linalg.pinv(x0.T @ x0)
    beta = inverse @ (x0.T @ change[compared])
    mean_x1 = x1.mean(axis=0)
    att = float(change[treated].mean() - mean_x1 @ beta)
    influence = np.zeros(n)
    influence[treated] = (n / n1) * (change[treated] - x1 @ beta - att)
    residual = change[compared] - x0 @ beta
    # The comparison schools move the estimate through the regression's coefficients.
    influence[compared] = -n * residual * (x0 @ (inverse @ mean_x1))
    return att, influence


def covariance(influence: np.ndarray, clusters: np.ndarray | None = None) -> np.ndarray:
    """The covariance of estimates from their influence functions, clustered.

    influence is (schools,) or (schools, k); clusters gives each school's cluster (None: each
    school is its own). Influence is summed within clusters, with the G / (G - 1) correction.
    """
    n = influence.shape[0]
    matrix = influence.reshape(n, -1)
    if clusters is None:
        sums = matrix
    else:
        codes, index = np.unique(clusters, return_inverse=True)
        sums = np.zeros((len(codes), matrix.shape[1]))
        np.add.at(sums, index, matrix)
    count = sums.shape[0]
    scale = count / (count - 1) if count > 1 else 1.0
    return np.asarray(scale * (sums.T @ sums) / n**2)


def _weight_influence(in_group: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """The influence of estimating weights proportional to cohort shares (one column each)."""
    total = shares.sum()
    deviation = in_group.astype(float) - shares
    return np.asarray(deviation / total - np.outer(deviation.sum(axis=1), shares) / total**2)


@dataclass(frozen=True)
class Aggregate:
    """A weighted average of group-time effects, its influence, and the schools behind it."""

    estimate: float
    influence: np.ndarray
    treated: np.ndarray
    compared: np.ndarray


def _weighted(
    att: np.ndarray, influence: np.ndarray, in_group: np.ndarray
) -> tuple[float, np.ndarray]:
    """The cohort-share-weighted mean of effects (one per cohort) and its influence."""
    shares = in_group.mean(axis=0)
    weights = shares / shares.sum()
    combined = influence @ weights + _weight_influence(in_group, shares) @ att
    return float(att @ weights), combined


def overall_effect(cells: Cells) -> Aggregate | None:
    """The mean over cohorts of each cohort's average effect after it gained a partnership.

    Each cohort's years covered count equally within it; cohorts are weighted by size. This
    is Callaway and Sant'Anna's preferred summary: unlike a plain mean of every cell, it does
    not let cohorts covered earliest (with the most years) dominate.
    """
    post = cells.event_time >= 0
    groups = np.unique(cells.group[post])
    if len(groups) == 0:
        return None
    n = cells.influence.shape[0]
    att = np.zeros(len(groups))
    influence = np.zeros((n, len(groups)))
    members = np.zeros((n, len(groups)), dtype=bool)
    for index, g in enumerate(groups):
        mine = post & (cells.group == g)
        att[index] = cells.att[mine].mean()
        influence[:, index] = cells.influence[:, mine].mean(axis=1)
        members[:, index] = cells.in_group[:, np.flatnonzero(mine)[0]]
    estimate, combined = _weighted(att, influence, members)
    return Aggregate(
        estimate=estimate,
        influence=combined,
        treated=np.asarray(cells.treated[:, post].any(axis=1)),
        compared=np.asarray(cells.compared[:, post].any(axis=1)),
    )


def event_study(cells: Cells) -> dict[int, Aggregate]:
    """The effect by years since the partnership began; negative years are placebo checks."""
    found: dict[int, Aggregate] = {}
    for event in sorted(set(cells.event_time.tolist())):
        keep = cells.event_time == event
        estimate, combined = _weighted(
            cells.att[keep], cells.influence[:, keep], cells.in_group[:, keep]
        )
        found[int(event)] = Aggregate(
            estimate=estimate,
            influence=combined,
            treated=np.asarray(cells.treated[:, keep].any(axis=1)),
            compared=np.asarray(cells.compared[:, keep].any(axis=1)),
        )
    return found


@dataclass(frozen=True)
class Interval:
    """An estimate with its standard error and 95% confidence interval."""

    estimate: float
    standard_error: float

    @property
    def lower(self) -> float:
        """The lower end of the 95% confidence interval."""
        return self.estimate - Z95 * self.standard_error

    @property
    def upper(self) -> float:
        """The upper end of the 95% confidence interval."""
        return self.estimate + Z95 * self.standard_error

    def covers(self, value: float) -> bool:
        """True when value lies within the 95% confidence interval."""
        return self.lower <= value <= self.upper


@dataclass(frozen=True)
class PreTrend:
    """The joint Wald test that every placebo (pre-partnership) effect is zero."""

    statistic: float
    degrees_of_freedom: int
    p_value: float


def pre_trend_test(
    events: dict[int, Aggregate], clusters: np.ndarray | None = None
) -> PreTrend | None:
    """Chi-squared test of the placebo effects together; None without any year before."""
    placebo = [events[e] for e in sorted(events) if e < 0]
    if not placebo:
        return None
    estimates = np.array([item.estimate for item in placebo])
    influence = np.column_stack([item.influence for item in placebo])
    matrix = covariance(influence, clusters)
    rank = int(np.linalg.matrix_rank(matrix))
    if rank == 0:
        return None
    statistic = float(estimates @ np.linalg.pinv(matrix) @ estimates)
    return PreTrend(statistic, rank, float(chi2.sf(statistic, rank)))


def naive_difference(wide: Wide, eligible: np.ndarray | None = None) -> Interval | None:
    """Schools covered in the last year against schools not covered: the raw comparison.

    This is what a with-and-without table shows. It is confounded when partnerships go to
    schools that differed already; it is here to be shown disagreeing, not to be believed.
    """
    last = wide.outcome[:, -1]
    known = ~np.isnan(last)
    covered = wide.covered_last & known & (True if eligible is None else eligible)
    others = ~wide.covered_last & known
    if covered.sum() < 2 or others.sum() < 2:
        return None
    a, b = last[covered], last[others]
    error = float(np.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b)))
    return Interval(float(a.mean() - b.mean()), error)


@dataclass(frozen=True)
class Estimates:
    """Everything estimated for one outcome and one group of schools."""

    overall: Interval | None
    standard_errors: dict[str, float]
    events: dict[int, Interval]
    event_schools: dict[int, tuple[int, int]]
    pre_trend: PreTrend | None
    naive: Interval | None
    schools_treated: int
    schools_compared: int
    always_covered: int
    cells: int

    @property
    def minimum_detectable_effect(self) -> float | None:
        """The smallest true effect this estimate would detect with 80% power at 5%."""
        return None if self.overall is None else MDE_MULTIPLIER * self.overall.standard_error


def estimate(
    wide: Wide,
    comparison: Comparison = Comparison.NOT_YET,
    eligible: np.ndarray | None = None,
    cluster: str = SCHOOL,
) -> Estimates:
    """Group-time effects aggregated to an overall effect and an event study, with inference.

    cluster names the clustering of the intervals shown ("school", or a key of
    wide.clusters); the overall effect's standard error is given for every clustering.
    """
    cells = group_time_effects(wide, comparison, eligible)
    clustering = None if cluster == SCHOOL else wide.clusters[cluster]
    overall = overall_effect(cells)
    events = event_study(cells)
    errors: dict[str, float] = {}
    interval = None
    if overall is not None:
        for name, codes in [(SCHOOL, None), *wide.clusters.items()]:
            errors[name] = float(np.sqrt(covariance(overall.influence, codes)[0, 0]))
        interval = Interval(overall.estimate, errors[cluster])
    treatable = (wide.cohort == 1) & (True if eligible is None else eligible)
    return Estimates(
        overall=interval,
        standard_errors=errors,
        events={
            e: Interval(a.estimate, float(np.sqrt(covariance(a.influence, clustering)[0, 0])))
            for e, a in events.items()
        },
        event_schools={e: (int(a.treated.sum()), int(a.compared.sum())) for e, a in events.items()},
        pre_trend=pre_trend_test(events, clustering),
        naive=naive_difference(wide, eligible),
        schools_treated=0 if overall is None else int(overall.treated.sum()),
        schools_compared=0 if overall is None else int(overall.compared.sum()),
        always_covered=int(np.sum(treatable)),
        cells=len(cells.att),
    )
