"""A signed-in person's own account: what it is, and changing their name or password."""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext

from sspcollect import audit
from sspcollect.accounts.passwords import hash_password, verify_password
from sspcollect.db import session
from sspcollect.models import OrganisationKind, Role, User
from sspcollect.notify.backends import DeliveryError, MailServerError
from sspcollect.notify.messages import send_password_changed

log = logging.getLogger(__name__)

NAME_LIMIT = 200
# What each role lets a person do, as the account page says it.
ROLE_WORDS = {
    Role.SCHOOL: lazy_gettext("School: you complete your school\u2019s return"),
    Role.POLICE: lazy_gettext(
        "Police: you keep your force\u2019s partnership register and complete its return"
    ),
    Role.REVIEWER: lazy_gettext("Reviewer: you review returns and download the national datasets"),
    Role.ADMIN: lazy_gettext(
        "Administrator: you run collections and manage organisations and users"
    ),
}
ORGANISATION_KINDS = {
    OrganisationKind.SCHOOL: lazy_gettext("School"),
    OrganisationKind.POLICE: lazy_gettext("Police force"),
    OrganisationKind.CENTRAL: lazy_gettext("Central government"),
}
NAME_MISSING = lazy_gettext("Enter your full name")
NAME_TOO_LONG = lazy_gettext("Your name must be %(number)s characters or fewer", number=NAME_LIMIT)
CURRENT_WRONG = lazy_gettext("The current password you entered is not correct")
SAME_PASSWORD = lazy_gettext("Your new password must be different from your current password")


def name_problem(name: str) -> str | None:
    """What is wrong with a new name, or None."""
    if not name.strip():
        return str(NAME_MISSING)
    if len(name.strip()) > NAME_LIMIT:
        return str(NAME_TOO_LONG)
    return None


def change_name(user: User, name: str) -> bool:
    """Give user a new name, recorded in the audit trail; False when it is the same."""
    new = " ".join(name.split())
    if new == user.name:
        return False
    audit.record(
        "name_changed",
        "user",
        user.id,
        changes={"name": [user.name, new]},
        user=user,
        organisation_id=user.organisation_id,
    )
    user.name = new
    session.commit()
    return True


def check_current_password(user: User, password: str) -> bool:
    """True when password is user's current password."""
    return verify_password(user.password_hash, password)


def change_password(user: User, password: str) -> None:
    """Set user's new password and sign out every other browser, then tell them by email.

    The caller keeps this browser signed in by storing the new session version.
    """
    user.password_hash = hash_password(password)
    user.session_version += 1
    audit.record(
        "password_changed", "user", user.id, user=user, organisation_id=user.organisation_id
    )
    session.commit()
    try:
        send_password_changed(user)
    except (MailServerError, DeliveryError, OSError):
        # The password is changed whatever the mail server does; the failure is logged.
        log.exception("could not send the password changed email", extra={"user_id": user.id})
