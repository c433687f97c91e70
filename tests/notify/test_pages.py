"""The reminder schedule page (admins) and a return's messages page (central staff)."""

from __future__ import annotations

from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.db import session
from sspcollect.models import AuditEvent, Collection, MessageStatus, ReturnStatus, Role
from sspcollect.notify import message_log, reminders, schedules
from sspcollect.versioning import StaleEditError
from tests.factories import create_user, sign_in
from tests.mail import mail_server_down
from tests.notify.conftest import Mailbox
from tests.notify.helpers import make_collection, school_return
from tests.pages import get, post


def _schedule_form(collection: Collection, **answers: str) -> dict[str, str]:
    """The schedule form as an admin would post it, from the page's current version."""
    form = {
        "reminder_days_before": "14, 7, 2",
        "overdue_every_days": "3",
        "overdue_max": "2",
        "version": schedules.schedule_version(collection),
    }
    form.update(answers)
    return form


def test_admin_sees_the_dates_a_collection_sends_its_reminders(client: FlaskClient) -> None:
    """The page lists each scheduled message with its date."""
    collection = make_collection()
    sign_in(client, create_user(Role.ADMIN))

    page = get(client, f"/collections/{collection.id}/reminders")

    assert page.heading == "Reminder schedule"
    assert "Friday 5 March 2027 Due soon" in page.text
    assert "Thursday 25 March 2027 Overdue" in page.text
    assert "Monday 1 March 2027 Collection opened" in page.text
    # A message not yet due has no count of sent and failed, which would read as none sent.
    assert "Friday 5 March 2027 Due soon Not due yet" in page.text


def test_admin_changes_the_schedule_and_the_change_is_audited(client: FlaskClient) -> None:
    """Saving new days changes the collection and records who changed what."""
    collection = make_collection()
    admin = create_user(Role.ADMIN)
    sign_in(client, admin)

    page = post(
        client,
        f"/collections/{collection.id}/reminders",
        _schedule_form(collection, reminder_days_before="10, 3", overdue_max="4"),
        follow_redirects=True,
    )

    assert "The reminder schedule has been saved." in page.text
    session.refresh(collection)
    assert (collection.reminder_days_before, collection.overdue_max) == ([10, 3], 4)
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "reminder_schedule_changed")
    ).one()
    assert event.user_id == admin.id and event.collection_id == collection.id
    assert event.changes == {"reminder_days_before": [[14, 7, 2], [10, 3]], "overdue_max": [2, 4]}


def test_unreadable_schedule_is_refused_with_messages_beside_the_fields(
    client: FlaskClient,
) -> None:
    """Words for days, and numbers out of range, each get a clear message; nothing is saved."""
    collection = make_collection()
    sign_in(client, create_user(Role.ADMIN))

    page = post(
        client,
        f"/collections/{collection.id}/reminders",
        _schedule_form(
            collection, reminder_days_before="a week", overdue_every_days="0", overdue_max="x"
        ),
    )

    assert page.errors == [
        "Enter the days before the deadline as whole numbers separated by commas, such as 14, 7, 2",
        "Enter how often to remind while overdue, as a number of days from 1 to 90",
        "Enter the most overdue reminders to send, as a number from 0 to 20",
    ]
    assert page.soup.find("input", {"name": "reminder_days_before"})["value"] == "a week"
    session.refresh(collection)
    assert collection.reminder_days_before == [14, 7, 2]


def test_days_out_of_range_are_refused_and_a_blank_list_is_allowed(client: FlaskClient) -> None:
    """400 days before is refused; no reminder before the deadline (blank) is a valid choice."""
    collection = make_collection()
    sign_in(client, create_user(Role.ADMIN))
    url = f"/collections/{collection.id}/reminders"

    refused = post(client, url, _schedule_form(collection, reminder_days_before="400"))
    assert refused.errors == ["Days before the deadline must each be between 1 and 365"]

    post(client, url, _schedule_form(collection, reminder_days_before=""), expected_status=302)
    session.refresh(collection)
    assert collection.reminder_days_before == []


def test_a_schedule_saved_meanwhile_is_not_overwritten(client: FlaskClient) -> None:
    """Two admins: the second save, made from the older page, is refused and shows the current."""
    collection = make_collection()
    sign_in(client, create_user(Role.ADMIN))
    old = _schedule_form(collection, reminder_days_before="5")
    collection.reminder_days_before = [21]
    session.commit()

    page = post(client, f"/collections/{collection.id}/reminders", old, expected_status=409)

    assert StaleEditError.MESSAGE in page.text
    assert page.soup.find("input", {"name": "reminder_days_before"})["value"] == "21"
    session.refresh(collection)
    assert collection.reminder_days_before == [21]


def test_only_admins_may_change_a_schedule(client: FlaskClient) -> None:
    """Reviewers and schools get 403; an unknown collection is 404."""
    collection = make_collection()
    sign_in(client, create_user(Role.REVIEWER))
    get(client, f"/collections/{collection.id}/reminders", expected_status=403)
    school = client.application.test_client()
    sign_in(school, create_user(Role.SCHOOL))
    get(school, f"/collections/{collection.id}/reminders", expected_status=403)
    admin = client.application.test_client()
    sign_in(admin, create_user(Role.ADMIN))
    get(admin, "/collections/99999/reminders", expected_status=404)


