"""A submitted return can be kept (a page to print, a PDF, the PDF with the receipt) and
withdrawn to change it until a reviewer opens it; each withdrawal is recorded and emailed."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.db import session
from sspcollect.models import AuditEvent, Return, ReturnStatus, Role
from tests.conftest import Outbox
from tests.factories import create_school, create_user, sign_in
from tests.pages import get
from tests.returns.factories import create_partnership
from tests.returns.force_steps import complete, force_return, police_user, submit
from tests.returns.force_steps import url as force_url
from tests.returns.school_pages import (
    DECLARED,
    FIGURES,
    answer,
    answer_all,
    form_fields,
    reload,
    signed_in_school,
    url,
)

WITHDRAW_BUTTON = "Withdraw your return"


def _submitted_school(client: FlaskClient) -> Return:
    """A school signed in on client, whose return (no partnership) is submitted."""
    _user, return_ = signed_in_school(client)
    answer(client, return_, "has-partnership", {"has_ssp": "no"})
    answer_all(client, return_, FIGURES)
    address = url(return_, "check-your-answers")
    shown = form_fields(client.get(address).get_data(as_text=True))
    assert client.post(address, data={**shown, **DECLARED}).status_code == 302
    return reload(return_)


def _withdraw(client: FlaskClient, return_: Return, expected: int = 302) -> str:
    """Press the withdraw button on the withdraw page as it is shown now; the page after."""
    address = f"/returns/{return_.id}/withdraw"
    page = client.get(address).get_data(as_text=True)
    response = client.post(address, data=form_fields(page))
    assert response.status_code == expected, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def test_a_school_withdraws_its_submitted_return_and_everyone_is_told(
    client: FlaskClient, outbox: Outbox
) -> None:
    """The confirmation offers withdrawal; withdrawing makes the return changeable again,
    is in the audit trail, and is emailed to the school's users."""
    return_ = _submitted_school(client)
    confirmation = get(client, url(return_, "confirmation"))
    link = confirmation.soup.find("a", string="Withdraw your return to change it")
    assert link is not None and link["href"] == f"/returns/{return_.id}/withdraw"
    receipts = len(outbox.messages())

    _withdraw(client, return_)

    kept = reload(return_)
    assert kept.status == ReturnStatus.IN_PROGRESS and kept.submitted_at is None
    assert kept.is_editable
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "return_withdrawn"))
    assert event is not None and event.changes == {"status": ["submitted", "in_progress"]}
    [email] = outbox.messages()[receipts:]
    assert email["Subject"].startswith("Return withdrawn: ")
    body = email.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "withdrew the return" in body and "Submit it again by" in body
    overview = get(client, url(return_))
    assert "Your return has been withdrawn" in overview.text


def test_a_return_a_reviewer_has_opened_cannot_be_withdrawn(client: FlaskClient) -> None:
    """Once central staff open the return, withdrawing is refused and the page says why."""
    return_ = _submitted_school(client)
    reviewer = create_user(Role.REVIEWER, "DFE")
    other = client.application.test_client()
    sign_in(other, reviewer)
    get(other, f"/review/returns/{return_.id}")
    assert reload(return_).review_opened_at is not None

    page = get(client, f"/returns/{return_.id}/withdraw")
    assert "started to review your return" in page.text
    assert page.soup.find("button", string=lambda s: s and WITHDRAW_BUTTON in s) is None
    _withdraw_refused = client.post(f"/returns/{return_.id}/withdraw", data=form_fields(page.html))
    assert _withdraw_refused.status_code == 409
    assert reload(return_).status == ReturnStatus.SUBMITTED
    confirmation = get(client, url(return_, "confirmation"))
    assert "Withdraw your return" not in confirmation.text


def test_another_schools_return_cannot_be_withdrawn_or_copied(client: FlaskClient) -> None:
    """Another organisation's return answers 404 for the copy, the PDF and withdrawal."""
    return_ = _submitted_school(client)
    stranger = client.application.test_client()
    sign_in(stranger, create_user(Role.SCHOOL))
    for path in ("copy", "copy.pdf", "withdraw"):
        assert stranger.get(f"/returns/{return_.id}/{path}").status_code == 404
    assert reload(return_).status == ReturnStatus.SUBMITTED


def test_the_copy_to_keep_shows_every_answer_and_the_declaration(client: FlaskClient) -> None:
    """The print page lists the answers, the period, who declared it, and offers the PDF."""
    return_ = _submitted_school(client)
    page = get(client, f"/returns/{return_.id}/copy")
    assert page.heading == return_.organisation.name
    for words in (
        "Pupils on roll 420",
        "Overall attendance 95.5%",
        "Declared by Sam Okafor, Headteacher",
        "Download as a PDF",
    ):
        assert words in page.text
    assert page.soup.find("a", href=f"/returns/{return_.id}/copy.pdf") is not None


def test_the_pdf_is_a_real_pdf_with_the_answers_in_it(client: FlaskClient) -> None:
    """The PDF opens as a PDF and holds the school's name and figures as text."""
    return_ = _submitted_school(client)
    response = client.get(f"/returns/{return_.id}/copy.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_data()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(data) > 5_000


def test_the_receipt_carries_the_pdf(client: FlaskClient, outbox: Outbox) -> None:
    """Each user's receipt has the copy attached as a PDF, and says so."""
    _submitted_school(client)
    [receipt] = outbox.messages()
    attachments = list(receipt.iter_attachments())
    assert len(attachments) == 1
    assert attachments[0].get_content_type() == "application/pdf"
    assert attachments[0].get_content().startswith(b"%PDF-")
    assert "attached to this email as a PDF" in receipt.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_a_force_withdraws_and_its_register_is_live_again(
    client: FlaskClient, outbox: Outbox
) -> None:
    """A withdrawn force return shows the live register again and can be submitted again."""
    partnership = create_partnership(schools=[create_school()])
    return_ = force_return()
    police_user(client)
    complete(client, return_, [partnership])
    submit(client, return_)
    task_list = get(client, force_url(return_))
    assert "Withdraw your return to change it" in task_list.text

    _withdraw(client, return_)

    kept = reload(return_)
    assert kept.status == ReturnStatus.IN_PROGRESS
    check = get(client, force_url(return_, "/check-your-answers"))
    assert "Check your answers before submitting your return" in check.heading
    submit(client, return_)
    assert reload(return_).status == ReturnStatus.SUBMITTED
