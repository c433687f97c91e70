"""Adding partnerships: every field saved and shown, in the list and on the summary."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.db import session
from sspcollect.models import Partnership, Role
from tests.factories import create_school, create_user, sign_in
from tests.pages import get, post
from tests.register.helpers import WEST_MIDLANDS, answers, police_client


def test_police_user_adds_a_partnership_with_every_field(client: FlaskClient) -> None:
    """Every answer is kept, and the list and the summary show it."""
    police_client(client)
    first = create_school(name="Ladywood Academy")
    second = create_school(name="Nechells Primary School")
    data = answers(
        first.urn,
        second.urn,
        model="other",
        model_description="Two officers share the schools of one ward with the youth service",
        officer_role="mixed",
        officer_count="3",
        fte="2.5",
        funding_sources=["pcc", "school", "local_authority"],
        information_sharing_agreement="no",
        **{f"days-{second.urn}": ""},
        **{"end_date-day": "31", "end_date-month": "8", "end_date-year": "2030"},
    )
    saved = post(client, "/register/add", data, expected_status=302)
    partnership = session.scalars(select(Partnership)).one()
    assert saved.response.headers["Location"] == f"/register/{partnership.id}"
    assert partnership.force_area_code == WEST_MIDLANDS
    assert partnership.reference == "WM-001"
    assert partnership.name == "Ladywood schools officer"
    assert partnership.model == "other"
    assert partnership.model_description.startswith("Two officers share")
    assert partnership.officer_role == "mixed"
    assert partnership.officer_count == 3
    assert partnership.fte == Decimal("2.5")
    assert partnership.funding_sources == ["pcc", "school", "local_authority"]
    assert partnership.funded_until == date(2028, 3, 31)
    assert partnership.information_sharing_agreement is False
    assert partnership.start_date == date(2024, 9, 1)
    assert partnership.end_date == date(2030, 8, 31)
    assert [(s.school_urn, s.days_per_week) for s in partnership.schools] == [
        (first.urn, Decimal("2.5")),
        (second.urn, None),
    ]

    summary = get(client, f"/register/{partnership.id}")
    assert summary.heading == "WM-001 Ladywood schools officer"
    for shown in [
        "Other",
        "Two officers share the schools of one ward",
        "A mix of roles",
        "Police and crime commissioner",
        "Local authority",
        "31 March 2028",
        "1 September 2024",
        "31 August 2030",
        "Ladywood Academy",
        "Nechells Primary School",
        "Partnership WM-001 added",
    ]:
        assert shown in summary.text, shown
    rows = {
        row.find("dt").get_text(strip=True): row.find("dd").get_text(" ", strip=True)
        for row in summary.soup.select(".govuk-summary-list__row")
    }
    assert rows["Number of officers"] == "3"
    assert rows["Full-time equivalent dedicated to schools"] == "2.5"
    assert rows["Information sharing agreement"] == "No"
    school_rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in summary.soup.select("tbody tr")
    ]
    assert [first.urn, "2.5"] == [int(school_rows[0][1]), school_rows[0][4]]
    assert school_rows[1][4] == "Not given"

    listing = get(client, "/register")
    row = [c.get_text(" ", strip=True) for c in listing.soup.select("tbody tr")[0].find_all("td")]
    assert row == [
        "WM-001 Ladywood schools officer",
        "Ladywood schools officer",
        "Other",
        "2",
        "2.5",
        "Active",
    ]
    link = listing.soup.select_one("tbody a")
    assert link["href"] == f"/register/{partnership.id}"


def test_register_lists_active_and_ended_partnerships(client: FlaskClient) -> None:
    """Ended partnerships stay in the register, marked ended."""
    police_client(client)
    school = create_school()
    post(client, "/register/add", answers(school.urn, model="school_based"), expected_status=302)
    post(
        client,
        "/register/add",
        answers(
            school.urn,
            reference="WM-002",
            name="Old scheme",
            model="school_based",
            **{"end_date-day": "31", "end_date-month": "7", "end_date-year": "2025"},
        ),
        expected_status=302,
    )
    listing = get(client, "/register")
    statuses = [
        row.find_all("td")[-1].get_text(strip=True) for row in listing.soup.select("tbody tr")
    ]
    assert statuses == ["Active", "Ended"]
    assert "2 partnerships" in listing.text


def test_empty_register_says_so_and_offers_to_add(client: FlaskClient) -> None:
    """A force with no partnerships sees an empty register and the button to add one."""
    police_client(client)
    page = get(client, "/register")
    assert page.heading == "Partnership register"
    assert "no partnerships in its register yet" in page.text
    assert page.soup.find("a", string=lambda s: s and "Add a partnership" in s)["href"] == (
        "/register/add"
    )


def test_police_navigation_links_to_the_register(client: FlaskClient) -> None:
    """Police users find the register in the service navigation."""
    police_client(client)
    page = get(client, "/police")
    links = {
        a.get_text(strip=True): a["href"] for a in page.soup.select(".govuk-service-navigation a")
    }
    assert links["Register"] == "/register"


def test_school_user_cannot_open_the_register(client: FlaskClient) -> None:
    """The register is for police forces only: other roles get 403."""
    sign_in(client, create_user(Role.SCHOOL))
    get(client, "/register", expected_status=403)
    get(client, "/register/add", expected_status=403)
    post(client, "/register/add", answers(), expected_status=403, form_url="/help")


def test_reviewer_cannot_add_to_a_register(client: FlaskClient) -> None:
    """Central staff see returns, but do not keep a force's register."""
    sign_in(client, create_user(Role.REVIEWER))
    get(client, "/register", expected_status=403)
