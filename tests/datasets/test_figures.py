"""Every figure in every file agrees with a second, plain implementation (independent.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask

from sspcollect.datasets.export import build_national
from sspcollect.datasets.names import ACCEPTED, ACCEPTED_AND_SUBMITTED
from sspcollect.db import session
from sspcollect.models import SubmittedPartnership
from tests.datasets.factories import Synthetic, build_synthetic_collection, create_collection
from tests.datasets.independent import FIGURES, TOTAL, World, load_world, read_csv

STATUSES = {ACCEPTED: ("accepted",), ACCEPTED_AND_SUBMITTED: ("accepted", "submitted")}
# Indicators whose missing figures are "not available" (x) rather than "not applicable" (z).
NOT_AVAILABLE = {
    "feel_safe_percent",
    "crimes_recorded_count",
    "violent_crimes_recorded_count",
    "weapon_incidents_count",
    "asb_incidents_count",
    "safeguarding_referrals_count",
    "diversion_referrals_count",
    "sessions_delivered_count",
    "pupils_engaged_count",
}


@pytest.fixture
def synthetic(app: Flask) -> Synthetic:
    """The synthetic collection of tests/datasets/factories.py."""
    return build_synthetic_collection()


def _check_cell(cell: str, expected: float | None, column: str, dp: int) -> None:
    """A published cell shows the expected figure, rounded, or the right symbol."""
    if expected == "x":
        assert cell == "x", (column, cell)
    elif expected is None:
        assert cell == ("x" if column in NOT_AVAILABLE else "z"), column
    elif cell == "low":
        assert expected != 0 and round(expected, dp) == 0, column
    else:
        assert abs(float(cell) - expected) <= 0.5 * 10**-dp + 1e-9, (column, cell, expected)


def _compare(files: dict[str, bytes], world: World, threshold: int) -> int:
    """Check every figure of every data file; returns how many cells were compared."""
    compared = 0
    for name, figures in FIGURES.items():
        meta = read_csv(files[f"{name}.meta.csv"])
        indicators = [
            (m["col_name"], int(m["indicator_dp"])) for m in meta if m["col_type"] == "Indicator"
        ]
        for row in read_csv(files[f"{name}.csv"]):
            expected = figures(world, row)
            for column, dp in indicators:
                cell = row[column]
                value = expected[column]
                if cell == "c":
                    assert threshold > 1, (name, column, row)
                    continue
                small = isinstance(value, int | float) and 0 < value < threshold
                public = column in ("school_count", "schools_counted_count") and (
                    row.get("ssp_status", TOTAL) == TOTAL
                )
                if column.endswith("_count") and name != "ssp_collection_progress" and not public:
                    assert not small, (name, column, row)
                _check_cell(cell, value, column, dp)
                compared += 1
    return compared


@pytest.mark.parametrize("included", [ACCEPTED, ACCEPTED_AND_SUBMITTED])
def test_every_figure_agrees_with_a_second_implementation(
    synthetic: Synthetic, included: str
) -> None:
    """With nothing suppressed, every cell of every file is recomputed from the register."""
    built = build_national(synthetic.collection, included, threshold=1)
    world = load_world(synthetic.collection, STATUSES[included], built.register)
    assert _compare(built.files, world, threshold=1) > 3000


def test_published_figures_agree_and_small_counts_are_hidden(synthetic: Synthetic) -> None:
    """At the default threshold every figure shown is right and no count of 1 or 2 is shown."""
    built = build_national(synthetic.collection, ACCEPTED)
    assert built.threshold == 3
    world = load_world(synthetic.collection, STATUSES[ACCEPTED], built.register)
    compared = _compare(built.files, world, threshold=3)
    hidden = sum(
        list(row.values()).count("c")
        for name in FIGURES
        for row in read_csv(built.files[f"{name}.csv"])
    )
    assert compared > 500
    assert hidden > 50


def test_partnerships_file_has_every_model_and_phase_for_every_area(synthetic: Synthetic) -> None:
    """Areas with schools appear with each phase and each model, zeros included; a local
    authority by model or by phase, not both."""
    built = build_national(synthetic.collection, ACCEPTED, threshold=1)
    rows = read_csv(built.files["ssp_partnerships.csv"])
    force = [r for r in rows if r["pfa_code"] == "E23000014"]
    assert len(force) == 6 * len({r["education_phase"] for r in force})
    cumberland = [r for r in rows if r["new_la_code"] == "E06000063"]
    models = {r["ssp_model"] for r in cumberland}
    assert models == {
        "Total",
        "School-based officer",
        "Cluster officer",
        "Neighbourhood policing link",
        "Force or area schools team",
        "Other",
    }
    phases = {r["education_phase"] for r in cumberland}
    assert phases == {"Total", "Primary", "Secondary", "Other education phase"}
    assert len(cumberland) == len(models) + len(phases) - 1
    assert all("Total" in (r["ssp_model"], r["education_phase"]) for r in cumberland)


def test_register_is_the_frozen_snapshot_of_counted_force_returns(synthetic: Synthetic) -> None:
    """A later edit of the live register, and returns not counted, never reach the files."""
    accepted = read_csv(build_national(synthetic.collection, ACCEPTED).register)
    both = read_csv(build_national(synthetic.collection, ACCEPTED_AND_SUBMITTED).register)
    assert {r["pfa_code"] for r in accepted} == {"E23000014", "E23000002", "W15000003"}
    assert {r["pfa_code"] for r in both} == {"E23000014", "E23000002", "W15000003", "E23000001"}
    assert "9.9" not in {r["officer_fte"] for r in accepted}
    first = session.get(SubmittedPartnership, 1)
    assert first is not None and first.fte != Decimal("9.9")
    assert {r["force_return_status"] for r in both} == {"accepted", "submitted"}


def test_register_neutralises_text_that_could_run_as_a_formula(synthetic: Synthetic) -> None:
    """A partnership reference or school name starting with + or = is written as text."""
    register = read_csv(build_national(synthetic.collection, ACCEPTED).register)
    references = {r["partnership_reference"] for r in register}
    assert "'+SUM(A1)" in references and "+SUM(A1)" not in references
    assert "'=HYPERLINK(1)" in {r["school_name"] for r in register}
    assert any(r["school_in_collection"] == "no" for r in register)


def test_a_partnership_with_several_funding_sources_counts_under_each(
    synthetic: Synthetic,
) -> None:
    """Sources add up to more than the total; the meta and the guidance say so."""
    files = build_national(synthetic.collection, ACCEPTED, threshold=1).files
    national = [
        r
        for r in read_csv(files["ssp_funding.csv"])
        if r["country_code"] == "K04000001" and r["funding_horizon"] == "Total"
    ]
    total = next(int(r["partnership_count"]) for r in national if r["funding_source"] == "Total")
    by_source = sum(int(r["partnership_count"]) for r in national if r["funding_source"] != "Total")
    assert by_source > total
    assert b"counts under each" in files["ssp_funding.meta.csv"]
    assert b"counts under each source in ssp_funding" in files["ssp_data_guidance.txt"]


@pytest.mark.parametrize(
    ("included", "words"),
    [
        (ACCEPTED, "accepted returns only"),
        (ACCEPTED_AND_SUBMITTED, "accepted and submitted returns"),
    ],
)
def test_progress_file_and_guidance_say_which_returns_count(
    synthetic: Synthetic, included: str, words: str
) -> None:
    """The choice of returns is named in the progress file's meta and in the guidance."""
    files = build_national(synthetic.collection, included).files
    assert words in files["ssp_collection_progress.meta.csv"].decode()
    guidance = files["ssp_data_guidance.txt"].decode()
    assert f"These files count {words}" in guidance
    assert "School returns: 55 expected" in guidance
    assert "A protected count from 1 to 2 (below the threshold of 3) is shown as c" in guidance


def test_a_collection_without_returns_writes_no_empty_file(app: Flask) -> None:
    """An empty collection writes no data file: the guidance says each is absent and why."""
    collection = create_collection(time_period="203031", title="Empty")
    built = build_national(collection, ACCEPTED)
    assert list(built.files) == ["ssp_data_guidance.txt"]
    assert sorted(built.absent) == sorted(FIGURES)
    guidance = built.files["ssp_data_guidance.txt"].decode()
    for name in FIGURES:
        assert f"{name}.csv is not in this release: it would have no figures." in guidance
    assert "The collection has no returns yet." in guidance
