"""What reconciliation says to each side: a school reads about the force, a force about the
school, each in its own words (sspcollect.content.school and .force RECONCILIATION)."""

from __future__ import annotations

from sspcollect.content import force as force_words
from sspcollect.content import school as school_words
from sspcollect.content.forces import force_name, force_title


def reconciliation_words(
    rule_id: str, kind: str, school: str, urn: int, force_code: str
) -> tuple[str, str]:
    """The message and the question of a reconciliation query, for a return of kind."""
    catalogue = school_words.RECONCILIATION if kind == "school" else force_words.RECONCILIATION
    query = catalogue[rule_id]
    names = {
        "school": school,
        "urn": urn,
        "force": force_name(force_code, force_code),
        "force_title": force_title(force_code, force_code),
    }
    return query.message.format(**names), query.question.format(**names)
