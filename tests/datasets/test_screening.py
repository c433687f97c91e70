"""The screen before publication finds what DfE's screener finds, fed files known to be broken."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest

from sspcollect.datasets.screening import FAIL, PASS, WARNING, screen_file, screen_release

HEADER = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
    "education_phase",
    "school_count",
    "pupil_percent",
]
NATIONAL = ["202526", "Academic year", "National"]
REGIONAL = ["202526", "Academic year", "Regional", "E92000001", "England"]
LOCAL = ["202526", "Academic year", "Local authority", "E92000001", "England"]
ROWS = [
    [*NATIONAL, "K04000001", "England and Wales", "", "", "", "", ""],
    [*NATIONAL, "E92000001", "England", "", "", "", "", ""],
    [*REGIONAL, "E12000005", "West Midlands", "", "", ""],
    [*LOCAL, "E12000005", "West Midlands", "330", "E08000025", "Birmingham"],
]
META = [
    [
        "col_name",
        "col_type",
        "label",
        "indicator_grouping",
        "indicator_unit",
        "indicator_dp",
        "filter_hint",
        "filter_grouping_column",
    ],
    ["education_phase", "Filter", "Education phase", "", "", "", "Filter by phase", ""],
    ["school_count", "Indicator", "Number of schools", "", "", "0", "", ""],
    ["pupil_percent", "Indicator", "Percentage of pupils", "", "%", "1", "", ""],
]

Rows = list[list[str]]


def _csv(rows: Rows) -> bytes:
    """rows written as CSV bytes."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


def _data() -> Rows:
    """A good data file: every row in the two phases and their Total."""
    rows = [list(HEADER)]
    for place in ROWS:
        for phase, schools, percent in (("Total", "9", "50.0"), ("Primary", "6", "c")):
            rows.append([*place, phase, schools, percent])
        rows.append([*place, "Secondary", "3", "low"])
    return rows


def _results(data: Rows, meta: Rows | None = None) -> dict[str, tuple[str, str]]:
    """The result and message of every check, by check name."""
    screened = screen_file("pupils", _csv(data), _csv(meta if meta is not None else META))
    return {check.name: (check.result, check.message) for check in screened.checks}


def _column(rows: Rows, name: str) -> int:
    """The position of column name."""
    return rows[0].index(name)


def test_a_file_using_only_standard_names_passes_every_check() -> None:
    """The good file passes everything, API and data dictionary checks included."""
    results = _results(_data())
    assert {name: result for name, (result, _m) in results.items() if result != PASS} == {}
    assert "geog_la_combos" in results and "data_dict_col_name" in results


def _set(column: str, value: str, level: str | None = None) -> Callable[[Rows], None]:
    """A breakage: column set to value on every row (of level, when given)."""

    def breaks(rows: Rows) -> None:
        at = _column(rows, column)
        for row in rows[1:]:
            if level is None or row[2] == level:
                row[at] = value

    return breaks


def _welsh_la(rows: Rows) -> None:
    """A Welsh local authority at Local authority level, which EES does not list."""
    rows.append(list(rows[-1]))
    rows[-1][3:10] = ["W92000004", "Wales", "", "", "681", "W06000024", "Merthyr Tydfil"]


def _duplicate_row(rows: Rows) -> None:
    """The same breakdown twice, with different figures."""
    rows.append(list(rows[1]))
    rows[-1][-2] = "10"


def _region_on_national(rows: Rows) -> None:
    """A National row that fills in its region."""
    rows[1][5:7] = ["E12000005", "West Midlands"]