def test_schedule_page_lists_the_messages_that_failed(
    app: Flask, client: FlaskClient, smtp: Mailbox
) -> None:
    """A refused address shows with its organisation, the reason and a link to the return."""
    collection = make_collection()
    return_, (person,) = school_return(collection, name="Ash Primary")
    smtp.refuse.add(person.email)
    reminders.send_reminders(date(2027, 3, 5))
    sign_in(client, create_user(Role.ADMIN))

    page = get(client, f"/collections/{collection.id}/reminders")

    assert "1 message could not be sent" in page.text
    assert person.email in page.text and "550" in page.text
    assert page.soup.find("a", href=f"/returns/{return_.id}/messages").get_text() == "Ash Primary"


def test_reviewer_sees_what_was_sent_about_a_return_and_what_failed(
    app: Flask, client: FlaskClient, smtp: Mailbox
) -> None:
    """The history lists each message, its recipient, and Sent or Failed with the reason."""
    collection = make_collection()
    return_, people = school_return(collection, users=2)
    smtp.refuse.add(people[1].email)
    reminders.send_reminders(date(2027, 3, 1))
    sign_in(client, create_user(Role.REVIEWER))

    page = get(client, f"/returns/{return_.id}/messages")

    assert page.heading == "Messages about this return"
    rows = [row.get_text(" ", strip=True) for row in page.soup.select("tbody tr")]
    assert any(people[0].email in row and "Sent" in row for row in rows)
    assert any(people[1].email in row and "Failed" in row and "550" in row for row in rows)


def test_reviewer_sends_a_reminder_now_at_most_once_a_day(
    app: Flask, client: FlaskClient, smtp: Mailbox
) -> None:
    """The button emails every active user once; pressing it again the same day sends nothing."""
    collection = make_collection(
        opens_on=date(2020, 1, 1), deadline=date(2099, 1, 1), closes_on=date(2099, 2, 1)
    )
    return_, people = school_return(collection, users=2)
    reviewer = create_user(Role.REVIEWER)
    sign_in(client, reviewer)
    url = f"/returns/{return_.id}/messages"

    page = post(client, url, follow_redirects=True)

    assert "Reminder sent to 2 people at Oakfield Primary School." in page.text
    assert sorted(smtp.recipients()) == sorted(person.email for person in people)
    assert all(item.subject.startswith("Reminder: submit the return for") for item in smtp.received)
    again = post(client, url)
    assert again.errors == [
        "A reminder has already been sent to Oakfield Primary School today. "
        "You can send another one tomorrow."
    ]
    assert len(smtp.received) == 2
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "reminder_sent")).first()
    assert event is not None and event.user_id == reviewer.id
    assert event.organisation_id == return_.organisation_id


def test_no_reminder_can_be_sent_about_a_submitted_return(
    client: FlaskClient, smtp: Mailbox
) -> None:
    """The page explains why; a posted form is refused with the same words."""
    collection = make_collection()
    return_, _ = school_return(collection, status=ReturnStatus.SUBMITTED)
    sign_in(client, create_user(Role.REVIEWER))
    url = f"/returns/{return_.id}/messages"

    page = get(client, url)
    assert page.soup.find("button", string=lambda text: "Send a reminder" in (text or "")) is None

    refused = post(client, url, form_url=url)
    assert refused.errors == [
        "You can only send a reminder about a return that has not been submitted, "
        "in a collection that is open"
    ]
    assert smtp.received == []


def test_reminder_now_with_the_mail_server_down_says_so_and_is_retried_later(
    app: Flask, client: FlaskClient
) -> None:
    """Connection refused: the page says the next run will try again; the chase is failed."""
    mail_server_down(app)
    collection = make_collection(
        opens_on=date(2020, 1, 1), deadline=date(2099, 1, 1), closes_on=date(2099, 2, 1)
    )
    return_, _ = school_return(collection)
    sign_in(client, create_user(Role.REVIEWER))

    page = post(client, f"/returns/{return_.id}/messages")

    assert page.errors == [
        "The reminder could not be sent because the mail server is unavailable. "
        "The next reminder run will try again."
    ]
    (logged,) = message_log.history(return_.id)
    assert (logged.kind, logged.status) == ("chase", MessageStatus.FAILED)


def test_school_users_cannot_see_a_returns_messages(client: FlaskClient) -> None:
    """The messages page is for central staff only; an unknown return is 404 for them."""
    collection = make_collection()
    return_, (person,) = school_return(collection)
    sign_in(client, person)
    get(client, f"/returns/{return_.id}/messages", expected_status=403)
    reviewer = client.application.test_client()
    sign_in(reviewer, create_user(Role.REVIEWER))
    get(reviewer, "/returns/99999/messages", expected_status=404)
