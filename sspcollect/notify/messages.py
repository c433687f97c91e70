"""The messages the service sends, rendered from templates/email/, and sending them.

Each kind of message has templates/email/<kind>.txt (its first line is "Subject: …") and
<kind>.html. Messages about a return go to every active user of the organisation that makes
it; each one is kept in the message log (SentMessage), and a failing recipient never stops
the others.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from typing import Any

from flask import current_app, render_template
from sqlalchemy import select

from sspcollect.content.forces import force_name
from sspcollect.content.time import date_and_time, weekday_date
from sspcollect.db import session, utcnow
from sspcollect.models import Collection, Organisation, Return, ReturnKind, User
from sspcollect.notify import message_log
from sspcollect.notify.backends import (
    DeliveryError,
    MailServerError,
    backend_from_config,
)
from sspcollect.notify.mime import Email

log = logging.getLogger(__name__)

KIND_LABELS = {
    "invitation": "Invitation",
    "password_reset": "Password reset",
    "collection_opened": "Collection opened",
    "due_soon": "Due soon",
    "overdue": "Overdue",
    "chase": "Reminder sent by a reviewer",
    "returned": "Returned for amendment",
    "return_submitted": "Submitted receipt",
    "force_return_submitted": "Submitted receipt",
    "return_withdrawn": "Withdrawn",
    "accepted": "Accepted",
    "password_changed": "Password changed",
    "reopened": "Reopened by an admin",
    "dates_changed": "Collection dates changed",
    "deadline_extended": "Deadline extended",
    "collection_reopened": "Collection reopened",
}


def service_url(endpoint: str, **values: Any) -> str:
    """An absolute link to a page of the service for an email, built from BASE_URL.

    Works without a request (the reminder command, the CLI), unlike flask.url_for.
    """
    path = current_app.url_map.bind("").build(endpoint, values)
    return str(current_app.config["BASE_URL"]).rstrip("/") + path


def long_date(day: date) -> str:
    """A date as GOV.UK writes it in full: Friday 10 July 2026."""
    return weekday_date(day)


def organisation_words(name: str, force_area_code: str | None, kind: str | None) -> str:
    """An organisation as a sentence names it: a school by its name, a force by its own
    name ('West Midlands Police'), never by the name of its area."""
    if kind == ReturnKind.FORCE and force_area_code:
        return force_name(force_area_code, name)
    return name


def organisation_name(organisation: Organisation) -> str:
    """The organisation as a sentence names it."""
    kind = (
        ReturnKind.FORCE if organisation.force_area_code and not organisation.school_urn else None
    )
    return organisation_words(organisation.name, organisation.force_area_code, kind)


def render(to: str, kind: str, **context: Any) -> Email:
    """Render templates/email/<kind>.txt (first line is the subject) and .html for one address.

    Plain values in context (text, numbers) are also kept as the message's named fields,
    which GOV.UK Notify receives as personalisation.
    """
    context.setdefault("service_name", current_app.config["SERVICE_NAME"])
    text = render_template(f"email/{kind}.txt", **context)
    subject, _, body = text.partition("\n")
    fields = {
        name: str(value)
        for name, value in context.items()
        if isinstance(value, str | int) and not isinstance(value, bool)
    }
    return Email(
        to=to,
        kind=kind,
        subject=subject.removeprefix("Subject:").strip(),
        text=body.lstrip("\n"),
        html=render_template(f"email/{kind}.html", **context),
        sender=current_app.config["MAIL_FROM"],
        fields=fields,
    )


def build_message(to: str, kind: str, **context: Any) -> EmailMessage:
    """The email of kind for to, plain text and HTML."""
    return render(to, kind, **context).as_mime()


def send(to: str, kind: str, **context: Any) -> None:
    """Build and deliver one message of kind to one address (raises if it cannot go)."""
    email = render(to, kind, **context)
    with backend_from_config() as backend:
        backend.send(email)
    log.info("sent %s email", kind, extra={"kind": kind})


def send_invitation(user: User, token: str) -> None:
    """Invite a new user to set a password."""
    send(
        user.email,
        "invitation",
        name=user.name,
        organisation=organisation_name(user.organisation),
        link=service_url("accounts.set_password", token=token),
    )


def send_password_reset(user: User, token: str) -> None:
    """Send a password reset link."""
    send(
        user.email,
        "password_reset",
        name=user.name,
        link=service_url("accounts.reset_password", token=token),
    )


def send_password_changed(user: User) -> None:
    """Tell a user their password was changed, so that a change they did not make is seen."""
    send(
        user.email,
        "password_changed",
        name=user.name,
        changed_on=date_and_time(utcnow()),
        link=service_url("accounts.forgot_password"),
    )


# The page where an organisation's users find a return, by kind of return.
RETURN_PAGES = {
    ReturnKind.SCHOOL: "school_returns.overview",
    ReturnKind.FORCE: "force_returns.task_list",
}


def return_link(return_kind: str, return_id: int) -> str:
    """The absolute link to a return, for an email about it."""
    return service_url(RETURN_PAGES[ReturnKind(return_kind)], return_id=return_id)


def return_fields(
    organisation: str, collection: Collection, link: str, deadline: date | None = None
) -> dict[str, Any]:
    """What every message about a return says: who, which collection, by when, and where.

    deadline is the return's own when an admin extended it.
    """
    return {
        "organisation": organisation,
        "collection": collection.title,
        "academic_year": collection.academic_year,
        "period": collection.period_words,
        "reference_date": collection.reference_date_words,
        "deadline": long_date(deadline or collection.deadline),
        "opens_on": long_date(collection.opens_on),
        "closes_on": long_date(collection.closes_on),
        "link": link,
    }


@dataclass
class Delivery:
    """What happened to the messages of one event: who got one, who did not and why."""

    sent: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def active_users(organisation_id: int) -> list[User]:
    """The organisation's active users, who receive its messages."""
    return list(
        session.scalars(
            select(User)
            .where(User.organisation_id == organisation_id, User.active.is_(True))
            .order_by(User.email)
        )
    )