BREAKAGES: list[tuple[str, Callable[[Rows], None], str, str]] = [
    ("a Welsh authority", _welsh_la, "geog_la_combos", FAIL),
    ("a Welsh authority has no region", _welsh_la, "geog_region_for_la", WARNING),
    ("a wrong name for a code", _set("la_name", "Brum", "Local authority"), "geog_la_combos", FAIL),
    ("an unknown country", _set("country_name", "Engerland"), "geog_country_combos", FAIL),
    ("a made-up region", _set("region_code", "E12000099", "Regional"), "geog_region_combos", FAIL),
    ("a blank LA name", _set("la_name", "", "Local authority"), "geog_level_completed", FAIL),
    ("an unknown level", _set("geographic_level", "Galaxy"), "geog_level", FAIL),
    ("overfilled geography", _region_on_national, "geog_overcompleted_cols", FAIL),
    ("a five-digit period", _set("time_period", "20252"), "time_period", FAIL),
    ("years not consecutive", _set("time_period", "202527"), "time_period_six", FAIL),
    ("a period that is text", _set("time_period", "2025/26"), "time_period_num", FAIL),
    ("an unknown time identifier", _set("time_identifier", "School year"), "time_id_valid", FAIL),
    ("a blank filter", _set("education_phase", ""), "filter_blanks", FAIL),
    ("no Total", _set("education_phase", "Primary"), "filter_defaults", WARNING),
    ("duplicate rows", _duplicate_row, "general_dupes", FAIL),
    ("a trailing space", _set("education_phase", "Primary "), "filter_whitespace", FAIL),
    ("a blank indicator", _set("school_count", ""), "ind_invalid_entry", FAIL),
    ("a legacy symbol", _set("school_count", ":"), "ind_invalid_entry", FAIL),
    ("NULL in a cell", _set("school_count", "NULL"), "general_null", FAIL),
    ("N/A in a cell", _set("la_name", "N/A", "National"), "general_null", WARNING),
    (
        "an item not in the dictionary",
        _set("education_phase", "Sixth form"),
        "data_dict_fil_item",
        WARNING,
    ),
]


@pytest.mark.parametrize(
    ("breakage", "check", "result"),
    [(breaks, check, result) for _what, breaks, check, result in BREAKAGES],
    ids=[what for what, *_rest in BREAKAGES],
)
def test_a_broken_data_file_is_caught_by_the_screeners_check(
    breakage: Callable[[Rows], None], check: str, result: str
) -> None:
    """Each breakage is reported by the check DfE's screener would use, at its level."""
    rows = _data()
    breakage(rows)
    found, message = _results(rows)[check]
    assert found == result, message
    assert message.endswith(".")


def _meta_with(name: str, **changes: str) -> Rows:
    """The metadata with the row of name changed."""
    meta = [list(row) for row in META]
    for row in meta[1:]:
        if row[0] == name:
            for column, value in changes.items():
                row[META[0].index(column)] = value
    return meta


META_BREAKAGES: list[tuple[str, Rows, str, str]] = [
    ("a missing label", _meta_with("school_count", label=""), "meta_label", FAIL),
    (
        "a shared label",
        _meta_with("school_count", label="Education phase"),
        "meta_dupe_label",
        FAIL,
    ),
    (
        "a label of 81 characters",
        _meta_with("school_count", label="x" * 81),
        "api_char_col_label",
        WARNING,
    ),
    ("a bad col_type", _meta_with("school_count", col_type="Measure"), "meta_col_type", FAIL),
    (
        "a unit on a filter",
        _meta_with("education_phase", indicator_unit="%"),
        "meta_ind_unit",
        FAIL,
    ),
    (
        "an unknown unit",
        _meta_with("pupil_percent", indicator_unit="percent"),
        "meta_ind_unit_validation",
        FAIL,
    ),
    (
        "negative decimal places",
        _meta_with("pupil_percent", indicator_dp="-1"),
        "meta_ind_dp_values",
        FAIL,
    ),
    ("no decimal places", _meta_with("pupil_percent", indicator_dp=""), "meta_ind_dp_set", WARNING),
    (
        "a hint on an indicator",
        _meta_with("school_count", filter_hint="Hint"),
        "meta_filter_hint",
        FAIL,
    ),
    (
        "a grouping on a filter",
        _meta_with("education_phase", indicator_grouping="Schools"),
        "meta_indicator_grouping",
        FAIL,
    ),
    (
        "a grouping column that is not there",
        _meta_with("education_phase", filter_grouping_column="phase_group"),
        "meta_fil_grp",
        FAIL,
    ),
]


@pytest.mark.parametrize(
    ("meta", "check", "result"),
    [(meta, check, result) for _what, meta, check, result in META_BREAKAGES],
    ids=[what for what, *_rest in META_BREAKAGES],
)
def test_a_broken_metadata_file_is_caught(meta: Rows, check: str, result: str) -> None:
    """Each breakage of the metadata is reported by the screener's check, at its level."""
    found, message = _results(_data(), meta)[check]
    assert found == result, message


