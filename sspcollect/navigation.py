"""The service navigation shown to each role, with the part of the service a page belongs to."""

from __future__ import annotations

from typing import Any

from flask import url_for

from sspcollect.models import User

CENTRAL = frozenset({"reviewer", "admin"})
ADMIN = frozenset({"admin"})

# (label, endpoint, roles that see it); later parts of the service add their entries here.
NAVIGATION: list[tuple[str, str, frozenset[str]]] = [
    ("Your school", "pages.school_home", frozenset({"school"})),
    ("Your force", "pages.police_home", frozenset({"police"})),
    ("Register", "register.index", frozenset({"police"})),
    ("National overview", "pages.overview", CENTRAL),
    ("Review", "review.index", CENTRAL),
    ("Datasets", "datasets.index", CENTRAL),
    ("Collections", "collections.index", ADMIN),
    ("Users", "admin.users_list", ADMIN),
    ("Organisations", "admin.organisations_list", ADMIN),
    ("Force areas", "admin.force_areas", ADMIN),
    ("Audit log", "admin.audit", ADMIN),
]


def _within(path: str, section: str) -> bool:
    """True when path is section's page or a page below it (/review/3 is within /review)."""
    return path == section or path.startswith(section.rstrip("/") + "/")


def items_for(user: User, endpoint: str, path: str = "") -> list[dict[str, Any]]:
    """The navigation items for user: the page itself is current, the section holding it active."""
    items = [
        {"text": label, "href": url_for(target), "current": endpoint == target}
        for label, target, allowed in NAVIGATION
        if user.role in allowed
    ]
    if path and not any(item["current"] for item in items):
        # The deepest section that holds the page: /admin/users/7 is under Users.
        holders = [item for item in items if _within(path, str(item["href"]))]
        if holders:
            max(holders, key=lambda item: len(str(item["href"])))["active"] = True
    return items
