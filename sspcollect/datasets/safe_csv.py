"""CSV downloads that are safe to open in a spreadsheet: no cell of text can run as a formula.

A spreadsheet treats a cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return
that hides one) as a formula, which can run commands or leak data (CSV injection). Text from
users is written with a leading apostrophe instead, which spreadsheets show as plain text.
Numbers are never changed: `-3` in a number column is a negative number, not a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only the dataset files hand this module frames: the other downloads (the audit log,
    # the returns list) are written without loading pandas.
    import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A cell made safe for a spreadsheet: text that could start a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_row(row: Iterable[object]) -> list[object]:
    """Every cell of a row made safe (numbers, dates and empty cells are kept as they are)."""
    return [neutralise(value) for value in row]


def neutralise_series(values: pd.Series) -> pd.Series:
    """A column with each text cell made safe, as neutralise does (checked once per value)."""
    if values.dtype != object:
        return values
    import pandas as pd

    risky = [
        value
        for value in pd.unique(values.to_numpy())
        if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)
    ]
    if not risky:
        return values
    return values.where(~values.isin(risky), "'" + values.astype(str))


def neutralise_text_columns(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """A copy of frame whose named text columns are made safe; numeric columns are left alone."""
    safe = frame.copy()
    for column in columns:
        safe[column] = neutralise_series(safe[column])
    return safe


def csv_text(header: Sequence[str], rows: Iterable[Iterable[object]]) -> str:
    """CSV text of header and rows, with every text cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(neutralise_row(header))
    writer.writerows(neutralise_row(row) for row in rows)
    return buffer.getvalue()


def line_writer() -> Callable[[Iterable[object]], str]:
    """A function that turns one row into one line of CSV text, every text cell made safe.

    For downloads streamed a line at a time, so a long list never sits in memory whole.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def line(row: Iterable[object]) -> str:
        writer.writerow(neutralise_row(row))
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    return line
