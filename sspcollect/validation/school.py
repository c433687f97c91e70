"""Rules for the school return (SCH-0xx errors, SCH-1xx queries).

Values are the school's answers, keyed as the columns of SchoolAnswers, parsed by
sspcollect.validation.values (a blank answer is None, unreadable text is Invalid).
"""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from sspcollect.content.grammar import count, number
from sspcollect.content.school import (
    AIMS,
    COMMENTS_LIMIT,
    ERRORS,
    HAS_SSP_CHOICES,
    MAX_PUPILS,
    QUERIES,
)
from sspcollect.models.partnership import Model
from sspcollect.validation.engine import CATALOGUE, Level, Scope, Values
from sspcollect.validation.values import Invalid, outside, usable

__all__ = ["AIMS", "COMMENTS_LIMIT", "HAS_SSP_CHOICES", "MAX_PUPILS"]
MAX_COUNT = 100_000

rule = CATALOGUE.rule
SCHOOL = Scope.SCHOOL_RETURN


def _format_school(values: Values) -> dict[str, object]:
    """Values named in school messages, written as numbers are written."""
    attendance, suspensions = values.get("attendance_percent"), values.get("suspensions")
    pupils = values.get("pupils_on_roll")
    return {
        "attendance": number(attendance) if usable(attendance) else "",
        "suspensions": count(suspensions, "suspension") if usable(suspensions) else "",
        "pupils": count(pupils, "pupil") if usable(pupils) else "",
    }


def _has_ssp(values: Values) -> bool:
    """True when the school said it has a partnership."""
    return values.get("has_ssp") == "yes"


@rule(
    "SCH-001",
    Level.ERROR,
    SCHOOL,
    ["has_ssp"],
    ERRORS["SCH-001"],
)
def has_ssp_missing(values: Values) -> bool:
    """The first question must be answered."""
    return values.get("has_ssp") not in HAS_SSP_CHOICES


@rule(
    "SCH-002",
    Level.ERROR,
    SCHOOL,
    ["ssp_force_code"],
    ERRORS["SCH-002"],
)
def force_missing(values: Values) -> bool:
    """A partnership is with a police force."""
    return _has_ssp(values) and not usable(values.get("ssp_force_code"))


@rule("SCH-003", Level.ERROR, SCHOOL, ["ssp_model"], ERRORS["SCH-003"])
def model_missing(values: Values) -> bool:
    """The model as the school sees it."""
    return _has_ssp(values) and values.get("ssp_model") not in set(Model)


@rule(
    "SCH-004",
    Level.ERROR,
    SCHOOL,
    ["officer_days_per_week"],
    ERRORS["SCH-004"],
)
def days_on_site(values: Values) -> bool:
    """Days on site are 0 to 5, in halves."""
    if not _has_ssp(values):
        return False
    days = values.get("officer_days_per_week")
    return outside(days, 0, 5) or (cast(Decimal, days) * 2) % 1 != 0


@rule(
    "SCH-005",
    Level.ERROR,
    SCHOOL,
    ["effectiveness"],
    ERRORS["SCH-005"],
)
def effectiveness(values: Values) -> bool:
    """A 1 to 5 rating."""
    return _has_ssp(values) and outside(values.get("effectiveness"), 1, 5)


@rule(
    "SCH-006",
    Level.ERROR,
    SCHOOL,
    ["aims"],
    ERRORS["SCH-006"],
)
def unknown_aims(values: Values) -> bool:
    """Aims come from the list; none of them is an answer too, but no answer is not."""
    aims = values.get("aims")
    return _has_ssp(values) and (aims is None or any(aim not in AIMS for aim in aims))


@rule(
    "SCH-007",
    Level.ERROR,
    SCHOOL,
    ["comments"],
    ERRORS["SCH-007"],
)
def comments_too_long(values: Values) -> bool:
    """Comments are short."""
    return len(values.get("comments") or "") > COMMENTS_LIMIT


@rule(
    "SCH-008",
    Level.ERROR,
    SCHOOL,
    ["pupils_on_roll"],
    ERRORS["SCH-008"],
)
def pupils_on_roll(values: Values) -> bool:
    """Pupils on roll is a positive whole number."""
    return outside(values.get("pupils_on_roll"), 1, MAX_PUPILS)


