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
from sspcollect.models.collection import Collection, CollectionStatus
from sspcollect.models.frozen import (
    FrozenCountry,
    FrozenForceArea,
    FrozenLocalAuthority,
    FrozenRegion,
    FrozenSchool,
)
from sspcollect.models.message import MessageStatus, SentMessage
from sspcollect.models.organisation import Organisation, OrganisationKind
from sspcollect.models.partnership import (
    FUNDING_SOURCE_LABELS,
    MODEL_LABELS,
    OFFICER_ROLE_LABELS,
    FundingSource,
    Model,
    OfficerRole,
    Partnership,
    PartnershipSchool,
    SubmittedPartnership,
    SubmittedPartnershipSchool,
)
from sspcollect.models.publication import Publication
from sspcollect.models.reference import Country, ForceArea, LocalAuthority, Region, School
from sspcollect.models.returns import (
    EDITABLE_STATUSES,
    OUTCOME_FIELDS,
    STATUS_LABELS,
    Finding,
    PartnershipOutcome,
    Return,
    ReturnKind,
    ReturnStatus,
    SchoolAnswers,
)
from sspcollect.models.review import ReviewAssignment
from sspcollect.models.school_import import ImportStatus, SchoolImport

__all__ = [
    "CENTRAL_ROLES",
    "EDITABLE_STATUSES",
    "FUNDING_SOURCE_LABELS",
    "MODEL_LABELS",
    "OFFICER_ROLE_LABELS",
    "OUTCOME_FIELDS",
    "STATUS_LABELS",
    "AccountToken",
    "AuditEvent",
    "Collection",
    "CollectionStatus",
    "Country",
    "Finding",
    "ForceArea",
    "FrozenCountry",
    "FrozenForceArea",
    "FrozenLocalAuthority",
    "FrozenRegion",
    "FrozenSchool",
    "FundingSource",
    "ImportStatus",
    "LocalAuthority",
    "MessageStatus",
    "Model",
    "OfficerRole",
    "Organisation",
    "OrganisationKind",
    "Partnership",
    "PartnershipOutcome",
    "PartnershipSchool",
    "Publication",
    "Region",
    "Return",
    "ReturnKind",
    "ReturnStatus",
    "ReviewAssignment",
    "Role",
    "School",
    "SchoolAnswers",
    "SchoolImport",
    "SentMessage",
    "SignInAttempt",
    "SubmittedPartnership",
    "SubmittedPartnershipSchool",
    "TokenPurpose",
    "User",
]
