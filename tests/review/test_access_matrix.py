"""The access matrix, generated from the app's own URL map: every route, every role, own and
another organisation's objects. No page ever shows another organisation's data, and no
request changes or removes an audit event.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from werkzeug.routing import Rule

from sspcollect.accounts.access import ACCESS_ATTRIBUTE
from sspcollect.db import database
from tests.factories import csrf_token
from tests.review.world import World, build_world, signed_in, submit

ROLES = ("signed_out", "school", "police", "reviewer", "admin")
CENTRAL = {"reviewer", "admin"}
# Arguments that name an object belonging to one organisation.
ORGANISATION_BOUND = {"return_id", "partnership_id"}
SESSION_COOKIE = "sspcollect_session"


@dataclass(frozen=True)
class Session:
    """A signed-in (or signed-out) browser session that can be copied into a fresh client."""

    cookie: str | None
    token: str


def _session_of(app: Flask, user: Any | None) -> Session:
    """Sign user in (or not) on a new client and keep its cookie and a CSRF token."""
    client = app.test_client()
    if user is not None:
        signed_in(client, user)
    # Signed in, every page has the sign-out form; signed out, the sign-in page has a form.
    token = csrf_token(client.get("/help" if user else "/sign-in").get_data(as_text=True))
    cookie = client.get_cookie(SESSION_COOKIE)
    return Session(cookie.value if cookie else None, token)


def _client(app: Flask, session: Session) -> FlaskClient:
    """A fresh client in session, so that signing out in one request leaves the others be."""
    client = app.test_client()
    if session.cookie is not None:
        client.set_cookie(SESSION_COOKIE, session.cookie)
    return client


def _own_and_other(world: World, role: str, rule: Rule) -> dict[str, tuple[Any, Any]]:
    """For each argument a route may take: (own object, another organisation's object)."""
    force_route = "/force" in rule.rule
    if role == "police" or (role not in ("school",) and force_route):
        returns = (world.return_x.id, world.return_y.id)
    else:
        returns = (world.return_a.id, world.return_b.id)
    return {
        "return_id": returns,
        "partnership_id": (world.partnership_x.id, world.partnership_y.id),
        "collection_id": (world.collection.id, world.collection.id),
        "user_id": (world.users["spare"].id, world.users["spare"].id),
        "code": ("E23000014", "E23000014"),
        "token": ("no-such-token", "no-such-token"),
        "slug": ("has-partnership", "has-partnership"),
        "filename": ("app/app.css", "app/app.css"),
    }


def _url(app: Flask, rule: Rule, values: dict[str, Any]) -> str:
    """The address of rule with values."""
    with app.test_request_context():
        adapter = app.url_map.bind("localhost")
        return adapter.build(rule.endpoint, values, method=next(iter(rule.methods or {"GET"})))


def _forbidden_words(world: World, role: str) -> list[str]:
    """What a user of this role must never see: the other school's and the other force's data."""
    other_school = [world.school_b.name, "Bea School"]
    other_force = [world.partnership_y.name, "Yusuf Police"]
    if role == "school":
        return [*other_school, *other_force, world.partnership_x.name, "Xavier Police"]
    if role == "police":
        return [*other_school, *other_force]
    if role == "signed_out":
        return [*other_school, *other_force, world.school_a.name, world.partnership_x.name]
    return []


def _leaks(body: str, words: list[str], urn: int | None) -> list[str]:
    """The forbidden words (and the other school's URN) found in body."""
    found = [word for word in words if word in body]
    if urn is not None and re.search(rf"(?<!\d){urn}(?!\d)", body):
        found.append(str(urn))
    return found


def _allowed(access: tuple[str, ...]) -> set[str]:
    """The roles an access marker lets in."""
    if access == ("public",):
        return set(ROLES)
    if access == ("signed_in",):
        return set(ROLES) - {"signed_out"}
    return set(access[1:])


@dataclass
class Case:
    """One request of the matrix and what came back."""

    role: str
    method: str
    rule: str
    endpoint: str
    variant: str
    url: str
    status: int
    location: str


def _cases(app: Flask, world: World, sessions: dict[str, Session]) -> Iterator[tuple[Case, str]]:
    """Make every request of the matrix; yield each case with its body."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            for role in ROLES:
                choices = _own_and_other(world, role, rule)
                bound = bool(set(rule.arguments) & ORGANISATION_BOUND)
                for variant in ("own", "other") if bound else ("own",):
                    index = 0 if variant == "own" else 1
                    values = {name: choices.get(name, ("1", "1"))[index] for name in rule.arguments}
                    url = _url(app, rule, values)
                    client = _client(app, sessions[role])
                    if method == "GET":
                        response = client.get(url)
                    else:
                        response = client.post(url, data={"csrf_token": sessions[role].token})
                    yield (
                        Case(
                            role,
                            method,
                            rule.rule,
                            rule.endpoint,
                            variant,
                            url,
                            response.status_code,
                            response.headers.get("Location", ""),
                        ),
                        response.get_data().decode("utf-8", "replace"),
                    )


def test_every_route_answers_every_role_as_its_access_rule_says(app: Flask) -> None:
    """Signed out → sign in; wrong role → 403; another's object → 404; never a 500 or a leak."""
    world = build_world()
    submit(world.return_b, world.users["school_b"])
    submit(world.return_y, world.users["police_y"])
    sessions = {
        role: _session_of(app, None if role == "signed_out" else world.users[role])
        for role in ROLES
    }
    changed_audit: list[str] = []

    def watch(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        text = statement.lstrip().upper()
        if text.startswith(("UPDATE", "DELETE")) and "AUDIT_EVENTS" in text:
            changed_audit.append(statement)

    engine = database(app).engine
    event.listen(engine, "before_cursor_execute", watch)
    problems: list[str] = []
    seen = 0
    try:
        for case, body in _cases(app, world, sessions):
            seen += 1
            access = getattr(app.view_functions[case.endpoint], ACCESS_ATTRIBUTE)
            if not _expectation(case, access)(case):
                problems.append(f"{case}")
            urn = world.school_b.urn if case.role in ("school", "police", "signed_out") else None
            leaked = _leaks(body, _forbidden_words(world, case.role), urn)
            if leaked:
                problems.append(f"{case.role} {case.method} {case.url} shows {leaked}")
    finally:
        event.remove(engine, "before_cursor_execute", watch)
    assert problems == []
    assert changed_audit == []
    assert seen > 200


def _expectation(case: Case, access: tuple[str, ...]) -> Any:
    """A check of one case against the route's access rule."""
    allowed = _allowed(access)
    bound = "<int:return_id>" in case.rule or "<int:partnership_id>" in case.rule
    if case.role == "signed_out" and "signed_out" not in allowed:
        return lambda c: c.status == 302 and c.location.startswith("/sign-in")
    if case.role not in allowed:
        return lambda c: c.status == 403
    if case.variant == "other" and case.role not in CENTRAL and bound:
        return lambda c: c.status == 404
    if bound and case.method == "GET" and case.rule.startswith(("/review", "/admin")):
        return lambda c: c.status == 200
    return lambda c: c.status < 500 and c.status != 403


def test_central_staff_see_any_organisations_return_to_review(client: FlaskClient) -> None:
    """Reviewers see every return, whoever made it."""
    world = build_world()
    signed_in(client, world.users["reviewer"])
    for return_ in (world.return_a, world.return_b, world.return_x, world.return_y):
        assert client.get(f"/review/returns/{return_.id}").status_code == 200


def test_a_school_user_guessing_a_review_address_gets_403_and_no_data(
    client: FlaskClient,
) -> None:
    """The review pages are for central staff only."""
    world = build_world()
    signed_in(client, world.users["school"])
    response = client.get(f"/review/returns/{world.return_b.id}")
    assert response.status_code == 403
    assert world.school_b.name not in response.get_data(as_text=True)


def test_no_route_can_change_or_remove_an_audit_event(app: Flask) -> None:
    """No view's source updates or deletes AuditEvent rows, and the log answers GET only."""
    pattern = re.compile(
        r"(update|delete)\(\s*AuditEvent|AuditEvent\)\.(update|delete)|"
        r"(UPDATE|DELETE FROM)\s+audit_events|session\.delete\(\s*event",
        re.IGNORECASE,
    )
    offenders = []
    for endpoint, view in app.view_functions.items():
        target = inspect.unwrap(view)
        module = inspect.getmodule(target)
        source = inspect.getsource(module) if module else inspect.getsource(target)
        if pattern.search(source):
            offenders.append(endpoint)
    assert offenders == []
    for rule in app.url_map.iter_rules():
        if "audit" in rule.rule:
            assert (rule.methods or set()) <= {"GET", "HEAD", "OPTIONS"}, rule.rule
