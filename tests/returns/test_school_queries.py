"""Queries (SCH-101, SCH-102) are explained in a sentence; errors block the submission."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.db import session
from sspcollect.models import AuditEvent, Return, ReturnStatus
from tests.pages import Page, get
from tests.returns.school_pages import (
    DECLARED,
    FIGURES,
    answer,
    answer_all,
    form_fields,
    reload,
    signed_in_school,
    url,
)


def _with(slug: str, **changes: str) -> dict[str, dict[str, Any]]:
    """The figures pages, with some answers of one page changed."""
    return {**FIGURES, slug: {**FIGURES[slug], **changes}}


def _complete(client: FlaskClient, return_: Return, **figures: dict[str, Any]) -> None:
    """Answer every question (no partnership), with the figures given."""
    answer(client, return_, "has-partnership", {"has_ssp": "no"})
    answer_all(client, return_, {**FIGURES, **figures})


def _submit(client: FlaskClient, return_: Return, expected_status: int, **data: str) -> Page:
    """Press Submit return on the check page as it is shown now."""
    from tests.pages import _checked

    address = url(return_, "check-your-answers")
    shown = client.get(address).get_data(as_text=True)
    payload = {**form_fields(shown), **DECLARED, **data}
    return _checked(client.post(address, data=payload), expected_status)


def _query_field(page: Page) -> str:
    """The name of the only explanation box on the page."""
    boxes = page.soup.select("textarea[name^=explanation-]")
    assert len(boxes) == 1, boxes
    return str(boxes[0]["name"])


QUERIES = [
    (
        "SCH-101",
        "pupils-and-attendance",
        {"attendance_percent": "84.99"},
        "Overall attendance of 84.99% is lower than at most schools",
        "Why was overall attendance below 85%?",
    ),
    (
        "SCH-102",
        "suspensions-and-exclusions",
        {"suspensions": "211"},
        "Your school gave 211 suspensions for 420 pupils on roll",
        "Why were there so many suspensions?",
    ),
]
NOT_QUERIES = [
    ("SCH-101", "pupils-and-attendance", {"attendance_percent": "85"}),
    ("SCH-102", "suspensions-and-exclusions", {"suspensions": "210"}),
]


@pytest.mark.parametrize(("rule_id", "slug", "data", "words", "question"), QUERIES)
def test_query_is_explained_then_the_return_is_submitted_with_it(
    client: FlaskClient, rule_id: str, slug: str, data: dict[str, str], words: str, question: str
) -> None:
    """A query does not stop a page being saved; it asks its own question, beside the figures
    it is about, and needs an answer before submission."""
    _user, return_ = signed_in_school(client)
    _complete(client, return_, **_with(slug, **data))
    check = get(client, url(return_, "check-your-answers"))
    assert words in check.text
    field = _query_field(check)
    label = check.soup.find("label", {"for": field})
    assert label.get_text(" ", strip=True) == question
    # The query sits under the school's figures, not at the end of the page.
    figures = check.soup.find("h2", string="Your school\u2019s figures")
    assert figures.find_next("textarea")["name"] == field

    blocked = _submit(client, return_, 200)
    assert blocked.errors == [f"Answer the question \u2018{question}\u2019, or change the answer"]
    assert blocked.soup.select_one(".govuk-error-summary a")["href"] == f"#{field}"
    assert reload(return_).status == ReturnStatus.IN_PROGRESS

    sentence = "We had a measles outbreak in the spring term."
    _submit(client, return_, 302, **{field: sentence})
    stored = reload(return_)
    assert stored.status == ReturnStatus.SUBMITTED
    [finding] = stored.findings
    assert finding.rule_id == rule_id
    assert finding.level == "query"
    assert finding.explanation == sentence
    assert words in finding.message

    answers = get(client, url(return_, "check-your-answers"))
    assert question in answers.text
    assert f"Your answer: {sentence}" in answers.text
    explained = session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "query_explained", AuditEvent.object_id == str(return_.id)
        )
    ).one()
    assert explained.comment == sentence
    assert explained.changes == {"rule": rule_id, "subject": ""}


@pytest.mark.parametrize(("rule_id", "slug", "data"), NOT_QUERIES)
def test_query_does_not_fire_on_usual_figures(
    client: FlaskClient, rule_id: str, slug: str, data: dict[str, str]
) -> None:
    """At the threshold the figure is usual: nothing to explain, submit at once."""
    _user, return_ = signed_in_school(client)
    _complete(client, return_, **_with(slug, **data))
    check = get(client, url(return_, "check-your-answers"))
    assert not check.soup.select("textarea[name^=explanation-]")
    _submit(client, return_, 302)
    assert rule_id not in {f.rule_id for f in reload(return_).findings}


def test_changing_the_figure_clears_the_query(client: FlaskClient) -> None:
    """Findings follow the answers: a corrected figure has nothing left to explain."""
    _user, return_ = signed_in_school(client)
    answer(
        client,
        return_,
        "pupils-and-attendance",
        {**FIGURES["pupils-and-attendance"], "attendance_percent": "80"},
    )
    assert [f.rule_id for f in reload(return_).findings if f.level == "query"] == ["SCH-101"]
    answer(client, return_, "pupils-and-attendance", FIGURES["pupils-and-attendance"])
    assert [f.rule_id for f in reload(return_).findings if f.level == "query"] == []


def test_explanation_is_kept_while_the_query_remains(client: FlaskClient) -> None:
    """An explanation given once survives later saves that leave the figure unusual."""
    _user, return_ = signed_in_school(client)
    low = _with("pupils-and-attendance", attendance_percent="80")
    answer(client, return_, "has-partnership", {"has_ssp": "no"})
    answer(client, return_, "pupils-and-attendance", low["pupils-and-attendance"])
    check = get(client, url(return_, "check-your-answers"))
    field = _query_field(check)
    _submit(client, return_, 200, **{field: "A long illness outbreak."})

    answer(
        client,
        return_,
        "pupils-and-attendance",
        {**low["pupils-and-attendance"], "attendance_percent": "81"},
    )
    [query] = [f for f in reload(return_).findings if f.level == "query"]
    assert query.explanation == "A long illness outbreak."
    assert "81%" in query.message
    again = get(client, url(return_, "check-your-answers"))
    assert (
        again.soup.find("textarea", {"name": field}).get_text().strip()
        == "A long illness outbreak."
    )


def test_explanation_longer_than_500_characters_is_refused(client: FlaskClient) -> None:
    """The explanation is a sentence: a long one is shown again with an error, nothing saved."""
    _user, return_ = signed_in_school(client)
    _complete(client, return_, **_with("pupils-and-attendance", attendance_percent="80"))
    field = _query_field(get(client, url(return_, "check-your-answers")))
    page = _submit(client, return_, 200, **{field: "x" * 501})
    assert page.errors == [
        "Your answer to \u2018Why was overall attendance below 85%?\u2019 must be 500 characters "
        "or fewer"
    ]
    assert page.soup.find("textarea", {"name": field}).get_text().strip() == "x" * 501
    stored = reload(return_)
    assert stored.status == ReturnStatus.IN_PROGRESS
    assert stored.findings[0].explanation is None


def test_submission_is_blocked_while_errors_remain(client: FlaskClient) -> None:
    """Unanswered questions are listed with links to fix them, and the return stays a draft."""
    _user, return_ = signed_in_school(client)
    answer(client, return_, "has-partnership", {"has_ssp": "no"})
    answer(client, return_, "incidents", FIGURES["incidents"])
    check = get(client, url(return_, "check-your-answers"))
    assert "Answers to correct before you can submit" in check.text
    problem_links = check.soup.select("main ul.govuk-list a")
    assert url(return_, "pupils-and-attendance") + "?change=yes#pupils_on_roll" in [
        a["href"] for a in problem_links
    ]

    blocked = _submit(client, return_, 200)
    expected = {
        "Enter the number of pupils on roll",
        "Enter overall attendance",
        "Enter persistent absence",
        "Enter the number of suspensions, or 0 if there were none",
        "Enter the number of permanent exclusions, or 0 if there were none",
        "Enter the percentage of pupils who feel safe at school, or select \u2018Our pupils "
        "were not surveyed\u2019",
    }
    assert set(blocked.errors) == expected
    assert blocked.title.startswith("Error: Check your answers")
    stored = reload(return_)
    assert stored.status == ReturnStatus.IN_PROGRESS
    assert stored.submitted_at is None


def test_submission_is_blocked_until_every_query_is_explained(client: FlaskClient) -> None:
    """With two queries, explaining one is not enough."""
    _user, return_ = signed_in_school(client)
    _complete(
        client,
        return_,
        **{
            "pupils-and-attendance": {
                **FIGURES["pupils-and-attendance"],
                "attendance_percent": "80",
            },
            "suspensions-and-exclusions": {"suspensions": "300", "permanent_exclusions": "0"},
        },
    )
    check = get(client, url(return_, "check-your-answers"))
    boxes = [str(box["name"]) for box in check.soup.select("textarea[name^=explanation-]")]
    assert len(boxes) == 2
    blocked = _submit(client, return_, 200, **{boxes[0]: "Explained."})
    assert len(blocked.errors) == 1
    assert reload(return_).status == ReturnStatus.IN_PROGRESS
    _submit(client, return_, 302, **{boxes[1]: "Also explained."})
    assert reload(return_).status == ReturnStatus.SUBMITTED
    assert sorted(f.explanation or "" for f in reload(return_).findings) == [
        "Also explained.",
        "Explained.",
    ]
