"""Checks of a file's values: general, time, filters, geography and indicators."""

from __future__ import annotations

import re
from collections.abc import Callable

from sspcollect.datasets.screening import standard
from sspcollect.datasets.screening.results import (
    FAIL,
    PASS,
    WARNING,
    Check,
    Table,
    listed,
    plural,
)

GENERAL = "General"
TIME = "Time"
FILTERS = "Filters"
GEOGRAPHY = "Geography"
INDICATORS = "Indicators"
NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


def _check(name: str, stage: str, problems: list[str] | set[str], ok: str, bad: str) -> Check:
    """A check that fails when problems is not empty, listing them after bad."""
    if not problems:
        return Check(name, stage, PASS, ok)
    return Check(name, stage, FAIL, f"{bad}: {listed(problems)}.")


def columns_of(meta: Table, kind: str) -> list[str]:
    """The names of the metadata's filters or indicators (kind is Filter or Indicator)."""
    return [
        name
        for name, col_type in zip(meta.get("col_name"), meta.get("col_type"), strict=True)
        if col_type == kind
    ]


def filters_and_groups(data: Table, meta: Table) -> list[str]:
    """The filter columns and the filter grouping columns of the file, each once."""
    names = columns_of(meta, "Filter")
    for group in meta.get("filter_grouping_column"):
        if group and group not in names and group in data.header:
            names.append(group)
    return names


def general_null(data: Table, meta: Table) -> Check:
    """No cell holds NULL or NA; legacy no-data symbols (N/A, ..) only warn."""
    nulls = {c for c in data.header if any(v in standard.NULL_SYMBOLS for v in data.get(c))}
    nulls |= {c for c in meta.header if any(v in standard.NULL_SYMBOLS for v in meta.get(c))}
    if nulls:
        return Check(
            "general_null",
            GENERAL,
            FAIL,
            f"These columns hold NULL or NA, which EES cannot read: {listed(nulls)}.",
        )
    legacy = {c for c in data.header if any(v in standard.LEGACY_SYMBOLS for v in data.get(c))}
    if legacy:
        return Check(
            "general_null",
            GENERAL,
            WARNING,
            f"These columns use old no-data symbols such as N/A or '..': {listed(legacy)}.",
        )
    return Check("general_null", GENERAL, PASS, "No cell holds NULL, NA or an old symbol.")


def general_dupes(data: Table, meta: Table) -> Check:
    """No two rows are for the same time, place and filter items."""
    indicators = set(columns_of(meta, "Indicator"))
    keys = [column for column in data.header if column not in indicators]
    seen: set[tuple[str, ...]] = set()
    duplicates = 0
    for row in zip(*(data.get(column) for column in keys), strict=True):
        if row in seen:
            duplicates += 1
        seen.add(row)
    if not duplicates:
        return Check("general_dupes", GENERAL, PASS, "No two rows are for the same breakdown.")
    return Check(
        "general_dupes",
        GENERAL,
        FAIL,
        f"{plural(duplicates, 'row')} repeat the time, place and filters of another row.",
    )


def time_period_num(data: Table, meta: Table) -> Check:
    """Every time_period is a number."""
    wrong = {value for value in data.get("time_period") if not value.isdigit()}
    return _check(
        "time_period_num",
        TIME,
        wrong,
        "Every time period is a number.",
        "time_period must be a number such as 202526",
    )


def time_id_valid(data: Table, meta: Table) -> Check:
    """Every time_identifier is one EES knows."""
    wrong = {v for v in data.get("time_identifier") if v not in standard.TIME_IDENTIFIERS}
    return _check(
        "time_id_valid",
        TIME,
        wrong,
        "Every time identifier is one EES knows.",
        "These time identifiers are not ones EES knows",
    )


