"""Rules for the school return (SCH-0xx errors, SCH-1xx queries).

Values are the school's answers, keyed as the columns of SchoolAnswers, parsed by
sspcollect.validation.values (a blank answer is None, unreadable text is Invalid).
"""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from sspcollect.models.partnership import Model
from sspcollect.validation.engine import CATALOGUE, Level, Scope, Values
from sspcollect.validation.numbers import NumberQuestion, number_problem
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
DAYS_IN_HALVES = "Days a week on site must be in half days, like 1.5"


def _percent(enter: str, called: str, example: str) -> NumberQuestion:
    """A percentage from 0 to 100, to 2 decimal places."""
    return NumberQuestion(enter, called, example, 0, 100, places=2, percent=True)


def _count(enter: str, called: str) -> NumberQuestion:
    """A count from 0, where 0 is the answer when there were none."""
    return NumberQuestion(enter, called, "12", 0, MAX_COUNT, none_hint="0 if there were none")


# Every number the school return asks for: what it is called and how it is read.
NUMBER_QUESTIONS = {
    "officer_days_per_week": NumberQuestion(
        "the days a week the officer is on site", "Days a week on site", "1.5", 0, 5, places=1
    ),
    "pupils_on_roll": NumberQuestion(
        "the number of pupils on roll", "Pupils on roll", "1,204", 1, MAX_PUPILS
    ),
    "attendance_percent": _percent("overall attendance", "Overall attendance", "94.5"),
    "persistent_absence_percent": _percent("persistent absence", "Persistent absence", "8.5"),
    "suspensions": _count("the number of suspensions", "Suspensions"),
    "permanent_exclusions": _count("the number of permanent exclusions", "Permanent exclusions"),
    "violent_incidents": _count("the number of violent incidents", "Violent incidents"),
    "weapon_incidents": _count(
        "the number of incidents involving a weapon", "Incidents involving a weapon"
    ),
    "bullying_incidents": _count("the number of bullying incidents", "Bullying incidents"),
    "pupils_feel_safe_percent": NumberQuestion(
        "the percentage of pupils who feel safe",
        "The percentage of pupils who feel safe",
        "82",
        0,
        100,
        places=2,
        percent=True,
        none_hint="select \u2018not surveyed\u2019",
    ),
}
DAYS_ON_SITE = NUMBER_QUESTIONS["officer_days_per_week"]

rule = CATALOGUE.rule
number_rule = CATALOGUE.number_rule
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


def _days_problem(values: Values) -> str | None:
    """What is wrong with the days on site, for a school with a partnership."""
    if not _has_ssp(values):
        return None
    days = values.get("officer_days_per_week")
    problem = number_problem(DAYS_ON_SITE, days)
    if problem is None and (cast(Decimal, days) * 2) % 1 != 0:
        return DAYS_IN_HALVES
    return problem


@rule(
    "SCH-004",
    Level.ERROR,
    SCHOOL,
    ["officer_days_per_week"],
    "Enter the days a week the officer is on site, from 0 to 5, in half days (for example 1.5)",
    explain=_days_problem,
)
def days_on_site(values: Values) -> bool:
    """Days on site are 0 to 5, in halves."""
    return _days_problem(values) is not None


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
    return _has_ssp(values) and len(values.get("comments") or "") > COMMENTS_LIMIT


number_rule("SCH-008", SCHOOL, "pupils_on_roll", NUMBER_QUESTIONS["pupils_on_roll"])
number_rule("SCH-009", SCHOOL, "attendance_percent", NUMBER_QUESTIONS["attendance_percent"])
number_rule(
    "SCH-010",
    SCHOOL,
    "persistent_absence_percent",
    NUMBER_QUESTIONS["persistent_absence_percent"],
)
COUNT_FIELDS = {
    "SCH-011": "suspensions",
    "SCH-012": "permanent_exclusions",
    "SCH-013": "violent_incidents",
    "SCH-014": "weapon_incidents",
    "SCH-015": "bullying_incidents",
}
for _rule_id, _name in COUNT_FIELDS.items():
    number_rule(_rule_id, SCHOOL, _name, NUMBER_QUESTIONS[_name])


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


