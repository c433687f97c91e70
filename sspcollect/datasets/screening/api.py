"""Checks for a data set offered through the EES API: lengths, harmonised names, the dictionary.

The API checks are warnings: a file that fails one can be published on EES but not offered
as an API data set. The harmonised-variable check fails: a column about a harmonised
variable (a phase of education, an ethnicity, special needs) must use DfE's name for it.
"""

from __future__ import annotations

from collections.abc import Callable

from sspcollect.datasets.screening import dictionary, standard
from sspcollect.datasets.screening.content import columns_of, filters_and_groups
from sspcollect.datasets.screening.results import FAIL, PASS, WARNING, Check, Table, listed

API = "API"
HARMONISED = "Harmonised variables"
LOCATION_NAMES = ("country_name", "region_name", "la_name", "pfa_name")
LOCATION_CODES = ("country_code", "region_code", "old_la_code", "new_la_code", "pfa_code")


def _warn(name: str, problems: list[str] | set[str], ok: str, bad: str) -> Check:
    """An API check that warns when problems is not empty."""
    if not problems:
        return Check(name, API, PASS, ok)
    return Check(name, API, WARNING, f"{bad}: {listed(problems)}.")


def api_char_col_name(data: Table, meta: Table) -> Check:
    """Column names are at most 50 characters."""
    long = [name for name in data.header if len(name) > standard.COLUMN_NAME_LIMIT]
    return _warn(
        "api_char_col_name",
        long,
        f"Every column name is {standard.COLUMN_NAME_LIMIT} characters or fewer.",
        f"These column names are longer than {standard.COLUMN_NAME_LIMIT} characters",
    )


def api_char_col_label(data: Table, meta: Table) -> Check:
    """Labels are at most 80 characters."""
    long = [label for label in meta.get("label") if len(label) > standard.LABEL_LIMIT]
    return _warn(
        "api_char_col_label",
        long,
        f"Every label is {standard.LABEL_LIMIT} characters or fewer.",
        f"These labels are longer than {standard.LABEL_LIMIT} characters",
    )


def api_char_loc_code(data: Table, meta: Table) -> Check:
    """Location codes are at most 30 characters."""
    long = {
        value
        for column in LOCATION_CODES
        for value in set(data.get(column))
        if len(value) > standard.LOCATION_CODE_LIMIT
    }
    return _warn(
        "api_char_loc_code",
        long,
        f"Every location code is {standard.LOCATION_CODE_LIMIT} characters or fewer.",
        f"These location codes are longer than {standard.LOCATION_CODE_LIMIT} characters",
    )


def api_char_filter_items(data: Table, meta: Table) -> Check:
    """Filter items and location names are at most 120 characters."""
    columns = [*filters_and_groups(data, meta), *LOCATION_NAMES]
    long = {
        value
        for column in columns
        for value in set(data.get(column))
        if len(value) > standard.ITEM_LIMIT
    }
    return _warn(
        "api_char_filter_items",
        long,
        f"Every filter item and place name is {standard.ITEM_LIMIT} characters or fewer.",
        f"These filter items or place names are longer than {standard.ITEM_LIMIT} characters",
    )


def data_dict_col_name(data: Table, meta: Table) -> Check:
    """Every filter and indicator name is in DfE's data dictionary."""
    missing = [
        f"{name} (DfE's name is {dictionary.ALIASES[name]})" if name in dictionary.ALIASES else name
        for name in [*columns_of(meta, "Filter"), *columns_of(meta, "Indicator")]
        if name not in dictionary.FILTERS | dictionary.INDICATORS
    ]
    return _warn(
        "data_dict_col_name",
        missing,
        "Every filter and indicator name is in DfE's data dictionary.",
        "These column names are not in DfE's data dictionary, so the file cannot be an API "
        "data set until DfE adds them",
    )


def data_dict_fil_item(data: Table, meta: Table) -> Check:
    """In a dictionary filter whose items are known, every item is one of the dictionary's."""
    wrong = set()
    for column in columns_of(meta, "Filter"):
        known = dictionary.FILTER_ITEMS.get(column)
        if known is None:
            continue
        wrong |= {f"{column}: {item}" for item in set(data.get(column)) if item not in known}
    return _warn(
        "data_dict_fil_item",
        wrong,
        "Every item of a dictionary filter is one of the dictionary's items.",
        "These filter items are not in DfE's data dictionary",
    )


def harmonised_variables(data: Table, meta: Table) -> Check:
    """A column about a harmonised variable uses DfE's harmonised name for it."""
    names = [*meta.get("col_name"), *(g for g in meta.get("filter_grouping_column") if g)]
    wrong = set()
    for name in names:
        for pattern, accepted in standard.HARMONISED_NAMES.items():
            if pattern in name.lower() and name not in accepted:
                wrong.add(f"{name} (use {' or '.join(sorted(accepted))})")
    if not wrong:
        return Check(
            "harmonised_variables", HARMONISED, PASS, "Harmonised variables use DfE's names."
        )
    return Check(
        "harmonised_variables",
        HARMONISED,
        FAIL,
        f"These columns are about a harmonised variable but do not use DfE's name for it: "
        f"{listed(wrong)}.",
    )


CHECKS: tuple[Callable[[Table, Table], Check], ...] = (
    harmonised_variables,
    api_char_col_name,
    api_char_col_label,
    api_char_loc_code,
    api_char_filter_items,
    data_dict_col_name,
    data_dict_fil_item,
)
