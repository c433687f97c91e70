"""Year-on-year queries fire on big moves only, and never without a previous return."""

from __future__ import annotations

import pytest

from sspcollect.validation import CATALOGUE, Scope
from sspcollect.validation.year_on_year import big_change


@pytest.mark.parametrize(
    ("before", "after", "fires"),
    [
        (20, 31, True),  # +11, 55%
        (20, 30, False),  # +10 is not more than 10
        (100, 140, False),  # 40%
        (100, 151, True),
        (100, 49, True),  # -51
        (0, 11, True),
        (0, 10, False),
        (None, 500, False),
        (12, None, False),
    ],
)
def test_big_change_needs_more_than_half_and_more_than_ten(
    before: int | None, after: int | None, fires: bool
) -> None:
    """Both conditions must hold."""
    assert big_change(before, after) is fires


def _fired(scope: Scope, values: dict[str, object]) -> list[str]:
    """Ids of year-on-year rules that fire."""
    return [r.rule.id for r in CATALOGUE.run(scope, values) if r.rule.id.startswith("YOY")]


def test_school_query_names_the_counts_that_moved() -> None:
    """The message says which figure moved, from what to what."""
    values = {
        "suspensions": 40,
        "pupils_on_roll": 500,
        "previous": {"suspensions": 12, "pupils_on_roll": 480},
    }
    results = [r for r in CATALOGUE.run(Scope.SCHOOL_RETURN, values) if r.rule.id == "YOY-001"]
    assert len(results) == 1
    assert results[0].message == (
        "Since your school\u2019s last return, the number of suspensions went from 12 to 40."
    )
    assert results[0].question == (
        "Why did the number of suspensions change so much since last year?"
    )


def test_school_query_lists_several_counts_in_one_sentence() -> None:
    """Several moves read as one sentence, and the question asks about 'these figures'."""
    values = {
        "suspensions": 300,
        "bullying_incidents": 12,
        "previous": {"suspensions": 25, "bullying_incidents": 0},
    }
    [result] = [r for r in CATALOGUE.run(Scope.SCHOOL_RETURN, values) if r.rule.id == "YOY-001"]
    assert result.message == (
        "Since your school\u2019s last return, the number of suspensions went from 25 to 300 "
        "and the number of bullying incidents from 0 to 12."
    )
    assert result.question == "Why did these figures change so much since last year?"


def test_no_query_without_a_previous_return() -> None:
    """A first return has nothing to compare with."""
    assert _fired(Scope.SCHOOL_RETURN, {"suspensions": 400}) == []
    assert _fired(Scope.OUTCOMES, {"crimes_recorded": 400, "previous": None}) == []


def test_force_outcome_query_fires_per_partnership() -> None:
    """Outcome counts compare with the same partnership's previous outcomes."""
    assert _fired(Scope.OUTCOMES, {"crimes_recorded": 40, "previous": {"crimes_recorded": 10}}) == [
        "YOY-002"
    ]
    assert (
        _fired(Scope.OUTCOMES, {"crimes_recorded": 14, "previous": {"crimes_recorded": 10}}) == []
    )
