"""A copy of a return to keep: every answer, last year's figures beside this year's, each query
with its answer, who declared it and when. The print page and the PDF both write this out,
in the language of the reader (the request's, or the recipient's for a receipt's attachment).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext

from sspcollect.content import counts
from sspcollect.content.fields import OUTCOME_FIELDS as OUTCOME_WORDS
from sspcollect.content.fields import SCHOOL_FIELDS
from sspcollect.content.forces import force_name
from sspcollect.content.grammar import join_words, number
from sspcollect.content.time import date_and_time, long_date, uk_today
from sspcollect.models import (
    FUNDING_SOURCE_LABELS,
    MODEL_LABELS,
    OFFICER_ROLE_LABELS,
    OUTCOME_FIELDS,
    STATUS_LABELS,
    Return,
    ReturnKind,
    ReturnStatus,
)
from sspcollect.returns import force_service, school_service
from sspcollect.returns.force_summary import register_entries
from sspcollect.returns.school_forms import SECTION_TITLES, Section, answer_text
from sspcollect.returns.service import declarant, previous_return
from sspcollect.validation import CATALOGUE, Level


@dataclass(frozen=True)
class Row:
    """One answer: what it is, what was given, and last year's answer if there was one."""

    label: str
    value: str
    last_year: str | None = None


@dataclass(frozen=True)
class Part:
    """A titled list of answers."""

    title: str
    rows: list[Row]


@dataclass(frozen=True)
class Table:
    """A table of figures (a force's partnerships), with a total row."""

    title: str
    head: list[str]
    rows: list[list[str]]
    total: list[str] | None = None


@dataclass(frozen=True)
class Answered:
    """A query, and the answer given to it."""

    question: str
    message: str
    answer: str
    # On a force's return, the partnership the query is about: its reference and name.
    about: str | None = None


@dataclass(frozen=True)
class ReturnCopy:
    """Everything a copy of the return shows."""

    title: str
    organisation: str
    status: str
    period: str
    submitted: str | None
    declared_by: str | None
    previous_year: str | None
    made_on: str
    parts: list[Part] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    queries: list[Answered] = field(default_factory=list)


def _queries(return_: Return, about: Mapping[str, str]) -> list[Answered]:
    """The return's queries with the answers given; about names the partnership of each
    finding subject that is one."""
    return [
        Answered(
            question=finding.question or _question(finding.rule_id),
            message=finding.message,
            answer=finding.explanation or gettext("No answer given"),
            about=about.get(finding.subject),
        )
        for finding in return_.findings
        if finding.level == Level.QUERY
    ]


def _question(rule_id: str) -> str:
    """The question a query asks, when its finding kept none."""
    question = CATALOGUE[rule_id].question
    return gettext(question) if question else gettext("Query")


def _school_parts(return_: Return) -> tuple[list[Part], str | None]:
    """The school's answers by section, with last year's figures."""
    values = school_service.answer_values(return_)
    forces = school_service.force_names()
    earlier = previous_return(return_)
    before = earlier.school_answers if earlier else None
    last = school_service.values_of(before) if before is not None else {}
    parts = []
    for section in Section:
        rows = []
        for page in school_service.applicable_pages(values):
            if page.section is not section:
                continue
            for name in page.fields:
                if name == "feel_safe_not_surveyed" or name not in SCHOOL_FIELDS:
                    continue
                if name == "ssp_model_description" and not values.get(name):
                    continue
                text = answer_text(name, values.get(name), forces)
                if name == "pupils_feel_safe_percent" and values.get("feel_safe_not_surveyed"):
                    text = gettext("Not surveyed")
                previous = None
                if SCHOOL_FIELDS[name].is_figure and last.get(name) is not None:
                    previous = answer_text(name, last[name], forces)
                label = gettext(SCHOOL_FIELDS[name].label)
                rows.append(Row(label, text.replace("\n", ", "), previous))
        parts.append(Part(gettext(SECTION_TITLES[section]), rows))
    return parts, earlier.collection.outcomes_year.label if earlier else None


def _figure(value: int | None) -> str:
    """A count for the table (a dash when not given)."""
    return "\u2013" if value is None else number(value)