def _renamed(data: Rows, meta: Rows, old: str, new: str) -> tuple[Rows, Rows]:
    """The files with column old called new."""
    data[0][data[0].index(old)] = new
    for row in meta[1:]:
        if row[0] == old:
            row[0] = new
    return data, meta


def test_a_phase_column_not_named_education_phase_fails_the_harmonised_check() -> None:
    """school_phase is DfE's education_phase: the harmonised check fails, the dictionary warns."""
    data, meta = _renamed(_data(), [list(row) for row in META], "education_phase", "school_phase")
    results = _results(data, meta)
    assert results["harmonised_variables"][0] == FAIL
    assert "school_phase (use education_phase)" in results["harmonised_variables"][1]
    result, message = results["data_dict_col_name"]
    assert result == WARNING and "school_phase (DfE's name is education_phase)" in message


def test_an_indicator_not_in_the_data_dictionary_only_warns() -> None:
    """A name DfE's dictionary lacks keeps a file off the API, not off EES."""
    data, meta = _renamed(_data(), [list(row) for row in META], "school_count", "partnership_count")
    results = _results(data, meta)
    assert results["data_dict_col_name"][0] == WARNING
    assert "partnership_count" in results["data_dict_col_name"][1]
    assert all(result != FAIL for result, _message in results.values())


def test_folded_filters_long_names_and_spaces_in_names_are_caught() -> None:
    """An indicator with a filter in its name, a 51-character name, a name with a space."""
    data, meta = _renamed(_data(), [list(row) for row in META], "school_count", "white_pupil_count")
    assert _results(data, meta)["col_ind_smushed"][0] == FAIL
    long = "a" * 51
    data, meta = _renamed(_data(), [list(row) for row in META], "school_count", long)
    assert _results(data, meta)["api_char_col_name"][0] == WARNING
    data, meta = _renamed(_data(), [list(row) for row in META], "school_count", "school count")
    results = _results(data, meta)
    assert results["col_names_spaces"][0] == FAIL and results["col_snake_case"][0] == FAIL


def test_columns_missing_from_either_file_stop_the_screen_at_the_precheck() -> None:
    """A data column the metadata does not describe, and the other way round."""
    data = _data()
    for row in data:
        del row[_column(_data(), "pupil_percent")]
    results = _results(data)
    assert results["cross_meta_to_data"][0] == FAIL
    assert "geog_la_combos" not in results, "the screen stops after a failed precheck"
    meta = [row for row in META if row[0] != "pupil_percent"]
    assert _results(_data(), meta)["cross_data_to_meta"][0] == FAIL
    data = [row[1:] for row in _data()]
    assert _results(data)["col_req_data"][0] == FAIL


def test_an_empty_cut_off_or_re_encoded_file_fails() -> None:
    """A header with no rows, a row cut short, a file in Windows-1252."""
    empty = screen_file("pupils", _csv(_data()[:1]), _csv(META))
    assert [(c.name, c.result) for c in empty.checks] == [("data_rows", FAIL)]
    assert "no rows" in empty.checks[0].message
    cut = _csv(_data())[:-9]
    assert screen_file("pupils", cut, _csv(META)).checks[0].name == "file_readable"
    rows = _data()
    rows[-1][_column(rows, "la_name")] = "Sŵn"
    latin = screen_file("pupils", _csv(rows).replace("ŵ".encode(), b"\xf4"), _csv(META))
    assert latin.checks[0].result == FAIL and "UTF-8" in latin.checks[0].message


def test_a_release_must_pair_every_data_file_and_hold_no_record_level_file() -> None:
    """The record-level register has no metadata: a release holding it fails."""
    good = {"pupils.csv": _csv(_data()), "pupils.meta.csv": _csv(META), "guidance.txt": b"Notes"}
    assert screen_release(good).passed
    with_register = {**good, "ssp_register.csv": b"urn,name\n100000,A school\n"}
    screened = screen_release(with_register)
    assert not screened.passed
    assert [(where, check.name) for where, check in screened.failures] == [("", "filenames_match")]
    assert "ssp_register.csv" in screened.failures[0][1].message
    odd = screen_release({**good, "Pupils 2025.csv": b"", "notes.docx": b""})
    names = {check.name for _where, check in odd.failures}
    assert {"filename_spaces", "filename_special", "zip_no_unreferenced"} <= names
