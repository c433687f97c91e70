"""Who may open a force return: only the force's own police users; anyone else gets 404 or 403."""

from __future__ import annotations

from flask.testing import FlaskClient

from sspcollect.models import Partnership, Return, Role
from tests.factories import create_school, create_user, csrf_token, organisation_for, sign_in
from tests.pages import get
from tests.returns.factories import create_partnership, create_return
from tests.returns.force_steps import COUNTS, force_return, police_user, url

METROPOLITAN = "E23000001"


def _pages(return_: Return, partnership: Partnership) -> list[str]:
    """Every page of a force return's journey."""
    return [
        url(return_),
        url(return_, "/confirm-register"),
        url(return_, "/nil-return"),
        url(return_, f"/outcomes/{partnership.id}"),
        url(return_, "/outcomes"),
        url(return_, "/check-your-answers"),
        url(return_, "/confirmation"),
    ]


def test_another_forces_return_answers_404_on_every_page(client: FlaskClient) -> None:
    """A police user who guesses another force's return address sees nothing of it."""
    theirs = force_return(METROPOLITAN)
    their_partnership = create_partnership(METROPOLITAN, schools=[create_school(la_old_code="202")])
    police_user(client)
    token = csrf_token(get(client, "/police").html)

    for address in _pages(theirs, their_partnership):
        get(client, address, expected_status=404)
        response = client.post(
            address, data={"csrf_token": token, "version": "1", "action": "submit", **COUNTS}
        )
        assert response.status_code in (404, 405), address


def test_another_forces_partnership_is_not_found_on_the_own_return(client: FlaskClient) -> None:
    """The outcomes page only opens for the force's own partnerships in the year."""
    own = force_return()
    foreign = create_partnership(METROPOLITAN, schools=[create_school(la_old_code="202")])
    police_user(client)

    get(client, url(own, f"/outcomes/{foreign.id}"), expected_status=404)
    get(client, url(own, "/outcomes/999999"), expected_status=404)


def test_a_school_return_is_not_found_as_a_force_return(client: FlaskClient) -> None:
    """A school return's id under /force answers 404, even to a user of that organisation."""
    school = create_school()
    school_return = create_return(organisation_for(str(school.urn)))
    police_user(client)

    get(client, url(school_return), expected_status=404)


def test_school_and_central_users_cannot_open_force_return_pages(client: FlaskClient) -> None:
    """Only police users have the force return pages: others get 403."""
    return_ = force_return()
    partnership = create_partnership(schools=[create_school()])
    for role in (Role.SCHOOL, Role.REVIEWER):
        other = client.application.test_client()
        sign_in(other, create_user(role))
        for address in _pages(return_, partnership):
            get(other, address, expected_status=403)


def test_signed_out_visitors_are_sent_to_sign_in(client: FlaskClient) -> None:
    """No page of the journey opens without signing in."""
    return_ = force_return()
    partnership = create_partnership(schools=[create_school()])
    for address in _pages(return_, partnership):
        response = client.get(address)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in")


def test_an_impossibly_large_id_is_not_found(client: FlaskClient) -> None:
    """Ids beyond what the database holds answer 404, not a server error."""
    return_ = force_return()
    police_user(client)

    get(client, "/returns/99999999999999999999/force", expected_status=404)
    get(client, url(return_, "/outcomes/99999999999999999999"), expected_status=404)
