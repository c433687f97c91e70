"""A return's history as central staff read it: what happened, who did it, and what changed,
old value to new, in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from sspcollect.content.changes import Change, describe
from sspcollect.content.rules import rule_name
from sspcollect.db import session
from sspcollect.models import AuditEvent, ForceArea, Partnership, Return, User

ACTION_WORDS = {
    "return_submitted": "Submitted",
    "return_accepted": "Accepted",
    "return_returned": "Returned for amendment",
    "return_reopened": "Reopened",
    "return_withdrawn": "Withdrawn by the organisation",
    "review_started": "Review started",
    "review_assigned": "Assignment or note changed",
    "query_explained": "Query explained",
    "query_reviewed": "Query marked as reviewed",
    "query_review_withdrawn": "Query no longer marked as reviewed",
    "school_answers_saved": "Answers saved",
    "set_aside_answers_discarded": "Answers about a partnership removed",
    "outcomes_saved": "Counts saved",
    "register_confirmed": "Register confirmed",
    "register_not_confirmed": "Register confirmation withdrawn",
    "nil_return_made": "Nil return made",
    "nil_return_withdrawn": "Nil return withdrawn",
    "declaration_made": "Declaration made",
    "deadline_extended": "Deadline extended",
    "reminder_sent": "Reminder sent",
}
# Events whose only recorded field is the status, which the action already names.
STATUS_ONLY = {"return_accepted", "return_returned", "return_reopened", "return_withdrawn"}
# Events whose recorded fields say which query they were about, not a change of answers.
ABOUT_A_QUERY = {"query_explained", "query_reviewed", "query_review_withdrawn"}


@dataclass(frozen=True)
class HistoryRow:
    """One event of the return's history."""

    at: datetime
    action: str
    who: str
    comment: str | None
    changes: list[Change]


def action_words(action: str) -> str:
    """What an event was, in words."""
    return ACTION_WORDS.get(action, action.replace("_", " ").capitalize())


def _partnership_names(events: list[AuditEvent]) -> dict[str, str]:
    """The names of the partnerships whose counts the events saved, by event object id."""
    ids = {
        int(event.object_id.split(":", 1)[1])
        for event in events
        if event.object_type == "partnership_outcome"
        and event.object_id
        and event.object_id.split(":", 1)[1].isdigit()
    }
    if not ids:
        return {}
    rows = session.execute(
        select(Partnership.id, Partnership.reference, Partnership.name).where(
            Partnership.id.in_(ids)
        )
    )
    return {str(id_): f"{reference} \u2013 {name}" for id_, reference, name in rows}


def history(return_: Return) -> list[HistoryRow]:
    """The return's audit trail, newest first, with every change in words."""
    rows = list(
        session.execute(
            select(AuditEvent, User.name, User.email)
            .outerjoin(User, AuditEvent.user_id == User.id)
            .where(
                or_(
                    (AuditEvent.object_type == "return")
                    & (AuditEvent.object_id == str(return_.id)),
                    (AuditEvent.object_type == "partnership_outcome")
                    & AuditEvent.object_id.startswith(f"{return_.id}:", autoescape=True),
                )
            )
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        ).tuples()
    )
    partnerships = _partnership_names([event for event, _, _ in rows])
    forces = dict(session.execute(select(ForceArea.code, ForceArea.name)).tuples().all())
    found = []
    for event, name, email in rows:
        action = action_words(event.action)
        changes: list[Change] = []
        comment = event.comment
        if event.action in ABOUT_A_QUERY:
            rule = (event.changes or {}).get("rule")
            action = f"{action}: {rule_name(str(rule))}" if rule else action
            comment = event.comment if event.action == "query_explained" else None
        elif event.object_type == "partnership_outcome":
            partnership = partnerships.get((event.object_id or ":").split(":", 1)[1])
            action = f"Counts saved for {partnership}" if partnership else action
            changes = describe(event.changes, forces)
        elif event.action == "reminder_sent":
            sent = (event.changes or {}).get("sent", 0)
            action = f"Reminder sent to {sent} {'person' if sent == 1 else 'people'}"
        elif event.action == "review_assigned" or event.action not in {
            "return_accepted",
            "return_returned",
            "return_reopened",
        }:
            changes = describe(event.changes, forces)
        found.append(
            HistoryRow(
                at=event.at,
                action=action,
                who=f"{name} ({email})" if name else "The service",
                comment=comment,
                changes=changes,
            )
        )
    return found
