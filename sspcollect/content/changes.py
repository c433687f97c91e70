"""Recorded changes in words: "Aims changed from Safeguarding and Community relations to none".

The audit trail keeps raw values ({field: [old, new]}, codes, ISO dates) so that its CSV can be
analysed; the pages read them through here. Field names come from content.fields, codes from
the labels the forms use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sspcollect.content.fields import OUTCOME_FIELDS, PARTNERSHIP_FIELDS, SCHOOL_FIELDS
from sspcollect.content.grammar import join_words, number
from sspcollect.content.marking import N_
from sspcollect.content.school import AIMS, EFFECTIVENESS_LABELS, HAS_SSP_CHOICES
from sspcollect.models import FUNDING_SOURCE_LABELS, MODEL_LABELS, OFFICER_ROLE_LABELS
from sspcollect.models import STATUS_LABELS as RETURN_STATUS_LABELS

# Names the field catalogue does not hold: a return's, a user's, a collection's own details.
OTHER_LABELS = {
    "status": "Status",
    "register_confirmed": N_("Register confirmed"),
    "nil_return": N_("Nil return (no partnerships)"),
    "declarant": "Declaration made by",
    "declarant_name": N_("Full name of the person making the declaration"),
    "declarant_role": N_("Job title of the person making the declaration"),
    "declared": N_("Declaration confirmed"),
    "vru": "Violence Reduction Unit area",
    "active": "Account active",
    "role": "Role",
    "email": "Email address",
    "organisation": "Organisation",
    "deadline": "Deadline",
    "title": "Title",
    "time_period": "Academic year",
    "opens_on": "Opening date",
    "reference_date": "Reference date",
    "closes_on": "Closing date",
    "reminder_days": "Reminders before the deadline (days)",
    "overdue_every": "Overdue reminders every (days)",
    "overdue_limit": "Most overdue reminders",
    "phases": "School phases",
    "included": "Files included",
    "threshold": "Smallest count shown",
    "rule": "Rule",
    "subject": "About",
    "kind": "Kind of email",
    "reason": "Reason",
    "reviewer": "Assigned to",
    "note": "Note for central staff",
}
CHOICE_WORDS: dict[str, Mapping[Any, str]] = {
    "status": {
        **{str(code): words for code, words in RETURN_STATUS_LABELS.items()},
        "draft": "Draft",
        "open": "Open",
        "closed": "Closed",
    },
    "has_ssp": HAS_SSP_CHOICES,
    "ssp_model": {str(code): words for code, words in MODEL_LABELS.items()},
    "model": {str(code): words for code, words in MODEL_LABELS.items()},
    "officer_role": {str(code): words for code, words in OFFICER_ROLE_LABELS.items()},
    "funding_sources": {str(code): words for code, words in FUNDING_SOURCE_LABELS.items()},
    "aims": AIMS,
    "effectiveness": EFFECTIVENESS_LABELS,
    "role": {"school": "School", "police": "Police", "reviewer": "Reviewer", "admin": "Admin"},
}
NONE = "none"


def field_label(name: str) -> str:
    """What a recorded field is called, as the forms call it."""
    for catalogue in (SCHOOL_FIELDS, OUTCOME_FIELDS, PARTNERSHIP_FIELDS):
        if name in catalogue:
            return catalogue[name].label
    return OTHER_LABELS.get(name, name.replace("_", " ").capitalize())


def _date_words(text: str) -> str | None:
    """An ISO date in words (1 September 2026), or None if text is not one."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return f"{day.day} {day:%B %Y}"


def _school_words(item: Any) -> str:
    """One school of a partnership as recorded ([urn, days a week])."""
    if isinstance(item, (list, tuple)) and item:
        urn, *rest = item
        days = rest[0] if rest else None
        if days in (None, ""):
            return f"URN {urn}"
        return f"URN {urn}, {number(Decimal(str(days)))} days a week"
    return f"URN {item}"


def value_items(name: str, value: Any, names: Mapping[str, str] | None = None) -> list[str]:
    """A recorded list, one entry in words each."""
    if name == "schools":
        return [_school_words(item) for item in value]
    return [value_words(name, item, names) for item in value]


def value_words(name: str, value: Any, names: Mapping[str, str] | None = None) -> str:
    """A recorded value in words: "Yes", "31 August 2026", "Safeguarding and Community relations".

    names maps other codes (a force area's code, say) to what they are called.
    """
    if value is None or value == "" or value == []:
        return NONE
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (list, tuple)):
        return join_words(value_items(name, value, names))
    choices = CHOICE_WORDS.get(name)
    if choices is not None and value in choices:
        return choices[value]
    if isinstance(value, str):
        if names and value in names:
            return names[value]
        as_date = _date_words(value)
        if as_date:
            return as_date
        if name.endswith("_percent") or name in {"fte", "officer_days_per_week"}:
            try:
                shown = number(Decimal(value))
            except InvalidOperation:
                return value
            return f"{shown}%" if name.endswith("_percent") else shown
        return value
    if isinstance(value, (int, float, Decimal)):
        return f"{number(value)}%" if name.endswith("_percent") else number(value)
    return str(value)


@dataclass(frozen=True)
class Change:
    """One recorded field: what it is called, and its old and new values in words."""

    label: str
    old: str | None
    new: str
    items: list[str] | None = None  # a recorded list, shown as a list

    @property
    def sentence(self) -> str:
        """The change as a sentence."""
        if self.old is None:
            return f"{self.label}: {self.new}"
        if self.old == NONE:
            return f"{self.label} set to {self.new}"
        return f"{self.label} changed from {self.old} to {self.new}"


# Fields whose value is itself a list: a list of two of them is not an [old, new] pair.
LIST_FIELDS = frozenset(
    {"included", "phases", "reminder_days", "aims", "funding_sources", "schools"}
)


def _is_pair(name: str, value: Any) -> bool:
    """True for the [old, new] of a recorded change."""
    if not isinstance(value, list) or len(value) != 2:
        return False
    return name not in LIST_FIELDS or all(item is None or isinstance(item, list) for item in value)


def describe(
    changes: Mapping[str, Any] | None, names: Mapping[str, str] | None = None
) -> list[Change]:
    """Every recorded field of an event in words; [old, new] pairs as changes, the rest as values.

    A field recorded with a list (every file a publication included, say) keeps its entries,
    so a page can show them as a list.
    """
    described = []
    for name, value in (changes or {}).items():
        label = field_label(name)
        if _is_pair(name, value):
            old, new = value
            described.append(
                Change(label, value_words(name, old, names), value_words(name, new, names))
            )
        elif isinstance(value, list):
            items = value_items(name, value, names)
            described.append(Change(label, None, join_words(items) or NONE, items))
        else:
            described.append(Change(label, None, value_words(name, value, names)))
    return described
