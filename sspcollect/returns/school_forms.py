"""The school return's question pages: what each asks, and reading the answers from a form.

Answers are parsed with sspcollect.validation.values, so text that cannot be read becomes
`Invalid` and the catalogue's rule for that answer fires with its message.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from werkzeug.datastructures import MultiDict

from sspcollect.models import MODEL_LABELS, Model
from sspcollect.validation.school import AIMS, HAS_SSP_CHOICES, NUMBER_QUESTIONS
from sspcollect.validation.values import Invalid, choice, whole_number


class Section(enum.StrEnum):
    """The two parts of the return shown on its task list."""

    PARTNERSHIP = "partnership"
    FIGURES = "figures"


SECTION_TITLES = {
    Section.PARTNERSHIP: "Your Safer School Partnership",
    Section.FIGURES: "Your school\u2019s figures",
}


@dataclass(frozen=True)
class QuestionPage:
    """One question page: its address, heading, section and the answers it asks for."""

    slug: str
    title: str
    section: Section
    fields: tuple[str, ...]
    # Asked only of schools that said they have a partnership.
    partnership_only: bool = False


PAGES: tuple[QuestionPage, ...] = (
    QuestionPage(
        "has-partnership",
        "Does your school have a Safer School Partnership?",
        Section.PARTNERSHIP,
        ("has_ssp",),
    ),
    QuestionPage(
        "police-force",
        "Which police force is your partnership with?",
        Section.PARTNERSHIP,
        ("ssp_force_code",),
        partnership_only=True,
    ),
    QuestionPage(
        "partnership-model",
        "How does your partnership work?",
        Section.PARTNERSHIP,
        ("ssp_model",),
        partnership_only=True,
    ),
    QuestionPage(
        "officer-time",
        "How many days a week is the officer at your school?",
        Section.PARTNERSHIP,
        ("officer_days_per_week",),
        partnership_only=True,
    ),
    QuestionPage(
        "effectiveness",
        "How effective is the partnership?",
        Section.PARTNERSHIP,
        ("effectiveness",),
        partnership_only=True,
    ),
    QuestionPage(
        "aims",
        "Which aims has the partnership helped with?",
        Section.PARTNERSHIP,
        ("aims",),
        partnership_only=True,
    ),
    QuestionPage(
        "comments",
        "Do you have any comments on the partnership?",
        Section.PARTNERSHIP,
        ("comments",),
        partnership_only=True,
    ),
    QuestionPage(
        "pupils-and-attendance",
        "Pupils and attendance",
        Section.FIGURES,
        ("pupils_on_roll", "attendance_percent", "persistent_absence_percent"),
    ),
    QuestionPage(
        "suspensions-and-exclusions",
        "Suspensions and permanent exclusions",
        Section.FIGURES,
        ("suspensions", "permanent_exclusions"),
    ),
    QuestionPage(
        "incidents",
        "Incidents",
        Section.FIGURES,
        ("violent_incidents", "weapon_incidents", "bullying_incidents"),
    ),
    QuestionPage(
        "feeling-safe",
        "Pupils who feel safe",
        Section.FIGURES,
        ("pupils_feel_safe_percent", "feel_safe_not_surveyed"),
    ),
)
PAGES_BY_SLUG = {page.slug: page for page in PAGES}

PARTNERSHIP_FIELDS = tuple(name for page in PAGES if page.partnership_only for name in page.fields)
ANSWER_FIELDS = tuple(name for page in PAGES for name in page.fields)

# Short names of the answers, for the check-your-answers page.
FIELD_LABELS = {
    "has_ssp": "Safer School Partnership",
    "ssp_force_code": "Police force",
    "ssp_model": "How the partnership works",
    "officer_days_per_week": "Days a week on site",
    "effectiveness": "Effectiveness",
    "aims": "Aims helped",
    "comments": "Comments",
    "pupils_on_roll": "Pupils on roll",
    "attendance_percent": "Overall attendance",
    "persistent_absence_percent": "Persistent absence",
    "suspensions": "Suspensions",
    "permanent_exclusions": "Permanent exclusions",
    "violent_incidents": "Violent incidents",
    "weapon_incidents": "Incidents involving a weapon",
    "bullying_incidents": "Bullying incidents",
    "pupils_feel_safe_percent": "Pupils who feel safe",
}

# How the school sees each model (the police register's words are the force's).
MODEL_HINTS = {
    Model.SCHOOL_BASED: "An officer is based in our school, and our school is their beat",
    Model.CLUSTER: "A dedicated officer is shared by our school and a named group of schools",
    Model.NEIGHBOURHOOD_LINK: (
        "We are linked to a named officer of the neighbourhood policing team, "
        "who has no dedicated time for schools"
    ),
    Model.FORCE_TEAM: "A force or area schools team delivers programmes to us and other schools",
    Model.OTHER: "Our partnership works in another way",
}
MODEL_CHOICES = {str(model): MODEL_LABELS[model] for model in Model}

EFFECTIVENESS_LABELS = {
    1: "1 \u2013 Not effective",
    2: "2 \u2013 Slightly effective",
    3: "3 \u2013 Moderately effective",
    4: "4 \u2013 Effective",
    5: "5 \u2013 Very effective",
}

# The answers offered by the radios and checkboxes, as value: words.
CHOICES = {
    "has_ssp": HAS_SSP_CHOICES,
    "ssp_model": MODEL_CHOICES,
    "effectiveness": {str(value): text for value, text in EFFECTIVENESS_LABELS.items()},
    "aims": AIMS,
}


def _text(raw: Any) -> str:
    """Free text with the browser's CRLF line ends made LF (so counts match what was typed)."""
    return str(raw or "").replace("\r\n", "\n").strip()


