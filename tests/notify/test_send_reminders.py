"""The `send-reminders` run: the right message on the right day, once, whatever happens."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select, update

from sspcollect.db import session, utcnow
from sspcollect.models import MessageStatus, ReturnStatus, SentMessage
from sspcollect.notify import message_log, reminders
from tests.mail import closed_port, mail_server_down
from tests.notify.conftest import Mailbox
from tests.notify.helpers import make_collection, school_return


def _run(runner: FlaskCliRunner, day: date, *options: str) -> Any:
    """Invoke `sspcollect send-reminders --today day`."""
    return runner.invoke(args=["send-reminders", "--today", day.isoformat(), *options])


def _kind(subject: str) -> str:
    """Which message a subject belongs to."""
    if subject.startswith("Overdue"):
        return "overdue"
    if subject.startswith("Reminder"):
        return "due_soon"
    assert " is open" in subject, subject
    return "collection_opened"


def _log() -> list[tuple[str, str, str]]:
    """(recipient, kind, status) of every logged message."""
    rows = session.execute(
        select(SentMessage.recipient, SentMessage.kind, SentMessage.status).order_by(SentMessage.id)
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_a_simulated_month_sends_the_right_messages_on_the_right_days(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    """Day by day from 25 February to 3 April: each message on its day, none after submission."""
    collection = make_collection()
    _, (late_user,) = school_return(collection, name="Late Primary")
    prompt, (prompt_user,) = school_return(collection, name="Prompt Primary")
    received: dict[str, list[tuple[date, str]]] = {late_user.email: [], prompt_user.email: []}

    day = date(2027, 2, 25)
    while day <= date(2027, 4, 3):
        if day == date(2027, 3, 15):
            prompt.status = ReturnStatus.SUBMITTED
            session.commit()
        before = len(smtp.received)
        result = _run(runner, day)
        assert result.exit_code == 0, result.output
        for item in smtp.received[before:]:
            for address in item.recipients:
                received[address].append((day, _kind(item.subject)))
        again = _run(runner, day)
        assert again.exit_code == 0 and "0 sent" in again.output
        day += timedelta(days=1)

    assert received[late_user.email] == [
        (date(2027, 3, 1), "collection_opened"),
        (date(2027, 3, 5), "due_soon"),
        (date(2027, 3, 12), "due_soon"),
        (date(2027, 3, 17), "due_soon"),
        (date(2027, 3, 22), "overdue"),
        (date(2027, 3, 25), "overdue"),
    ]
    assert received[prompt_user.email] == [
        (date(2027, 3, 1), "collection_opened"),
        (date(2027, 3, 5), "due_soon"),
        (date(2027, 3, 12), "due_soon"),
    ]
    assert len(smtp.received) == 9


def test_a_second_run_the_same_day_sends_nothing_and_says_so(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    """The message log keeps a second run from sending again; the summary counts the skip."""
    collection = make_collection()
    school_return(collection, users=2)

    first = _run(runner, date(2027, 3, 5))
    second = _run(runner, date(2027, 3, 5))

    assert "2 sent, 0 failed, 0 skipped as already sent" in first.output
    assert "0 sent, 0 failed, 2 skipped as already sent" in second.output
    assert len(smtp.received) == 2


def test_a_missed_run_sends_the_latest_message_once(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    """No run between 1 and 14 March: the 14th sends the 12 March reminder, the 15th nothing."""
    collection = make_collection()
    school_return(collection)

    _run(runner, date(2027, 3, 14))
    _run(runner, date(2027, 3, 15))

    (received,) = smtp.received
    assert received.subject.startswith("Reminder:")
    assert session.scalars(select(SentMessage.due_on)).one() == date(2027, 3, 12)


def test_a_user_added_later_gets_the_current_message_only(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    """Someone invited after the 5 March reminder gets it on the next run; the others do not."""
    from tests.factories import create_user

    collection = make_collection()
    return_, (first,) = school_return(collection)
    _run(runner, date(2027, 3, 5))
    newcomer = create_user("school", return_.organisation.code)

    _run(runner, date(2027, 3, 8))

    assert len(smtp.to(first.email)) == 1
    assert len(smtp.to(newcomer.email)) == 1


def test_closed_collections_and_submitted_returns_get_nothing(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    """Only returns that are not submitted, in open collections, are reminded."""
    collection = make_collection()
    closed = make_collection(status="closed")
    for status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED):
        school_return(collection, status=status)
    school_return(closed)
    waiting = [
        school_return(collection, status=status)[1][0].email
        for status in (ReturnStatus.NOT_STARTED, ReturnStatus.IN_PROGRESS, ReturnStatus.RETURNED)
    ]

    _run(runner, date(2027, 3, 5))

    assert sorted(smtp.recipients()) == sorted(waiting)


def test_a_refused_recipient_is_recorded_failed_and_retried_by_the_next_run(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    """550 for one address: the others go, that one is failed, and the next run sends it."""
    collection = make_collection()
    _, people = school_return(collection, users=3)
    refused = people[1].email
    smtp.refuse.add(refused)

    first = _run(runner, date(2027, 3, 5))

    assert first.exit_code == 0
    assert "2 sent, 1 failed" in first.output
    assert sorted(smtp.recipients()) == sorted([people[0].email, people[2].email])
    failed = session.scalars(select(SentMessage).where(SentMessage.recipient == refused)).one()
    assert failed.status == MessageStatus.FAILED
    assert "550" in (failed.last_error or "")

    smtp.refuse.clear()
    second = _run(runner, date(2027, 3, 8))

    assert "1 sent, 0 failed, 2 skipped as already sent" in second.output
    assert sorted(smtp.recipients()) == sorted(person.email for person in people)
    session.refresh(failed)
    assert (failed.status, failed.attempts, failed.last_error) == (MessageStatus.SENT, 2, None)


def test_messages_abandoned_by_a_run_that_died_are_sent_once_an_hour_later(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    """A run stopped after claiming leaves its messages `sending`: a run soon after leaves
    them alone (the first might still be sending), one an hour later sends each once."""
    collection = make_collection()
    _, people = school_return(collection, users=2)
    day = date(2027, 3, 5)
    claimed = reminders.claim_due(day).claimed  # the run dies here, before sending
    session.commit()
    assert len(claimed) == 2
    assert {status for _, _, status in _log()} == {MessageStatus.SENDING}

    soon = _run(runner, day)
    assert soon.exit_code == 0
    assert smtp.received == []
    assert "1 to send" not in soon.output and "0 sent" in soon.output

    an_hour_ago = utcnow() - timedelta(minutes=61)
    session.execute(update(SentMessage).values(claimed_at=an_hour_ago))
    session.commit()
    planned = _run(runner, day, "--dry-run")
    assert all(person.email in planned.output for person in people)
    later = _run(runner, day)
    assert "2 sent, 0 failed" in later.output
    assert sorted(smtp.recipients()) == sorted(person.email for person in people)
    session.expire_all()
    assert {
        (status, attempts)
        for status, attempts in session.execute(select(SentMessage.status, SentMessage.attempts))
    } == {(MessageStatus.SENT, 2)}
    assert _run(runner, day).exit_code == 0
    assert len(smtp.received) == 2


def test_a_failure_replaced_by_a_later_reminder_is_not_retried(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    """If the 5 March reminder failed, the 12 March run sends the 12 March one, not both."""
    collection = make_collection()
    _, (person,) = school_return(collection)
    smtp.refuse.add(person.email)
    _run(runner, date(2027, 3, 5))
    smtp.refuse.clear()

    _run(runner, date(2027, 3, 12))

    assert len(smtp.to(person.email)) == 1
    assert _log() == [
        (person.email, "due_soon", "failed"),
        (person.email, "due_soon", "sent"),
    ]


def test_mail_server_down_exits_non_zero_with_a_summary_and_marks_nothing_sent(
    app: Flask, runner: FlaskCliRunner
) -> None:
    """Connection refused: exit code 1, the summary says so, every claimed message is failed."""
    mail_server_down(app)
    collection = make_collection()
    school_return(collection, users=2)
    school_return(collection)

    result = _run(runner, date(2027, 3, 5))

    assert result.exit_code != 0
    assert "0 sent, 0 failed, 0 skipped as already sent, 3 not sent" in result.output
    assert "mail server is unavailable" in result.output
    statuses = session.scalars(select(SentMessage.status)).all()
    assert statuses == [MessageStatus.FAILED] * 3


def test_messages_not_sent_while_the_server_was_down_go_on_the_next_run(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    """Once the server is back, the next run sends what the failed run could not."""
    collection = make_collection()
    _, people = school_return(collection, users=2)
    working_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = closed_port()
    assert _run(runner, date(2027, 3, 5)).exit_code != 0

    app.config["MAIL_PORT"] = working_port
    result = _run(runner, date(2027, 3, 8))

    assert result.exit_code == 0
    assert sorted(smtp.recipients()) == sorted(person.email for person in people)
    assert {status for _, _, status in _log()} == {"sent"}


def test_dry_run_lists_what_would_go_and_sends_and_records_nothing(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    """--dry-run prints recipient, kind, organisation and collection; the log stays empty."""
    collection = make_collection()
    _, (person,) = school_return(collection, name="Birch Primary")

    result = _run(runner, date(2027, 3, 5), "--dry-run")

    assert result.exit_code == 0
    assert (
        f"{person.email}\tdue_soon\tBirch Primary\tSafer School Partnerships 2026/27"
        in result.output
    )
    assert "1 to send, 0 skipped as already sent" in result.output
    assert smtp.received == []
    assert session.scalar(select(func.count()).select_from(SentMessage)) == 0


def test_dry_run_leaves_out_what_was_already_sent_and_lists_retries(
    app: Flask, runner: FlaskCliRunner, smtp: Mailbox
) -> None:
    """After a run with one failure, a dry run lists only the failed message, to be retried."""
    collection = make_collection()
    _, people = school_return(collection, users=2)
    smtp.refuse.add(people[0].email)
    _run(runner, date(2027, 3, 5))

    result = _run(runner, date(2027, 3, 8), "--dry-run")

    assert people[0].email in result.output
    assert people[1].email not in result.output
    assert "1 to send, 1 skipped as already sent" in result.output


def test_outbox_run_writes_due_reminders_and_a_second_run_writes_nothing(
    app: Flask, runner: FlaskCliRunner, outbox: Any
) -> None:
    """With MAIL_BACKEND=outbox (development), the run writes .eml files, once."""
    collection = make_collection()
    _, (person,) = school_return(collection)

    _run(runner, date(2027, 3, 20))
    _run(runner, date(2027, 3, 20))

    (message,) = outbox.to(person.email)
    assert "Reminder:" in str(message["Subject"])


def test_two_runs_at_the_same_moment_send_each_message_exactly_once(
    app: Flask, smtp: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two servers running the command at once: both claim at the same instant, each message
    reaches the SMTP server once, and together the runs sent each message once."""
    collection = make_collection()
    expected: list[str] = []
    for _ in range(6):
        _, people = school_return(collection, users=3)
        expected += [person.email for person in people]
    both_ready = threading.Barrier(2, timeout=30)
    claim_new = message_log.claim_new

    def claim_together(rows: Any) -> list[int]:
        both_ready.wait()
        return claim_new(rows)

    monkeypatch.setattr(message_log, "claim_new", claim_together)
    reports: list[reminders.RunReport] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with app.app_context():
                reports.append(reminders.send_reminders(date(2027, 3, 5)))
        except BaseException as exc:  # reported below, so a failure is never silent
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(smtp.recipients()) == sorted(expected)
    assert sum(report.delivered.sent for report in reports) == len(expected)
    assert sorted(report.skipped for report in reports)[1] > 0
    assert {status for _, _, status in _log()} == {"sent"}
