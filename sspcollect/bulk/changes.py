"""What an upload changes, in words: each answer's label, what it was and what it becomes.

The preview of an upload shows "Full-time equivalent for schools: 1 → 1.5", not the code
names of the columns or of the choices, in the page's language (the data stays English).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext, ngettext

from sspcollect.content.fields import OUTCOME_FIELDS, PARTNERSHIP_FIELDS
from sspcollect.content.grammar import number
from sspcollect.content.marking import N_
from sspcollect.content.time import long_date
from sspcollect.models import FUNDING_SOURCE_LABELS, MODEL_LABELS, OFFICER_ROLE_LABELS

NOT_GIVEN = N_("Not given")
CHOICE_LABELS: dict[str, Mapping[Any, str]] = {
    "model": MODEL_LABELS,
    "officer_role": OFFICER_ROLE_LABELS,
    "funding_sources": FUNDING_SOURCE_LABELS,
}
LABELS = {
    **{name: field.label for name, field in PARTNERSHIP_FIELDS.items()},
    **{name: field.label for name, field in OUTCOME_FIELDS.items()},
}


@dataclass(frozen=True)
class AnswerChange:
    """One answer an upload changes, in words."""

    label: str
    before: str
    after: str


def _amount(value: Any) -> str:
    """A number kept as text or a number, written as people write it."""
    try:
        return number(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


def _school(entry: Any) -> str:
    """One covered school: its URN, and its days on site when given."""
    urn, days = (entry[0], entry[1]) if isinstance(entry, (list, tuple)) else (entry, None)
    if days is None or days == "":
        return str(urn)
    amount = Decimal(str(days))
    # A whole number of days picks its plural form; a half day reads as many ("2.5 days").
    form = int(amount) if amount == amount.to_integral_value() else 5
    return ngettext(
        "%(urn)s (%(days)s day a week)",
        "%(urn)s (%(days)s days a week)",
        form,
        urn=str(urn),
        days=number(amount),
    )


def value_words(name: str, value: Any) -> str:
    """One answer's value in words."""
    if value is None or value == "" or value == []:
        return gettext(NOT_GIVEN)
    if name == "schools":
        return ", ".join(_school(entry) for entry in value)
    if name in CHOICE_LABELS:
        labels = {str(code): label for code, label in CHOICE_LABELS[name].items()}
        items = value if isinstance(value, list) else [value]
        return ", ".join(
            gettext(labels[str(item)]) if str(item) in labels else str(item) for item in items
        )
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, str) and name.endswith(("_date", "_until")):
        try:
            return long_date(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, (int, float, Decimal)) or name in ("fte", "officer_count"):
        return _amount(value)
    return str(value)


def in_words(changes: Mapping[str, Any]) -> list[AnswerChange]:
    """Changes as {name: [old, new]} (the audit trail's shape), in words, in form order."""
    return [
        AnswerChange(
            gettext(LABELS[name]) if name in LABELS else name,
            value_words(name, old),
            value_words(name, new),
        )
        for name, (old, new) in changes.items()
    ]
