"""Plausibility queries and the FTE error, each checked on the values its rule reads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sspcollect.validation import CATALOGUE, Level, Scope


def _fired(scope: Scope, values: dict[str, Any]) -> dict[str, str]:
    """The rules that fire on values, id to message."""
    return {result.rule.id: result.message for result in CATALOGUE.run(scope, values)}


def _figures(**changes: Any) -> dict[str, Any]:
    """A school's figures that raise nothing, with changes."""
    values: dict[str, Any] = {
        "has_ssp": "no",
        "pupils_on_roll": 420,
        "attendance_percent": Decimal("93.5"),
        "persistent_absence_percent": Decimal("18.2"),
        "suspensions": 12,
        "permanent_exclusions": 1,
        "violent_incidents": 3,
        "weapon_incidents": 0,
        "bullying_incidents": 4,
        "pupils_feel_safe_percent": Decimal(85),
        "school_phase": "Primary",
        "school_name": "Oakfield Primary School",
    }
    values.update(changes)
    return values


def test_ordinary_figures_raise_no_plausibility_query() -> None:
    """The baseline: nothing fires, so each test below shows its own rule firing."""
    assert _fired(Scope.SCHOOL_RETURN, _figures()) == {}


def test_persistent_absence_that_does_not_fit_attendance_is_queried() -> None:
    """SCH-103: 85% persistent absence beside 88% attendance; 40% beside 99% is impossible."""
    fired = _fired(
        Scope.SCHOOL_RETURN,
        _figures(attendance_percent=Decimal(88), persistent_absence_percent=Decimal(85)),
    )
    assert fired["SCH-103"] == (
        "Persistent absence of 85% does not fit with overall attendance of 88%: pupils "
        "missed 12% of sessions in all."
    )
    assert CATALOGUE["SCH-103"].level is Level.QUERY
    impossible = _figures(attendance_percent=Decimal(99), persistent_absence_percent=Decimal(40))
    assert "SCH-103" in _fired(Scope.SCHOOL_RETURN, impossible)
    # With 70% attendance, at least 22% of pupils must have missed 10% or more.
    too_few = _figures(attendance_percent=Decimal(70), persistent_absence_percent=Decimal(5))
    assert "SCH-103" in _fired(Scope.SCHOOL_RETURN, too_few)
    fits = _figures(attendance_percent=Decimal(88), persistent_absence_percent=Decimal(30))
    assert "SCH-103" not in _fired(Scope.SCHOOL_RETURN, fits)


def test_exclusions_in_a_nursery_or_infant_school_are_queried() -> None:
    """SCH-104: suspensions or permanent exclusions of children under 7 are asked about."""
    infant = _figures(school_name="Meadowbank Infant School", suspensions=0)
    assert _fired(Scope.SCHOOL_RETURN, infant)["SCH-104"] == (
        "Your school is an infant school, where suspensions and permanent exclusions are very rare."
    )
    nursery = _figures(school_phase="Nursery", permanent_exclusions=0)
    assert "a nursery school" in _fired(Scope.SCHOOL_RETURN, nursery)["SCH-104"]
    none = _figures(school_phase="Nursery", suspensions=0, permanent_exclusions=0)
    assert "SCH-104" not in _fired(Scope.SCHOOL_RETURN, none)
    junior_and_infant = _figures(school_name="Castle View Junior and Infant School")
    assert "SCH-104" not in _fired(Scope.SCHOOL_RETURN, junior_and_infant)


def _partnership(**changes: Any) -> dict[str, Any]:
    """A partnership's values that raise nothing, with changes."""
    values: dict[str, Any] = {
        "reference": "SSP-001",
        "name": "Oakfield cluster",
        "model": "neighbourhood_link",
        "officer_role": "constable",
        "officer_count": 2,
        "fte": Decimal("1.5"),
        "funding_sources": ["police_force"],
        "funded_until": date(2027, 3, 31),
        "information_sharing_agreement": True,
        "start_date": date(2024, 9, 1),
        "end_date": None,
        "force_area_code": "E23000014",
        "schools": [{"urn": 100001, "days_per_week": None, "known": True, "is_open": True}],
        "reference_date": date(2026, 10, 1),
    }
    values.update(changes)
    return values


def test_ordinary_partnership_raises_nothing() -> None:
    """The baseline for the partnership rules below."""
    assert _fired(Scope.PARTNERSHIP, _partnership()) == {}


def test_fte_above_the_number_of_officers_is_an_error() -> None:
    """POL-019: two officers cannot give 2.5 full-time equivalents."""
    fired = _fired(Scope.PARTNERSHIP, _partnership(fte=Decimal("2.5")))
    assert fired["POL-019"] == (
        "The full-time equivalent (2.5) cannot be more than the number of officers (2): "
        "each officer counts as 1 at most"
    )
    assert CATALOGUE["POL-019"].level is Level.ERROR
    assert "POL-019" not in _fired(Scope.PARTNERSHIP, _partnership(fte=Decimal(2)))


def test_funding_ended_before_the_reference_date_on_a_running_partnership_is_queried() -> None:
    """POL-104: funding until 31 March 2026, reference date 1 October 2026, still running."""
    fired = _fired(Scope.PARTNERSHIP, _partnership(funded_until=date(2026, 3, 31)))
    assert fired["POL-104"] == (
        "Funding ran until 31 March 2026, before the reference date of 1 October 2026, but the "
        "partnership was still running then."
    )
    ended = _partnership(funded_until=date(2026, 3, 31), end_date=date(2026, 7, 31))
    assert "POL-104" not in _fired(Scope.PARTNERSHIP, ended)
    # Outside a collection (editing the register) there is no reference date to compare.
    no_date = _partnership(funded_until=date(2026, 3, 31), reference_date=None)
    assert "POL-104" not in _fired(Scope.PARTNERSHIP, no_date)


def test_more_pupils_engaged_than_on_roll_at_the_covered_schools_is_queried() -> None:
    """POL-105: 25,000 pupils engaged across schools with 2,100 pupils on roll."""
    counts: dict[str, Any] = dict.fromkeys(
        (
            "crimes_recorded",
            "violent_crimes_recorded",
            "weapon_incidents",
            "asb_incidents",
            "safeguarding_referrals",
            "diversion_referrals",
            "sessions_delivered",
        ),
        1,
    )
    fired = _fired(Scope.OUTCOMES, {**counts, "pupils_engaged": 25_000, "covered_pupils": 2_100})
    assert fired["POL-105"] == (
        "The partnership engaged 25,000 pupils, more than the 2,100 pupils on roll at the "
        "schools it covers."
    )
    within = {**counts, "pupils_engaged": 2_100, "covered_pupils": 2_100}
    assert "POL-105" not in _fired(Scope.OUTCOMES, within)
    unknown_roll = {**counts, "pupils_engaged": 25_000, "covered_pupils": None}
    assert "POL-105" not in _fired(Scope.OUTCOMES, unknown_roll)
