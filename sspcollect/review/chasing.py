"""Reminders to a filtered list of returns: every organisation in the list that has not yet
submitted, emailed now.

They go through the same message log as the scheduled reminders (kind `chase`, due today), so
pressing the button twice, or a reviewer chasing one return the same day, sends nothing more.
"""

from __future__ import annotations

from sqlalchemy import func, select

from sspcollect import audit
from sspcollect.db import session
from sspcollect.models import EDITABLE_STATUSES, Collection, Return, User
from sspcollect.notify import reminders
from sspcollect.review.listing import ReturnFilter, matching


def unsubmitted(collection: Collection, wanted: ReturnFilter) -> int:
    """How many returns in the list have not been submitted (none, in a collection not open)."""
    if not collection.is_open:
        return 0
    return (
        session.scalar(
            select(func.count())
            .select_from(Return)
            .where(
                Return.id.in_(matching(collection.id, wanted)),
                Return.status.in_(EDITABLE_STATUSES),
            )
        )
        or 0
    )


def chase(collection: Collection, wanted: ReturnFilter, user: User) -> reminders.RunReport:
    """Email a reminder now to every organisation in the list that has not submitted."""
    report = reminders.tell_now(
        reminders.CHASE,
        Return.collection_id == collection.id,
        Return.id.in_(matching(collection.id, wanted)),
    )
    audit.record(
        "reminders_sent",
        "collection",
        collection.id,
        changes={
            "kind": reminders.CHASE,
            "filter": wanted.args(),
            "sent": report.delivered.sent,
            "failed": report.delivered.failed + report.delivered.unsent,
            "already_sent_today": report.skipped,
        },
        user=user,
        collection_id=collection.id,
    )
    session.commit()
    return report
