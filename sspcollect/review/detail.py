"""What a reviewer sees of one return: every answer and every finding.

A school return shows its answers; a force return its register (frozen at submission, the
live one before) with the counts given for each partnership.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from sspcollect.content.rules import rule_name
from sspcollect.db import session
from sspcollect.language import ENGLISH, WELSH
from sspcollect.models import (
    FUNDING_SOURCE_LABELS,
    MODEL_LABELS,
    OFFICER_ROLE_LABELS,
    OUTCOME_FIELDS,
    Finding,
    Return,
    ReturnKind,
    School,
)
from sspcollect.returns.force_forms import OUTCOME_QUESTIONS
from sspcollect.returns.force_service import outcome_of, outcome_values
from sspcollect.returns.force_summary import RegisterEntry, register_entries, shows_snapshot
from sspcollect.returns.school_forms import FIELD_LABELS, PARTNERSHIP_FIELDS, answer_text
from sspcollect.returns.school_service import answer_values, force_names
from sspcollect.review.queries import reviewers_names
from sspcollect.validation import CATALOGUE, SCOPE_LABELS

PARTNERSHIP_LABELS = {
    "model": "Model",
    "model_description": "Model described",
    "officer_role": "Officer role",
    "officer_count": "Officers",
    "fte": "FTE dedicated to schools",
    "funding_sources": "Funding",
    "funded_until": "Funded until",
    "information_sharing_agreement": "Information-sharing agreement",
    "start_date": "Start date",
    "end_date": "End date",
}


# The register's codes in words, keyed by plain text.
MODEL_WORDS = {str(code): words for code, words in MODEL_LABELS.items()}
OFFICER_ROLE_WORDS = {str(code): words for code, words in OFFICER_ROLE_LABELS.items()}
FUNDING_LABELS = {str(code): words for code, words in FUNDING_SOURCE_LABELS.items()}


@dataclass(frozen=True)
class Row:
    """A labelled value, for a summary list."""

    label: str
    value: str
    before: str | None = None  # the same answer in the previous return, where there is one


@dataclass(frozen=True)
class PartnershipView:
    """One partnership of a force return: its register entry and the counts given for it."""

    entry: RegisterEntry
    details: list[Row]
    outcomes: list[Row]


@dataclass(frozen=True)
class FindingRow:
    """A finding as the review page lists it, with a reviewer's mark on a query."""

    id: int
    name: str
    reviewed_by: str | None
    reviewed_at: datetime | None
    rule_id: str
    level: str
    scope: str
    about: str
    message: str
    explanation: str | None


def _text(value: Any) -> str:
    """A register value in words."""
    if value is None or value == "" or value == []:
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, list):
        return ", ".join(FUNDING_LABELS.get(str(item), str(item)) for item in value)
    if hasattr(value, "strftime"):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def school_answers(return_: Return) -> list[Row]:
    """Every answer of a school return, in the order asked."""
    values = answer_values(return_)
    forces = force_names()
    answers = return_.school_answers
    rows = []
    for name, label in FIELD_LABELS.items():
        if name in PARTNERSHIP_FIELDS and values.get("has_ssp") != "yes":
            continue  # not asked of a school without a partnership
        value = values.get(name)
        text = answer_text(name, value, forces)
        if name == "pupils_feel_safe_percent" and value is None and answers:
            text = "Not surveyed" if answers.feel_safe_not_surveyed else text
        rows.append(Row(label, text))
    return rows


def _details(entry: RegisterEntry) -> list[Row]:
    """A partnership's register details in words."""
    labels = {"model": MODEL_WORDS, "officer_role": OFFICER_ROLE_WORDS}
    rows = []
    for name, label in PARTNERSHIP_LABELS.items():
        value = entry.fields.get(name)
        if name in labels and value is not None:
            rows.append(Row(label, labels[name].get(str(value), str(value))))
        elif name == "model_description" and not value:
            continue
        else:
            rows.append(Row(label, _text(value)))
    schools = ", ".join(
        f"{school.name} ({school.urn})"
        + (f", {_text(school.days_per_week)} days a week" if school.days_per_week else "")
        for school in entry.schools
    )
    rows.append(Row("Schools covered", schools or "None"))
    return rows


def force_partnerships(
    return_: Return, earlier: dict[int, dict[str, Any]] | None = None
) -> list[PartnershipView]:
    """The partnerships a force return reports, each with its counts (and, given the counts of
    the force's previous return by partnership, last year's beside them)."""
    views = []
    for entry in register_entries(return_):
        values = outcome_values(outcome_of(return_, entry.partnership_id))
        before = None if earlier is None else earlier.get(entry.partnership_id)
        outcomes = [
            Row(
                OUTCOME_QUESTIONS[name][0],
                _text(values[name]) if values[name] is not None else "Not given",
                None
                if earlier is None
                else "Not reported"
                if before is None
                else _text(before[name])
                if before[name] is not None
                else "Not given",
            )
            for name in OUTCOME_FIELDS
        ]
        views.append(PartnershipView(entry, _details(entry), outcomes))
    return views


# The language a return was submitted in, as a reviewer reads it.
LANGUAGE_NAMES = {ENGLISH: "English", WELSH: "Welsh"}


def submitted_in(return_: Return) -> str | None:
    """The language the return was submitted in, in words (None if it was not recorded)."""
    return LANGUAGE_NAMES.get(return_.language or "")


def register_source(return_: Return) -> str:
    """Which register the page shows, in words."""
    if shows_snapshot(return_):
        return "The register as it stood when the return was submitted."
    return "The force's live register: the return has not been submitted."


def _about(finding: Finding, partnerships: dict[str, str], names: dict[str, str]) -> str:
    """What within the return a finding concerns, in words."""
    subject = finding.subject
    if not subject:
        return "The return"
    return partnerships.get(subject) or names.get(subject) or subject


def _scope(rule_id: str) -> str:
    """What a rule looks at, in words (a rule since withdrawn says so)."""
    try:
        return SCOPE_LABELS[CATALOGUE[rule_id].scope]
    except KeyError:
        return "Rule no longer in the catalogue"


def findings(return_: Return, partnerships: list[PartnershipView]) -> list[FindingRow]:
    """Every finding of the return, errors first, with the explanation given."""
    labels = {view.entry.subject: view.entry.label for view in partnerships}
    urns = [int(f.subject[7:]) for f in return_.findings if f.subject.startswith("school:")]
    names = {
        f"school:{urn}": f"{name} ({urn})"
        for urn, name in session.execute(
            select(School.urn, School.name).where(School.urn.in_(urns or [-1]))
        )
    }
    names.update({f"force:{code}": name for code, name in force_names().items()})
    reviewers = reviewers_names(return_)
    rows = [
        FindingRow(
            id=finding.id,
            name=rule_name(finding.rule_id),
            reviewed_by=reviewers.get(finding.reviewed_by_id or -1),
            reviewed_at=finding.reviewed_at,
            rule_id=finding.rule_id,
            level=finding.level,
            scope=_scope(finding.rule_id),
            about=_about(finding, labels, names),
            message=finding.english_message,
            explanation=finding.explanation,
        )
        for finding in return_.findings
    ]
    return sorted(rows, key=lambda row: (row.level != "error", row.rule_id, row.about))


def is_school(return_: Return) -> bool:
    """True for a school's return."""
    return return_.kind == ReturnKind.SCHOOL
