"""The audit log in words: "Cumbria was marked as a Violence Reduction Unit area", then each
recorded field as "Aims changed from Safeguarding and Community relations to none".

The names of what each event concerns (users, collections, force areas, partnerships) are read
once for a page of events. The CSV download keeps the raw values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import select

from sspcollect.content.changes import Change, describe
from sspcollect.content.rules import rule_name
from sspcollect.db import session
from sspcollect.models import Collection, ForceArea, Partnership, User
from sspcollect.review.history import action_words


@dataclass(frozen=True)
class Names:
    """What the events of a page concern, by the id each event records."""

    users: dict[str, str] = field(default_factory=dict)
    collections: dict[str, str] = field(default_factory=dict)
    forces: dict[str, str] = field(default_factory=dict)
    partnerships: dict[str, str] = field(default_factory=dict)


class Event(Protocol):
    """What the wording needs of an event (audit_log.EventRow has these)."""

    @property
    def action(self) -> str: ...
    @property
    def object_type(self) -> str: ...
    @property
    def object_id(self) -> str | None: ...
    @property
    def organisation_name(self) -> str | None: ...
    @property
    def collection(self) -> str | None: ...
    @property
    def changes(self) -> dict[str, Any] | None: ...


def names_for(events: Iterable[Event]) -> Names:
    """The names of the users, collections and partnerships the events are about."""
    ids: dict[str, set[int]] = {"user": set(), "collection": set(), "partnership": set()}
    for event in events:
        if event.object_type in ids and event.object_id and event.object_id.isdigit():
            ids[event.object_type].add(int(event.object_id))
    names = Names(
        forces=dict(session.execute(select(ForceArea.code, ForceArea.name)).tuples().all())
    )
    if ids["user"]:
        names.users.update(
            (str(id_), name)
            for id_, name in session.execute(
                select(User.id, User.name).where(User.id.in_(ids["user"]))
            )
        )
    if ids["collection"]:
        names.collections.update(
            (str(id_), title)
            for id_, title in session.execute(
                select(Collection.id, Collection.title).where(Collection.id.in_(ids["collection"]))
            )
        )
    if ids["partnership"]:
        names.partnerships.update(
            (str(id_), f"{reference} \u2013 {name}")
            for id_, reference, name in session.execute(
                select(Partnership.id, Partnership.reference, Partnership.name).where(
                    Partnership.id.in_(ids["partnership"])
                )
            )
        )
    return names


def _return(event: Event) -> str:
    """The return an event concerns, as a sentence names it."""
    organisation = event.organisation_name or "an organisation"
    return f"the return from {organisation}"


RETURN_SENTENCES: dict[str, str] = {
    "return_submitted": "{Return} was submitted",
    "return_accepted": "{Return} was accepted",
    "return_returned": "{Return} was returned for amendment",
    "return_reopened": "{Return} was reopened",
    "return_withdrawn": "{Return} was withdrawn by the organisation",
    "review_started": "A reviewer opened {return} and started its review",
    "review_assigned": "The assignment or note of {return} changed",
    "school_answers_saved": "Answers were saved on {return}",
    "set_aside_answers_discarded": "Answers about a partnership were removed from {return}",
    "outcomes_saved": "Counts were saved on {return}",
    "register_confirmed": "The register was confirmed on {return}",
    "register_not_confirmed": "The register confirmation was withdrawn on {return}",
    "nil_return_made": "A nil return was made on {return}",
    "nil_return_withdrawn": "The nil return was withdrawn on {return}",
    "deadline_extended": "The deadline of {return} was extended",
    "reminder_sent": "A reminder was sent about {return}",
    "query_explained": "A query on {return} was explained",
    "query_reviewed": "A query on {return} was marked as reviewed",
    "query_review_withdrawn": "A query on {return} is no longer marked as reviewed",
    "declaration_made": "The declaration was made on {return}",
}
USER_SENTENCES: dict[str, str] = {
    "user_created": "An account was made for {user}",
    "invitation_issued": "{user} was invited to set a password",
    "password_reset_requested": "{user} asked to reset their password",
    "password_set": "{user} set a password",
    "account_locked": "The account of {user} was locked after repeated failed sign-ins",
    "signed_in": "{user} signed in",
    "user_disabled": "The account of {user} was disabled",
    "user_enabled": "The account of {user} was enabled again",
    "user_role_changed": "The role of {user} was changed",
}
COLLECTION_SENTENCES: dict[str, str] = {
    "collection_created": "{collection} was created",
    "collection_changed": "The details of {collection} were changed",
    "collection_dates_changed": "The dates of {collection} were changed",
    "collection_opened": "{collection} was opened",
    "collection_closed": "{collection} was closed",
    "collection_reopened": "{collection} was reopened",
    "collection_deleted": "{collection} was deleted",
    "reminder_schedule_changed": "The reminder schedule of {collection} was changed",
    "reminders_sent": "Reminders were sent about {collection} to a list of returns",
    "datasets_published": "The datasets of {collection} were published",
}
PARTNERSHIP_SENTENCES: dict[str, str] = {
    "partnership_added": "The partnership {partnership} was added to the register",
    "partnership_changed": "The partnership {partnership} was changed",
    "partnership_ended": "The partnership {partnership} was ended",
}

REFERENCE_SENTENCES: dict[str, str] = {
    "organisation_changed": "The details {organisation} keeps with the service were changed",
    "schools_import_started": "An extract of schools was uploaded to be imported",
    "schools_imported": "Schools were imported from an uploaded extract",
    "schools_import_refused": "An uploaded extract of schools was refused, and nothing changed",
    "schools_import_failed": "An import of schools stopped, and nothing changed",
}


def _upper_first(text: str) -> str:
    """text with a capital first letter."""
    return text[:1].upper() + text[1:]


def sentence(event: Event, names: Names) -> str:
    """What happened, in one sentence."""
    action, object_id = event.action, event.object_id or ""
    if action == "force_area_vru_changed":
        area = names.forces.get(object_id, object_id)
        vru = (event.changes or {}).get("vru")
        now = vru[1] if isinstance(vru, list) and len(vru) == 2 else None
        if now:
            return f"{area} was marked as a Violence Reduction Unit area"
        return f"{area} is no longer marked as a Violence Reduction Unit area"
    if action in RETURN_SENTENCES:
        template = RETURN_SENTENCES[action]
        where = _return(event)
        return template.replace("{Return}", _upper_first(where)).replace("{return}", where)
    if action in USER_SENTENCES:
        user = names.users.get(object_id, "a user who has since been removed")
        return _upper_first(USER_SENTENCES[action].format(user=user))
    if action in COLLECTION_SENTENCES:
        title = names.collections.get(object_id) or event.collection or "a collection"
        return _upper_first(COLLECTION_SENTENCES[action].format(collection=title))
    if action in REFERENCE_SENTENCES:
        organisation = event.organisation_name or "an organisation"
        return REFERENCE_SENTENCES[action].format(organisation=organisation)
    if action in PARTNERSHIP_SENTENCES:
        partnership = names.partnerships.get(object_id, object_id)
        return PARTNERSHIP_SENTENCES[action].format(partnership=partnership)
    return action_words(action)


# Recorded fields that the sentence already says, or that identify rather than change.
SAID_BY_THE_SENTENCE: dict[str, set[str]] = {
    "force_area_vru_changed": {"vru"},
    "return_accepted": {"status"},
    "return_returned": {"status"},
    "return_reopened": {"status"},
    "return_withdrawn": {"status"},
    "collection_opened": {"status"},
    "collection_closed": {"status"},
    "user_disabled": {"active"},
    "user_enabled": {"active"},
    # The comment reports the import in full.
    "schools_imported": {"added", "updated", "unchanged", "skipped"},
}
QUERY_ACTIONS = {"query_explained", "query_reviewed", "query_review_withdrawn"}


def details(event: Event, names: Names) -> list[Change]:
    """Each recorded field of the event in words (those the sentence says are left out)."""
    changes = dict(event.changes or {})
    if event.action in QUERY_ACTIONS:
        rule = changes.get("rule")
        return [Change("Query", None, rule_name(str(rule)))] if rule else []
    for name in SAID_BY_THE_SENTENCE.get(event.action, set()):
        changes.pop(name, None)
    return describe(changes, names.forces)


@dataclass(frozen=True)
class Described:
    """An event in words, ready for the log's page."""

    sentence: str
    details: list[Change]


def describe_events(events: Sequence[Event]) -> list[Described]:
    """Every event of a page in words."""
    names = names_for(events)
    return [Described(sentence(event, names), details(event, names)) for event in events]
