"""Recording changes in the audit trail; the trail is only ever added to."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask import has_request_context
from flask_login import current_user

from sspcollect.db import session
from sspcollect.models import AuditEvent, User


def record(
    action: str,
    object_type: str,
    object_id: object | None = None,
    *,
    changes: dict[str, Any] | None = None,
    comment: str | None = None,
    user: User | None = None,
    organisation_id: int | None = None,
    collection_id: int | None = None,
) -> AuditEvent:
    """Add one audit event to the session; the caller commits it with the change it records.

    The user defaults to the signed-in user, and the organisation to that user's.
    """
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user._get_current_object()
    if organisation_id is None and user is not None:
        organisation_id = user.organisation_id
    event = AuditEvent(
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        changes=changes,
        comment=comment,
        user_id=user.id if user is not None else None,
        organisation_id=organisation_id,
        collection_id=collection_id,
    )
    session.add(event)
    return event


def jsonable(value: Any) -> Any:
    """A value as it is kept in the audit trail's JSON."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    return value


def differences(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fields whose value changed, as {field: [old, new]}."""
    return {
        name: [jsonable(before.get(name)), jsonable(value)]
        for name, value in after.items()
        if before.get(name) != value
    }
