"""No return can be started before its collection's opening date."""

from __future__ import annotations

from datetime import date, timedelta

from flask.testing import FlaskClient

from sspcollect.collections.periods import uk_today
from sspcollect.models import Role
from tests.factories import create_user, organisation_for, sign_in
from tests.pages import get
from tests.returns.factories import create_collection, create_return
from tests.returns.school_pages import answer, reload, signed_in_school, url


def test_a_school_sees_when_a_collection_opens_and_cannot_start_before(
    client: FlaskClient,
) -> None:
    """The home page says "Opens on 1 April 2028"; the questions cannot be answered yet."""
    _user, return_ = signed_in_school(
        client, opens_on=date(2028, 4, 1), deadline=date(2028, 12, 8), closes_on=date(2029, 1, 12)
    )
    home = get(client, "/school")
    assert "Opens on 1 April 2028" in home.text
    assert home.soup.find("a", string=lambda s: s and s.startswith("Start")) is None
    overview = get(client, url(return_))
    assert "This collection opens on 1 April 2028. You can start your return then." in (
        overview.text
    )
    answer(client, return_, "has-partnership", {"has_ssp": "no"}, expected_status=409)
    assert reload(return_).school_answers is None


def test_from_the_opening_date_the_return_can_be_started(client: FlaskClient) -> None:
    """On the opening date itself (in the UK) the school can answer."""
    _user, return_ = signed_in_school(client, opens_on=uk_today())
    assert "Start" in get(client, "/school").text
    answer(client, return_, "has-partnership", {"has_ssp": "no"})
    answers = reload(return_).school_answers
    assert answers is not None and answers.has_ssp == "no"


def test_a_force_sees_when_a_collection_opens(client: FlaskClient) -> None:
    """The force's home page and task list give the opening date instead of a status."""
    tomorrow = uk_today() + timedelta(days=1)
    collection = create_collection(opens_on=tomorrow)
    user = create_user(Role.POLICE, "E23000014")
    create_return(organisation_for("E23000014"), collection, "force")
    sign_in(client, user)
    words = f"{tomorrow.day} {tomorrow:%B %Y}"
    assert f"Opens on {words}" in get(client, "/police").text
