"""Submitting a school return: the audit trail, the confirmation and the emailed receipt."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.content.time import date_and_time
from sspcollect.db import session
from sspcollect.models import AuditEvent, MessageStatus, Return, ReturnStatus, Role, SentMessage
from tests.conftest import Outbox
from tests.factories import create_user
from tests.mail import mail_server_down
from tests.pages import get
from tests.returns.school_pages import (
    DECLARED,
    FIGURES,
    answer,
    answer_all,
    form_fields,
    reload,
    school_with_return,
    signed_in_school,
    url,
)


def _complete_and_submit(client: FlaskClient, return_: Return) -> None:
    """Answer every question (no partnership) and press Submit return."""
    answer(client, return_, "has-partnership", {"has_ssp": "no"})
    answer_all(client, return_, FIGURES)
    address = url(return_, "check-your-answers")
    shown = form_fields(client.get(address).get_data(as_text=True))
    response = client.post(address, data={**shown, **DECLARED})
    assert response.status_code == 302
    assert response.headers["Location"] == url(return_, "confirmation")


def test_receipt_goes_to_every_active_user_of_the_school(
    client: FlaskClient, outbox: Outbox
) -> None:
    """Each active colleague gets the receipt naming the school, the collection, the UK time
    and who declared it; no message opens "Dear" with a name that may be a job title."""
    user, return_ = signed_in_school(client)
    colleague = create_user(Role.SCHOOL, org=user.organisation.code)
    departed = create_user(Role.SCHOOL, org=user.organisation.code, active=False)
    other_school, _other_return = school_with_return()
    _complete_and_submit(client, return_)

    assert sorted(str(m["To"]) for m in outbox.messages()) == sorted([user.email, colleague.email])
    assert outbox.to(departed.email) == []
    assert outbox.to(other_school.email) == []
    receipt = outbox.to(colleague.email)[0]
    day = date_and_time(reload(return_).submitted_at)  # type: ignore[arg-type]
    assert receipt["Subject"] == (
        f"Return submitted: {user.organisation.name}, {return_.collection.academic_year}"
    )
    text = receipt.get_body(("plain",)).get_content()
    assert "Dear" not in text
    assert (
        f"The return for {user.organisation.name} in the {return_.collection.title} collection "
        f"was submitted on {day} by Sam Okafor, Headteacher." in text
    )
    html = receipt.get_body(("html",)).get_content()
    assert day in html
    assert f"/returns/{return_.id}/school" in html


def test_submission_is_in_the_audit_trail(client: FlaskClient) -> None:
    """The change of status is recorded with who made it."""
    user, return_ = signed_in_school(client)
    _complete_and_submit(client, return_)
    event = session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "return_submitted", AuditEvent.object_id == str(return_.id)
        )
    ).one()
    assert event.user_id == user.id
    assert event.collection_id == return_.collection_id
    assert event.organisation_id == return_.organisation_id


def test_confirmation_page_says_what_happens_next(client: FlaskClient) -> None:
    """The GOV.UK confirmation panel, the date, and what happens next."""
    _user, return_ = signed_in_school(client)
    _complete_and_submit(client, return_)
    page = get(client, url(return_, "confirmation"))
    assert page.title.startswith("Return submitted")
    panel = page.soup.select_one(".govuk-panel--confirmation")
    assert panel is not None
    assert "Return submitted" in panel.get_text(" ")
    assert return_.collection.title in panel.get_text(" ")
    shown = " ".join(panel.get_text(" ").split())
    assert date_and_time(reload(return_).submitted_at) in shown  # type: ignore[arg-type]
    # The panel is HTML the template wrote, not markup shown as text.
    assert "<br>" not in shown and "&lt;" not in panel.decode_contents()
    assert "What happens next" in page.text
    overview = get(client, url(return_))
    assert "Status Submitted" in overview.text


def test_mail_failure_does_not_undo_the_submission(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    """The receipt is a courtesy: a mail server that is down is logged and the return stays
    submitted; the message log shows the receipt as failed."""
    user, return_ = signed_in_school(client)
    mail_server_down(app)
    with caplog.at_level(logging.ERROR):
        _complete_and_submit(client, return_)
    assert reload(return_).status == ReturnStatus.SUBMITTED
    assert "could not send the submitted receipt" in caplog.text
    assert "Return submitted" in get(client, url(return_, "confirmation")).heading
    logged = session.scalars(select(SentMessage).where(SentMessage.return_id == return_.id)).one()
    assert (logged.recipient, logged.kind) == (user.email, "return_submitted")
    assert logged.status == MessageStatus.FAILED and logged.last_error


def test_receipts_are_in_the_message_log(client: FlaskClient, outbox: Outbox) -> None:
    """Each receipt sent is kept in the log, where the return's message history shows it."""
    user, return_ = signed_in_school(client)
    colleague = create_user(Role.SCHOOL, org=user.organisation.code)
    _complete_and_submit(client, return_)
    logged = session.scalars(
        select(SentMessage)
        .where(SentMessage.return_id == return_.id)
        .order_by(SentMessage.recipient)
    ).all()
    assert sorted((m.recipient, m.kind, m.status) for m in logged) == sorted(
        (email, "return_submitted", MessageStatus.SENT) for email in (user.email, colleague.email)
    )
    assert len(outbox.messages()) == 2
