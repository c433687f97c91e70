"""The messages the service sends, rendered from templates/email/, and sending them.

Each kind of message has templates/email/<kind>.txt (its first line is "Subject: …") and
<kind>.html. Messages about a return go to every active user of the organisation that makes
it; each one is kept in the message log (SentMessage), and a failing recipient never stops
the others.

Each message is written in its recipient's language (`users.language`). To someone in a
Welsh force or a school in Wales who has not chosen one, it is written in both, Welsh first;
to someone in England who has not chosen one, in English, as before Welsh was offered (see
`languages_for`). Dates and times in a message are written when the message is, so that they
are in its language too: pass them as date or datetime values, not as text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from email.message import EmailMessage
from typing import Any

from flask import current_app
from flask_babel import get_translations
from jinja2.ext import _make_new_gettext, _make_new_ngettext
from sqlalchemy import select

from sspcollect.content.forces import force_name
from sspcollect.content.time import date_and_time, weekday_date
from sspcollect.db import session, utcnow
from sspcollect.language import ENGLISH, LANGUAGES, WELSH, in_language
from sspcollect.models import Collection, Organisation, Return, ReturnKind, User
from sspcollect.notify import message_log
from sspcollect.notify.backends import (
    DeliveryError,
    MailServerError,
    backend_from_config,
)
from sspcollect.notify.mime import Attachment, Email

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


@dataclass(frozen=True)
class Written:
    """A value written out only when a message is, so in that message's language (a date)."""

    value: Any
    write: Callable[[Any], str]

    def __str__(self) -> str:
        """The value in the language being written."""
        return self.write(self.value)


def _written(value: Any) -> Any:
    """Dates and moments as Written values (a moment with its time, a date with its weekday)."""
    if isinstance(value, datetime):
        return Written(value, date_and_time)
    if isinstance(value, date):
        return Written(value, weekday_date)
    return value


def is_welsh(code: str | None) -> bool:
    """True for a GSS code in Wales (a Welsh force area W15…, a Welsh local authority W06…)."""
    return bool(code) and str(code).startswith("W")


def organisation_in_wales(organisation: Organisation) -> bool:
    """True for a Welsh force or a school in Wales: their users read Welsh first."""
    if organisation.force_area_code:
        return is_welsh(organisation.force_area_code)
    return organisation.school is not None and is_welsh(organisation.school.la_code)


def _words(translations: Any) -> dict[str, Any]:
    """The templates' gettext and ngettext, bound to one language's catalogue.

    A reminder run writes tens of thousands of messages: looking the catalogue up once per
    message, not once per sentence, keeps a message's writing as quick as it was in English
    only. They behave as Flask-Babel's (newstyle: placeholders filled, text escaped in HTML).
    """
    gettext_in = _make_new_gettext(translations.ugettext)
    return {
        "gettext": gettext_in,
        "_": gettext_in,
        "ngettext": _make_new_ngettext(translations.ungettext),
    }


def _render_in(language: str, to: str, kind: str, context: dict[str, Any]) -> Email:
    """The message of kind written in one language."""
    english_name: str = current_app.config["SERVICE_NAME"]
    with in_language(language):
        translations = get_translations()
        # Each date written once, in this language, and the service's name in it.
        written = {
            "service_name": translations.ugettext(english_name),
            **{
                name: str(value) if isinstance(value, Written) else value
                for name, value in context.items()
            },
        }
        page = {**written, **_words(translations)}
        # Straight from the environment: an email needs none of a page's context processors.
        templates = current_app.jinja_env
        text = templates.get_template(f"email/{kind}.txt").render(page)
        html = templates.get_template(f"email/{kind}.html").render(page)
    fields = {
        name: str(value)
        for name, value in written.items()
        if isinstance(value, str | int) and not isinstance(value, bool)
    }
    subject, _, body = text.partition("\n")
    return Email(
        to=to,
        kind=kind,
        subject=subject.removeprefix("Subject:").strip(),
        text=body.lstrip("\n"),
        html=f'<div lang="{language}">\n{html}\n</div>' if language == WELSH else html,
        sender=current_app.config["MAIL_FROM"],
        fields=fields,
    )


