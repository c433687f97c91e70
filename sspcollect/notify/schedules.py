"""Seeing and changing a collection's reminder schedule, and what it has sent so far."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import func, select

from sspcollect import audit
from sspcollect.collections.service import (
    OVERDUE_EVERY_WRONG,
    OVERDUE_MAX_WRONG,
    REMINDERS_OUT_OF_RANGE,
    REMINDERS_UNREADABLE,
    reminder_days,
)
from sspcollect.db import session
from sspcollect.models import Collection, CollectionStatus, MessageStatus, Return, SentMessage, User
from sspcollect.notify.reminders import Reminder, Schedule, reminders
from sspcollect.validation.values import Invalid, whole_number
from sspcollect.versioning import StaleEditError


@dataclass(frozen=True)
class ScheduleAnswers:
    """The schedule as typed into the form."""

    reminder_days_before: str
    overdue_every_days: str
    overdue_max: str


@dataclass(frozen=True)
class ScheduleRow:
    """One scheduled message and how many of it went, or failed, so far."""

    reminder: Reminder
    sent: int
    failed: int


def schedule_version(collection: Collection) -> str:
    """A fingerprint of the schedule as shown, so that a save from an older page is refused."""
    current = [
        collection.reminder_days_before,
        collection.overdue_every_days,
        collection.overdue_max,
    ]
    return hashlib.sha256(json.dumps(current).encode()).hexdigest()[:16]


def schedule_problems(answers: ScheduleAnswers) -> dict[str, str]:
    """What is wrong with the answers, {field: message}; empty when they can be saved."""
    problems: dict[str, str] = {}
    days = reminder_days(answers.reminder_days_before)
    if isinstance(days, Invalid):
        problems["reminder_days_before"] = REMINDERS_UNREADABLE
    elif any(not 1 <= day <= 365 for day in days):
        problems["reminder_days_before"] = REMINDERS_OUT_OF_RANGE
    every = whole_number(answers.overdue_every_days)
    if not isinstance(every, int) or not 1 <= every <= 90:
        problems["overdue_every_days"] = OVERDUE_EVERY_WRONG
    most = whole_number(answers.overdue_max)
    if not isinstance(most, int) or not 0 <= most <= 20:
        problems["overdue_max"] = OVERDUE_MAX_WRONG
    return problems


class ScheduleError(Exception):
    """The schedule was not saved; problems says why, by field."""

    def __init__(self, problems: dict[str, str]) -> None:
        """Keep the problems."""
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def change_schedule(
    collection: Collection, answers: ScheduleAnswers, version: str | None, user: User
) -> None:
    """Save a new schedule, recorded in the audit trail; ScheduleError or StaleEditError if not."""
    if collection.status == CollectionStatus.CLOSED:
        raise ScheduleError({"reminder_days_before": "The collection is closed: it sends no more"})
    problems = schedule_problems(answers)
    if problems:
        raise ScheduleError(problems)
    # Read the schedule again under a row lock: someone may have saved it since the page.
    locked = session.scalars(
        select(Collection)
        .where(Collection.id == collection.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if schedule_version(locked) != version:
        session.rollback()
        raise StaleEditError
    before = {
        "reminder_days_before": locked.reminder_days_before,
        "overdue_every_days": locked.overdue_every_days,
        "overdue_max": locked.overdue_max,
    }
    after = {
        "reminder_days_before": reminder_days(answers.reminder_days_before),
        "overdue_every_days": whole_number(answers.overdue_every_days),
        "overdue_max": whole_number(answers.overdue_max),
    }
    changes = audit.differences(before, after)
    if not changes:
        session.rollback()
        return
    for name, value in after.items():
        setattr(locked, name, value)
    audit.record(
        "reminder_schedule_changed",
        "collection",
        locked.id,
        changes=changes,
        user=user,
        collection_id=locked.id,
    )
    session.commit()


def schedule_rows(collection: Collection) -> list[ScheduleRow]:
    """Every message of the collection's schedule with how many were sent and failed."""
    counts = {
        (due_on, kind, status): number
        for due_on, kind, status, number in session.execute(
            select(SentMessage.due_on, SentMessage.kind, SentMessage.status, func.count())
            .join(Return, Return.id == SentMessage.return_id)
            .where(Return.collection_id == collection.id)
            .group_by(SentMessage.due_on, SentMessage.kind, SentMessage.status)
        ).tuples()
    }
    return [
        ScheduleRow(
            reminder,
            counts.get((reminder.due_on, reminder.kind, MessageStatus.SENT), 0),
            counts.get((reminder.due_on, reminder.kind, MessageStatus.FAILED), 0),
        )
        for reminder in reminders(Schedule.of(collection))
    ]


def failed_count(collection: Collection) -> int:
    """How many messages about the collection's returns have failed and not yet gone."""
    return (
        session.scalar(
            select(func.count())
            .select_from(SentMessage)
            .join(Return, Return.id == SentMessage.return_id)
            .where(
                Return.collection_id == collection.id,
                SentMessage.status == MessageStatus.FAILED,
            )
        )
        or 0
    )
