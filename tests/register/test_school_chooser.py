"""Choosing schools without JavaScript: find, add and remove post the page back, keeping answers."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.db import session
from sspcollect.models import Partnership
from sspcollect.register.service import find_schools
from tests.factories import create_school
from tests.pages import Page, post
from tests.register.helpers import answers, chosen_urns, police_client, value_of


def _found(page: Page) -> list[str]:
    """The names of the schools found, as listed."""
    caption = page.soup.find("caption", string=lambda s: s and "Schools found" in s)
    if caption is None:
        return []
    table = caption.find_parent("table")
    return [row.find("td").get_text(" ", strip=True) for row in table.select("tbody tr")]


def _typed(page: Page) -> dict[str, str]:
    """Some of the answers the page shows typed."""
    checked = {i["name"]: i["value"] for i in page.soup.select("input[type=radio][checked]")}
    return {
        "reference": value_of(page, "reference"),
        "name": value_of(page, "name"),
        "fte": value_of(page, "fte"),
        "start_year": value_of(page, "start_date-year"),
        "model": checked.get("model", ""),
        "funding": ",".join(i["value"] for i in page.soup.select("input[type=checkbox][checked]")),
    }


TYPED = {
    "reference": "WM-001",
    "name": "Ladywood schools officer",
    "fte": "1.5",
    "start_year": "2024",
    "model": "cluster",
    "funding": "police_force,vru",
}


def test_find_add_and_remove_schools_by_name_keeping_every_answer(client: FlaskClient) -> None:
    """The whole round trip: nothing is saved until Save partnership, nothing typed is lost."""
    police_client(client)
    academy = create_school(name="Ladywood Academy", postcode="B16 8AA")
    primary = create_school(name="Ladywood Primary School")
    create_school(name="Ladywood Old School", is_open=False, status="Closed")
    create_school(name="Oakfield Primary School")

    found = post(client, "/register/add", answers(school_search="LADYWOOD", action="find"))
    assert _found(found) == ["Ladywood Academy, B16 8AA", "Ladywood Primary School, B1 1AA"]
    assert _typed(found) == TYPED
    assert value_of(found, "school_search") == "LADYWOOD"
    add_buttons = [b["value"] for b in found.soup.select("button[name=action]")]
    assert f"add:{academy.urn}" in add_buttons

    added = post(
        client, "/register/add", answers(school_search="LADYWOOD", action=f"add:{academy.urn}")
    )
    assert chosen_urns(added) == [str(academy.urn)]
    assert _typed(added) == TYPED
    assert (
        "Added"
        in added.soup.find("caption", string=lambda s: s and "Schools found" in s)
        .find_parent("table")
        .get_text()
    )

    both = post(
        client,
        "/register/add",
        answers(academy.urn, school_search="LADYWOOD", action=f"add:{primary.urn}"),
    )
    assert chosen_urns(both) == [str(academy.urn), str(primary.urn)]
    assert value_of(both, f"days-{academy.urn}") == "2.5"

    removed = post(
        client,
        "/register/add",
        answers(academy.urn, primary.urn, action=f"remove:{academy.urn}"),
    )
    assert chosen_urns(removed) == [str(primary.urn)]
    assert _typed(removed) == TYPED
    assert session.scalars(select(Partnership)).all() == []

    post(client, "/register/add", answers(primary.urn), expected_status=302)
    assert [s.school_urn for s in session.scalars(select(Partnership)).one().schools] == [
        primary.urn
    ]


def test_find_a_school_by_urn(client: FlaskClient) -> None:
    """A URN finds that one school."""
    police_client(client)
    wanted = create_school(name="Nechells Primary E-ACT Academy")
    create_school(name="Another School")
    found = post(client, "/register/add", answers(school_search=f" {wanted.urn} ", action="find"))
    assert _found(found) == ["Nechells Primary E-ACT Academy, B1 1AA"]
    assert not found.errors


def test_closed_school_found_by_urn_cannot_be_added(client: FlaskClient) -> None:
    """A closed school is listed when its URN is typed, marked closed, without an Add button."""
    police_client(client)
    closed = create_school(name="Old Hall School", is_open=False, status="Closed")
    found = post(client, "/register/add", answers(school_search=str(closed.urn), action="find"))
    assert _found(found) == ["Old Hall School, B1 1AA"]
    assert f"add:{closed.urn}" not in [b.get("value") for b in found.soup.select("button")]


def test_finding_nothing_says_so(client: FlaskClient) -> None:
    """A name that matches no school says so, with no error."""
    police_client(client)
    page = post(client, "/register/add", answers(school_search="Hogwarts", action="find"))
    assert "No school matches \u2018Hogwarts\u2019" in page.text
    assert not page.errors


def test_find_with_nothing_typed_asks_for_a_urn_or_name(client: FlaskClient) -> None:
    """Pressing Find school with an empty box asks for something to find."""
    police_client(client)
    page = post(client, "/register/add", answers(action="find"))
    assert page.errors == ["Enter a URN or part of a school\u2019s name"]
    assert value_of(page, "reference") == "WM-001"


def test_search_treats_percent_and_underscore_as_text(app: object) -> None:
    """Wildcards typed into the search match themselves, not every school."""
    create_school(name="Oakfield Primary School")
    assert find_schools("%") == []
    assert find_schools("_") == []
    assert [s.name for s in find_schools("oakfield")] == ["Oakfield Primary School"]


def test_search_lists_at_most_20_schools(app: object) -> None:
    """A broad search lists the first 20 by name."""
    for number in range(22):
        create_school(name=f"Saint Mary School {number:02d}")
    found = find_schools("saint mary")
    assert len(found) == 20
    assert found[0].name == "Saint Mary School 00"


def test_school_names_are_shown_as_text_never_as_markup(client: FlaskClient) -> None:
    """A name holding HTML is escaped in the results, the chosen schools and the buttons."""
    police_client(client)
    odd = create_school(name="<b>Bold</b> School")
    page = post(client, "/register/add", answers(school_search="bold", action=f"add:{odd.urn}"))
    assert page.soup.find("b") is None
    assert "<b>Bold</b> School" in page.text
    buttons = [b.get_text(" ", strip=True) for b in page.soup.select("button[name=action]")]
    assert "Remove <b>Bold</b> School" in buttons


def test_odd_digits_in_the_search_and_the_urns_never_break_the_page(client: FlaskClient) -> None:
    """Superscripts and other characters that look like digits are just text that finds nothing."""
    police_client(client)
    page = post(client, "/register/add", answers(school_search="\u00b2\u00b3", action="find"))
    assert "No school matches" in page.text
    page = post(client, "/register/add", answers(action="add:\u00b2"))
    assert chosen_urns(page) == ["\u00b2"]
    assert "No school has this URN" in page.text
