"""The reminder schedule of a collection, and the run that sends what is due (`send-reminders`).

The schedule is a list of dated messages: `collection_opened` on the opening date, `due_soon`
on each of the days before the deadline, then `overdue` every N days after it, at most M
times. On a given day the message due for a return that is not yet submitted is the latest
one dated on or before that day, so a missed run catches up with one message, not several.
Each message is claimed in the message log before it is sent: however many runs there are,
each message goes once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, exists, func, literal, select

from sspcollect import audit
from sspcollect.db import session
from sspcollect.models import (
    EDITABLE_STATUSES,
    Collection,
    CollectionStatus,
    MessageStatus,
    Organisation,
    Return,
    SentMessage,
    User,
)
from sspcollect.notify import delivery, message_log, messages, working_days
from sspcollect.notify.message_log import Claim
from sspcollect.notify.mime import Email

log = logging.getLogger(__name__)

COLLECTION_OPENED = "collection_opened"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
CHASE = "chase"
DATES_CHANGED = "dates_changed"
DEADLINE_EXTENDED = "deadline_extended"
COLLECTION_REOPENED = "collection_reopened"
# Kinds the run retries when they failed; the schedule's kinds it also sends when due.
RUN_KINDS = (
    COLLECTION_OPENED,
    DUE_SOON,
    OVERDUE,
    CHASE,
    DATES_CHANGED,
    DEADLINE_EXTENDED,
    COLLECTION_REOPENED,
)
# A message that keeps failing is given up after this many attempts.
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Schedule:
    """The dates and settings of one collection that decide its reminders."""

    opens_on: date
    deadline: date
    closes_on: date
    days_before: tuple[int, ...]
    overdue_every_days: int
    overdue_max: int
    is_open: bool = True

    @classmethod
    def of(cls, collection: Collection, deadline: date | None = None) -> Schedule:
        """The schedule of collection, or of its returns whose deadline was extended to one."""
        return cls(
            opens_on=collection.opens_on,
            deadline=deadline or collection.deadline,
            closes_on=collection.closes_on,
            days_before=tuple(collection.reminder_days_before or ()),
            overdue_every_days=collection.overdue_every_days,
            overdue_max=collection.overdue_max,
            is_open=collection.status == CollectionStatus.OPEN,
        )


@dataclass(frozen=True, order=True)
class Reminder:
    """One scheduled message: what goes, and the day it is due.

    A message whose day fell at a weekend or on a bank holiday says which day it was moved
    from, and why.
    """

    due_on: date
    kind: str
    moved_from: date | None = field(default=None, compare=False)
    moved_because: str = field(default="", compare=False)


def _on_a_working_day(day: date, kind: str, schedule: Schedule) -> Reminder:
    """The message of kind dated day, moved off a weekend or bank holiday.

    Reminders move to the working day before; the opening message, which cannot go before
    the collection opens, and an overdue one, which cannot go on or before the deadline,
    move to the working day after instead.
    """
    why = working_days.why_not_working(day)
    if why is None:
        return Reminder(day, kind)
    moved = working_days.working_day_on_or_before(day)
    if (kind == COLLECTION_OPENED and moved < schedule.opens_on) or (
        kind == OVERDUE and moved <= schedule.deadline
    ):
        moved = working_days.working_day_on_or_after(day)
    return Reminder(moved, kind, moved_from=day, moved_because=why)


def reminders(schedule: Schedule) -> list[Reminder]:
    """Every message of the schedule in date order, at most one a day, on working days.

    A reminder dated before the opening date is dropped; on the opening date the
    `collection_opened` message, which gives the deadline, is the only one. A message that
    would fall at a weekend or on a bank holiday in England and Wales is moved (see
    `_on_a_working_day`).
    """
    opened = _on_a_working_day(schedule.opens_on, COLLECTION_OPENED, schedule)
    by_day = {opened.due_on: opened}
    for days in schedule.days_before:
        reminder = _on_a_working_day(schedule.deadline - timedelta(days=days), DUE_SOON, schedule)
        if reminder.due_on > opened.due_on:
            by_day.setdefault(reminder.due_on, reminder)
    if schedule.overdue_every_days > 0:
        for k in range(1, schedule.overdue_max + 1):
            day = schedule.deadline + timedelta(days=k * schedule.overdue_every_days)
            reminder = _on_a_working_day(day, OVERDUE, schedule)
            by_day.setdefault(reminder.due_on, reminder)
    return sorted(by_day.values())


def due(schedule: Schedule, today: date) -> Reminder | None:
    """The message due today for a return not yet submitted: the latest dated on or before today.

    None before the opening date, and once the collection is closed (or past its closing date).
    """
    if not schedule.is_open or today > schedule.closes_on:
        return None
    passed = [reminder for reminder in reminders(schedule) if reminder.due_on <= today]
    return passed[-1] if passed else None


def server_today() -> date:
    """Today on the server's clock (run the service with TZ=Europe/London)."""
    return date.today()


