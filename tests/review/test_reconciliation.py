"""Reconciliation both ways: a query on both returns, shown to reviewers, cleared by either side.

The journeys call reconcile_school when a school saves and reconcile_force when a force
changes its register or return; these tests call them the same way.
"""

from __future__ import annotations

from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from sspcollect.db import session
from sspcollect.models import Finding, PartnershipSchool, Return, ReturnStatus
from sspcollect.review.reconcile import reconcile_force, reconcile_school
from tests.pages import get
from tests.returns.school_pages import FIGURES
from tests.returns.school_pages import answer as school_answer
from tests.review.world import FORCE_X, FORCE_Y, World, answer, build_world, signed_in


def _queries(return_: Return) -> set[tuple[str, str]]:
    """The reconciliation findings of a return, as (rule, subject)."""
    session.expire_all()
    found = session.get(Return, return_.id)
    assert found is not None
    return {(f.rule_id, f.subject) for f in found.findings if f.rule_id.startswith("XRT")}


def _school_says(world: World, has_ssp: str, force: str | None, *, submitted: bool = True) -> None:
    """School A answers the partnership question (and submits, unless told not to)."""
    answer(world.return_a, has_ssp=has_ssp, ssp_force_code=force)
    world.return_a.status = ReturnStatus.SUBMITTED if submitted else ReturnStatus.IN_PROGRESS
    reconcile_school(world.collection.id, world.school_a.urn)
    session.commit()


def test_school_naming_a_force_whose_register_does_not_cover_it_raises_a_query_on_both(
    client: FlaskClient,
) -> None:
    """XRT-001: school A says Kent Police, whose register does not cover A."""
    world = build_world()
    _school_says(world, "yes", FORCE_Y)
    urn = world.school_a.urn
    assert _queries(world.return_a) == {("XRT-001", f"force:{FORCE_Y}")}
    assert _queries(world.return_y) == {("XRT-001", f"school:{urn}")}
    assert _queries(world.return_x) == set()
    signed_in(client, world.users["reviewer"])
    page = get(client, f"/review/{world.collection.id}/reconciliation")
    assert "1 unreconciled pair" in page.text
    row = page.soup.select_one("tbody tr").get_text(" ", strip=True)
    assert world.school_a.name in row and "Kent" in row and "XRT-001" in row
    review = get(client, f"/review/returns/{world.return_a.id}")
    assert "XRT-001" in review.text


def test_the_answer_and_its_query_name_the_force_alike(client: FlaskClient) -> None:
    """The reviewer reads the force the school chose by the name its query gives it."""
    world = build_world()
    _school_says(world, "yes", FORCE_Y)
    signed_in(client, world.users["reviewer"])
    review = get(client, f"/review/returns/{world.return_a.id}")
    answers = {
        row.select_one("th, dt").get_text(strip=True): row.select_one("td, dd").get_text(strip=True)
        for row in review.soup.select(".govuk-summary-list__row, tbody tr")
        if row.select_one("th, dt") and row.select_one("td, dd")
    }
    assert answers["Police force"] == "Kent Police"
    assert "You said your school\u2019s partnership is with Kent Police" in review.text


def test_the_query_clears_when_the_school_changes_its_answer(app: Flask) -> None:
    """XRT-001 goes from both returns once the school names the force that covers it."""
    world = build_world()
    _school_says(world, "yes", FORCE_Y)
    _school_says(world, "yes", FORCE_X)
    assert _queries(world.return_a) == set()
    assert _queries(world.return_y) == set()
    assert _queries(world.return_x) == set()


def test_the_query_clears_when_the_force_adds_the_school_to_its_register(app: Flask) -> None:
    """XRT-001 goes from both returns once Kent's register covers school A."""
    world = build_world()
    _school_says(world, "yes", FORCE_Y)
    world.partnership_y.schools.append(PartnershipSchool(school_urn=world.school_a.urn))
    session.commit()
    reconcile_force(world.collection.id, FORCE_Y)
    session.commit()
    assert _queries(world.return_a) == set()
    assert _queries(world.return_y) == set()


