"""What the force's check-your-answers page shows: short enough for any force.

The register is summarised once; the outcomes are one table row per partnership, a page of
PAGE_SIZE partnerships at a time, each figure with last year's beside it; each query sits in
the row under the partnership it concerns; queries about schools (reconciliation) sit with the
register. The totals are over every partnership, not only the page shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sspcollect.models import OUTCOME_FIELDS, Finding, Return
from sspcollect.returns.force_service import outcome_of, outcome_values, previous_outcomes
from sspcollect.returns.force_summary import (
    FindingView,
    RegisterEntry,
    TaskStatus,
    finding_views,
    outcome_status,
)
from sspcollect.returns.service import previous_return
from sspcollect.validation import Level

PAGE_SIZE = 50


@dataclass(frozen=True)
class Figure:
    """One count on the page, and the same partnership's count last year (None: not given)."""

    value: int | None
    previous: int | None


@dataclass
class PartnershipRow:
    """One partnership in the outcomes table, with what concerns it."""

    entry: RegisterEntry
    figures: list[Figure]
    status: TaskStatus
    queries: list[FindingView] = field(default_factory=list)
    errors: list[FindingView] = field(default_factory=list)


@dataclass
class ForceCheck:
    """Everything on one page of check your answers."""

    rows: list[PartnershipRow]
    page: int
    pages: int
    partnerships: int
    schools: int
    totals: list[Figure]
    previous_year: str | None
    register_queries: list[FindingView]
    # Errors other than partnerships with no outcomes yet, which are counted in unanswered.
    errors: list[FindingView]
    unanswered: list[FindingView]
    queries: list[FindingView]

    @property
    def first(self) -> int:
        """The number of the first partnership on this page (1-based)."""
        return (self.page - 1) * PAGE_SIZE + 1

    @property
    def last(self) -> int:
        """The number of the last partnership on this page."""
        return min(self.page * PAGE_SIZE, self.partnerships)


def page_of(subject: str, entries: Sequence[RegisterEntry]) -> int:
    """The page of check your answers on which the partnership with this subject is shown."""
    for index, entry in enumerate(entries):
        if entry.subject == subject:
            return index // PAGE_SIZE + 1
    return 1


def _sum(values: Sequence[int | None]) -> int | None:
    """The total of the values given (None if none was given)."""
    given = [value for value in values if value is not None]
    return sum(given) if given else None


def force_check(return_: Return, entries: Sequence[RegisterEntry], page: int) -> ForceCheck:
    """The page-th page of check your answers for the return."""
    pages = max(1, -(-len(entries) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    views = finding_views(return_, entries)
    before = previous_outcomes(return_)
    earlier = previous_return(return_)
    by_subject: dict[str, list[FindingView]] = {}
    for view in views:
        by_subject.setdefault(view.finding.subject, []).append(view)
    shown = entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    rows = []
    for entry in shown:
        values = outcome_values(outcome_of(return_, entry.partnership_id))
        last_year = before.get(entry.partnership_id, {})
        mine = by_subject.get(entry.subject, [])
        rows.append(
            PartnershipRow(
                entry=entry,
                figures=[Figure(values[name], last_year.get(name)) for name in OUTCOME_FIELDS],
                status=outcome_status(return_, entry.partnership_id),
                queries=[v for v in mine if v.finding.level == Level.QUERY],
                # A row of blank figures says itself that nothing is given yet.
                errors=[v for v in mine if v.finding.level == Level.ERROR and not v.is_unanswered],
            )
        )
    every: dict[int, dict[str, Any]] = {
        entry.partnership_id: outcome_values(outcome_of(return_, entry.partnership_id))
        for entry in entries
    }
    totals = [
        Figure(
            _sum([values[name] for values in every.values()]),
            _sum([values.get(name) for values in before.values()]) if before else None,
        )
        for name in OUTCOME_FIELDS
    ]
    partnership_subjects = {entry.subject for entry in entries}
    return ForceCheck(
        rows=rows,
        page=page,
        pages=pages,
        partnerships=len(entries),
        schools=len({school.urn for entry in entries for school in entry.schools}),
        totals=totals,
        previous_year=earlier.collection.outcomes_year.label if earlier else None,
        register_queries=[
            v
            for v in views
            if v.finding.level == Level.QUERY and v.finding.subject not in partnership_subjects
        ],
        errors=[v for v in views if v.finding.level == Level.ERROR and not v.is_unanswered],
        unanswered=[v for v in views if v.is_unanswered],
        queries=[v for v in views if v.finding.level == Level.QUERY],
    )


def unexplained(findings: Sequence[Finding]) -> list[Finding]:
    """The queries not yet explained."""
    return [f for f in findings if f.level == Level.QUERY and not (f.explanation or "").strip()]
