"""The admin pages for collections: list, create, open with phases, close; nobody else gets in."""

from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.collections.service import CollectionDetails, create_collection, open_collection
from sspcollect.db import session
from sspcollect.models import Collection, Return, Role
from tests.factories import create_school, create_user, sign_in
from tests.pages import get, post


def a_collection(time_period: str = "202627") -> Collection:
    """A draft collection for time_period."""
    first = int(time_period[:4])
    return create_collection(
        CollectionDetails(
            title=f"Safer School Partnerships {first}/{time_period[4:]}",
            time_period=time_period,
            reference_date=date(first + 1, 3, 31),
            opens_on=date(first + 1, 4, 1),
            deadline=date(first + 1, 5, 14),
            closes_on=date(first + 1, 6, 30),
        )
    )


def dates(name: str, day: str, month: str, year: str) -> dict[str, str]:
    """The three boxes of a GOV.UK date input."""
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def form(**overrides: str) -> dict[str, str]:
    """A complete create form for the 2026/27 collection, with overrides."""
    data = {
        "title": "Safer School Partnerships 2026/27",
        "time_period": "202627",
        **dates("reference_date", "31", "3", "2027"),
        **dates("opens_on", "1", "4", "2027"),
        **dates("deadline", "14", "5", "2027"),
        **dates("closes_on", "30", "6", "2027"),
        "reminder_days_before": "14, 7, 2",
        "overdue_every_days": "7",
        "overdue_max": "3",
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin(client: FlaskClient) -> FlaskClient:
    """client, signed in as an admin."""
    sign_in(client, create_user(Role.ADMIN))
    return client


def test_admin_sees_collections_in_the_navigation(admin: FlaskClient) -> None:
    """The service navigation leads admins to the collections."""
    page = get(admin, "/overview")
    links = [a.get_text(strip=True) for a in page.soup.select(".govuk-service-navigation__link")]
    assert "Collections" in links


def test_admin_creates_a_collection(admin: FlaskClient) -> None:
    """A complete form makes a draft collection and shows it."""
    page = post(
        admin, "/collections/new", form(reminder_days_before="2, 14, 7"), expected_status=302
    )
    collection = session.scalar(select(Collection))
    assert collection is not None
    assert (collection.title, collection.status) == ("Safer School Partnerships 2026/27", "draft")
    assert collection.deadline == date(2027, 5, 14)
    assert collection.reminder_days_before == [14, 7, 2]
    shown = get(admin, page.response.headers["Location"])
    assert shown.heading == "Safer School Partnerships 2026/27"
    assert "2026/27 collection created as a draft" in shown.text
    assert "14 May 2027" in shown.text
    assert "14, 7, 2 days before" in shown.text


def test_create_form_shows_every_problem_and_keeps_what_was_typed(admin: FlaskClient) -> None:
    """A blank form lists each missing answer, linked to its field."""
    blank = {name: "" for name in form()}
    page = post(admin, "/collections/new", {**blank, **dates("opens_on", "31", "2", "2027")})
    assert page.errors == [
        "Enter a title for the collection",
        "Enter the academic year of the collection, such as 2026/27",
        "Enter the reference date",
        "Opening date must be a real date, such as 31 3 2027",
        "Enter the deadline",
        "Enter the closing date",
        "Enter how often to remind while overdue, as a number of days from 1 to 90",
        "Enter the most overdue reminders to send, as a number from 0 to 20",
    ]
    links = [a["href"] for a in page.soup.select(".govuk-error-summary__list a")]
    assert links[:4] == ["#title", "#time_period", "#reference_date-day", "#opens_on-day"]
    assert page.soup.find("input", {"name": "opens_on-day"})["value"] == "31"
    assert page.soup.find("input", {"name": "opens_on-month"})["value"] == "2"
    assert session.scalar(select(Collection)) is None


def test_create_form_refuses_dates_out_of_order_and_a_taken_year(admin: FlaskClient) -> None:
    """Deadline before opening, closing before deadline, and an academic year already used."""
    a_collection("202627")
    page = post(
        admin,
        "/collections/new",
        form(
            time_period="202627",
            reminder_days_before="a fortnight",
            **dates("deadline", "1", "3", "2027"),
            **dates("closes_on", "1", "2", "2027"),
        ),
    )
    assert page.errors == [
        "A collection for 2026/27 already exists",
        "The deadline must be the same as or after the opening date",
        "Enter the days before the deadline as whole numbers separated by commas, such as 14, 7, 2",
    ]


def test_create_form_refuses_an_academic_year_whose_years_do_not_follow(
    admin: FlaskClient,
) -> None:
    """202628 is not an academic year."""
    page = post(admin, "/collections/new", form(time_period="202628"))
    assert page.errors == ["The second year must follow the first, such as 2026/27"]


def test_admin_opens_a_collection_to_the_phases_chosen(admin: FlaskClient) -> None:
    """Choose phases, see how many returns will be made, open: the returns exist."""
    create_school(phase="Primary")
    create_school(phase="Primary", la_old_code="673")
    create_school(phase="Secondary")
    create_school(phase="Primary", is_open=False, status="Closed")
    collection = a_collection()
    url = f"/collections/{collection.id}/open"

    choose = get(admin, url)
    assert choose.heading.endswith("Which schools should make a return?")
    assert len(choose.soup.select("input[name=phases][checked]")) == 8

    check = post(admin, url, {"phases": ["Primary", "Nursery"]})
    assert check.heading == "Check before you open the collection"
    assert "Phases of education Nursery, Primary" in check.text
    assert "School returns to create 2" in check.text
    assert "Force returns to create 43" in check.text

    opened = post(admin, f"{url}/confirm", {"phases": ["Primary", "Nursery"]}, 302, form_url=url)
    shown = get(admin, opened.response.headers["Location"])
    assert "2026/27 collection open: 2 school returns and 43 force returns created" in shown.text
    session.expire_all()
    assert session.get(Collection, collection.id).status == "open"  # type: ignore[union-attr]
    returns = session.scalars(select(Return).where(Return.collection_id == collection.id)).all()
    assert len(returns) == 45

    listing = get(admin, "/collections")
    row = listing.soup.select_one("tbody tr")
    assert row is not None
    assert " ".join(row.get_text(" ").split()).endswith("Open 14 May 2027 2 43")


def test_opening_without_a_phase_says_what_to_do(admin: FlaskClient) -> None:
    """No phase ticked: an error, and nothing is opened."""
    collection = a_collection()
    page = post(admin, f"/collections/{collection.id}/open", {})
    assert page.errors == ["Select at least one phase of education"]
    assert page.soup.select("input[name=phases][checked]") == []
    assert session.scalars(select(Return)).all() == []


def test_opening_again_offers_no_new_returns(admin: FlaskClient) -> None:
    """An open collection whose organisations all have returns: the check page says so."""
    create_school()
    collection = a_collection()
    open_collection(collection, ["Primary"])
    check = post(admin, f"/collections/{collection.id}/open", {"phases": ["Primary"]})
    assert "School returns to create 0" in check.text
    assert "Opening again creates nothing" in check.text


def test_admin_closes_a_collection_and_its_returns_are_locked(admin: FlaskClient) -> None:
    """The close page asks first; closing locks every return."""
    create_school()
    collection = a_collection()
    open_collection(collection, ["Primary"])
    url = f"/collections/{collection.id}/close"
    confirm = get(admin, url)
    assert confirm.heading == "Are you sure you want to close the collection?"
    assert "Closing locks all 44 returns" in confirm.text
    closed = post(admin, url, {}, expected_status=302)
    shown = get(admin, closed.response.headers["Location"])
    assert "2026/27 collection closed: its returns are locked" in shown.text
    session.expire_all()
    returns = session.scalars(select(Return)).all()
    assert returns and not any(r.is_editable for r in returns)


def test_a_draft_collection_cannot_be_closed(admin: FlaskClient) -> None:
    """Closing a draft sends the admin back with the reason."""
    collection = a_collection()
    page = get(admin, f"/collections/{collection.id}/close", expected_status=302)
    shown = get(admin, page.response.headers["Location"])
    assert "Only an open collection can be closed: this one is draft" in shown.text


def test_an_unknown_collection_is_not_found(admin: FlaskClient) -> None:
    """A guessed id gets 404."""
    get(admin, "/collections/999", expected_status=404)


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.SCHOOL, Role.POLICE])
def test_only_admins_reach_the_collection_pages(client: FlaskClient, role: Role) -> None:
    """Reviewers, schools and forces get 403 on every collection page and action."""
    collection = a_collection()
    sign_in(client, create_user(role))
    for url in [
        "/collections",
        "/collections/new",
        f"/collections/{collection.id}",
        f"/collections/{collection.id}/open",
        f"/collections/{collection.id}/close",
    ]:
        get(client, url, expected_status=403)
    token_page = client.get("/help").get_data(as_text=True)
    from tests.factories import csrf_token

    refused = client.post(
        f"/collections/{collection.id}/open/confirm",
        data={"phases": ["Primary"], "csrf_token": csrf_token(token_page)},
    )
    assert refused.status_code == 403
    assert session.scalars(select(Return)).all() == []
