"""Changing partnerships: versioned saves, the audit trail, and another force's partnerships."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text

from sspcollect.db import database, session
from sspcollect.models import AuditEvent, Partnership, Role
from sspcollect.register import service
from sspcollect.register.service import Draft
from sspcollect.versioning import StaleEditError
from tests.factories import create_school, create_user, csrf_token, sign_in
from tests.pages import Page, get, post
from tests.register.helpers import (
    METROPOLITAN,
    WEST_MIDLANDS,
    answers,
    chosen_urns,
    create_partnership,
    hidden_value,
    police_client,
    submit,
    value_of,
)


def _fresh(partnership_id: int) -> Partnership:
    """The partnership as the database holds it now."""
    session.expire_all()
    found = session.get(Partnership, partnership_id)
    assert found is not None
    return found


def test_edit_page_shows_the_kept_answers(client: FlaskClient) -> None:
    """The change page opens with every answer as it was saved."""
    police_client(client)
    first, second = create_school(name="Ladywood Academy"), create_school()
    partnership = create_partnership(
        WEST_MIDLANDS, [first.urn, second.urn], funded_until=date(2027, 3, 31)
    )
    page = get(client, f"/register/{partnership.id}/edit")
    assert page.heading == "Change REF-1 A partnership"
    assert value_of(page, "reference") == "REF-1"
    assert value_of(page, "fte") == "1.0"
    assert value_of(page, "funded_until-day") == "31"
    assert value_of(page, "end_date-day") == ""
    assert hidden_value(page, "version") == "1"
    assert chosen_urns(page) == [str(first.urn), str(second.urn)]
    assert "Ladywood Academy" in page.text
    checked = {i["name"]: i["value"] for i in page.soup.select("input[type=radio][checked]")}
    assert checked == {
        "model": "cluster",
        "officer_role": "pcso",
        "information_sharing_agreement": "no",
    }


def test_police_user_changes_a_partnership_and_the_change_is_audited(client: FlaskClient) -> None:
    """A save changes the fields, moves the version on, and records what changed."""
    user = police_client(client)
    first, second, third = create_school(), create_school(), create_school()
    partnership = create_partnership(WEST_MIDLANDS, [first.urn, second.urn])
    url = f"/register/{partnership.id}/edit"
    data = answers(second.urn, third.urn, reference="REF-1", name="Renamed")
    saved = submit(client, url, data, expected_status=302)
    assert saved.response.headers["Location"] == f"/register/{partnership.id}"

    kept = _fresh(partnership.id)
    assert kept.name == "Renamed"
    assert kept.version == 2
    assert [s.school_urn for s in kept.schools] == [second.urn, third.urn]
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "partnership_changed")
    ).one()
    assert event.object_type == "partnership"
    assert event.object_id == str(partnership.id)
    assert event.user_id == user.id
    assert event.organisation_id == user.organisation_id
    assert event.changes["name"] == ["A partnership", "Renamed"]
    assert event.changes["fte"] == ["1.0", "1.5"]
    assert event.changes["schools"] == [
        [[first.urn, None], [second.urn, None]],
        [[second.urn, "2.5"], [third.urn, "2.5"]],
    ]
    assert "reference" not in event.changes
    assert "Partnership REF-1 saved" in get(client, f"/register/{partnership.id}").text


def test_changing_only_a_schools_days_moves_the_version_on(client: FlaskClient) -> None:
    """A save of the schools alone is versioned too, so it cannot be lost either."""
    police_client(client)
    first, second = create_school(), create_school()
    partnership = create_partnership(WEST_MIDLANDS, [first.urn, second.urn])
    url = f"/register/{partnership.id}/edit"
    page = get(client, url)
    form = {
        i["name"]: i.get("value", "")
        for i in page.soup.select("form input")
        if i.get("type") not in ("radio", "checkbox")
    }
    form.update(
        {
            "model": "cluster",
            "officer_role": "pcso",
            "information_sharing_agreement": "no",
            "funding_sources": ["pcc"],
            f"days-{first.urn}": "1",
            "action": "save",
        }
    )
    form["school_urn"] = [str(first.urn), str(second.urn)]
    form.pop("csrf_token")
    post(client, url, form, expected_status=302)
    kept = _fresh(partnership.id)
    assert kept.version == 2
    assert str(kept.schools[0].days_per_week) == "1.0"


def test_edit_with_errors_saves_nothing(client: FlaskClient) -> None:
    """Errors on the change page refuse the save and keep what was typed."""
    police_client(client)
    first, second = create_school(), create_school()
    partnership = create_partnership(WEST_MIDLANDS, [first.urn, second.urn])
    page = submit(
        client,
        f"/register/{partnership.id}/edit",
        answers(first.urn, second.urn, fte="100", name="Typed"),
    )
    assert page.errors == ["The full-time equivalent dedicated to schools must be 99.9 or less"]
    assert value_of(page, "name") == "Typed"
    assert _fresh(partnership.id).name == "A partnership"
    assert _fresh(partnership.id).version == 1


def test_edit_keeps_its_own_reference(client: FlaskClient) -> None:
    """POL-002 does not fire on the partnership's own reference."""
    police_client(client)
    first, second = create_school(), create_school()
    partnership = create_partnership(WEST_MIDLANDS, [first.urn, second.urn])
    submit(
        client,
        f"/register/{partnership.id}/edit",
        answers(first.urn, second.urn, reference="ref-1"),
        expected_status=302,
    )
    assert _fresh(partnership.id).reference == "ref-1"