def time_id_mix(data: Table, meta: Table) -> Check:
    """The file does not mix time identifiers of different lengths."""
    found = set(data.get("time_identifier"))
    if found & standard.SIX_DIGIT_IDENTIFIERS and found & standard.FOUR_DIGIT_IDENTIFIERS:
        return Check(
            "time_id_mix",
            TIME,
            FAIL,
            f"The file mixes time identifiers that cannot go together: {listed(found)}.",
        )
    return Check("time_id_mix", TIME, PASS, "The time identifiers go together.")


def time_period(data: Table, meta: Table) -> Check:
    """A six-digit identifier has six-digit periods; a four-digit one has four."""
    wrong = set()
    for period, identifier in zip(
        data.get("time_period"), data.get("time_identifier"), strict=True
    ):
        if identifier in standard.SIX_DIGIT_IDENTIFIERS and len(period) != 6:
            wrong.add(f"{period} ({identifier})")
        if identifier in standard.FOUR_DIGIT_IDENTIFIERS and len(period) != 4:
            wrong.add(f"{period} ({identifier})")
    return _check(
        "time_period",
        TIME,
        wrong,
        "Every time period has the length its identifier needs.",
        "These time periods have the wrong number of digits for their identifier",
    )


def time_period_six(data: Table, meta: Table) -> Check:
    """A six-digit period is two consecutive years, such as 202526."""
    wrong = set()
    for period in set(data.get("time_period")):
        if len(period) == 6 and period.isdigit():
            first, second = int(period[2:4]), int(period[4:])
            if second != (first + 1) % 100:
                wrong.add(period)
    return _check(
        "time_period_six",
        TIME,
        wrong,
        "Every six-digit time period is two consecutive years.",
        "A six-digit time period must be two consecutive years, such as 202526",
    )


def filter_defaults(data: Table, meta: Table) -> Check:
    """Every filter has a Total item (a warning)."""
    missing = [
        column for column in filters_and_groups(data, meta) if "Total" not in data.get(column)
    ]
    if not missing:
        return Check("filter_defaults", FILTERS, PASS, "Every filter has a Total.")
    return Check(
        "filter_defaults",
        FILTERS,
        WARNING,
        f"These filters have no Total item: {listed(missing)}.",
    )


def filter_whitespace(data: Table, meta: Table) -> Check:
    """No filter item starts or ends with a space."""
    wrong = {
        column
        for column in filters_and_groups(data, meta)
        if any(value != value.strip() for value in data.get(column))
    }
    return _check(
        "filter_whitespace",
        FILTERS,
        wrong,
        "No filter item starts or ends with a space.",
        "These filters have items that start or end with a space",
    )


def filter_blanks(data: Table, meta: Table) -> Check:
    """No filter cell is blank."""
    wrong = {column for column in filters_and_groups(data, meta) if "" in data.get(column)}
    return _check(
        "filter_blanks",
        FILTERS,
        wrong,
        "Every filter cell has an item.",
        "These filters have blank cells (use Total for all items)",
    )


def geog_level(data: Table, meta: Table) -> Check:
    """Every geographic_level is one EES knows."""
    wrong = {v for v in data.get("geographic_level") if v not in standard.LEVEL_COLUMNS}
    return _check(
        "geog_level",
        GEOGRAPHY,
        wrong,
        "Every geographic level is one EES knows.",
        "These geographic levels are not ones EES knows",
    )


def _pairs(data: Table, *columns: str) -> list[tuple[str, ...]]:
    """The values of columns, row by row."""
    return list(zip(*(data.get(column) for column in columns), strict=True))


def geog_country_combos(data: Table, meta: Table) -> Check:
    """Every country code and name is a pair on the EES list."""
    wrong = {
        f"{code} {name}"
        for code, name in set(_pairs(data, "country_code", "country_name"))
        if code != "x" and standard.COUNTRIES.get(code) != name
    }
    return _check(
        "geog_country_combos",
        GEOGRAPHY,
        wrong,
        "Every country code and name is on the EES list.",
        "These country codes and names are not a pair on the EES list",
    )


