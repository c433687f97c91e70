"""Year-on-year queries (YOY-xxx): a count that moved a lot since the organisation's last return.

The values carry `previous`: the same organisation's answers in its previous collection (for a
force, the same partnership's outcomes), or None when there is no earlier return.
"""

from __future__ import annotations

from typing import Any

from sspcollect.models.returns import OUTCOME_FIELDS
from sspcollect.validation.engine import CATALOGUE, Level, Scope, Values
from sspcollect.validation.values import usable

SCHOOL_COUNTS = (
    "pupils_on_roll",
    "suspensions",
    "permanent_exclusions",
    "violent_incidents",
    "weapon_incidents",
    "bullying_incidents",
)
# A change counts when it is both more than half the old figure and more than this.
MINIMUM_CHANGE = 10


def big_change(before: Any, after: Any) -> bool:
    """True for a change of more than 50% and more than MINIMUM_CHANGE."""
    if not (usable(before) and usable(after)):
        return False
    change = abs(after - before)
    return bool(change > MINIMUM_CHANGE and change > abs(before) / 2)


def changed_counts(values: Values, fields: tuple[str, ...]) -> list[str]:
    """The fields whose value moved a lot since the previous return."""
    previous = values.get("previous") or {}
    return [name for name in fields if big_change(previous.get(name), values.get(name))]


def _describe(values: Values, fields: tuple[str, ...]) -> dict[str, str]:
    """'suspensions from 12 to 40' for each big change."""
    previous = values.get("previous") or {}
    changes = [
        f"{name.replace('_', ' ')} from {previous[name]} to {values[name]}"
        for name in changed_counts(values, fields)
    ]
    return {"changes": "; ".join(changes)}


@CATALOGUE.rule(
    "YOY-001",
    Level.QUERY,
    Scope.SCHOOL_RETURN,
    SCHOOL_COUNTS,
    "Since your last return, {changes} changed by more than half. Check the figures, "
    "or explain the change",
    lambda values: _describe(values, SCHOOL_COUNTS),
)
def school_counts_moved(values: Values) -> bool:
    """A school count changed by more than 50% (and more than 10)."""
    return bool(changed_counts(values, SCHOOL_COUNTS))


@CATALOGUE.rule(
    "YOY-002",
    Level.QUERY,
    Scope.OUTCOMES,
    OUTCOME_FIELDS,
    "Since this partnership's last return, {changes} changed by more than half. Check the "
    "figures, or explain the change",
    lambda values: _describe(values, OUTCOME_FIELDS),
)
def outcome_counts_moved(values: Values) -> bool:
    """An outcome count of a partnership changed by more than 50% (and more than 10)."""
    return bool(changed_counts(values, OUTCOME_FIELDS))
