"""The guard against lost updates: a save made from an old version is refused, never merged.

Versioned rows (returns, partnerships, collections) carry a version counter that SQLAlchemy
checks on every UPDATE. Whatever saves them (the return journeys, the register, reminders'
schedules, the review actions, uploads) turns a clash into StaleEditError, whose message the
pages show above the current values.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from sspcollect.content.marking import N_
from sspcollect.db import session


class StaleEditError(Exception):
    """Someone else saved this return or partnership after it was loaded; nothing was saved."""

    # Marked for the catalogue; a page translates it with gettext.
    MESSAGE = N_(
        "Someone else saved changes to this while you were working on it. Your changes have "
        "not been saved. The page now shows the latest answers: check them and make your "
        "changes again."
    )


def check_version(current: int, loaded: int | None) -> None:
    """Refuse a save made from a version other than the current one."""
    if loaded is None or current != loaded:
        raise StaleEditError


def commit_or_stale() -> None:
    """Commit, turning a concurrent save of the same row into StaleEditError."""
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise StaleEditError from None


@contextmanager
def no_lost_update() -> Iterator[None]:
    """Turn a concurrent save met at any flush, not only the commit, into StaleEditError.

    A version clash shows as StaleDataError; two saves adding the same finding at once show
    as IntegrityError on its unique key. Usable as a decorator.
    """
    try:
        yield
    except (StaleDataError, IntegrityError):
        session.rollback()
        raise StaleEditError from None
