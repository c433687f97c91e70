"""Reading a Get Information About Schools (GIAS) extract: bytes to checked rows, or a refusal.

Everything here works on the file alone (and the service's list of local authorities), before
the database is touched: what kind of file it is, its encoding, whether it was cut off, the
number of fields on every row, every value, and whether each row's `LA (code)` and
`LA (name)` agree with the service. A problem ends in one GiasImportError whose message says
what is wrong, on which row, and what to do.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sspcollect.words import counted

REQUIRED_COLUMNS = (
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (code)",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)",
    "PhaseOfEducation (name)",
    "Postcode",
    "NumberOfPupils",
    "OpenDate",
    "CloseDate",
    "Easting",
    "Northing",
)

OPEN_STATUSES = frozenset({"Open", "Open, but proposed to close"})
PROPOSED_TO_OPEN = "Proposed to open"
CLOSED = "Closed"

# Why a row is outside the service; the keys of ImportReport.skipped_by_reason.
NO_LOCAL_AUTHORITY = "no local authority (LA code 000)"
OVERSEAS = "overseas"
OFFSHORE = "offshore"
HIGHER_EDUCATION = "higher education institutions"

# 702 BFPO, 704 Fieldwork and 708 Gibraltar overseas establishments.
OVERSEAS_LA_CODES = frozenset({"702", "704", "708"})
# GIAS numbers its other pseudo-authorities (Channel Islands, Isle of Man and Scotland
# offshore establishments, such as 705) in the 700s, which no English or Welsh authority uses.
OFFSHORE_LA_PREFIX = "7"
# TypeOfEstablishment codes, with their names as a fallback when a code is missing.
SKIPPED_TYPES = {25: OFFSHORE, 29: HIGHER_EDUCATION, 37: OVERSEAS}
SKIPPED_TYPE_NAMES = {
    "offshore schools": OFFSHORE,
    "higher education institutions": HIGHER_EDUCATION,
    "british schools overseas": OVERSEAS,
}

# Longest text the schools table holds, by column.
TEXT_LIMITS = {
    "EstablishmentName": 200,
    "TypeOfEstablishment (name)": 100,
    "EstablishmentStatus (name)": 50,
    "PhaseOfEducation (name)": 50,
    "Postcode": 10,
}

MAX_ERRORS_SHOWN = 20
PROGRESS_EVERY = 1000

DOWNLOAD_AGAIN = (
    "Download the establishment extract again from Get Information About Schools "
    "(edubasealldataYYYYMMDD.csv) and import the new file."
)

_URN = re.compile(r"[0-9]{6}")
_LA_CODE = re.compile(r"[0-9]{3}")
_ESTABLISHMENT_NUMBER = re.compile(r"[0-9]{1,4}")
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")
_DATE = re.compile(r"([0-9]{2})-([0-9]{2})-([0-9]{4})")

# The first bytes of files that are not text, with what a person would call them.
_NOT_TEXT = (
    (b"PK\x03\x04", "an Excel workbook or a zip file"),
    (b"PK\x05\x06", "an empty zip file"),
    (b"\xd0\xcf\x11\xe0", "an Excel 97-2003 workbook"),
    (b"\x1f\x8b", "a gzip file"),
    (b"%PDF", "a PDF document"),
    (b"\xff\xfe", "UTF-16 text (Excel's 'Unicode Text')"),
    (b"\xfe\xff", "UTF-16 text (Excel's 'Unicode Text')"),
)
UTF8_BOM = b"\xef\xbb\xbf"


class GiasImportError(Exception):
    """The file cannot be imported and nothing was changed. errors lists (row, column, problem).

    str() of it is the whole message: what is wrong, on which row, and what to do.
    """

    def __init__(self, message: str, errors: list[tuple[int, str, str]] | None = None) -> None:
        """Keep the message and the problems it summarises."""
        super().__init__(message)
        self.message = message
        self.errors = errors or []

    @classmethod
    def for_values(cls, errors: list[tuple[int, str, str]]) -> GiasImportError:
        """One message listing rows whose values cannot be read (header = row 1)."""
        lines = [f"Row {row:,}, column '{column}': {problem}" for row, column, problem in errors]
        shown = lines[:MAX_ERRORS_SHOWN]
        if len(lines) > MAX_ERRORS_SHOWN:
            shown.append(f"and {counted(len(lines) - MAX_ERRORS_SHOWN, 'more problem')}")
        rows = len({row for row, _, _ in errors})
        return cls(
            f"The file was not imported, and nothing was changed: "
            f"{counted(rows, 'row has', 'rows have')} values the service cannot read. "
            + "; ".join(shown)
            + ". If the file was edited, put these values right; otherwise "
            + DOWNLOAD_AGAIN[0].lower()
            + DOWNLOAD_AGAIN[1:],
            errors,
        )


def refused(problem: str, row: int | None, column: str, action: str) -> GiasImportError:
    """A refusal for one problem with the file as a whole."""
    return GiasImportError(
        f"The file was not imported, and nothing was changed: {problem} {action}",
        [(row or 1, column, problem)],
    )


@dataclass
class CheckedFile:
    """A file that passed every check: its schools, what was skipped, how it was read."""

    encoding: str
    rows: int
    schools: list[dict[str, Any]]
    skipped: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class LocalAuthorityNames:
    """The service's local authorities: new code and name by three-digit code."""

    codes: dict[str, str]
    names: dict[str, str]


