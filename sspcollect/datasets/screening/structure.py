"""Checks of a file's columns and of its metadata, before any value is looked at."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from sspcollect.datasets.screening import standard
from sspcollect.datasets.screening.results import FAIL, PASS, WARNING, Check, Table, listed

COLUMNS = "Columns"
METADATA = "Metadata"
SNAKE_CASE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")

Pair = tuple[Table, Table]


def _check(name: str, stage: str, problems: list[str] | set[str], ok: str, bad: str) -> Check:
    """A check that fails when problems is not empty, listing them after bad."""
    if not problems:
        return Check(name, stage, PASS, ok)
    return Check(name, stage, FAIL, f"{bad}: {listed(problems)}.")


def meta_rows(meta: Table) -> list[dict[str, str]]:
    """The metadata as one dictionary per row."""
    return [
        {column: meta.get(column)[index] for column in standard.META_COLUMNS}
        for index in range(meta.rows)
    ]


def col_req_meta(data: Table, meta: Table) -> Check:
    """The metadata has every column the standard asks for."""
    missing = [column for column in standard.META_COLUMNS if column not in meta.header]
    return _check(
        "col_req_meta",
        COLUMNS,
        missing,
        "The metadata has every column the standard asks for.",
        "The metadata is missing these columns",
    )


def col_invalid_meta(data: Table, meta: Table) -> Check:
    """The metadata has no column the standard does not know."""
    known = set(standard.META_COLUMNS) | set(standard.OPTIONAL_META_COLUMNS)
    extra = [column for column in meta.header if column not in known]
    return _check(
        "col_invalid_meta",
        COLUMNS,
        extra,
        "The metadata has no unexpected columns.",
        "The metadata has columns the standard does not allow",
    )


def col_req_data(data: Table, meta: Table) -> Check:
    """The data file has the time and national geography columns every file needs."""
    missing = [column for column in standard.REQUIRED_DATA_COLUMNS if column not in data.header]
    return _check(
        "col_req_data",
        COLUMNS,
        missing,
        "The data file has every column the standard asks for.",
        "The data file is missing these columns",
    )


def cross_meta_to_data(data: Table, meta: Table) -> Check:
    """Every column the metadata describes is in the data file."""
    missing = [name for name in meta.get("col_name") if name not in data.header]
    return _check(
        "cross_meta_to_data",
        COLUMNS,
        missing,
        "Every column in the metadata is in the data file.",
        "The metadata describes columns the data file does not have",
    )


def cross_data_to_meta(data: Table, meta: Table) -> Check:
    """Every column of the data file is a time or geography column, or in the metadata."""
    described = set(meta.get("col_name"))
    standard_columns = standard.TIME_COLUMNS | standard.GEOGRAPHY_COLUMNS | {"geographic_level"}
    loose = [c for c in data.header if c not in described and c not in standard_columns]
    return _check(
        "cross_data_to_meta",
        COLUMNS,
        loose,
        "Every filter and indicator in the data file is in the metadata.",
        "These columns of the data file are not in the metadata",
    )


def col_dupes(data: Table, meta: Table) -> Check:
    """No column name appears twice in the data file."""
    twice = {name for name, count in Counter(data.header).items() if count > 1}
    return _check(
        "col_dupes",
        COLUMNS,
        twice,
        "Every column name in the data file is different.",
        "These column names appear more than once",
    )


def col_names_spaces(data: Table, meta: Table) -> Check:
    """No column name has a space in it."""
    spaced = [name for name in data.header if " " in name]
    return _check(
        "col_names_spaces",
        COLUMNS,
        spaced,
        "No column name has a space.",
        "These column names have spaces",
    )


def col_snake_case(data: Table, meta: Table) -> Check:
    """Every column name is snake_case: lowercase letters and numbers joined by underscores."""
    wrong = [name for name in data.header if not SNAKE_CASE.match(name)]
    return _check(
        "col_snake_case",
        COLUMNS,
        wrong,
        "Every column name is in snake_case.",
        "These column names are not in snake_case",
    )


def col_var_start(data: Table, meta: Table) -> Check:
    """Every column name starts with a lowercase letter (a warning)."""
    wrong = [name for name in data.header if not re.match(r"^[a-z]", name)]
    if not wrong:
        return Check("col_var_start", COLUMNS, PASS, "Every column name starts with a letter.")
    return Check(
        "col_var_start",
        COLUMNS,
        WARNING,
        f"These column names do not start with a lowercase letter: {listed(wrong)}.",
    )


def col_ind_smushed(data: Table, meta: Table) -> Check:
    """No indicator's name holds what should be a filter item (male, white, and so on)."""
    folded = [
        row["col_name"]
        for row in meta_rows(meta)
        if row["col_type"] == "Indicator"
        and any(word in row["col_name"].lower() for word in standard.FOLDED_FILTER_WORDS)
    ]
    return _check(
        "col_ind_smushed",
        COLUMNS,
        folded,
        "No indicator name holds a filter item.",
        "These indicators hold a filter item in their name (make it a filter instead)",
    )


