"""Year-on-year queries (YOY-xxx): a count that moved a lot since the organisation's last return.

The values carry `previous`: the same organisation's answers in its previous collection (for a
force, the same partnership's outcomes), or None when there is no earlier return.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext

from sspcollect.content import force as force_words
from sspcollect.content import school as school_words
from sspcollect.content.fields import OUTCOME_FIELDS as OUTCOME_WORDS
from sspcollect.content.fields import SCHOOL_FIELDS, Field
from sspcollect.content.grammar import join_words, number
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


def describe_changes(
    values: Values, fields: tuple[str, ...], words: dict[str, Field]
) -> dict[str, str]:
    """The changes in words: 'suspensions went from 25 to 300, and …'; and what changed."""
    previous = values.get("previous") or {}
    changed = changed_counts(values, fields)
    # The first change says "went from"; the others follow it without repeating the verb.
    parts = [
        (
            gettext("%(what)s went from %(before)s to %(after)s", **change)
            if index == 0
            else gettext("%(what)s from %(before)s to %(after)s", **change)
        )
        for index, change in enumerate(
            {
                "what": gettext(words[name].noun),
                "before": number(previous[name]),
                "after": number(values[name]),
            }
            for name in changed
        )
    ]
    what = gettext(words[changed[0]].noun) if len(changed) == 1 else gettext("these figures")
    return {"changes": join_words(parts), "what": what}


@CATALOGUE.rule(
    "YOY-001",
    Level.QUERY,
    Scope.SCHOOL_RETURN,
    SCHOOL_COUNTS,
    school_words.QUERIES["YOY-001"].message,
    lambda values: describe_changes(values, SCHOOL_COUNTS, SCHOOL_FIELDS),
    question=school_words.QUERIES["YOY-001"].question,
)
def school_counts_moved(values: Values) -> bool:
    """A school count changed by more than 50% (and more than 10)."""
    return bool(changed_counts(values, SCHOOL_COUNTS))


@CATALOGUE.rule(
    "YOY-002",
    Level.QUERY,
    Scope.OUTCOMES,
    OUTCOME_FIELDS,
    force_words.QUERIES["YOY-002"].message,
    lambda values: describe_changes(values, OUTCOME_FIELDS, OUTCOME_WORDS),
    question=force_words.QUERIES["YOY-002"].question,
)
def outcome_counts_moved(values: Values) -> bool:
    """An outcome count of a partnership changed by more than 50% (and more than 10)."""
    return bool(changed_counts(values, OUTCOME_FIELDS))
