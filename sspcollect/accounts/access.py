"""Access decorators: every route carries exactly one, and a test fails if one has none.

`public` pages need no sign-in; `signed_in` pages any user; `roles(...)` only the roles named.
Organisation checks (a school sees only its own school) are made by the services that load
objects, which answer 404 for another organisation's object.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, redirect, request, url_for
from flask_login import current_user

from sspcollect.models import CENTRAL_ROLES, Role

ACCESS_ATTRIBUTE = "sspcollect_access"

View = TypeVar("View", bound=Callable[..., Any])


def _mark(view: Callable[..., Any], access: tuple[str, ...]) -> None:
    """Record the access rule on the view, refusing a second decorator."""
    if hasattr(view, ACCESS_ATTRIBUTE):
        raise RuntimeError(f"{view.__name__} already has an access decorator")
    setattr(view, ACCESS_ATTRIBUTE, access)


def public(view: View) -> View:
    """Open to everyone, signed in or not."""
    _mark(view, ("public",))
    return view


def _require(view: View, allowed: frozenset[str] | None, label: tuple[str, ...]) -> View:
    """Wrap view so that only signed-in users (with a role in allowed, if given) reach it."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
        if allowed is not None and current_user.role not in allowed:
            abort(403)
        return view(*args, **kwargs)

    _mark(guarded, label)
    return guarded  # type: ignore[return-value]


def signed_in(view: View) -> View:
    """Any signed-in user."""
    return _require(view, None, ("signed_in",))


def roles(*allowed: Role) -> Callable[[View], View]:
    """Only signed-in users whose role is one of allowed."""
    names = frozenset(str(role) for role in allowed)

    def decorate(view: View) -> View:
        return _require(view, names, ("roles", *sorted(names)))

    return decorate


central = roles(*CENTRAL_ROLES)
"""Reviewers and admins: the Department for Education and Home Office staff."""

admin_only = roles(Role.ADMIN)
"""Service owners only."""