def meta_col_type(data: Table, meta: Table) -> Check:
    """Every metadata row is a Filter or an Indicator."""
    wrong = [
        f"{row['col_name']} ({row['col_type'] or 'blank'})"
        for row in meta_rows(meta)
        if row["col_type"] not in standard.COLUMN_TYPES
    ]
    return _check(
        "meta_col_type",
        METADATA,
        wrong,
        "Every column in the metadata is a Filter or an Indicator.",
        "col_type must be Filter or Indicator",
    )


def meta_geog_catch(data: Table, meta: Table) -> Check:
    """Time and geography columns are not described as filters or indicators."""
    caught = standard.TIME_COLUMNS | standard.GEOGRAPHY_COLUMNS | {"geographic_level"}
    wrong = [name for name in meta.get("col_name") if name in caught]
    return _check(
        "meta_geog_catch",
        METADATA,
        wrong,
        "No time or geography column is in the metadata.",
        "Time and geography columns must not be in the metadata",
    )


def meta_col_name_spaces(data: Table, meta: Table) -> Check:
    """No col_name in the metadata has a space."""
    spaced = [name for name in meta.get("col_name") if " " in name]
    return _check(
        "meta_col_name_spaces",
        METADATA,
        spaced,
        "No col_name has a space.",
        "These col_name values have spaces",
    )


def meta_col_name_dupe(data: Table, meta: Table) -> Check:
    """Each column is described once."""
    twice = {name for name, count in Counter(meta.get("col_name")).items() if count > 1}
    return _check(
        "meta_col_name_dupe",
        METADATA,
        twice,
        "Each column is described once.",
        "These columns are described more than once",
    )


def meta_label(data: Table, meta: Table) -> Check:
    """Every column in the metadata has a label."""
    blank = [row["col_name"] for row in meta_rows(meta) if not row["label"].strip()]
    return _check(
        "meta_label",
        METADATA,
        blank,
        "Every column has a label.",
        "These columns have no label",
    )


def meta_dupe_label(data: Table, meta: Table) -> Check:
    """No two columns share a label."""
    twice = {label for label, count in Counter(meta.get("label")).items() if count > 1 and label}
    return _check(
        "meta_dupe_label",
        METADATA,
        twice,
        "Every label is different.",
        "These labels are used for more than one column",
    )


def meta_filter_hint(data: Table, meta: Table) -> Check:
    """Only filters have a filter_hint."""
    wrong = [
        r["col_name"] for r in meta_rows(meta) if r["col_type"] != "Filter" and r["filter_hint"]
    ]
    return _check(
        "meta_filter_hint",
        METADATA,
        wrong,
        "Only filters have a filter hint.",
        "These indicators have a filter hint",
    )