def languages_for(preference: str | None, in_wales: bool) -> tuple[str, ...]:
    """The languages to write a message in, in order, for a recipient.

    Their preference if they chose one; else Welsh then English in Wales, where the Welsh
    Language Standards expect Welsh to be offered and not treated less favourably; else
    English, so that schools and forces in England are not sent Welsh they never asked for.
    """
    if preference in LANGUAGES:
        return (str(preference),)
    return (WELSH, ENGLISH) if in_wales else (ENGLISH,)


# Between the two languages of a message written in both.
TEXT_DIVIDER = "\n\n" + "-" * 40 + "\n\n"


def render(
    to: str,
    kind: str,
    attachments: tuple[Attachment, ...] = (),
    languages: tuple[str, ...] = (ENGLISH,),
    **context: Any,
) -> Email:
    """Render templates/email/<kind>.txt (first line is the subject) and .html for one address.

    The message is written in each of languages in turn (see languages_for): one language,
    or Welsh and English, one after the other, subjects joined by a bar. Plain values in
    context (text, numbers, dates) are also kept as the message's named fields, which
    GOV.UK Notify receives as personalisation (in the first language).
    """
    context = {name: _written(value) for name, value in context.items()}
    first, *others = (_render_in(language, to, kind, context) for language in languages)
    for other in others:
        first = replace(
            first,
            subject=f"{first.subject} | {other.subject}",
            text=first.text.rstrip("\n") + TEXT_DIVIDER + other.text,
            html=f"{first.html}\n<hr>\n{other.html}",
        )
    return replace(first, attachments=attachments)


def build_message(to: str, kind: str, **context: Any) -> EmailMessage:
    """The email of kind for to, plain text and HTML."""
    return render(to, kind, **context).as_mime()


def send_to(user: User, kind: str, **context: Any) -> None:
    """Build and deliver one message of kind to a user in their language (raises if it fails)."""
    languages = languages_for(user.language, organisation_in_wales(user.organisation))
    send(user.email, kind, languages=languages, **context)


def send(to: str, kind: str, **context: Any) -> None:
    """Build and deliver one message of kind to one address (raises if it cannot go)."""
    email = render(to, kind, **context)
    with backend_from_config() as backend:
        backend.send(email)
    log.info("sent %s email", kind, extra={"kind": kind})


def send_invitation(user: User, token: str) -> None:
    """Invite a new user to set a password."""
    send_to(
        user,
        "invitation",
        name=user.name,
        organisation=organisation_name(user.organisation),
        link=service_url("accounts.set_password", token=token),
    )


def send_password_reset(user: User, token: str) -> None:
    """Send a password reset link."""
    send_to(
        user,
        "password_reset",
        name=user.name,
        link=service_url("accounts.reset_password", token=token),
    )


def send_password_changed(user: User) -> None:
    """Tell a user their password was changed, so that a change they did not make is seen."""
    send_to(
        user,
        "password_changed",
        name=user.name,
        changed_on=utcnow(),
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
        "deadline": deadline or collection.deadline,
        "opens_on": collection.opens_on,
        "closes_on": collection.closes_on,
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


def send_about_return(
    return_: Return,
    kind: str,
    attachments: tuple[Attachment, ...] = (),
    copy_in: Callable[[str], Attachment | None] | None = None,
    **context: Any,
) -> Delivery:
    """Send kind to every active user of the return's organisation, and log each message.

    copy_in, when given, makes the copy of the return to attach in a language: each
    recipient's copy is in the first language of their message (made once per language), and
    the message says whether it is attached (copy_attached).

    Call it once the change it announces is committed: it commits the message log.
    """
    organisation: Organisation = return_.organisation
    link = return_link(return_.kind, return_.id)
    name = organisation_name(organisation)
    fields = {**return_fields(name, return_.collection, link, return_.deadline), **context}
    copies: dict[str, Attachment | None] = {}
    delivery = Delivery()
    server_down: str | None = None
    with backend_from_config() as backend:
        for user in active_users(organisation.id):
            try:
                if server_down:
                    raise MailServerError(server_down)
                languages = languages_for(user.language, is_welsh(return_.force_area_code))
                attached, said = attachments, {}
                if copy_in is not None:
                    if languages[0] not in copies:
                        copies[languages[0]] = copy_in(languages[0])
                    copy = copies[languages[0]]
                    attached = (*attachments, copy) if copy else attachments
                    said = {"copy_attached": copy is not None}
                email = render(
                    user.email, kind, attached, languages, name=user.name, **fields, **said
                )
                backend.send(email)
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
