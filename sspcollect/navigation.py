"""The service navigation shown to each role."""

from __future__ import annotations

from typing import Any

from flask import url_for

from sspcollect.models import User

# (label, endpoint, roles that see it); later parts of the service add their entries here.
NAVIGATION: list[tuple[str, str, frozenset[str]]] = [
    ("Your school", "pages.school_home", frozenset({"school"})),
    ("Your force", "pages.police_home", frozenset({"police"})),
    ("Register", "register.index", frozenset({"police"})),
    ("National overview", "pages.overview", frozenset({"reviewer", "admin"})),
    ("Review", "review.index", frozenset({"reviewer", "admin"})),
    ("Datasets", "datasets.index", frozenset({"reviewer", "admin"})),
    ("Collections", "collections.index", frozenset({"admin"})),
    ("Users", "admin.users_list", frozenset({"admin"})),
]


def items_for(user: User, endpoint: str) -> list[dict[str, Any]]:
    """The navigation items for user, marking the one for the current page as active."""
    return [
        {"text": label, "href": url_for(target), "active": endpoint == target}
        for label, target, allowed in NAVIGATION
        if user.role in allowed
    ]