def _flag(raw: str | None) -> bool:
    """A single checkbox: ticked or not."""
    return raw == "yes"


Parser = Callable[[MultiDict[str, str], str], Any]

PARSERS: dict[str, Parser] = {
    "has_ssp": lambda form, name: choice(form.get(name), set(HAS_SSP_CHOICES)),
    "ssp_model": lambda form, name: choice(form.get(name), set(MODEL_CHOICES)),
    "effectiveness": lambda form, name: whole_number(form.get(name)),
    "aims": lambda form, name: [_text(aim) for aim in form.getlist(name) if _text(aim)],
    "comments": lambda form, name: _text(form.get(name)),
    "feel_safe_not_surveyed": lambda form, name: _flag(form.get(name)),
    # Every number goes through the one parser, as its question reads it.
    **dict.fromkeys(
        NUMBER_QUESTIONS, lambda form, name: NUMBER_QUESTIONS[name].read(form.get(name))
    ),
}


def read_page(
    page: QuestionPage, form: MultiDict[str, str], force_codes: Collection[str]
) -> dict[str, Any]:
    """The answers on page as the rules read them (blank is None, unreadable is Invalid)."""
    answers: dict[str, Any] = {}
    for name in page.fields:
        if name == "ssp_force_code":
            answers[name] = choice(form.get(name), set(force_codes))
        else:
            answers[name] = PARSERS[name](form, name)
    return answers


def shown(value: Any) -> Any:
    """An answer as it goes back into its input: what was typed, numbers without extra zeros."""
    if value is None:
        return ""
    if isinstance(value, Invalid):
        return value.raw
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, (list, bool)):
        return value
    return str(value)


def plain_number(value: Decimal) -> str:
    """95.50 as 95.5, 2.0 as 2, 1204 as 1204."""
    return format(value.normalize(), "f")


def answer_text(name: str, value: Any, force_names: Mapping[str, str]) -> str:
    """An answer in words, for the check-your-answers page."""
    if isinstance(value, Invalid):
        return value.raw
    if value is None or value == "":
        return "Not answered" if name != "comments" else "None"
    formats: dict[str, Callable[[Any], str]] = {
        "has_ssp": lambda v: HAS_SSP_CHOICES.get(v, str(v)),
        "ssp_force_code": lambda v: force_names.get(v, str(v)),
        "ssp_model": lambda v: MODEL_CHOICES.get(v, str(v)),
        "officer_days_per_week": lambda v: f"{plain_number(Decimal(v))} days",
        "effectiveness": lambda v: EFFECTIVENESS_LABELS.get(v, str(v)),
        "aims": lambda v: ", ".join(AIMS.get(aim, aim) for aim in v) or "None of these",
        "comments": str,
    }
    if name in formats:
        return formats[name](value)
    if name.endswith("_percent"):
        return f"{plain_number(Decimal(value))}%"
    return f"{value:,}"
