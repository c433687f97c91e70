"""The ssp_effectiveness file: built with the national datasets, screened, x where not estimated."""

from __future__ import annotations

import csv
import io

import pytest
from flask import Flask

from sspcollect.datasets.export import build_national
from sspcollect.datasets.screening import FAIL, WARNING, screen_release
from sspcollect.effects.publication import NAME, cached_analysis, clear_cache, effectiveness_table
from tests.effects.factories import EFFECT, History, build_history


@pytest.fixture
def history(app: Flask) -> History:
    """Four closed collections with the planted effect."""
    clear_cache()
    return build_history()


def rows_of(content: bytes) -> list[dict[str, str]]:
    """The rows of a CSV file."""
    return list(csv.DictReader(io.StringIO(content.decode())))


def row_for(rows: list[dict[str, str]], area: str, model: str, phase: str) -> dict[str, str]:
    """The row of one area and filter items."""
    (found,) = [
        row
        for row in rows
        if area in (row["country_code"], row["region_code"])
        and (row["geographic_level"] == "Regional") == (area == row["region_code"])
        and row["ssp_model"] == model
        and row["education_phase"] == phase
    ]
    return found


def test_the_national_datasets_carry_the_estimates_with_intervals(history: History) -> None:
    """Violent incidents fell by exactly 3 per 1,000 pupils: the interval is exactly -3 too."""
    files = build_national(history.collections[-1]).files
    rows = rows_of(files[f"{NAME}.csv"])
    national = row_for(rows, "K04000001", "Total", "Total")
    assert national["time_period"] == "202526"
    assert national["violent_incident_effect"] == f"{EFFECT:.2f}"
    assert national["violent_incident_effect_lower_ci"] == f"{EFFECT:.2f}"
    assert national["violent_incident_effect_upper_ci"] == f"{EFFECT:.2f}"
    assert national["violent_incident_treated_schools_count"] == "50"
    assert national["attendance_effect"] == "0.00"
    assert national["panel_years_count"] == "4"
    cluster = row_for(rows, "K04000001", "Cluster officer", "Total")
    assert cluster["violent_incident_treated_schools_count"] == "22"


def test_groups_below_the_minimum_are_x_with_their_numbers_of_schools(history: History) -> None:
    """Six secondary schools gained partnerships: no estimate, and no count of six."""
    rows = rows_of(build_national(history.collections[-1]).files[f"{NAME}.csv"])
    secondary = row_for(rows, "K04000001", "Total", "Secondary")
    assert {secondary[c] for c in secondary if c.startswith("violent_incident")} == {"x"}
    assert {row["feel_safe_effect"] for row in rows} == {"x"}, "never surveyed"
    published = [
        int(value)
        for row in rows
        for column, value in row.items()
        if column.endswith("_schools_count") and value != "x"
    ]
    assert published and min(published) >= 20


def test_the_file_passes_the_screen_before_publication(history: History) -> None:
    """No check fails; the only warning is that our names are not yet in DfE's dictionary."""
    files = build_national(history.collections[-1]).files
    release = {
        name: content
        for name, content in files.items()
        if name.startswith(NAME) or name.endswith(".txt")
    }
    screened = screen_release(release)
    (effectiveness,) = screened.files
    assert not [c for c in effectiveness.checks if c.result == FAIL], effectiveness.checks
    warnings = {c.name for c in effectiveness.checks if c.result == WARNING}
    assert warnings <= {"data_dict_col_name"}


def test_the_data_guidance_describes_the_file_or_says_why_it_is_absent(history: History) -> None:
    """Four closed collections give the file and its section; two give neither, with a reason."""
    guidance = build_national(history.collections[-1]).files["ssp_data_guidance.txt"].decode()
    assert "ssp_effectiveness.csv (with ssp_effectiveness.meta.csv)" in guidance
    assert "What would make it wrong." in guidance
    early = build_national(history.collections[1]).files
    assert f"{NAME}.csv" not in early
    assert "No ssp_effectiveness file goes with these datasets. Fewer than 3 closed" in (
        early["ssp_data_guidance.txt"].decode()
    )


def test_a_threshold_above_the_minimum_hides_the_estimates_it_would_expose(
    history: History,
) -> None:
    """With a disclosure threshold of 30, the 22 cluster schools' estimate goes as well."""
    analysis = cached_analysis(history.collections[-1])
    table = effectiveness_table(analysis, 30).set_index(
        ["geo_code", "ssp_model", "education_phase"]
    )
    cluster = table.loc[("K04000001", "Cluster officer", "Total")]
    assert cluster["violent_incident_effect"] == "x"
    assert cluster["violent_incident_treated_schools_count"] == "x"
    everyone = table.loc[("K04000001", "Total", "Total")]
    assert everyone["violent_incident_treated_schools_count"] == 50
