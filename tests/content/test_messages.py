"""Every message a person reads is written for them: no field's code name, no "figure for"
something that is not a figure, no placeholder left unfilled, in the rules, the reconciliation
queries, the emails and the words catalogues."""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from flask import Flask, render_template

from sspcollect.accounts import own_account
from sspcollect.bulk import outcomes as outcome_file
from sspcollect.bulk import register_file
from sspcollect.bulk.upload import CHOICE_WORDS
from sspcollect.content import fields, force, register, school
from sspcollect.content.reconciliation import reconciliation_words
from sspcollect.models import (
    FUNDING_SOURCE_LABELS,
    MODEL_LABELS,
    OFFICER_ROLE_LABELS,
    FundingSource,
    Model,
    OfficerRole,
)
from sspcollect.validation import CATALOGUE
from sspcollect.validation.school import AIMS, HAS_SSP_CHOICES

# Every code a person must never read: answer names, and the codes of choices.
CODES = sorted(
    {
        *fields.SCHOOL_FIELDS,
        *fields.OUTCOME_FIELDS,
        *fields.PARTNERSHIP_FIELDS,
        "feel_safe_not_surveyed",
        "declarant_name",
        "declarant_role",
        *(str(code) for code in (*Model, *OfficerRole, *FundingSource)),
        *AIMS,
        *HAS_SSP_CHOICES,
    }
)
# Codes that are also plain words ("cluster", "name") are only code names with underscores.
CODE_NAMES = [code for code in CODES if "_" in code]
FIGURE_WORDS = sorted(
    {
        words
        for catalogue in fields.ALL_CATALOGUES.values()
        for field in catalogue.values()
        if field.is_figure
        for words in (field.label.lower(), field.noun.lower())
    }
)
# A value for every name a rule's message can ask for, so that every message can be written.
SAMPLE: dict[str, Any] = {
    "has_ssp": "yes",
    "ssp_model": "other",
    "attendance_percent": 80,
    "suspensions": 300,
    "pupils_on_roll": 420,
    "bullying_incidents": 12,
    "crimes_recorded": 40,
    "previous": {
        "suspensions": 25,
        "pupils_on_roll": 420,
        "bullying_incidents": 0,
        "crimes_recorded": 10,
    },
    "force_area_code": "E23000014",
    "schools": [
        {"urn": 100001, "known": False},
        {"urn": 100002, "known": True, "is_open": False, "force_area_code": "E23000001"},
    ],
    "active_partnerships": 3,
    "model": "cluster",
}


# What answers and choices are called: a code spoken as its own label is allowed.
LABELS = {
    text.lower()
    for text in (
        *(f.label for catalogue in fields.ALL_CATALOGUES.values() for f in catalogue.values()),
        *HAS_SSP_CHOICES.values(),
        *AIMS.values(),
        *MODEL_LABELS.values(),
        *OFFICER_ROLE_LABELS.values(),
        *FUNDING_SOURCE_LABELS.values(),
    )
}


def problems(text: str) -> list[str]:
    """What is wrong with a message a person will read, in words (nothing when it is right)."""
    found = []
    lowered = text.lower()
    for code in CODE_NAMES:
        if re.search(rf"\b{re.escape(code)}\b", lowered):
            found.append(f"names the code {code!r}")
        spaced = code.replace("_", " ")
        # "Pupils on roll" is both a label and pupils_on_roll spoken: a label is allowed.
        spoken = any(spaced in label for label in LABELS)
        if not spoken and re.search(rf"\b{re.escape(spaced)}\b", lowered):
            found.append(f"names the code {code!r} with spaces for underscores")
    for match in re.finditer(r"figure for ", lowered):
        rest = lowered[match.end() :]
        if not any(rest.startswith(words) for words in FIGURE_WORDS):
            found.append(f"says 'figure for' of something that is not a figure: {rest[:40]!r}")
    if re.search(r"\{[^}]*\}|\{\{|\}\}|\[[a-z ]+\]", text):
        found.append("has a placeholder left unfilled")
    if re.search(r"\bNone\b(?! of these)", text):
        found.append("shows None")
    if re.search(r"\b1 (days|schools|partnerships|pupils|suspensions)\b", text):
        found.append("has a plural after 1")
    if re.search(r"s's\b", text):
        found.append("makes a name ending in s possessive with 's")
    if re.search(r"\bDear\b", text):
        found.append("opens 'Dear …'")
    return found


def test_the_checker_catches_what_the_service_used_to_say() -> None:
    """The messages people met before are each caught."""
    assert problems("Why is the figure for safer school partnership right?")
    assert problems("Since your last return, asb incidents from 0 to 12 changed by more than half")
    assert problems("Select the model (school_based)")
    assert problems("Overall attendance of {attendance}% is below 85%")
    assert problems("The officer is there 1 days a week")
    assert problems("West Midlands's register does not cover it")
    assert problems("Dear Head of Greenbank Infant School")
    assert not problems("Why was overall attendance below 85%?")


@pytest.mark.parametrize("rule", list(CATALOGUE), ids=lambda rule: rule.id)
def test_every_rule_message_and_question_reads_as_written(rule: Any) -> None:
    """Each rule's message (and a query's question), filled in, is plain English."""
    message = rule.message_for(SAMPLE)
    assert message and not problems(message), (rule.id, message, problems(message))
    question = rule.question_for(SAMPLE)
    if rule.level == "query" and rule.scope != "reconciliation":
        assert question and question.endswith("?"), (rule.id, question)
    if question:
        assert not problems(question), (rule.id, question, problems(question))


