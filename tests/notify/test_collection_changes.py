"""Admins change collections as scheduled: a draft changed or deleted, an open collection's
dates moved, one organisation's deadline extended, a closed collection reopened. Each is
recorded with its reason, and the organisations are told by email through a real SMTP server.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.collections.periods import uk_today
from sspcollect.db import session
from sspcollect.models import AuditEvent, Collection, CollectionStatus, Return, ReturnStatus, Role
from sspcollect.notify.reminders import send_reminders
from tests.factories import create_user, sign_in
from tests.notify.conftest import Mailbox
from tests.notify.helpers import make_collection, school_return
from tests.pages import Page, get, post


def _admin(client: FlaskClient) -> None:
    """Sign in as an admin."""
    sign_in(client, create_user(Role.ADMIN))


def _dates(name: str, day: date) -> dict[str, str]:
    """The three boxes of a date input."""
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def _event(action: str) -> AuditEvent:
    """The one audit event of action."""
    return session.scalars(select(AuditEvent).where(AuditEvent.action == action)).one()


def _send(client: FlaskClient, path: str, data: dict[str, Any], status: int = 302) -> Page:
    """Post a form of the collection pages."""
    return post(client, path, data, expected_status=status)


def test_a_draft_can_be_changed_and_deleted(client: FlaskClient) -> None:
    """A draft made by mistake is put right, then deleted; the audit trail keeps both."""
    _admin(client)
    collection = make_collection(status=CollectionStatus.DRAFT)
    view = get(client, f"/collections/{collection.id}")
    assert "Change details" in view.text and "Delete draft" in view.text
    form = get(client, f"/collections/{collection.id}/change")
    assert form.soup.find("input", {"name": "title"})["value"] == collection.title
    data = {
        "title": "Safer School Partnerships, corrected",
        "time_period": "2031 to 2032",
        "outcomes_year": "2030/31",
        **_dates("reference_date", date(2031, 10, 1)),
        **_dates("opens_on", date(2031, 11, 3)),
        **_dates("deadline", date(2031, 12, 12)),
        **_dates("closes_on", date(2032, 1, 16)),
        "reminder_days_before": "7",
        "overdue_every_days": "7",
        "overdue_max": "1",
    }
    _send(client, f"/collections/{collection.id}/change", data)
    session.expire_all()
    changed = session.get(Collection, collection.id)
    assert changed is not None and changed.time_period == "203132"
    assert changed.period_words == "1 September 2030 to 31 August 2031"
    assert _event("collection_changed").changes["title"][1] == data["title"]

    collection_id = collection.id
    _send(client, f"/collections/{collection_id}/delete", {})
    session.expire_all()
    assert session.scalar(select(Collection.id).where(Collection.id == collection_id)) is None
    deleted = _event("collection_deleted")
    assert deleted.changes["title"] == data["title"]
    assert "was deleted" in (deleted.comment or "")


def test_moving_an_open_collections_dates_is_checked_recorded_and_emailed(
    client: FlaskClient, smtp: Mailbox
) -> None:
    """Dates out of order and no reason are refused; then each organisation is told."""
    _admin(client)
    collection = make_collection()
    _return, (user,) = school_return(collection)
    _submitted, (done,) = school_return(collection, status=ReturnStatus.SUBMITTED, name="Elm")
    path = f"/collections/{collection.id}/dates"
    later = date(2027, 4, 2)
    refused = _send(
        client,
        path,
        {
            **_dates("reference_date", collection.reference_date),
            **_dates("opens_on", collection.opens_on),
            **_dates("deadline", later),
            **_dates("closes_on", date(2027, 3, 31)),
            "reason": "",
        },
        status=200,
    )
    assert refused.errors == [
        "The closing date must be the same as or after the deadline",
        "Enter the reason for the change",
    ]
    assert smtp.received == []

    _send(
        client,
        path,
        {
            **_dates("reference_date", collection.reference_date),
            **_dates("opens_on", collection.opens_on),
            **_dates("deadline", later),
            **_dates("closes_on", date(2027, 4, 30)),
            "reason": "The schools census moved by two weeks.",
        },
    )
    event = _event("collection_dates_changed")
    assert event.comment == "The schools census moved by two weeks."
    assert event.changes["deadline"] == ["2027-03-19", "2027-04-02"]
    (received,) = smtp.received
    assert received.recipients == [user.email]
    assert received.subject == f"The dates of the {collection.title} collection have changed"
    assert "the return is due by Friday 2 April 2027" in received.body("plain")
    assert "the collection closes on Friday 30 April 2027" in received.body("plain")
    assert done.email not in smtp.recipients()


def test_one_organisation_gets_a_later_deadline_that_its_reminders_follow(
    client: FlaskClient, smtp: Mailbox
) -> None:
    """The extension is recorded, emailed, shown on the return, and moves its reminders."""
    _admin(client)
    collection = make_collection(opens_on=date(2026, 3, 1))
    extended, (late,) = school_return(collection, name="Cedar Primary")
    _other, (on_time,) = school_return(collection, name="Ash Primary")
    path = f"/collections/returns/{extended.id}/extend"
    too_late = _send(
        client,
        path,
        {**_dates("deadline", date(2027, 4, 30)), "reason": "Illness"},
        status=200,
    )
    assert too_late.errors == [
        "The new deadline must be on or before the closing date, 31 March 2027"
    ]
    _send(
        client,
        path,
        {**_dates("deadline", date(2027, 3, 26)), "reason": "The business manager was ill."},
    )
    assert _event("deadline_extended").comment == "The business manager was ill."
    (told,) = smtp.received
    assert told.recipients == [late.email]
    assert told.subject == "Cedar Primary has until Friday 26 March 2027 to make its return"
    session.expire_all()
    assert session.get(Return, extended.id).deadline == date(2027, 3, 26)  # type: ignore[union-attr]

    school = client.application.test_client()
    sign_in(school, late)
    overview = get(school, f"/returns/{extended.id}/school")
    assert "26 March 2027 (extended for your school)" in overview.text

    # On 22 March the others are overdue; the extended school is reminded it is due soon.
    smtp.received.clear()
    send_reminders(date(2027, 3, 22))
    subjects = {item.recipients[0]: item.subject for item in smtp.received}
    assert subjects[on_time.email].startswith("Overdue:")
    assert subjects[late.email].startswith("Reminder:")
    assert "due by Friday 26 March 2027" in subjects[late.email]


def test_a_closed_collection_is_reopened_with_a_reason_and_organisations_told(
    client: FlaskClient, smtp: Mailbox
) -> None:
    """Unsubmitted returns can be made again; the reason is kept; the organisations emailed."""
    _admin(client)
    collection = make_collection(status=CollectionStatus.CLOSED, opens_on=date(2026, 3, 1))
    waiting, (user,) = school_return(collection)
    path = f"/collections/{collection.id}/reopen"
    refused = _send(client, path, {**_dates("closes_on", uk_today()), "reason": " "}, 200)
    assert refused.errors == ["Enter the reason for the change"]
    until = uk_today() + timedelta(days=14)
    _send(client, path, {**_dates("closes_on", until), "reason": "Three forces lost power."})
    session.expire_all()
    reopened = session.get(Collection, collection.id)
    assert reopened is not None and reopened.status == CollectionStatus.OPEN
    assert reopened.closes_on == until
    assert _event("collection_reopened").comment == "Three forces lost power."
    (received,) = smtp.received
    assert received.recipients == [user.email]
    assert received.subject == f"The {collection.title} collection has reopened"
    assert session.get(Return, waiting.id).is_editable  # type: ignore[union-attr]
