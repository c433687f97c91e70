"""The validation study: how often the intervals cover a planted effect, and the naive bias.

Run by the tests (a few hundred panels) and by bench/effects_validation.py (500 per
scenario). Every panel has its own fixed seed, so a study is reproducible to the digit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from sspcollect.effects.design import add_covariates
from sspcollect.effects.estimator import Z95, Comparison, estimate, wide_from_long
from sspcollect.effects.simulate import OUTCOME, synthetic_panel


@dataclass(frozen=True)
class Study:
    """What one scenario's panels showed."""

    datasets: int
    effect: float
    mean_truth: float
    coverage: float  # share of 95% intervals (clustered by school) covering the truth
    coverage_by_area: float  # the same with intervals clustered by local authority
    bias: float  # mean of estimate - truth
    spread: float  # standard deviation of estimate - truth
    width: float  # mean width of the 95% interval
    naive_bias: float  # mean of the naive comparison - truth
    naive_coverage: float  # share of the naive comparison's intervals covering the truth
    pre_trend_rejections: float  # share of pre-trend tests rejecting at 5%
    seconds_per_dataset: float


def run_study(
    datasets: int,
    effect: float,
    schools: int = 1500,
    first_seed: int = 0,
    comparison: Comparison = Comparison.NOT_YET,
) -> Study:
    """Estimate the effect in datasets synthetic panels planted with effect."""
    started = time.perf_counter()
    # The regressions are small: BLAS threads only wait on each other.
    with threadpool_limits(limits=1, user_api="blas"):
        rows = [
            _one(seed, schools, effect, comparison)
            for seed in range(first_seed, first_seed + datasets)
        ]
    values = np.array(rows, dtype=float)
    return Study(
        datasets=datasets,
        effect=effect,
        mean_truth=float(values[:, 0].mean()),
        coverage=float(values[:, 1].mean()),
        coverage_by_area=float(values[:, 2].mean()),
        bias=float(values[:, 3].mean()),
        spread=float(values[:, 3].std(ddof=1)),
        width=float(values[:, 4].mean()),
        naive_bias=float(values[:, 5].mean()),
        naive_coverage=float(values[:, 6].mean()),
        pre_trend_rejections=float(values[:, 7].mean()),
        seconds_per_dataset=(time.perf_counter() - started) / datasets,
    )


def _one(
    seed: int, schools: int, effect: float, comparison: Comparison
) -> tuple[float, bool, bool, float, float, float, bool, bool]:
    """One panel: truth, coverage (by school, by area), error, width, naive error and
    coverage, and whether the pre-trend test rejected."""
    panel = synthetic_panel(seed, schools=schools, effect=effect)
    school_rows, terms = add_covariates(panel.frame.drop_duplicates("unit"))
    frame = panel.frame.merge(school_rows[["unit", *terms]], on="unit")
    wide, _units = wide_from_long(frame, OUTCOME, terms, ["la"])
    result = estimate(wide, comparison)
    overall, naive = result.overall, result.naive
    assert overall is not None and naive is not None and result.pre_trend is not None
    error = overall.estimate - panel.truth
    return (
        panel.truth,
        overall.covers(panel.truth),
        abs(error) <= Z95 * result.standard_errors["la"],
        error,
        overall.upper - overall.lower,
        naive.estimate - panel.truth,
        naive.covers(panel.truth),
        result.pre_trend.p_value < 0.05,
    )
