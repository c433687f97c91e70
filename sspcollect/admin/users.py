"""Managing users: finding them, disabling and enabling them, changing their role.

Inviting is accounts.service.create_user (which emails the invitation). Every change is
recorded in the audit trail against the user's organisation.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from flask import abort
from sqlalchemy import ColumnElement, func, or_, select

from sspcollect import audit
from sspcollect.accounts.service import ROLES_BY_KIND
from sspcollect.db import session
from sspcollect.models import Organisation, OrganisationKind, Role, User

PAGE_SIZE = 50
ROLE_LABELS: dict[str, str] = {
    Role.SCHOOL: "School",
    Role.POLICE: "Police",
    Role.REVIEWER: "Reviewer",
    Role.ADMIN: "Admin",
}


class UserAdminError(Exception):
    """The change cannot be made; the message says why."""


@dataclass(frozen=True)
class UserFilter:
    """What the list of users is narrowed to; blank means any."""

    q: str = ""
    role: str = ""
    organisation: str = ""
    status: str = ""

    @classmethod
    def from_args(cls, args: Any) -> UserFilter:
        """Read the filter from a query string, ignoring values that cannot be meant."""
        role = str(args.get("role", "")).strip()
        status = str(args.get("status", "")).strip()
        return cls(
            q=str(args.get("q", "")).strip()[:100],
            role=role if role in set(Role) else "",
            organisation=str(args.get("organisation", "")).strip().upper()[:20],
            status=status if status in {"active", "disabled"} else "",
        )

    def args(self, **changes: str) -> dict[str, str]:
        """The filter as query-string arguments, blanks left out."""
        return {name: value for name, value in asdict(replace(self, **changes)).items() if value}


def _conditions(wanted: UserFilter) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a filter (the query joins Organisation)."""
    where: list[ColumnElement[bool]] = []
    if wanted.q:
        where.append(
            or_(
                User.name.icontains(wanted.q, autoescape=True),
                User.email.icontains(wanted.q, autoescape=True),
            )
        )
    if wanted.role:
        where.append(User.role == wanted.role)
    if wanted.organisation:
        where.append(Organisation.code == wanted.organisation)
    if wanted.status:
        where.append(User.active.is_(wanted.status == "active"))
    return where


def users_page(wanted: UserFilter, page: int) -> tuple[list[User], int, int, int]:
    """One page of users matching the filter, by name: (users, total, page, pages)."""
    where = _conditions(wanted)
    total = session.scalar(select(func.count()).select_from(User).join(Organisation).where(*where))
    pages = max(1, -(-(total or 0) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    users = session.scalars(
        select(User)
        .join(Organisation)
        .where(*where)
        .order_by(User.name, User.id)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    return list(users), total or 0, page, pages


def load_user(user_id: int) -> User:
    """The user with this id, or 404."""
    user = session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def allowed_roles(user: User) -> list[Role]:
    """The roles the user's organisation may hold, in a fixed order."""
    allowed = ROLES_BY_KIND[OrganisationKind(user.organisation.kind)]
    return [role for role in Role if role in allowed]


def _refuse_self(user: User, actor: User, what: str) -> None:
    """An admin may not lock themselves out."""
    if user.id == actor.id:
        raise UserAdminError(f"You cannot {what} your own account")


def _record(action: str, user: User, actor: User, changes: dict[str, Any]) -> None:
    """Record a change to user in the audit trail."""
    audit.record(
        action, "user", user.id, changes=changes, user=actor, organisation_id=user.organisation_id
    )


def disable(user: User, actor: User) -> None:
    """Stop user signing in, and end their sessions everywhere."""
    _refuse_self(user, actor, "disable")
    if not user.active:
        return
    user.active = False
    user.session_version += 1
    _record("user_disabled", user, actor, {"active": [True, False]})
    session.commit()


def enable(user: User, actor: User) -> None:
    """Let a disabled user sign in again."""
    if user.active:
        return
    user.active = True
    user.failed_sign_ins = 0
    user.locked_until = None
    _record("user_enabled", user, actor, {"active": [False, True]})
    session.commit()


def change_role(user: User, role: str, actor: User) -> None:
    """Give user another role their organisation may hold (checked afresh on every request)."""
    _refuse_self(user, actor, "change the role of")
    if role not in {str(allowed) for allowed in allowed_roles(user)}:
        organisation: Organisation = user.organisation
        raise UserAdminError(f"Choose a role that a {organisation.kind} organisation can hold")
    if user.role == role:
        return
    before = user.role
    user.role = role
    _record("user_role_changed", user, actor, {"role": [before, role]})
    session.commit()
