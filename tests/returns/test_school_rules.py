"""Each school rule fires through its page with the catalogue's message, and nothing is saved."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from sspcollect.validation import CATALOGUE
from tests.returns.school_pages import answer, reload, signed_in_school

PARTNERSHIP = {"has-partnership": {"has_ssp": "yes"}}
PUPILS = {"pupils-and-attendance": {"pupils_on_roll": "420"}}
FIGURES_PAGE = {"attendance_percent": "95", "persistent_absence_percent": "10"}

# (rule, pages answered first, the page, what is typed, the field the message is beside,
#  the message, when it is not the rule's own for the whole rule)
FIRING: list[tuple[str, dict[str, dict[str, Any]], str, dict[str, Any], str, str | None]] = [
    (
        "SCH-001",
        {},
        "has-partnership",
        {},
        "has_ssp",
        "Select whether your school has a Safer School Partnership",
    ),
    (
        "SCH-001",
        {},
        "has-partnership",
        {"has_ssp": "maybe"},
        "has_ssp",
        "Select whether your school has a Safer School Partnership",
    ),
    (
        "SCH-002",
        PARTNERSHIP,
        "police-force",
        {"ssp_force_code": "E99999999"},
        "ssp_force_code",
        "Select the police force your partnership is with",
    ),
    (
        "SCH-002",
        PARTNERSHIP,
        "police-force",
        {},
        "ssp_force_code",
        "Select the police force your partnership is with",
    ),
    (
        "SCH-003",
        PARTNERSHIP,
        "partnership-model",
        {},
        "ssp_model",
        "Select how your partnership works",
    ),
    (
        "SCH-003",
        PARTNERSHIP,
        "partnership-model",
        {"ssp_model": "robot"},
        "ssp_model",
        "Select how your partnership works",
    ),
    (
        "SCH-004",
        PARTNERSHIP,
        "officer-time",
        {},
        "officer_days_per_week",
        "Enter the days a week the officer is on site",
    ),
    (
        "SCH-004",
        PARTNERSHIP,
        "officer-time",
        {"officer_days_per_week": "5.5"},
        "officer_days_per_week",
        "The days a week the officer is on site must be 5 or less",
    ),
    (
        "SCH-004",
        PARTNERSHIP,
        "officer-time",
        {"officer_days_per_week": "1.25"},
        "officer_days_per_week",
        "The days a week the officer is on site must have no more than 1 decimal place, like 1.5",
    ),
    (
        "SCH-004",
        PARTNERSHIP,
        "officer-time",
        {"officer_days_per_week": "1.2"},
        "officer_days_per_week",
        "Days a week on site must be in half days, like 1.5",
    ),
    (
        "SCH-004",
        PARTNERSHIP,
        "officer-time",
        {"officer_days_per_week": "a day"},
        "officer_days_per_week",
        "Enter the days a week the officer is on site as a number, like 1.5",
    ),
    ("SCH-005", PARTNERSHIP, "effectiveness", {}, "effectiveness", None),
    ("SCH-005", PARTNERSHIP, "effectiveness", {"effectiveness": "6"}, "effectiveness", None),
    ("SCH-006", PARTNERSHIP, "aims", {"aims": ["attendance", "world_peace"]}, "aims", None),
    ("SCH-006", PARTNERSHIP, "aims", {}, "aims", None),
    (
        "SCH-018",
        PARTNERSHIP,
        "partnership-model",
        {"ssp_model": "other", "ssp_model_description": "  "},
        "ssp_model_description",
        None,
    ),
    ("SCH-007", PARTNERSHIP, "comments", {"comments": "x" * 1001}, "comments", None),
    (
        "SCH-008",
        {},
        "pupils-and-attendance",
        {**FIGURES_PAGE},
        "pupils_on_roll",
        "Enter the number of pupils on roll",
    ),
    (
        "SCH-008",
        {},
        "pupils-and-attendance",
        {**FIGURES_PAGE, "pupils_on_roll": "0"},
        "pupils_on_roll",
        "The number of pupils on roll must be 1 or more",
    ),
    (
        "SCH-008",
        {},
        "pupils-and-attendance",
        {**FIGURES_PAGE, "pupils_on_roll": "ten"},
        "pupils_on_roll",
        "Enter the number of pupils on roll as a whole number, like 1,204",
    ),
    (
        "SCH-008",
        {},
        "pupils-and-attendance",
        {**FIGURES_PAGE, "pupils_on_roll": "10001"},
        "pupils_on_roll",
        "The number of pupils on roll must be 10,000 or less",
    ),
    (
        "SCH-009",
        PUPILS,
        "pupils-and-attendance",
        {"pupils_on_roll": "420", "persistent_absence_percent": "1", "attendance_percent": "100.5"},
        "attendance_percent",
        "Overall attendance must be 100% or less",
    ),
    (
        "SCH-009",
        PUPILS,
        "pupils-and-attendance",
        {
            "pupils_on_roll": "420",
            "persistent_absence_percent": "1",
            "attendance_percent": "95.555",
        },
        "attendance_percent",
        "Overall attendance must have no more than 2 decimal places, like 94.5",
    ),
    (
        "SCH-010",
        PUPILS,
        "pupils-and-attendance",
        {"pupils_on_roll": "420", "attendance_percent": "95", "persistent_absence_percent": "-1"},
        "persistent_absence_percent",
        "Persistent absence must be 0% or more",
    ),
    (
        "SCH-011",
        {},
        "suspensions-and-exclusions",
        {"suspensions": "-1", "permanent_exclusions": "0"},
        "suspensions",
        "The number of suspensions must be 0 or more",
    ),
    (
        "SCH-012",
        {},
        "suspensions-and-exclusions",
        {"suspensions": "0", "permanent_exclusions": "1.5"},
        "permanent_exclusions",
        "The number of permanent exclusions must be a whole number, like 12",
    ),
    (
        "SCH-013",
        {},
        "incidents",
        {"violent_incidents": "", "weapon_incidents": "0", "bullying_incidents": "0"},
        "violent_incidents",
        "Enter the number of violent incidents, or 0 if there were none",
    ),
    (
        "SCH-014",
        {},
        "incidents",
        {"violent_incidents": "0", "weapon_incidents": "some", "bullying_incidents": "0"},
        "weapon_incidents",
        "Enter the number of incidents involving a weapon as a whole number, like 12",
    ),
    (
        "SCH-015",
        {},
        "incidents",
        {"violent_incidents": "0", "weapon_incidents": "0", "bullying_incidents": "100001"},
        "bullying_incidents",
        "The number of bullying incidents must be 100,000 or less",
    ),
    (
        "SCH-016",
        PUPILS,
        "suspensions-and-exclusions",
        {"suspensions": "0", "permanent_exclusions": "421"},
        "permanent_exclusions",
        None,
    ),
    (
        "SCH-009",
        PUPILS,
        "pupils-and-attendance",
        {"pupils_on_roll": "420", "persistent_absence_percent": "1", "attendance_percent": "96%"},
        "attendance_percent",
        "Enter overall attendance as a number without the % sign, like 94.5",
    ),
    (
        "SCH-010",
        PUPILS,
        "pupils-and-attendance",
        {"pupils_on_roll": "420", "attendance_percent": "95", "persistent_absence_percent": "8,5"},
        "persistent_absence_percent",
        "Enter persistent absence as a number, like 8.5",
    ),
    (
        "SCH-017",
        {},
        "feeling-safe",
        {},
        "pupils_feel_safe_percent",
        "Enter the percentage of pupils who feel safe at school, or select \u2018Our pupils "
        "were not surveyed\u2019",
    ),
    (
        "SCH-017",
        {},
        "feeling-safe",
        {"pupils_feel_safe_percent": "120"},
        "pupils_feel_safe_percent",
        "The percentage of pupils who feel safe at school must be 100% or less",
    ),
    (
        "SCH-017",
        {},
        "feeling-safe",
        {"pupils_feel_safe_percent": "80", "feel_safe_not_surveyed": "yes"},
        "pupils_feel_safe_percent",
        "Enter the percentage of pupils who feel safe at school, or select \u2018Our pupils "
        "were not surveyed\u2019, not both",
    ),
]

# (rule, pages answered first, the page, what is typed, the answer kept)
PASSING: list[tuple[str, dict[str, dict[str, Any]], str, dict[str, Any], tuple[str, Any]]] = [
    ("SCH-001", {}, "has-partnership", {"has_ssp": "not_sure"}, ("has_ssp", "not_sure")),
    (
        "SCH-002",
        PARTNERSHIP,
        "police-force",
        {"ssp_force_code": "W15000003"},
        ("ssp_force_code", "W15000003"),
    ),
    (
        "SCH-003",
        PARTNERSHIP,
        "partnership-model",
        {"ssp_model": "other", "ssp_model_description": "A youth worker and a PCSO together"},
        ("ssp_model", "other"),
    ),
    (
        "SCH-004",
        PARTNERSHIP,
        "officer-time",
        {"officer_days_per_week": "0"},
        ("officer_days_per_week", 0),
    ),
    (
        "SCH-004",
        PARTNERSHIP,
        "officer-time",
        {"officer_days_per_week": "5"},
        ("officer_days_per_week", 5),
    ),
    (
        "SCH-004",
        PARTNERSHIP,
        "officer-time",
        {"officer_days_per_week": "2.5"},
        ("officer_days_per_week", 2.5),
    ),
    ("SCH-005", PARTNERSHIP, "effectiveness", {"effectiveness": "1"}, ("effectiveness", 1)),
    ("SCH-006", PARTNERSHIP, "aims", {"aims": ["none"]}, ("aims", [])),
    (
        "SCH-006",
        PARTNERSHIP,
        "aims",
        {"aims": ["safeguarding", "exclusions"]},
        ("aims", ["safeguarding", "exclusions"]),
    ),
    ("SCH-007", PARTNERSHIP, "comments", {"comments": "x" * 1000}, ("comments", "x" * 1000)),
    # Line ends typed in a browser arrive as CRLF; each counts as one character, as on screen.
    (
        "SCH-007",
        PARTNERSHIP,
        "comments",
        {"comments": ("x" * 99 + "\r\n") * 10},
        ("comments", ("x" * 99 + "\n") * 9 + "x" * 99),
    ),
    ("SCH-007", PARTNERSHIP, "comments", {}, ("comments", "")),
    (
        "SCH-008",
        {},
        "pupils-and-attendance",
        {**FIGURES_PAGE, "pupils_on_roll": "1"},
        ("pupils_on_roll", 1),
    ),
    (
        "SCH-008",
        {},
        "pupils-and-attendance",
        {**FIGURES_PAGE, "pupils_on_roll": "10,000"},
        ("pupils_on_roll", 10000),
    ),
    (
        "SCH-009",
        {},
        "pupils-and-attendance",
        {"pupils_on_roll": "420", "persistent_absence_percent": "1", "attendance_percent": "100"},
        ("attendance_percent", 100),
    ),
    (
        "SCH-009",
        {},
        "pupils-and-attendance",
        {
            "pupils_on_roll": "420",
            "persistent_absence_percent": "1",
            "attendance_percent": "96.25",
        },
        ("attendance_percent", 96.25),
    ),
    (
        "SCH-010",
        {},
        "pupils-and-attendance",
        {"pupils_on_roll": "420", "attendance_percent": "95", "persistent_absence_percent": "0"},
        ("persistent_absence_percent", 0),
    ),
    (
        "SCH-011",
        {},
        "suspensions-and-exclusions",
        {"suspensions": "0", "permanent_exclusions": "0"},
        ("suspensions", 0),
    ),
    (
        "SCH-012",
        {},
        "suspensions-and-exclusions",
        {"suspensions": "3", "permanent_exclusions": "2"},
        ("permanent_exclusions", 2),
    ),
    (
        "SCH-013",
        {},
        "incidents",
        {"violent_incidents": "100000", "weapon_incidents": "0", "bullying_incidents": "0"},
        ("violent_incidents", 100000),
    ),
    (
        "SCH-014",
        {},
        "incidents",
        {"violent_incidents": "0", "weapon_incidents": "3", "bullying_incidents": "0"},
        ("weapon_incidents", 3),
    ),
    (
        "SCH-015",
        {},
        "incidents",
        {"violent_incidents": "0", "weapon_incidents": "0", "bullying_incidents": "1,500"},
        ("bullying_incidents", 1500),
    ),
    (
        "SCH-016",
        PUPILS,
        "suspensions-and-exclusions",
        {"suspensions": "0", "permanent_exclusions": "420"},
        ("permanent_exclusions", 420),
    ),
    (
        "SCH-017",
        {},
        "feeling-safe",
        {"feel_safe_not_surveyed": "yes"},
        ("feel_safe_not_surveyed", True),
    ),
    (
        "SCH-017",
        {},
        "feeling-safe",
        {"pupils_feel_safe_percent": "100"},
        ("pupils_feel_safe_percent", 100),
    ),
]


def _given(client: FlaskClient, return_: Any, pages: dict[str, dict[str, Any]]) -> None:
    """Answer the pages a case needs first (saved for later, so the rest may stay blank)."""
    for slug, data in pages.items():
        answer(client, return_, slug, data, action="later")


@pytest.mark.parametrize(("rule_id", "given", "slug", "data", "field", "expected"), FIRING)
def test_rule_fires_on_its_page_and_nothing_is_saved(
    client: FlaskClient,
    rule_id: str,
    given: dict[str, dict[str, Any]],
    slug: str,
    data: dict[str, Any],
    field: str,
    expected: str | None,
) -> None:
    """The page is shown again with the rule's message, in the summary and beside the answer."""
    _user, return_ = signed_in_school(client)
    _given(client, return_, given)
    before = reload(return_)
    version = before.version

    page = answer(client, return_, slug, data, expected_status=200)

    message = expected or CATALOGUE[rule_id].message
    assert page.errors == [message]
    assert page.soup.select_one(".govuk-error-summary a")["href"] == f"#{field}"
    assert message in page.soup.select_one(f"#{field}-error").get_text(" ", strip=True)
    after = reload(return_)
    assert after.version == version
    assert after.school_answers is None or getattr(after.school_answers, field) is None


