"""Each rule of the force return firing, and not firing, as the force meets it on the pages."""

from __future__ import annotations

from datetime import date

from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.db import session
from sspcollect.models import Finding, PartnershipOutcome, Return, ReturnStatus
from sspcollect.validation import CATALOGUE
from sspcollect.validation.force import NUMBER_QUESTIONS
from tests.factories import create_school
from tests.pages import get
from tests.returns.factories import create_partnership
from tests.returns.force_steps import (
    COUNTS,
    complete,
    force_return,
    give_outcomes,
    outcomes_url,
    police_user,
    send,
    submit,
    task_statuses,
    url,
)

OUTCOME_RULES = {
    "crimes_recorded": "POL-020",
    "violent_crimes_recorded": "POL-021",
    "weapon_incidents": "POL-022",
    "asb_incidents": "POL-023",
    "safeguarding_referrals": "POL-024",
    "diversion_referrals": "POL-025",
    "sessions_delivered": "POL-026",
    "pupils_engaged": "POL-027",
}


def _message(rule_id: str) -> str:
    """The catalogue's message of a rule without values to fill in."""
    return CATALOGUE[rule_id].message


def _rule_ids(return_: Return) -> set[str]:
    """The rules that have findings on the return now."""
    session.expire_all()
    return set(session.scalars(select(Finding.rule_id).where(Finding.return_id == return_.id)))


def test_each_count_must_be_a_whole_number_of_zero_or_more(client: FlaskClient) -> None:
    """POL-020 to POL-027 fire on unreadable or negative counts, beside the field; nothing saved."""
    partnership = create_partnership(schools=[create_school()])
    return_ = force_return()
    police_user(client)

    for field, rule_id in OUTCOME_RULES.items():
        question = NUMBER_QUESTIONS[field]
        wrong = {
            "lots": question.not_a_number(),
            "-1": question.too_small(),
            "2.5": question.not_whole(),
            "10000000": question.too_large(),
            "1,00": question.not_a_number(),
        }
        for bad, message in wrong.items():
            page = give_outcomes(
                client, return_, partnership, COUNTS | {field: bad}, expected_status=200
            )
            assert message in page.errors, (rule_id, field, bad)
            beside = page.soup.select_one(f"#{field}-error")
            assert beside is not None and message in beside.get_text()
            typed = page.soup.select_one(f"input#{field}")
            assert typed is not None and typed["value"] == bad
    assert session.get(PartnershipOutcome, (return_.id, partnership.id)) is None

    give_outcomes(client, return_, partnership, COUNTS | {"weapon_incidents": "0"})
    assert not _rule_ids(return_) & set(OUTCOME_RULES.values())


def test_a_blank_count_is_kept_as_a_draft_and_stops_submission(client: FlaskClient) -> None:
    """A count left blank is saved as in progress; its rule stays on the return until answered."""
    partnership = create_partnership(schools=[create_school()])
    return_ = force_return()
    police_user(client)
    complete(client, return_, [partnership])

    give_outcomes(client, return_, partnership, COUNTS | {"asb_incidents": ""})

    assert "POL-023" in _rule_ids(return_)
    tasks = task_statuses(get(client, url(return_)))
    assert tasks[f"{partnership.reference} \u2013 {partnership.name}"] == "In progress"
    page = submit(client, return_, expected_status=200)
    blank = NUMBER_QUESTIONS["asb_incidents"].empty()
    assert f"{partnership.reference} \u2013 {partnership.name}: {blank}" in page.errors
    link = page.soup.find("a", string=f"{partnership.reference} \u2013 {partnership.name}: {blank}")
    assert link is not None
    assert link["href"] == outcomes_url(return_, partnership) + "?change=yes#asb_incidents"


