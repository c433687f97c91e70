"""Every POST refuses a missing or forged CSRF token; every protected route wants a sign-in."""

from __future__ import annotations

from flask import Flask

from tests.factories import csrf_token
from tests.pages import Page
from tests.review.world import build_world, signed_in
from tests.security.routes import every_route, row_counts, user_for


def _post_everywhere(app: Flask, token_for: str) -> None:
    """POST to every POST route as a user allowed there, with a missing or forged token."""
    world = build_world()
    # A token that is real, but belongs to another person's session.
    other = app.test_client()
    forged = csrf_token(other.get("/sign-in").get_data(as_text=True))
    posts = [route for route in every_route(app, world) if "POST" in route.methods]
    assert len(posts) > 20
    clients = {}
    for route in posts:
        user = user_for(route, world)
        if user.id not in clients:
            clients[user.id] = signed_in(app.test_client(), user)
    before = row_counts()
    for route in posts:
        user = user_for(route, world)
        data = {"confirm": "yes", "comment": "Forged", "name": "Forged", "email": "x@example.org"}
        if token_for == "forged":
            data["csrf_token"] = forged
        elif token_for == "garbage":
            data["csrf_token"] = "not-a-token"
        page = Page(clients[user.id].post(route.url, data=data))
        assert page.status == 400, f"{route.url}: {page.status}"
        assert page.heading == "The form has expired", route.url
    assert row_counts() == before


def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing(app: Flask) -> None:
    _post_everywhere(app, "missing")


def test_every_post_with_another_sessions_csrf_token_is_refused_and_changes_nothing(
    app: Flask,
) -> None:
    _post_everywhere(app, "forged")


def test_every_post_with_a_made_up_csrf_token_is_refused(app: Flask) -> None:
    _post_everywhere(app, "garbage")


def test_signed_out_requests_to_every_protected_route_go_to_sign_in(app: Flask) -> None:
    world = build_world()
    client = app.test_client()
    token = csrf_token(client.get("/sign-in").get_data(as_text=True))
    before = row_counts()
    protected = [route for route in every_route(app, world) if not route.public]
    assert len(protected) > 40
    for route in protected:
        for method in sorted(route.methods):
            data = {"csrf_token": token} if method == "POST" else None
            response = client.open(route.url, method=method, data=data)
            assert response.status_code == 302, f"{method} {route.url}: {response.status_code}"
            assert response.headers["Location"].startswith("/sign-in"), route.url
    assert row_counts() == before


def test_public_routes_are_only_the_expected_ones(app: Flask) -> None:
    world = build_world()
    public = {route.endpoint for route in every_route(app, world) if route.public}
    assert public == {
        "pages.home",
        "pages.start",
        "rules.catalogue",
        "pages.accessibility",
        "pages.cookies",
        "pages.help",
        "pages.privacy",
        "health.healthz",
        "health.readyz",
        "accounts.sign_in",
        "accounts.forgot_password",
        "accounts.set_password",
        "accounts.reset_password",
        "accounts.session_status",
    }