FEEL_SAFE_BOTH = (
    "Enter the percentage of pupils who feel safe, or select \u2018not surveyed\u2019, not both"
)


def _feel_safe_problem(values: Values) -> str | None:
    """Either a percentage or 'not surveyed', not both and not neither."""
    percent = values.get("pupils_feel_safe_percent")
    if values.get("feel_safe_not_surveyed") is True:
        return FEEL_SAFE_BOTH if percent is not None else None
    return number_problem(NUMBER_QUESTIONS["pupils_feel_safe_percent"], percent)


@rule(
    "SCH-017",
    Level.ERROR,
    SCHOOL,
    ["pupils_feel_safe_percent"],
    "Enter the percentage of pupils who feel safe, from 0 to 100, or select "
    "\u2018not surveyed\u2019",
    explain=_feel_safe_problem,
)
def feel_safe(values: Values) -> bool:
    """Either a percentage or 'not surveyed', not both and not neither."""
    return _feel_safe_problem(values) is not None


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


# Persistently absent pupils missed 10% or more of their sessions. Across English schools
# the share of them runs at about two to three times the share of sessions missed; more
# than five times is not impossible, but far enough out to ask.
PERSISTENT_ABSENCE_RATIO = 5


def _absence_limits(values: Values) -> tuple[Decimal, Decimal] | None:
    """The fewest and most persistent absence (%) that fit with the attendance given."""
    attendance_, persistent = (
        values.get("attendance_percent"),
        values.get("persistent_absence_percent"),
    )
    if not (usable(attendance_) and usable(persistent)) or outside(attendance_, 0, 100):
        return None
    absence = 100 - Decimal(attendance_)
    # If only the persistently absent missed more than 10%, the rest missed less.
    fewest = max(Decimal(0), (absence - 10) / Decimal("0.9"))
    most = min(Decimal(100), absence * PERSISTENT_ABSENCE_RATIO)
    return fewest, most


def _format_absence(values: Values) -> dict[str, object]:
    """Values named in the persistent absence message."""
    attendance_ = Decimal(values.get("attendance_percent") or 0)
    return {
        "persistent": values.get("persistent_absence_percent"),
        "attendance": attendance_,
        "missed": format((100 - attendance_).normalize(), "f"),
    }


@rule(
    "SCH-103",
    Level.QUERY,
    SCHOOL,
    ["persistent_absence_percent", "attendance_percent"],
    "Persistent absence of {persistent}% does not fit with overall attendance of "
    "{attendance}%, as pupils missed {missed}% of sessions in all. Check both figures, "
    "or explain them",
    _format_absence,
)
def absence_inconsistent(values: Values) -> bool:
    """Persistent absence far from what the attendance figure allows."""
    limits = _absence_limits(values)
    if limits is None:
        return False
    persistent = Decimal(values["persistent_absence_percent"])
    fewest, most = limits
    return not fewest <= persistent <= most


def _school_kind(values: Values) -> str | None:
    """'a nursery school' or 'an infant school' when the school is one, else None."""
    if values.get("school_phase") == "Nursery":
        return "a nursery school"
    name = str(values.get("school_name") or "").lower()
    if "infant" in name and "junior" not in name:
        return "an infant school"
    return None


@rule(
    "SCH-104",
    Level.QUERY,
    SCHOOL,
    ["suspensions", "permanent_exclusions"],
    "Your school is {kind}, where suspensions and permanent exclusions are very rare. "
    "Check the figures, or explain them",
    lambda values: {"kind": _school_kind(values)},
)
def exclusions_in_young_school(values: Values) -> bool:
    """Suspending or excluding children under 7 happens, but seldom."""
    if _school_kind(values) is None:
        return False
    counts = [values.get("suspensions"), values.get("permanent_exclusions")]
    return any(usable(count) and count > 0 for count in counts)
