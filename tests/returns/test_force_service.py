"""The force return's service: which partnerships it concerns, its findings, the frozen register,
and a receipt that fails to send.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from sspcollect.db import database, session
from sspcollect.models import (
    MessageStatus,
    Return,
    ReturnStatus,
    SentMessage,
    SubmittedPartnership,
    SubmittedPartnershipSchool,
)
from sspcollect.returns import force_service
from tests.factories import create_school
from tests.mail import mail_server_down
from tests.returns.factories import create_partnership
from tests.returns.force_steps import complete, force_return, police_user, submit

METROPOLITAN = "E23000001"


def test_a_return_concerns_the_partnerships_that_ran_in_its_academic_year(app: Flask) -> None:
    """202526 runs from 1 September 2025 to 31 August 2026, both days included."""
    inside = [
        create_partnership(start_date=date(2026, 8, 31)),
        create_partnership(start_date=date(2020, 1, 1), end_date=date(2025, 9, 1)),
        create_partnership(start_date=date(2020, 1, 1), end_date=None),
        create_partnership(start_date=date(2025, 10, 1), end_date=date(2026, 2, 1)),
    ]
    create_partnership(start_date=date(2026, 9, 1))
    create_partnership(start_date=date(2020, 1, 1), end_date=date(2025, 8, 31))
    create_partnership(METROPOLITAN, start_date=date(2025, 9, 1))
    return_ = force_return()

    concerned = force_service.concerned_partnerships(return_)

    assert {p.id for p in concerned} == {p.id for p in inside}
    assert force_service.concerned_count(return_) == 4
    assert force_service.academic_year(return_.collection) == (date(2025, 9, 1), date(2026, 8, 31))


def test_findings_follow_the_register_and_keep_explanations(app: Flask) -> None:
    """Refreshing keeps the explanation of a query that remains and drops what no longer applies."""
    cluster = create_partnership(schools=[create_school()], model="cluster")
    return_ = force_return()
    force_service.refresh_findings(return_)
    session.commit()
    query = next(f for f in return_.findings if f.rule_id == "POL-101")
    query.explanation = "The second school closed in July."
    session.commit()

    force_service.refresh_findings(return_)
    session.commit()
    assert next(f for f in return_.findings if f.rule_id == "POL-101").explanation == (
        "The second school closed in July."
    )

    cluster.end_date = date(2025, 8, 31)
    session.commit()
    force_service.refresh_findings(return_)
    session.commit()
    subjects = {f.subject for f in return_.findings}
    assert f"partnership:{cluster.id}" not in subjects
    assert {f.rule_id for f in return_.findings} == {"POL-030", "POL-031"}


def test_the_register_is_frozen_with_one_statement_per_table(app: Flask) -> None:
    """The snapshot copies every concerned partnership and school in bulk, not row by row."""
    schools = [create_school() for _ in range(3)]
    for number in range(12):
        create_partnership(schools=schools[: 1 + number % 3], funding_sources=["vru", "school"])
    create_partnership(start_date=date(2027, 1, 1), schools=schools)
    return_ = force_return()
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    engine = database(app).engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        force_service.snapshot_register(return_)
        session.commit()
    finally:
        event.remove(engine, "before_cursor_execute", count)

    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 2
    frozen = session.scalars(
        select(SubmittedPartnership).where(SubmittedPartnership.return_id == return_.id)
    ).all()
    assert len(frozen) == 12
    assert all(p.funding_sources == ["vru", "school"] for p in frozen)
    links = session.scalars(
        select(SubmittedPartnershipSchool)
        .join(SubmittedPartnership)
        .where(SubmittedPartnership.return_id == return_.id)
    ).all()
    assert len(links) == sum(1 + number % 3 for number in range(12))

    force_service.snapshot_register(return_)
    session.commit()
    again = session.scalars(
        select(SubmittedPartnership).where(SubmittedPartnership.return_id == return_.id)
    ).all()
    assert len(again) == 12


def test_a_receipt_that_cannot_be_sent_does_not_undo_the_submission(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    """The mail server being down is logged, and the log of messages says so; the return
    stays submitted."""
    partnership = create_partnership(schools=[create_school()])
    return_ = force_return()
    user = police_user(client)
    complete(client, return_, [partnership])

    mail_server_down(app)
    with caplog.at_level(logging.ERROR, logger="sspcollect.returns.force_service"):
        submit(client, return_)

    session.expire_all()
    kept = session.get(Return, return_.id)
    assert kept is not None and kept.status == ReturnStatus.SUBMITTED
    assert "submitted receipt not sent" in caplog.text
    logged = session.scalars(select(SentMessage).where(SentMessage.return_id == return_.id)).one()
    assert (logged.recipient, logged.kind) == (user.email, "force_return_submitted")
    assert logged.status == MessageStatus.FAILED
