"""'Not available' is not zero: areas no counted return reaches are x, percentages are taken over
the schools whose force's return is counted, and the guidance says what each figure covers."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from sspcollect.datasets.export import build_national
from sspcollect.datasets.names import ACCEPTED, ACCEPTED_AND_SUBMITTED
from sspcollect.db import session
from sspcollect.models import Return
from tests.datasets.factories import Synthetic, build_synthetic_collection
from tests.datasets.independent import read_csv

METROPOLITAN = "E23000001"  # its force return is submitted, not accepted
CUMBRIA = "E23000002"  # accepted
LONDON = "E12000007"
REGISTER = ("partnership_count", "schools_covered_count", "officer_fte", "schools_covered_percent")


@pytest.fixture
def synthetic(app: Flask) -> Synthetic:
    """The synthetic collection of tests/datasets/factories.py."""
    return build_synthetic_collection()


def _rows(files: dict[str, bytes], name: str, **filters: str) -> list[dict[str, str]]:
    """The rows of a file whose filters are all Total unless given."""
    rows = read_csv(files[f"{name}.csv"])
    return [
        row
        for row in rows
        if all(row[k] == filters.get(k, "Total") for k in row if k in FILTERS[name])
    ]


FILTERS = {
    "ssp_partnerships": ("ssp_model", "education_phase"),
    "ssp_police_outcomes": ("ssp_model",),
    "ssp_funding": ("funding_source", "funding_horizon"),
    "ssp_school_outcomes": ("ssp_status", "ssp_model", "vru_area"),
}


def test_a_force_area_whose_return_is_not_counted_is_not_available_never_zero(
    synthetic: Synthetic,
) -> None:
    """The Metropolitan Police return is only submitted: its register figures are x, its
    schools are still counted as schools, and a counted force's true zeros stay 0."""
    files = build_national(synthetic.collection, ACCEPTED, threshold=1).files
    for row in _rows(files, "ssp_partnerships"):
        if row["pfa_code"] == METROPOLITAN or row["region_code"] == LONDON:
            assert [row[c] for c in REGISTER] == ["x"] * 4, row
            assert int(row["school_count"]) > 0 and row["schools_counted_count"] == "0"
    police = {r["pfa_code"]: r for r in _rows(files, "ssp_police_outcomes") if r["pfa_code"]}
    assert police[METROPOLITAN]["partnership_count"] == "x"
    assert police[CUMBRIA]["partnership_count"] not in ("x", "0")
    funding = [r for r in _rows(files, "ssp_funding") if r["pfa_code"] == METROPOLITAN]
    assert funding and all(r["partnership_count"] == "x" for r in funding)
    cumbria = [
        r
        for r in read_csv(files["ssp_funding.csv"])
        if r["pfa_code"] == CUMBRIA and r["funding_horizon"] == "Total"
    ]
    assert "0" in {r["partnership_count"] for r in cumbria}  # a source no partnership has
    assert "x" not in {r["partnership_count"] for r in cumbria}


def test_counting_submitted_returns_too_makes_the_area_available(synthetic: Synthetic) -> None:
    """Counting submitted returns brings the Metropolitan Police register in."""
    files = build_national(synthetic.collection, ACCEPTED_AND_SUBMITTED, threshold=1).files
    met = next(r for r in _rows(files, "ssp_partnerships") if r["pfa_code"] == METROPOLITAN)
    assert met["partnership_count"] != "x"
    assert met["schools_counted_count"] == met["school_count"]


def test_the_national_percentage_is_over_schools_whose_force_return_is_counted(
    synthetic: Synthetic,
) -> None:
    """The headline percentage divides by the schools in counted force areas, and says so."""
    built = build_national(synthetic.collection, ACCEPTED, threshold=1)
    national = next(
        r for r in _rows(built.files, "ssp_partnerships") if r["country_code"] == "K04000001"
    )
    covered, counted = (
        int(national["schools_covered_count"]),
        int(national["schools_counted_count"]),
    )
    assert counted < int(national["school_count"])
    assert float(national["schools_covered_percent"]) == round(100 * covered / counted, 1)
    guidance = built.files["ssp_data_guidance.txt"].decode()
    assert f"nationally {covered:,} of {counted:,}" in guidance
    assert "Metropolitan Police" in guidance
    assert "shown as x (not available), never 0" in guidance


def test_an_area_with_no_counted_school_return_is_not_available(synthetic: Synthetic) -> None:
    """With no school return of Cumbria counted, its school figures are x, never 0, while
    its count of schools whose return is counted is a true 0."""
    for school_return in session.scalars(
        select(Return).where(Return.kind == "school", Return.force_area_code == CUMBRIA)
    ):
        school_return.status = "in_progress"
    session.commit()
    files = build_national(synthetic.collection, ACCEPTED, threshold=1).files
    cumbria = [r for r in read_csv(files["ssp_school_outcomes.csv"]) if r["pfa_code"] == CUMBRIA]
    assert cumbria
    for row in cumbria:
        assert row["school_count"] == "0"
        assert row["pupil_count"] == row["attendance_percent"] == row["suspension_rate"] == "x"
    progress = [
        r for r in read_csv(files["ssp_collection_progress.csv"]) if r["pfa_code"] == CUMBRIA
    ]
    school = next(r for r in progress if r["return_type"] == "School")
    assert school["returns_included_count"] == "0" and school["returns_included_percent"] == "0.0"