def test_violent_crimes_cannot_be_more_than_all_crimes(client: FlaskClient) -> None:
    """POL-028 fires when violent crimes exceed crimes, and not when they are equal."""
    partnership = create_partnership(schools=[create_school()])
    return_ = force_return()
    police_user(client)

    page = give_outcomes(
        client,
        return_,
        partnership,
        COUNTS | {"crimes_recorded": "3", "violent_crimes_recorded": "4"},
        expected_status=200,
    )
    assert page.errors == [_message("POL-028")]
    assert page.soup.select_one("#violent_crimes_recorded-error") is not None

    give_outcomes(
        client,
        return_,
        partnership,
        COUNTS | {"crimes_recorded": "4", "violent_crimes_recorded": "4"},
    )
    assert "POL-028" not in _rule_ids(return_)


def test_the_register_must_be_confirmed(client: FlaskClient) -> None:
    """POL-030 stays until the force says yes; answering no keeps it; no answer is an error."""
    create_partnership(schools=[create_school()])
    return_ = force_return()
    police_user(client)
    get(client, url(return_))
    assert "POL-030" in _rule_ids(return_)

    blank = send(client, url(return_, "/confirm-register"), {}, expected_status=200)
    assert blank.errors == ["Select yes if your register is complete and up to date"]
    send(client, url(return_, "/confirm-register"), {"confirmed": "no"})
    assert "POL-030" in _rule_ids(return_)
    check = get(client, url(return_, "/check-your-answers"))
    assert _message("POL-030") in check.text

    send(client, url(return_, "/confirm-register"), {"confirmed": "yes"})
    assert "POL-030" not in _rule_ids(return_)


def test_a_force_with_no_partnerships_must_make_a_nil_return(client: FlaskClient) -> None:
    """POL-031 fires while a force with an empty register has not made a nil return."""
    return_ = force_return()
    police_user(client)

    check = get(client, url(return_, "/check-your-answers"))
    assert _message("POL-031") in check.text
    fix = check.soup.find("a", href=url(return_, "/nil-return?change=yes"))
    assert fix is not None

    blank = send(client, url(return_, "/nil-return"), {}, expected_status=200)
    assert blank.errors == [
        "Select yes if your force ran any Safer School Partnerships between 1 September 2025 "
        "and 31 August 2026"
    ]
    send(client, url(return_, "/nil-return"), {"ran_partnerships": "no"})
    assert not _rule_ids(return_) & {"POL-030", "POL-031"}


def test_a_nil_return_is_refused_while_a_partnership_ran_in_the_year(client: FlaskClient) -> None:
    """POL-032: a nil return cannot stand beside an active partnership."""
    partnership = create_partnership(schools=[create_school()], start_date=date(2026, 8, 31))
    return_ = force_return()
    police_user(client)

    page = send(
        client, url(return_, "/nil-return"), {"ran_partnerships": "no"}, expected_status=200
    )
    assert page.errors == [
        "You said your force ran no partnerships, but your register lists 1 partnership that "
        "ran in the year. End it in your register, or change your answer"
    ]
    session.expire_all()
    kept = session.get(Return, return_.id)
    assert kept is not None and not kept.nil_return

    # A nil return made while the register was empty, then a partnership added to it.
    partnership.start_date = date(2026, 9, 1)
    session.commit()
    send(client, url(return_, "/nil-return"), {"ran_partnerships": "no"})
    assert "POL-032" not in _rule_ids(return_)
    session.refresh(partnership)
    partnership.start_date = date(2026, 3, 1)
    session.commit()
    tasks = task_statuses(get(client, url(return_)))
    assert tasks["Confirm your register"] == "There is a problem"
    assert "POL-032" in _rule_ids(return_)
    send(client, url(return_, "/confirm-register"), {"confirmed": "yes"})
    assert "POL-032" not in _rule_ids(return_)


def test_old_declaration_links_lead_to_the_declaration_on_check_answers(
    client: FlaskClient,
) -> None:
    """The declaration is made on check your answers; the page it had before leads there."""
    return_ = force_return()
    police_user(client)
    page = get(client, url(return_, "/declaration"), expected_status=302)
    assert page.response.headers["Location"] == url(return_, "/check-your-answers#declaration")
    check = get(client, url(return_, "/check-your-answers"))
    assert check.soup.select_one("#declaration") is not None
    assert check.soup.select_one("input#declarant_name") is not None


