"""Each submission records the language it was made in; the answers are the same in either,
and reviewers read the language in words on the return's page."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from sspcollect.db import session
from sspcollect.models import Return, Role
from sspcollect.returns.school_service import answer_values
from tests.factories import create_user, sign_in
from tests.pages import Page, get
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


def _complete_and_submit(client: FlaskClient, language: str) -> int:
    """A school answers every question and submits, reading the service in language."""
    _user, return_ = signed_in_school(client)
    client.get(f"/?lang={language}")
    answer(client, return_, "has-partnership", {"has_ssp": "no"})
    answer_all(client, return_, FIGURES)
    address = url(return_, "check-your-answers")
    shown = form_fields(client.get(address).get_data(as_text=True))
    response = client.post(address, data={**shown, **DECLARED})
    assert response.status_code == 302, response.status_code
    return return_.id


def test_a_return_records_the_language_it_was_submitted_in(app: Flask) -> None:
    welsh_id = _complete_and_submit(app.test_client(), "cy")
    english_id = _complete_and_submit(app.test_client(), "en")
    welsh, english = session.get(Return, welsh_id), session.get(Return, english_id)
    assert welsh is not None and english is not None
    assert reload(welsh).language == "cy"
    assert reload(english).language == "en"
    # The answers are the same data whichever language they were given in.
    assert answer_values(welsh) == answer_values(english)

    reviewer = app.test_client()
    sign_in(reviewer, create_user(Role.REVIEWER))
    assert _submitted_in(get(reviewer, f"/review/returns/{welsh_id}")) == "Welsh"
    assert _submitted_in(get(reviewer, f"/review/returns/{english_id}")) == "English"


def _submitted_in(page: Page) -> str:
    """The value of the return page's 'Submitted in' row."""
    for row in page.soup.select(".govuk-summary-list__row"):
        key, value = row.select_one("dt"), row.select_one("dd")
        if key is not None and value is not None and key.get_text(strip=True) == "Submitted in":
            return value.get_text(strip=True)
    raise AssertionError("no Submitted in row")
