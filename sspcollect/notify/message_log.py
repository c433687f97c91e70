"""The message log: one row per message about a return, whose unique key (return, recipient,
kind, due date) makes sure no message goes twice.

A run CLAIMS the messages it is about to send by inserting their rows as `sending` with
INSERT … ON CONFLICT DO NOTHING: of two runs at the same moment, only one gets each row back,
and only that one sends it. Rows marked `failed`, and rows left `sending` for an hour by a
run that was stopped, are claimed again by a conditional UPDATE so that they too are retried
by exactly one run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, and_, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from sspcollect.db import session, utcnow
from sspcollect.models import (
    Collection,
    MessageStatus,
    Organisation,
    Return,
    SentMessage,
    User,
)

UNIQUE_KEY = ["return_id", "recipient", "kind", "due_on"]
# Columns filled by a claim, in the order the SELECT that feeds it must give them.
CLAIM_COLUMNS = ["return_id", "user_id", "recipient", "kind", "due_on", "status", "attempts"]
BATCH = 1000
ABANDONED_AFTER = timedelta(hours=1)


class Claim(NamedTuple):
    """One message this run has claimed and must now send (or mark failed)."""

    id: int
    return_id: int
    return_kind: str
    collection_id: int
    organisation: str
    recipient: str
    name: str
    kind: str
    due_on: date
    # The return's own deadline when an admin has extended it, else None.
    extended_to: date | None = None
    # The force area of a force return, so that messages name the force as people do.
    force_area_code: str = ""
    # The recipient's language, "en" or "cy"; None for both (see notify.messages).
    language: str | None = None


def _dialect_insert() -> Any:
    """The INSERT construct of the database in use, which knows ON CONFLICT."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(SentMessage)
    return sqlite.insert(SentMessage)


def claim_new(rows: Select[Any]) -> list[int]:
    """Insert the messages rows selects (CLAIM_COLUMNS) as `sending`; the ids this run got.

    A message already in the log (sent, being sent, or failed) is left alone: another run
    claimed it, and only that run sends it. The caller commits at once so the claim holds.
    """
    statement = (
        _dialect_insert()
        .from_select(CLAIM_COLUMNS, rows)
        .on_conflict_do_nothing(index_elements=UNIQUE_KEY)
        .returning(SentMessage.id)
    )
    return list(session.scalars(statement))


def to_retry() -> ColumnElement[bool]:
    """Messages to send again: failed ones, and ones a run claimed and abandoned.

    A run sends 26,000 messages in well under a minute, so a message still `sending` after
    ABANDONED_AFTER was claimed by a run that was stopped before it could mark it.
    """
    return or_(
        SentMessage.status == MessageStatus.FAILED,
        and_(
            SentMessage.status == MessageStatus.SENDING,
            SentMessage.claimed_at < utcnow() - ABANDONED_AFTER,
        ),
    )


def reclaim_failed(*conditions: ColumnElement[bool]) -> list[tuple[int, str, date]]:
    """Claim again the messages to retry that meet conditions: (id, kind, due date) of each.

    One conditional UPDATE: of two runs at the same moment, only one gets each row back.
    """
    statement = (
        update(SentMessage)
        .where(to_retry(), *conditions)
        .values(
            status=MessageStatus.SENDING,
            attempts=SentMessage.attempts + 1,
            last_error=None,
            claimed_at=utcnow(),
        )
        .returning(SentMessage.id, SentMessage.kind, SentMessage.due_on)
        .execution_options(synchronize_session=False)
    )
    return [(id_, kind, due_on) for id_, kind, due_on in session.execute(statement)]


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    """ids in slices small enough for one IN (…) list."""
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def claims(ids: Sequence[int]) -> list[Claim]:
    """What the claimed messages need to be written: recipient, organisation, return."""
    found: list[Claim] = []
    for chunk in _chunks(sorted(ids)):
        statement = (
            select(
                SentMessage.id,
                SentMessage.return_id,
                Return.kind,
                Return.collection_id,
                Organisation.name,
                SentMessage.recipient,
                User.name,
                SentMessage.kind,
                SentMessage.due_on,
                Return.deadline_extended_to,
                Return.force_area_code,
                User.language,
            )
            .join(Return, Return.id == SentMessage.return_id)
            .join(Organisation, Organisation.id == Return.organisation_id)
            .join(User, User.id == SentMessage.user_id)
            .where(SentMessage.id.in_(chunk))
            .order_by(SentMessage.id)
        )
        found.extend(Claim(*row) for row in session.execute(statement))
    return found


def mark_sent(ids: Sequence[int]) -> None:
    """Mark messages sent (the caller commits)."""
    now = utcnow()
    for chunk in _chunks(ids):
        session.execute(
            update(SentMessage)
            .where(SentMessage.id.in_(chunk))
            .values(status=MessageStatus.SENT, sent_at=now, last_error=None)
            .execution_options(synchronize_session=False)
        )


def mark_failed(errors: dict[int, str]) -> None:
    """Mark messages failed with the reason for each (the caller commits)."""
    if errors:
        session.execute(
            update(SentMessage),
            [
                {"id": id_, "status": MessageStatus.FAILED, "last_error": error[:2000]}
                for id_, error in errors.items()
            ],
        )


def record(
    return_id: int, user: User, kind: str, due_on: date | None = None, error: str | None = None
) -> None:
    """Log a message sent the moment its event happened (a second one that day updates the row)."""
    now = utcnow()
    status = MessageStatus.FAILED if error else MessageStatus.SENT
    values = {
        "return_id": return_id,
        "user_id": user.id,
        "recipient": user.email,
        "kind": kind,
        "due_on": due_on or date.today(),
        "status": status,
        "attempts": 1,
        "last_error": error,
        "created_at": now,
        "sent_at": None if error else now,
    }
    statement = _dialect_insert().values(values)
    statement = statement.on_conflict_do_update(
        index_elements=UNIQUE_KEY,
        set_={
            "status": status,
            "attempts": SentMessage.attempts + 1,
            "last_error": error,
            "sent_at": None if error else now,
        },
    )
    session.execute(statement)


def history(return_id: int) -> list[SentMessage]:
    """Every message logged about a return, newest first."""
    return list(
        session.scalars(
            select(SentMessage)
            .where(SentMessage.return_id == return_id)
            .order_by(SentMessage.due_on.desc(), SentMessage.kind, SentMessage.recipient)
        )
    )


def failed_in(collection: Collection, limit: int = 100) -> list[tuple[SentMessage, str]]:
    """The failed messages of a collection with the organisation's name, oldest first."""
    statement = (
        select(SentMessage, Organisation.name)
        .join(Return, Return.id == SentMessage.return_id)
        .join(Organisation, Organisation.id == Return.organisation_id)
        .where(
            and_(Return.collection_id == collection.id, SentMessage.status == MessageStatus.FAILED)
        )
        .order_by(SentMessage.due_on, SentMessage.id)
        .limit(limit)
    )
    return [(message, name) for message, name in session.execute(statement).tuples()]
