"""Rules for the school return (SCH-0xx errors, SCH-1xx queries).

Values are the school's answers, keyed as the columns of SchoolAnswers, parsed by
sspcollect.validation.values (a blank answer is None, unreadable text is Invalid).
"""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from sspcollect.models.partnership import Model
from sspcollect.validation.engine import CATALOGUE, Level, Scope, Values
from sspcollect.validation.values import Invalid, outside, usable

HAS_SSP_CHOICES = {"yes": "Yes", "no": "No", "not_sure": "Not sure"}
AIMS = {
    "reducing_violence": "Reducing violence",
    "attendance": "Improving attendance",
    "safeguarding": "Safeguarding",
    "exclusions": "Reducing exclusions",
    "community_relations": "Community relations",
}
COMMENTS_LIMIT = 1000
MAX_PUPILS = 10_000
MAX_COUNT = 100_000

rule = CATALOGUE.rule
SCHOOL = Scope.SCHOOL_RETURN


def _format_school(values: Values) -> dict[str, object]:
    """Values named in school messages."""
    return {
        "attendance": values.get("attendance_percent"),
        "suspensions": values.get("suspensions"),
    }


def _has_ssp(values: Values) -> bool:
    """True when the school said it has a partnership."""
    return values.get("has_ssp") == "yes"


@rule(
    "SCH-001",
    Level.ERROR,
    SCHOOL,
    ["has_ssp"],
    "Select whether your school has a Safer School Partnership",
)
def has_ssp_missing(values: Values) -> bool:
    """The first question must be answered."""
    return values.get("has_ssp") not in HAS_SSP_CHOICES


@rule(
    "SCH-002",
    Level.ERROR,
    SCHOOL,
    ["ssp_force_code"],
    "Select the police force your partnership is with",
)
def force_missing(values: Values) -> bool:
    """A partnership is with a police force."""
    return _has_ssp(values) and not usable(values.get("ssp_force_code"))


@rule("SCH-003", Level.ERROR, SCHOOL, ["ssp_model"], "Select how your partnership works")
def model_missing(values: Values) -> bool:
    """The model as the school sees it."""
    return _has_ssp(values) and values.get("ssp_model") not in set(Model)


@rule(
    "SCH-004",
    Level.ERROR,
    SCHOOL,
    ["officer_days_per_week"],
    "Enter the days a week the officer is on site, from 0 to 5, in half days (for example 1.5)",
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
    "Select how effective the partnership is, from 1 (not effective) to 5 (very effective)",
)
def effectiveness(values: Values) -> bool:
    """A 1 to 5 rating."""
    return _has_ssp(values) and outside(values.get("effectiveness"), 1, 5)


@rule(
    "SCH-006",
    Level.ERROR,
    SCHOOL,
    ["aims"],
    "Select the aims the partnership has helped with, from the list given",
)
def unknown_aims(values: Values) -> bool:
    """Aims come from the list."""
    aims = values.get("aims") or []
    return _has_ssp(values) and any(aim not in AIMS for aim in aims)


@rule(
    "SCH-007",
    Level.ERROR,
    SCHOOL,
    ["comments"],
    f"Comments must be {COMMENTS_LIMIT:,} characters or fewer",
)
def comments_too_long(values: Values) -> bool:
    """Comments are short."""
    return len(values.get("comments") or "") > COMMENTS_LIMIT


@rule(
    "SCH-008",
    Level.ERROR,
    SCHOOL,
    ["pupils_on_roll"],
    f"Enter the number of pupils on roll, as a whole number from 1 to {MAX_PUPILS:,}",
)
def pupils_on_roll(values: Values) -> bool:
    """Pupils on roll is a positive whole number."""
    return outside(values.get("pupils_on_roll"), 1, MAX_PUPILS)


@rule(
    "SCH-009",
    Level.ERROR,
    SCHOOL,
    ["attendance_percent"],
    "Enter overall attendance as a percentage from 0 to 100, with up to 2 decimal places",
)
def attendance(values: Values) -> bool:
    """Attendance is a percentage."""
    return outside(values.get("attendance_percent"), 0, 100)


@rule(
    "SCH-010",
    Level.ERROR,
    SCHOOL,
    ["persistent_absence_percent"],
    "Enter the persistent absence rate as a percentage from 0 to 100",
)
def persistent_absence(values: Values) -> bool:
    """Persistent absence is a percentage."""
    return outside(values.get("persistent_absence_percent"), 0, 100)


COUNT_FIELDS = {
    "SCH-011": ("suspensions", "the number of suspensions"),
    "SCH-012": ("permanent_exclusions", "the number of permanent exclusions"),
    "SCH-013": ("violent_incidents", "the number of violent incidents"),
    "SCH-014": ("weapon_incidents", "the number of incidents involving a weapon"),
    "SCH-015": ("bullying_incidents", "the number of bullying incidents"),
}


def _count_rule(rule_id: str, name: str, words: str) -> None:
    """Declare the 'whole number, 0 or more' rule for one count."""

    def check(values: Values) -> bool:
        return outside(values.get(name), 0, MAX_COUNT)

    rule(
        rule_id,
        Level.ERROR,
        SCHOOL,
        [name],
        f"Enter {words}, as a whole number (0 if there were none)",
    )(check)


for _rule_id, (_name, _words) in COUNT_FIELDS.items():
    _count_rule(_rule_id, _name, _words)


@rule(
    "SCH-016",
    Level.ERROR,
    SCHOOL,
    ["permanent_exclusions", "pupils_on_roll"],
    "Permanent exclusions cannot be more than the number of pupils on roll",
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
    "Enter the percentage of pupils who feel safe, from 0 to 100, or select "
    "\u2018not surveyed\u2019",
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
    "Overall attendance of {attendance}% is below 85%. Check the figure, or explain it",
    _format_school,
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
    "{suspensions} suspensions is more than 50 for every 100 pupils on roll. "
    "Check the figure, or explain it",
    _format_school,
)
def many_suspensions(values: Values) -> bool:
    """More than 50 suspensions per 100 pupils is unusual."""
    rate = _suspension_rate(values)
    return rate is not None and rate > 50


def is_invalid(value: object) -> bool:
    """True for unreadable text (re-exported for the forms)."""
    return isinstance(value, Invalid)
