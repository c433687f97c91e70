"""The register as a spreadsheet: its column layout, and reading and writing CSV and XLSX.

One row per partnership. Covered schools are one cell of semicolon-separated URNs, each
optionally followed by `:days` on site a week (`100001:2.5;100002`); funding sources are
semicolon-separated. The CSV carries codes (`cluster`); the workbook carries words
("Cluster officer"), typed numbers and dates, and drop-down lists, and either is read back.
Every text cell written is neutralised (no spreadsheet formulas). Reading turns every cell
into text (dates as YYYY-MM-DD) so that the rows can be re-sent.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from flask_babel import gettext, ngettext
from markupsafe import Markup, escape

from sspcollect.bulk.workbook import Cell, Sheet, workbook_bytes
from sspcollect.content.marking import N_
from sspcollect.datasets.safe_csv import FORMULA_TRIGGERS, csv_text
from sspcollect.models import (
    FUNDING_SOURCE_LABELS,
    MODEL_LABELS,
    OFFICER_ROLE_LABELS,
    FundingSource,
    Model,
    OfficerRole,
    Partnership,
)
from sspcollect.register.rules import PARTNERSHIP_FIELDS

COLUMNS = (*PARTNERSHIP_FIELDS, "schools")
DATE_COLUMNS = frozenset({"funded_until", "start_date", "end_date"})
# What each column holds: the template's guidance sheet and the upload page show it. The
# words are marked for the Welsh catalogue; the answers a cell takes (the choices) stay English,
# as the data does.
CHOICES = {
    "model": "; ".join(MODEL_LABELS.values()),
    "officer_role": "; ".join(OFFICER_ROLE_LABELS.values()),
    "funding_sources": ", ".join(FUNDING_SOURCE_LABELS.values()),
    "information_sharing_agreement": "Yes; No",
}
GUIDANCE_WORDS = {
    "reference": N_(
        "Your force's reference for the partnership, unique in your register (a row with a "
        "reference already in the register changes that partnership)"
    ),
    "name": N_("The name of the partnership"),
    "model": N_("One of: %(choices)s"),
    "model_description": N_("How the partnership works, needed when the model is Other"),
    "officer_role": N_("One of: %(choices)s"),
    "officer_count": N_("The number of officers, a whole number"),
    "fte": N_("Full-time equivalent dedicated to schools, for example 1.5"),
    "funding_sources": N_("One or more of: %(choices)s (separate several with semicolons)"),
    "funded_until": N_("The date funding runs until, like 2027-03-31, or blank if not known"),
    "information_sharing_agreement": N_("One of: %(choices)s"),
    "start_date": N_("The date the partnership started, like 2024-09-01"),
    "end_date": N_(
        "The date the partnership ended, like 2026-07-31, or blank if it is running (entering "
        "a date ends the partnership)"
    ),
    "schools": N_(
        "The URNs of the schools covered, separated by semicolons, each optionally with days a "
        "week on site after a colon, for example 100001:2.5;100002"
    ),
}


def guidance(translate: Callable[[str], str] = str) -> dict[str, str]:
    """What each column holds, in English (for the workbook)."""
    return {
        column: translate(words) % {"choices": CHOICES.get(column, "")}
        for column, words in GUIDANCE_WORDS.items()
    }


def guidance_html() -> dict[str, Markup]:
    """What each column holds, in the page's language, with the answers a cell takes marked
    as English (they are the same in every language)."""
    return {
        column: escape(gettext(words))
        % {"choices": Markup('<span lang="en">%s</span>') % CHOICES.get(column, "")}
        for column, words in GUIDANCE_WORDS.items()
    }


GUIDANCE = guidance()
MAX_ROWS = 5000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FileProblemError(Exception):
    """The file cannot be read as a register: the message says what to do."""


def problems_found(problems: int) -> str:
    """The error summary's line for a file whose rows have problems."""
    return ngettext(
        "The file has %(num)s problem; nothing was saved",
        "The file has %(num)s problems; nothing was saved",
        problems,
    )


