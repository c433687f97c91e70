"""Every route carries exactly one access decorator, and the decorators do what they say."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from sspcollect.accounts.access import ACCESS_ATTRIBUTE
from sspcollect.models import Role
from tests.factories import create_user, sign_in
from tests.pages import Page, get


def test_every_route_has_an_access_decorator(app: Flask) -> None:
    """A route without a decorator would be open to anyone: fail the build instead."""
    missing = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if not hasattr(app.view_functions[rule.endpoint], ACCESS_ATTRIBUTE)
    ]
    assert missing == []


def test_signed_out_visitor_is_sent_to_sign_in_from_every_protected_route(
    app: Flask, client: FlaskClient
) -> None:
    """Every route that is not public redirects a signed-out visitor to the sign-in page."""
    checked = 0
    for rule in app.url_map.iter_rules():
        access = getattr(app.view_functions[rule.endpoint], ACCESS_ATTRIBUTE)
        if access == ("public",) or rule.arguments or "GET" not in rule.methods:
            continue
        response = client.get(rule.rule)
        assert response.status_code == 302, rule.rule
        assert response.headers["Location"].startswith("/sign-in"), rule.rule
        checked += 1
    assert checked >= 3


def test_school_user_cannot_open_police_or_central_pages(client: FlaskClient) -> None:
    """Roles are checked on every page: the wrong role gets 403."""
    sign_in(client, create_user(Role.SCHOOL))
    get(client, "/school")
    get(client, "/police", expected_status=403)
    get(client, "/overview", expected_status=403)


def test_each_role_lands_on_its_organisations_page(client: FlaskClient) -> None:
    """After sign-in each user lands on their organisation's page (central staff: the nation)."""
    for role, org, heading in [
        (Role.SCHOOL, None, "Oakfield Primary School"),
        (Role.POLICE, "E23000014", "West Midlands"),
        (Role.REVIEWER, "HO", "National overview"),
        (Role.ADMIN, "DFE", "National overview"),
    ]:
        user = create_user(role, org)
        response = sign_in(client, user)
        assert response.status_code == 302
        page = get(client, response.headers["Location"], expected_status=302)
        landing = get(client, page.response.headers["Location"])
        assert heading in landing.heading
        signed_out = client.post("/sign-out", data={"csrf_token": _token(client)})
        assert signed_out.status_code == 302, Page(signed_out).text


def _token(client: FlaskClient) -> str:
    """A CSRF token from any page with the sign-out form."""
    from tests.factories import csrf_token

    return csrf_token(client.get("/help").get_data(as_text=True))


def test_unknown_page_is_a_404_page(client: FlaskClient) -> None:
    """A guessed address gets the GOV.UK 404 page."""
    page = get(client, "/no-such-page", expected_status=404)
    assert page.heading == "Page not found"
