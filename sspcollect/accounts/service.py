"""Accounts: creating users, signing in with throttling and locks, invitation and reset tokens."""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import delete, func, select

from sspcollect import audit
from sspcollect.accounts.passwords import hash_password, verify_password
from sspcollect.db import session, utcnow
from sspcollect.models import (
    AccountToken,
    Organisation,
    OrganisationKind,
    Role,
    SignInAttempt,
    TokenPurpose,
    User,
)
from sspcollect.notify.backends import DeliveryError, MailServerError
from sspcollect.notify.messages import send_invitation, send_password_reset

log = logging.getLogger(__name__)

# Which roles each kind of organisation may hold.
ROLES_BY_KIND = {
    OrganisationKind.SCHOOL: {Role.SCHOOL},
    OrganisationKind.POLICE: {Role.POLICE},
    OrganisationKind.CENTRAL: {Role.REVIEWER, Role.ADMIN},
}


class AccountError(ValueError):
    """A user could not be created or changed; the message says why."""


def normalise_email(email: str) -> str:
    """Check an email address and return it in the form it is stored (lower case)."""
    try:
        checked = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise AccountError(f"Enter an email address in the correct format: {exc}") from exc
    return checked.normalized.lower()


def find_organisation(code: str) -> Organisation | None:
    """The organisation with a URN, force area code or department code."""
    return session.scalar(select(Organisation).where(Organisation.code == code.strip().upper()))


def find_user_by_email(email: str) -> User | None:
    """The user with this email address, whatever its case."""
    return session.scalar(select(User).where(User.email == email.strip().lower()))


@dataclass(frozen=True)
class NewUser:
    """A user checked and ready to be created."""

    email: str
    name: str
    role: Role
    organisation: Organisation


def check_new_user(email: str, name: str, role: str, organisation_code: str) -> NewUser:
    """Check the details of a new user without writing anything; AccountError says what is wrong."""
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise AccountError(f"There is already an account for {email}")
    organisation = find_organisation(organisation_code)
    if organisation is None:
        raise AccountError(f"No organisation has the code {organisation_code}")
    try:
        role_value = Role(role.strip().lower())
    except ValueError:
        raise AccountError(f"Role must be one of {', '.join(Role)}, not {role}") from None
    if role_value not in ROLES_BY_KIND[OrganisationKind(organisation.kind)]:
        raise AccountError(f"A {organisation.kind} organisation cannot have {role} users")
    if not name.strip():
        raise AccountError("Enter the user's name")
    if len(name.strip()) > 200:
        raise AccountError("The name must be 200 characters or fewer")
    return NewUser(email, name.strip(), role_value, organisation)


def add_user(new: NewUser, password: str | None = None) -> User:
    """Add a checked user and its audit event to the session (the caller commits)."""
    user = User(
        email=new.email,
        name=new.name,
        role=new.role,
        organisation=new.organisation,
        password_hash=hash_password(password) if password else None,
        active=True,
        failed_sign_ins=0,
        session_version=1,
    )
    session.add(user)
    session.flush()
    audit.record(
        "user_created",
        "user",
        user.id,
        changes={"email": new.email, "role": new.role.value, "organisation": new.organisation.code},
        organisation_id=new.organisation.id,
    )
    return user


def create_user(
    email: str, name: str, role: str, organisation_code: str, password: str | None = None
) -> User:
    """Create and commit a user; one without a password then needs `invite(user)`."""
    user = add_user(check_new_user(email, name, role, organisation_code), password)
    session.commit()
    return user


# --- tokens -----------------------------------------------------------------------------