def _number(value: object) -> str:
    """A number as text without a trailing .0 or exponent."""
    return "" if value is None else str(value)


def row_of(partnership: Partnership) -> list[str]:
    """The cells of one partnership, in COLUMNS order."""
    schools = ";".join(
        str(link.school_urn)
        if link.days_per_week is None
        else f"{link.school_urn}:{link.days_per_week.normalize():f}"
        for link in sorted(partnership.schools, key=lambda link: link.school_urn)
    )

    def iso(value: date | None) -> str:
        return value.isoformat() if value else ""

    return [
        partnership.reference,
        partnership.name,
        str(partnership.model),
        partnership.model_description or "",
        str(partnership.officer_role),
        _number(partnership.officer_count),
        _number(partnership.fte),
        ";".join(partnership.funding_sources or []),
        iso(partnership.funded_until),
        "yes" if partnership.information_sharing_agreement else "no",
        iso(partnership.start_date),
        iso(partnership.end_date),
        schools,
    ]


def csv_bytes(partnerships: Iterable[Partnership]) -> bytes:
    """The register as CSV, UTF-8 with a BOM so that spreadsheets read its accents."""
    return csv_text(COLUMNS, (row_of(p) for p in partnerships)).encode("utf-8-sig")


def typed_row(partnership: Partnership) -> list[Cell]:
    """The cells of one partnership for a workbook: numbers, dates, and words for choices."""
    cells: list[Cell] = list(row_of(partnership))
    by_name = dict(zip(COLUMNS, range(len(COLUMNS)), strict=True))
    cells[by_name["model"]] = MODEL_LABELS.get(Model(partnership.model), partnership.model)
    role = OfficerRole(partnership.officer_role)
    cells[by_name["officer_role"]] = OFFICER_ROLE_LABELS.get(role, partnership.officer_role)
    cells[by_name["officer_count"]] = partnership.officer_count
    cells[by_name["fte"]] = None if partnership.fte is None else float(partnership.fte)
    cells[by_name["funding_sources"]] = "; ".join(
        FUNDING_SOURCE_LABELS.get(FundingSource(code), code)
        for code in partnership.funding_sources or []
    )
    cells[by_name["information_sharing_agreement"]] = (
        "Yes" if partnership.information_sharing_agreement else "No"
    )
    for name in DATE_COLUMNS:
        cells[by_name[name]] = getattr(partnership, name)
    return cells


def xlsx_bytes(partnerships: Iterable[Partnership], guidance: bool = False) -> bytes:
    """The register as an Excel workbook, with a guidance sheet if asked."""
    sheet = Sheet(
        title="Register",
        columns=COLUMNS,
        rows=(typed_row(p) for p in partnerships),
        choices={
            "model": list(MODEL_LABELS.values()),
            "officer_role": list(OFFICER_ROLE_LABELS.values()),
            "information_sharing_agreement": ["Yes", "No"],
        },
        number_formats={"officer_count": "0", "fte": "0.0"},
        widths={"name": 36, "model_description": 30, "funding_sources": 30, "schools": 30},
    )
    return workbook_bytes(sheet, GUIDANCE if guidance else None)


def _text(value: Any, column: str) -> str:
    """One cell as text: dates as YYYY-MM-DD (also from a date serial), whole numbers bare."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if column in DATE_COLUMNS and isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(value, str(value))
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value).strip()
    if column in DATE_COLUMNS and re.fullmatch(r"\d{5}(\.0+)?", text):
        return _serial(float(text), text)
    # A downloaded cell neutralised with a leading apostrophe reads back as typed.
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def _serial(value: float, raw: str) -> str:
    """A spreadsheet date serial as YYYY-MM-DD (left as typed if it is no date)."""
    from openpyxl.utils.datetime import from_excel  # openpyxl only once a workbook comes

    try:
        return str(from_excel(value).date().isoformat())
    except (ValueError, OverflowError, TypeError):
        return raw


def _decode(data: bytes) -> str:
    """CSV bytes as text: UTF-8 (with or without a BOM), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileProblemError(
            gettext(
                "The file is not a CSV file we can read; save it as CSV (UTF-8) and upload it again"
            )
        ) from None


