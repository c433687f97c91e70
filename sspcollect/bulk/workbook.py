"""Excel workbooks for a person to fill in: typed cells, words not codes, drop-down lists,
a frozen header row and a guidance sheet.

The register and the outcomes files are both written here. Numbers are numbers and dates
are dates, so that a spreadsheet sorts and sums them; a choice is written as its label and
offered from a drop-down list; the lists live on a hidden sheet, so that labels with commas
are safe. Text that a spreadsheet would run as a formula is neutralised.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sspcollect.datasets.safe_csv import neutralise

if TYPE_CHECKING:
    from openpyxl import Workbook

# Rows below the data that still offer the drop-down lists, for rows a person adds.
SPARE_ROWS = 500
DATE_FORMAT = "yyyy-mm-dd"
Cell = str | int | float | date | None


@dataclass
class Sheet:
    """One sheet to write: its headings, its rows, and the lists some columns choose from."""

    title: str
    columns: Sequence[str]
    rows: Iterable[Sequence[Cell]]
    # Column name → the labels its drop-down offers.
    choices: Mapping[str, Sequence[str]] = field(default_factory=dict)
    # Column name → an Excel number format ("0", "0.0").
    number_formats: Mapping[str, str] = field(default_factory=dict)
    # Column name → how wide it is shown, in characters.
    widths: Mapping[str, int] = field(default_factory=dict)


def _write_lists(book: Workbook, sheet: Sheet) -> dict[str, str]:
    """A hidden sheet of each column's choices; the formula of each list, by column."""
    from openpyxl.utils import get_column_letter

    if not sheet.choices:
        return {}
    lists = book.create_sheet("Lists")
    formulas = {}
    for number, (column, labels) in enumerate(sheet.choices.items(), start=1):
        letter = get_column_letter(number)
        lists.cell(row=1, column=number, value=column)
        for row, label in enumerate(labels, start=2):
            lists.cell(row=row, column=number, value=label)
        formulas[column] = f"Lists!${letter}$2:${letter}${len(labels) + 1}"
    lists.sheet_state = "hidden"
    return formulas


def workbook_bytes(sheet: Sheet, guidance: Mapping[str, str] | None = None) -> bytes:
    """The sheet as an XLSX workbook, with a guidance sheet of what each column holds."""
    # openpyxl is loaded when a workbook is written, not with every page of the service.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    data = book.active
    assert data is not None
    data.title = sheet.title
    data.append(list(sheet.columns))
    for cell in data[1]:
        cell.font = Font(bold=True)
    count = 0
    for row in sheet.rows:
        data.append([neutralise(value) for value in row])
        count += 1
    last = count + 1 + SPARE_ROWS
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        data.column_dimensions[letter].width = sheet.widths.get(column, max(12, len(column) + 2))
        number_format = sheet.number_formats.get(column)
        for (cell,) in data.iter_rows(min_row=2, max_row=count + 1, min_col=index, max_col=index):
            if isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
            elif number_format and isinstance(cell.value, (int, float)):
                cell.number_format = number_format
    for column, formula in _write_lists(book, sheet).items():
        letter = get_column_letter(list(sheet.columns).index(column) + 1)
        check = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Choose from the list",
            error="Choose one of the answers in the list",
        )
        check.add(f"{letter}2:{letter}{last}")
        data.add_data_validation(check)
    data.freeze_panes = "A2"
    if guidance:
        notes = book.create_sheet("Guidance", index=1)
        notes.append(["Column", "What to enter"])
        for cell in notes[1]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            notes.append([column, guidance.get(column, "")])
        notes.column_dimensions["A"].width = 32
        notes.column_dimensions["B"].width = 100
        notes.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def code_of(text: str, labels: Mapping[Any, str]) -> str:
    """The code a cell means, whether it holds the code or the label (any case); the text
    itself, lower case, when it is neither, so that the rules say what is wrong."""
    wanted = text.strip().lower()
    for code, label in labels.items():
        if wanted in (str(code).lower(), label.lower()):
            return str(code)
    return wanted
