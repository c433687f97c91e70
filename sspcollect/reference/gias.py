"""Import schools from a Get Information About Schools (GIAS) establishment extract.

The extract (edubasealldataYYYYMMDD.csv, Windows-1252) lists every establishment GIAS
knows, including many outside the service: those are skipped and counted by reason. The
whole file is checked before anything is written, so a file with one bad row changes
nothing; then schools and their organisations are inserted and updated in bulk, in one
transaction.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, BinaryIO

from sqlalchemy import insert, select, update

from sspcollect.db import session
from sspcollect.models.organisation import Organisation, OrganisationKind
from sspcollect.models.reference import LocalAuthority, School

REQUIRED_COLUMNS = (
    "URN",
    "LA (code)",
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

# Why a row is outside the service; the keys of ImportReport.skipped_by_reason.
NO_LOCAL_AUTHORITY = "local authority does not apply (LA code 000)"
OVERSEAS = "overseas establishment"
OFFSHORE = "offshore establishment"
HIGHER_EDUCATION = "higher education institution"

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

_URN = re.compile(r"[0-9]{6}")
_LA_CODE = re.compile(r"[0-9]{3}")
_ESTABLISHMENT_NUMBER = re.compile(r"[0-9]{1,4}")
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")
_DATE = re.compile(r"([0-9]{2})-([0-9]{2})-([0-9]{4})")

SCHOOL_FIELDS = (
    "la_code",
    "establishment_number",
    "name",
    "type_code",
    "type_name",
    "status",
    "is_open",
    "phase",
    "postcode",
    "pupils",
    "open_date",
    "close_date",
    "easting",
    "northing",
)


class GiasImportError(Exception):
    """The file cannot be imported; nothing was written. errors lists (row, column, problem)."""

    def __init__(self, errors: list[tuple[int, str, str]]) -> None:
        """Build a message that names the row and column of each problem (header = row 1)."""
        self.errors = errors
        lines = [f"Row {row}, column '{column}': {problem}" for row, column, problem in errors]
        shown = lines[:MAX_ERRORS_SHOWN]
        if len(lines) > MAX_ERRORS_SHOWN:
            shown.append(f"and {len(lines) - MAX_ERRORS_SHOWN} more problems")
        super().__init__("The GIAS file was not imported. " + "; ".join(shown))


@dataclass
class ImportReport:
    """What an import did. Every row is counted once: added, updated, closed, unchanged or skipped.

    closed counts schools that were open and are now closed; updated counts other changes.
    """

    added: int = 0
    updated: int = 0
    closed: int = 0
    unchanged: int = 0
    skipped: int = 0
    skipped_by_reason: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One paragraph for the admin page and the command line."""
        text = (
            f"{self.added:,} schools added, {self.updated:,} updated, "
            f"{self.closed:,} closed, {self.unchanged:,} unchanged. "
            f"{self.skipped:,} establishments outside the service skipped"
        )
        if self.skipped_by_reason:
            reasons = ", ".join(
                f"{reason}: {count:,}" for reason, count in sorted(self.skipped_by_reason.items())
            )
            text += f" ({reasons})"
        return text + "."