@rule(
    "SCH-009",
    Level.ERROR,
    SCHOOL,
    ["attendance_percent"],
    ERRORS["SCH-009"],
)
def attendance(values: Values) -> bool:
    """Attendance is a percentage."""
    return outside(values.get("attendance_percent"), 0, 100)


@rule(
    "SCH-010",
    Level.ERROR,
    SCHOOL,
    ["persistent_absence_percent"],
    ERRORS["SCH-010"],
)
def persistent_absence(values: Values) -> bool:
    """Persistent absence is a percentage."""
    return outside(values.get("persistent_absence_percent"), 0, 100)


COUNT_FIELDS = {
    "SCH-011": "suspensions",
    "SCH-012": "permanent_exclusions",
    "SCH-013": "violent_incidents",
    "SCH-014": "weapon_incidents",
    "SCH-015": "bullying_incidents",
}


def _count_rule(rule_id: str, name: str) -> None:
    """Declare the 'whole number, 0 or more' rule for one count."""

    def check(values: Values) -> bool:
        return outside(values.get(name), 0, MAX_COUNT)

    rule(
        rule_id,
        Level.ERROR,
        SCHOOL,
        [name],
        ERRORS[rule_id],
    )(check)


for _rule_id, _name in COUNT_FIELDS.items():
    _count_rule(_rule_id, _name)


@rule(
    "SCH-016",
    Level.ERROR,
    SCHOOL,
    ["permanent_exclusions", "pupils_on_roll"],
    ERRORS["SCH-016"],
)
def exclusions_above_roll(values: Values) -> bool:
    """Cannot exclude more pupils than the school has."""
    exclusions, roll = values.get("permanent_exclusions"), values.get("pupils_on_roll")
    return usable(exclusions) and usable(roll) and exclusions > roll


@rule(
    "SCH-017",
    Level.ERROR,
    SCHOOL,
    ["pupils_feel_safe_percent"],
    ERRORS["SCH-017"],
)
def feel_safe(values: Values) -> bool:
    """Either a percentage or 'not surveyed', not both and not neither."""
    not_surveyed = values.get("feel_safe_not_surveyed") is True
    percent = values.get("pupils_feel_safe_percent")
    if not_surveyed:
        return percent is not None
    return outside(percent, 0, 100)


@rule(
    "SCH-101",
    Level.QUERY,
    SCHOOL,
    ["attendance_percent"],
    QUERIES["SCH-101"].message,
    _format_school,
    QUERIES["SCH-101"].question,
)
def low_attendance(values: Values) -> bool:
    """Attendance below 85% is unusual."""
    attendance_ = values.get("attendance_percent")
    return usable(attendance_) and 0 <= attendance_ < Decimal(85)


def _suspension_rate(values: Values) -> Decimal | None:
    """Suspensions per 100 pupils, when both figures are usable."""
    suspensions, roll = values.get("suspensions"), values.get("pupils_on_roll")
    if not (usable(suspensions) and usable(roll)) or roll <= 0:
        return None
    return Decimal(suspensions) * 100 / Decimal(roll)


@rule(
    "SCH-102",
    Level.QUERY,
    SCHOOL,
    ["suspensions", "pupils_on_roll"],
    QUERIES["SCH-102"].message,
    _format_school,
    QUERIES["SCH-102"].question,
)
def many_suspensions(values: Values) -> bool:
    """More than 50 suspensions per 100 pupils is unusual."""
    rate = _suspension_rate(values)
    return rate is not None and rate > 50


@rule("SCH-018", Level.ERROR, SCHOOL, ["ssp_model_description"], ERRORS["SCH-018"])
def other_model_undescribed(values: Values) -> bool:
    """A partnership that works in another way is described in the school's words."""
    return (
        _has_ssp(values)
        and values.get("ssp_model") == Model.OTHER
        and not str(values.get("ssp_model_description") or "").strip()
    )


def is_invalid(value: object) -> bool:
    """True for unreadable text (re-exported for the forms)."""
    return isinstance(value, Invalid)
