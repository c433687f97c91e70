"""Writing data and metadata files in the Explore Education Statistics (EES) open data standard.

A data file is tidy: mandatory time and geography columns, then one column per filter (each
with a `Total` item), then one per indicator. Indicators never hold blank cells: a figure is
written to its decimal places, or as a symbol: `c` suppressed, `z` not applicable, `x` not
available, `low` rounds to zero but is not zero. Its `.meta.csv` has one row per filter and
indicator. Files are UTF-8 with snake_case headers.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sspcollect.datasets.equations import Protected
from sspcollect.datasets.frame_csv import frame_csv
from sspcollect.datasets.geography import geography_columns, level_order
from sspcollect.datasets.safe_csv import neutralise_series

TIME_IDENTIFIER = "Academic year"
NOT_APPLICABLE = "z"
NOT_AVAILABLE = "x"
LOW = "low"
SYMBOLS = ("c", NOT_APPLICABLE, NOT_AVAILABLE, LOW)
META_COLUMNS = (
    "col_name",
    "col_type",
    "label",
    "indicator_grouping",
    "indicator_unit",
    "indicator_dp",
    "filter_hint",
    "filter_grouping_column",
)


@dataclass(frozen=True)
class Filter:
    """A filter column: its label, the hint EES shows, and its items in display order."""

    column: str
    label: str
    hint: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Indicator:
    """An indicator column, its decimal places and unit, and the symbol for a missing figure."""

    column: str
    label: str
    dp: int = 0
    unit: str = ""
    grouping: str = ""
    missing: str = NOT_APPLICABLE


@dataclass(frozen=True)
class DataFile:
    """One EES data file: its name, geographic levels, filters, indicators and protection."""

    name: str
    title: str
    description: str
    levels: tuple[str, ...]
    filters: tuple[Filter, ...]
    indicators: tuple[Indicator, ...]
    protected: tuple[Protected, ...] = field(default=())
    overlaps: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Why the file can have no rows (it is then not written), as the data guidance says it.
    when_empty: str = "None of the returns these files count has a figure for it."

    @property
    def filter_columns(self) -> list[str]:
        """The names of the filter columns."""
        return [item.column for item in self.filters]

    @property
    def columns(self) -> list[str]:
        """Every column of the data file, in order."""
        return [
            "time_period",
            "time_identifier",
            *geography_columns(self.levels),
            *self.filter_columns,
            *(item.column for item in self.indicators),
        ]


def format_figure(value: object, indicator: Indicator) -> str:
    """One indicator cell: a symbol kept as it is, a missing figure's symbol, or the number."""
    return str(format_figures(pd.Series([value], dtype=object), indicator).iloc[0])


def format_figures(values: pd.Series, indicator: Indicator) -> pd.Series:
    """An indicator column as written: symbols kept, missing figures' symbol, numbers rounded.

    A figure that is not zero but rounds to zero at the indicator's decimal places is `low`.
    """
    symbol = values.isin(SYMBOLS) if values.dtype == object else values.isna() & False
    numbers = values.mask(symbol).astype(float)
    missing = numbers.isna() & ~symbol
    rounded = numbers.round(indicator.dp).fillna(0) + 0.0  # + 0.0 turns -0.0 into 0.0
    low = (rounded == 0) & (numbers != 0) & numbers.notna()
    pattern = f"%.{indicator.dp}f"
    text = np.array([pattern % number for number in rounded.tolist()], dtype=object)
    written = np.where(low, LOW, text)
    written = np.where(missing, indicator.missing, written)
    written = np.where(symbol, values.astype(str), written)
    return pd.Series(written, index=values.index, dtype=object)


def data_csv(table: pd.DataFrame, spec: DataFile, time_period: str) -> str:
    """The data file for table (geography attached, disclosure control already applied)."""
    ordered = _sorted(table, spec)
    out = pd.DataFrame(index=ordered.index)
    out["time_period"] = time_period
    out["time_identifier"] = TIME_IDENTIFIER
    for column in [*geography_columns(spec.levels), *spec.filter_columns]:
        text = ordered[column].astype(object)
        out[column] = neutralise_series(text.where(text.notna(), "").astype(str))
    for indicator in spec.indicators:
        out[indicator.column] = format_figures(ordered[indicator.column], indicator)
    return frame_csv(out[spec.columns])


def meta_csv(spec: DataFile) -> str:
    """The .meta.csv describing the filters and indicators of spec."""
    rows = [
        {
            "col_name": item.column,
            "col_type": "Filter",
            "label": item.label,
            "filter_hint": item.hint,
        }
        for item in spec.filters
    ] + [
        {
            "col_name": item.column,
            "col_type": "Indicator",
            "label": item.label,
            "indicator_grouping": item.grouping,
            "indicator_unit": item.unit,
            "indicator_dp": str(item.dp),
        }
        for item in spec.indicators
    ]
    frame = pd.DataFrame(rows, columns=list(META_COLUMNS)).fillna("")
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def _sorted(table: pd.DataFrame, spec: DataFile) -> pd.DataFrame:
    """Rows ordered by level, area, then each filter's items in display order (Total first)."""
    keys = pd.DataFrame(
        {"level": level_order(table), "area": table["geo_code"].astype(str)}, index=table.index
    )
    for item in spec.filters:
        order = {name: rank for rank, name in enumerate(("Total", *item.items))}
        keys[item.column] = table[item.column].map(order).fillna(len(order))
        keys[f"{item.column}_name"] = table[item.column].astype(str)
    return table.loc[keys.sort_values(list(keys.columns), kind="stable").index]
