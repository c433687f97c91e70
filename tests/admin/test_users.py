"""Administering users: invite, disable and enable, change role; each in the audit trail."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.db import session
from sspcollect.models import AuditEvent, User
from tests.conftest import Outbox
from tests.factories import create_school
from tests.pages import get, post
from tests.review.world import make_user, signed_in


def _admin(client: FlaskClient) -> User:
    """An admin, signed in on client."""
    admin = make_user("admin", "DFE", "Adam Admin")
    signed_in(client, admin)
    return admin


def _reload(user: User) -> User:
    """The user as the database holds it now."""
    session.expire_all()
    found = session.get(User, user.id)
    assert found is not None
    return found


def _events(action: str) -> list[AuditEvent]:
    """Audit events of one action."""
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_admin_invites_a_user_who_gets_an_email(client: FlaskClient, outbox: Outbox) -> None:
    """Name, email, role and organisation make an account and send the invitation."""
    _admin(client)
    school = create_school(name="Hollins Park School")
    done = post(
        client,
        "/admin/users/invite",
        {
            "name": "Priya Patel",
            "email": "Priya.Patel@Example.org",
            "role": "school",
            "organisation_code": str(school.urn),
        },
        expected_status=302,
    )
    user = session.scalar(select(User).where(User.email == "priya.patel@example.org"))
    assert user is not None and user.role == "school" and user.password_hash is None
    assert done.response.headers["Location"] == f"/admin/users/{user.id}"
    assert len(outbox.to("priya.patel@example.org")) == 1
    [event] = _events("user_created")
    assert event.object_id == str(user.id)
    page = get(client, f"/admin/users/{user.id}")
    assert "Invitation sent to priya.patel@example.org" in page.text
    assert "Hollins Park School" in page.text


def test_invite_explains_every_problem(client: FlaskClient) -> None:
    """Blank answers, an unknown organisation and a role the organisation cannot hold."""
    _admin(client)
    blank = post(client, "/admin/users/invite", {})
    assert blank.errors == [
        "Enter the user\u2019s full name",
        "Enter the user\u2019s email address",
        "Select the user\u2019s role",
        "Enter the organisation\u2019s code",
    ]
    unknown = post(
        client,
        "/admin/users/invite",
        {"name": "A", "email": "a@example.org", "role": "school", "organisation_code": "999999"},
    )
    assert unknown.errors == ["No organisation has the code 999999"]
    school = create_school()
    wrong_role = post(
        client,
        "/admin/users/invite",
        {
            "name": "A",
            "email": "a@example.org",
            "role": "reviewer",
            "organisation_code": str(school.urn),
        },
    )
    assert wrong_role.errors == ["A school organisation cannot have reviewer users"]
    assert wrong_role.soup.select_one("#role-error") is not None
    taken = make_user("reviewer", "DFE", "Taken")
    duplicate = post(
        client,
        "/admin/users/invite",
        {"name": "B", "email": taken.email, "role": "reviewer", "organisation_code": "DFE"},
    )
    assert duplicate.errors == [f"There is already an account for {taken.email}"]
    assert session.scalar(select(User).where(User.email == "a@example.org")) is None


def test_disabling_a_user_ends_their_sessions_and_enabling_lets_them_back(
    app: Flask, client: FlaskClient
) -> None:
    """Disable: inactive, signed out everywhere, in the audit trail; enable undoes it."""
    _admin(client)
    reviewer = make_user("reviewer", "DFE", "Rita Reviewer")
    theirs = signed_in(app.test_client(), reviewer)
    assert theirs.get("/overview").status_code == 200
    before = reviewer.session_version
    post(
        client,
        f"/admin/users/{reviewer.id}/disable",
        expected_status=302,
        form_url=f"/admin/users/{reviewer.id}",
    )
    stored = _reload(reviewer)
    assert not stored.active
    assert stored.session_version == before + 1
    ended = theirs.get("/overview")
    assert ended.status_code == 302 and ended.headers["Location"].startswith("/sign-in")
    [event] = _events("user_disabled")
    assert event.organisation_id == reviewer.organisation_id
    assert event.changes == {"active": [True, False]}
    assert "Enable user" in get(client, f"/admin/users/{reviewer.id}").text

    post(
        client,
        f"/admin/users/{reviewer.id}/enable",
        expected_status=302,
        form_url=f"/admin/users/{reviewer.id}",
    )
    assert _reload(reviewer).active
    assert len(_events("user_enabled")) == 1
    assert signed_in(app.test_client(), reviewer).get("/overview").status_code == 200


def test_admin_cannot_disable_or_re_role_themselves(client: FlaskClient) -> None:
    """An admin cannot lock themselves out."""
    admin = _admin(client)
    page = get(client, f"/admin/users/{admin.id}")
    assert "Disable user" not in page.text
    refused = post(
        client, f"/admin/users/{admin.id}/disable", expected_status=409, form_url="/help"
    )
    assert refused.errors == ["You cannot disable your own account"]
    refused = post(
        client,
        f"/admin/users/{admin.id}/role",
        {"role": "reviewer"},
        expected_status=409,
        form_url="/help",
    )
    assert refused.errors == ["You cannot change the role of your own account"]
    assert _reload(admin).active and _reload(admin).role == "admin"


def test_role_changes_only_to_a_role_the_organisation_may_hold(client: FlaskClient) -> None:
    """A reviewer can become an admin; a school user cannot become a reviewer."""
    _admin(client)
    reviewer = make_user("reviewer", "DFE", "Rita Reviewer")
    page = get(client, f"/admin/users/{reviewer.id}")
    options = [i["value"] for i in page.soup.select("input[name=role]")]
    assert options == ["reviewer", "admin"]
    post(
        client,
        f"/admin/users/{reviewer.id}/role",
        {"role": "admin"},
        expected_status=302,
        form_url=f"/admin/users/{reviewer.id}",
    )
    assert _reload(reviewer).role == "admin"
    [event] = _events("user_role_changed")
    assert event.changes == {"role": ["reviewer", "admin"]}

    teacher = make_user("school", str(create_school().urn), "Tom Teacher")
    assert not get(client, f"/admin/users/{teacher.id}").soup.select("input[name=role]")
    refused = post(
        client,
        f"/admin/users/{teacher.id}/role",
        {"role": "reviewer"},
        expected_status=409,
        form_url="/help",
    )
    assert refused.errors == ["Choose a role that a school organisation can hold"]
    assert _reload(teacher).role == "school"


def test_user_list_filters_by_name_role_organisation_and_status(client: FlaskClient) -> None:
    """The list narrows to what the admin asks for."""
    _admin(client)
    school = create_school()
    make_user("school", str(school.urn), "Sally Schoolperson")
    police = make_user("police", "E23000014", "Pat Police")
    police.active = False
    session.commit()

    def names(query: str) -> list[str]:
        page = get(client, f"/admin/users?{query}")
        return [th.get_text(strip=True) for th in page.soup.select("tbody th")]

    assert names("role=police") == ["Pat Police"]
    assert names(f"organisation={school.urn}") == ["Sally Schoolperson"]
    assert names("q=sally") == ["Sally Schoolperson"]
    assert names("status=disabled") == ["Pat Police"]
    assert "Adam Admin" in names("")


def test_unknown_user_is_not_found(client: FlaskClient) -> None:
    """A guessed user id gets 404."""
    _admin(client)
    get(client, "/admin/users/999999", expected_status=404)


def test_users_list_says_when_each_user_last_signed_in(client: FlaskClient) -> None:
    """The list shows the last sign-in in UK time, or that the user never has."""
    admin = _admin(client)
    make_user("reviewer", "DFE", "Nadia Never")
    page = get(client, "/admin/users")
    headers = [th.get_text(strip=True) for th in page.soup.select("thead th")]
    assert "Last signed in" in headers
    rows = {
        tr.find("th").get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in page.soup.select("tbody tr")
    }
    assert rows["Nadia Never"][-1] == "Never"
    signed_in_at = _reload(admin).last_signed_in_at
    assert signed_in_at is not None
    assert rows["Adam Admin"][-1].startswith(f"{signed_in_at.day} ")
    assert " at " in rows["Adam Admin"][-1]


def test_admin_pages_are_in_the_header_navigation(client: FlaskClient) -> None:
    """Admins reach users, organisations, force areas and the audit log from every page."""
    _admin(client)
    page = get(client, "/admin/users/invite")
    links = {a.get_text(strip=True): a for a in page.soup.select(".govuk-service-navigation__link")}
    for text, href in [
        ("Users", "/admin/users"),
        ("Organisations", "/admin/organisations"),
        ("Force areas", "/admin/force-areas"),
        ("Audit log", "/admin/audit"),
    ]:
        assert links[text]["href"] == href
    # The invitation page is part of Users, and the navigation says so.
    assert links["Users"].get("aria-current") == "true"
    assert (
        get(client, "/admin/audit").soup.select_one("[aria-current=page]").get_text(strip=True)
        == "Audit log"
    )


def test_reviewers_do_not_see_the_admin_pages_in_the_navigation(client: FlaskClient) -> None:
    """A reviewer's header leads to the review pages only."""
    signed_in(client, make_user("reviewer", "DFE", "Rita Reviewer"))
    page = get(client, "/overview")
    texts = [a.get_text(strip=True) for a in page.soup.select(".govuk-service-navigation__link")]
    assert "Review" in texts
    assert not {"Users", "Organisations", "Force areas", "Audit log"} & set(texts)