def test_register_errors_on_a_partnership_block_the_return(client: FlaskClient) -> None:
    """A partnership rule (POL-008, a closed school) shows on its task and stops submission."""
    closed = create_school(name="Shut School", is_open=False, status="Closed")
    partnership = create_partnership(schools=[closed])
    healthy = create_partnership(schools=[create_school()])
    return_ = force_return()
    police_user(client)
    complete(client, return_, [partnership, healthy])

    tasks = task_statuses(get(client, url(return_)))
    assert tasks[f"{partnership.reference} \u2013 {partnership.name}"] == "There is a problem"
    assert tasks[f"{healthy.reference} \u2013 {healthy.name}"] == "Completed"
    assert tasks["Confirm your register"] == "There is a problem"
    outcomes = get(client, outcomes_url(return_, partnership))
    assert f"The school with URN {closed.urn} is closed" in outcomes.text
    page = submit(client, return_, expected_status=200)
    message = f"The school with URN {closed.urn} is closed; remove it from the partnership"
    assert f"{partnership.reference} \u2013 {partnership.name}: {message}" in page.errors
    link = page.soup.find(
        "a", string=f"{partnership.reference} \u2013 {partnership.name}: {message}"
    )
    assert link is not None and link["href"] == f"/register/{partnership.id}"

    session.refresh(partnership)
    partnership.schools[0].school.is_open = True
    session.commit()
    submit(client, return_)


def _queries_partnerships() -> list:  # type: ignore[type-arg]
    """Three partnerships, each raising one of the register queries."""
    return [
        create_partnership(schools=[create_school()], model="cluster", name="Lone cluster"),
        create_partnership(
            schools=[create_school(), create_school()], model="school_based", name="Busy PC"
        ),
        create_partnership(
            schools=[create_school(la_old_code="202", name="Camden School")], name="Over the border"
        ),
    ]


def test_register_queries_appear_on_the_return_and_are_cleared_by_explanations(
    client: FlaskClient,
) -> None:
    """POL-101, 102 and 103 must be explained before submitting; the explanations are kept."""
    partnerships = _queries_partnerships()
    plain = create_partnership(schools=[create_school(), create_school()], model="cluster")
    return_ = force_return()
    police_user(client)
    complete(client, return_, [*partnerships, plain])

    check = get(client, url(return_, "/check-your-answers"))
    queries = session.scalars(
        select(Finding).where(Finding.return_id == return_.id, Finding.level == "query")
    ).all()
    assert sorted(f.rule_id for f in queries) == ["POL-101", "POL-102", "POL-103"]
    assert {f.subject for f in queries} == {f"partnership:{p.id}" for p in partnerships}
    for finding in queries:
        assert check.soup.select_one(f"textarea#explanation-{finding.id}") is not None

    refused = submit(client, return_, expected_status=200)
    assert refused.errors == [
        f"Answer the question about {p.reference} \u2013 {p.name}, or change the answer"
        for p in sorted(partnerships, key=lambda p: p.reference)
    ]
    assert session.get(Return, return_.id).status != ReturnStatus.SUBMITTED  # type: ignore[union-attr]

    too_long = {f"explanation-{queries[0].id}": "x" * 501}
    page = send(client, url(return_, "/check-your-answers"), {"action": "save", **too_long}, 200)
    assert page.errors == ["Your answer must be 500 characters or fewer"]

    explanations = {
        f"explanation-{f.id}": f"Explanation of {f.rule_id}, which is correct." for f in queries
    }
    send(client, url(return_, "/check-your-answers"), {"action": "save", **explanations})
    submit(client, return_, **explanations)

    session.expire_all()
    kept = session.scalars(
        select(Finding).where(Finding.return_id == return_.id, Finding.level == "query")
    ).all()
    assert {f.explanation for f in kept} == {
        f"Explanation of {rule}, which is correct." for rule in ("POL-101", "POL-102", "POL-103")
    }
    view = get(client, url(return_, "/check-your-answers"))
    assert "Explanation of POL-103, which is correct." in view.text

    # The copy to keep says which partnership each query is about.
    copy = get(client, f"/returns/{return_.id}/copy")
    about = [query.select_one("p").get_text(strip=True) for query in copy.soup.select(".app-query")]
    assert sorted(about) == sorted(f"{p.reference} \u2013 {p.name}" for p in partnerships)


