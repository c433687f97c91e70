"""The simulation study: intervals cover a planted effect, and zero when none is planted.

Each scenario estimates 200 synthetic panels of 1,500 schools over five years (staggered
partnerships, heterogeneous effects, selection on prior levels, the demo's noise), with fixed
seeds. With 200 panels a true coverage of 95% falls below 90% with a probability of about
one in a thousand, so the check can fail only if the intervals are too narrow (or biased).
bench/effects_validation.py runs the full study of 500 panels per scenario.
"""

from __future__ import annotations

import pytest

from sspcollect.effects.validation import Study, run_study

DATASETS = 200


@pytest.fixture(scope="module")
def planted() -> Study:
    """The study with an effect planted (-1.5 incidents per 1,000 pupils at full size)."""
    return run_study(DATASETS, effect=-1.5, first_seed=0)


@pytest.fixture(scope="module")
def null() -> Study:
    """The study with no effect planted."""
    return run_study(DATASETS, effect=0.0, first_seed=10_000)


def test_intervals_cover_the_planted_effect_in_at_least_90_percent_of_panels(
    planted: Study,
) -> None:
    """95% intervals clustered by school cover the true effect at least 90% of the time."""
    assert planted.mean_truth < -1.0
    assert planted.coverage >= 0.90
    assert abs(planted.bias) < 0.25 * planted.spread + 0.05


def test_intervals_cover_zero_in_at_least_90_percent_of_panels_without_an_effect(
    null: Study,
) -> None:
    """Without an effect, the intervals cover zero at least 90% of the time."""
    assert null.mean_truth == 0.0
    assert null.coverage >= 0.90


def test_intervals_clustered_by_local_authority_cover_too(planted: Study, null: Study) -> None:
    """The alternative clustering, by local authority, holds its coverage as well."""
    assert planted.coverage_by_area >= 0.90
    assert null.coverage_by_area >= 0.90


def test_naive_with_and_without_comparison_is_biased_in_the_same_panels(
    planted: Study, null: Study
) -> None:
    """Partnerships go to schools with more incidents, so the raw gap points the wrong way.

    The naive gap is positive (covered schools have more incidents) although the planted
    effect is negative, and its intervals almost never cover the truth.
    """
    for study in (planted, null):
        assert study.naive_bias > 1.0
        assert study.naive_bias > 10 * abs(study.bias)
        assert study.naive_coverage <= 0.05


def test_pre_trend_test_rejects_about_as_often_as_its_level(null: Study) -> None:
    """Trends are parallel given phase and area, so the 5% test rejects rarely."""
    assert null.pre_trend_rejections <= 0.10
