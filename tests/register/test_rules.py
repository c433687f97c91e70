"""Each rule of the partnership scope, shown on the page when it fires; fixed, the page saves."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from sspcollect.db import session
from sspcollect.models import Partnership
from tests.factories import create_school
from tests.pages import Page, post
from tests.register.helpers import (
    METROPOLITAN,
    answers,
    chosen_urns,
    create_partnership,
    field_error,
    police_client,
    value_of,
)


def _date(name: str, day: str, month: str, year: str) -> dict[str, str]:
    """The three boxes of a date input."""
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


# (rule, answers that make it fire, the element whose error shows it, what the person reads)
FIRING: list[tuple[str, dict[str, Any], str, str]] = [
    ("POL-001", {"reference": "  "}, "reference", "Enter a reference for the partnership"),
    ("POL-001", {"reference": "R" * 51}, "reference", "of 50 characters or fewer"),
    ("POL-003", {"name": ""}, "name", "Enter the name of the partnership"),
    ("POL-003", {"name": "N" * 201}, "name", "of 200 characters or fewer"),
    ("POL-004", {"model": ""}, "model", "Select the model of the partnership"),
    ("POL-004", {"model": "beat_bobby"}, "model", "Select the model of the partnership"),
    ("POL-005", {"model": "other"}, "model_description", "Describe how the partnership works"),
    ("POL-010", {"officer_role": ""}, "officer_role", "Select the role of the officers"),
    (
        "POL-011",
        {"officer_count": "0"},
        "officer_count",
        "The number of officers must be 1 or more",
    ),
    (
        "POL-011",
        {"officer_count": "abc"},
        "officer_count",
        "Enter the number of officers as a whole number, like 2",
    ),
    (
        "POL-011",
        {"officer_count": "1.5"},
        "officer_count",
        "The number of officers must be a whole",
    ),
    ("POL-011", {"officer_count": ""}, "officer_count", "Enter the number of officers"),
    (
        "POL-012",
        {"fte": "100"},
        "fte",
        "The full-time equivalent dedicated to schools must be 99.9 or less",
    ),
    ("POL-012", {"fte": "1.25"}, "fte", "must have no more than 1 decimal place, like 0.6"),
    ("POL-012", {"fte": "0,5"}, "fte", "Enter the full-time equivalent dedicated to schools as a"),
    ("POL-019", {"fte": "3", "officer_count": "2"}, "fte", "cannot be more than the number of"),
    ("POL-013", {"funding_sources": []}, "funding_sources", "Select at least one source"),
    (
        "POL-014",
        {"information_sharing_agreement": ""},
        "information_sharing_agreement",
        "Select yes if the partnership has an information sharing agreement",
    ),
    (
        "POL-015",
        _date("start_date", "", "", ""),
        "start_date",
        "Enter the date the partnership started",
    ),
    (
        "POL-015",
        _date("start_date", "30", "2", "2024"),
        "start_date",
        "Enter the date the partnership started",
    ),
    (
        "POL-016",
        _date("end_date", "31", "13", "2025"),
        "end_date",
        "Enter the end date as a real date",
    ),
    (
        "POL-017",
        _date("end_date", "31", "8", "2024"),
        "end_date",
        "The end date must be the same as or after the start date",
    ),
    (
        "POL-018",
        _date("funded_until", "x", "3", "2027"),
        "funded_until",
        "Enter the date funding runs until as a real date",
    ),
]


def _count() -> int:
    """How many partnerships are kept."""
    return session.scalar(select(func.count()).select_from(Partnership)) or 0


@pytest.mark.parametrize(
    ("rule_id", "wrong", "element", "message"),
    FIRING,
    ids=[f"{rule}-{index}" for index, (rule, *_rest) in enumerate(FIRING)],
)
def test_rule_is_shown_beside_its_field_and_the_fixed_page_saves(
    client: FlaskClient, rule_id: str, wrong: dict[str, Any], element: str, message: str
) -> None:
    """A firing rule refuses the save, shows its message twice, and keeps what was typed."""
    police_client(client)
    schools = [create_school().urn, create_school().urn]
    page = post(client, "/register/add", answers(*schools, **wrong))
    assert page.title.startswith("Error: ")
    assert page.errors == [message_of(page, message)]
    assert message in field_error(page, element)
    _links_reach_their_fields(page)
    assert _count() == 0

    post(client, "/register/add", answers(*schools), expected_status=302)
    assert _count() == 1


def message_of(page: Page, fragment: str) -> str:
    """The error in the summary that contains fragment."""
    found = [error for error in page.errors if fragment in error]
    assert found, page.errors
    return found[0]


def _links_reach_their_fields(page: Page) -> None:
    """Every link of the error summary goes to an element of the page."""
    for link in page.soup.select(".govuk-error-summary__list a"):
        target = str(link["href"]).removeprefix("#")
        assert page.soup.find(id=target) is not None, target


def test_partnership_without_a_school_is_refused(client: FlaskClient) -> None:
    """POL-006: a partnership covers at least one school."""
    police_client(client)
    page = post(client, "/register/add", answers())
    assert page.errors == ["Add at least one school that the partnership covers"]
    assert "Add at least one school" in field_error(page, "schools")
    _links_reach_their_fields(page)
    assert _count() == 0
    school = create_school()
    post(client, "/register/add", answers(school.urn, model="school_based"), expected_status=302)
    assert _count() == 1


def test_unknown_urn_is_refused(client: FlaskClient) -> None:
    """POL-007: every URN is a school; the page names the URN and keeps it to be removed."""
    police_client(client)
    school = create_school()
    page = post(client, "/register/add", answers(school.urn, 999999))
    assert page.errors == ["No school has the URN 999999; check the URN, which is 6 digits"]
    assert "No school has the URN 999999" in field_error(page, "schools")
    assert "No school has this URN" in page.text
    assert chosen_urns(page) == [str(school.urn), "999999"]
    assert _count() == 0
    post(client, "/register/add", answers(school.urn, school.urn), expected_status=302)
    assert _count() == 1


def test_unreadable_urn_is_refused_not_a_crash(client: FlaskClient) -> None:
    """POL-007 also answers a URN that is not a number (a tampered or garbled page)."""
    police_client(client)
    school = create_school()
    page = post(
        client, "/register/add", answers(school.urn, **{"school_urn": [str(school.urn), "12ab"]})
    )
    assert page.errors == ["No school has the URN 12ab; check the URN, which is 6 digits"]
    assert _count() == 0


def test_closed_school_is_refused(client: FlaskClient) -> None:
    """POL-008: every covered school is open."""
    police_client(client)
    open_school = create_school()
    closed = create_school(name="Old Hall School", is_open=False, status="Closed")
    page = post(client, "/register/add", answers(open_school.urn, closed.urn))
    assert page.errors == [
        f"The school with URN {closed.urn} is closed; remove it from the partnership"
    ]
    assert "is closed" in field_error(page, "schools")
    assert "Old Hall School Closed" in page.text
    assert _count() == 0
    post(
        client, "/register/add", answers(open_school.urn, model="school_based"), expected_status=302
    )
    assert _count() == 1


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("6", "The days a week the officer is on site must be 5 or less"),
        ("-1", "The days a week the officer is on site must be 0 or more"),
        ("2.3", "Days a week on site must be in half days, like 1.5"),
        (
            "2.25",
            "The days a week the officer is on site must have no more than 1 decimal place, "
            "like 1.5",
        ),
        ("most days", "Enter the days a week the officer is on site as a number, like 1.5"),
    ],
)
def test_days_on_site_outside_0_to_5_in_halves_are_refused(
    client: FlaskClient, days: str, message: str
) -> None:
    """POL-009: days a week on site are 0 to 5, in half days, or blank."""
    police_client(client)
    first, second = create_school(), create_school()
    page = post(
        client, "/register/add", answers(first.urn, second.urn, **{f"days-{second.urn}": days})
    )
    assert page.errors == [message]
    assert value_of(page, f"days-{second.urn}") == days
    assert _count() == 0
    fixed = answers(first.urn, second.urn, **{f"days-{first.urn}": "0", f"days-{second.urn}": "5"})
    post(client, "/register/add", fixed, expected_status=302)
    assert _count() == 1


def test_reference_used_twice_in_a_force_is_refused(client: FlaskClient) -> None:
    """POL-002: references are unique within the force, whatever their case."""
    police_client(client)
    first, second = create_school(), create_school()
    post(client, "/register/add", answers(first.urn, second.urn), expected_status=302)
    page = post(client, "/register/add", answers(first.urn, second.urn, reference=" wm-001 "))
    assert page.errors == [
        "Another partnership in your register has this reference; enter a different one"
    ]
    assert "Another partnership" in field_error(page, "reference")
    assert _count() == 1
    post(
        client,
        "/register/add",
        answers(first.urn, second.urn, reference="WM-002"),
        expected_status=302,
    )
    assert _count() == 2


def test_reference_used_by_another_force_is_allowed(client: FlaskClient) -> None:
    """POL-002 does not fire: another force's references are its own business."""
    first, second = create_school(), create_school()
    create_partnership(METROPOLITAN, [first.urn, second.urn], reference="WM-001")
    police_client(client)
    post(client, "/register/add", answers(first.urn, second.urn), expected_status=302)
    assert _count() == 2


def test_every_error_is_listed_at_once(client: FlaskClient) -> None:
    """An empty page lists every answer that is needed, each linked to its field."""
    police_client(client)
    page = post(client, "/register/add", {"action": "save"})
    assert len(page.errors) == 10
    _links_reach_their_fields(page)
