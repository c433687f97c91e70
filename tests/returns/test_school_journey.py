"""A school goes through its return: the partnership questions (or not), its figures, submission."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.content.time import date_and_time, long_date
from sspcollect.db import session
from sspcollect.models import AuditEvent, Return, ReturnStatus, Role
from tests.conftest import Outbox
from tests.factories import create_user
from tests.pages import Page, get, post
from tests.returns.factories import create_partnership
from tests.returns.school_pages import (
    DECLARED,
    FIGURES,
    YES_ANSWERS,
    answer,
    answer_all,
    form_fields,
    reload,
    signed_in_school,
    url,
)


def _location(page: Page) -> str:
    """Where a redirect goes."""
    return str(page.response.headers["Location"])


def test_school_with_a_partnership_answers_every_question_and_submits(
    client: FlaskClient, outbox: Outbox
) -> None:
    """The yes path: each page leads to the next, then check your answers, submit, confirmation."""
    user, return_ = signed_in_school(client)
    # West Midlands' register covers the school, so there is nothing to reconcile.
    create_partnership("E23000014", [return_.organisation.school_urn])
    overview = get(client, url(return_))
    assert overview.heading == return_.collection.title
    assert "Not started" in overview.text
    assert "Your Safer School Partnership Not yet started" in overview.text

    expected_next = [
        "police-force",
        "partnership-model",
        "officer-time",
        "effectiveness",
        "aims",
        "comments",
        "pupils-and-attendance",
        "suspensions-and-exclusions",
        "incidents",
        "feeling-safe",
        "check-your-answers",
    ]
    for (slug, data), following in zip(
        {**YES_ANSWERS, **FIGURES}.items(), expected_next, strict=True
    ):
        saved = answer(client, return_, slug, data)
        assert _location(saved) == url(return_, following)

    check = get(client, url(return_, "check-your-answers"))
    assert check.heading == "Check your answers before submitting your return"
    for words in [
        "Safer School Partnership Yes",
        "Police force West Midlands Police",
        "How the partnership works Cluster officer",
        "Days a week on site 1.5 days a week",
        "How effective the partnership is 4 \u2013 Effective",
        "Aims it has helped with Reducing violence Improving attendance",
        "Comments The officer runs assemblies on knife crime.",
        "Pupils on roll 420",
        "Overall attendance 95.5%",
        "Persistent absence 12.25%",
        "Suspensions 12",
        "Bullying incidents 15",
        "Pupils who feel safe at school 88%",
    ]:
        assert words in check.text
    assert len(check.soup.select(".govuk-summary-list__actions a")) == 16
    assert not check.soup.select("textarea[name^=explanation-]")

    submitted = post(
        client, url(return_, "check-your-answers"), {"version": _version(check), **DECLARED}, 302
    )
    assert _location(submitted) == url(return_, "confirmation")
    confirmation = get(client, url(return_, "confirmation"))
    assert "Return submitted" in confirmation.heading
    assert "What happens next" in confirmation.text

    stored = reload(return_)
    assert stored.status == ReturnStatus.SUBMITTED
    assert stored.submitted_by_id == user.id
    answers = stored.school_answers
    assert answers is not None
    assert answers.ssp_force_code == "E23000014"
    assert answers.aims == ["reducing_violence", "attendance"]
    assert answers.pupils_on_roll == 420
    assert stored.findings == []

    receipts = outbox.to(user.email)
    assert len(receipts) == 1
    receipt = receipts[0]
    assert user.organisation.name in receipt["Subject"]
    assert return_.collection.academic_year in receipt["Subject"]
    body = receipt.get_body(("plain",)).get_content()
    assert f"on {date_and_time(stored.submitted_at)}" in body  # type: ignore[arg-type]
    assert stored.declarant_name == "Sam Okafor" and stored.declarant_role == "Headteacher"
    assert url(return_) in body


def _version(page: Page) -> str:
    """The version the page's form carries."""
    return str(page.soup.find("input", {"name": "version"})["value"])


