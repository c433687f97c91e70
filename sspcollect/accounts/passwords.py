"""Password hashing with Argon2id, a memory-hard function."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext

_STANDARD = PasswordHasher()
# The test suite hashes hundreds of passwords; the cheap parameters keep it quick.
_FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def _hasher() -> PasswordHasher:
    """The hasher for the current configuration."""
    return _FAST if current_app.config.get("PASSWORD_HASH_FAST") else _STANDARD


def hash_password(password: str) -> str:
    """Hash a password for storage."""
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when password matches the stored hash; False for no hash or no match."""
    if not password_hash:
        # Spend the same effort as a real check so that timing does not reveal the account.
        _hasher().hash(password)
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


MINIMUM_LENGTH = 12


def password_problem(password: str) -> str | None:
    """What is wrong with a new password, in words for the user, or None."""
    if len(password) < MINIMUM_LENGTH:
        return gettext("Password must be %(number)s characters or more", number=MINIMUM_LENGTH)
    if len(password) > 200:
        return gettext("Password must be %(number)s characters or fewer", number=200)
    if len(set(password)) < 5:
        return gettext("Password must not repeat the same few characters")
    return None
