"""Queries do not block a save: they are shown as warnings to explain in the force return."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.db import session
from sspcollect.models import Partnership
from tests.factories import create_school
from tests.pages import Page, get, post
from tests.register.helpers import answers, police_client

EXPLAIN = "This will need an explanation in your force return"


def _saved(client: FlaskClient, data: dict[str, object]) -> Page:
    """Save the page (it must save) and open the partnership's summary."""
    saved = post(client, "/register/add", data, expected_status=302)
    return get(client, saved.response.headers["Location"])


def _warnings(page: Page) -> str:
    """The text of the warnings on the page."""
    return " ".join(w.get_text(" ", strip=True) for w in page.soup.select(".govuk-warning-text"))


def test_cluster_of_one_school_is_saved_with_a_warning(client: FlaskClient) -> None:
    """POL-101: a cluster of one school is unusual, not wrong."""
    police_client(client)
    summary = _saved(client, answers(create_school().urn, model="cluster"))
    assert EXPLAIN in _warnings(summary)
    assert "This is a cluster partnership, but it covers only 1 school." in _warnings(summary)
    assert session.scalars(select(Partnership)).one().model == "cluster"


def test_school_based_officer_in_several_schools_is_saved_with_a_warning(
    client: FlaskClient,
) -> None:
    """POL-102: a school-based officer in three schools is unusual, not wrong."""
    police_client(client)
    urns = [create_school().urn for _ in range(3)]
    summary = _saved(client, answers(*urns, model="school_based"))
    assert "is a school-based officer, but it covers 3 schools" in _warnings(summary)
    assert len(session.scalars(select(Partnership)).one().schools) == 3


def test_school_in_another_force_area_is_saved_with_a_warning(client: FlaskClient) -> None:
    """POL-103: a Camden school covered by West Midlands is allowed, shown with its force."""
    police_client(client)
    own = create_school(name="Aston Manor Academy")
    camden = create_school(name="Camden School for Girls", la_old_code="202")
    added = post(
        client, "/register/add", answers(own.urn, school_search=str(camden.urn), action="find")
    )
    assert "Metropolitan Police police force area" in added.text
    summary = _saved(client, answers(own.urn, camden.urn))
    assert f"The school with URN {camden.urn} is outside your force area" in _warnings(summary)
    assert EXPLAIN in _warnings(summary)
    row = next(r for r in summary.soup.select("tbody tr") if "Camden School" in r.get_text())
    assert "Metropolitan Police" in row.get_text()


def test_usual_partnership_has_no_warning(client: FlaskClient) -> None:
    """No query fires on a cluster of two schools of the force's own area."""
    police_client(client)
    summary = _saved(client, answers(create_school().urn, create_school().urn))
    assert _warnings(summary) == ""
