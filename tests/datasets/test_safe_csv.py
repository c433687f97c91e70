"""Downloads neutralise spreadsheet formula injection in text, and leave numbers alone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from sspcollect.datasets.safe_csv import (
    csv_text,
    neutralise,
    neutralise_series,
    neutralise_text_columns,
)


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+SUM(A1:A9)", "-2+3", "@cmd", "\t=1", "\r=1", '=HYPERLINK("http://x")'],
)
def test_text_that_could_start_a_formula_gets_a_leading_apostrophe(text: str) -> None:
    """Each trigger character is neutralised."""
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Oakfield Primary", "", "1+1", "a=b", "  =1"])
def test_ordinary_text_is_unchanged(value: str) -> None:
    """Text that cannot start a formula is written as it is."""
    assert neutralise(value) == value


@pytest.mark.parametrize("value", [-3, -2.5, Decimal("-1.5"), 0, None, date(2026, 1, 1), True])
def test_numbers_and_other_values_are_never_changed(value: object) -> None:
    """A negative number is a number, not a formula."""
    assert neutralise(value) == value


def test_csv_text_neutralises_text_cells_only() -> None:
    """Whole rows: text cells safe, negative numbers intact."""
    text = csv_text(["name", "change"], [["=cmd|' /C calc'!A0", -4], ["Riverside", 2]])
    assert text.splitlines() == ["name,change", "'=cmd|' /C calc'!A0,-4", "Riverside,2"]


def test_columns_are_neutralised_as_the_cells_are() -> None:
    """The column version agrees with the cell version, and numeric columns are untouched."""
    frame = pd.DataFrame({"name": ["=1", "ok", None, "@x"], "delta": [-1, -2, 3, 4]})
    safe = neutralise_text_columns(frame, ["name", "delta"])
    assert safe["name"].tolist()[:2] == ["'=1", "ok"]
    assert safe["name"].tolist()[3] == "'@x"
    assert safe["name"].isna().tolist() == [False, False, True, False]
    assert safe["delta"].tolist() == [-1, -2, 3, 4]
    plain = pd.Series(["a", "b"], dtype=object)
    assert neutralise_series(plain) is plain
