"""Queries a reviewer has read: marked as reviewed (who, when), which bulk accept relies on.

A mark stands while the return stays with central staff. When the return goes back to its
organisation (returned for amendment, or reopened) the marks are cleared, since the answers
and explanations may change before it comes back.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from sspcollect import audit
from sspcollect.content.rules import rule_name
from sspcollect.db import session, utcnow
from sspcollect.models import Finding, Return, User
from sspcollect.validation import Level


def _query(return_: Return, finding_id: int) -> Finding:
    """The return's query with this id (404 for anything else)."""
    finding = next((f for f in return_.findings if f.id == finding_id), None)
    if finding is None or finding.level != Level.QUERY:
        abort(404)
    return finding


def mark_reviewed(return_: Return, finding_id: int, user: User) -> Finding:
    """Mark a query as reviewed by user, now, and record it (the caller commits)."""
    finding = _query(return_, finding_id)
    if finding.reviewed_at is not None:
        return finding
    finding.reviewed_at = utcnow()
    finding.reviewed_by_id = user.id
    audit.record(
        "query_reviewed",
        "return",
        return_.id,
        changes={"rule": finding.rule_id, "subject": finding.subject},
        comment=rule_name(finding.rule_id),
        user=user,
        organisation_id=return_.organisation_id,
        collection_id=return_.collection_id,
    )
    return finding


def unmark_reviewed(return_: Return, finding_id: int, user: User) -> Finding:
    """Take a reviewer's mark off a query (the caller commits)."""
    finding = _query(return_, finding_id)
    if finding.reviewed_at is None:
        return finding
    finding.reviewed_at = None
    finding.reviewed_by_id = None
    audit.record(
        "query_review_withdrawn",
        "return",
        return_.id,
        changes={"rule": finding.rule_id, "subject": finding.subject},
        comment=rule_name(finding.rule_id),
        user=user,
        organisation_id=return_.organisation_id,
        collection_id=return_.collection_id,
    )
    return finding


def clear_marks(return_: Return) -> None:
    """Clear every query's mark, as the return goes back to its organisation."""
    for finding in return_.findings:
        finding.reviewed_at = None
        finding.reviewed_by_id = None


def reviewers_names(return_: Return) -> dict[int, str]:
    """The names of the users who marked this return's queries, by id."""
    ids = {f.reviewed_by_id for f in return_.findings if f.reviewed_by_id is not None}
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.name).where(User.id.in_(ids)))
    return {user_id: name for user_id, name in rows}
