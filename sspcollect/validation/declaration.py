"""Rules for the declaration made when a return is submitted (DEC-xxx).

Values: declarant_name, declarant_role (as typed), declared (the box ticked). These rules run
when someone presses Submit on check your answers; they are never kept as findings.
"""

from __future__ import annotations

from sspcollect.content.force import DECLARATION_ERRORS
from sspcollect.validation.engine import CATALOGUE, Level, Scope, Values

NAME_LIMIT = 200
rule = CATALOGUE.rule
DECLARATION = Scope.DECLARATION


def _blank_or_long(values: Values, name: str) -> bool:
    """True when the text is blank or longer than NAME_LIMIT."""
    text = str(values.get(name) or "").strip()
    return not text or len(text) > NAME_LIMIT


@rule("DEC-001", Level.ERROR, DECLARATION, ["declarant_name"], DECLARATION_ERRORS["DEC-001"])
def name_missing(values: Values) -> bool:
    """The person who declares gives their name."""
    return _blank_or_long(values, "declarant_name")


@rule("DEC-002", Level.ERROR, DECLARATION, ["declarant_role"], DECLARATION_ERRORS["DEC-002"])
def role_missing(values: Values) -> bool:
    """… and their job title."""
    return _blank_or_long(values, "declarant_role")


@rule("DEC-003", Level.ERROR, DECLARATION, ["declared"], DECLARATION_ERRORS["DEC-003"])
def not_declared(values: Values) -> bool:
    """… and ticks the box."""
    return values.get("declared") is not True
