"""Rules for the force's register (POL-0xx), its outcomes (POL-02x), its return (POL-03x),
and queries (POL-1xx).

Partnership values are keyed as the columns of Partnership, plus:
  schools: a list of dicts {urn, days_per_week, known, is_open, force_area_code}
  force_area_code: the force that keeps the register
  duplicate_reference: True when another partnership of the force has the same reference
Outcome values are keyed as the columns of PartnershipOutcome.
Force return values: register_confirmed, nil_return, declaration, active_partnerships.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sspcollect.models.partnership import FundingSource, Model, OfficerRole
from sspcollect.models.returns import OUTCOME_FIELDS
from sspcollect.validation.engine import CATALOGUE, Level, Scope, Values
from sspcollect.validation.numbers import NumberQuestion, number_problem
from sspcollect.validation.school import DAYS_IN_HALVES, DAYS_ON_SITE
from sspcollect.validation.values import Invalid, usable

MAX_COUNT = 1_000_000
OUTCOME_WORDS = {
    "crimes_recorded": ("crimes recorded", "Crimes recorded"),
    "violent_crimes_recorded": ("violent crimes recorded", "Violent crimes recorded"),
    "weapon_incidents": ("weapon incidents", "Weapon incidents"),
    "asb_incidents": ("incidents of anti-social behaviour", "Incidents of anti-social behaviour"),
    "safeguarding_referrals": ("safeguarding referrals", "Safeguarding referrals"),
    "diversion_referrals": (
        "diversion referrals (early help, youth justice)",
        "Diversion referrals",
    ),
    "sessions_delivered": ("sessions delivered", "Sessions delivered"),
    "pupils_engaged": ("pupils engaged", "Pupils engaged"),
}
# Every number the register and the force return ask for: what it is called, how it is read.
NUMBER_QUESTIONS = {
    "officer_count": NumberQuestion(
        "the number of officers", "The number of officers", "2", 1, 500
    ),
    "fte": NumberQuestion(
        "the full-time equivalent dedicated to schools",
        "The full-time equivalent",
        "0.6",
        0,
        Decimal("99.9"),
        places=1,
    ),
    **{
        name: NumberQuestion(
            f"the number of {words}", called, "12", 0, MAX_COUNT, none_hint="0 if there were none"
        )
        for name, (words, called) in OUTCOME_WORDS.items()
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
    "Enter a reference for the partnership, of 50 characters or fewer",
)
def reference_missing(values: Values) -> bool:
    """Each partnership has a short reference."""
    return _text_missing(values, "reference", 50)


@rule(
    "POL-002",
    Level.ERROR,
    PARTNERSHIP,
    ["reference"],
    "Another partnership of your force has this reference; enter a different one",
)
def reference_taken(values: Values) -> bool:
    """References are unique within a force."""
    return bool(values.get("duplicate_reference"))


@rule(
    "POL-003",
    Level.ERROR,
    PARTNERSHIP,
    ["name"],
    "Enter the name of the partnership, of 200 characters or fewer",
)
def name_missing(values: Values) -> bool:
    """Each partnership has a name."""
    return _text_missing(values, "name", 200)


@rule("POL-004", Level.ERROR, PARTNERSHIP, ["model"], "Select the model of the partnership")
def model_missing(values: Values) -> bool:
    """The model is one of the five."""
    return values.get("model") not in set(Model)


@rule(
    "POL-005",
    Level.ERROR,
    PARTNERSHIP,
    ["model_description"],
    "Describe how the partnership works, as its model is \u2018other\u2019",
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
    "Add at least one school that the partnership covers",
)
def no_school(values: Values) -> bool:
    """A partnership covers at least one school."""
    return not _schools(values)


def _unknown_urns(values: Values) -> str:
    """The URNs that match no school."""
    return ", ".join(str(s["urn"]) for s in _schools(values) if not s.get("known"))


@rule(
    "POL-007",
    Level.ERROR,
    PARTNERSHIP,
    ["schools"],
    "No school has the URN {urns}; check the URN, which is 6 digits",
    lambda values: {"urns": _unknown_urns(values)},
)
def unknown_school(values: Values) -> bool:
    """Every URN exists."""
    return any(not s.get("known") for s in _schools(values))


def _closed_urns(values: Values) -> str:
    """The URNs of closed schools."""
    return ", ".join(
        str(s["urn"]) for s in _schools(values) if s.get("known") and not s.get("is_open")
    )


@rule(
    "POL-008",
    Level.ERROR,
    PARTNERSHIP,
    ["schools"],
    "The school with URN {urns} is closed; remove it from the partnership",
    lambda values: {"urns": _closed_urns(values)},
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
            problem = DAYS_IN_HALVES
        if problem is not None:
            return problem
    return None


@rule(
    "POL-009",
    Level.ERROR,
    PARTNERSHIP,
    ["schools"],
    "Enter days a week on site from 0 to 5, in half days (for example 2.5), or leave it blank",
    explain=_days_problem,
)
def days_on_site(values: Values) -> bool:
    """Days on site, when given, are 0 to 5 in halves."""
    return _days_problem(values) is not None


@rule("POL-010", Level.ERROR, PARTNERSHIP, ["officer_role"], "Select the role of the officers")
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
    "Select at least one source of funding",
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
    "Select yes if the partnership has an information sharing agreement",
)
def isa_missing(values: Values) -> bool:
    """Yes or no."""
    return values.get("information_sharing_agreement") not in (True, False)


@rule(
    "POL-015",
    Level.ERROR,
    PARTNERSHIP,
    ["start_date"],
    "Enter the date the partnership started, as a real date",
)
def start_missing(values: Values) -> bool:
    """A start date."""
    return not usable(values.get("start_date"))


@rule(
    "POL-016",
    Level.ERROR,
    PARTNERSHIP,
    ["end_date"],
    "Enter the end date as a real date, or leave it blank",
)
def end_unreadable(values: Values) -> bool:
    """An end date, when given, is a date."""
    return isinstance(values.get("end_date"), Invalid)


@rule(
    "POL-017",
    Level.ERROR,
    PARTNERSHIP,
    ["end_date"],
    "The end date must be the same as or after the start date",
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
    "Enter the date funding runs until as a real date, or leave it blank if not known",
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
    "Violent crimes recorded cannot be more than all crimes recorded",
)
def violent_above_all(values: Values) -> bool:
    """Violent crimes are a subset of crimes."""
    violent, crimes = values.get("violent_crimes_recorded"), values.get("crimes_recorded")
    return usable(violent) and usable(crimes) and violent > crimes


@rule(
    "POL-030",
    Level.ERROR,
    FORCE,
    ["register_confirmed"],
    "Confirm that your register of partnerships is up to date",
)
def register_unconfirmed(values: Values) -> bool:
    """The register is confirmed as at the reference date."""
    return not values.get("register_confirmed")


@rule(
    "POL-031",
    Level.ERROR,
    FORCE,
    ["nil_return"],
    "Add the partnerships your force runs, or confirm that it runs none (a nil return)",
)
def neither_partnerships_nor_nil(values: Values) -> bool:
    """A force either has partnerships or says it has none."""
    return not values.get("nil_return") and not values.get("active_partnerships")


@rule(
    "POL-032",
    Level.ERROR,
    FORCE,
    ["nil_return"],
    "You said your force runs no partnerships, but your register has {count} active; "
    "end them or withdraw the nil return",
    lambda values: {"count": values.get("active_partnerships")},
)
def nil_with_partnerships(values: Values) -> bool:
    """A nil return cannot have active partnerships."""
    return bool(values.get("nil_return")) and bool(values.get("active_partnerships"))


@rule(
    "POL-033",
    Level.ERROR,
    FORCE,
    ["declaration"],
    "Confirm the declaration that the return is complete and correct",
)
def no_declaration(values: Values) -> bool:
    """Someone vouches for the return."""
    return not values.get("declaration")


@rule(
    "POL-101",
    Level.QUERY,
    PARTNERSHIP,
    ["schools", "model"],
    "A cluster partnership usually covers several schools, but this one covers one. "
    "Check the model, or explain it",
)
def cluster_of_one(values: Values) -> bool:
    """A cluster of one school is unusual."""
    return values.get("model") == Model.CLUSTER and len(_schools(values)) == 1


@rule(
    "POL-102",
    Level.QUERY,
    PARTNERSHIP,
    ["schools", "model"],
    "A school-based officer usually works in one school, but this partnership covers "
    "{count}. Check the model, or explain it",
    lambda values: {"count": len(_schools(values))},
)
def school_based_with_several(values: Values) -> bool:
    """A school-based officer in several schools is unusual."""
    return values.get("model") == Model.SCHOOL_BASED and len(_schools(values)) > 1


def _outside_urns(values: Values) -> str:
    """The URNs of covered schools in another force area."""
    return ", ".join(str(s["urn"]) for s in _outside_schools(values))


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
    "The school with URN {urns} is outside your force area. Check the URN, or explain it",
    lambda values: {"urns": _outside_urns(values)},
)
def school_outside_force(values: Values) -> bool:
    """Covering a school in another force area is possible but unusual."""
    return bool(_outside_schools(values))


@rule(
    "POL-019",
    Level.ERROR,
    PARTNERSHIP,
    ["fte"],
    "The full-time equivalent ({fte}) cannot be more than the number of officers "
    "({count}). Each officer counts as 1 at most",
    lambda values: {"fte": values.get("fte"), "count": values.get("officer_count")},
)
def fte_above_officers(values: Values) -> bool:
    """Officers cannot give more than full time each."""
    fte_, count = values.get("fte"), values.get("officer_count")
    readable = all(
        number_problem(NUMBER_QUESTIONS[name], values.get(name)) is None
        for name in ("fte", "officer_count")
    )
    return readable and Decimal(str(fte_)) > Decimal(str(count))


def _long_date(day: Any) -> str:
    """A date as GOV.UK writes it: 31 March 2026."""
    return f"{day.day} {day:%B %Y}"


@rule(
    "POL-104",
    Level.QUERY,
    PARTNERSHIP,
    ["funded_until"],
    "Funding ran until {funded_until}, before the reference date of {reference_date}, but "
    "the partnership is still running. Check the date funding runs until, or explain how "
    "the partnership is paid for",
    lambda values: {
        "funded_until": _long_date(values["funded_until"]),
        "reference_date": _long_date(values["reference_date"]),
    },
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
    "{engaged} pupils engaged is more than the {pupils} pupils on roll at the schools the "
    "partnership covers. Check the figure, or explain it",
    lambda values: {
        "engaged": f"{values.get('pupils_engaged'):,}",
        "pupils": f"{values.get('covered_pupils'):,}",
    },
)
def engaged_above_roll(values: Values) -> bool:
    """A partnership cannot engage more pupils than its schools have (counting each once)."""
    engaged, pupils = values.get("pupils_engaged"), values.get("covered_pupils")
    return usable(engaged) and isinstance(pupils, int) and pupils > 0 and engaged > pupils