def decode(raw: bytes) -> tuple[str, str]:
    """The file as text and how it was read; refuses files that are not text at all."""
    if not raw.strip():
        raise refused("the file is empty.", 1, "(whole file)", DOWNLOAD_AGAIN)
    for magic, kind in _NOT_TEXT:
        if raw.startswith(magic):
            raise refused(
                f"this is {kind}, not a CSV file.",
                None,
                "(whole file)",
                "Choose the CSV file itself (edubasealldataYYYYMMDD.csv): unzip a zip file "
                "first, and do not open and save the extract in Excel.",
            )
    if b"\x00" in raw[:65536]:
        raise refused(
            "this is not a text file (it holds NUL bytes).",
            raw[: raw.index(b"\x00")].count(b"\n") + 1,
            "(whole row)",
            DOWNLOAD_AGAIN,
        )
    if raw.startswith(UTF8_BOM):
        try:
            return raw[len(UTF8_BOM) :].decode("utf-8"), "UTF-8 (with a byte order mark)"
        except UnicodeDecodeError as exc:
            raise _not_readable(raw, exc.start + len(UTF8_BOM), "UTF-8") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return text, "UTF-8" if not raw.isascii() else "plain ASCII (UTF-8 and Windows-1252 agree)"
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise _not_readable(raw, exc.start, "UTF-8 or Windows-1252") from None


def _not_readable(raw: bytes, at: int, encodings: str) -> GiasImportError:
    """The refusal for a byte that no encoding the service reads allows."""
    row = raw[:at].count(b"\n") + 1
    return refused(
        f"row {row:,} holds the byte {raw[at]:#04x}, which is not {encodings} text.",
        row,
        "(whole row)",
        DOWNLOAD_AGAIN,
    )


def records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank CSV record with the row (file line) it starts on; refuses broken quoting."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        for values in reader:
            if len(values) > 1 or (values and values[0].strip()):
                yield line, values
            line = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise refused(
                f"the file ends inside a quoted value on row {line:,}, so it looks cut off "
                "(as an interrupted download is).",
                line,
                "(whole row)",
                DOWNLOAD_AGAIN,
            ) from None
        raise refused(
            f"row {line:,} has a quote mark the service cannot read ({exc}).",
            line,
            "(whole row)",
            DOWNLOAD_AGAIN,
        ) from None


