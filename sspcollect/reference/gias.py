"""Import schools from a Get Information About Schools (GIAS) establishment extract.

The whole file is checked first (gias_file: its kind, encoding, every row and value, and that
its local authority codes and names agree with the service's), then compared with the schools
already held: a file listing far fewer schools than the service holds is refused unless the
admin says it is meant to. Only then are schools and their organisations inserted and updated,
in bulk and in one transaction. A blank cell never overwrites a value the service holds,
except a close date, where blank means the school has not closed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, BinaryIO

from sqlalchemy import insert, select, update

from sspcollect.db import database, session
from sspcollect.models.organisation import Organisation, OrganisationKind
from sspcollect.models.reference import LocalAuthority, School
from sspcollect.reference.gias_file import (
    CLOSED,
    DOWNLOAD_AGAIN,
    HIGHER_EDUCATION,
    NO_LOCAL_AUTHORITY,
    OFFSHORE,
    OVERSEAS,
    PROPOSED_TO_OPEN,
    CheckedFile,
    GiasImportError,
    LocalAuthorityNames,
    check_file,
    decode,
    records,
)
from sspcollect.words import counted

__all__ = [
    "HIGHER_EDUCATION",
    "NO_LOCAL_AUTHORITY",
    "OFFSHORE",
    "OVERSEAS",
    "GiasImportError",
    "ImportReport",
    "count_rows",
    "import_schools",
]

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
# Columns where a blank cell means something: a school with no close date has not closed.
BLANK_MEANS_SOMETHING = frozenset({"close_date"})
# Text columns the schools table cannot leave empty: a new school's blank cell is kept as "".
NOT_NULL_TEXT = ("establishment_number", "type_name", "phase")
# A file listing fewer schools than this share of those held is refused unless allowed.
SHRINK_LIMIT = 0.9

SKIP_WORDS = {
    NO_LOCAL_AUTHORITY: (
        "with no local authority (LA code 000)",
        "with no local authority (LA code 000)",
    ),
    OVERSEAS: ("overseas", "overseas"),
    OFFSHORE: ("offshore", "offshore"),
    HIGHER_EDUCATION: ("higher education institution", None),
}


@dataclass
class ImportReport:
    """What an import did. Every row of the file is counted once: added, updated, unchanged
    or skipped; added and updated say how many of them are closed or yet to open."""

    encoding: str = ""
    rows: int = 0
    added: int = 0
    added_closed: int = 0
    added_proposed: int = 0
    updated: int = 0
    updated_closed: int = 0
    unchanged: int = 0
    skipped: int = 0
    skipped_by_reason: dict[str, int] = field(default_factory=dict)
    blanks_kept: int = 0
    blank_schools: int = 0
    not_in_file: int = 0

    def lines(self) -> list[str]:
        """The report as sentences, for the admin page, the audit trail and the command line."""
        added = f"{counted(self.added, 'school')} added"
        if self.added_closed or self.added_proposed:
            added += (
                f", of which {self.added_closed:,} closed and "
                f"{self.added_proposed:,} proposed to open"
            )
        updated = f"{counted(self.updated, 'school')} updated"
        if self.updated_closed:
            updated += f", of which {self.updated_closed:,} closed since the last import"
        text = [
            f"Read {counted(self.rows, 'row')} as {self.encoding}.",
            f"{added}.",
            f"{updated}.",
            f"{counted(self.unchanged, 'school')} unchanged.",
        ]
        if self.skipped:
            reasons = ", ".join(
                f"{count:,} {_skip_words(reason, count)}"
                for reason, count in sorted(self.skipped_by_reason.items())
            )
            text.append(
                f"{counted(self.skipped, 'establishment')} outside the service skipped: {reasons}."
            )
        if self.blanks_kept:
            text.append(
                f"Blank cells left {counted(self.blanks_kept, 'value')} the service already "
                f"held as they were, in {counted(self.blank_schools, 'school')}."
            )
        if self.not_in_file:
            text.append(
                f"{counted(self.not_in_file, 'school')} the service holds "
                f"{'is' if self.not_in_file == 1 else 'are'} not in the file and "
                f"{'was' if self.not_in_file == 1 else 'were'} left as before."
            )
        return text

    def summary(self) -> str:
        """The report in one paragraph."""
        return " ".join(self.lines())

    def as_dict(self) -> dict[str, Any]:
        """The counts, as kept with an upload's record."""
        return asdict(self)


def _skip_words(reason: str, count: int) -> str:
    """The words for count establishments skipped for reason."""
    singular, plural = SKIP_WORDS.get(reason, (reason, reason))
    return singular if count == 1 else (plural or f"{singular}s")


