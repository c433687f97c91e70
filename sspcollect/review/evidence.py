"""The evidence a reviewer weighs before deciding: this year's answers beside last year's, the
queries with their explanations and who has reviewed them, and what the other side of each
reconciliation said.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from sspcollect.content.rules import rule_name
from sspcollect.db import session
from sspcollect.models import (
    Finding,
    ForceArea,
    Organisation,
    Return,
    ReturnKind,
    SchoolAnswers,
)
from sspcollect.returns.force_service import outcome_values
from sspcollect.returns.school_forms import FIELD_LABELS, PARTNERSHIP_FIELDS, answer_text
from sspcollect.returns.school_service import force_names, values_of
from sspcollect.returns.service import previous_return

RECONCILIATION_RULES = ("XRT-001", "XRT-002")


@dataclass(frozen=True)
class Figure:
    """One answer this year, and the same organisation's answer last year."""

    label: str
    now: str
    before: str | None  # None: no earlier return to compare with
    changed: bool


@dataclass(frozen=True)
class Earlier:
    """The organisation's return in the collection before this one."""

    return_id: int
    title: str


def earlier(return_: Return) -> Earlier | None:
    """The organisation's previous return, if it has one."""
    found = previous_return(return_)
    if found is None:
        return None
    return Earlier(found.id, found.collection.title)


def _force_names() -> dict[str, str]:
    """Every force area's name, by code."""
    return dict(session.execute(select(ForceArea.code, ForceArea.name)).tuples().all())


def school_figures(return_: Return, previous: Return | None) -> list[Figure]:
    """Every answer of a school return, beside the school's answer in its previous return."""
    now = values_of(return_.school_answers)
    before_answers: SchoolAnswers | None = previous.school_answers if previous else None
    before = values_of(before_answers) if previous else None
    forces = force_names()
    rows = []
    for name, label in FIELD_LABELS.items():
        asked_now = name not in PARTNERSHIP_FIELDS or now.get("has_ssp") == "yes"
        asked_before = before is not None and (
            name not in PARTNERSHIP_FIELDS or before.get("has_ssp") == "yes"
        )
        if not asked_now and not asked_before:
            continue
        text = answer_text(name, now.get(name), forces) if asked_now else "Not asked"
        if name == "pupils_feel_safe_percent" and now.get(name) is None and return_.school_answers:
            text = "Not surveyed" if return_.school_answers.feel_safe_not_surveyed else text
        earlier_text = None
        if before is not None:
            earlier_text = (
                answer_text(name, before.get(name), forces) if asked_before else "Not asked"
            )
            if (
                name == "pupils_feel_safe_percent"
                and before.get(name) is None
                and before_answers is not None
                and before_answers.feel_safe_not_surveyed
            ):
                earlier_text = "Not surveyed"
        rows.append(
            Figure(label, text, earlier_text, earlier_text is not None and earlier_text != text)
        )
    return rows


def previous_counts(previous: Return | None) -> dict[int, dict[str, Any]]:
    """Each partnership's counts in the force's previous return."""
    if previous is None:
        return {}
    return {outcome.partnership_id: outcome_values(outcome) for outcome in previous.outcomes}


def unreviewed_queries(return_: Return) -> int:
    """How many of the return's queries no reviewer has marked as reviewed."""
    return sum(1 for f in return_.findings if f.level == "query" and f.reviewed_at is None)


@dataclass(frozen=True)
class OtherSide:
    """A reconciliation query, with what the other return said about the same disagreement."""

    rule_name: str
    message: str
    explanation: str | None
    other_name: str
    other_return_id: int | None
    other_explanation: str | None
    other_status: str | None


def reconciliation(return_: Return) -> list[OtherSide]:
    """Each reconciliation query on the return, beside the other side's explanation.

    A school's query names the force ("force:<code>"); a force's names the school
    ("school:<urn>"); the other side carries the same rule with this side as its subject.
    """
    mine = [f for f in return_.findings if f.rule_id in RECONCILIATION_RULES]
    if not mine:
        return []
    school = return_.kind == ReturnKind.SCHOOL
    urn = return_.organisation.school_urn
    others = []
    for finding in mine:
        code = finding.subject.split(":", 1)[-1]
        if school:
            other = session.execute(
                select(Return.id, Return.status, Organisation.name)
                .join(Organisation, Return.organisation_id == Organisation.id)
                .where(
                    Return.collection_id == return_.collection_id,
                    Return.kind == ReturnKind.FORCE,
                    Return.force_area_code == code,
                )
            ).first()
            their_subject = f"school:{urn}"
            fallback = _force_names().get(code, code)
        else:
            other = session.execute(
                select(Return.id, Return.status, Organisation.name)
                .join(Organisation, Return.organisation_id == Organisation.id)
                .where(
                    Return.collection_id == return_.collection_id,
                    Return.kind == ReturnKind.SCHOOL,
                    Organisation.school_urn == (int(code) if code.isdigit() else -1),
                )
            ).first()
            their_subject = f"force:{return_.force_area_code}"
            fallback = f"The school with URN {code}"
        explanation = None
        if other is not None:
            explanation = session.scalar(
                select(Finding.explanation).where(
                    Finding.return_id == other.id,
                    Finding.rule_id == finding.rule_id,
                    Finding.subject == their_subject,
                )
            )
        others.append(
            OtherSide(
                rule_name=rule_name(finding.rule_id),
                message=finding.english_message,
                explanation=finding.explanation,
                other_name=other.name if other is not None else fallback,
                other_return_id=other.id if other is not None else None,
                other_explanation=explanation,
                other_status=other.status if other is not None else None,
            )
        )
    return others
