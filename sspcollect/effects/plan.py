"""The analysis plan, fixed in code before any collection's outcomes are looked at.

What is estimated, for which schools, with which comparison, and when an estimate is not
given. Changing any of it is a change to this file, reviewed and recorded like any other;
the published methodology (effects/methodology.py) is written from these constants.
"""

from __future__ import annotations

from dataclasses import dataclass

from sspcollect.effects.comparison import SCHOOL, Comparison
from sspcollect.models import MODEL_LABELS

# Not-yet-covered schools are comparisons as well as never-covered ones: more schools, and
# they are more like the schools that gained partnerships (they gain one later).
COMPARISON = Comparison.NOT_YET
# Intervals are clustered by school; by local authority is shown beside as a check.
CLUSTER = SCHOOL
AREA_CLUSTER = "la_code"
# No estimate from fewer schools than these: too imprecise to say anything, and an estimate
# from a handful of schools comes close to describing those schools.
MIN_TREATED = 20
MIN_COMPARED = 20
# At least three closed collections: two years to compare and one before to check trends.
MIN_YEARS = 3
# A pre-trend test below this p-value is flagged beside the estimate.
PRE_TREND_ALARM = 0.05


@dataclass(frozen=True)
class Outcome:
    """An outcome, its column in the panel, and how it reads."""

    column: str
    label: str
    unit: str
    lower_is_better: bool
    dp: int = 2


OUTCOMES = (
    Outcome("suspension_rate", "Suspensions", "per 100 pupils", True),
    Outcome("permanent_exclusion_rate", "Permanent exclusions", "per 100 pupils", True, 3),
    Outcome("violent_incident_rate", "Violent incidents", "per 1,000 pupils", True),
    Outcome("weapon_incident_rate", "Weapon incidents", "per 1,000 pupils", True),
    Outcome("bullying_incident_rate", "Bullying incidents", "per 1,000 pupils", True),
    Outcome("attendance_percent", "Attendance", "percentage points", False),
    Outcome("persistent_absence_percent", "Persistent absence", "percentage points", True),
    Outcome("feel_safe_percent", "Pupils who feel safe", "percentage points", False),
)
OUTCOME_BY_COLUMN = {outcome.column: outcome for outcome in OUTCOMES}

TOTAL = "Total"
MODELS = tuple((str(model), label) for model, label in MODEL_LABELS.items())
PHASES = ("Primary", "Secondary", "Other")
# The phase groups as DfE's data dictionary names the items of education_phase.
PHASE_ITEMS = {"Primary": "Primary", "Secondary": "Secondary", "Other": "Other education phase"}


@dataclass(frozen=True)
class Group:
    """The schools one estimate is about: an area, and a model or a phase (or all)."""

    level: str  # national, country or region
    area: str  # the area's code
    model: str = TOTAL  # a model's value, or Total
    phase: str = TOTAL  # a phase group, or Total

    @property
    def is_headline(self) -> bool:
        """True for all schools of England and Wales: the estimates the page leads with."""
        return self.level == "national" and self.model == TOTAL and self.phase == TOTAL


def groups_for(level: str, area: str) -> list[Group]:
    """An area's groups: every school and each model; each phase group too, but not by region.

    Regions hold a tenth of the schools or less; split again by phase, few would reach the
    minimum, and the estimates that did would be too imprecise to be worth the time.
    """
    groups = [Group(level, area), *(Group(level, area, model=model) for model, _label in MODELS)]
    if level != "region":
        groups += [Group(level, area, phase=phase) for phase in PHASES]
    return groups


def reason_not_estimated(treated: int, compared: int, years: int) -> str | None:
    """Why an estimate is not given (x), in words; None when it is."""
    if years < MIN_YEARS:
        return (
            f"Fewer than {MIN_YEARS} closed collections: there is no year before a "
            "partnership began in which to check that trends were parallel."
        )
    if treated == 0:
        return (
            "No school in this group gained a partnership and reported this outcome both "
            "before and after it began."
        )
    if treated < MIN_TREATED:
        return f"Fewer than {MIN_TREATED} schools in this group gained a partnership."
    if compared < MIN_COMPARED:
        return f"Fewer than {MIN_COMPARED} schools in this group to compare them with."
    return None
