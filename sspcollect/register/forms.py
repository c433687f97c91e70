"""The partnership pages' forms: what was typed, shown again on every round trip, and parsed.

The school chooser works without JavaScript: the chosen schools travel with the form as
hidden `school_urn` inputs with a `days-<urn>` input each, and the buttons "Find school",
"Add" and "Remove" post the whole form back with an `action`, so nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)

from sspcollect.content.marking import N_
from sspcollect.models import (
    FUNDING_SOURCE_LABELS,
    MODEL_LABELS,
    OFFICER_ROLE_LABELS,
    Model,
    OfficerRole,
    Partnership,
)
from sspcollect.register.service import Draft, SchoolEntry
from sspcollect.validation.force import NUMBER_QUESTIONS
from sspcollect.validation.school import DAYS_ON_SITE
from sspcollect.validation.values import (
    Invalid,
    choice,
    date_parts,
    whole_number,
    yes_no,
)

MAX_SCHOOLS = 500
DATE_FIELDS = ("funded_until", "start_date", "end_date")
# Where each rule field's error links to from the error summary: its first input.
ANCHORS = {
    "reference": "reference",
    "name": "name",
    "model": "model",
    "model_description": "model_description",
    "schools": "school_search",
    "officer_role": "officer_role",
    "officer_count": "officer_count",
    "fte": "fte",
    "funding_sources": "funding_sources",
    "funded_until": "funded_until-day",
    "information_sharing_agreement": "information_sharing_agreement",
    "start_date": "start_date-day",
    "end_date": "end_date-day",
}
NEED_END_DATE = N_("Enter the date the partnership ended")
# What each model means (DESIGN.md, the partnership register), shown under its radio.
MODEL_HINTS = {
    Model.SCHOOL_BASED: N_("An officer based in one school, whose beat is that school"),
    Model.CLUSTER: N_("A dedicated officer shared by a named cluster of schools"),
    Model.NEIGHBOURHOOD_LINK: N_(
        "Schools linked to a named officer of the neighbourhood policing team, "
        "without dedicated time"
    ),
    Model.FORCE_TEAM: N_("A force or area schools team delivering programmes to many schools"),
    Model.OTHER: N_("Describe it below"),
}


class DateParts(Form):
    """The day, month and year boxes of a GOV.UK date input."""

    day = StringField("Day")
    month = StringField("Month")
    year = StringField("Year")

    def value(self) -> date | Invalid | None:
        """The date typed, Invalid if it is not a real date, None if all boxes are blank."""
        return date_parts(self.day.data, self.month.data, self.year.data)


def _parts(day: date | None) -> dict[str, str]:
    """The boxes of a date input filled from day."""
    if day is None:
        return {"day": "", "month": "", "year": ""}
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


class PartnershipForm(FlaskForm):
    """Every answer about a partnership except its schools (see chosen_schools)."""

    version = HiddenField()
    reference = StringField("Reference")
    name = StringField("Name")
    model = RadioField(
        "Model", choices={str(m): label for m, label in MODEL_LABELS.items()}, validate_choice=False
    )
    model_description = TextAreaField("Describe how the partnership works")
    officer_role = RadioField(
        "Officer role",
        choices={str(r): label for r, label in OFFICER_ROLE_LABELS.items()},
        validate_choice=False,
    )
    officer_count = StringField("Number of officers")
    fte = StringField("Full-time equivalent dedicated to schools")
    funding_sources = SelectMultipleField(
        "Funding",
        choices={str(s): label for s, label in FUNDING_SOURCE_LABELS.items()},
        validate_choice=False,
    )
    funded_until = FormField(DateParts)
    information_sharing_agreement = RadioField(
        "Information sharing agreement",
        choices={"yes": "Yes", "no": "No"},
        validate_choice=False,
    )
    start_date = FormField(DateParts)
    end_date = FormField(DateParts)
    school_search = StringField("Find a school by URN or name")


class EndForm(FlaskForm):
    """The date a partnership ended."""

    version = HiddenField()
    end_date = FormField(DateParts)


@dataclass(frozen=True)
class ChosenSchool:
    """A school chosen on the page, as typed: its URN and days a week on site."""

    urn: str
    days: str

    @property
    def number(self) -> int | None:
        """The URN as a number, None if it is not one."""
        urn = whole_number(self.urn)
        return urn if isinstance(urn, int) else None


def chosen_schools(formdata: MultiDict[str, str]) -> list[ChosenSchool]:
    """The chosen schools carried by the form, each once."""
    chosen: list[ChosenSchool] = []
    seen: set[str] = set()
    for raw in formdata.getlist("school_urn")[:MAX_SCHOOLS]:
        urn = raw.strip()
        if urn and urn not in seen:
            seen.add(urn)
            chosen.append(ChosenSchool(urn, formdata.get(f"days-{urn}", "").strip()))
    return chosen


def add_school(chosen: list[ChosenSchool], urn: str) -> list[ChosenSchool]:
    """chosen with the school urn added at the end (once)."""
    urn = urn.strip()
    if not urn or any(school.urn == urn for school in chosen):
        return chosen
    return [*chosen, ChosenSchool(urn, "")]


def remove_school(chosen: list[ChosenSchool], urn: str) -> list[ChosenSchool]:
    """chosen without the school urn."""
    return [school for school in chosen if school.urn != urn.strip()]


def _text(raw: Any) -> str | None:
    """Trimmed text, None when blank."""
    text = str(raw or "").strip()
    return text or None


def draft_of(form: PartnershipForm, chosen: list[ChosenSchool]) -> Draft:
    """The answers of form and chosen, parsed into the values the rules check."""
    sources = [s.strip() for s in form.funding_sources.data or [] if s.strip()]
    fields: dict[str, Any] = {
        "reference": _text(form.reference.data),
        "name": _text(form.name.data),
        "model": choice(form.model.data, set(Model)),
        "model_description": _text(form.model_description.data),
        "officer_role": choice(form.officer_role.data, set(OfficerRole)),
        "officer_count": NUMBER_QUESTIONS["officer_count"].read(form.officer_count.data),
        "fte": NUMBER_QUESTIONS["fte"].read(form.fte.data),
        "funding_sources": list(dict.fromkeys(sources)),
        "information_sharing_agreement": yes_no(form.information_sharing_agreement.data),
    }
    for name in DATE_FIELDS:
        fields[name] = getattr(form, name).form.value()
    schools: list[SchoolEntry] = [
        (_urn(school.urn), DAYS_ON_SITE.read(school.days)) for school in chosen
    ]
    return Draft(fields, schools)


def _urn(text: str) -> int | Invalid:
    """A URN as typed: a number, or Invalid (so that 'no school has the URN' fires)."""
    urn = whole_number(text)
    return urn if isinstance(urn, int) else Invalid(text)


def data_of(partnership: Partnership) -> dict[str, Any]:
    """The form's answers filled from a kept partnership."""
    isa = partnership.information_sharing_agreement
    return {
        "version": str(partnership.version),
        "reference": partnership.reference,
        "name": partnership.name,
        "model": partnership.model,
        "model_description": partnership.model_description or "",
        "officer_role": partnership.officer_role,
        "officer_count": str(partnership.officer_count),
        "fte": str(partnership.fte),
        "funding_sources": list(partnership.funding_sources or []),
        "information_sharing_agreement": "yes" if isa else "no",
        **{name: _parts(getattr(partnership, name)) for name in DATE_FIELDS},
    }


def chosen_of(partnership: Partnership) -> list[ChosenSchool]:
    """The kept partnership's schools, as the page carries them."""
    return [
        ChosenSchool(
            str(link.school_urn), "" if link.days_per_week is None else str(link.days_per_week)
        )
        for link in partnership.schools
    ]


def end_data_of(partnership: Partnership) -> dict[str, Any]:
    """The end page's answers filled from a kept partnership."""
    return {"version": str(partnership.version), "end_date": _parts(partnership.end_date)}


def version_of(form: FlaskForm) -> int | None:
    """The version the page was rendered with, None if missing or unreadable."""
    version = whole_number(form.version.data)
    return version if isinstance(version, int) else None
