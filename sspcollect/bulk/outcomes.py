"""The force return's outcomes as a file: download the partnerships with their counts, fill
them in, upload them back, and have every row checked before any of it is saved.

One row per partnership the return reports on, found by its reference; the name is there to
read and is not changed. Counts are whole numbers; a blank cell is a count not given yet.
Partnerships left out of the file keep the counts they have. The whole file is checked with
the OUTCOMES rules of the catalogue, and either every row is saved or none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import gettext
from itsdangerous import URLSafeSerializer

from sspcollect import audit
from sspcollect.bulk.workbook import Sheet, workbook_bytes
from sspcollect.content.fields import OUTCOME_FIELDS as OUTCOME_WORDS
from sspcollect.content.marking import N_
from sspcollect.content.register import FILE_DUPLICATE
from sspcollect.datasets.safe_csv import csv_text
from sspcollect.models import OUTCOME_FIELDS, Partnership, PartnershipOutcome, Return, User
from sspcollect.returns import force_service as service
from sspcollect.returns.service import require_editable, touch
from sspcollect.versioning import check_version, commit_or_stale

COLUMNS = ("reference", "name", *OUTCOME_FIELDS)
SALT = "outcomes-upload"
# What each column holds (marked for the Welsh catalogue; the workbook keeps the English).
GUIDANCE_WORDS = {
    "reference": N_("The partnership's reference in your register: leave it as it is"),
    "name": N_("The name of the partnership, to help you find it (it is not changed by the file)"),
}
COUNT_GUIDANCE = N_(
    "%(label)s, a whole number (0 if there were none), or blank if you do not know it yet. %(hint)s"
)


def _english(words: str, **values: str) -> str:
    """words as written, with values filled in."""
    return words % values if values else words


def guidance(translate: Callable[..., str] = _english) -> dict[str, str]:
    """What each column holds, in English, or translated (gettext for the page's language)."""
    return {
        **{column: translate(words) for column, words in GUIDANCE_WORDS.items()},
        **{
            name: translate(
                COUNT_GUIDANCE, label=translate(words.label), hint=translate(words.hint)
            )
            for name, words in OUTCOME_WORDS.items()
        },
    }


GUIDANCE = guidance()
UNKNOWN_REFERENCE = N_(
    "No partnership that ran in the year has the reference %(reference)s; check it against "
    "your register, or take the row out"
)
NO_ROWS = N_("The file has no partnerships; add a row for each partnership you give counts for")

Rows = list[tuple[int, dict[str, str]]]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: where, what was there, and what to do."""

    row: int
    column: str
    value: str
    message: str


@dataclass
class OutcomeChange:
    """The counts one row gives a partnership, and what they change."""

    row: int
    partnership: Partnership
    values: dict[str, Any]
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass
class OutcomePlan:
    """The outcome of checking a file: its problems, or what it changes."""

    problems: list[Problem]
    changes: list[OutcomeChange]

    @property
    def changed(self) -> list[OutcomeChange]:
        """The rows that change a partnership's counts."""
        return [change for change in self.changes if change.changes]


def _rows_of(return_: Return) -> list[tuple[Partnership, dict[str, Any]]]:
    """Each partnership the return reports on, with the counts kept for it."""
    return [
        (p, service.outcome_values(service.outcome_of(return_, p.id)))
        for p in service.concerned_partnerships(return_)
    ]


def csv_bytes(return_: Return) -> bytes:
    """The partnerships and their counts as CSV, UTF-8 with a BOM."""
    rows = (
        [
            p.reference,
            p.name,
            *("" if values[n] is None else str(values[n]) for n in OUTCOME_FIELDS),
        ]
        for p, values in _rows_of(return_)
    )
    return csv_text(COLUMNS, rows).encode("utf-8-sig")


def xlsx_bytes(return_: Return) -> bytes:
    """The partnerships and their counts as an Excel workbook, counts as numbers."""
    sheet = Sheet(
        title="Outcomes",
        columns=COLUMNS,
        rows=(
            [p.reference, p.name, *(values[n] for n in OUTCOME_FIELDS)]
            for p, values in _rows_of(return_)
        ),
        number_formats=dict.fromkeys(OUTCOME_FIELDS, "0"),
        widths={"name": 36},
    )
    return workbook_bytes(sheet, GUIDANCE)


def _key(reference: Any) -> str:
    """A reference as compared: trimmed, any case."""
    return str(reference or "").strip().lower()


def check_rows(return_: Return, rows: Rows) -> OutcomePlan:
    """Check every row of the file against the partnerships and the OUTCOMES rules."""
    partnerships = {_key(p.reference): p for p in service.concerned_partnerships(return_)}
    kept = {outcome.partnership_id: outcome for outcome in return_.outcomes}
    problems: list[Problem] = []
    changes: list[OutcomeChange] = []
    seen: dict[str, int] = {}
    for number_, cells in rows:
        key = _key(cells["reference"])
        partnership = partnerships.get(key)
        if partnership is None:
            message = gettext(
                UNKNOWN_REFERENCE, reference=cells["reference"].strip() or gettext("(blank)")
            )
            problems.append(Problem(number_, "reference", cells["reference"], message))
            continue
        if key in seen:
            message = FILE_DUPLICATE.format(reference=cells["reference"])
            message += f" (also row {seen[key]})"
            problems.append(Problem(number_, "reference", cells["reference"], message))
            continue
        seen[key] = number_
        values = service.parse_outcomes(cells)
        for result in service.blocking_results(values, service.subject_for(partnership.id)):
            column = result.rule.fields[0]
            problems.append(Problem(number_, column, cells.get(column, ""), result.message))
        before = service.outcome_values(kept.get(partnership.id))
        changes.append(
            OutcomeChange(number_, partnership, values, audit.differences(before, values))
        )
    if not rows:
        problems.append(Problem(1, "", "", gettext(NO_ROWS)))
    return OutcomePlan(problems, [] if problems else changes)


def save(return_: Return, plan: OutcomePlan, version: int, user: User) -> None:
    """Keep every row's counts in one transaction, each partnership's in the audit trail."""
    assert not plan.problems
    require_editable(return_)
    check_version(return_.version, version)
    kept = {outcome.partnership_id: outcome for outcome in return_.outcomes}
    for change in plan.changed:
        outcome = kept.get(change.partnership.id)
        if outcome is None:
            outcome = PartnershipOutcome(partnership_id=change.partnership.id)
            return_.outcomes.append(outcome)
        for name, value in change.values.items():
            setattr(outcome, name, value)
        audit.record(
            "outcomes_uploaded",
            "partnership_outcome",
            f"{return_.id}:{change.partnership.id}",
            changes=change.changes,
            user=user,
            organisation_id=return_.organisation_id,
            collection_id=return_.collection_id,
        )
    touch(return_, user)
    service.refresh_findings(return_)
    commit_or_stale()


def _serializer() -> URLSafeSerializer:
    """Signs the rows the preview page carries, with the app's secret key."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def sign(return_: Return, rows: Rows) -> str:
    """The checked rows and the version of the return they were compared with, signed."""
    payload = {
        "return": return_.id,
        "version": return_.version,
        "rows": [[number_, [cells[c] for c in COLUMNS]] for number_, cells in rows],
    }
    return _serializer().dumps(payload)


def unsign(token: str, return_: Return) -> tuple[Rows, int]:
    """The rows and the return's version the page carried; BadSignature if tampered with."""
    payload = _serializer().loads(token)
    if payload.get("return") != return_.id:
        raise ValueError("another return's upload")
    rows = [
        (int(number_), dict(zip(COLUMNS, cells, strict=True))) for number_, cells in payload["rows"]
    ]
    return rows, int(payload["version"])