def _csv_rows(data: bytes) -> list[list[Any]]:
    """The rows of a CSV file."""
    text = _decode(data)
    if "\x00" in text:
        raise FileProblemError(
            gettext("The file is not a CSV file; save it as CSV (UTF-8) and upload it again")
        )
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise FileProblemError(
            gettext(
                "The file is not a CSV file we can read; save it as CSV (UTF-8) and upload it again"
            )
        ) from None


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    """The rows of the first sheet of an XLSX workbook."""
    not_xlsx = FileProblemError(
        gettext(
            "The file is not an Excel workbook (.xlsx); save it as an Excel workbook "
            "or as CSV and upload it again"
        )
    )
    if not data.startswith(b"PK\x03\x04"):
        raise not_xlsx
    from openpyxl import load_workbook  # loaded when a workbook comes, not with every page

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "[Content_Types].xml" not in archive.namelist():
                raise not_xlsx
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            return [list(row) for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    except FileProblemError:
        raise
    except Exception:  # any broken workbook is the same problem to the user
        raise not_xlsx from None


def read(
    filename: str, data: bytes, columns: Sequence[str] = COLUMNS, what: str | None = None
) -> list[tuple[int, dict[str, str]]]:
    """The rows of an uploaded file as (row number, cells by column), header checked.

    The same reading serves the register and the bulk invitations; columns is the layout, and
    what names what the file holds (your register, when None) in the page's language.
    """
    what = what or gettext("your register")
    if not data.strip():
        raise FileProblemError(
            gettext("The selected file is empty; choose a file with %(what)s in it", what=what)
        )
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "xlsx":
        rows = _xlsx_rows(data)
    elif extension == "csv":
        rows = _csv_rows(data)
    else:
        raise FileProblemError(
            gettext("The selected file must be a CSV or an Excel workbook (.xlsx)")
        )
    return _records(rows, columns, what)


def _blank(row: Sequence[Any]) -> bool:
    """True for a row of empty cells (spreadsheets leave these at the end)."""
    return all(value is None or str(value).strip() == "" for value in row)


def _records(
    rows: list[list[Any]], columns: Sequence[str], what: str
) -> list[tuple[int, dict[str, str]]]:
    """Rows keyed by the header's columns, checked against columns."""
    while rows and _blank(rows[-1]):
        rows.pop()
    if not rows:
        raise FileProblemError(
            gettext("The selected file is empty; choose a file with %(what)s in it", what=what)
        )
    header = [_text(cell, "").lower() for cell in rows[0]]
    while header and header[-1] == "":
        header.pop()
    missing = [column for column in columns if column not in header]
    unknown = [column for column in header if column not in columns]
    if missing or unknown or len(set(header)) != len(header):
        parts = []
        if missing:
            parts.append(gettext("missing %(columns)s", columns=", ".join(missing)))
        if unknown:
            parts.append(gettext("not recognised %(columns)s", columns=", ".join(unknown)))
        if len(set(header)) != len(header):
            parts.append(gettext("a column is repeated"))
        raise FileProblemError(
            gettext(
                "The first row must be the column headings %(columns)s (%(problems)s)",
                columns=", ".join(columns),
                problems="; ".join(parts),
            )
        )
    if len(rows) - 1 > MAX_ROWS:
        raise FileProblemError(
            gettext(
                "The file has more than %(rows)s rows; split it and upload each part",
                rows=f"{MAX_ROWS:,}",
            )
        )
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if _blank(row):
            continue
        cells = {
            column: _text(row[i] if i < len(row) else None, column)
            for i, column in enumerate(header)
        }
        records.append((number, cells))
    return records