# ---- the run ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    """A message a run would send, for --dry-run."""

    recipient: str
    kind: str
    organisation: str
    collection: str


@dataclass
class RunReport:
    """What a reminder run did, or (dry run) would do."""

    today: date
    dry_run: bool = False
    claimed: list[Claim] = field(default_factory=list)
    skipped: int = 0
    planned: list[Planned] = field(default_factory=list)
    delivered: delivery.DeliveryReport = field(default_factory=delivery.DeliveryReport)

    @property
    def ok(self) -> bool:
        """False when the mail server was down."""
        return self.delivered.server_error is None

    def summary(self) -> str:
        """One line for the person (or cron) who ran the command."""
        if self.dry_run:
            return (
                f"Dry run for {self.today:%Y-%m-%d}: {len(self.planned)} to send, "
                f"{self.skipped} skipped as already sent. Nothing was sent or recorded."
            )
        done = self.delivered
        line = (
            f"Reminders for {self.today:%Y-%m-%d}: {done.sent} sent, {done.failed} failed, "
            f"{self.skipped} skipped as already sent"
        )
        if done.server_error:
            line += (
                f", {done.unsent} not sent because the mail server is unavailable "
                f"({done.server_error}); they will be tried again by the next run"
            )
        return line + "."


def open_collections() -> list[Collection]:
    """Collections whose organisations can still make their returns."""
    return list(
        session.scalars(
            select(Collection)
            .where(Collection.status == CollectionStatus.OPEN)
            .order_by(Collection.id)
        )
    )


def deadlines(collection: Collection) -> list[date | None]:
    """None for the collection's own deadline, then each deadline some return was given."""
    extended = session.scalars(
        select(Return.deadline_extended_to)
        .where(Return.collection_id == collection.id, Return.deadline_extended_to.is_not(None))
        .distinct()
        .order_by(Return.deadline_extended_to)
    )
    return [None, *extended]


def _due_pairs(
    collection: Collection, reminder: Reminder, extended: date | None = None
) -> Select[Any]:
    """Every (return not yet submitted, active user of its organisation) of the collection
    whose deadline is extended (None: not extended), as the CLAIM_COLUMNS of the reminder's
    message."""
    return (
        select(
            Return.id,
            User.id,
            User.email,
            literal(reminder.kind),
            literal(reminder.due_on),
            literal(str(MessageStatus.SENDING)),
            literal(1),
        )
        .join(User, User.organisation_id == Return.organisation_id)
        .where(
            Return.collection_id == collection.id,
            Return.status.in_(EDITABLE_STATUSES),
            User.active.is_(True),
            Return.deadline_extended_to.is_(None)
            if extended is None
            else Return.deadline_extended_to == extended,
        )
        # One order for every run, so that two runs claiming at once never deadlock.
        .order_by(Return.id, User.id)
    )


