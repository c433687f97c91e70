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

from flask_babel import get_translations, gettext
from werkzeug.datastructures import MultiDict

from sspcollect import models
from sspcollect.content import school as words
from sspcollect.content.fields import SCHOOL_FIELDS
from sspcollect.content.grammar import number
from sspcollect.models import MODEL_LABELS, Model
from sspcollect.validation.school import AIMS, HAS_SSP_CHOICES, NUMBER_QUESTIONS
from sspcollect.validation.values import Invalid, choice, whole_number


class Section(enum.StrEnum):
    """The two parts of the return shown on its task list."""

    PARTNERSHIP = "partnership"
    FIGURES = "figures"


SECTION_TITLES = {section: words.SECTION_TITLES[section] for section in Section}


def section_caption(section: Section, collection: models.Collection) -> str:
    """The caption over a question page: its section, and the date or year its answers describe."""
    return gettext(
        words.SECTION_CAPTIONS[section],
        reference_date=collection.reference_date_words,
        year=collection.outcomes_year.label,
    )


@dataclass(frozen=True)
class QuestionPage:
    """One question page: its address, heading, section and the answers it asks for."""

    slug: str
    # In English, marked for the catalogue: `heading` is the page's, in its language.
    title: str
    section: Section
    fields: tuple[str, ...]
    # Asked only of schools that said they have a partnership.
    partnership_only: bool = False

    @property
    def heading(self) -> str:
        """The page's title in the language of the page."""
        return gettext(self.title)


PAGES: tuple[QuestionPage, ...] = (
    QuestionPage(
        "has-partnership",
        words.PAGE_TITLES["has-partnership"],
        Section.PARTNERSHIP,
        ("has_ssp",),
    ),
    QuestionPage(
        "police-force",
        words.PAGE_TITLES["police-force"],
        Section.PARTNERSHIP,
        ("ssp_force_code",),
        partnership_only=True,
    ),
    QuestionPage(
        "partnership-model",
        words.PAGE_TITLES["partnership-model"],
        Section.PARTNERSHIP,
        ("ssp_model", "ssp_model_description"),
        partnership_only=True,
    ),
    QuestionPage(
        "officer-time",
        words.PAGE_TITLES["officer-time"],
        Section.PARTNERSHIP,
        ("officer_days_per_week",),
        partnership_only=True,
    ),
    QuestionPage(
        "effectiveness",
        words.PAGE_TITLES["effectiveness"],
        Section.PARTNERSHIP,
        ("effectiveness",),
        partnership_only=True,
    ),
    QuestionPage(
        "aims",
        words.PAGE_TITLES["aims"],
        Section.PARTNERSHIP,
        ("aims",),
        partnership_only=True,
    ),
    QuestionPage(
        "comments",
        words.PAGE_TITLES["comments"],
        Section.PARTNERSHIP,
        ("comments",),
        partnership_only=True,
    ),
    QuestionPage(
        "pupils-and-attendance",
        words.PAGE_TITLES["pupils-and-attendance"],
        Section.FIGURES,
        ("pupils_on_roll", "attendance_percent", "persistent_absence_percent"),
    ),
    QuestionPage(
        "suspensions-and-exclusions",
        words.PAGE_TITLES["suspensions-and-exclusions"],
        Section.FIGURES,
        ("suspensions", "permanent_exclusions"),
    ),
    QuestionPage(
        "incidents",
        words.PAGE_TITLES["incidents"],
        Section.FIGURES,
        ("violent_incidents", "weapon_incidents", "bullying_incidents"),
    ),
    QuestionPage(
        "feeling-safe",
        words.PAGE_TITLES["feeling-safe"],
        Section.FIGURES,
        ("pupils_feel_safe_percent", "feel_safe_not_surveyed"),
    ),
)
PAGES_BY_SLUG = {page.slug: page for page in PAGES}

PARTNERSHIP_FIELDS = tuple(name for page in PAGES if page.partnership_only for name in page.fields)
ANSWER_FIELDS = tuple(name for page in PAGES for name in page.fields)

# Short names of the answers, for the check-your-answers page (one catalogue for every page),
# in English: `label` gives one in the page's language.
FIELD_LABELS = {name: field.label for name, field in SCHOOL_FIELDS.items()}
MODEL_HINTS = words.MODEL_HINTS
MODEL_CHOICES = {str(model): MODEL_LABELS[model] for model in Model}
EFFECTIVENESS_LABELS = words.EFFECTIVENESS_LABELS