@pytest.mark.parametrize("kind", ["school", "force"])
@pytest.mark.parametrize("rule_id", ["XRT-001", "XRT-002"])
def test_reconciliation_speaks_to_each_side_in_its_own_words(kind: str, rule_id: str) -> None:
    """A school reads about the force by its own name; a force reads about the school."""
    message, question = reconciliation_words(
        rule_id, kind, "Oakfield Primary School", 100001, "E23000014"
    )
    for text in (message, question):
        assert not problems(text), (text, problems(text))
    if kind == "school":
        assert "West Midlands Police" in message
        assert "URN" not in message and "register covers" not in message
    else:
        assert "Oakfield Primary School (URN 100001)" in message
    assert question.endswith("?")


def _strings(value: Any) -> Iterator[str]:
    """Every string held in a catalogue value (dicts, tuples, queries, fields)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from _strings(getattr(value, name))


@pytest.mark.parametrize("module", [fields, school, force, register], ids=lambda m: m.__name__)
def test_every_catalogue_string_names_no_code(module: ModuleType) -> None:
    """The words catalogues name answers in words; their placeholders are filled by the code."""
    for name, value in vars(module).items():
        if name.startswith("_") or not name.isupper():
            continue
        for text in _strings(value):
            unfilled = re.sub(r"\{\w+\}", "", text)
            assert not problems(unfilled), (module.__name__, name, text, problems(unfilled))


EMAILS: dict[str, dict[str, Any]] = {
    "invitation": {"organisation": "Oakfield Primary School", "name": "Sam Okafor"},
    "password_reset": {},
    "password_changed": {"changed_on": "25 November 2026 at 2:05pm"},
    "collection_opened": {},
    "due_soon": {"days_left": 1},
    "overdue": {},
    "chase": {},
    "returned": {"comment": "Please check the suspensions."},
    "accepted": {},
    "return_submitted": {
        "submitted_on": "25 November 2026 at 2:05pm",
        "submitted_by": "Sam Okafor, Headteacher",
        "copy_attached": True,
    },
    "force_return_submitted": {
        "submitted_on": "25 November 2026 at 2:05pm",
        "submitted_by": "Priya Shah, SSP coordinator",
        "partnerships": 1,
        "nil_return": False,
        "copy_attached": False,
    },
    "return_withdrawn": {
        "withdrawn_by": "Sam Okafor",
        "withdrawn_on": "26 November 2026 at 9am",
    },
}


@pytest.mark.parametrize("kind", sorted(EMAILS))
def test_every_email_reads_as_written(app: Flask, kind: str) -> None:
    """Each email, filled in, names no code, leaves nothing unfilled and opens with its point."""
    context = {
        "organisation": "West Midlands Police",
        "collection": "Safer School Partnerships 2026/27",
        "academic_year": "2026/27",
        "deadline": "Friday 11 December 2026",
        "link": "https://example.org/returns/1",
        "name": "Sam Okafor",
        "service_name": "Safer School Partnerships data collection",
        **EMAILS[kind],
    }
    with app.test_request_context():
        for extension in ("txt", "html"):
            text = render_template(f"email/{kind}.{extension}", **context)
            plain = re.sub(r"<[^>]+>", " ", text)
            assert not problems(plain), (kind, extension, problems(plain))
    subject = render_template(f"email/{kind}.txt", **context).splitlines()[0]
    assert subject.startswith("Subject: ") and len(subject) < 100, subject


def test_field_labels_are_shared_and_distinct() -> None:
    """One label per answer, and no two answers of a journey called the same."""
    for catalogue in fields.ALL_CATALOGUES.values():
        labels = [field.label for field in catalogue.values()]
        assert len(labels) == len(set(labels)), labels
        for field in catalogue.values():
            assert field.label[0].isupper() and not field.label.endswith(".")
            assert field.noun == field.noun.strip() and not field.noun[0].isupper()


@pytest.mark.parametrize("rule_id", sorted(register.FILE_ERRORS))
def test_every_file_row_message_is_said_for_a_cell(rule_id: str) -> None:
    """An upload's errors, filled in as the upload fills them, speak of a cell, not a form."""
    rule = CATALOGUE[rule_id]
    named = dict(rule.format_values(SAMPLE)) if rule.format_values else {}
    text = register.FILE_ERRORS[rule_id].format(**CHOICE_WORDS, **named)
    assert not problems(text), (rule_id, text, problems(text))
    assert not text.startswith("Select"), text


@pytest.mark.parametrize(
    "catalogue",
    [register_file.GUIDANCE, outcome_file.GUIDANCE],
    ids=["register file", "outcomes file"],
)
def test_file_guidance_names_no_code_but_its_column(catalogue: dict[str, str]) -> None:
    """What each column holds is said in words: the only code is the column's own heading."""
    for column, text in catalogue.items():
        assert not problems(text), (column, text, problems(text))


def test_account_words_read_as_written() -> None:
    """The account page's roles, kinds of organisation and messages name no code."""
    texts = [
        *own_account.ROLE_WORDS.values(),
        *own_account.ORGANISATION_KINDS.values(),
        own_account.NAME_MISSING,
        own_account.NAME_TOO_LONG,
        own_account.CURRENT_WRONG,
        own_account.SAME_PASSWORD,
        outcome_file.UNKNOWN_REFERENCE.format(reference="SSP-001"),
        outcome_file.NO_ROWS,
    ]
    # Some are translated when read (lazy strings): read them as a person would, in English.
    for text in map(str, texts):
        assert not problems(text), (text, problems(text))