def test_register_covering_a_school_that_says_it_has_none_raises_a_query_on_both(
    client: FlaskClient,
) -> None:
    """XRT-002: West Midlands' register covers school A, which says it has no partnership."""
    world = build_world()
    _school_says(world, "no", None)
    urn = world.school_a.urn
    assert _queries(world.return_a) == {("XRT-002", f"force:{FORCE_X}")}
    assert _queries(world.return_x) == {("XRT-002", f"school:{urn}")}
    signed_in(client, world.users["reviewer"])
    page = get(client, f"/review/{world.collection.id}/reconciliation")
    row = page.soup.select_one("tbody tr").get_text(" ", strip=True)
    assert "XRT-002" in row and "West Midlands" in row


def test_the_register_query_clears_when_the_force_ends_the_partnership(app: Flask) -> None:
    """XRT-002 goes once the partnership ended before the academic year began."""
    world = build_world()
    _school_says(world, "no", None)
    world.partnership_x.start_date = date(2020, 9, 1)
    world.partnership_x.end_date = date(2021, 7, 31)
    session.commit()
    reconcile_force(world.collection.id, FORCE_X)
    session.commit()
    assert _queries(world.return_a) == set()
    assert _queries(world.return_x) == set()


def test_a_school_that_agrees_with_the_register_raises_nothing(app: Flask) -> None:
    """No query when the school names the force that covers it, or says no and none covers it."""
    world = build_world()
    _school_says(world, "yes", FORCE_X)
    answer(world.return_b, has_ssp="no")
    world.partnership_y.schools.clear()
    session.commit()
    reconcile_school(world.collection.id, world.school_b.urn)
    reconcile_force(world.collection.id, FORCE_Y)
    session.commit()
    for return_ in (world.return_a, world.return_b, world.return_x, world.return_y):
        assert _queries(return_) == set()


def test_national_list_shows_both_sides_explanations(client: FlaskClient) -> None:
    """Each side's one-sentence explanation appears beside the pair."""
    world = build_world()
    _school_says(world, "yes", FORCE_Y)
    school_side = session.get(Return, world.return_a.id).findings  # type: ignore[union-attr]
    force_side = session.get(Return, world.return_y.id).findings  # type: ignore[union-attr]
    _explain(school_side, "Kent officers visit us through a county scheme.")
    _explain(force_side, "The county scheme is not one of our partnerships.")
    signed_in(client, world.users["reviewer"])
    page = get(client, f"/review/{world.collection.id}/reconciliation")
    assert "Kent officers visit us through a county scheme." in page.text
    assert "The county scheme is not one of our partnerships." in page.text


def _explain(findings: list[Finding], text: str) -> None:
    """Explain the reconciliation query among findings."""
    finding = next(f for f in findings if f.rule_id.startswith("XRT"))
    finding.explanation = text
    session.commit()


def test_reconciliation_list_is_empty_when_everyone_agrees(client: FlaskClient) -> None:
    """Nothing to reconcile: the page says so."""
    world = build_world()
    signed_in(client, world.users["reviewer"])
    page = get(client, f"/review/{world.collection.id}/reconciliation")
    assert "0 unreconciled pairs" in page.text
    assert "Every school\u2019s answer agrees with the police registers." in page.text


def test_through_the_journey_only_the_partnership_answers_move_the_query(
    client: FlaskClient,
) -> None:
    """Saving other pages keeps the school's query; changing the force clears it.

    The school's answers are a draft throughout, so neither force is told anything.
    """
    world = build_world()
    signed_in(client, world.users["school"])
    school_answer(client, world.return_a, "has-partnership", {"has_ssp": "yes"})
    school_answer(client, world.return_a, "police-force", {"ssp_force_code": FORCE_Y})
    assert _queries(world.return_a) == {("XRT-001", f"force:{FORCE_Y}")}
    assert _queries(world.return_y) == set()

    for slug, figures in FIGURES.items():
        school_answer(client, world.return_a, slug, figures)
    assert _queries(world.return_a) == {("XRT-001", f"force:{FORCE_Y}")}

    school_answer(client, world.return_a, "police-force", {"ssp_force_code": FORCE_X})
    assert _queries(world.return_a) == set()
    school_answer(client, world.return_a, "has-partnership", {"has_ssp": "no"})
    assert _queries(world.return_a) == {("XRT-002", f"force:{FORCE_X}")}
    assert _queries(world.return_x) == set()
    assert _queries(world.return_y) == set()