def import_schools(
    source: str | os.PathLike[str] | BinaryIO | bytes,
    progress: Callable[[int], None] | None = None,
    *,
    allow_shrink: bool = False,
) -> ImportReport:
    """Check a whole GIAS extract, then insert and update its schools in one transaction.

    progress, when given, is called with the number of rows just checked (a step, as
    click's progressbar.update expects); the steps add up to count_rows(source).
    """
    checked = check(read_bytes(source), progress)
    try:
        report = apply(checked, allow_shrink=allow_shrink)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return report


def check(raw: bytes, progress: Callable[[int], None] | None = None) -> CheckedFile:
    """Check the file against the service's local authorities, holding no transaction open.

    The authorities are read on a connection of their own, closed before the long check, so
    that the check never holds a lock (SQLite would make every other writer wait for it).
    """
    with database().engine.connect() as connection:
        rows = connection.execute(
            select(LocalAuthority.old_code, LocalAuthority.code, LocalAuthority.name)
        ).all()
    authorities = LocalAuthorityNames(
        codes={old_code: code for old_code, code, _ in rows},
        names={old_code: name for old_code, _, name in rows},
    )
    return check_file(raw, authorities, progress)


def read_bytes(source: str | os.PathLike[str] | BinaryIO | bytes) -> bytes:
    """The bytes of a path, an open binary file or bytes."""
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as file:
            return file.read()
    return source.read()


def count_rows(source: str | os.PathLike[str] | bytes) -> int:
    """How many establishment rows the file seems to hold, for a progress bar (0 if unreadable)."""
    try:
        return max(sum(1 for _ in records(decode(read_bytes(source))[0])) - 1, 0)
    except GiasImportError:
        return 0


def apply(checked: CheckedFile, *, allow_shrink: bool = False) -> ImportReport:
    """Write a checked file's schools and organisations (the caller commits or rolls back)."""
    columns = [getattr(School, name) for name in SCHOOL_FIELDS]
    existing = {
        row[0]: dict(zip(SCHOOL_FIELDS, row[1:], strict=True))
        for row in session.execute(select(School.urn, *columns)).all()
    }
    if existing and not allow_shrink and len(checked.schools) < SHRINK_LIMIT * len(existing):
        raise GiasImportError(
            "The file was not imported, and nothing was changed: it lists "
            f"{counted(len(checked.schools), 'school')} in England and Wales, but the service "
            f"already holds {len(existing):,}, and an extract lists every school, open or "
            "closed. A file this much smaller has usually been cut short or filtered. "
            + DOWNLOAD_AGAIN
            + " If the smaller file is right, import it again saying that it is meant to "
            "list fewer schools (--allow-shrink on the command line).",
            [(checked.rows + 1, "(whole file)", "lists far fewer schools than are held")],
        )
    report = ImportReport(
        encoding=checked.encoding,
        rows=checked.rows,
        skipped=sum(checked.skipped.values()),
        skipped_by_reason=dict(checked.skipped),
    )
    report.not_in_file = len(existing.keys() - {school["urn"] for school in checked.schools})
    added, changed = _compare(checked.schools, existing, report)
    if added:
        # render_nulls: one batch for every row; without it the ORM starts a new INSERT each
        # time the set of blank columns changes from one school to the next.
        session.execute(insert(School).execution_options(render_nulls=True), added)
    if changed:
        session.execute(update(School), changed)
    _write_organisations(checked.schools)
    return report


def _compare(
    schools: list[dict[str, Any]], existing: dict[int, dict[str, Any]], report: ImportReport
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The schools to insert and the merged rows to update, counted into report."""
    added: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for school in schools:
        before = existing.get(school["urn"])
        if before is None:
            added.append({**school, **{name: school[name] or "" for name in NOT_NULL_TEXT}})
            report.added_closed += school["status"] == CLOSED
            report.added_proposed += school["status"] == PROPOSED_TO_OPEN
            continue
        merged = {"urn": school["urn"]}
        kept = 0
        for name in SCHOOL_FIELDS:
            value = school[name]
            if value is None and name not in BLANK_MEANS_SOMETHING:
                value = before[name]
                kept += value not in (None, "")
            merged[name] = value
        if kept:
            report.blanks_kept += kept
            report.blank_schools += 1
        if all(merged[name] == before[name] for name in SCHOOL_FIELDS):
            report.unchanged += 1
            continue
        changed.append(merged)
        report.updated += 1
        report.updated_closed += bool(before["is_open"] and not merged["is_open"])
    report.added = len(added)
    return added, changed


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
        session.execute(insert(Organisation).execution_options(render_nulls=True), new)
    if renamed:
        session.execute(update(Organisation), renamed)