def _retry_conditions(collection: Collection, reminder: Reminder | None) -> list[Any]:
    """Which failed messages of a collection are worth another try today."""
    unsubmitted = select(Return.id).where(
        Return.collection_id == collection.id, Return.status.in_(EDITABLE_STATUSES)
    )
    conditions = [
        SentMessage.kind.in_(RUN_KINDS),
        SentMessage.attempts < MAX_ATTEMPTS,
        SentMessage.return_id.in_(unsubmitted),
        SentMessage.user_id.in_(select(User.id).where(User.active.is_(True))),
    ]
    if reminder is not None:
        # A later scheduled message has replaced an older one that failed.
        conditions.append(SentMessage.due_on >= reminder.due_on)
    return conditions


def _count(statement: Select[Any]) -> int:
    """The number of rows statement gives."""
    return (
        session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0
    )


def claim_due(today: date) -> RunReport:
    """Claim in the message log every message due today, and every failure to retry."""
    report = RunReport(today)
    ids: list[int] = []
    for collection in open_collections():
        reminder = due(Schedule.of(collection), today)
        for extended in deadlines(collection):
            own = due(Schedule.of(collection, extended), today)
            if own is not None:
                pairs = _due_pairs(collection, own, extended)
                claimed = message_log.claim_new(pairs)
                session.commit()
                report.skipped += _count(pairs) - len(claimed)
                ids.extend(claimed)
        for id_, kind, due_on in message_log.reclaim_failed(
            *_retry_conditions(collection, reminder)
        ):
            ids.append(id_)
            if reminder == Reminder(due_on, kind):
                report.skipped -= 1  # not skipped after all: tried again
        session.commit()
    report.claimed = message_log.claims(ids)
    return report


def plan(today: date) -> RunReport:
    """What a run today would send, without sending or recording anything."""
    report = RunReport(today, dry_run=True)
    for collection in open_collections():
        reminder = due(Schedule.of(collection), today)
        rows: list[tuple[str, str, str]] = []
        for extended in deadlines(collection):
            own = due(Schedule.of(collection, extended), today)
            if own is None:
                continue
            pairs = _due_pairs(collection, own, extended)
            logged = exists().where(
                SentMessage.return_id == Return.id,
                SentMessage.recipient == User.email,
                SentMessage.kind == own.kind,
                SentMessage.due_on == own.due_on,
            )
            new = pairs.where(~logged)
            rows += [
                (email, own.kind, organisation)
                for email, organisation in session.execute(
                    new.with_only_columns(User.email, Organisation.name).join(
                        Organisation, Organisation.id == Return.organisation_id
                    )
                )
            ]
            report.skipped += _count(pairs) - len(rows)
        retries = session.execute(
            select(SentMessage.recipient, SentMessage.kind, SentMessage.due_on, Organisation.name)
            .join(Return, Return.id == SentMessage.return_id)
            .join(Organisation, Organisation.id == Return.organisation_id)
            .where(*_retry_conditions(collection, reminder), message_log.to_retry())
            .order_by(SentMessage.id)
        )
        for email, kind, due_on, organisation in retries:
            rows.append((email, kind, organisation))
            if reminder == Reminder(due_on, kind):
                report.skipped -= 1  # not skipped after all: tried again
        report.planned += [Planned(email, kind, org, collection.title) for email, kind, org in rows]
    return report


def renderer(collection_ids: set[int]) -> Callable[[Claim], Email]:
    """A function that writes the message of a claim; safe to call from worker threads."""
    collections = {
        collection.id: collection
        for collection in session.scalars(
            select(Collection).where(Collection.id.in_(collection_ids))
        )
    }

    def render(claim: Claim) -> Email:
        collection = collections[claim.collection_id]
        link = messages.return_link(claim.return_kind, claim.return_id)
        organisation = messages.organisation_words(
            claim.organisation, claim.force_area_code, claim.return_kind
        )
        deadline = claim.extended_to or collection.deadline
        context = messages.return_fields(organisation, collection, link, deadline)
        days = (deadline - claim.due_on).days
        return messages.render(
            claim.recipient,
            claim.kind,
            languages=messages.languages_for(
                claim.language, messages.is_welsh(claim.force_area_code)
            ),
            name=claim.name,
            days_left=max(days, 0),
            days_overdue=max(-days, 0),
            **context,
        )

    return render