@pytest.mark.parametrize(("rule_id", "given", "slug", "data", "kept"), PASSING)
def test_rule_does_not_fire_on_an_acceptable_answer(
    client: FlaskClient,
    rule_id: str,
    given: dict[str, dict[str, Any]],
    slug: str,
    data: dict[str, Any],
    kept: tuple[str, Any],
) -> None:
    """An acceptable answer is saved and the person goes on to the next page."""
    _user, return_ = signed_in_school(client)
    _given(client, return_, given)
    answer(client, return_, slug, data, expected_status=302)
    name, value = kept
    answers = reload(return_).school_answers
    assert answers is not None
    assert getattr(answers, name) == value
    assert rule_id not in {finding.rule_id for finding in reload(return_).findings}


def test_what_was_typed_is_shown_again_with_the_error(client: FlaskClient) -> None:
    """Unreadable text is not lost: the person sees what they typed and can correct it."""
    _user, return_ = signed_in_school(client)
    data = {
        "pupils_on_roll": "about 400",
        "attendance_percent": "95.5",
        "persistent_absence_percent": "",
    }
    page = answer(client, return_, "pupils-and-attendance", data, expected_status=200)
    assert page.title.startswith("Error: Pupils and attendance")
    assert page.soup.find("input", {"name": "pupils_on_roll"})["value"] == "about 400"
    assert page.soup.find("input", {"name": "attendance_percent"})["value"] == "95.5"
    assert page.errors == [
        "Enter the number of pupils on roll as a whole number, like 1,204",
        "Enter persistent absence",
    ]


def test_errors_on_other_pages_do_not_stop_a_page_being_saved(client: FlaskClient) -> None:
    """Only the page's own answers are checked when it is saved."""
    _user, return_ = signed_in_school(client)
    answer(
        client,
        return_,
        "incidents",
        {"violent_incidents": "1", "weapon_incidents": "0", "bullying_incidents": "2"},
    )
    findings = {finding.rule_id for finding in reload(return_).findings}
    assert {"SCH-001", "SCH-008", "SCH-011", "SCH-017"} <= findings
    assert not {"SCH-013", "SCH-014", "SCH-015"} & findings