def send_about_return(return_: Return, kind: str, **context: Any) -> Delivery:
    """Send kind to every active user of the return's organisation, and log each message.

    Call it once the change it announces is committed: it commits the message log.
    """
    organisation: Organisation = return_.organisation
    link = return_link(return_.kind, return_.id)
    name = organisation_name(organisation)
    fields = {**return_fields(name, return_.collection, link, return_.deadline), **context}
    delivery = Delivery()
    server_down: str | None = None
    with backend_from_config() as backend:
        for user in active_users(organisation.id):
            try:
                if server_down:
                    raise MailServerError(server_down)
                backend.send(render(user.email, kind, name=user.name, **fields))
            except (DeliveryError, MailServerError) as exc:
                if isinstance(exc, MailServerError):
                    server_down = str(exc)
                delivery.failed[user.email] = str(exc)
                log.warning("could not send %s email: %s", kind, exc, extra={"kind": kind})
                message_log.record(return_.id, user, kind, error=str(exc))
            else:
                delivery.sent.append(user.email)
                message_log.record(return_.id, user, kind)
    session.commit()
    return delivery


def send_returned(return_: Return) -> Delivery:
    """Tell the organisation its return was returned for amendment, with the reviewer's comment."""
    return send_about_return(return_, "returned", comment=return_.reviewer_comment or "")


def send_accepted(return_: Return) -> Delivery:
    """Tell the organisation its return was accepted: nothing more to do."""
    return send_about_return(return_, "accepted")


def send_reopened(return_: Return, reason: str) -> Delivery:
    """Tell the organisation an admin reopened its return, and why."""
    return send_about_return(
        return_, "reopened", reason=reason, collection_open=return_.collection.is_open
    )