def import_schools(
    path: str | os.PathLike[str] | BinaryIO,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Check a whole GIAS extract, then insert and update its schools in one transaction.

    progress, when given, is called with the number of rows just checked (a step, as
    click's progressbar.update expects); the steps add up to count_rows(path).
    """
    try:
        known = session.execute(select(LocalAuthority.old_code, LocalAuthority.code))
        la_codes = {old_code: code for old_code, code in known}
        schools, skipped = _read_schools(_read_text(path), la_codes, progress)
        report = ImportReport(skipped=sum(skipped.values()), skipped_by_reason=dict(skipped))
        _write_schools(schools, report)
        _write_organisations(schools)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return report


def count_rows(path: str | os.PathLike[str]) -> int:
    """How many establishment rows the file holds (not counting the header), for a progress bar."""
    return max(sum(1 for _ in _records(_read_text(path))) - 1, 0)


def _read_text(path: str | os.PathLike[str] | BinaryIO) -> str:
    """The file as text: Windows-1252 as GIAS publishes it, or UTF-8 when it starts with a BOM."""
    if isinstance(path, str | os.PathLike):
        with open(path, "rb") as file:
            raw = file.read()
    else:
        raw = path.read()
    try:
        if raw.startswith(b"\xef\xbb\xbf"):
            return raw.decode("utf-8-sig")
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise GiasImportError([(line, "(whole row)", "is not Windows-1252 text")]) from None


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank CSV record with the file line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    for values in reader:
        if len(values) > 1 or (values and values[0].strip()):
            yield line, values
        line = reader.line_num + 1


def _read_schools(
    text: str, la_codes: dict[str, str], progress: Callable[[int], None] | None
) -> tuple[list[dict[str, Any]], Counter[str]]:
    """Check every row; return the schools to keep and the skipped counts, or raise."""
    records = _records(text)
    header = next(records, None)
    if header is None:
        raise GiasImportError([(1, "URN", "the file is empty")])
    names = [name.strip() for name in header[1]]
    missing = [column for column in REQUIRED_COLUMNS if column not in names]
    if missing:
        raise GiasImportError([(1, column, "the column is missing") for column in missing])
    index = {column: names.index(column) for column in REQUIRED_COLUMNS}
    width = max(index.values()) + 1

    schools: list[dict[str, Any]] = []
    skipped: Counter[str] = Counter()
    errors: list[tuple[int, str, str]] = []
    first_seen: dict[int, int] = {}
    done = 0
    for line, values in records:
        done += 1
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(PROGRESS_EVERY)
        if len(values) < width:
            values = values + [""] * (width - len(values))
        row = {column: values[i].strip() for column, i in index.items()}
        reason = _skip_reason(row)
        if reason is not None:
            skipped[reason] += 1
            continue
        school = _parse_school(line, row, la_codes, errors)
        if school is None:
            continue
        if school["urn"] in first_seen:
            errors.append(
                (line, "URN", f"URN {school['urn']} is also on row {first_seen[school['urn']]}")
            )
            continue
        first_seen[school["urn"]] = line
        schools.append(school)
    if progress is not None and done % PROGRESS_EVERY:
        progress(done % PROGRESS_EVERY)
    if errors:
        raise GiasImportError(errors)
    return schools, skipped


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
    """The schools-table values of one row, or None after adding its problems to errors."""
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
    return {
        "urn": int(urn),
        "la_code": la_codes[la_code],
        "establishment_number": number.zfill(4) if number else "",
        "name": row["EstablishmentName"],
        "type_code": type_code,
        "type_name": row["TypeOfEstablishment (name)"],
        "status": row["EstablishmentStatus (name)"],
        "is_open": row["EstablishmentStatus (name)"] in OPEN_STATUSES,
        "phase": row["PhaseOfEducation (name)"],
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
    if not _WHOLE_NUMBER.fullmatch(value):
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


def _write_schools(schools: list[dict[str, Any]], report: ImportReport) -> None:
    """Insert new schools and update changed ones in bulk, counting each into report."""
    columns = [getattr(School, name) for name in SCHOOL_FIELDS]
    existing = {
        row[0]: tuple(row[1:]) for row in session.execute(select(School.urn, *columns)).all()
    }
    is_open_at = SCHOOL_FIELDS.index("is_open")
    added: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for school in schools:
        before = existing.get(school["urn"])
        if before is None:
            added.append(school)
        elif before == tuple(school[name] for name in SCHOOL_FIELDS):
            report.unchanged += 1
        else:
            changed.append(school)
            if before[is_open_at] and not school["is_open"]:
                report.closed += 1
            else:
                report.updated += 1
    report.added = len(added)
    if added:
        session.execute(insert(School), added)
    if changed:
        session.execute(update(School), changed)


def _write_organisations(schools: list[dict[str, Any]]) -> None:
    """Give every imported school an organisation, named as the school is."""
    kind = OrganisationKind.SCHOOL.value
    columns = (Organisation.id, Organisation.code, Organisation.name, Organisation.school_urn)
    rows = session.execute(select(*columns).where(Organisation.kind == kind)).all()
    by_urn = {row.school_urn: row for row in rows if row.school_urn is not None}
    by_code = {row.code: row for row in rows if row.school_urn is None}
    new: list[dict[str, Any]] = []
    renamed: list[dict[str, Any]] = []
    for school in schools:
        urn, name = school["urn"], school["name"]
        org = by_urn.get(urn) or by_code.get(str(urn))
        if org is None:
            new.append({"kind": kind, "code": str(urn), "name": name, "school_urn": urn})
        elif org.name != name or org.school_urn != urn:
            renamed.append({"id": org.id, "name": name, "school_urn": urn})
    if new:
        session.execute(insert(Organisation), new)
    if renamed:
        session.execute(update(Organisation), renamed)