def test_register_queries_do_not_fire_on_usual_partnerships(client: FlaskClient) -> None:
    """A cluster of several schools, a school-based officer in one school, all inside the force."""
    usual = [
        create_partnership(schools=[create_school(), create_school()], model="cluster"),
        create_partnership(schools=[create_school()], model="school_based"),
    ]
    return_ = force_return()
    police_user(client)
    complete(client, return_, usual)

    assert not _rule_ids(return_)
    submit(client, return_)


def test_counts_that_moved_a_lot_since_the_last_return_raise_a_query(
    client: FlaskClient,
) -> None:
    """YOY-002 compares each partnership's counts with the force's previous return."""
    partnership = create_partnership(schools=[create_school()])
    earlier = force_return(
        title="Safer School Partnerships 2024/25",
        time_period="202425",
        reference_date=date(2024, 10, 1),
        opens_on=date(2025, 5, 1),
        deadline=date(2025, 7, 31),
        closes_on=date(2025, 8, 31),
    )
    earlier.outcomes.append(
        PartnershipOutcome(partnership_id=partnership.id, **{k: 10 for k in OUTCOME_RULES})
    )
    session.commit()
    return_ = force_return()
    police_user(client)
    steady = {name: "10" for name in OUTCOME_RULES} | {"crimes_recorded": "14"}
    complete(client, return_, [partnership])

    give_outcomes(client, return_, partnership, steady)
    assert "YOY-002" not in _rule_ids(return_)

    give_outcomes(client, return_, partnership, steady | {"asb_incidents": "40"})
    assert "YOY-002" in _rule_ids(return_)
    check = get(client, url(return_, "/check-your-answers"))
    assert (
        "Since this partnership\u2019s last return, the number of anti-social behaviour "
        "incidents went from 10 to 40." in check.text
    )
    assert (
        "Why did the number of anti-social behaviour incidents change so much since last year?"
        in check.text
    )
    query = session.scalar(
        select(Finding).where(Finding.return_id == return_.id, Finding.rule_id == "YOY-002")
    )
    assert query is not None
    submit(client, return_, **{f"explanation-{query.id}": "A new estate opened nearby."})


def test_reconciliation_queries_are_kept_and_explained_on_the_force_return(
    client: FlaskClient,
) -> None:
    """An XRT query raised by a school's answer survives the force's saves and can be explained."""
    partnership = create_partnership(schools=[create_school()])
    return_ = force_return()
    return_.findings.append(
        Finding(
            rule_id="XRT-001",
            level="query",
            subject="school:150999",
            message="Elm School says it has a Safer School Partnership with West Midlands, but "
            "West Midlands's register does not cover it. Check the answers, or explain the "
            "difference",
        )
    )
    session.commit()
    police_user(client)
    complete(client, return_, [partnership])

    check = get(client, url(return_, "/check-your-answers"))
    assert "Elm School says it has a Safer School Partnership" in check.text
    query = session.scalar(
        select(Finding).where(Finding.return_id == return_.id, Finding.rule_id == "XRT-001")
    )
    assert query is not None
    refused = submit(client, return_, expected_status=200)
    assert refused.errors == ["Answer the question about your register, or change the answer"]
    submit(client, return_, **{f"explanation-{query.id}": "The school is covered by the VRU."})
