"""The service navigation shown to each role, with the part of the service a page belongs to."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import LazyString, lazy_gettext

from sspcollect.models import User

CENTRAL = frozenset({"reviewer", "admin"})
ADMIN = frozenset({"admin"})

# (label, endpoint, roles that see it); later parts of the service add their entries here.
# Labels are in the catalogue, so the header reads in the page's language.
NAVIGATION: list[tuple[str | LazyString, str, frozenset[str]]] = [
    (lazy_gettext("Your school"), "pages.school_home", frozenset({"school"})),
    (lazy_gettext("Your force"), "pages.police_home", frozenset({"police"})),
    (lazy_gettext("Register"), "register.index", frozenset({"police"})),
    (lazy_gettext("National overview"), "pages.overview", CENTRAL),
    (lazy_gettext("Review"), "review.index", CENTRAL),
    (lazy_gettext("Datasets"), "datasets.index", CENTRAL),
    (lazy_gettext("Collections"), "collections.index", ADMIN),
    (lazy_gettext("Users"), "admin.users_list", ADMIN),
    (lazy_gettext("Organisations"), "admin.organisations_list", ADMIN),
    (lazy_gettext("Force areas"), "admin.force_areas", ADMIN),
    (lazy_gettext("Audit log"), "admin.audit", ADMIN),
]


def _within(path: str, section: str) -> bool:
    """True when path is section's page or a page below it (/review/3 is within /review)."""
    return path == section or path.startswith(section.rstrip("/") + "/")


def items_for(user: User, endpoint: str, path: str = "") -> list[dict[str, Any]]:
    """The navigation items for user: the page itself is current, the section holding it active."""
    items = [
        {"text": str(label), "href": url_for(target), "current": endpoint == target}
        for label, target, allowed in NAVIGATION
        if user.role in allowed
    ]
    if path and not any(item["current"] for item in items):
        # The deepest section that holds the page: /admin/users/7 is under Users.
        holders = [item for item in items if _within(path, str(item["href"]))]
        if holders:
            max(holders, key=lambda item: len(str(item["href"])))["active"] = True
    return items
