"""Two people saving the same school return never silently overwrite each other."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sspcollect.db import session
from sspcollect.models import Return, Role
from sspcollect.returns import school_service
from sspcollect.versioning import StaleEditError
from tests.factories import create_user, sign_in
from tests.pages import Page
from tests.returns.school_pages import (
    FIGURES,
    answer,
    answer_all,
    form_fields,
    reload,
    signed_in_school,
    url,
)


def test_second_save_from_the_same_version_is_refused(app: Flask, client: FlaskClient) -> None:
    """Both load the page; the first save wins; the second sees the message and current values."""
    first_user, return_ = signed_in_school(client)
    second = app.test_client()
    sign_in(second, create_user(Role.SCHOOL, org=first_user.organisation.code))
    address = url(return_, "pupils-and-attendance")
    first_form = form_fields(client.get(address).get_data(as_text=True))
    second_form = form_fields(second.get(address).get_data(as_text=True))
    assert first_form["version"] == second_form["version"]

    first_data = {
        "pupils_on_roll": "420",
        "attendance_percent": "95",
        "persistent_absence_percent": "9",
    }
    saved = client.post(address, data={**first_form, **first_data, "action": "continue"})
    assert saved.status_code == 302

    second_data = {
        "pupils_on_roll": "999",
        "attendance_percent": "70",
        "persistent_absence_percent": "30",
    }
    refused = Page(second.post(address, data={**second_form, **second_data, "action": "continue"}))
    assert refused.status == 409
    assert refused.errors == [StaleEditError.MESSAGE]
    assert refused.soup.find("input", {"name": "pupils_on_roll"})["value"] == "420"
    assert refused.soup.find("input", {"name": "attendance_percent"})["value"] == "95"

    answers = reload(return_).school_answers
    assert answers is not None
    assert answers.pupils_on_roll == 420
    assert answers.attendance_percent == 95

    # The refused page carries the current version, so the second person can now save.
    again = form_fields(refused.html)
    resaved = second.post(address, data={**again, **second_data, "action": "continue"})
    assert resaved.status_code == 302
    assert reload(return_).school_answers.pupils_on_roll == 999  # type: ignore[union-attr]


@pytest.mark.parametrize("action", ["continue", "later"])
def test_save_without_the_version_it_was_made_from_is_refused(
    client: FlaskClient, action: str
) -> None:
    """A missing or garbled version cannot prove the save is current: refused, nothing saved."""
    _user, return_ = signed_in_school(client)
    address = url(return_, "has-partnership")
    fields = form_fields(client.get(address).get_data(as_text=True))
    for version in ["", "abc", "99"]:
        response = client.post(
            address, data={**fields, "version": version, "has_ssp": "no", "action": action}
        )
        assert response.status_code == 409
        assert StaleEditError.MESSAGE in Page(response).errors
    assert reload(return_).school_answers is None


def test_submission_from_an_old_check_page_is_refused(client: FlaskClient) -> None:
    """Submitting a check page shown before someone else's change is refused with the message."""
    _user, return_ = signed_in_school(client)
    answer(client, return_, "has-partnership", {"has_ssp": "no"})
    answer_all(client, return_, FIGURES)
    address = url(return_, "check-your-answers")
    old = form_fields(client.get(address).get_data(as_text=True))
    answer(client, return_, "incidents", {**FIGURES["incidents"], "bullying_incidents": "16"})
    refused = Page(client.post(address, data=old))
    assert refused.status == 409
    assert refused.errors == [StaleEditError.MESSAGE]
    assert "Bullying incidents 16" in refused.text
    assert reload(return_).status == "in_progress"


def test_save_racing_another_is_refused_when_it_commits(client: FlaskClient) -> None:
    """A save that passed the version check but lost the race to commit is refused too."""
    user, return_ = signed_in_school(client)
    mine = session.get(Return, return_.id)
    assert mine is not None
    loaded = mine.version
    answer(client, return_, "has-partnership", {"has_ssp": "yes"})

    with pytest.raises(StaleEditError):
        school_service.save_answers(mine, {"has_ssp": "no"}, user, loaded)
    assert reload(return_).school_answers.has_ssp == "yes"  # type: ignore[union-attr]
