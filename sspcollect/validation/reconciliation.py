"""Rules across returns (XRT-xxx): what a school says of its partnership against the register.

Values: has_ssp (the school's answer), claimed_force (the force the school named, when yes),
force (the force of the pair), covered (True when that force's register covers the school).
The message each side reads is its own (sspcollect.content.school and .force RECONCILIATION);
the catalogue's message says what the rule checks.
"""

from __future__ import annotations

from sspcollect.content.marking import N_
from sspcollect.validation.engine import CATALOGUE, Level, Scope, Values

rule = CATALOGUE.rule
RECONCILIATION = Scope.RECONCILIATION


@rule(
    "XRT-001",
    Level.QUERY,
    RECONCILIATION,
    ["has_ssp", "ssp_force_code", "schools"],
    N_(
        "A school says it has a Safer School Partnership with a police force whose register "
        "does not cover the school"
    ),
)
def school_claim_not_in_register(values: Values) -> bool:
    """The school names a force whose register does not cover it."""
    return (
        values.get("has_ssp") == "yes"
        and values.get("claimed_force") == values.get("force")
        and not values.get("covered")
    )


@rule(
    "XRT-002",
    Level.QUERY,
    RECONCILIATION,
    ["has_ssp", "schools"],
    N_(
        "A police force\u2019s register covers a school that says it has no Safer School "
        "Partnership"
    ),
)
def register_covers_school_saying_no(values: Values) -> bool:
    """The force covers a school that says it has no partnership."""
    return bool(values.get("covered")) and values.get("has_ssp") == "no"
