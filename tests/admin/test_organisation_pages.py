"""Admins see each organisation whole, and change only what is the service's own."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.collections.service import open_collection
from sspcollect.db import session
from sspcollect.models import AuditEvent, CollectionStatus, Organisation, Return
from tests.factories import organisation_for
from tests.pages import get, post
from tests.returns.factories import create_collection
from tests.review.world import FORCE_X, build_world, make_user, signed_in


def test_the_organisations_list_links_to_each_organisation(client: FlaskClient) -> None:
    """Names in the list are links to the organisation's page."""
    world = build_world()
    signed_in(client, world.users["admin"])
    page = get(client, "/admin/organisations?q=Alderbrook")
    link = page.soup.select_one("tbody th a")
    assert link is not None and link.get_text(strip=True) == "Alderbrook Primary School"
    school = organisation_for(str(world.school_a.urn))
    assert link["href"] == f"/admin/organisations/{school.id}"


def test_a_schools_page_shows_its_register_details_users_and_returns(client: FlaskClient) -> None:
    """URN, local authority, force area and phase from the register; its users; its returns."""
    world = build_world()
    signed_in(client, world.users["admin"])
    school = organisation_for(str(world.school_a.urn))
    page = get(client, f"/admin/organisations/{school.id}")
    text = page.text
    assert "From the register of schools" in text
    assert str(world.school_a.urn) in text
    assert "Birmingham" in text and "West Midlands" in text
    assert "Ada School" in text
    returns = page.soup.select("main ul.govuk-list li a")
    assert [a["href"] for a in returns] == [f"/review/returns/{world.return_a.id}"]


def test_a_forces_page_shows_its_area_register_and_users(client: FlaskClient) -> None:
    """Its local authorities, the partnerships of its register, and its users."""
    world = build_world()
    signed_in(client, world.users["admin"])
    force = organisation_for(FORCE_X)
    page = get(client, f"/admin/organisations/{force.id}")
    assert "Birmingham" in page.text and "Coventry" in page.text
    assert "Xanthic Schools Team" in page.text
    assert "Xavier Police" in page.text


def test_a_central_departments_page_shows_its_users(client: FlaskClient) -> None:
    """The Department for Education's reviewers are listed; it has no returns section."""
    world = build_world()
    signed_in(client, world.users["admin"])
    department = organisation_for("DFE")
    page = get(client, f"/admin/organisations/{department.id}")
    assert "Rita Reviewer" in page.text
    assert "Returns" not in [h.get_text(strip=True) for h in page.soup.select("h2")]


def test_an_unknown_organisation_is_not_found(client: FlaskClient) -> None:
    """A made-up id is a 404."""
    signed_in(client, make_user("admin", "HO", "Adam Admin"))
    get(client, "/admin/organisations/999999", expected_status=404)


def test_only_admins_see_organisation_pages(client: FlaskClient) -> None:
    """A reviewer is refused the page and the change."""
    world = build_world()
    signed_in(client, world.users["reviewer"])
    school = organisation_for(str(world.school_a.urn))
    assert client.get(f"/admin/organisations/{school.id}").status_code == 403
    assert client.get(f"/admin/organisations/{school.id}/edit").status_code == 403


def test_admin_changes_the_contact_and_the_change_is_audited_in_words(
    client: FlaskClient,
) -> None:
    """The contact is kept, shown on the page, and recorded with a sentence."""
    world = build_world()
    signed_in(client, world.users["admin"])
    school = organisation_for(str(world.school_a.urn))
    url = f"/admin/organisations/{school.id}/edit"
    data = {"contact_name": "Priya Shah", "contact_email": "p.shah@example.sch.uk", "active": "yes"}
    done = post(client, url, data, 302)
    assert done.response.headers["Location"] == f"/admin/organisations/{school.id}"
    page = get(client, f"/admin/organisations/{school.id}")
    assert "Priya Shah" in page.text and "p.shah@example.sch.uk" in page.text
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "organisation_changed")
    ).one()
    assert event.changes == {
        "contact_name": [None, "Priya Shah"],
        "contact_email": [None, "p.shah@example.sch.uk"],
    }
    assert event.comment == (
        "Changed Alderbrook Primary School: contact name to Priya Shah; "
        "contact email to p.shah@example.sch.uk."
    )


def test_a_wrong_email_and_no_choice_are_refused_and_nothing_changes(
    client: FlaskClient,
) -> None:
    """The page says what to put right, with the Error: title, and keeps what was typed."""
    world = build_world()
    signed_in(client, world.users["admin"])
    school = organisation_for(str(world.school_a.urn))
    url = f"/admin/organisations/{school.id}/edit"
    page = post(client, url, {"contact_name": "Priya", "contact_email": "not an email"}, 400)
    assert page.soup.title is not None and page.soup.title.text.startswith("Error: ")
    assert "Enter an email address in the correct format" in page.text
    assert "Select whether the organisation takes part in collections" in page.text
    assert 'value="Priya"' in page.response.get_data(as_text=True)
    session.expire_all()
    kept = session.get(Organisation, school.id)
    assert kept is not None and kept.contact_name is None


def test_an_organisation_that_does_not_take_part_gets_no_return_when_a_collection_opens(
    client: FlaskClient,
) -> None:
    """School A is marked as not taking part; opening the next collection passes it over."""
    world = build_world()
    signed_in(client, world.users["admin"])
    school = organisation_for(str(world.school_a.urn))
    post(client, f"/admin/organisations/{school.id}/edit", {"active": "no"}, 302)
    page = get(client, f"/admin/organisations/{school.id}")
    assert "does not take part in collections" in page.text
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "organisation_changed")
    ).one()
    assert event.changes == {"takes_part_in_collections": [True, False]}
    log = get(client, "/admin/audit")
    assert "The details Alderbrook Primary School keeps with the service were changed" in log.text
    assert "Takes part in collections" in log.text
    later = create_collection(status=CollectionStatus.DRAFT)
    session.expire_all()
    open_collection(later, ["Primary", "Secondary"])
    organisations = set(
        session.scalars(select(Return.organisation_id).where(Return.collection_id == later.id))
    )
    assert school.id not in organisations
    assert organisation_for(str(world.school_b.urn)).id in organisations
