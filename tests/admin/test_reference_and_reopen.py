"""Organisations, the Violence Reduction Unit flag of force areas, and reopening a return."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.db import session
from sspcollect.models import AuditEvent, CollectionStatus, ForceArea, Return, ReturnStatus
from tests.conftest import Outbox
from tests.factories import create_school
from tests.pages import get, post
from tests.review.world import build_world, make_user, signed_in, submit


def _vru(code: str) -> bool:
    """The flag as the database holds it now."""
    session.expire_all()
    area = session.get(ForceArea, code)
    assert area is not None
    return area.vru


def test_admin_marks_and_unmarks_a_violence_reduction_unit_area(client: FlaskClient) -> None:
    """The flag changes, the page says so, and the audit trail records both changes."""
    signed_in(client, make_user("admin", "DFE", "Adam Admin"))
    code = "E23000002"  # Cumbria, not a VRU area in the reference data
    assert not _vru(code)
    done = post(
        client, f"/admin/force-areas/{code}/vru", {"vru": "yes"}, 302, form_url="/admin/force-areas"
    )
    assert done.response.headers["Location"] == "/admin/force-areas"
    assert _vru(code)
    page = get(client, "/admin/force-areas")
    assert "Cumbria is now a Violence Reduction Unit area" in page.text
    post(
        client, f"/admin/force-areas/{code}/vru", {"vru": "no"}, 302, form_url="/admin/force-areas"
    )
    assert not _vru(code)
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "force_area_vru_changed")
        .order_by(AuditEvent.id)
    ).all()
    assert [e.changes for e in events] == [{"vru": [False, True]}, {"vru": [True, False]}]
    assert all(e.object_id == code for e in events)


def test_vru_change_without_a_choice_or_for_an_unknown_area_is_refused(client: FlaskClient) -> None:
    """A missing choice is a page of errors; an unknown area is not found."""
    signed_in(client, make_user("admin", "DFE", "Adam Admin"))
    refused = post(
        client,
        "/admin/force-areas/E23000002/vru",
        {"vru": "maybe"},
        400,
        form_url="/admin/force-areas",
    )
    assert refused.errors == ["Choose whether the area is a Violence Reduction Unit area"]
    post(client, "/admin/force-areas/X99/vru", {"vru": "yes"}, 404, form_url="/admin/force-areas")


def test_reviewer_cannot_change_the_vru_flag(client: FlaskClient) -> None:
    """The flag is reference data: admins only."""
    signed_in(client, make_user("reviewer", "DFE", "Rita Reviewer"))
    post(client, "/admin/force-areas/E23000002/vru", {"vru": "yes"}, 403, form_url="/help")
    assert not _vru("E23000002")


def test_organisations_are_searched_by_code_or_name(client: FlaskClient) -> None:
    """Schools, forces and departments, with how many users each has."""
    signed_in(client, make_user("admin", "DFE", "Adam Admin"))
    school = create_school(name="Quillfeather Academy")
    make_user("school", str(school.urn), "Quinn")

    def rows(query: str) -> list[list[str]]:
        page = get(client, f"/admin/organisations?{query}")
        return [
            [c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
            for tr in page.soup.select("tbody tr")
        ]

    [row] = rows("q=quillfeather")
    assert row[:3] == ["Quillfeather Academy", str(school.urn), "School"]
    assert row[3].startswith("1")
    assert rows(f"q={school.urn}")[0][0] == "Quillfeather Academy"
    assert rows("q=e23000014")[0][:3] == ["West Midlands", "E23000014", "Police force"]
    assert [r[0] for r in rows("kind=central")] == ["Department for Education", "Home Office"]


def _reload(return_: Return) -> Return:
    """The return as the database holds it now."""
    session.expire_all()
    found = session.get(Return, return_.id)
    assert found is not None
    return found


REASON = "The school found an error in its suspensions figure after submitting."


def test_admin_reopens_a_submitted_return_for_its_organisation(
    client: FlaskClient, outbox: Outbox
) -> None:
    """Submitted → in progress, after a confirmation with a reason, recorded and emailed."""
    world = build_world()
    submit(world.return_a)
    signed_in(client, world.users["admin"])
    review = get(client, f"/review/returns/{world.return_a.id}")
    assert "Reopen this return for the organisation" in review.text
    confirm = get(client, f"/admin/returns/{world.return_a.id}/reopen")
    assert "Why are you reopening this return?" in confirm.text
    assert world.school_a.name in confirm.heading
    version = confirm.soup.find("input", {"name": "version"})["value"]
    post(
        client,
        f"/admin/returns/{world.return_a.id}/reopen",
        {"version": version, "reason": REASON},
        302,
    )
    stored = _reload(world.return_a)
    assert stored.status == ReturnStatus.IN_PROGRESS
    assert stored.is_editable
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "return_reopened"))
    assert event is not None and event.changes == {"status": ["submitted", "in_progress"]}
    assert event.comment == REASON
    [email] = outbox.to(world.users["school"].email)
    assert str(email["Subject"]) == f"The return for {world.school_a.name} has been reopened"
    assert REASON in email.get_body(("plain",)).get_content()
    assert REASON in email.get_body(("html",)).get_content()


def test_reopening_needs_a_reason(client: FlaskClient, outbox: Outbox) -> None:
    """Without a reason nothing changes and nobody is emailed; the page asks for one."""
    world = build_world()
    submit(world.return_a)
    signed_in(client, world.users["admin"])
    refused = post(
        client,
        f"/admin/returns/{world.return_a.id}/reopen",
        {"version": str(world.return_a.version), "reason": "   "},
        400,
    )
    assert refused.errors == ["Enter why the return is being reopened"]
    assert refused.soup.select_one("#reason-error") is not None
    assert _reload(world.return_a).status == ReturnStatus.SUBMITTED
    assert outbox.messages() == []


def test_admin_reopens_one_return_of_a_closed_collection(client: FlaskClient) -> None:
    """Only that return opens again; returning it for amendment stays refused."""
    world = build_world()
    submit(world.return_a)
    world.collection.status = CollectionStatus.CLOSED
    session.commit()
    signed_in(client, world.users["admin"])
    refused = post(
        client,
        f"/review/returns/{world.return_a.id}/return-for-amendment",
        {"version": str(world.return_a.version), "comment": "Please check"},
        409,
        form_url="/help",
    )
    assert refused.errors[0].startswith("This return's collection is closed")
    confirm = get(client, f"/admin/returns/{world.return_a.id}/reopen")
    assert "only this return opens again" in confirm.text
    version = confirm.soup.find("input", {"name": "version"})["value"]
    post(
        client,
        f"/admin/returns/{world.return_a.id}/reopen",
        {"version": version, "reason": REASON},
        302,
    )
    stored = _reload(world.return_a)
    assert stored.status == ReturnStatus.IN_PROGRESS
    assert stored.reopened
    assert stored.is_editable
    assert not _reload(world.return_b).is_editable


def test_a_return_still_in_the_organisations_hands_needs_no_reopening(client: FlaskClient) -> None:
    """Only submitted, accepted or returned returns are reopened; reviewers cannot reopen."""
    world = build_world()
    signed_in(client, world.users["admin"])
    refused = post(
        client,
        f"/admin/returns/{world.return_a.id}/reopen",
        {"version": str(world.return_a.version), "reason": REASON},
        409,
        form_url="/help",
    )
    assert refused.errors == ["The organisation can already change this return"]
    reviewer = signed_in(client.application.test_client(), world.users["reviewer"])
    assert reviewer.get(f"/admin/returns/{world.return_a.id}/reopen").status_code == 403


def test_reopening_keeps_the_list_the_admin_came_from(client: FlaskClient) -> None:
    """From a filtered list, reopening and cancelling both lead back to that same list."""
    world = build_world()
    submit(world.return_a)
    signed_in(client, world.users["admin"])
    kept = "status=submitted&kind=school"
    review = get(client, f"/review/returns/{world.return_a.id}?{kept}")
    link = review.soup.find("a", string="Reopen this return for the organisation")
    assert link is not None
    assert link["href"] == f"/admin/returns/{world.return_a.id}/reopen?{kept}"
    confirm = get(client, str(link["href"]))
    here = f"/review/returns/{world.return_a.id}?{kept}"
    assert confirm.soup.select_one(".govuk-back-link")["href"] == here
    assert confirm.soup.find("a", string="Cancel")["href"] == here
    form = {
        str(field["name"]): str(field["value"])
        for field in confirm.soup.select("form input[type=hidden]")
        if field["name"] != "csrf_token"
    }
    assert form["status"] == "submitted" and form["kind"] == "school"
    done = post(
        client,
        f"/admin/returns/{world.return_a.id}/reopen",
        form | {"reason": REASON},
        302,
        form_url=str(link["href"]),
    )
    assert done.response.headers["Location"] == here
    reopened = get(client, here)
    back = reopened.soup.select_one(".govuk-back-link")
    assert back["href"] == f"/review/{world.collection.id}/returns?{kept}"
