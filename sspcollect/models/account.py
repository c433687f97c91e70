"""Users, their single-use tokens, and the record of sign-in attempts used for throttling."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sspcollect.db import Base, UTCDateTime, utcnow
from sspcollect.models.organisation import Organisation


class Role(enum.StrEnum):
    """What a user may do; see DESIGN.md, People."""

    SCHOOL = "school"
    POLICE = "police"
    REVIEWER = "reviewer"
    ADMIN = "admin"


CENTRAL_ROLES = frozenset({Role.REVIEWER, Role.ADMIN})


class User(UserMixin, Base):
    """A person who signs in; belongs to exactly one organisation."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    # None until the invited person sets a password.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Changing this signs the user out everywhere (password change, disable).
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "en" or "cy": the language of the pages and of every email the user is sent. None until
    # the user chooses one: then emails go in both (see sspcollect.notify.messages).
    language: Mapped[str | None] = mapped_column(String(2))

    organisation: Mapped[Organisation] = relationship()

    @property
    def is_central(self) -> bool:
        """True for reviewers and admins, who see every organisation."""
        return self.role in CENTRAL_ROLES

    @property
    def is_active(self) -> bool:
        """Disabled users cannot sign in (used by Flask-Login)."""
        return self.active


class TokenPurpose(enum.StrEnum):
    """Why a token was sent."""

    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"  # noqa: S105  (a token purpose, not a secret)


class AccountToken(Base):
    """A single-use, expiring token for an invitation or a password reset; only its hash is kept."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class SignInAttempt(Base):
    """One sign-in attempt, by key (address or email); shared by every worker for throttling."""

    __tablename__ = "sign_in_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), index=True)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
