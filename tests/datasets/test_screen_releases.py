"""Every file of the small demo's and the national release passes the screen before publication.

The screen (sspcollect.datasets.screening) runs DfE's screener checks under their own names.
No check fails and only one warns: `data_dict_col_name`, for the columns DfE's data dictionary
has no name for (a partnership's model, its officer FTE, funding sources, a force's counts).
Wherever the dictionary does have a name (`education_phase` with its items, `school_count`,
`pupil_count`) the files use it, so those never appear in the warning.
"""

from __future__ import annotations

import dataclasses

from flask import Flask
from sqlalchemy import select

from sspcollect.datasets.export import Datasets, build_files, build_national
from sspcollect.datasets.screening import FAIL, ReleaseScreen, screen_release
from sspcollect.datasets.screening.dictionary import FILTERS, INDICATORS
from sspcollect.db import session
from sspcollect.demo.small import load_demo
from sspcollect.models import Collection
from tests.datasets.factories import build_synthetic_collection
from tests.datasets.independent import read_csv
from tests.datasets.national import national_inputs

THRESHOLD = 3
DFE_NAMES = ("education_phase", "school_count", "pupil_count")


def _assert_passes(built: Datasets) -> ReleaseScreen:
    """No check fails; the only warning names columns the dictionary has no name for."""
    screened = screen_release(built.files)
    assert screened.failures == []
    assert len(screened.files) == sum(1 for name in built.files if name.endswith(".meta.csv"))
    for name, check in screened.warnings:
        assert check.name == "data_dict_col_name", (name, check.message)
        assert not any(dfe in check.message for dfe in DFE_NAMES), check.message
    assert not [check for check in screened.checks if check.result == FAIL]
    return screened


def _assert_no_welsh_local_authority(built: Datasets) -> None:
    """Local authority rows are England's; Wales is there at national and force area level."""
    for name in ("ssp_partnerships", "ssp_collection_progress"):
        rows = read_csv(built.files[f"{name}.csv"])
        local = [row for row in rows if row["geographic_level"] == "Local authority"]
        assert local and all(row["new_la_code"].startswith("E") for row in local)
        assert all(row["region_code"].startswith("E12") for row in local)
        assert any(row["country_code"] == "W92000004" for row in rows)
        welsh_forces = {row["pfa_code"] for row in rows if row["pfa_code"].startswith("W15")}
        assert welsh_forces


def test_the_synthetic_collection_passes_the_screen(app: Flask) -> None:
    """Both choices of returns, every file."""
    synthetic = build_synthetic_collection()
    for included in ("accepted", "accepted_and_submitted"):
        built = build_national(synthetic.collection, included)
        _assert_passes(built)
        _assert_no_welsh_local_authority(built)


def test_the_small_demo_passes_the_screen(app: Flask) -> None:
    """The demo's closed collection as the datasets page and export-national build it."""
    load_demo(echo=lambda _message: None)
    for collection in session.scalars(select(Collection).where(Collection.status != "draft")):
        built = build_national(collection)
        _assert_passes(built)
        _assert_no_welsh_local_authority(built)
        if collection.status == "closed":
            assert built.absent == {}


def test_a_national_release_passes_the_screen_with_dfe_names_and_items() -> None:
    """26,000 schools in every local authority: DfE's phase items, no Welsh authority rows."""
    built = build_files(national_inputs(), THRESHOLD)
    _assert_passes(built)
    _assert_no_welsh_local_authority(built)
    partnerships = read_csv(built.files["ssp_partnerships.csv"])
    assert {row["education_phase"] for row in partnerships} == {
        "Total",
        "Nursery",
        "Primary",
        "Middle (deemed primary)",
        "Middle (deemed secondary)",
        "Secondary",
        "All-through",
        "Further education",
        "Other education phase",
    }
    warned = screen_release(built.files).file("ssp_partnerships")
    assert warned is not None
    assert [check.name for check in warned.warnings] == ["data_dict_col_name"]
    assert "education_phase" in FILTERS and {"school_count", "pupil_count"} <= INDICATORS


def test_a_file_without_figures_is_not_written_and_the_guidance_says_why() -> None:
    """No force return counted: no funding or police outcomes file, and the guidance says so."""
    inputs = national_inputs()
    returns = inputs.returns.copy()
    returns.loc[returns["kind"] == "force", "status"] = "not_started"
    nothing = dataclasses.replace(
        inputs,
        returns=returns,
        partnerships=inputs.partnerships.iloc[:0],
        links=inputs.links.iloc[:0],
        outcomes=inputs.outcomes.iloc[:0],
    )
    built = build_files(nothing, THRESHOLD)
    assert sorted(built.absent) == ["ssp_funding", "ssp_police_outcomes"]
    assert not any(name.startswith(("ssp_funding", "ssp_police")) for name in built.files)
    guidance = built.files["ssp_data_guidance.txt"].decode()
    assert "ssp_funding.csv is not in this release: it would have no figures." in guidance
    assert "No police force return is counted in these files yet" in guidance
    assert "ssp_register.csv is not part of this release" in guidance
    screened = screen_release(built.files)
    assert screened.failures == [] and len(screened.files) == 3