def meta_fil_grp(data: Table, meta: Table) -> Check:
    """A filter_grouping_column belongs to a filter and names another filter column of the file."""
    wrong = []
    for row in meta_rows(meta):
        group = row["filter_grouping_column"]
        if not group:
            continue
        if row["col_type"] != "Filter" or group not in data.header or group == row["col_name"]:
            wrong.append(f"{row['col_name']} grouped by {group}")
    return _check(
        "meta_fil_grp",
        METADATA,
        wrong,
        "Every filter grouping column is a filter column in the data file.",
        "These filter groupings are not valid",
    )


def meta_indicator_grouping(data: Table, meta: Table) -> Check:
    """Only indicators have an indicator_grouping."""
    rows = meta_rows(meta)
    wrong = [
        r["col_name"] for r in rows if r["col_type"] != "Indicator" and r["indicator_grouping"]
    ]
    return _check(
        "meta_indicator_grouping",
        METADATA,
        wrong,
        "Only indicators have an indicator grouping.",
        "These filters have an indicator grouping",
    )


def meta_ind_unit(data: Table, meta: Table) -> Check:
    """Only indicators have a unit."""
    wrong = [
        r["col_name"]
        for r in meta_rows(meta)
        if r["col_type"] != "Indicator" and r["indicator_unit"]
    ]
    return _check(
        "meta_ind_unit",
        METADATA,
        wrong,
        "Only indicators have a unit.",
        "These filters have an indicator unit",
    )


def meta_ind_unit_validation(data: Table, meta: Table) -> Check:
    """Every indicator unit is one the standard allows."""
    wrong = {
        f"{r['col_name']} ({r['indicator_unit']})"
        for r in meta_rows(meta)
        if r["indicator_unit"] and r["indicator_unit"] not in standard.INDICATOR_UNITS
    }
    return _check(
        "meta_ind_unit_validation",
        METADATA,
        wrong,
        "Every indicator unit is one EES allows.",
        "These indicator units are not ones EES allows",
    )


def meta_indicator_dp(data: Table, meta: Table) -> Check:
    """Only indicators have decimal places."""
    wrong = [
        r["col_name"] for r in meta_rows(meta) if r["col_type"] != "Indicator" and r["indicator_dp"]
    ]
    return _check(
        "meta_indicator_dp",
        METADATA,
        wrong,
        "Only indicators have decimal places.",
        "These filters have decimal places",
    )


def meta_ind_dp_values(data: Table, meta: Table) -> Check:
    """Decimal places are whole numbers, 0 or more."""
    wrong = [
        f"{r['col_name']} ({r['indicator_dp']})"
        for r in meta_rows(meta)
        if r["indicator_dp"] and not r["indicator_dp"].isdigit()
    ]
    return _check(
        "meta_ind_dp_values",
        METADATA,
        wrong,
        "Every indicator_dp is a whole number.",
        "indicator_dp must be a whole number, 0 or more",
    )


def meta_ind_dp_set(data: Table, meta: Table) -> Check:
    """Every indicator says how many decimal places to show (a warning)."""
    unset = [
        r["col_name"]
        for r in meta_rows(meta)
        if r["col_type"] == "Indicator" and not r["indicator_dp"]
    ]
    if not unset:
        return Check("meta_ind_dp_set", METADATA, PASS, "Every indicator has its decimal places.")
    return Check(
        "meta_ind_dp_set",
        METADATA,
        WARNING,
        f"These indicators do not say how many decimal places to show: {listed(unset)}.",
    )


PRECHECKS: tuple[Callable[[Table, Table], Check], ...] = (
    col_req_meta,
    col_invalid_meta,
    col_req_data,
    cross_meta_to_data,
    cross_data_to_meta,
    col_dupes,
)
CHECKS: tuple[Callable[[Table, Table], Check], ...] = (
    col_names_spaces,
    col_snake_case,
    col_var_start,
    col_ind_smushed,
    meta_col_type,
    meta_geog_catch,
    meta_col_name_spaces,
    meta_col_name_dupe,
    meta_label,
    meta_dupe_label,
    meta_filter_hint,
    meta_fil_grp,
    meta_indicator_grouping,
    meta_ind_unit,
    meta_ind_unit_validation,
    meta_indicator_dp,
    meta_ind_dp_values,
    meta_ind_dp_set,
)
