"""Rules for the school return (SCH-0xx errors, SCH-1xx queries).

Values are the school's answers, keyed as the columns of SchoolAnswers, parsed by
sspcollect.validation.values (a blank answer is None, unreadable text is Invalid).
"""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from flask_babel import gettext

from sspcollect.content import counts
from sspcollect.content.fields import SCHOOL_FIELDS
from sspcollect.content.grammar import number
from sspcollect.content.marking import N_
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
from sspcollect.validation.numbers import NumberQuestion, number_problem
from sspcollect.validation.values import Invalid, outside, usable

__all__ = ["AIMS", "COMMENTS_LIMIT", "HAS_SSP_CHOICES", "MAX_PUPILS"]
MAX_COUNT = 100_000
DAYS_IN_HALVES = N_("Days a week on site must be in half days, like 1.5")
NONE_HINT = N_("0 if there were none")


def _noun(name: str) -> str:
    """How the field catalogue names an answer inside a sentence."""
    return SCHOOL_FIELDS[name].noun


def _percent(name: str, example: str) -> NumberQuestion:
    """A percentage from 0 to 100, to 2 decimal places."""
    return NumberQuestion(_noun(name), example, 0, 100, places=2, percent=True)


def _count(name: str) -> NumberQuestion:
    """A count from 0, where 0 is the answer when there were none."""
    return NumberQuestion(_noun(name), "12", 0, MAX_COUNT, none_hint=NONE_HINT)


# Every number the school return asks for: what it is called and how it is read.
NUMBER_QUESTIONS = {
    "officer_days_per_week": NumberQuestion(_noun("officer_days_per_week"), "1.5", 0, 5, places=1),
    "pupils_on_roll": NumberQuestion(_noun("pupils_on_roll"), "1,204", 1, MAX_PUPILS),
    "attendance_percent": _percent("attendance_percent", "94.5"),
    "persistent_absence_percent": _percent("persistent_absence_percent", "8.5"),
    "suspensions": _count("suspensions"),
    "permanent_exclusions": _count("permanent_exclusions"),
    "violent_incidents": _count("violent_incidents"),
    "weapon_incidents": _count("weapon_incidents"),
    "bullying_incidents": _count("bullying_incidents"),
    "pupils_feel_safe_percent": NumberQuestion(
        _noun("pupils_feel_safe_percent"),
        "82",
        0,
        100,
        places=2,
        percent=True,
        none_hint=N_("select \u2018Our pupils were not surveyed\u2019"),
    ),
}
DAYS_ON_SITE = NUMBER_QUESTIONS["officer_days_per_week"]

rule = CATALOGUE.rule
number_rule = CATALOGUE.number_rule
SCHOOL = Scope.SCHOOL_RETURN


def _format_school(values: Values) -> dict[str, object]:
    """Values named in school messages, written as numbers are written."""
    attendance, suspensions = values.get("attendance_percent"), values.get("suspensions")
    pupils = values.get("pupils_on_roll")
    return {
        "attendance": f"{number(attendance)}%" if usable(attendance) else "",
        "suspensions": counts.suspensions(suspensions) if usable(suspensions) else "",
        "pupils": counts.pupils(pupils) if usable(pupils) else "",
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


def _days_problem(values: Values) -> str | None:
    """What is wrong with the days on site, for a school with a partnership."""
    if not _has_ssp(values):
        return None
    days = values.get("officer_days_per_week")
    problem = number_problem(DAYS_ON_SITE, days)
    if problem is None and (cast(Decimal, days) * 2) % 1 != 0:
        return gettext(DAYS_IN_HALVES)
    return problem


@rule(
    "SCH-004",
    Level.ERROR,
    SCHOOL,
    ["officer_days_per_week"],
    ERRORS["SCH-004"],
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
    ERRORS["SCH-016"],
)
def exclusions_above_roll(values: Values) -> bool:
    """Cannot exclude more pupils than the school has."""
    exclusions, roll = values.get("permanent_exclusions"), values.get("pupils_on_roll")
    return usable(exclusions) and usable(roll) and exclusions > roll


FEEL_SAFE_BOTH = N_(
    "Enter the percentage of pupils who feel safe at school, or select \u2018Our pupils were "
    "not surveyed\u2019, not both"
)


def _feel_safe_problem(values: Values) -> str | None:
    """Either a percentage or 'not surveyed', not both and not neither."""
    percent = values.get("pupils_feel_safe_percent")
    if values.get("feel_safe_not_surveyed") is True:
        return gettext(FEEL_SAFE_BOTH) if percent is not None else None
    return number_problem(NUMBER_QUESTIONS["pupils_feel_safe_percent"], percent)


@rule(
    "SCH-017",
    Level.ERROR,
    SCHOOL,
    ["pupils_feel_safe_percent"],
    ERRORS["SCH-017"],
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
    QUERIES["SCH-101"].message,
    _format_school,
    question=QUERIES["SCH-101"].question,
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
    question=QUERIES["SCH-102"].question,
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
        "persistent": f"{number(Decimal(values.get('persistent_absence_percent') or 0))}%",
        "attendance": f"{number(attendance_)}%",
        "missed": f"{number(100 - attendance_)}%",
    }


@rule(
    "SCH-103",
    Level.QUERY,
    SCHOOL,
    ["persistent_absence_percent", "attendance_percent"],
    QUERIES["SCH-103"].message,
    _format_absence,
    question=QUERIES["SCH-103"].question,
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
        return gettext("a nursery school")
    name = str(values.get("school_name") or "").lower()
    if "infant" in name and "junior" not in name:
        return gettext("an infant school")
    return None


@rule(
    "SCH-104",
    Level.QUERY,
    SCHOOL,
    ["suspensions", "permanent_exclusions"],
    QUERIES["SCH-104"].message,
    lambda values: {"kind": _school_kind(values) or gettext("a school for young children")},
    question=QUERIES["SCH-104"].question,
)
def exclusions_in_young_school(values: Values) -> bool:
    """Suspending or excluding children under 7 happens, but seldom."""
    if _school_kind(values) is None:
        return False
    counts = [values.get("suspensions"), values.get("permanent_exclusions")]
    return any(usable(count) and count > 0 for count in counts)