@pytest.mark.parametrize("has_ssp", ["no", "not_sure"])
def test_school_without_a_partnership_skips_the_partnership_questions(
    client: FlaskClient, has_ssp: str
) -> None:
    """No (or not sure) goes straight to the figures; the partnership questions are not asked."""
    _user, return_ = signed_in_school(client)
    saved = answer(client, return_, "has-partnership", {"has_ssp": has_ssp})
    assert _location(saved) == url(return_, "pupils-and-attendance")
    answer_all(client, return_, FIGURES)

    check = get(client, url(return_, "check-your-answers"))
    label = {"no": "No", "not_sure": "Not sure"}[has_ssp]
    assert f"Safer School Partnership {label}" in check.text
    assert "Police force" not in check.text
    assert "Comments" not in check.text
    back = get(client, url(return_, "pupils-and-attendance"))
    assert back.soup.select_one(".govuk-back-link")["href"] == url(return_, "has-partnership")

    post(client, url(return_, "check-your-answers"), {"version": _version(check), **DECLARED}, 302)
    assert reload(return_).status == ReturnStatus.SUBMITTED


def test_every_question_page_says_when_its_answers_describe(client: FlaskClient) -> None:
    """Partnership pages ask about the reference date; figures pages about the year that ended."""
    _user, return_ = signed_in_school(client)
    collection = return_.collection
    reference_date = long_date(collection.reference_date)
    answer(client, return_, "has-partnership", {"has_ssp": "yes"})
    for slug in ("has-partnership", "police-force", "partnership-model", "comments"):
        heading = get(client, url(return_, slug)).heading
        assert heading.startswith(f"Your Safer School Partnership on {reference_date} "), heading
    for slug in ("pupils-and-attendance", "incidents", "feeling-safe"):
        heading = get(client, url(return_, slug)).heading
        year = collection.outcomes_year.label
        assert heading.startswith(f"Your school\u2019s figures for {year} "), heading


def test_partnership_pages_are_not_asked_without_a_partnership(client: FlaskClient) -> None:
    """A partnership page of a school that said no sends the person back to the first question."""
    _user, return_ = signed_in_school(client)
    answer(client, return_, "has-partnership", {"has_ssp": "no"})
    page = get(client, url(return_, "police-force"), expected_status=302)
    assert _location(page) == url(return_, "has-partnership")


def test_saying_no_after_yes_sets_the_partnership_answers_aside_and_says_so(
    client: FlaskClient,
) -> None:
    """Answers to questions no longer asked are kept, hidden, and the pages say so."""
    _user, return_ = signed_in_school(client)
    answer_all(client, return_, YES_ANSWERS)
    before_no = get(client, url(return_, "has-partnership"))
    assert "If you answer \u2018No\u2019 or \u2018Not sure\u2019, your answers about the" in (
        before_no.text
    )

    saved = answer(client, return_, "has-partnership", {"has_ssp": "no"})
    answers = reload(return_).school_answers
    assert answers is not None
    assert answers.has_ssp == "no"
    assert answers.ssp_force_code == "E23000014"
    assert answers.comments == YES_ANSWERS["comments"]["comments"]
    assert answers.aims == ["reducing_violence", "attendance"]
    told = get(client, _location(saved))
    assert (
        "Your answers about the partnership (police force, how the partnership works, days a "
        "week on site, how effective the partnership is, aims it has helped with and comments) "
        "are set aside. They will be "
        "removed when you submit the return, unless you answer \u2018Yes\u2019" in told.text
    )
    page = get(client, url(return_, "has-partnership"))
    assert "are set aside. Answer \u2018Yes\u2019 to use them again." in page.text
    answer_all(client, return_, FIGURES)
    check = get(client, url(return_, "check-your-answers"))
    assert "so your answers about the partnership (police force," in check.text
    assert YES_ANSWERS["comments"]["comments"] not in check.text
    assert not {"SCH-002", "SCH-003", "SCH-004"} & {f.rule_id for f in reload(return_).findings}


def test_yes_again_brings_the_set_aside_answers_back(client: FlaskClient) -> None:
    """No, then Yes: every partnership answer is as it was, nothing to type again."""
    _user, return_ = signed_in_school(client)
    answer_all(client, return_, YES_ANSWERS)
    answer(client, return_, "has-partnership", {"has_ssp": "not_sure"})
    answer_all(client, return_, FIGURES)
    query = "?change=yes"
    saved = answer(client, return_, "has-partnership", {"has_ssp": "yes"}, query=query)
    # Every partnership question is answered already: straight back to the check page.
    assert _location(saved) == url(return_, "check-your-answers")
    check = get(client, _location(saved))
    assert YES_ANSWERS["comments"]["comments"] in check.text
    assert "set aside" not in check.text
    answers = reload(return_).school_answers
    assert answers is not None
    assert answers.ssp_model == "cluster"
    assert answers.officer_days_per_week == Decimal("1.5")


