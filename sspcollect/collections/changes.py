"""Changing a collection once made: a draft's details, an open collection's dates, one
organisation's deadline, and reopening a closed collection.

Every change is recorded in the audit trail with the reason given, and the organisations it
concerns are emailed at once (through the message log, so a failed email is retried by the
next reminder run).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select, update

from sspcollect import audit
from sspcollect.collections.periods import long_date, uk_today
from sspcollect.collections.service import (
    FIELD_ORDER,
    CollectionDetails,
    CollectionError,
    InvalidCollectionError,
    collection_problems,
    collection_year,
    outcomes_period,
    period_after_deadline,
)
from sspcollect.db import session, utcnow
from sspcollect.models import AuditEvent, Collection, CollectionStatus, Return, User
from sspcollect.notify import reminders
from sspcollect.validation.values import Invalid

REASON_LIMIT = 500
NO_REASON = "Enter the reason for the change"
REASON_TOO_LONG = f"The reason must be {REASON_LIMIT} characters or fewer"


def _reason_problem(reason: str) -> str | None:
    """Why a reason cannot be kept, or None."""
    if not reason.strip():
        return NO_REASON
    if len(reason.strip()) > REASON_LIMIT:
        return REASON_TOO_LONG
    return None


def update_draft(collection: Collection, details: CollectionDetails, user: User) -> None:
    """Change every detail of a draft collection, or raise InvalidCollectionError. Commits."""
    if collection.status != CollectionStatus.DRAFT:
        raise CollectionError("Only a draft collection can be changed in full")
    problems = collection_problems(details, collection)
    if problems:
        raise InvalidCollectionError(problems)
    year, period = collection_year(details.time_period, collection), outcomes_period(details)
    assert not isinstance(year, str) and not isinstance(period, str)
    before = _details_of(collection)
    collection.title = details.title.strip()
    collection.time_period = year.time_period
    collection.period_start, collection.period_end = period.start, period.end
    for name in ("reference_date", "opens_on", "deadline", "closes_on"):
        setattr(collection, name, getattr(details, name))
    collection.reminder_days_before = list(details.reminder_days_before)  # type: ignore[arg-type]
    collection.overdue_every_days = details.overdue_every_days  # type: ignore[assignment]
    collection.overdue_max = details.overdue_max  # type: ignore[assignment]
    audit.record(
        "collection_changed",
        "collection",
        collection.id,
        changes=audit.differences(before, _details_of(collection)),
        user=user,
        collection_id=collection.id,
    )
    session.commit()


def _details_of(collection: Collection) -> dict[str, object]:
    """A collection's details as the audit trail keeps them."""
    return {
        "title": collection.title,
        "time_period": collection.time_period,
        "period_start": collection.period_start,
        "period_end": collection.period_end,
        "reference_date": collection.reference_date,
        "opens_on": collection.opens_on,
        "deadline": collection.deadline,
        "closes_on": collection.closes_on,
        "reminder_days_before": list(collection.reminder_days_before or []),
        "overdue_every_days": collection.overdue_every_days,
        "overdue_max": collection.overdue_max,
    }


def delete_draft(collection: Collection, user: User) -> None:
    """Delete a draft collection made by mistake; the audit trail keeps what it was. Commits."""
    session.refresh(collection, with_for_update=True)
    if collection.status != CollectionStatus.DRAFT:
        session.rollback()
        raise CollectionError("Only a draft collection can be deleted")
    returns = session.scalar(
        select(func.count()).select_from(Return).where(Return.collection_id == collection.id)
    )
    if returns:
        session.rollback()
        raise CollectionError("This collection has returns, so it cannot be deleted")
    kept = {name: audit.jsonable(value) for name, value in _details_of(collection).items()}
    # The events about the draft stay in the trail; they no longer point at a collection.
    session.execute(
        update(AuditEvent)
        .where(AuditEvent.collection_id == collection.id)
        .values(collection_id=None)
    )
    audit.record(
        "collection_deleted",
        "collection",
        collection.id,
        changes=kept,
        comment=f"The draft {collection.academic_year} collection \u201c{collection.title}\u201d "
        "was deleted.",
        user=user,
    )
    session.execute(delete(Collection).where(Collection.id == collection.id))
    session.commit()


@dataclass
class NewDates:
    """The dates an admin gives an open collection, and why."""

    reference_date: date | Invalid | None
    opens_on: date | Invalid | None
    deadline: date | Invalid | None
    closes_on: date | Invalid | None
    reason: str


def _dates_problems(collection: Collection, dates: NewDates) -> dict[str, str]:
    """Missing or unreadable dates, dates out of order, a period not ended, no reason."""
    details = CollectionDetails(
        title=collection.title,
        time_period=collection.academic_year,
        reference_date=dates.reference_date,
        opens_on=dates.opens_on,
        deadline=dates.deadline,
        closes_on=dates.closes_on,
        outcomes_year=collection.outcomes_year.label,
    )
    problems = {
        name: message
        for name, message in collection_problems(details, collection).items()
        if name in {"reference_date", "opens_on", "deadline", "closes_on"}
    }
    if isinstance(dates.deadline, date) and collection.period_end > dates.deadline:
        problems.setdefault(
            "deadline", period_after_deadline(collection.outcomes_year, dates.deadline)
        )
    reason = _reason_problem(dates.reason)
    if reason:
        problems["reason"] = reason
    order = (*FIELD_ORDER, "reason")
    return {name: problems[name] for name in order if name in problems}


