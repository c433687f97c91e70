"""What the force return's pages show: the register as reported, task statuses, findings.

While a return can be changed its pages show the live register; once it is submitted they
show the register as it was frozen at submission, whatever has been edited since.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from sspcollect.content import force as words
from sspcollect.content.marking import N_
from sspcollect.db import session
from sspcollect.models import (
    OUTCOME_FIELDS,
    Finding,
    Partnership,
    Return,
    ReturnStatus,
    School,
    SubmittedPartnership,
)
from sspcollect.register.rules import PARTNERSHIP_FIELDS
from sspcollect.returns.force_service import (
    concerned_partnerships,
    outcome_of,
    outcome_values,
    register_is_confirmed,
    subject_for,
)
from sspcollect.validation import CATALOGUE, Level, Scope


@dataclass(frozen=True)
class CoveredSchool:
    """A school a partnership covers, as shown on the pages."""

    urn: int
    name: str
    days_per_week: Decimal | None


@dataclass(frozen=True)
class RegisterEntry:
    """One partnership as the return reports it (live, or frozen at submission)."""

    partnership_id: int
    fields: dict[str, Any]
    schools: list[CoveredSchool]

    @property
    def label(self) -> str:
        """Reference and name, as people know the partnership."""
        return f"{self.fields['reference']} \u2013 {self.fields['name']}"

    @property
    def subject(self) -> str:
        """The subject of its findings."""
        return subject_for(self.partnership_id)


def shows_snapshot(return_: Return) -> bool:
    """True when the pages show the register as submitted rather than the live one."""
    return return_.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)


def _school_names(urns: Iterable[int]) -> dict[int, str]:
    """School names by URN, in one query."""
    wanted = sorted(set(urns))
    if not wanted:
        return {}
    rows = session.execute(select(School.urn, School.name).where(School.urn.in_(wanted)))
    return {urn: name for urn, name in rows}


def _entries(
    rows: Sequence[Partnership | SubmittedPartnership], ids: list[int]
) -> list[RegisterEntry]:
    """Register entries for partnerships or their snapshots, with school names."""
    names = _school_names(link.school_urn for row in rows for link in row.schools)
    return [
        RegisterEntry(
            partnership_id=partnership_id,
            fields={name: getattr(row, name) for name in PARTNERSHIP_FIELDS},
            schools=[
                CoveredSchool(link.school_urn, names.get(link.school_urn, ""), link.days_per_week)
                for link in row.schools
            ],
        )
        for row, partnership_id in zip(rows, ids, strict=True)
    ]


def register_entries(return_: Return) -> list[RegisterEntry]:
    """The partnerships the return reports: frozen once submitted, live before."""
    if shows_snapshot(return_):
        frozen = list(
            session.scalars(
                select(SubmittedPartnership)
                .where(SubmittedPartnership.return_id == return_.id)
                .options(selectinload(SubmittedPartnership.schools))
                .order_by(SubmittedPartnership.reference, SubmittedPartnership.id)
            )
        )
        return _entries(frozen, [row.partnership_id for row in frozen])
    live = concerned_partnerships(return_)
    return _entries(live, [row.id for row in live])


class TaskStatus(enum.StrEnum):
    """The status of a task on the task list, in the GOV.UK task list's words."""

    NOT_STARTED = N_("Not yet started")
    IN_PROGRESS = N_("In progress")
    COMPLETED = N_("Completed")
    HAS_ERRORS = N_("There is a problem")


