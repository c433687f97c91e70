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

from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np
import pandas as pd

from sspcollect.effects.comparison import SCHOOL, Comparison

Z95 = NormalDist().inv_cdf(0.975)
# The smallest true effect an estimate would find (5% two-sided test) four times in five.
MDE_MULTIPLIER = Z95 + NormalDist().inv_cdf(0.80)


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
    wides, units = wides_from_long(frame, [outcome], covariates, clusters)
    return wides[outcome], units


def wides_from_long(
    frame: pd.DataFrame,
    outcomes: Sequence[str],
    covariates: Sequence[str] = (),
    clusters: Sequence[str] = (),
) -> tuple[dict[str, Wide], pd.Index]:
    """wide_from_long for several outcomes at once, sharing everything but the outcome."""
    years = int(frame["year"].max())
    table = frame.pivot(index="unit", columns="year", values=list(outcomes))
    units = table.index
    firsts = frame.drop_duplicates("unit").set_index("unit").reindex(units)
    last = frame[frame["year"] == years].set_index("unit")["covered"].reindex(units)
    cohort = firsts["cohort"].to_numpy(dtype=int)
    covered_last = last.fillna(False).to_numpy(dtype=bool)
    terms = firsts[list(covariates)].to_numpy(dtype=float).reshape(len(units), -1)
    codes = {name: pd.factorize(firsts[name])[0] for name in clusters}
    wides = {
        outcome: Wide(
            outcome=table[outcome].reindex(columns=range(1, years + 1)).to_numpy(dtype=float),
            cohort=cohort,
            covered_last=covered_last,
            covariates=terms,
            clusters=codes,
        )
        for outcome in outcomes
    }
    return wides, units


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
    """Every ATT(g, t) with its influence function (see group_time_effects_for)."""
    return group_time_effects_for(wide, comparison, [eligible])[0]


@dataclass
class _CellCollector:
    """The cells found so far for one set of eligible schools."""

    treatable: np.ndarray
    groups: list[int] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    effects: list[float] = field(default_factory=list)
    influences: list[np.ndarray] = field(default_factory=list)
    used: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)

    def cells(self, n: int) -> Cells:
        """What was collected, as Cells."""

        def stacked(index: int) -> np.ndarray:
            if not self.used:
                return np.zeros((n, 0), dtype=bool)
            return np.column_stack([masks[index] for masks in self.used])

        return Cells(
            group=np.array(self.groups, dtype=int),
            year=np.array(self.years, dtype=int),
            att=np.array(self.effects, dtype=float),
            influence=np.column_stack(self.influences) if self.influences else np.zeros((n, 0)),
            treated=stacked(0),
            compared=stacked(1),
            in_group=stacked(2),
        )


def group_time_effects_for(
    wide: Wide, comparison: Comparison, eligibles: Sequence[np.ndarray | None]
) -> list[Cells]:
    """Every ATT(g, t) with its influence function, for each set of eligible schools.

    An eligible set marks the schools that may count as treated (a model's schools, say);
    covered schools outside it still serve as not-yet-covered comparisons, so every set
    shares each cell's comparison schools and regression, fitted once. Schools covered from
    the first year have no year before and are left out as treated. A cell needs at least one
    treated school and more comparison schools than regression terms.
    """
    n, years = wide.outcome.shape
    cohort = wide.cohort
    collectors = [
        _CellCollector((cohort >= 2) & (True if eligible is None else eligible))
        for eligible in eligibles
    ]
    design = np.column_stack([np.ones(n), wide.covariates])
    changes: dict[tuple[int, int], np.ndarray] = {}
    every = np.zeros(n, dtype=bool)
    for collector in collectors:
        every |= collector.treatable
    for g in np.unique(cohort[every]):
        for t in range(2, years + 1):
            base = g - 1 if t >= g else t - 1
            if comparison == Comparison.NEVER:
                comparable = cohort == 0
            else:
                comparable = (cohort == 0) | ((cohort > max(t, base)) & (cohort != g))
            if (t, base) not in changes:
                changes[(t, base)] = wide.outcome[:, t - 1] - wide.outcome[:, base - 1]
            change = changes[(t, base)]
            known = ~np.isnan(change)
            fit = _Regression.fit(change, design, comparable & known)
            if fit is None:
                continue
            for collector in collectors:
                members = collector.treatable & (cohort == g)
                treated = members & known
                if not treated.any():
                    continue
                att, influence = fit.effect(change, design, treated)
                collector.groups.append(int(g))
                collector.years.append(t)
                collector.effects.append(att)
                collector.influences.append(influence)
                collector.used.append((treated, fit.compared, members))
    return [collector.cells(n) for collector in collectors]


