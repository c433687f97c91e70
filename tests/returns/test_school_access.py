"""Who may open a school return, and a return that can no longer be changed."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from sspcollect.db import session
from sspcollect.models import CollectionStatus, Return, ReturnStatus, Role, User
from sspcollect.returns.school_forms import PAGES
from tests.factories import create_user, csrf_token, organisation_for, sign_in
from tests.pages import Page, get
from tests.returns.factories import create_partnership, create_return
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

EVERY_PAGE = ["", *(page.slug for page in PAGES), "check-your-answers", "confirmation"]
FORM_PAGES = [*(page.slug for page in PAGES), "check-your-answers"]


def _submitted_return(client: FlaskClient) -> tuple[User, Return]:
    """A school signed in on client whose return is complete and submitted."""
    user, return_ = signed_in_school(client)
    create_partnership("E23000014", [return_.organisation.school_urn])
    answer(client, return_, "has-partnership", {"has_ssp": "yes"})
    answer_all(
        client,
        return_,
        {
            "police-force": {"ssp_force_code": "E23000014"},
            "partnership-model": {"ssp_model": "school_based"},
            "officer-time": {"officer_days_per_week": "5"},
            "effectiveness": {"effectiveness": "5"},
            "aims": {"aims": ["safeguarding"]},
            "comments": {"comments": "Works well."},
            **FIGURES,
        },
    )
    address = url(return_, "check-your-answers")
    fields = form_fields(client.get(address).get_data(as_text=True))
    assert client.post(address, data={**fields, **DECLARED}).status_code == 302
    assert reload(return_).status == ReturnStatus.SUBMITTED
    return user, return_


@pytest.mark.parametrize("path", EVERY_PAGE)
def test_school_user_cannot_open_another_schools_return(client: FlaskClient, path: str) -> None:
    """Another school's return answers 404 on every page, for reading and for saving."""
    _other_user, others = school_with_return()
    sign_in(client, create_user(Role.SCHOOL))
    get(client, url(others, path), expected_status=404)
    token = csrf_token(get(client, "/school").html)
    response = client.post(url(others, path), data={"csrf_token": token, "has_ssp": "no"})
    assert response.status_code in (404, 405)
    assert reload(others).school_answers is None


def test_force_return_is_not_found_on_the_school_pages(client: FlaskClient) -> None:
    """The school pages open school returns only."""
    _user, return_ = signed_in_school(client)
    force_return = create_return(organisation_for("E23000014"), return_.collection, "force")
    get(client, url(force_return), expected_status=404)


@pytest.mark.parametrize("role", [Role.POLICE, Role.REVIEWER])
def test_other_roles_are_refused_the_school_pages(client: FlaskClient, role: Role) -> None:
    """A police user (or anyone who is not school staff) gets 403 on every page."""
    _user, return_ = school_with_return()
    sign_in(client, create_user(role))
    for path in EVERY_PAGE:
        get(client, url(return_, path), expected_status=403)


def test_signed_out_visitor_is_sent_to_sign_in(client: FlaskClient) -> None:
    """The pages need a signed-in school user."""
    _user, return_ = school_with_return()
    page = get(client, url(return_, "has-partnership"), expected_status=302)
    assert page.response.headers["Location"].startswith("/sign-in")


def _has_inputs(page: Page) -> bool:
    """True when the page has a form to change answers."""
    return bool(page.soup.select("main input:not([type=hidden]), main textarea, main select"))


def test_submitted_return_is_read_only(client: FlaskClient) -> None:
    """After submission every page shows the answers without inputs, and saves are refused."""
    _user, return_ = _submitted_return(client)
    version = reload(return_).version
    token = csrf_token(get(client, "/school").html)

    for path in FORM_PAGES:
        page = get(client, url(return_, path))
        assert not _has_inputs(page), path
        assert "You submitted this return on" in page.text
        refused = Page(
            client.post(
                url(return_, path),
                data={
                    "csrf_token": token,
                    "version": str(version),
                    "has_ssp": "no",
                    "pupils_on_roll": "1",
                },
            )
        )
        assert refused.status == 409, path
        assert "You cannot change it now." in refused.text

    question = get(client, url(return_, "pupils-and-attendance"))
    assert "Pupils on roll 420" in question.text
    overview = get(client, url(return_))
    assert "View your answers" in overview.text
    assert not overview.soup.select(".govuk-task-list")
    check = get(client, url(return_, "check-your-answers"))
    assert check.heading == "Your answers"
    assert not check.soup.find("button", string=lambda s: s and "Submit" in s)
    assert not check.soup.select(".govuk-summary-list__actions")

    stored = reload(return_)
    assert stored.version == version
    assert stored.status == ReturnStatus.SUBMITTED
    assert stored.school_answers is not None
    assert stored.school_answers.has_ssp == "yes"


def test_closed_collection_locks_the_return(client: FlaskClient) -> None:
    """A return in a closed collection cannot be changed, even if it was never submitted."""
    _user, return_ = signed_in_school(client)
    answer(client, return_, "has-partnership", {"has_ssp": "no"})
    shown = client.get(url(return_, "pupils-and-attendance")).get_data(as_text=True)
    return_.collection.status = CollectionStatus.CLOSED
    session.commit()

    page = get(client, url(return_, "pupils-and-attendance"))
    assert not _has_inputs(page)
    assert "This collection closed on" in page.text
    refused = Page(
        client.post(
            url(return_, "pupils-and-attendance"),
            data={**form_fields(shown), "pupils_on_roll": "420"},
        )
    )
    assert refused.status == 409
    assert "can no longer be changed" in refused.text
    assert reload(return_).school_answers.pupils_on_roll is None  # type: ignore[union-attr]
    home = get(client, "/school")
    assert home.soup.find("a", href=url(return_)).get_text(" ", strip=True).startswith("View")