def test_submitting_without_a_partnership_removes_the_set_aside_answers_and_records_it(
    client: FlaskClient,
) -> None:
    """Only submission discards set-aside answers, and the audit trail says so in words."""
    _user, return_ = signed_in_school(client)
    answer_all(client, return_, YES_ANSWERS)
    answer(client, return_, "has-partnership", {"has_ssp": "no"})
    answer_all(client, return_, FIGURES)
    check = get(client, url(return_, "check-your-answers"))
    submitted = client.post(
        url(return_, "check-your-answers"),
        data={**form_fields(check.response.get_data(as_text=True)), **DECLARED},
    )
    assert submitted.status_code == 302
    answers = reload(return_).school_answers
    assert answers is not None
    assert answers.comments is None and answers.ssp_force_code is None and answers.aims is None
    event = session.scalar(
        select(AuditEvent).where(AuditEvent.action == "set_aside_answers_discarded")
    )
    assert event is not None
    assert event.comment == (
        "The school answered \u2018no\u2019 to having a Safer School Partnership, so its "
        "answers about a partnership (police force, how the partnership works, days a week on "
        "site, how effective the partnership is, aims it has helped with and comments) were "
        "removed when the return was submitted."
    )
    assert event.changes["comments"] == [YES_ANSWERS["comments"]["comments"], None]


def test_changing_to_yes_from_check_answers_asks_the_new_questions_then_returns(
    client: FlaskClient,
) -> None:
    """A Change link that opens new questions goes through them and back to the check page."""
    _user, return_ = signed_in_school(client)
    answer(client, return_, "has-partnership", {"has_ssp": "no"})
    answer_all(client, return_, FIGURES)
    check = get(client, url(return_, "check-your-answers"))
    change = check.soup.find("a", href=url(return_, "has-partnership") + "?change=yes#has_ssp")
    assert change is not None

    query = "?change=yes"
    saved = answer(client, return_, "has-partnership", {"has_ssp": "yes"}, query=query)
    assert _location(saved) == url(return_, "police-force") + query
    for slug, data in list(YES_ANSWERS.items())[1:]:
        saved = answer(client, return_, slug, data, query=query)
    assert _location(saved) == url(return_, "check-your-answers")

    saved = answer(client, return_, "incidents", FIGURES["incidents"], query=query)
    assert _location(saved) == url(return_, "check-your-answers")


def test_overview_shows_each_sections_progress(client: FlaskClient) -> None:
    """The task list says which sections are done; check and submit waits for both."""
    _user, return_ = signed_in_school(client)
    answer_all(client, return_, YES_ANSWERS)
    overview = get(client, url(return_))
    assert "Status In progress" in overview.text
    assert "Your Safer School Partnership Completed" in overview.text
    assert "Your school\u2019s figures Not yet started" in overview.text
    assert "Check your answers and submit Cannot start yet" in overview.text

    answer(client, return_, "pupils-and-attendance", FIGURES["pupils-and-attendance"])
    assert "figures In progress" in get(client, url(return_)).text

    answer_all(client, return_, dict(list(FIGURES.items())[1:]))
    overview = get(client, url(return_))
    assert "figures Completed" in overview.text
    link = overview.soup.find("a", string=lambda s: s and "Check your answers" in s)
    assert link["href"] == url(return_, "check-your-answers")


def test_save_and_come_back_later_keeps_what_could_be_read(client: FlaskClient) -> None:
    """The second button saves readable answers, leaves the rest, and goes to the school's page."""
    _user, return_ = signed_in_school(client)
    data = {
        "pupils_on_roll": "1,204",
        "attendance_percent": "lots",
        "persistent_absence_percent": "",
    }
    saved = answer(client, return_, "pupils-and-attendance", data, action="later")
    assert _location(saved) == "/school"
    home = get(client, "/school")
    assert "Your answers have been saved" in home.text
    assert "could not be read and were not saved: overall attendance" in home.text

    answers = reload(return_).school_answers
    assert answers is not None
    assert answers.pupils_on_roll == 1204
    assert answers.attendance_percent is None
    assert reload(return_).status == ReturnStatus.IN_PROGRESS

    again = get(client, url(return_, "pupils-and-attendance"))
    assert again.soup.find("input", {"name": "pupils_on_roll"})["value"] == "1204"


