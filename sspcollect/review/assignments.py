"""Sharing out the review: a return assigned to a reviewer, with a note for central staff.

Nothing here is shown to the organisation: the note is for the people reviewing.
"""

from __future__ import annotations

from sqlalchemy import select

from sspcollect import audit
from sspcollect.db import session, utcnow
from sspcollect.models import CENTRAL_ROLES, Return, ReviewAssignment, User

NOTE_LIMIT = 2000
NOTE_TOO_LONG = f"The note must be {NOTE_LIMIT:,} characters or fewer"
NOT_A_REVIEWER = "Select a reviewer from the list"


class AssignmentError(Exception):
    """The assignment cannot be kept; the message says why."""


def reviewers() -> list[User]:
    """Every active reviewer and admin, by name: the people a return can be assigned to."""
    return list(
        session.scalars(
            select(User)
            .where(User.role.in_([str(role) for role in CENTRAL_ROLES]), User.active.is_(True))
            .order_by(User.name, User.id)
        )
    )


def assignment(return_: Return) -> ReviewAssignment | None:
    """The return's assignment and note, if it has one."""
    return session.get(ReviewAssignment, return_.id)


def assign(return_: Return, reviewer_id: int | None, note: str, user: User) -> ReviewAssignment:
    """Assign the return to a reviewer (or nobody) and keep the note; recorded, committed."""
    note = note.strip().replace("\r\n", "\n")
    if len(note) > NOTE_LIMIT:
        raise AssignmentError(NOTE_TOO_LONG)
    reviewer = None
    if reviewer_id is not None:
        reviewer = session.get(User, reviewer_id)
        if reviewer is None or not reviewer.is_central or not reviewer.active:
            raise AssignmentError(NOT_A_REVIEWER)
    row = assignment(return_)
    before = {
        "reviewer": row.reviewer.email if row and row.reviewer else None,
        "note": row.note if row else None,
    }
    if row is None:
        row = ReviewAssignment(return_id=return_.id)
        session.add(row)
    row.reviewer_id = reviewer.id if reviewer else None
    row.note = note or None
    row.updated_at = utcnow()
    row.updated_by_id = user.id
    after = {"reviewer": reviewer.email if reviewer else None, "note": row.note}
    changes = audit.differences(before, after)
    if changes:
        audit.record(
            "review_assigned",
            "return",
            return_.id,
            changes=changes,
            user=user,
            organisation_id=return_.organisation_id,
            collection_id=return_.collection_id,
        )
    session.commit()
    return row