def change_dates(collection: Collection, dates: NewDates, user: User) -> reminders.RunReport | None:
    """Move the dates of an open collection, record why and email its organisations.

    Raises InvalidCollectionError listing every problem. Returns what was emailed (None
    when no date changed). Commits.
    """
    if collection.status != CollectionStatus.OPEN:
        raise CollectionError("Only an open collection's dates can be moved")
    problems = _dates_problems(collection, dates)
    if problems:
        raise InvalidCollectionError(problems)
    names = ("reference_date", "opens_on", "deadline", "closes_on")
    before = {name: getattr(collection, name) for name in names}
    after = {name: getattr(dates, name) for name in names}
    changes = audit.differences(before, after)
    if not changes:
        return None
    for name, value in after.items():
        setattr(collection, name, value)
    audit.record(
        "collection_dates_changed",
        "collection",
        collection.id,
        changes=changes,
        comment=dates.reason.strip(),
        user=user,
        collection_id=collection.id,
    )
    session.commit()
    return reminders.tell_now(reminders.DATES_CHANGED, Return.collection_id == collection.id)


def extend_deadline(
    return_: Return, new_deadline: date | Invalid | None, reason: str, user: User
) -> reminders.RunReport:
    """Give one organisation until new_deadline; record why and email it. Commits.

    The new deadline falls after the collection's and no later than its closing date.
    """
    collection = return_.collection
    problems: dict[str, str] = {}
    if new_deadline is None:
        problems["deadline"] = "Enter the new deadline"
    elif isinstance(new_deadline, Invalid):
        problems["deadline"] = "The new deadline must be a real date, such as 15 1 2027"
    elif new_deadline <= collection.deadline:
        problems["deadline"] = (
            f"The new deadline must be after the collection\u2019s deadline of "
            f"{long_date(collection.deadline)}"
        )
    elif new_deadline > collection.closes_on:
        problems["deadline"] = (
            f"The new deadline must be on or before the closing date, "
            f"{long_date(collection.closes_on)}"
        )
    reason_problem = _reason_problem(reason)
    if reason_problem:
        problems["reason"] = reason_problem
    if not collection.is_open:
        raise CollectionError("A deadline can only be extended while the collection is open")
    if problems:
        raise InvalidCollectionError(problems)
    assert isinstance(new_deadline, date)
    audit.record(
        "deadline_extended",
        "return",
        return_.id,
        changes={"deadline": [audit.jsonable(return_.deadline), new_deadline.isoformat()]},
        comment=reason.strip(),
        user=user,
        organisation_id=return_.organisation_id,
        collection_id=collection.id,
    )
    return_.deadline_extended_to = new_deadline
    session.commit()
    return reminders.tell_now(reminders.DEADLINE_EXTENDED, Return.id == return_.id)


def reopen_collection(
    collection: Collection, closes_on: date | Invalid | None, reason: str, user: User
) -> reminders.RunReport:
    """Reopen a closed collection until closes_on; record why and email its organisations.

    Returns already submitted stay submitted; the others can be made again. Commits.
    """
    if collection.status != CollectionStatus.CLOSED:
        raise CollectionError("Only a closed collection can be reopened")
    problems: dict[str, str] = {}
    if closes_on is None:
        problems["closes_on"] = "Enter the new closing date"
    elif isinstance(closes_on, Invalid):
        problems["closes_on"] = "The new closing date must be a real date, such as 31 1 2027"
    elif closes_on < uk_today():
        problems["closes_on"] = "The new closing date must be today or later"
    reason_problem = _reason_problem(reason)
    if reason_problem:
        problems["reason"] = reason_problem
    if problems:
        raise InvalidCollectionError(problems)
    assert isinstance(closes_on, date)
    audit.record(
        "collection_reopened",
        "collection",
        collection.id,
        changes={
            "status": [str(CollectionStatus.CLOSED), str(CollectionStatus.OPEN)],
            "closes_on": [collection.closes_on.isoformat(), closes_on.isoformat()],
        },
        comment=reason.strip(),
        user=user,
        collection_id=collection.id,
    )
    collection.status = CollectionStatus.OPEN
    collection.closes_on = closes_on
    collection.closed_at = None
    collection.opened_at = collection.opened_at or utcnow()
    session.commit()
    return reminders.tell_now(reminders.COLLECTION_REOPENED, Return.collection_id == collection.id)


def details_of(collection: Collection) -> CollectionDetails:
    """A collection's details as the create form shows them, for changing a draft."""
    return CollectionDetails(
        title=collection.title,
        time_period=collection.academic_year,
        outcomes_year=collection.outcomes_year.label,
        reference_date=collection.reference_date,
        opens_on=collection.opens_on,
        deadline=collection.deadline,
        closes_on=collection.closes_on,
        reminder_days_before=list(collection.reminder_days_before or []),
        overdue_every_days=collection.overdue_every_days,
        overdue_max=collection.overdue_max,
    )