def check_file(
    raw: bytes,
    authorities: LocalAuthorityNames,
    progress: Callable[[int], None] | None = None,
) -> CheckedFile:
    """Check every byte and row of an extract; its schools to keep, or a GiasImportError.

    progress, when given, is called with the number of rows just checked (a step).
    """
    text, encoding = decode(raw)
    all_rows = records(text)
    header = next(all_rows, None)
    if header is None:
        raise refused("the file is empty.", 1, "(whole file)", DOWNLOAD_AGAIN)
    names = [name.strip() for name in header[1]]
    missing = [column for column in REQUIRED_COLUMNS if column not in names]
    if missing:
        raise GiasImportError(
            "The file was not imported, and nothing was changed: row 1 should name the "
            "columns of a Get Information About Schools extract, but "
            + ", ".join(f"'{column}'" for column in missing)
            + (" is" if len(missing) == 1 else " are")
            + " not there. "
            + DOWNLOAD_AGAIN,
            [(1, column, "the column is missing") for column in missing],
        )
    if not text.endswith(("\n", "\r")):
        last = text.rstrip().count("\n") + 1
        raise refused(
            f"the last row (row {last:,}) does not end with a line break, so the file looks "
            "cut off, as an interrupted download is.",
            last,
            "(whole row)",
            DOWNLOAD_AGAIN,
        )
    index = {column: names.index(column) for column in REQUIRED_COLUMNS}
    checker = _RowChecker(len(names), index, authorities)
    done = 0
    for line, values in all_rows:
        done += 1
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(PROGRESS_EVERY)
        checker.check(line, values)
    if progress is not None and done % PROGRESS_EVERY:
        progress(done % PROGRESS_EVERY)
    if done == 0:
        raise refused(
            "the file has its header row but no establishments.", 2, "(whole file)", DOWNLOAD_AGAIN
        )
    checker.raise_problems()
    return CheckedFile(encoding, done, checker.schools, checker.skipped)


class _RowChecker:
    """Checks rows one by one, keeping the schools and every problem found."""

    def __init__(self, width: int, index: dict[str, int], authorities: LocalAuthorityNames) -> None:
        """Check rows of width fields, reading the columns at index."""
        self.width = width
        self.index = index
        self.authorities = authorities
        self.schools: list[dict[str, Any]] = []
        self.skipped: Counter[str] = Counter()
        self.errors: list[tuple[int, str, str]] = []
        self.wrong_width: list[tuple[int, int]] = []
        # (code, name in the file) → (rows, first row)
        self.disagreements: dict[tuple[str, str], list[int]] = {}
        self.first_seen: dict[int, int] = {}

    def check(self, line: int, values: list[str]) -> None:
        """Check one row and keep its school, or note what is wrong with it."""
        if len(values) != self.width:
            self.wrong_width.append((line, len(values)))
            return
        row = {column: values[i].strip() for column, i in self.index.items()}
        reason = _skip_reason(row)
        if reason is not None:
            self.skipped[reason] += 1
            return
        school = _parse_school(line, row, self.authorities.codes, self.errors)
        if school is None:
            return
        self._check_name(line, row)
        if school["urn"] in self.first_seen:
            first = self.first_seen[school["urn"]]
            self.errors.append((line, "URN", f"URN {school['urn']} is also on row {first:,}"))
            return
        self.first_seen[school["urn"]] = line
        self.schools.append(school)

    def _check_name(self, line: int, row: dict[str, str]) -> None:
        """Note a row whose LA (name) is not the name the service has for its LA (code)."""
        code, name = row["LA (code)"], row["LA (name)"]
        if name_key(name) != name_key(self.authorities.names[code]):
            rows = self.disagreements.setdefault((code, name), [0, line])
            rows[0] += 1

    def raise_problems(self) -> None:
        """Refuse the file for the first kind of problem found, in the order a person fixes them."""
        if self.wrong_width:
            line, found = self.wrong_width[0]
            others = len(self.wrong_width) - 1
            more = f" ({counted(others, 'other row')} too)" if others else ""
            raise refused(
                f"row {line:,} has {counted(found, 'field')} but the header row has "
                f"{self.width:,}{more}, so the file has been cut off or damaged.",
                line,
                "(whole row)",
                DOWNLOAD_AGAIN,
            )
        if self.disagreements:
            raise GiasImportError(
                "The file was not imported, and nothing was changed: its local authority "
                "codes and names disagree with the service's. "
                + " ".join(
                    f"Code {code} is {self.authorities.names[code]}, but the file calls it "
                    f"{name or 'nothing'} on {counted(rows, 'row')}, from row {first:,}."
                    for (code, name), (rows, first) in sorted(self.disagreements.items())
                )
                + " Check that the file is an unedited extract from Get Information About "
                "Schools. If it is, the service's list of local authorities is out of date: "
                "ask for it to be updated before importing.",
                [
                    (first, "LA (name)", f"{name!r} is not the name of local authority {code}")
                    for (code, name), (_, first) in sorted(self.disagreements.items())
                ],
            )
        if self.errors:
            raise GiasImportError.for_values(self.errors)


