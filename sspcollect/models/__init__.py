"""Typed SQLAlchemy models, one module per aggregate; importing this package registers them all."""

from sspcollect.models.account import (
    CENTRAL_ROLES,
    AccountToken,
    Role,
    SignInAttempt,
    TokenPurpose,
    User,
)
from sspcollect.models.audit import AuditEvent
from sspcollect.models.organisation import Organisation, OrganisationKind
from sspcollect.models.reference import Country, ForceArea, LocalAuthority, Region, School

__all__ = [
    "CENTRAL_ROLES",
    "AccountToken",
    "AuditEvent",
    "Country",
    "ForceArea",
    "LocalAuthority",
    "Organisation",
    "OrganisationKind",
    "Region",
    "Role",
    "School",
    "SignInAttempt",
    "TokenPurpose",
    "User",
]
