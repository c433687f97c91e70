"""The national list of unreconciled pairs: a school and a force that disagree, with both sides.

The pairs come from reconcile.unreconciled (the XRT findings on school returns); the schools,
forces and the force side's explanations are then read in one query each, not pair by pair.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from sspcollect.db import session
from sspcollect.models import Finding, ForceArea, Organisation, Return, ReturnKind
from sspcollect.review.reconcile import unreconciled
from sspcollect.validation import CATALOGUE


@dataclass(frozen=True)
class Pair:
    """A school and a force whose answers disagree, with what each side said about it."""

    rule_id: str
    rule_message: str
    school_return_id: int
    school_name: str
    urn: int | None
    force_code: str
    force_name: str
    force_return_id: int | None
    school_explanation: str | None
    force_explanation: str | None


RULE_SUMMARIES = {
    "XRT-001": "School says it has a partnership with the force; the register does not cover it",
    "XRT-002": "Register covers the school; the school says it has no partnership",
}


def unreconciled_pairs(collection_id: int) -> list[Pair]:
    """Every disagreeing pair in the collection, by rule and school."""
    findings = unreconciled(collection_id)
    if not findings:
        return []
    schools = {
        return_id: (name, urn)
        for return_id, name, urn in session.execute(
            select(Return.id, Organisation.name, Organisation.school_urn)
            .join(Organisation, Return.organisation_id == Organisation.id)
            .where(Return.id.in_({finding.return_id for finding in findings}))
        )
    }
    force_returns = dict(
        session.execute(
            select(Return.force_area_code, Return.id).where(
                Return.collection_id == collection_id, Return.kind == ReturnKind.FORCE
            )
        )
        .tuples()
        .all()
    )
    force_names = dict(session.execute(select(ForceArea.code, ForceArea.name)).tuples().all())
    # The force side of each pair: its finding about the school, keyed (return, rule, subject).
    force_side = {
        (return_id, rule_id, subject): explanation
        for return_id, rule_id, subject, explanation in session.execute(
            select(Finding.return_id, Finding.rule_id, Finding.subject, Finding.explanation)
            .join(Return)
            .where(
                Return.collection_id == collection_id,
                Return.kind == ReturnKind.FORCE,
                Finding.rule_id.in_(list(RULE_SUMMARIES)),
            )
        )
    }
    pairs = []
    for finding in findings:
        name, urn = schools.get(finding.return_id, ("", None))
        force = finding.subject.removeprefix("force:")
        force_return_id = force_returns.get(force)
        pairs.append(
            Pair(
                rule_id=finding.rule_id,
                rule_message=RULE_SUMMARIES.get(
                    finding.rule_id, CATALOGUE[finding.rule_id].message
                ),
                school_return_id=finding.return_id,
                school_name=name,
                urn=urn,
                force_code=force,
                force_name=force_names.get(force, force),
                force_return_id=force_return_id,
                school_explanation=finding.explanation,
                force_explanation=force_side.get(
                    (force_return_id, finding.rule_id, f"school:{urn}")
                ),
            )
        )
    return sorted(pairs, key=lambda pair: (pair.rule_id, pair.school_name, pair.force_name))