def _errors(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that block submission."""
    return [f for f in findings if f.level == Level.ERROR]


def _only_unanswered(finding: Finding, values: dict[str, Any]) -> bool:
    """True for an outcome error that says no more than that a count is still blank."""
    rule = CATALOGUE[finding.rule_id]
    return rule.scope is Scope.OUTCOMES and all(values.get(n) is None for n in rule.fields)


def outcome_status(return_: Return, partnership_id: int) -> TaskStatus:
    """How far the counts for one partnership have got (register problems count as errors)."""
    values = outcome_values(outcome_of(return_, partnership_id))
    subject = subject_for(partnership_id)
    mine = [f for f in _errors(return_.findings) if f.subject == subject]
    if any(not _only_unanswered(f, values) for f in mine):
        return TaskStatus.HAS_ERRORS
    blank = sum(1 for name in OUTCOME_FIELDS if values[name] is None)
    if blank == len(OUTCOME_FIELDS):
        return TaskStatus.NOT_STARTED
    return TaskStatus.IN_PROGRESS if blank else TaskStatus.COMPLETED


def register_status(return_: Return) -> TaskStatus:
    """Whether the register (or the nil return) is confirmed as it stands, and free of errors.

    A register confirmed and then changed (for example after the return came back for
    amendment) is in progress: it needs confirming again.
    """
    register_errors = [
        f
        for f in _errors(return_.findings)
        if f.rule_id == "POL-032" or CATALOGUE[f.rule_id].scope is Scope.PARTNERSHIP
    ]
    if register_errors:
        return TaskStatus.HAS_ERRORS
    if register_is_confirmed(return_):
        return TaskStatus.COMPLETED
    return TaskStatus.IN_PROGRESS if return_.register_confirmed else TaskStatus.NOT_STARTED


def register_changed_since_confirmed(return_: Return) -> bool:
    """True when the register was confirmed but has changed since."""
    return return_.register_confirmed and not register_is_confirmed(return_)


class FixAt(enum.StrEnum):
    """The page where a finding is put right."""

    OUTCOMES = "outcomes"
    REGISTER = "register"
    CONFIRM = "confirm"
    NIL_RETURN = "nil_return"


@dataclass(frozen=True)
class FindingView:
    """A finding with the partnership it concerns and where to put it right."""

    finding: Finding
    entry: RegisterEntry | None
    fix_at: FixAt
    field: str | None
    # Said instead of the finding's message, when it stands for several findings.
    summary: str | None = None

    @property
    def message(self) -> str:
        """What is wrong."""
        return gettext(self.summary) if self.summary else self.finding.message

    @property
    def is_unanswered(self) -> bool:
        """True when it stands for a partnership none of whose counts is given yet."""
        return self.summary == UNANSWERED

    @property
    def text(self) -> str:
        """The message, prefixed with the partnership it concerns."""
        if self.entry is None:
            return self.message
        return f"{self.entry.label}: {self.message}"


UNANSWERED = words.UNANSWERED


def _fix_at(finding: Finding, active: int) -> tuple[FixAt, str | None]:
    """The page (and field) where a finding is put right."""
    rule = CATALOGUE[finding.rule_id]
    if rule.scope is Scope.OUTCOMES:
        return FixAt.OUTCOMES, rule.fields[0]
    if rule.scope in (Scope.PARTNERSHIP, Scope.RECONCILIATION):
        return FixAt.REGISTER, None
    if rule.id == "POL-030" and active:
        return FixAt.CONFIRM, None
    return FixAt.NIL_RETURN, None


def _unanswered(return_: Return, entries: Sequence[RegisterEntry]) -> set[str]:
    """The subjects of partnerships whose counts are all still blank."""
    return {
        entry.subject
        for entry in entries
        if all(
            value is None
            for value in outcome_values(outcome_of(return_, entry.partnership_id)).values()
        )
    }


def finding_views(return_: Return, entries: Sequence[RegisterEntry]) -> list[FindingView]:
    """The return's findings, errors first, each with where to put it right.

    A partnership whose counts are all blank is one problem to the person, not eight: its
    outcome findings are shown as one.
    """
    by_subject = {entry.subject: entry for entry in entries}
    unanswered = _unanswered(return_, entries)
    views: list[FindingView] = []
    shown: set[str] = set()
    for finding in sorted(return_.findings, key=lambda f: f.rule_id):
        fix_at, field = _fix_at(finding, len(entries))
        entry = by_subject.get(finding.subject)
        if fix_at is FixAt.OUTCOMES and finding.subject in unanswered:
            if finding.subject in shown:
                continue
            shown.add(finding.subject)
            views.append(FindingView(finding, entry, fix_at, field, UNANSWERED))
            continue
        views.append(FindingView(finding, entry, fix_at, field))
    order = {entry.subject: index for index, entry in enumerate(entries)}
    views.sort(
        key=lambda v: (
            v.finding.level != Level.ERROR,
            order.get(v.finding.subject, -1),
            v.finding.rule_id,
        )
    )
    return views
