"""The copy of a return to keep, as a page and as a PDF, in the reader's language."""

from __future__ import annotations

from flask.testing import FlaskClient

from sspcollect.models import Role
from tests.conftest import Outbox
from tests.factories import create_user
from tests.pages import Page
from tests.returns.pdf_text import pdf_text
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

LOW_ATTENDANCE = {
    **FIGURES,
    "pupils-and-attendance": {**FIGURES["pupils-and-attendance"], "attendance_percent": "80"},
}


def _submitted_in_welsh(client: FlaskClient, colleague_language: str | None = None) -> int:
    """A school reading in Welsh answers (with a query explained) and submits; the return.

    colleague_language: give the school a second user who reads in that language.
    """
    user, return_ = signed_in_school(client)
    if colleague_language:
        create_user(
            Role.SCHOOL,
            org=str(user.organisation.school_urn),
            email="colleague@school.example",
            language=colleague_language,
        )
    client.get("/?lang=cy")
    answer(client, return_, "has-partnership", {"has_ssp": "no"})
    answer_all(client, return_, LOW_ATTENDANCE)
    address = url(return_, "check-your-answers")
    shown = client.get(address).get_data(as_text=True)
    finding = next(f for f in reload(return_).findings if f.rule_id == "SCH-101")
    data = {**form_fields(shown), **DECLARED, f"explanation-{finding.id}": "Salwch y gaeaf."}
    assert client.post(address, data=data).status_code == 302
    return return_.id


def test_the_welsh_pdf_is_written_in_welsh(client: FlaskClient) -> None:
    return_id = _submitted_in_welsh(client)
    response = client.get(f"/returns/{return_id}/copy.pdf")
    assert response.status_code == 200
    text = " ".join(pdf_text(response.get_data()).split())
    for welsh in (
        "Statws Wedi\u2019i chyflwyno",
        "Ymholiadau a\u2019r atebion a roddwyd",
        "Pam roedd presenoldeb cyffredinol o dan 85%?",
        "Mae presenoldeb cyffredinol o 80% yn is nag yn y rhan fwyaf o ysgolion",
        "Ateb: Salwch y gaeaf.",
        "Gwnaed y copi hwn ar",
        "Tudalen 1",
    ):
        assert welsh in text, (welsh, text)
    for english in ("Queries and the answers given", "This copy was made on", "Status"):
        assert english not in text

    # The same return, read in English, is in English: the answers are the same.
    english = " ".join(pdf_text(client.get(f"/returns/{return_id}/copy.pdf?lang=en").data).split())
    assert "Why was overall attendance below 85%?" in english
    assert "Answer: Salwch y gaeaf." in english
    assert "This copy was made on" in english


def test_the_welsh_copy_page_is_written_in_welsh(client: FlaskClient) -> None:
    return_id = _submitted_in_welsh(client)
    page = Page(client.get(f"/returns/{return_id}/copy"))
    assert page.soup.html is not None and page.soup.html["lang"] == "cy"
    main = page.soup.select_one("main")
    assert main is not None and main.get("lang") != "en"
    for welsh in (
        "Llwytho i lawr fel PDF",
        "Ymholiadau a\u2019r atebion a roddwyd",
        "Pam roedd presenoldeb cyffredinol o dan 85%?",
        "Ateb: Salwch y gaeaf.",
    ):
        assert welsh in page.text, welsh


def test_each_receipt_carries_the_copy_in_its_readers_language(
    client: FlaskClient, outbox: Outbox
) -> None:
    """Submitted in Welsh, the receipt's PDF is in Welsh for the submitter and in English for a
    colleague who reads in English; each message says the copy is attached."""
    _submitted_in_welsh(client, colleague_language="en")
    copies = {}
    for message in outbox.messages():
        [attachment] = list(message.iter_attachments())
        assert attachment.get_content_type() == "application/pdf"
        text = " ".join(pdf_text(attachment.get_content()).split())
        copies[str(message["To"])] = (message.get_body(("plain",)).get_content(), text)
    body, text = copies["colleague@school.example"]
    assert "This copy was made on" in text and "Gwnaed y copi hwn ar" not in text
    assert "A copy of the return is attached to this email as a PDF" in body
    [(body, text)] = [copy for to, copy in copies.items() if to != "colleague@school.example"]
    assert "Gwnaed y copi hwn ar" in text and "This copy was made on" not in text
