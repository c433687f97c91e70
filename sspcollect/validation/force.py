"""Rules for the force's register (POL-0xx), its outcomes (POL-02x), its return (POL-03x),
and queries (POL-1xx).

Partnership values are keyed as the columns of Partnership, plus:
  schools: a list of dicts {urn, days_per_week, known, is_open, force_area_code}
  force_area_code: the force that keeps the register
  duplicate_reference: True when another partnership of the force has the same reference
Outcome values are keyed as the columns of PartnershipOutcome.
Force return values: register_confirmed, nil_return, active_partnerships.
Every message comes from sspcollect.content (register and force), written for the person.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import gettext, ngettext

from sspcollect.content import counts
from sspcollect.content import force as words
from sspcollect.content.fields import OUTCOME_FIELDS as OUTCOME_WORDS
from sspcollect.content.fields import PARTNERSHIP_FIELDS as PARTNERSHIP_WORDS
from sspcollect.content.grammar import join_words, number
from sspcollect.content.register import ERRORS
from sspcollect.content.time import long_date
from sspcollect.models.partnership import FundingSource, Model, OfficerRole
from sspcollect.models.returns import OUTCOME_FIELDS
from sspcollect.validation.engine import CATALOGUE, Level, Scope, Values
from sspcollect.validation.numbers import NumberQuestion, number_problem
from sspcollect.validation.school import DAYS_IN_HALVES, DAYS_ON_SITE, NONE_HINT
from sspcollect.validation.values import Invalid, usable

MAX_COUNT = 1_000_000


# Every number the register and the force return ask for: what it is called, how it is read.
NUMBER_QUESTIONS = {
    "officer_count": NumberQuestion(PARTNERSHIP_WORDS["officer_count"].noun, "2", 1, 500),
    "fte": NumberQuestion(PARTNERSHIP_WORDS["fte"].noun, "0.6", 0, Decimal("99.9"), places=1),
    **{
        name: NumberQuestion(field.noun, "12", 0, MAX_COUNT, none_hint=NONE_HINT)
        for name, field in OUTCOME_WORDS.items()
    },
}

rule = CATALOGUE.rule
number_rule = CATALOGUE.number_rule
PARTNERSHIP = Scope.PARTNERSHIP
OUTCOMES = Scope.OUTCOMES
FORCE = Scope.FORCE_RETURN


def _schools(values: Values) -> list[dict[str, Any]]:
    """The covered schools given."""
    return list(values.get("schools") or [])


def _text_missing(values: Values, name: str, limit: int) -> bool:
    """True for blank or too long text."""
    text = values.get(name)
    return not text or len(str(text)) > limit


@rule(
    "POL-001",
    Level.ERROR,
    PARTNERSHIP,
    ["reference"],
    ERRORS["POL-001"],
)
def reference_missing(values: Values) -> bool:
    """Each partnership has a short reference."""
    return _text_missing(values, "reference", 50)


@rule(
    "POL-002",
    Level.ERROR,
    PARTNERSHIP,
    ["reference"],
    ERRORS["POL-002"],
)
def reference_taken(values: Values) -> bool:
    """References are unique within a force."""
    return bool(values.get("duplicate_reference"))


@rule(
    "POL-003",
    Level.ERROR,
    PARTNERSHIP,
    ["name"],
    ERRORS["POL-003"],
)
def name_missing(values: Values) -> bool:
    """Each partnership has a name."""
    return _text_missing(values, "name", 200)


@rule("POL-004", Level.ERROR, PARTNERSHIP, ["model"], ERRORS["POL-004"])
def model_missing(values: Values) -> bool:
    """The model is one of the five."""
    return values.get("model") not in set(Model)


@rule(
    "POL-005",
    Level.ERROR,
    PARTNERSHIP,
    ["model_description"],
    ERRORS["POL-005"],
)
def other_model_undescribed(values: Values) -> bool:
    """'Other' needs a description."""
    return (
        values.get("model") == Model.OTHER and not (values.get("model_description") or "").strip()
    )


@rule(
    "POL-006",
    Level.ERROR,
    PARTNERSHIP,
    ["schools"],
    ERRORS["POL-006"],
)
def no_school(values: Values) -> bool:
    """A partnership covers at least one school."""
    return not _schools(values)


def _unknown_urns(values: Values) -> str:
    """The URNs that match no school."""
    return join_words([str(s["urn"]) for s in _schools(values) if not s.get("known")])


@rule(
    "POL-007",
    Level.ERROR,
    PARTNERSHIP,
    ["schools"],
    ERRORS["POL-007"],
    lambda values: {"urns": _unknown_urns(values)},
)
def unknown_school(values: Values) -> bool:
    """Every URN exists."""
    return any(not s.get("known") for s in _schools(values))


def urns_sentence(urns: list[str]) -> str:
    """Schools by URN as a sentence starts: 'The school with URN 100001 is', 'The schools
    with URNs 100001 and 100002 are'."""
    return ngettext(
        "The school with URN %(urns)s is",
        "The schools with URNs %(urns)s are",
        len(urns),
        urns=join_words(urns),
    )