def test_edit_round_trip_carries_the_loaded_version(client: FlaskClient) -> None:
    """Finding a school on the change page keeps the version the page was opened with."""
    police_client(client)
    first = create_school()
    create_school(name="Small Heath School")
    partnership = create_partnership(WEST_MIDLANDS, [first.urn])
    page = submit(
        client,
        f"/register/{partnership.id}/edit",
        answers(first.urn, school_search="small heath", action="find"),
    )
    assert hidden_value(page, "version") == "1"
    assert "Small Heath School" in page.text


@pytest.mark.parametrize("suffix", ["", "/edit", "/end"])
def test_another_forces_partnership_is_not_found(client: FlaskClient, suffix: str) -> None:
    """A police user who guesses another force's partnership gets 404, never the data."""
    school = create_school(la_old_code="202")
    theirs = create_partnership(METROPOLITAN, [school.urn], name="Camden officer")
    police_client(client)
    url = f"/register/{theirs.id}{suffix}"
    page = get(client, url, expected_status=404)
    assert "Camden officer" not in page.text
    if suffix:
        post(
            client,
            url,
            {"version": "1", **answers(school.urn)},
            expected_status=404,
            form_url="/register/add",
        )
    assert _fresh(theirs.id).name == "Camden officer"
    get(client, "/register/999999", expected_status=404)


def test_school_user_gets_403_on_every_register_page(client: FlaskClient) -> None:
    """Only police users reach the register."""
    school = create_school()
    partnership = create_partnership(WEST_MIDLANDS, [school.urn])
    sign_in(client, create_user(Role.SCHOOL))
    for url in [
        "/register",
        "/register/add",
        f"/register/{partnership.id}",
        f"/register/{partnership.id}/edit",
        f"/register/{partnership.id}/end",
    ]:
        get(client, url, expected_status=403)


def _edit_page(app: Flask, user_role_force: str, url: str) -> tuple[FlaskClient, Page]:
    """A new signed-in police client and the change page it loaded."""
    other = app.test_client()
    police_client(other, user_role_force)
    return other, get(other, url)


def test_second_of_two_concurrent_edits_is_refused(app: Flask) -> None:
    """Two people open the same version; the first saves, the second is told and saves nothing."""
    first_school, second_school = create_school(), create_school()
    partnership = create_partnership(WEST_MIDLANDS, [first_school.urn, second_school.urn])
    url = f"/register/{partnership.id}/edit"
    alice, alice_page = _edit_page(app, WEST_MIDLANDS, url)
    bob, bob_page = _edit_page(app, WEST_MIDLANDS, url)
    assert hidden_value(alice_page, "version") == hidden_value(bob_page, "version") == "1"

    alice_data = answers(
        first_school.urn, second_school.urn, reference="REF-1", name="Alice's name"
    )
    alice_post = alice.post(
        url, data={"csrf_token": csrf_token(alice_page.html), "version": "1", **alice_data}
    )
    assert alice_post.status_code == 302

    bob_data = answers(first_school.urn, reference="REF-1", name="Bob's name", model="school_based")
    bob_post = Page(
        bob.post(url, data={"csrf_token": csrf_token(bob_page.html), "version": "1", **bob_data})
    )
    assert bob_post.status == 409
    assert bob_post.errors == [StaleEditError.MESSAGE]
    assert bob_post.title.startswith("Error: ")
    assert value_of(bob_post, "name") == "Alice's name"
    assert hidden_value(bob_post, "version") == "2"

    kept = _fresh(partnership.id)
    assert kept.name == "Alice's name"
    assert kept.model == "cluster"
    assert [s.school_urn for s in kept.schools] == [first_school.urn, second_school.urn]
    assert kept.version == 2
    changes = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "partnership_changed")
    ).all()
    assert len(changes) == 1


def test_missing_version_is_refused_as_stale(client: FlaskClient) -> None:
    """A post without the version it was made from is never taken as current."""
    police_client(client)
    school = create_school()
    partnership = create_partnership(WEST_MIDLANDS, [school.urn])
    url = f"/register/{partnership.id}/edit"
    page = post(client, url, {**answers(school.urn), "version": "abc"}, expected_status=409)
    assert page.errors == [StaleEditError.MESSAGE]


def test_save_beaten_by_a_concurrent_commit_is_refused(app: Flask) -> None:
    """Between the version check and the commit, another save wins: the database refuses ours."""
    school, other = create_school(), create_school()
    partnership = create_partnership(WEST_MIDLANDS, [school.urn, other.urn])
    user = create_user(Role.POLICE, WEST_MIDLANDS)
    loaded = session.get(Partnership, partnership.id)
    assert loaded is not None and loaded.version == 1
    session.commit()  # end the read, as a request that has loaded the row would be between
    with database(app).engine.begin() as connection:
        connection.execute(
            text("UPDATE partnerships SET name = 'Theirs', version = 2 WHERE id = :id"),
            {"id": partnership.id},
        )
    draft = Draft(
        {
            **{
                n: getattr(loaded, n)
                for n in (
                    "reference",
                    "model",
                    "officer_role",
                    "officer_count",
                    "fte",
                    "funding_sources",
                    "information_sharing_agreement",
                    "start_date",
                )
            },
            "name": "Ours",
        },
        [(school.urn, None), (other.urn, None)],
    )
    with pytest.raises(StaleEditError):
        service.update(loaded, draft, 1, user)
    assert _fresh(partnership.id).name == "Theirs"
