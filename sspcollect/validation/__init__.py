"""The rule catalogue and the engine that runs it; importing this package declares every rule."""

from sspcollect.validation import (  # noqa: F401  (declare the rules)
    declaration,
    force,
    reconciliation,
    school,
    year_on_year,
)
from sspcollect.validation.engine import (
    CATALOGUE,
    SCOPE_LABELS,
    Level,
    Result,
    Rule,
    Scope,
    errors_for_fields,
)

__all__ = ["CATALOGUE", "SCOPE_LABELS", "Level", "Result", "Rule", "Scope", "errors_for_fields"]
