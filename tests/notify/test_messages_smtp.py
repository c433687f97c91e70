"""Messages delivered to a real SMTP server on this machine: who gets them and what they say."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from sspcollect.db import session
from sspcollect.models import MessageStatus, Return, ReturnStatus, SentMessage
from sspcollect.notify import messages
from sspcollect.notify.backends import SmtpBackend
from tests.factories import create_user
from tests.notify.conftest import Mailbox
from tests.notify.helpers import force_return, make_collection, school_return


def test_due_soon_reminder_arrives_with_both_bodies_naming_organisation_collection_deadline(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    """The reminder reaches the school's user with subject, plain and HTML bodies and a link."""
    app.config["BASE_URL"] = "https://ssp.example.gov.uk"
    collection = make_collection()
    return_, (user,) = school_return(collection, name="Elm Street Primary")

    result = runner.invoke(args=["send-reminders", "--today", "2027-03-12"])

    assert result.exit_code == 0, result.output
    (received,) = smtp.received
    assert received.recipients == [user.email]
    assert received.sender == app.config["MAIL_FROM"]
    assert received.subject == (
        "Reminder: the return for Elm Street Primary is due by Friday 19 March 2027"
    )
    link = messages.return_link("school", return_.id)
    assert link.startswith("https://ssp.example.gov.uk/") and str(return_.id) in link
    for subtype in ("plain", "html"):
        body = received.body(subtype)
        assert "Elm Street Primary" in body
        assert "Safer School Partnerships 2026/27" in body
        assert "Friday 19 March 2027" in body
        assert "7 days from now" in body
        assert link in body
    assert f'href="{link}"' in received.body("html")
    assert "<p>" not in received.body("plain")