@dataclass(frozen=True)
class _Regression:
    """The comparison schools' change regressed on the covariates, for one cell."""

    compared: np.ndarray
    keep: np.ndarray
    x0: np.ndarray
    inverse: np.ndarray
    beta: np.ndarray
    residual: np.ndarray

    @classmethod
    def fit(
        cls, change: np.ndarray, design: np.ndarray, compared: np.ndarray
    ) -> _Regression | None:
        """Least squares on the comparison schools; None with too few of them.

        Regressors that do not vary among the comparison schools (a region with none of them,
        say) are dropped: the regression cannot say how such schools would have changed.
        """
        n0 = int(compared.sum())
        if n0 < 2:
            return None
        x0 = design[compared]
        cross = x0.T @ x0
        # The intercept's row of X'X holds each regressor's sum: variance = E[x^2] - E[x]^2.
        spread = np.diag(cross) / n0 - (cross[0] / n0) ** 2
        keep = spread > 1e-12
        keep[0] = True
        if n0 <= keep.sum():
            return None
        x0 = x0[:, keep]
        inverse = np.linalg.pinv(cross[np.ix_(keep, keep)])
        beta = inverse @ (x0.T @ change[compared])
        return cls(compared, keep, x0, inverse, beta, change[compared] - x0 @ beta)

    def effect(
        self, change: np.ndarray, design: np.ndarray, treated: np.ndarray
    ) -> tuple[float, np.ndarray]:
        """The cell's ATT by outcome regression, and its influence function over every school.

        Sant'Anna and Zhao's (2020) reg_did_panel, scaled to the whole sample: treated
        schools' deviations, and the comparison schools' effect through the coefficients.
        """
        n, n1 = len(change), int(treated.sum())
        x1 = design[treated][:, self.keep]
        mean_x1 = x1.mean(axis=0)
        att = float(change[treated].mean() - mean_x1 @ self.beta)
        influence = np.zeros(n)
        influence[treated] = (n / n1) * (change[treated] - x1 @ self.beta - att)
        influence[self.compared] = -n * self.residual * (self.x0 @ (self.inverse @ mean_x1))
        return att, influence


def covariance(influence: np.ndarray, clusters: np.ndarray | None = None) -> np.ndarray:
    """The covariance of estimates from their influence functions, clustered.

    influence is (schools,) or (schools, k); clusters gives each school's cluster as a
    non-negative integer code (None: each school is its own). Influence is summed within
    clusters, with the G / (G - 1) correction.
    """
    n = influence.shape[0]
    matrix = influence.reshape(n, -1)
    if clusters is None:
        sums = matrix
    else:
        size = int(clusters.max()) + 1 if n else 0
        present = np.bincount(clusters, minlength=size) > 0
        sums = np.column_stack(
            [np.bincount(clusters, weights=column, minlength=size) for column in matrix.T]
        )[present]
    count = sums.shape[0]
    scale = count / (count - 1) if count > 1 else 1.0
    # A few columns: dot products are far quicker than a matrix product of a tall matrix.
    columns = [np.ascontiguousarray(column) for column in sums.T]
    gram = np.array([[float(a @ b) for b in columns] for a in columns])
    return np.asarray(scale * gram / n**2)


def _weight_influence(in_group: np.ndarray, shares: np.ndarray, att: np.ndarray) -> np.ndarray:
    """The influence of estimating weights proportional to cohort shares, times the effects.

    Callaway and Sant'Anna's `wif` (one column per cohort) multiplied by att, without
    forming the schools x cohorts matrix of the second term.
    """
    total = shares.sum()
    deviation = in_group.astype(float) - shares
    return np.asarray(
        deviation @ att / total - deviation.sum(axis=1) * float(shares @ att) / total**2
    )


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
    combined = influence @ weights + _weight_influence(in_group, shares, att)
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
    from scipy.stats import chi2  # seconds to load: only once a pre-trend is tested

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
    return estimate_many(wide, comparison, [eligible], cluster)[0]


def estimate_many(
    wide: Wide,
    comparison: Comparison,
    eligibles: Sequence[np.ndarray | None],
    cluster: str = SCHOOL,
) -> list[Estimates]:
    """estimate for several sets of eligible schools, sharing the comparison regressions."""
    clustering = None if cluster == SCHOOL else wide.clusters[cluster]
    found = []
    for eligible, cells in zip(
        eligibles, group_time_effects_for(wide, comparison, eligibles), strict=True
    ):
        found.append(_summarise(wide, cells, eligible, cluster, clustering))
    return found


def _summarise(
    wide: Wide,
    cells: Cells,
    eligible: np.ndarray | None,
    cluster: str,
    clustering: np.ndarray | None,
) -> Estimates:
    """The aggregates, intervals and checks of one set of cells."""
    overall = overall_effect(cells)
    events = event_study(cells)
    errors: dict[str, float] = {}
    interval = None
    if overall is not None:
        for name, codes in [(SCHOOL, None), *wide.clusters.items()]:
            errors[name] = float(np.sqrt(covariance(overall.influence, codes)[0, 0]))
        interval = Interval(overall.estimate, errors[cluster])
    from_first_year = (wide.cohort == 1) & (True if eligible is None else eligible)
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
        always_covered=int(np.sum(from_first_year)),
        cells=len(cells.att),
    )