# The answers offered by the radios and checkboxes, as value: words (in English).
CHOICES = {
    "has_ssp": HAS_SSP_CHOICES,
    "ssp_model": MODEL_CHOICES,
    "effectiveness": {str(value): text for value, text in EFFECTIVENESS_LABELS.items()},
    "aims": AIMS,
}
# The number that picks the plural form of a fraction of a day: one that takes the form
# "other" in English and in Welsh (1.5 days, 1.5 diwrnod).
FRACTION_PLURAL = 5


def label(name: str) -> str:
    """The short name of an answer in the page's language: "Pupils on roll"."""
    return gettext(FIELD_LABELS[name])


def choices_shown() -> dict[str, dict[str, str]]:
    """CHOICES in the page's language, for the radios and checkboxes."""
    return {
        name: {value: gettext(text) for value, text in offered.items()}
        for name, offered in CHOICES.items()
    }


def model_hints_shown() -> dict[str, str]:
    """How the school sees each partnership model, in the page's language."""
    return {model: gettext(hint) for model, hint in MODEL_HINTS.items()}


def days_a_week(days: Decimal) -> str:
    """The officer's time in words: 1 day a week, 1.5 days a week (2 ddiwrnod yr wythnos)."""
    days = Decimal(days)
    whole = days == days.to_integral_value()
    pattern = get_translations().ungettext(
        "%(num)s day a week", "%(num)s days a week", int(days) if whole else FRACTION_PLURAL
    )
    return pattern % {"num": number(days)}


def _chosen(offered: Mapping[Any, str], value: Any) -> str:
    """A choice in words in the page's language (an unknown value as it is)."""
    return gettext(offered[value]) if value in offered else str(value)


def _text(raw: Any) -> str:
    """Free text with the browser's CRLF line ends made LF (so counts match what was typed)."""
    return str(raw or "").replace("\r\n", "\n").strip()


def _aims(ticked: list[str]) -> list[str] | None:
    """The aims ticked; an empty list for 'None of these', None when nothing was ticked."""
    aims = [_text(aim) for aim in ticked if _text(aim)]
    if NONE_OF_THESE in aims:
        return []
    return aims or None


# The value of the exclusive 'None of these' checkbox on the aims page.
NONE_OF_THESE = "none"


def _flag(raw: str | None) -> bool:
    """A single checkbox: ticked or not."""
    return raw == "yes"


Parser = Callable[[MultiDict[str, str], str], Any]

PARSERS: dict[str, Parser] = {
    "has_ssp": lambda form, name: choice(form.get(name), set(HAS_SSP_CHOICES)),
    "ssp_model": lambda form, name: choice(form.get(name), set(MODEL_CHOICES)),
    "effectiveness": lambda form, name: whole_number(form.get(name)),
    "aims": lambda form, name: _aims(form.getlist(name)),
    "ssp_model_description": lambda form, name: _text(form.get(name)) or None,
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
    if answers.get("ssp_model") not in (None, Model.OTHER) and "ssp_model_description" in answers:
        # The description belongs to 'another way' only; another model leaves no stray words.
        answers["ssp_model_description"] = None
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
    """An answer in words, for the check-your-answers page, in the page's language."""
    if isinstance(value, Invalid):
        return value.raw
    if value is None or value == "":
        nothing = words.NO_COMMENTS if name == "comments" else words.NOT_ANSWERED
        return gettext(nothing)
    formats: dict[str, Callable[[Any], str]] = {
        "has_ssp": lambda v: _chosen(HAS_SSP_CHOICES, v),
        "ssp_force_code": lambda v: force_names.get(v, str(v)),
        "ssp_model": lambda v: _chosen(MODEL_CHOICES, v),
        "ssp_model_description": str,
        "officer_days_per_week": days_a_week,
        "effectiveness": lambda v: _chosen(EFFECTIVENESS_LABELS, v),
        "aims": lambda v: "\n".join(_chosen(AIMS, aim) for aim in v) or gettext(words.NO_AIMS),
        "comments": str,
    }
    if name in formats:
        return formats[name](value)
    if name.endswith("_percent"):
        return f"{plain_number(Decimal(value))}%"
    return f"{value:,}"
