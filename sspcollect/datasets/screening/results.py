"""What a screen finds: each check's result, per file and for the whole release."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

PASS = "pass"  # noqa: S105 (a check result, not a password)
WARNING = "warning"
FAIL = "fail"


@dataclass(frozen=True)
class Check:
    """One check of the standard on one file (or on the release): its name, stage and result."""

    name: str
    stage: str
    result: str
    message: str


@dataclass(frozen=True)
class FileScreen:
    """The checks run on one data file and its metadata."""

    name: str
    rows: int
    checks: tuple[Check, ...]

    @property
    def failures(self) -> list[Check]:
        """The checks the file fails."""
        return [check for check in self.checks if check.result == FAIL]

    @property
    def warnings(self) -> list[Check]:
        """The checks that warn about the file."""
        return [check for check in self.checks if check.result == WARNING]

    @property
    def verdict(self) -> str:
        """Fails, Passes with warnings, or Passes, as the datasets page says it."""
        if self.failures:
            return "Fails"
        return "Passes with warnings" if self.warnings else "Passes"


@dataclass(frozen=True)
class ReleaseScreen:
    """The checks on a release as a whole and on each of its data files."""

    checks: tuple[Check, ...]
    files: tuple[FileScreen, ...] = field(default=())

    @property
    def failures(self) -> list[tuple[str, Check]]:
        """Every failed check, with the file it is about ("" for the release)."""
        found = [("", check) for check in self.checks if check.result == FAIL]
        for screened in self.files:
            found += [(screened.name, check) for check in screened.failures]
        return found

    @property
    def warnings(self) -> list[tuple[str, Check]]:
        """Every warning, with the file it is about ("" for the release)."""
        found = [("", check) for check in self.checks if check.result == WARNING]
        for screened in self.files:
            found += [(screened.name, check) for check in screened.warnings]
        return found

    @property
    def passed(self) -> bool:
        """True when no check fails (warnings allowed): the release may be published."""
        return not self.failures

    def file(self, name: str) -> FileScreen | None:
        """The screen of the data file called name, if the release has it."""
        return next((screened for screened in self.files if screened.name == name), None)

    def summary(self) -> dict[str, Any]:
        """The result as plain data, to keep with a published version."""
        return {
            "passed": self.passed,
            "release": [_plain(check) for check in self.checks if check.result != PASS],
            "files": {
                screened.name: {
                    "rows": screened.rows,
                    "verdict": screened.verdict,
                    "problems": [_plain(c) for c in screened.checks if c.result != PASS],
                }
                for screened in self.files
            },
        }


def _plain(check: Check) -> dict[str, str]:
    """A check as a dictionary."""
    return {
        "name": check.name,
        "stage": check.stage,
        "result": check.result,
        "message": check.message,
    }


@dataclass
class Table:
    """A CSV file read as text: its header and its columns, every cell a string."""

    name: str
    header: list[str]
    columns: dict[str, list[str]]
    rows: int

    def get(self, column: str) -> list[str]:
        """The values of column, or empty strings when the file has no such column."""
        return self.columns.get(column, [""] * self.rows)


def read_table(name: str, content: bytes) -> Table | str:
    """The CSV content as a Table, or a sentence saying why it cannot be read."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return f"{name} is not UTF-8 text."
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records or not any(cell.strip() for cell in records[0]):
        return f"{name} has no header row."
    header = records[0]
    body = [record for record in records[1:] if record]
    width = len(header)
    if any(len(record) != width for record in body):
        return f"{name} has rows with a different number of cells from its header."
    columns = {column: [record[index] for record in body] for index, column in enumerate(header)}
    return Table(name=name, header=header, columns=columns, rows=len(body))


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 row', '3 rows': a count with its noun."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def listed(values: list[str] | set[str], limit: int = 8) -> str:
    """Values for a message, in order, at most limit of them and how many more."""
    ordered = sorted(values)
    shown = ", ".join(ordered[:limit])
    more = len(ordered) - limit
    return f"{shown} and {more:,} more" if more > 0 else shown
