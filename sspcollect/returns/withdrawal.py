"""Withdrawing a submitted return to change it, until central staff start to review it.

A reviewer opening the return marks it as being reviewed; from then on it can no longer be
withdrawn (the reviewer can send it back for amendment instead). Both are versioned saves,
so a withdrawal racing a reviewer's first look is refused rather than lost.
"""

from __future__ import annotations

import logging

from flask_babel import gettext

from sspcollect import audit
from sspcollect.content.time import date_and_time
from sspcollect.db import session, utcnow
from sspcollect.models import Return, ReturnStatus, User
from sspcollect.notify import messages
from sspcollect.review.reconcile import reconcile_return
from sspcollect.versioning import check_version, commit_or_stale, no_lost_update

log = logging.getLogger(__name__)


class WithdrawError(Exception):
    """The return cannot be withdrawn; the message says why, for the person."""


def can_withdraw(return_: Return) -> bool:
    """True while a submitted return has not been opened by a reviewer and can be changed."""
    return (
        return_.status == ReturnStatus.SUBMITTED
        and return_.review_opened_at is None
        and (return_.collection.is_open or return_.reopened)
    )


def why_not(return_: Return) -> str:
    """Why the return cannot be withdrawn, in words."""
    if return_.status != ReturnStatus.SUBMITTED:
        return gettext("Only a submitted return can be withdrawn.")
    if return_.review_opened_at is not None:
        return gettext(
            "An analyst has started to review your return, so it can no longer be withdrawn. "
            "If something needs to change, contact us and they can send it back to you."
        )
    return gettext("The collection has closed, so the return can no longer be withdrawn.")


@no_lost_update()
def withdraw(return_: Return, user: User, loaded_version: int | None) -> None:
    """Take a submitted return back to in progress, record it and tell the organisation.

    A force return's coverage goes back to its live register, so reconciliation is re-checked.
    """
    check_version(return_.version, loaded_version)
    if not can_withdraw(return_):
        raise WithdrawError(why_not(return_))
    before = return_.status
    return_.status = ReturnStatus.IN_PROGRESS
    return_.submitted_at = None
    return_.submitted_by_id = None
    return_.declaration = False
    return_.updated_at = utcnow()
    return_.updated_by_id = user.id
    audit.record(
        "return_withdrawn",
        "return",
        return_.id,
        changes={"status": [before, return_.status]},
        user=user,
        organisation_id=return_.organisation_id,
        collection_id=return_.collection_id,
    )
    # A force's coverage goes back to its live register; a school's answer is a draft again.
    reconcile_return(return_)
    commit_or_stale()
    _announce(return_, user)


def _announce(return_: Return, user: User) -> None:
    """Email the organisation's users; a mail failure never undoes the withdrawal."""
    try:
        delivery = messages.send_about_return(
            return_,
            "return_withdrawn",
            withdrawn_by=user.name,
            withdrawn_on=date_and_time(return_.updated_at or utcnow()),
        )
    except Exception:
        log.exception("could not send the withdrawal email", extra={"return_id": return_.id})
        session.rollback()
        return
    if delivery.failed:
        log.error("could not send the withdrawal email", extra={"return_id": return_.id})


@no_lost_update()
def mark_review_opened(return_: Return, user: User) -> None:
    """Note the first time central staff open a submitted return (it can no longer be
    withdrawn); nothing for any other return or a later look."""
    if return_.status != ReturnStatus.SUBMITTED or return_.review_opened_at is not None:
        return
    return_.review_opened_at = utcnow()
    return_.review_opened_by_id = user.id
    audit.record(
        "review_started",
        "return",
        return_.id,
        user=user,
        organisation_id=return_.organisation_id,
        collection_id=return_.collection_id,
    )
    commit_or_stale()
