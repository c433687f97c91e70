"""What central staff do to returns: accept, return for amendment, accept in bulk, reopen.

Each change is versioned (no lost update), recorded in the audit trail, and announced to the
organisation's users by email once it is committed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from sspcollect import audit
from sspcollect.db import session, utcnow
from sspcollect.models import Return, ReturnStatus, User
from sspcollect.notify.messages import send_accepted, send_reopened, send_returned
from sspcollect.review import queries
from sspcollect.review.reconcile import reconcile_return
from sspcollect.versioning import check_version, commit_or_stale

log = logging.getLogger(__name__)

COMMENT_LIMIT = 2000
COMMENT_MISSING = "Enter a comment saying what the organisation needs to change"
COMMENT_TOO_LONG = f"The comment must be {COMMENT_LIMIT:,} characters or fewer"
REASON_MISSING = "Enter why the return is being reopened"
REASON_TOO_LONG = f"The reason must be {COMMENT_LIMIT:,} characters or fewer"
RETURNABLE = (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)
REOPENABLE = (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED, ReturnStatus.RETURNED)


CLOSED = (
    "This return's collection is closed, so its organisation could not change the return. "
    "An admin can reopen the return instead"
)


class ReviewError(Exception):
    """The action cannot be taken on the return as it stands; the message says why."""


def _record(
    action: str, return_: Return, user: User, before: str, comment: str | None = None
) -> None:
    """Add the status change to the audit trail."""
    audit.record(
        action,
        "return",
        return_.id,
        changes={"status": [before, return_.status]},
        comment=comment,
        user=user,
        organisation_id=return_.organisation_id,
        collection_id=return_.collection_id,
    )


def _announce(return_: Return, send: Callable[[Return], object]) -> None:
    """Email the organisation; a mail problem never undoes the committed change."""
    try:
        send(return_)
    except Exception:  # the change is made and kept; the log says what went wrong
        log.exception("could not send the email about return %s", return_.id)
        session.rollback()


def _accept(return_: Return, user: User) -> None:
    """Mark a submitted return accepted (the caller commits)."""
    if return_.status != ReturnStatus.SUBMITTED:
        raise ReviewError("Only a submitted return can be accepted")
    before = return_.status
    return_.status = ReturnStatus.ACCEPTED
    return_.accepted_at = utcnow()
    # An earlier request for amendment is settled; the audit trail keeps its comment.
    return_.reviewer_comment = None
    _record("return_accepted", return_, user, before)


def accept(return_: Return, user: User, version: int | None) -> None:
    """Accept a submitted return and tell its organisation."""
    check_version(return_.version, version)
    _accept(return_, user)
    commit_or_stale()
    _announce(return_, send_accepted)


def comment_problem(comment: str) -> str | None:
    """Why a comment on a returned return cannot be kept, or None."""
    if not comment.strip():
        return COMMENT_MISSING
    if len(comment.strip()) > COMMENT_LIMIT:
        return COMMENT_TOO_LONG
    return None


def return_for_amendment(return_: Return, user: User, comment: str, version: int | None) -> None:
    """Send a submitted or accepted return back to its organisation with a comment."""
    problem = comment_problem(comment)
    if problem:
        raise ReviewError(problem)
    check_version(return_.version, version)
    if return_.status not in RETURNABLE:
        raise ReviewError("Only a submitted or accepted return can be returned for amendment")
    if not return_.collection.is_open:
        raise ReviewError(CLOSED)
    before = return_.status
    return_.status = ReturnStatus.RETURNED
    return_.reviewer_comment = comment.strip().replace("\r\n", "\n")
    return_.accepted_at = None
    queries.clear_marks(return_)
    _record("return_returned", return_, user, before, comment=return_.reviewer_comment)
    reconcile_return(return_)
    commit_or_stale()
    _announce(return_, send_returned)


def accept_many(return_ids: Sequence[int], user: User) -> list[Return]:
    """Accept every one of these returns that is still submitted; tell each organisation."""
    if not return_ids:
        return []
    chosen = list(
        session.scalars(
            select(Return)
            .where(Return.id.in_(return_ids), Return.status == ReturnStatus.SUBMITTED)
            .options(selectinload(Return.organisation), selectinload(Return.collection))
            .order_by(Return.id)
        )
    )
    for return_ in chosen:
        _accept(return_, user)
    commit_or_stale()
    for return_ in chosen:
        _announce(return_, send_accepted)
    return chosen


def reopen_problem(return_: Return) -> str | None:
    """Why the return cannot be reopened, or None."""
    if return_.status not in REOPENABLE:
        return "The organisation can already change this return"
    return None


def reason_problem(reason: str) -> str | None:
    """Why a reason for reopening cannot be kept, or None."""
    if not reason.strip():
        return REASON_MISSING
    if len(reason.strip()) > COMMENT_LIMIT:
        return REASON_TOO_LONG
    return None


def reopen(return_: Return, user: User, version: int | None, reason: str) -> None:
    """Give a return back to its organisation to change (status in progress), and tell them why.

    The reason is kept in the audit trail and sent to the organisation's users by email.
    """
    problem = reason_problem(reason)
    if problem:
        raise ReviewError(problem)
    check_version(return_.version, version)
    problem = reopen_problem(return_)
    if problem:
        raise ReviewError(problem)
    reason = reason.strip().replace("\r\n", "\n")
    before = return_.status
    return_.status = ReturnStatus.IN_PROGRESS
    # In a closed collection only this return opens again, until it is resubmitted.
    return_.reopened = not return_.collection.is_open
    return_.accepted_at = None
    return_.reviewer_comment = None
    queries.clear_marks(return_)
    _record("return_reopened", return_, user, before, comment=reason)
    reconcile_return(return_)
    commit_or_stale()
    _announce(return_, lambda reopened: send_reopened(reopened, reason))
