"""Inviting users in bulk from a CSV of email, name, organisation code and role: all or none.

Every row is checked first with the same checks as a single invitation; only a file with no
problem creates its users, in one transaction, and then the invitation emails are sent.
"""

from __future__ import annotations

from collections.abc import Sequence

from sspcollect.accounts.service import (
    AccountError,
    add_user,
    check_new_user,
    deliver_invitation,
    invite_token,
)
from sspcollect.bulk.upload import Problem
from sspcollect.db import session
from sspcollect.models import User

COLUMNS = ("email", "name", "organisation_code", "role")
GUIDANCE = {
    "email": "The person's work email address",
    "name": "Their full name",
    "organisation_code": "The school's URN, the police force area code (such as E23000014), "
    "or DFE or HO",
    "role": "school, police, reviewer or admin (reviewer and admin for DFE and HO only)",
}
Rows = Sequence[tuple[int, dict[str, str]]]


def _column_of(message: str) -> str:
    """Which column an account problem concerns."""
    lowered = message.lower()
    if "organisation" in lowered and "cannot have" not in lowered:
        return "organisation_code"
    if "role" in lowered or "cannot have" in lowered:
        return "role"
    if "name" in lowered:
        return "name"
    return "email"


def check_rows(rows: Rows) -> list[Problem]:
    """Every problem in the file, by row and column; none means every row can be invited."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, cells in rows:
        try:
            new = check_new_user(
                cells.get("email", ""),
                cells.get("name", ""),
                cells.get("role", ""),
                cells.get("organisation_code", ""),
            )
        except AccountError as problem:
            column = _column_of(str(problem))
            problems.append(Problem(number, column, cells.get(column, ""), str(problem)))
            continue
        if new.email in seen:
            problems.append(
                Problem(
                    number,
                    "email",
                    cells["email"],
                    f"The same email address is on row {seen[new.email]}; invite each person once",
                )
            )
        seen.setdefault(new.email, number)
    return problems


def invite_all(rows: Rows) -> tuple[list[User], list[User]]:
    """Create every user of a checked file in one transaction, then email the invitations.

    Returns the users created and those whose invitation email could not be sent.
    """
    if check_rows(rows):
        raise ValueError("the file has problems; check_rows lists them")
    created = []
    for _number, cells in rows:
        new = check_new_user(
            cells["email"], cells["name"], cells["role"], cells["organisation_code"]
        )
        user = add_user(new)
        created.append((user, invite_token(user)))
    session.commit()
    # An email that does not go leaves its account standing; the user's page can resend it.
    unsent = [user for user, token in created if not deliver_invitation(user, token)]
    return [user for user, _ in created], unsent