def test_save_and_come_back_later_does_not_keep_figures_too_large_to_store(
    client: FlaskClient,
) -> None:
    """A readable number that cannot be stored is left out, never a server error."""
    _user, return_ = signed_in_school(client)
    answer(client, return_, "has-partnership", {"has_ssp": "yes"})
    answer(client, return_, "officer-time", {"officer_days_per_week": "12"}, action="later")
    answer(client, return_, "pupils-and-attendance", {"attendance_percent": "5000"}, action="later")
    answers = reload(return_).school_answers
    assert answers is not None
    assert answers.officer_days_per_week is None
    assert answers.attendance_percent is None


def test_every_save_is_in_the_audit_trail(client: FlaskClient) -> None:
    """Each save records who changed which answers, from what to what, for which collection."""
    user, return_ = signed_in_school(client)
    answer(client, return_, "has-partnership", {"has_ssp": "no"})
    answer(client, return_, "pupils-and-attendance", FIGURES["pupils-and-attendance"])
    answer(client, return_, "has-partnership", {"has_ssp": "no"}, action="later")
    session.expire_all()
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == "return", AuditEvent.object_id == str(return_.id))
        .order_by(AuditEvent.id)
    ).all()
    assert [event.action for event in events] == ["school_answers_saved"] * 3
    first, second, third = events
    assert first.changes == {"has_ssp": [None, "no"]}
    assert second.changes == {
        "pupils_on_roll": [None, 420],
        "attendance_percent": [None, "95.5"],
        "persistent_absence_percent": [None, "12.25"],
    }
    assert third.changes == {}
    for event in events:
        assert event.user_id == user.id
        assert event.organisation_id == return_.organisation_id
        assert event.collection_id == return_.collection_id


def test_school_home_lists_its_returns_with_status_and_deadline(client: FlaskClient) -> None:
    """The school's page links to each return, with its status and deadline, on a card of its
    own (whose action stays in view on a phone, where a table's last column would not)."""
    _user, return_ = signed_in_school(client)
    home = get(client, "/school")
    assert "Your returns" in home.text
    row = _card(home, return_.collection.title)
    assert long_date(return_.collection.deadline) in row.get_text(" ")
    assert "Not started" in row.get_text(" ")
    link = row.find("a")
    assert link["href"] == url(return_)
    assert link.get_text(" ", strip=True).startswith("Start")

    answer(client, return_, "has-partnership", {"has_ssp": "no"})
    row = _card(get(client, "/school"), return_.collection.title)
    assert "In progress" in row.get_text(" ")
    assert row.find("a").get_text(" ", strip=True).startswith("Continue")


def _card(page: Page, title: str) -> Any:
    """The summary card of the return whose collection has title."""
    heading = page.soup.find("h3", string=title)
    assert heading is not None, title
    return heading.find_parent(class_="govuk-summary-card")


def test_school_with_no_returns_is_told_they_will_appear(client: FlaskClient) -> None:
    """Before any collection opens the school's page says where returns will be."""
    from tests.factories import sign_in

    sign_in(client, create_user(Role.SCHOOL))
    assert "will appear here when a collection opens" in get(client, "/school").text


def test_unknown_question_page_is_not_found(client: FlaskClient) -> None:
    """A guessed page name answers 404."""
    _user, return_ = signed_in_school(client)
    get(client, url(return_, "no-such-question"), expected_status=404)


def test_confirmation_before_submitting_goes_to_the_overview(client: FlaskClient) -> None:
    """There is nothing to confirm until the return is submitted."""
    _user, return_ = signed_in_school(client)
    page = get(client, url(return_, "confirmation"), expected_status=302)
    assert _location(page) == url(return_)


def test_returns_of_draft_collections_are_not_listed(client: FlaskClient) -> None:
    """Only open and closed collections' returns appear on the school's page."""
    _user, return_ = signed_in_school(client, status="draft")
    assert "will appear here" in get(client, "/school").text
    assert session.get(Return, return_.id) is not None