def geog_region_combos(data: Table, meta: Table) -> Check:
    """Every region code and name is a pair on the EES list (and Regional rows give one)."""
    if "region_code" not in data.header or "region_name" not in data.header:
        return Check("geog_region_combos", GEOGRAPHY, PASS, "The file has no region columns.")
    wrong = set()
    for level, code, name in set(_pairs(data, "geographic_level", "region_code", "region_name")):
        if level != "Regional" and code in ("", "x"):
            continue
        if standard.EES_REGIONS.get(code) != name and (code, name) not in standard.ANY_LOCATION:
            wrong.add(f"{code or 'blank'} {name or 'blank'}")
    return _check(
        "geog_region_combos",
        GEOGRAPHY,
        wrong,
        "Every region code and name is on the EES list.",
        "These region codes and names are not a pair on the EES list",
    )


def geog_la_combos(data: Table, meta: Table) -> Check:
    """Every local authority is on the EES list of local authorities, which is England's."""
    columns = ("old_la_code", "new_la_code", "la_name")
    if any(column not in data.header for column in columns):
        return Check("geog_la_combos", GEOGRAPHY, PASS, "The file has no local authority columns.")
    wrong = set()
    for old, new, name in set(_pairs(data, *columns)):
        if new in ("", "x") or (old == "" and new == "" and name == ""):
            continue
        if (old, new, name) in standard.EES_LOCAL_AUTHORITIES:
            continue
        if old == "z" and (new, name) in standard.ANY_LOCATION:
            continue
        wrong.add(f"{old} {new} {name}")
    return _check(
        "geog_la_combos",
        GEOGRAPHY,
        wrong,
        "Every local authority is on the EES list of local authorities.",
        "These local authorities are not on the EES list of local authorities, which holds "
        "England's only",
    )


def geog_pfa_combos(data: Table, meta: Table) -> Check:
    """Every police force area code and name is a pair on the published list."""
    if "pfa_code" not in data.header or "pfa_name" not in data.header:
        return Check(
            "geog_pfa_combos", GEOGRAPHY, PASS, "The file has no police force area columns."
        )
    wrong = {
        f"{code} {name}"
        for code, name in set(_pairs(data, "pfa_code", "pfa_name"))
        if code not in ("", "x") and standard.EES_FORCE_AREAS.get(code) != name
    }
    return _check(
        "geog_pfa_combos",
        GEOGRAPHY,
        wrong,
        "Every police force area code and name is on the published list.",
        "These police force area codes and names are not a pair on the published list",
    )


def geog_level_completed(data: Table, meta: Table) -> Check:
    """Each row fills in the columns of its own level (new_la_code may be blank)."""
    wrong = set()
    for index, level in enumerate(data.get("geographic_level")):
        for column in standard.LEVEL_COLUMNS.get(level, ()):
            if column == "new_la_code" or column not in data.header:
                continue
            if not data.columns[column][index].strip():
                wrong.add(f"{column} ({level})")
    return _check(
        "geog_level_completed",
        GEOGRAPHY,
        wrong,
        "Every row fills in the columns of its geographic level.",
        "These columns are blank on rows of their own level",
    )


def geog_la_col_present(data: Table, meta: Table) -> Check:
    """A file with Local authority rows has all three local authority columns."""
    if "Local authority" not in set(data.get("geographic_level")):
        return Check(
            "geog_la_col_present", GEOGRAPHY, PASS, "The file has no local authority rows."
        )
    missing = [c for c in ("old_la_code", "new_la_code", "la_name") if c not in data.header]
    return _check(
        "geog_la_col_present",
        GEOGRAPHY,
        missing,
        "The local authority columns are there.",
        "The file has local authority rows but not these columns",
    )