def test_force_reminder_links_to_the_force_return(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    """A police force's users are sent to their force return, not a school page."""
    collection = make_collection()
    return_, user = force_return(collection)

    runner.invoke(args=["send-reminders", "--today", "2027-03-22"])

    (received,) = smtp.to(user.email)
    assert received.subject.startswith("Overdue: the return for West Midlands Police was due on")
    assert messages.return_link("force", return_.id) in received.body("plain")
    assert messages.return_link("force", return_.id) != messages.return_link("school", return_.id)


def test_every_active_user_of_the_organisation_gets_the_reminder_and_inactive_ones_do_not(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    """Reminders go to each active user of the organisation, one message each."""
    collection = make_collection()
    return_, people = school_return(collection, users=2)
    retired = create_user("school", return_.organisation.code, active=False)

    runner.invoke(args=["send-reminders", "--today", "2027-03-01"])

    assert sorted(smtp.recipients()) == sorted(person.email for person in people)
    assert smtp.to(retired.email) == []
    assert all(item.subject.startswith("Safer School Partnerships") for item in smtp.received)


def test_returned_message_carries_the_reviewers_comment_in_both_bodies(
    app: Flask, smtp: Mailbox
) -> None:
    """Returned for amendment: the comment is quoted, and the message is logged as sent."""
    collection = make_collection()
    return_, (user,) = school_return(collection, status=ReturnStatus.RETURNED)
    return_.reviewer_comment = "Attendance of 45% looks like a typing error <check it>"
    session.commit()

    delivery = messages.send_returned(return_)

    assert delivery.sent == [user.email]
    (received,) = smtp.received
    assert received.subject == "Changes needed: the return for Oakfield Primary School"
    assert "Attendance of 45% looks like a typing error <check it>" in received.body("plain")
    assert "typing error &lt;check it&gt;" in received.body("html")
    logged = session.scalars(select(SentMessage).where(SentMessage.return_id == return_.id)).one()
    assert (logged.kind, logged.status, logged.recipient) == ("returned", "sent", user.email)


def test_accepted_message_says_there_is_nothing_more_to_do(app: Flask, smtp: Mailbox) -> None:
    """Accepted: the organisation hears that its return is done."""
    collection = make_collection()
    return_, (user,) = school_return(collection, status=ReturnStatus.ACCEPTED)

    messages.send_accepted(return_)

    (received,) = smtp.to(user.email)
    assert received.subject.startswith("Return accepted: Oakfield Primary School, ")
    assert "nothing more you need to do" in received.body("plain")
    assert "Safer School Partnerships 2026/27" in received.body("html")


def test_a_refused_recipient_does_not_stop_the_others_and_is_logged_failed(
    app: Flask, smtp: Mailbox
) -> None:
    """One address refused with 550: the others are sent, the refusal is kept with its reason."""
    collection = make_collection()
    return_, people = school_return(collection, users=3, status=ReturnStatus.ACCEPTED)
    smtp.refuse.add(people[1].email)

    delivery = messages.send_accepted(return_)

    assert sorted(delivery.sent) == sorted([people[0].email, people[2].email])
    assert "550" in delivery.failed[people[1].email]
    assert sorted(smtp.recipients()) == sorted(delivery.sent)
    statuses = dict(
        session.execute(
            select(SentMessage.recipient, SentMessage.status).where(
                SentMessage.return_id == return_.id
            )
        ).all()
    )
    assert statuses[people[1].email] == MessageStatus.FAILED
    assert statuses[people[0].email] == MessageStatus.SENT


def test_a_second_return_for_amendment_the_same_day_is_sent_too(app: Flask, smtp: Mailbox) -> None:
    """Messages about events are not held back by the log: each event sends its own."""
    collection = make_collection()
    return_, (user,) = school_return(collection, status=ReturnStatus.RETURNED)

    messages.send_returned(return_)
    messages.send_returned(return_)

    assert len(smtp.to(user.email)) == 2
    logged = session.scalars(select(SentMessage).where(SentMessage.return_id == return_.id)).one()
    assert logged.attempts == 2


def test_invitation_goes_through_smtp_with_an_absolute_link(app: Flask, smtp: Mailbox) -> None:
    """The invitation, sent when an account is made, arrives with a link built from BASE_URL."""
    from sspcollect.accounts import service

    app.config["BASE_URL"] = "https://ssp.example.gov.uk"
    assert service.invite(
        service.create_user("new.person@example.org", "New Person", "admin", "DFE")
    )

    (received,) = smtp.to("new.person@example.org")
    assert "You have been invited" in received.subject
    assert "https://ssp.example.gov.uk/" in received.body("plain")
    assert 'href="https://ssp.example.gov.uk/' in received.body("html")


def test_one_smtp_connection_carries_every_message_of_a_backend(app: Flask, smtp: Mailbox) -> None:
    """The SMTP backend opens one connection and reuses it until closed."""
    collection = make_collection()
    return_, people = school_return(collection, users=3)
    with SmtpBackend(app.config) as backend:
        for person in people:
            backend.send(
                messages.render(
                    person.email,
                    "overdue",
                    name=person.name,
                    organisation="X",
                    collection="Y",
                    deadline="Z",
                    link="L",
                )
            )
            connection = backend._connection
        assert connection is backend._connection
    assert backend._connection is None
    assert len(smtp.received) == 3
    assert session.get(Return, return_.id) is not None


def test_names_outside_ascii_arrive_intact_in_subject_and_bodies(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    """A Welsh school name with a circumflex and a curly apostrophe survives the trip."""
    collection = make_collection()
    name = "Ysgol Gymraeg Llwyn-yr-Eos \u2013 St Mary\u2019s C\u00f4r"
    school_return(collection, name=name)

    runner.invoke(args=["send-reminders", "--today", "2027-03-17"])

    (received,) = smtp.received
    assert received.subject == f"Reminder: the return for {name} is due by Friday 19 March 2027"
    assert name in received.body("plain")
    assert name in received.body("html")
    assert "2 days from now" in received.body("plain")