def _closed_urns(values: Values) -> dict[str, str]:
    """The closed schools in words: 'The school with URN 100001 is', and 'it' or 'them'."""
    urns = [str(s["urn"]) for s in _schools(values) if s.get("known") and not s.get("is_open")]
    return {"closed": urns_sentence(urns), "it": it_or_them(len(urns))}


def it_or_them(things: int) -> str:
    """'it' for one school or partnership, 'them' for several (both feminine in Welsh)."""
    return ngettext("it", "them", things)


@rule(
    "POL-008",
    Level.ERROR,
    PARTNERSHIP,
    ["schools"],
    ERRORS["POL-008"],
    _closed_urns,
)
def closed_school(values: Values) -> bool:
    """Every covered school is open."""
    return any(s.get("known") and not s.get("is_open") for s in _schools(values))


def _days_problem(values: Values) -> str | None:
    """What is wrong with the first school's days on site that has a problem."""
    for school in _schools(values):
        days = school.get("days_per_week")
        problem = number_problem(DAYS_ON_SITE, days, required=False)
        if problem is None and days is not None and (days * 2) % 1 != 0:
            problem = gettext(DAYS_IN_HALVES)
        if problem is not None:
            return problem
    return None


@rule(
    "POL-009",
    Level.ERROR,
    PARTNERSHIP,
    ["schools"],
    ERRORS["POL-009"],
    explain=_days_problem,
)
def days_on_site(values: Values) -> bool:
    """Days on site, when given, are 0 to 5 in halves."""
    return _days_problem(values) is not None


@rule("POL-010", Level.ERROR, PARTNERSHIP, ["officer_role"], ERRORS["POL-010"])
def officer_role_missing(values: Values) -> bool:
    """One of the officer roles."""
    return values.get("officer_role") not in set(OfficerRole)


number_rule("POL-011", PARTNERSHIP, "officer_count", NUMBER_QUESTIONS["officer_count"])
number_rule("POL-012", PARTNERSHIP, "fte", NUMBER_QUESTIONS["fte"])


@rule(
    "POL-013",
    Level.ERROR,
    PARTNERSHIP,
    ["funding_sources"],
    ERRORS["POL-013"],
)
def funding_missing(values: Values) -> bool:
    """Someone pays."""
    sources = values.get("funding_sources") or []
    return not sources or any(source not in set(FundingSource) for source in sources)


@rule(
    "POL-014",
    Level.ERROR,
    PARTNERSHIP,
    ["information_sharing_agreement"],
    ERRORS["POL-014"],
)
def isa_missing(values: Values) -> bool:
    """Yes or no."""
    return values.get("information_sharing_agreement") not in (True, False)


@rule(
    "POL-015",
    Level.ERROR,
    PARTNERSHIP,
    ["start_date"],
    ERRORS["POL-015"],
)
def start_missing(values: Values) -> bool:
    """A start date."""
    return not usable(values.get("start_date"))


@rule(
    "POL-016",
    Level.ERROR,
    PARTNERSHIP,
    ["end_date"],
    ERRORS["POL-016"],
)
def end_unreadable(values: Values) -> bool:
    """An end date, when given, is a date."""
    return isinstance(values.get("end_date"), Invalid)


@rule(
    "POL-017",
    Level.ERROR,
    PARTNERSHIP,
    ["end_date"],
    ERRORS["POL-017"],
)
def ends_before_start(values: Values) -> bool:
    """End date not before start date."""
    start, end = values.get("start_date"), values.get("end_date")
    return usable(start) and usable(end) and end < start


@rule(
    "POL-018",
    Level.ERROR,
    PARTNERSHIP,
    ["funded_until"],
    ERRORS["POL-018"],
)
def funded_until_unreadable(values: Values) -> bool:
    """The funding horizon, when given, is a date."""
    return isinstance(values.get("funded_until"), Invalid)


for _number, _name in enumerate(OUTCOME_FIELDS, start=20):
    number_rule(f"POL-{_number:03d}", OUTCOMES, _name, NUMBER_QUESTIONS[_name])


@rule(
    "POL-028",
    Level.ERROR,
    OUTCOMES,
    ["violent_crimes_recorded", "crimes_recorded"],
    words.ERRORS["POL-028"],
)
def violent_above_all(values: Values) -> bool:
    """Violent crimes are a subset of crimes."""
    violent, crimes = values.get("violent_crimes_recorded"), values.get("crimes_recorded")
    return usable(violent) and usable(crimes) and violent > crimes