@functools.lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """A local authority name reduced to its letters: 'St. Helens' and 'St Helens' agree."""
    return re.sub(r"[^0-9a-z]", "", name.casefold().replace("&", "and"))


def _skip_reason(row: dict[str, str]) -> str | None:
    """Why this establishment is outside the service, or None when it belongs in it."""
    la_code = row["LA (code)"]
    if la_code == "000":
        return NO_LOCAL_AUTHORITY
    type_code = row["TypeOfEstablishment (code)"]
    if type_code.isdigit() and int(type_code) in SKIPPED_TYPES:
        return SKIPPED_TYPES[int(type_code)]
    type_reason = SKIPPED_TYPE_NAMES.get(row["TypeOfEstablishment (name)"].lower())
    if type_reason is not None:
        return type_reason
    if la_code in OVERSEAS_LA_CODES:
        return OVERSEAS
    if _LA_CODE.fullmatch(la_code) and la_code.startswith(OFFSHORE_LA_PREFIX):
        return OFFSHORE
    return None


def _parse_school(
    line: int, row: dict[str, str], la_codes: dict[str, str], errors: list[tuple[int, str, str]]
) -> dict[str, Any] | None:
    """The schools-table values of one row (None for a blank cell), or None after problems."""
    found = len(errors)

    def problem(column: str, text: str) -> None:
        """Record one problem with this row."""
        errors.append((line, column, text))

    urn = row["URN"]
    if not _URN.fullmatch(urn):
        problem("URN", f"{urn!r} is not a six-digit URN")
    la_code = row["LA (code)"]
    if not _LA_CODE.fullmatch(la_code):
        problem("LA (code)", f"{la_code!r} is not a three-digit local authority code")
    elif la_code not in la_codes:
        problem("LA (code)", f"local authority {la_code} is not one the service knows")
    number = row["EstablishmentNumber"]
    if number and not _ESTABLISHMENT_NUMBER.fullmatch(number):
        problem("EstablishmentNumber", f"{number!r} is not an establishment number")
    for column in ("EstablishmentName", "EstablishmentStatus (name)"):
        if not row[column]:
            problem(column, "is empty")
    for column, limit in TEXT_LIMITS.items():
        if len(row[column]) > limit:
            problem(column, f"is longer than {limit} characters")
    type_code = _whole_number(row, "TypeOfEstablishment (code)", problem, required=True)
    pupils = _whole_number(row, "NumberOfPupils", problem)
    easting = _whole_number(row, "Easting", problem)
    northing = _whole_number(row, "Northing", problem)
    open_date = _date(row, "OpenDate", problem)
    close_date = _date(row, "CloseDate", problem)
    if len(errors) > found:
        return None
    status = row["EstablishmentStatus (name)"]
    return {
        "urn": int(urn),
        "la_code": la_codes[la_code],
        "establishment_number": number.zfill(4) if number else None,
        "name": row["EstablishmentName"],
        "type_code": type_code,
        "type_name": row["TypeOfEstablishment (name)"] or None,
        "status": status,
        "is_open": status in OPEN_STATUSES,
        "phase": row["PhaseOfEducation (name)"] or None,
        "postcode": row["Postcode"] or None,
        "pupils": pupils,
        "open_date": open_date,
        "close_date": close_date,
        "easting": easting,
        "northing": northing,
    }


def _whole_number(
    row: dict[str, str],
    column: str,
    problem: Callable[[str, str], None],
    required: bool = False,
) -> int | None:
    """A whole number from column; blank gives None unless required."""
    value = row[column]
    if not value:
        if required:
            problem(column, "is empty")
        return None
    if not _WHOLE_NUMBER.fullmatch(value) or abs(int(value)) > 2_000_000_000:
        problem(column, f"{value!r} is not a whole number")
        return None
    return int(value)


def _date(row: dict[str, str], column: str, problem: Callable[[str, str], None]) -> date | None:
    """A dd-mm-yyyy date from column; blank gives None."""
    value = row[column]
    if not value:
        return None
    match = _DATE.fullmatch(value)
    if match is not None:
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    problem(column, f"{value!r} is not a date in the form dd-mm-yyyy")
    return None
