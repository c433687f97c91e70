"""What every return shares: finding one safely, saving without lost updates, findings, submitting.

The journeys (school_*.py, force_*.py) call these; so do the uploads and the review pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from sspcollect import audit
from sspcollect.db import session, utcnow
from sspcollect.language import ENGLISH, WELSH, current_language
from sspcollect.models import (
    Collection,
    CollectionStatus,
    Finding,
    Organisation,
    Return,
    ReturnKind,
    ReturnStatus,
    User,
)
from sspcollect.review.reconcile import reconcile_return
from sspcollect.validation import CATALOGUE, Level, Result, Scope, errors_for_fields


class NotEditableError(Exception):
    """The return is submitted, accepted, or its collection is closed."""


def returns_for(organisation: Organisation) -> list[Return]:
    """The organisation's returns in open and closed collections, newest first."""
    return list(
        session.scalars(
            select(Return)
            .join(Collection)
            .where(
                Return.organisation_id == organisation.id,
                Collection.status != CollectionStatus.DRAFT,
            )
            .order_by(Collection.time_period.desc())
        )
    )


def previous_return(return_: Return) -> Return | None:
    """The same organisation's return in the latest earlier collection, if any.

    Its collection, and a school's answers, come in the same query: every caller reads them.
    """
    loading = [joinedload(Return.collection)]
    if return_.kind == ReturnKind.SCHOOL:
        loading.append(joinedload(Return.school_answers))
    return session.scalar(
        select(Return)
        .join(Collection)
        .where(
            Return.organisation_id == return_.organisation_id,
            Collection.time_period < return_.collection.time_period,
        )
        .order_by(Collection.time_period.desc())
        .limit(1)
        .options(*loading)
    )


def load_return(return_id: int, user: User, kind: str | None = None) -> Return:
    """The return with this id if user may see it; 404 otherwise (never another's data).

    Its collection (every page asks whether it is open) and a school's answers, school and
    organisation (its rules read the school's phase and name) come in the same query.
    """
    loading = [joinedload(Return.collection)]
    if kind == ReturnKind.SCHOOL:
        loading.append(joinedload(Return.school_answers))
        loading.append(joinedload(Return.organisation).joinedload(Organisation.school))
    found = session.get(Return, return_id, options=loading)
    if found is None or (kind is not None and found.kind != kind):
        abort(404)
    if not user.is_central and found.organisation_id != user.organisation_id:
        abort(404)
    return found


def require_editable(return_: Return) -> None:
    """Refuse changes to a return that is submitted, accepted, or in a closed collection."""
    if not return_.is_editable:
        raise NotEditableError


def touch(return_: Return, user: User) -> None:
    """Note a save: the return is in progress, and its version moves on."""
    if return_.status in (ReturnStatus.NOT_STARTED, ReturnStatus.RETURNED):
        return_.status = ReturnStatus.IN_PROGRESS
    return_.updated_at = utcnow()
    return_.updated_by_id = user.id


# Findings of the return's own answers; reconciliation across returns is kept by its own code.
OWN_SCOPES = frozenset(set(Scope) - {Scope.RECONCILIATION})


def sync_findings(
    return_: Return, results: Iterable[Result], scopes: Iterable[Scope] = OWN_SCOPES
) -> None:
    """Make the return's findings of rules in scopes match results.

    Explanations of findings that still fire are kept; findings of other scopes are untouched.
    """
    managed = {rule.id for rule in CATALOGUE if rule.scope in set(scopes)}
    wanted = {result.key: result for result in results}
    existing = {
        f"{finding.rule_id}:{finding.subject}": finding
        for finding in return_.findings
        if finding.rule_id in managed
    }
    for key, stale in existing.items():
        if key not in wanted:
            return_.findings.remove(stale)
    for key, result in wanted.items():
        finding = existing.get(key)
        if finding is None:
            finding = Finding(rule_id=result.rule.id, subject=result.subject)
            return_.findings.append(finding)
        finding.write(result.written_in(ENGLISH), result.written_in(WELSH))
        finding.level = result.rule.level


@dataclass(frozen=True)
class Readiness:
    """What stands between a return and its submission."""

    errors: list[Finding]
    unexplained: list[Finding]

    @property
    def ready(self) -> bool:
        """True when the return can be submitted."""
        return not self.errors and not self.unexplained


def readiness(return_: Return) -> Readiness:
    """Errors to fix and queries to explain before the return can be submitted."""
    errors = [f for f in return_.findings if f.level == Level.ERROR]
    unexplained = [
        f for f in return_.findings if f.level == Level.QUERY and not (f.explanation or "").strip()
    ]
    return Readiness(errors, unexplained)


EXPLANATION_LIMIT = 500


def explain(return_: Return, finding_id: int, text: str, user: User) -> None:
    """Keep the one-sentence explanation of a query (the caller commits)."""
    finding = next((f for f in return_.findings if f.id == finding_id), None)
    if finding is None or finding.level != Level.QUERY:
        abort(404)
    finding.explanation = text.strip()[:EXPLANATION_LIMIT] or None
    audit.record(
        "query_explained",
        "return",
        return_.id,
        changes={"rule": finding.rule_id, "subject": finding.subject},
        comment=finding.explanation,
        user=user,
        organisation_id=return_.organisation_id,
        collection_id=return_.collection_id,
    )
    touch(return_, user)


@dataclass(frozen=True)
class Declaration:
    """The declaration made on check your answers: who makes it, their role, the box ticked."""

    name: str
    role: str
    declared: bool

    def values(self) -> dict[str, Any]:
        """The values the DECLARATION rules check."""
        return {
            "declarant_name": self.name.strip(),
            "declarant_role": self.role.strip(),
            "declared": self.declared,
        }


def declarant(return_: Return) -> str | None:
    """Who declared the return, as they gave it: 'Sam Okafor, Headteacher'."""
    if not return_.declarant_name:
        return None
    return ", ".join(part for part in (return_.declarant_name, return_.declarant_role) if part)


DECLARATION_FIELDS = ("declarant_name", "declarant_role", "declared")


def declaration_errors(declaration: Declaration) -> dict[str, str]:
    """What is missing from the declaration, by field (nothing when it can be made)."""
    results = CATALOGUE.run(Scope.DECLARATION, declaration.values())
    return errors_for_fields(results, DECLARATION_FIELDS)


def mark_submitted(return_: Return, user: User, declaration: Declaration) -> None:
    """Move a ready, declared return to submitted and record it (the caller commits)."""
    require_editable(return_)
    if not readiness(return_).ready or declaration_errors(declaration):
        raise NotEditableError("the return has errors, unexplained queries or no declaration")
    return_.status = ReturnStatus.SUBMITTED
    return_.reopened = False
    return_.submitted_at = utcnow()
    return_.submitted_by_id = user.id
    return_.updated_at = return_.submitted_at
    return_.updated_by_id = user.id
    return_.declaration = True
    return_.declarant_name = declaration.name.strip()
    return_.declarant_role = declaration.role.strip()
    return_.language = current_language()
    return_.review_opened_at = None
    return_.review_opened_by_id = None
    audit.record(
        "return_submitted",
        "return",
        return_.id,
        changes={"declarant": [None, f"{return_.declarant_name}, {return_.declarant_role}"]},
        user=user,
        organisation_id=return_.organisation_id,
        collection_id=return_.collection_id,
    )
    # A force may be told what a school said only once it is submitted.
    reconcile_return(return_)