def _digest(token: str) -> str:
    """Tokens are stored only as their SHA-256 digest."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, purpose: TokenPurpose, lifetime: timedelta) -> str:
    """Create a single-use token for user; earlier unused ones of the same purpose stop working."""
    now = utcnow()
    for old in session.scalars(
        select(AccountToken).where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
        )
    ):
        old.used_at = now
    token = secrets.token_urlsafe(32)
    session.add(
        AccountToken(
            user_id=user.id, purpose=purpose, token_hash=_digest(token), expires_at=now + lifetime
        )
    )
    return token


def valid_token(token: str, purpose: TokenPurpose) -> AccountToken | None:
    """The unused, unexpired token of this purpose, or None."""
    found = session.scalar(
        select(AccountToken).where(
            AccountToken.token_hash == _digest(token), AccountToken.purpose == purpose
        )
    )
    if found is None or found.used_at is not None or found.expires_at <= utcnow():
        return None
    if not found.user.active:
        return None
    return found


def invite_token(user: User) -> str:
    """A new invitation token for user (the caller commits, then sends it)."""
    lifetime = timedelta(days=current_app.config["INVITATION_TOKEN_DAYS"])
    return issue_token(user, TokenPurpose.INVITATION, lifetime)


def invite(user: User) -> bool:
    """Commit a new invitation link for user and email it; False if the email did not go.

    The account and its new link stand either way (earlier links stop working), so a mail
    server that is down never undoes an admin's work: they can send the invitation again.
    """
    token = invite_token(user)
    audit.record("invitation_issued", "user", user.id, organisation_id=user.organisation_id)
    session.commit()
    return deliver_invitation(user, token)


def deliver_invitation(user: User, token: str) -> bool:
    """Email user their invitation link; False (and logged) if the email could not go."""
    try:
        send_invitation(user, token)
    except (MailServerError, DeliveryError, OSError):
        log.exception("could not send the invitation email", extra={"user_id": user.id})
        return False
    return True


def request_password_reset(email: str) -> None:
    """Send a reset link if an active account has this email; say nothing either way."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    lifetime = timedelta(hours=current_app.config["RESET_TOKEN_HOURS"])
    token = issue_token(user, TokenPurpose.PASSWORD_RESET, lifetime)
    audit.record("password_reset_requested", "user", user.id, user=user)
    session.commit()
    try:
        send_password_reset(user, token)
    except Exception:
        # The page says the same whatever happens; a mail server down is logged, never a 500.
        log.exception("could not send the password reset email", extra={"user_id": user.id})


def set_password_with_token(token: AccountToken, password: str) -> User:
    """Use token once to set its user's password and unlock the account."""
    user = token.user
    token.used_at = utcnow()
    user.password_hash = hash_password(password)
    user.failed_sign_ins = 0
    user.locked_until = None
    user.session_version += 1
    audit.record("password_set", "user", user.id, comment=token.purpose, user=user)
    session.commit()
    return user


# --- signing in ------------------------------------------------------------------------


@dataclass(frozen=True)
class SignInResult:
    """What happened when someone tried to sign in."""

    user: User | None = None
    throttled: bool = False
    locked: bool = False


def _recent_attempts(key: str, window: timedelta) -> int:
    """How many sign-in attempts were made under key within window."""
    since = utcnow() - window
    count = session.scalar(
        select(func.count())
        .select_from(SignInAttempt)
        .where(SignInAttempt.key == key, SignInAttempt.attempted_at >= since)
    )
    return count or 0


def _note_attempt(key: str) -> None:
    """Record an attempt, shared by every worker through the database."""
    session.add(SignInAttempt(key=key))
    # Old attempts are worth nothing; drop them as we go.
    session.execute(
        delete(SignInAttempt).where(SignInAttempt.attempted_at < utcnow() - timedelta(hours=1))
    )


# Requests a minute from one address to the reset form and the invitation and reset links,
# and tries of the current password a minute by one signed-in person
# (overridable in the app config); they are counted in the same table as sign-ins.
THROTTLES = {"reset": 5, "token": 10, "password": 5}


def throttled(kind: str, address: str) -> bool:
    """True when address has used up its requests of kind this minute; otherwise count this one."""
    key = f"{kind}:{address}"
    limit = current_app.config.get(f"{kind.upper()}_THROTTLE_PER_MINUTE", THROTTLES[kind])
    if _recent_attempts(key, timedelta(minutes=1)) >= limit:
        return True
    _note_attempt(key)
    session.commit()
    return False


def authenticate(email: str, password: str, address: str) -> SignInResult:
    """Check an email and password, counting failures, locking after too many, throttling."""
    config = current_app.config
    key = f"ip:{address}"
    if _recent_attempts(key, timedelta(minutes=1)) >= config["SIGN_IN_THROTTLE_PER_MINUTE"]:
        return SignInResult(throttled=True)
    _note_attempt(key)
    user = find_user_by_email(email) if "@" in email else None
    now = utcnow()
    if user is not None and user.locked_until is not None and user.locked_until > now:
        session.commit()
        return SignInResult(locked=True)
    if user is None or not user.active or not verify_password(user.password_hash, password):
        if user is not None:
            user.failed_sign_ins += 1
            if user.failed_sign_ins >= config["SIGN_IN_MAX_FAILURES"]:
                user.locked_until = now + timedelta(minutes=config["SIGN_IN_LOCK_MINUTES"])
                user.failed_sign_ins = 0
                audit.record("account_locked", "user", user.id, user=user)
                session.commit()
                return SignInResult(locked=True)
        session.commit()
        return SignInResult()
    user.failed_sign_ins = 0
    user.locked_until = None
    user.last_signed_in_at = now
    audit.record("signed_in", "user", user.id, user=user)
    session.commit()
    return SignInResult(user=user)
