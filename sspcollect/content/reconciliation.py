"""What reconciliation says to each side: a school reads about the force, a force about the
school, each in its own words (sspcollect.content.school and .force RECONCILIATION)."""

from __future__ import annotations

from flask_babel import gettext

from sspcollect.content import force as force_words
from sspcollect.content import school as school_words
from sspcollect.content.forces import force_name, force_title
from sspcollect.language import in_language


def reconciliation_words(
    rule_id: str, kind: str, school: str | None, urn: int, force_code: str
) -> tuple[str, str]:
    """The message and the question of a reconciliation query, for a return of kind, in the
    language of the moment (school None: a school the reference data no longer names)."""
    catalogue = school_words.RECONCILIATION if kind == "school" else force_words.RECONCILIATION
    query = catalogue[rule_id]
    names = {
        "school": school or gettext("The school with URN %(urn)s", urn=urn),
        "urn": urn,
        "force": force_name(force_code, force_code),
        "force_title": force_title(force_code, force_code),
    }
    return gettext(query.message).format(**names), gettext(query.question).format(**names)


def reconciliation_in(
    language: str, rule_id: str, kind: str, school: str | None, urn: int, force_code: str
) -> tuple[str, str]:
    """The message and the question of a reconciliation query in language."""
    with in_language(language):
        return reconciliation_words(rule_id, kind, school, urn, force_code)
