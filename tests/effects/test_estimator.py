"""Known answers: small hand-built panels whose effects are worked out on paper."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sspcollect.effects.estimator import (
    MDE_MULTIPLIER,
    Comparison,
    Wide,
    covariance,
    estimate,
    group_time_effects,
    wide_from_long,
)

# Six schools over three years: two first covered in year 2, two in year 3, two never.
#          year 1  2  3     cohort
HAND = {
    "A": ([10, 12, 15], 2),
    "B": ([20, 20, 23], 2),
    "C": ([5, 6, 4], 3),
    "D": ([7, 9, 8], 3),
    "E": ([8, 9, 10], 0),
    "F": ([12, 13, 14], 0),
}


def hand_panel() -> Wide:
    """The six-school panel above, without covariates."""
    outcome = np.array([values for values, _cohort in HAND.values()], dtype=float)
    cohort = np.array([cohort for _values, cohort in HAND.values()])
    return Wide(
        outcome=outcome,
        cohort=cohort,
        covered_last=cohort > 0,
        covariates=np.zeros((6, 0)),
        clusters={"la": np.array([0, 0, 1, 1, 2, 2])},
    )


def cells_by_key(comparison: Comparison) -> dict[tuple[int, int], float]:
    """ATT(g, t) of the hand panel, by (cohort, year)."""
    cells = group_time_effects(hand_panel(), comparison)
    return {
        (int(g), int(t)): float(att)
        for g, t, att in zip(cells.group, cells.year, cells.att, strict=True)
    }


def test_group_time_effects_with_not_yet_covered_schools_match_the_paper_working() -> None:
    """Cohort 2 in year 2 is compared with C, D, E and F (not yet covered), and so on."""
    # (2, 2): A, B change by 2 and 0 (mean 1); C, D, E, F by 1, 2, 1, 1 (mean 1.25).
    # (2, 3): A, B change by 5 and 3 from year 1 (mean 4); only E, F remain, by 2 each.
    # (3, 2): placebo, year 1 to 2: C, D by 1 and 2 (1.5); E, F by 1 (A, B are covered).
    # (3, 3): year 2 to 3: C, D by -2 and -1 (-1.5); E, F by 1.
    assert cells_by_key(Comparison.NOT_YET) == pytest.approx(
        {(2, 2): -0.25, (2, 3): 2.0, (3, 2): 0.5, (3, 3): -2.5}
    )


def test_group_time_effects_with_never_covered_schools_use_only_e_and_f() -> None:
    """With never-covered comparisons, cohort 2 in year 2 is compared with E and F only."""
    assert cells_by_key(Comparison.NEVER) == pytest.approx(
        {(2, 2): 0.0, (2, 3): 2.0, (3, 2): 0.5, (3, 3): -2.5}
    )


def test_overall_effect_weights_each_cohorts_mean_by_its_size() -> None:
    """Cohort 2 averages (-0.25 + 2) / 2 = 0.875, cohort 3 has -2.5; equal sizes: -0.8125."""
    result = estimate(hand_panel(), Comparison.NOT_YET)
    assert result.overall is not None
    assert result.overall.estimate == pytest.approx(-0.8125)
    assert result.schools_treated == 4
    assert result.schools_compared == 4  # C and D serve as comparisons before their year


def test_event_study_averages_cells_by_years_since_the_partnership_began() -> None:
    """Year 0: (-0.25 - 2.5) / 2; year 1: cohort 2 in year 3; year -1: the placebo of cohort 3."""
    result = estimate(hand_panel(), Comparison.NOT_YET)
    estimates = {event: interval.estimate for event, interval in result.events.items()}
    assert estimates == pytest.approx({-1: 0.5, 0: -1.375, 1: 2.0})
    assert result.event_schools[1] == (2, 2)


def test_standard_error_of_one_cell_is_the_two_sample_formula() -> None:
    """Year 1 rests on one cell: A, B change by 5 and 3 (deviations 1 and -1), E and F by 2.

    Variance = (1 + 1) / 2**2 + 0 = 0.5, times the clustering correction G / (G - 1) = 6 / 5.
    """
    result = estimate(hand_panel(), Comparison.NEVER)
    assert result.events[1].standard_error == pytest.approx(math.sqrt(0.5 * 6 / 5))
    assert result.events[1].lower == pytest.approx(2.0 - 1.959964 * math.sqrt(0.6), abs=1e-5)


def test_clustering_by_area_sums_influence_within_each_area() -> None:
    """Influence 1, 1, 1, -1 over two areas: by school 4 / 16 x 4/3; by area (2**2 + 0) / 16 x 2."""
    influence = np.array([1.0, 1.0, 1.0, -1.0])
    assert covariance(influence)[0, 0] == pytest.approx(4 / 16 * 4 / 3)
    assert covariance(influence, np.array([0, 0, 1, 1]))[0, 0] == pytest.approx(4 / 16 * 2)


def test_outcome_regression_recovers_an_effect_that_raw_changes_would_overstate() -> None:
    """Comparison schools change by exactly 1 + 2x; treated ones by 1 + 2x + 5, with larger x.

    The raw difference in changes is 10 - 4 = 6; given x, the effect is exactly 5, and with
    no residual anywhere its standard error is zero.
    """
    x = np.array([0.0, 1.0, 2.0, 3.0, 1.0, 3.0])
    change = 1 + 2 * x + np.array([0, 0, 0, 0, 5, 5])
    wide = Wide(
        outcome=np.column_stack([np.zeros(6), change]),
        cohort=np.array([0, 0, 0, 0, 2, 2]),
        covered_last=np.array([False] * 4 + [True] * 2),
        covariates=x[:, None],
    )
    with_x = estimate(wide, Comparison.NEVER)
    assert with_x.overall is not None
    assert with_x.overall.estimate == pytest.approx(5.0)
    assert with_x.overall.standard_error == pytest.approx(0.0, abs=1e-9)
    without = estimate(Wide(wide.outcome, wide.cohort, wide.covered_last, np.zeros((6, 0))))
    assert without.overall is not None
    assert without.overall.estimate == pytest.approx(6.0)


def test_noise_free_staggered_panel_gives_back_every_planted_effect() -> None:
    """School and year effects plus effects that differ by cohort and by years since.

    A two-way fixed-effects regression would mix these; each ATT(g, t) must be exact and
    every placebo exactly zero.
    """
    planted = {2: [1.0, 3.0, 5.0, 7.0], 3: [-2.0, -4.0, -6.0], 4: [10.0, 10.0]}
    rng = np.random.default_rng(1)
    cohort = np.repeat([0, 2, 3, 4, 0], 8)
    level = rng.normal(50, 10, len(cohort))
    year_effect = np.array([0.0, 1.5, -0.5, 2.0, 4.0])
    outcome = level[:, None] + year_effect[None, :]
    for g, effects in planted.items():
        outcome[cohort == g, g - 1 :] += effects
    wide = Wide(outcome, cohort, cohort > 0, np.zeros((len(cohort), 0)))
    cells = group_time_effects(wide, Comparison.NOT_YET)
    for g, t, att in zip(cells.group, cells.year, cells.att, strict=True):
        expected = planted[g][t - g] if t >= g else 0.0
        assert att == pytest.approx(expected), (g, t)
    result = estimate(wide)
    assert result.overall is not None
    assert result.overall.estimate == pytest.approx((4.0 - 4.0 + 10.0) / 3)
    placebo = [interval.estimate for event, interval in result.events.items() if event < 0]
    assert placebo == pytest.approx([0.0, 0.0])


def test_schools_covered_from_the_first_year_are_not_counted_as_treated() -> None:
    """They have no year before their partnership, so nothing can be learnt from them."""
    wide = hand_panel()
    cohort = wide.cohort.copy()
    cohort[0] = 1
    result = estimate(Wide(wide.outcome, cohort, wide.covered_last, wide.covariates))
    assert result.always_covered == 1
    assert result.schools_treated == 3


def test_minimum_detectable_effect_is_2_8_standard_errors() -> None:
    """80% power at the 5% level: z(0.975) + z(0.8) standard errors."""
    result = estimate(hand_panel(), Comparison.NEVER)
    assert result.overall is not None
    assert pytest.approx(2.8016, abs=1e-4) == MDE_MULTIPLIER
    assert result.minimum_detectable_effect == pytest.approx(
        MDE_MULTIPLIER * result.overall.standard_error
    )


def test_naive_comparison_is_the_difference_of_last_year_means() -> None:
    """Covered in year 3: A, B, C, D (mean 12.5); not covered: E, F (mean 12)."""
    result = estimate(hand_panel())
    assert result.naive is not None
    assert result.naive.estimate == pytest.approx(0.5)


def test_a_cell_without_comparison_schools_is_left_out() -> None:
    """When every school is covered by year 3, nothing stands for year 3 without one."""
    wide = hand_panel()
    cohort = np.array([2, 2, 3, 3, 3, 3])
    cells = group_time_effects(Wide(wide.outcome, cohort, cohort > 0, wide.covariates))
    assert (3 not in cells.year.tolist()) and len(cells.att) == 1


def test_wide_layout_keeps_missing_years_missing() -> None:
    """A school without a return one year has no outcome that year, not zero."""
    frame = pd.DataFrame(
        {
            "unit": [1, 1, 1, 2, 2],
            "year": [1, 2, 3, 1, 3],
            "cohort": [2, 2, 2, 0, 0],
            "covered": [False, True, True, False, False],
            "y": [1.0, 2.0, 3.0, 4.0, 6.0],
            "la": ["x", "x", "x", "y", "y"],
        }
    )
    wide, units = wide_from_long(frame, "y", clusters=["la"])
    assert list(units) == [1, 2]
    assert np.isnan(wide.outcome[1, 1])
    assert wide.covered_last.tolist() == [True, False]
    assert wide.clusters["la"].tolist() == [0, 1]