def deliver(report: RunReport, progress: Callable[[int], None] | None = None) -> RunReport:
    """Send the messages report claimed, and record what happened."""
    claimed = report.claimed
    render = renderer({claim.collection_id for claim in claimed})
    report.delivered = delivery.deliver(claimed, render, progress)
    done = report.delivered
    log.info(
        "%s",
        report.summary(),
        extra={"sent": done.sent, "failed": done.failed, "skipped": report.skipped},
    )
    return report


def send_reminders(
    today: date, dry_run: bool = False, progress: Callable[[int], None] | None = None
) -> RunReport:
    """Send every message due today (or, dry run, list them): the `send-reminders` run."""
    if dry_run:
        return plan(today)
    return deliver(claim_due(today), progress)


def tell_now(kind: str, *where: Any, today: date | None = None) -> RunReport:
    """Email kind now to the active users of every organisation whose return matches where
    and is not yet submitted; logged like any reminder, so a failure is retried by the run.

    A message of the same kind already sent about a return today is not sent again.
    """
    today = today or server_today()
    pairs = (
        select(
            Return.id,
            User.id,
            User.email,
            literal(kind),
            literal(today),
            literal(str(MessageStatus.SENDING)),
            literal(1),
        )
        .join(User, User.organisation_id == Return.organisation_id)
        .where(*where, Return.status.in_(EDITABLE_STATUSES), User.active.is_(True))
        .order_by(Return.id, User.id)
    )
    ids = message_log.claim_new(pairs)
    skipped = _count(pairs) - len(ids)
    session.commit()
    return deliver(RunReport(today, claimed=message_log.claims(ids), skipped=skipped))


class ChaseError(Exception):
    """A reminder cannot be sent for this return now; the message says why."""


def send_chase(return_: Return, user: User, today: date | None = None) -> RunReport:
    """Send the organisation a reminder now, on a reviewer's request: at most one a day.

    The chase is claimed in the message log like any reminder (kind `chase`, due today), so a
    second press of the button, or a second reviewer, sends nothing more that day; a chase
    that failed earlier today is tried again.
    """
    today = today or server_today()
    if not return_.collection.is_open or return_.status not in EDITABLE_STATUSES:
        raise ChaseError(
            "You can only send a reminder about a return that has not been submitted, "
            "in a collection that is open"
        )
    pairs = (
        select(
            Return.id,
            User.id,
            User.email,
            literal(CHASE),
            literal(today),
            literal(str(MessageStatus.SENDING)),
            literal(1),
        )
        .join(User, User.organisation_id == Return.organisation_id)
        .where(Return.id == return_.id, User.active.is_(True))
        .order_by(User.id)
    )
    recipients = _count(pairs)
    if recipients == 0:
        raise ChaseError(f"{return_.organisation.name} has no active users to send a reminder to")
    ids = message_log.claim_new(pairs)
    ids += [
        id_
        for id_, _, _ in message_log.reclaim_failed(
            SentMessage.return_id == return_.id,
            SentMessage.kind == CHASE,
            SentMessage.due_on == today,
            SentMessage.user_id.in_(select(User.id).where(User.active.is_(True))),
        )
    ]
    skipped = recipients - len(ids)
    session.commit()
    report = deliver(RunReport(today, claimed=message_log.claims(ids), skipped=skipped))
    audit.record(
        "reminder_sent",
        "return",
        return_.id,
        changes={
            "kind": CHASE,
            "sent": report.delivered.sent,
            "failed": report.delivered.failed + report.delivered.unsent,
            "already_sent_today": report.skipped,
        },
        user=user,
        organisation_id=return_.organisation_id,
        collection_id=return_.collection_id,
    )
    session.commit()
    return report