def _force_parts(
    return_: Return,
) -> tuple[list[Part], list[Table], str | None, dict[str, str]]:
    """The force's register and its partnerships' outcomes, last year's label, and each
    partnership's name by the subject of its findings."""
    entries = register_entries(return_)
    earlier = previous_return(return_)
    before = force_service.previous_outcomes(return_)
    schools = {school.urn for entry in entries for school in entry.schools}
    if return_.nil_return:
        register = [
            Row(
                gettext("Partnerships"),
                gettext("None: the force ran no Safer School Partnerships"),
            )
        ]
    else:
        register = [
            Row(gettext("Partnerships that ran in the year"), number(len(entries))),
            Row(gettext("Schools they covered"), number(len(schools))),
        ]
    details = Table(
        gettext("Partnerships"),
        [
            gettext("Partnership"),
            gettext("Model"),
            gettext("Schools"),
            gettext("Officers"),
            gettext("Full-time equivalent"),
            gettext("Funded by"),
        ],
        [
            [
                entry.label,
                gettext(MODEL_LABELS.get(entry.fields["model"], entry.fields["model"])),
                counts.schools(len(entry.schools)),
                f"{number(entry.fields['officer_count'])} "
                f"({_label(OFFICER_ROLE_LABELS, entry.fields['officer_role'])})",
                number(entry.fields["fte"]),
                join_words(
                    _label(FUNDING_SOURCE_LABELS, source)
                    for source in entry.fields["funding_sources"] or []
                ),
            ]
            for entry in entries
        ],
    )
    head = [
        gettext("Partnership"),
        *(gettext(OUTCOME_WORDS[name].label) for name in OUTCOME_FIELDS),
    ]
    rows, totals = [], {name: 0 for name in OUTCOME_FIELDS}
    for entry in entries:
        values = force_service.outcome_values(
            force_service.outcome_of(return_, entry.partnership_id)
        )
        last = before.get(entry.partnership_id, {})
        cells = [entry.label]
        for name in OUTCOME_FIELDS:
            totals[name] += values[name] or 0
            text = _figure(values[name])
            if earlier is not None:
                text += f" ({_figure(last.get(name))})"
            cells.append(text)
        rows.append(cells)
    title = gettext("Outcomes")
    if earlier is not None:
        year = earlier.collection.outcomes_year.label
        title = gettext("Outcomes (in brackets: %(year)s)", year=year)
    all_partnerships = gettext(
        "All %(partnerships)s", partnerships=counts.partnerships(len(entries))
    )
    outcomes = Table(title, head, rows, [all_partnerships, *(number(v) for v in totals.values())])
    tables = [] if return_.nil_return else [details, outcomes]
    return (
        [Part(gettext("The register"), register)],
        tables,
        earlier.collection.outcomes_year.label if earlier else None,
        {entry.subject: entry.label for entry in entries},
    )


def _label(labels: Mapping[Any, str], code: str | None) -> str:
    """A choice's label in the language of the moment ('' for none)."""
    return gettext(labels[code]) if code in labels else (code or "")


def return_copy(return_: Return) -> ReturnCopy:
    """The copy to keep of a return, as it stands now."""
    first, last = force_service.academic_year(return_.collection)
    organisation = return_.organisation
    if return_.kind == ReturnKind.FORCE:
        name = force_name(organisation.force_area_code, organisation.name)
        parts, tables, previous_year, about = _force_parts(return_)
    else:
        name = organisation.name
        parts, previous_year = _school_parts(return_)
        tables, about = [], {}
    submitted = return_.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)
    return ReturnCopy(
        title=return_.collection.title,
        organisation=name,
        status=gettext(STATUS_LABELS[ReturnStatus(return_.status)]),
        period=gettext("%(first)s to %(last)s", first=long_date(first), last=long_date(last)),
        submitted=date_and_time(return_.submitted_at) if submitted else None,
        declared_by=declarant(return_) if submitted else None,
        previous_year=previous_year,
        made_on=long_date(uk_today()),
        parts=parts,
        tables=tables,
        queries=_queries(return_, about),
    )
