"""The force return from start to finish through the pages: task list, register, outcomes,
declaration, check your answers, submission, receipt, and what the force sees afterwards.
"""

from __future__ import annotations

from datetime import date

from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.db import session
from sspcollect.models import (
    AuditEvent,
    PartnershipOutcome,
    Return,
    ReturnStatus,
    SubmittedPartnership,
    SubmittedPartnershipSchool,
)
from tests.conftest import Outbox
from tests.factories import create_school, create_user
from tests.pages import get
from tests.returns.factories import create_partnership
from tests.returns.force_steps import (
    COUNTS,
    FORCE,
    complete,
    force_return,
    give_outcomes,
    outcomes_url,
    police_user,
    send,
    submit,
    task_statuses,
    url,
)


def test_police_home_lists_the_forces_returns_and_links_to_the_register(
    client: FlaskClient,
) -> None:
    """The force's page shows each return with its status and deadline, and the register link."""
    return_ = force_return()
    police_user(client)

    page = get(client, "/police")

    assert "Safer School Partnerships 2025/26" in page.text
    assert "Not started" in page.text
    assert "30 September 2026" in page.text
    assert page.soup.find("a", href=url(return_)) is not None
    assert page.soup.find("a", href="/register") is not None
    # The heading names the force, not its area.
    assert page.soup.h1.get_text(strip=True) == "West Midlands Police"