@rule("POL-030", Level.ERROR, FORCE, ["register_confirmed"], words.ERRORS["POL-030"])
def register_unconfirmed(values: Values) -> bool:
    """The register is confirmed as at the reference date."""
    return not values.get("register_confirmed")


@rule("POL-031", Level.ERROR, FORCE, ["nil_return"], words.ERRORS["POL-031"])
def neither_partnerships_nor_nil(values: Values) -> bool:
    """A force either has partnerships or says it has none."""
    return not values.get("nil_return") and not values.get("active_partnerships")


def _active(values: Values) -> dict[str, str]:
    """The partnerships that ran, in words: '3 partnerships', and 'them' or 'it'."""
    active = int(values.get("active_partnerships") or 0)
    return {"active": counts.partnerships(active), "them": it_or_them(active)}


@rule("POL-032", Level.ERROR, FORCE, ["nil_return"], words.ERRORS["POL-032"], _active)
def nil_with_partnerships(values: Values) -> bool:
    """A nil return cannot have active partnerships."""
    return bool(values.get("nil_return")) and bool(values.get("active_partnerships"))


@rule(
    "POL-101",
    Level.QUERY,
    PARTNERSHIP,
    ["schools", "model"],
    words.QUERIES["POL-101"].message,
    question=words.QUERIES["POL-101"].question,
)
def cluster_of_one(values: Values) -> bool:
    """A cluster of one school is unusual."""
    return values.get("model") == Model.CLUSTER and len(_schools(values)) == 1


@rule(
    "POL-102",
    Level.QUERY,
    PARTNERSHIP,
    ["schools", "model"],
    words.QUERIES["POL-102"].message,
    lambda values: {"schools": counts.schools(len(_schools(values)))},
    question=words.QUERIES["POL-102"].question,
)
def school_based_with_several(values: Values) -> bool:
    """A school-based officer in several schools is unusual."""
    return values.get("model") == Model.SCHOOL_BASED and len(_schools(values)) > 1


def _outside_urns(values: Values) -> dict[str, str]:
    """The covered schools in another force area, as the start of a sentence."""
    return {"urns_sentence": urns_sentence([str(s["urn"]) for s in _outside_schools(values)])}


def _outside_schools(values: Values) -> list[dict[str, Any]]:
    """Covered schools whose local authority is in another force area."""
    own = values.get("force_area_code")
    return [
        s
        for s in _schools(values)
        if s.get("known") and s.get("force_area_code") and s.get("force_area_code") != own
    ]


@rule(
    "POL-103",
    Level.QUERY,
    PARTNERSHIP,
    ["schools"],
    words.QUERIES["POL-103"].message,
    _outside_urns,
    question=words.QUERIES["POL-103"].question,
)
def school_outside_force(values: Values) -> bool:
    """Covering a school in another force area is possible but unusual."""
    return bool(_outside_schools(values))


@rule(
    "POL-019",
    Level.ERROR,
    PARTNERSHIP,
    ["fte"],
    ERRORS["POL-019"],
    lambda values: {
        "fte": number(Decimal(str(values.get("fte") or 0))),
        "officers": number(values.get("officer_count") or 0),
    },
)
def fte_above_officers(values: Values) -> bool:
    """Officers cannot give more than full time each."""
    fte_, count = values.get("fte"), values.get("officer_count")
    readable = all(
        number_problem(NUMBER_QUESTIONS[name], values.get(name)) is None
        for name in ("fte", "officer_count")
    )
    return readable and Decimal(str(fte_)) > Decimal(str(count))


@rule(
    "POL-104",
    Level.QUERY,
    PARTNERSHIP,
    ["funded_until"],
    words.QUERIES["POL-104"].message,
    lambda values: {
        "funded_until": long_date(values.get("funded_until")),
        "reference_date": long_date(values.get("reference_date")),
    },
    question=words.QUERIES["POL-104"].question,
)
def funding_ended_while_running(values: Values) -> bool:
    """A partnership running at the reference date whose funding had ended before it."""
    reference, funded, ended = (
        values.get("reference_date"),
        values.get("funded_until"),
        values.get("end_date"),
    )
    if not (usable(reference) and usable(funded)):
        return False
    running = not usable(ended) or ended >= reference
    return running and funded < reference


@rule(
    "POL-105",
    Level.QUERY,
    OUTCOMES,
    ["pupils_engaged"],
    words.QUERIES["POL-105"].message,
    lambda values: {
        "engaged": counts.pupils(values.get("pupils_engaged") or 0),
        "pupils": counts.pupils(values.get("covered_pupils") or 0),
    },
    question=words.QUERIES["POL-105"].question,
)
def engaged_above_roll(values: Values) -> bool:
    """A partnership cannot engage more pupils than its schools have (counting each once)."""
    engaged, pupils = values.get("pupils_engaged"), values.get("covered_pupils")
    return usable(engaged) and isinstance(pupils, int) and pupils > 0 and engaged > pupils
