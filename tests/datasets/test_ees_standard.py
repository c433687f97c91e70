"""Every file meets the Explore Education Statistics open data standard."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from flask import Flask

from sspcollect.datasets.ees import META_COLUMNS, Indicator, format_figures
from sspcollect.datasets.export import build_national
from sspcollect.datasets.names import ACCEPTED, ACCEPTED_AND_SUBMITTED
from tests.datasets.factories import build_synthetic_collection
from tests.datasets.independent import FIGURES, read_csv

MANDATORY = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name"]
LEVEL_COLUMNS = {
    "National": ["country_code", "country_name"],
    "Regional": ["region_code", "region_name"],
    "Local authority": ["old_la_code", "new_la_code", "la_name"],
    "Police force area": ["pfa_code", "pfa_name"],
}
# Columns a row of each level must leave empty: those of levels that are not above it.
EMPTY_FOR = {
    "National": [
        "region_code",
        "region_name",
        "old_la_code",
        "new_la_code",
        "la_name",
        "pfa_code",
        "pfa_name",
    ],
    "Regional": ["old_la_code", "new_la_code", "la_name", "pfa_code", "pfa_name"],
    "Police force area": ["old_la_code", "new_la_code", "la_name"],
    "Local authority": ["pfa_code", "pfa_name"],
}
COUNTRIES = {"K04000001": "England and Wales", "E92000001": "England", "W92000004": "Wales"}
SYMBOLS = {"c", "z", "x", "low"}
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@pytest.fixture(params=[ACCEPTED, ACCEPTED_AND_SUBMITTED])
def files(app: Flask, request: pytest.FixtureRequest) -> dict[str, bytes]:
    """Every file built from the synthetic collection."""
    built = build_synthetic_collection()
    return build_national(built.collection, request.param).files


def test_every_data_file_meets_the_standard(files: dict[str, bytes]) -> None:
    """Mandatory columns, time period, level columns, snake_case, no blanks, Total filters."""
    for name in FIGURES:
        content = files[f"{name}.csv"]
        assert not content.startswith(b"\xef\xbb\xbf"), "no byte order mark"
        text = content.decode("utf-8")
        header = text.splitlines()[0].split(",")
        assert header[: len(MANDATORY)] == MANDATORY, name
        assert all(SNAKE_CASE.match(column) for column in header), header
        assert len(header) == len(set(header))
        rows = read_csv(content)
        assert rows, name
        meta = read_csv(files[f"{name}.meta.csv"])
        filters = [m["col_name"] for m in meta if m["col_type"] == "Filter"]
        indicators = [m["col_name"] for m in meta if m["col_type"] == "Indicator"]
        assert header == [c for c in header if c not in filters + indicators] + filters + indicators
        keys = set()
        for row in rows:
            _check_row(name, row, filters, indicators)
            key = tuple(row[c] for c in header if c not in indicators)
            assert key not in keys, f"{name}: duplicate row {key}"
            keys.add(key)
        for column in filters:
            assert "Total" in {row[column] for row in rows}, (name, column)


def _check_row(name: str, row: dict[str, str], filters: list[str], indicators: list[str]) -> None:
    """One data row: time, geography for its level, filters and indicators filled in."""
    period = row["time_period"]
    assert re.fullmatch(r"\d{6}", period), period
    assert int(period[4:]) == (int(period[:4]) + 1) % 100, period
    assert row["time_identifier"] == "Academic year"
    level = row["geographic_level"]
    assert level in LEVEL_COLUMNS, level
    assert COUNTRIES[row["country_code"]] == row["country_name"]
    for column in ["country_code", "country_name", *LEVEL_COLUMNS[level]]:
        assert row[column].strip(), (name, level, column)
    for column in EMPTY_FOR[level]:
        assert row.get(column, "") == "", (name, level, column)
    if level == "Local authority":
        assert re.fullmatch(r"\d{3}", row["old_la_code"])
        assert re.fullmatch(r"(E0[6-9]|E10|W06)\d{6}", row["new_la_code"])
        if row["country_code"] == "E92000001":
            assert row["region_code"].startswith("E12")
    if level == "Regional":
        assert re.fullmatch(r"E12\d{6}", row["region_code"])
    if level == "Police force area":
        assert re.fullmatch(r"[EW]23\d{6}|W15\d{6}", row["pfa_code"])
    for column in filters:
        assert row[column].strip(), (name, column)
    for column in indicators:
        value = row[column]
        assert value in SYMBOLS or NUMBER.match(value), (name, column, value)


def test_every_meta_file_describes_its_data_file_exactly(files: dict[str, bytes]) -> None:
    """Meta columns as EES asks; one row per filter and indicator of the data, in order."""
    for name in FIGURES:
        meta_text = files[f"{name}.meta.csv"].decode("utf-8")
        assert meta_text.splitlines()[0].split(",") == list(META_COLUMNS)
        meta = read_csv(files[f"{name}.meta.csv"])
        header = files[f"{name}.csv"].decode().splitlines()[0].split(",")
        described = [m["col_name"] for m in meta]
        geography = {"region_code", "region_name", "old_la_code", "new_la_code", "la_name"}
        geography |= {"pfa_code", "pfa_name"}
        data_columns = [c for c in header if c not in MANDATORY and c not in geography]
        assert described == data_columns, name
        for row in meta:
            assert row["col_type"] in ("Filter", "Indicator")
            assert row["label"].strip()
            assert row["filter_grouping_column"] == ""
            if row["col_type"] == "Filter":
                assert row["filter_hint"].strip()
                assert row["indicator_dp"] == row["indicator_unit"] == ""
                assert row["indicator_grouping"] == ""
            else:
                assert row["indicator_dp"].isdigit()
                assert row["indicator_unit"] in ("", "%")
                assert row["filter_hint"] == ""
                assert SNAKE_CASE.match(row["col_name"])
                assert row["col_name"].rsplit("_", 1)[-1] in ("count", "percent", "rate", "fte")


def test_every_build_has_the_five_files_and_their_guidance(files: dict[str, bytes]) -> None:
    """Five EES data files with their meta and the data guidance; the register is apart."""
    assert sorted(files) == sorted(
        [f"{name}.csv" for name in FIGURES]
        + [f"{name}.meta.csv" for name in FIGURES]
        + ["ssp_data_guidance.txt"]
    )
    assert all(SNAKE_CASE.match(name.split(".")[0]) for name in files)


def test_symbols_for_suppressed_not_applicable_not_available_and_low() -> None:
    """c stays c, a missing figure takes its indicator's symbol, a tiny figure is low."""
    rate = Indicator("thing_rate", "Rate", dp=1)
    safe = Indicator("feel_safe_percent", "Feel safe", dp=1, missing="x")
    values = pd.Series(["c", None, float("nan"), 0.04, 0.0, 12.25, -0.04], dtype=object)
    assert format_figures(values, rate).tolist() == ["c", "z", "z", "low", "0.0", "12.2", "low"]
    assert format_figures(pd.Series([None], dtype=object), safe).tolist() == ["x"]
    assert format_figures(pd.Series([3.0]), Indicator("n_count", "N")).tolist() == ["3"]
