"""What an estimate compares: the schools that stand for no partnership, and the cluster unit.

Kept apart from the estimator so that the analysis plan and its words can be read (on the
methodology page, say) without loading the numerical libraries the estimator needs.
"""

from __future__ import annotations

import enum

# Standard errors are clustered by school.
SCHOOL = "school"


class Comparison(enum.StrEnum):
    """Which schools stand for what would have happened without a partnership."""

    NEVER = "never_covered"
    NOT_YET = "not_yet_covered"
