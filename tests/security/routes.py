"""Every route in the URL map, with its path filled from a small world, and the user to try it."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from sqlalchemy import func, select

from sspcollect.accounts.access import ACCESS_ATTRIBUTE
from sspcollect.db import Base, session
from sspcollect.models import User
from sspcollect.returns.school_forms import PAGES
from tests.review.world import FORCE_X, World


@dataclass(frozen=True)
class Route:
    """One URL of the service, ready to request."""

    endpoint: str
    url: str
    methods: frozenset[str]
    access: tuple[str, ...]

    @property
    def public(self) -> bool:
        """True when the route needs no sign-in."""
        return self.access == ("public",)


def _arguments(endpoint: str, world: World) -> dict[str, object]:
    """Ids of real objects for each path argument an endpoint may take."""
    police = endpoint.startswith(("force_returns.", "register."))
    return {
        "return_id": world.return_x.id if police else world.return_a.id,
        "partnership_id": world.partnership_x.id,
        "finding_id": 1,
        "collection_id": world.collection.id,
        "user_id": world.users["spare"].id,
        "organisation_id": world.return_a.organisation_id,
        "import_id": 1,
        "publication_id": 1,
        "code": FORCE_X,
        "slug": PAGES[0].slug,
        "token": "a" * 43,
        "name": "file.csv",
        "filename": "govuk-frontend.min.css",
    }


def every_route(app: Flask, world: World) -> list[Route]:
    """The routes of app (assets and static files aside), with their URLs filled in."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in {"static", "assets.asset"}:
            continue
        values = _arguments(rule.endpoint, world)
        url = rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)
        assert url is not None, rule.rule
        view = app.view_functions[rule.endpoint]
        routes.append(
            Route(
                rule.endpoint,
                url[1],
                frozenset(rule.methods or ()) - {"HEAD", "OPTIONS"},
                getattr(view, ACCESS_ATTRIBUTE),
            )
        )
    return sorted(routes, key=lambda route: route.url)


def user_for(route: Route, world: World) -> User:
    """A user whose role may use route."""
    roles = route.access[1:] if route.access[0] == "roles" else ("admin",)
    name = {"school": "school", "police": "police", "reviewer": "reviewer"}.get(roles[0], "admin")
    return world.users[name]


def row_counts() -> dict[str, int]:
    """How many rows every table holds."""
    session.expire_all()
    return {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in Base.metadata.sorted_tables
    }