def test_force_completes_and_submits_its_return(client: FlaskClient, outbox: Outbox) -> None:
    """The whole journey: confirm the register, give outcomes, declare, check and submit."""
    school, other = create_school(name="Oakfield Primary School"), create_school(name="Elm Academy")
    first = create_partnership(schools=[school, other], name="North cluster")
    second = create_partnership(schools=[(school.urn, 2.5)], model="school_based", name="Oak PC")
    return_ = force_return()
    user = police_user(client)
    colleague = create_user("police", FORCE, email="colleague@example.org")

    tasks = task_statuses(get(client, url(return_)))
    assert tasks["Confirm your register"] == "Not yet started"
    assert tasks[f"{first.reference} \u2013 North cluster"] == "Not yet started"
    assert "Make the declaration" not in tasks

    confirmed = send(client, url(return_, "/confirm-register"), {"confirmed": "yes"})
    # Confirming the register leads on to the first partnership's outcomes.
    assert confirmed.response.headers["Location"] == outcomes_url(return_, first)
    give_outcomes(client, return_, first)
    give_outcomes(client, return_, second, COUNTS | {"pupils_engaged": ""})
    tasks = task_statuses(get(client, url(return_)))
    assert tasks["Confirm your register"] == "Completed"
    assert tasks[f"{first.reference} \u2013 North cluster"] == "Completed"
    assert tasks[f"{second.reference} \u2013 Oak PC"] == "In progress"

    give_outcomes(client, return_, second)
    check = get(client, url(return_, "/check-your-answers"))
    assert "Check your answers before submitting your return" in check.heading
    assert "North cluster" in check.text and "Oak PC" in check.text
    assert "Schools they covered 2" in check.text
    assert "250" in check.text
    assert "Before you can submit" not in check.text

    response = submit(client, return_)
    assert response.response.headers["Location"].endswith(url(return_, "/confirmation"))
    confirmation = get(client, url(return_, "/confirmation"))
    assert "Return submitted" in confirmation.text

    session.expire_all()
    kept = session.get(Return, return_.id)
    assert kept is not None and kept.status == ReturnStatus.SUBMITTED
    assert kept.submitted_by_id == user.id
    outcome = session.get(PartnershipOutcome, (return_.id, first.id))
    assert outcome is not None and outcome.pupils_engaged == 250
    frozen = session.scalars(
        select(SubmittedPartnership).where(SubmittedPartnership.return_id == return_.id)
    ).all()
    assert sorted(p.partnership_id for p in frozen) == sorted([first.id, second.id])
    assert {m["To"] for m in outbox.messages()} == {user.email, colleague.email}
    receipt = outbox.to(colleague.email)[0]
    assert receipt["Subject"] == "Return submitted: West Midlands Police, 2025/26"
    body = receipt.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "by Priya Shah, Safer School Partnerships coordinator" in body
    assert "Dear" not in body
    assert url(return_) in receipt.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_nil_return_journey(client: FlaskClient, outbox: Outbox) -> None:
    """A force with no partnership in the year makes a nil return and submits it."""
    create_partnership(start_date=date(2020, 9, 1), end_date=date(2021, 7, 31))
    return_ = force_return()
    police_user(client)

    task = "Tell us whether your force ran any partnerships"
    assert task_statuses(get(client, url(return_)))[task] == "Not yet started"
    send(client, url(return_, "/nil-return"), {"ran_partnerships": "no"})
    assert task_statuses(get(client, url(return_)))[task] == "Completed"
    check = get(client, url(return_, "/check-your-answers"))
    assert "None: your force ran no Safer School Partnerships" in check.text

    submit(client, return_)

    session.expire_all()
    kept = session.get(Return, return_.id)
    assert kept is not None and kept.status == ReturnStatus.SUBMITTED and kept.nil_return
    assert "It is a nil return" in outbox.messages()[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_submit_is_refused_until_the_return_is_ready(client: FlaskClient) -> None:
    """Submitting with errors left shows each of them, and nothing is submitted."""
    partnership = create_partnership(schools=[create_school()])
    return_ = force_return()
    police_user(client)

    page = submit(
        client, return_, expected_status=200, declarant_name=" ", declarant_role="", declared=""
    )

    assert page.errors == [
        "Confirm that your register is complete and up to date",
        f"{partnership.reference} \u2013 {partnership.name}: Give the outcomes for this "
        "partnership",
        "Enter your full name",
        "Enter your job title",
        "Select the box to confirm the declaration",
    ]
    session.expire_all()
    kept = session.get(Return, return_.id)
    assert kept is not None and kept.status != ReturnStatus.SUBMITTED
    assert kept.submitted_at is None


def test_the_submitted_snapshot_does_not_change_when_the_register_does(
    client: FlaskClient,
) -> None:
    """After submission, editing and ending a partnership leaves the return's register as it was."""
    school, added = create_school(name="Oakfield Primary School"), create_school(name="New School")
    partnership = create_partnership(schools=[school], name="North cluster", fte=1)
    return_ = force_return()
    police_user(client)
    complete(client, return_, [partnership])
    submit(client, return_)

    session.refresh(partnership)
    partnership.name = "Renamed cluster"
    partnership.end_date = date(2026, 1, 31)
    partnership.schools[0].days_per_week = 4  # type: ignore[assignment]
    from sspcollect.models import PartnershipSchool

    partnership.schools.append(PartnershipSchool(school_urn=added.urn))
    session.commit()

    for page in (get(client, url(return_)), get(client, url(return_, "/check-your-answers"))):
        assert "North cluster" in page.text
        assert "Renamed cluster" not in page.text
        assert "New School" not in page.text
    frozen = session.scalars(
        select(SubmittedPartnershipSchool.school_urn)
        .join(SubmittedPartnership)
        .where(SubmittedPartnership.return_id == return_.id)
    ).all()
    assert frozen == [school.urn]


def test_a_submitted_return_is_read_only(client: FlaskClient) -> None:
    """Once submitted, the pages no longer offer changes and posts change nothing."""
    partnership = create_partnership(schools=[create_school()])
    return_ = force_return()
    police_user(client)
    complete(client, return_, [partnership])
    loaded = get(client, outcomes_url(return_, partnership))
    submit(client, return_)

    tasks = get(client, url(return_))
    assert tasks.soup.find("a", href=outcomes_url(return_, partnership)) is None
    assert "Submitted" in tasks.text
    check = get(client, url(return_, "/check-your-answers"))
    assert "Your return as submitted" in check.heading
    assert "Change" not in check.text
    assert check.soup.select_one("main form[method=post]") is None

    refused = send(
        client,
        outcomes_url(return_, partnership),
        COUNTS | {"crimes_recorded": "99"},
        expected_status=302,
        loaded=loaded,
    )
    assert refused.response.headers["Location"].endswith(url(return_))
    assert "can no longer be changed" in get(client, url(return_)).text
    get(client, outcomes_url(return_, partnership), expected_status=302)
    session.expire_all()
    outcome = session.get(PartnershipOutcome, (return_.id, partnership.id))
    assert outcome is not None and outcome.crimes_recorded == 12


def test_a_returned_return_shows_the_reviewers_comment_and_can_be_changed(
    client: FlaskClient,
) -> None:
    """A return sent back for amendment shows why, and the force can change it again."""
    partnership = create_partnership(schools=[create_school()])
    return_ = force_return()
    police_user(client)
    complete(client, return_, [partnership])
    submit(client, return_)
    session.refresh(return_)
    return_.status = ReturnStatus.RETURNED
    return_.reviewer_comment = "Crimes recorded look too low for a cluster of this size."
    session.commit()

    page = get(client, url(return_))
    assert "Crimes recorded look too low for a cluster of this size." in page.text
    give_outcomes(client, return_, partnership, COUNTS | {"crimes_recorded": "30"})
    submit(client, return_)
    session.expire_all()
    frozen = session.scalars(
        select(SubmittedPartnership).where(SubmittedPartnership.return_id == return_.id)
    ).all()
    assert len(frozen) == 1


def test_every_save_and_the_submission_are_audited(client: FlaskClient) -> None:
    """Confirming, saving outcomes, declaring and submitting each leave an audit row."""
    partnership = create_partnership(schools=[create_school()])
    return_ = force_return()
    user = police_user(client)
    complete(client, return_, [partnership])
    submit(client, return_)

    events = session.scalars(
        select(AuditEvent).where(AuditEvent.collection_id == return_.collection_id)
    ).all()
    actions = [e.action for e in events]
    assert actions == ["register_confirmed", "outcomes_saved", "return_submitted"]
    assert all(
        e.user_id == user.id and e.organisation_id == return_.organisation_id for e in events
    )
    saved = events[1]
    assert saved.changes is not None
    assert saved.changes["crimes_recorded"] == [None, 12]
    assert saved.changes["pupils_engaged"] == [None, 250]


def test_a_returned_return_asks_again_for_a_register_changed_since(client: FlaskClient) -> None:
    """Sent back, then the register changed: "Confirm your register" is in progress, not
    Completed from the earlier round, and the question says why it is asked again."""
    partnership = create_partnership(schools=[create_school()])
    return_ = force_return()
    police_user(client)
    complete(client, return_, [partnership])
    submit(client, return_)
    session.refresh(return_)
    return_.status = ReturnStatus.RETURNED
    return_.reviewer_comment = "Please add the partnership that started in March."
    session.commit()
    assert task_statuses(get(client, url(return_)))["Confirm your register"] == "Completed"

    partnership.name = "Renamed after the return came back"
    session.commit()

    tasks = task_statuses(get(client, url(return_)))
    assert tasks["Confirm your register"] == "In progress"
    question = get(client, url(return_, "/confirm-register"))
    assert "Your register has changed since you last confirmed it" in question.text
    send(client, url(return_, "/confirm-register"), {"confirmed": "yes"})
    assert task_statuses(get(client, url(return_)))["Confirm your register"] == "Completed"
