"""The validation messages and query questions in the reader's language: a Welsh school or
force reads them in Welsh, while the finding keeps the English as the record."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sspcollect.language import in_language
from sspcollect.models import Finding
from sspcollect.returns.service import sync_findings
from sspcollect.validation import CATALOGUE, Scope
from sspcollect.validation.values import Invalid, Unreadable
from tests.content.test_messages import SAMPLE
from tests.pages import Page
from tests.returns.school_pages import (
    FIGURES,
    answer,
    answer_all,
    form_fields,
    reload,
    signed_in_school,
    url,
)


def _message(rule_id: str, values: dict[str, Any], language: str) -> str:
    with in_language(language):
        return CATALOGUE[rule_id].message_for(values)


@pytest.mark.parametrize(
    ("rule_id", "values", "english", "welsh"),
    [
        (
            "SCH-008",
            {},
            "Enter the number of pupils on roll",
            "Rhowch nifer y disgyblion ar y gofrestr",
        ),
        # "Rhowch" softens what follows it: presenoldeb → bresenoldeb, canran → ganran.
        ("SCH-009", {}, "Enter overall attendance", "Rhowch bresenoldeb cyffredinol"),
        (
            "SCH-017",
            {"pupils_feel_safe_percent": Invalid("88%", Unreadable.NOT_A_NUMBER)},
            "Enter the percentage of pupils who feel safe at school as a number without the % "
            "sign, like 82",
            "Rhowch ganran y disgyblion sy\u2019n teimlo\u2019n ddiogel yn yr ysgol fel rhif "
            "heb yr "
            "arwydd %, fel 82",
        ),
        (
            "SCH-008",
            {"pupils_on_roll": Invalid("12.5", Unreadable.NOT_WHOLE)},
            "The number of pupils on roll must be a whole number, like 1,204",
            "Rhaid i nifer y disgyblion ar y gofrestr fod yn rhif cyfan, fel 1,204",
        ),
        (
            "SCH-009",
            {"attendance_percent": Invalid("94.555", Unreadable.TOO_MANY_PLACES)},
            "Overall attendance must have no more than 2 decimal places, like 94.5",
            "Rhaid i bresenoldeb cyffredinol beidio â chael mwy na 2 le degol, fel 94.5",
        ),
        (
            "SCH-011",
            {},
            "Enter the number of suspensions, or 0 if there were none",
            "Rhowch nifer y gwaharddiadau cyfnod penodol, neu 0 os nad oedd dim",
        ),
    ],
)
def test_a_number_error_is_written_in_each_language(
    app: Flask, rule_id: str, values: dict[str, Any], english: str, welsh: str
) -> None:
    assert _message(rule_id, values, "en") == english
    assert _message(rule_id, values, "cy") == welsh


def test_a_query_names_its_values_in_welsh(app: Flask) -> None:
    values = {"suspensions": 2, "pupils_on_roll": 3}
    assert _message("SCH-102", values, "cy") == (
        "Rhoddodd eich ysgol 2 waharddiad cyfnod penodol ar gyfer 3 disgybl ar y gofrestr: mwy "
        "nag 1 am bob 2 ddisgybl."
    )
    assert _message("SCH-102", values, "en") == (
        "Your school gave 2 suspensions for 3 pupils on roll: more than 1 for every 2 pupils."
    )
    changes = {"suspensions": 300, "bullying_incidents": 40, "previous": SAMPLE["previous"]}
    with in_language("cy"):
        rule = CATALOGUE["YOY-001"]
        assert rule.message_for(changes) == (
            "Ers ffurflen ddiwethaf eich ysgol, newidiodd nifer y gwaharddiadau cyfnod penodol o "
            "25 i 300 a nifer y digwyddiadau bwlio o 0 i 40."
        )
        assert rule.question_for(changes) == "Pam newidiodd y ffigurau hyn gymaint ers y llynedd?"
    closed = {"schools": [{"urn": 100002, "known": True, "is_open": False}]}
    assert _message("POL-008", closed, "cy") == (
        "Mae\u2019r ysgol â\u2019r URN 100002 wedi cau; tynnwch hi o\u2019r bartneriaeth"
    )


def test_every_rule_speaks_welsh(app: Flask) -> None:
    """Each message and question, filled in, is written in Welsh with every value filled."""
    for rule in CATALOGUE:
        with in_language("en"):
            english, english_question = rule.message_for(SAMPLE), rule.question_for(SAMPLE)
            english_description = rule.description
        with in_language("cy"):
            welsh, welsh_question = rule.message_for(SAMPLE), rule.question_for(SAMPLE)
            welsh_description = rule.description
        assert welsh != english, rule.id
        assert welsh_description != english_description, rule.id
        assert "{" not in welsh and "%(" not in welsh, welsh
        if english_question is not None:
            assert welsh_question and welsh_question != english_question, rule.id
            assert welsh_question.endswith("?"), welsh_question


def test_a_finding_keeps_the_english_and_shows_a_welsh_reader_the_welsh(app: Flask) -> None:
    from tests.returns.school_pages import school_with_return

    _user, return_ = school_with_return()
    values = {"attendance_percent": Decimal("80"), "has_ssp": "no"}
    with in_language("cy"):
        # Checked on a Welsh page: the record is English all the same.
        sync_findings(return_, CATALOGUE.run(Scope.SCHOOL_RETURN, values), {Scope.SCHOOL_RETURN})
    finding = next(f for f in return_.findings if f.rule_id == "SCH-101")
    assert finding.english_message.startswith("Overall attendance of 80% is lower")
    assert finding.english_question == "Why was overall attendance below 85%?"
    assert finding.welsh_question == "Pam roedd presenoldeb cyffredinol o dan 85%?"
    assert finding.message == finding.english_message
    with in_language("cy"):
        assert finding.message.startswith("Mae presenoldeb cyffredinol o 80% yn is")
        assert finding.question == "Pam roedd presenoldeb cyffredinol o dan 85%?"
    # A finding kept before the Welsh was (no Welsh words) shows its English to everyone.
    old = Finding(rule_id="SCH-101", level="query", subject="", message="Low attendance")
    with in_language("cy"):
        assert old.message == "Low attendance"


def test_a_welsh_school_reads_errors_and_queries_in_welsh(client: FlaskClient) -> None:
    _user, return_ = signed_in_school(client)
    client.get("/?lang=cy")
    answer(client, return_, "has-partnership", {"has_ssp": "no"})
    address = url(return_, "pupils-and-attendance")
    shown = client.get(address).get_data(as_text=True)
    figures = {**FIGURES["pupils-and-attendance"], "pupils_on_roll": "lots"}
    page = Page(client.post(address, data={**form_fields(shown), "action": "continue", **figures}))
    assert page.title.startswith("Gwall: "), page.title
    summary = page.soup.select_one(".govuk-error-summary")
    assert summary is not None
    assert "Rhowch nifer y disgyblion ar y gofrestr fel rhif cyfan, fel 1,204" in (
        summary.get_text()
    )
    answer_all(
        client,
        return_,
        {
            **FIGURES,
            "pupils-and-attendance": {
                **FIGURES["pupils-and-attendance"],
                "attendance_percent": "80",
            },
        },
    )
    check = client.get(url(return_, "check-your-answers")).get_data(as_text=True)
    assert "Pam roedd presenoldeb cyffredinol o dan 85%?" in check
    assert "Mae presenoldeb cyffredinol o 80% yn is nag yn y rhan fwyaf o ysgolion" in check
    # The record stays English for the reviewers and the downloads.
    finding = next(f for f in reload(return_).findings if f.rule_id == "SCH-101")
    assert finding.english_question == "Why was overall attendance below 85%?"