def geog_region_col_present(data: Table, meta: Table) -> Check:
    """A file with Regional rows has both region columns."""
    if "Regional" not in set(data.get("geographic_level")):
        return Check("geog_region_col_present", GEOGRAPHY, PASS, "The file has no regional rows.")
    missing = [c for c in ("region_code", "region_name") if c not in data.header]
    return _check(
        "geog_region_col_present",
        GEOGRAPHY,
        missing,
        "The region columns are there.",
        "The file has regional rows but not these columns",
    )


def geog_region_for_la(data: Table, meta: Table) -> Check:
    """Every Local authority row names its region (a warning)."""
    levels = data.get("geographic_level")
    if "Local authority" not in set(levels):
        return Check("geog_region_for_la", GEOGRAPHY, PASS, "The file has no local authority rows.")
    codes, names = data.get("region_code"), data.get("region_name")
    without = {
        data.get("la_name")[index]
        for index, level in enumerate(levels)
        if level == "Local authority" and not (codes[index] and names[index])
    }
    if not without:
        return Check("geog_region_for_la", GEOGRAPHY, PASS, "Every local authority has its region.")
    return Check(
        "geog_region_for_la",
        GEOGRAPHY,
        WARNING,
        f"These local authorities have no region: {listed(without)}.",
    )


def geog_other_dupes(data: Table, meta: Table) -> Check:
    """At each level a code has one name and a name one code."""
    wrong = set()
    for level, columns in standard.LEVEL_COLUMNS.items():
        if len(columns) < 2 or columns[0] not in data.header or columns[1] not in data.header:
            continue
        names: dict[str, set[str]] = {}
        codes: dict[str, set[str]] = {}
        for row_level, code, name in _pairs(data, "geographic_level", columns[0], columns[1]):
            if row_level == level:
                names.setdefault(code, set()).add(name)
                codes.setdefault(name, set()).add(code)
        wrong |= {f"{code} ({level})" for code, found in names.items() if len(found) > 1}
        wrong |= {f"{name} ({level})" for name, found in codes.items() if len(found) > 1}
    return _check(
        "geog_other_dupes",
        GEOGRAPHY,
        wrong,
        "Every area has one code and one name.",
        "These codes or names stand for more than one area",
    )


def geog_overcompleted_cols(data: Table, meta: Table) -> Check:
    """A level's columns are filled in only on rows of that level or of levels within it."""
    levels = data.get("geographic_level")
    wrong = set()
    for level, allowed in standard.FILLED_ON.items():
        for column in standard.LEVEL_COLUMNS[level]:
            if column not in data.header:
                continue
            values = data.columns[column]
            if any(values[i] and row_level not in allowed for i, row_level in enumerate(levels)):
                wrong.add(column)
    return _check(
        "geog_overcompleted_cols",
        GEOGRAPHY,
        wrong,
        "Geography columns are blank on rows of higher levels.",
        "These columns are filled in on rows of a higher geographic level",
    )


def ind_invalid_entry(data: Table, meta: Table) -> Check:
    """Every indicator cell is a number or an EES symbol: never blank, never a legacy symbol."""
    wrong = set()
    for column in columns_of(meta, "Indicator"):
        for value in set(data.get(column)):
            if value not in standard.SYMBOLS and not NUMBER.match(value):
                wrong.add(f"{column} ({value or 'blank'})")
    return _check(
        "ind_invalid_entry",
        INDICATORS,
        wrong,
        "Every indicator cell is a number or an EES symbol.",
        "These indicators have cells that are neither a number nor an EES symbol",
    )


CHECKS: tuple[Callable[[Table, Table], Check], ...] = (
    general_null,
    general_dupes,
    time_period_num,
    time_id_valid,
    time_id_mix,
    time_period,
    time_period_six,
    filter_defaults,
    filter_whitespace,
    filter_blanks,
    geog_level,
    geog_country_combos,
    geog_region_combos,
    geog_la_combos,
    geog_pfa_combos,
    geog_level_completed,
    geog_la_col_present,
    geog_region_col_present,
    geog_region_for_la,
    geog_other_dupes,
    geog_overcompleted_cols,
    ind_invalid_entry,
)
