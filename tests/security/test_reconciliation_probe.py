"""A police force learns nothing of another area's school answers by probing its register.

The probe: a force adds a school outside its area to one of its partnerships, looks at every
page it can see (its register, its return's task list and check your answers, its home page),
then removes the school again. Whatever the school said, and whether or not it has submitted,
the force sees the same pages. A school in the force's own area that has submitted is the
control: there the force is told, so the pages the probe looks at are the ones that would show it.
"""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Select, select

from sspcollect.db import session
from sspcollect.models import Finding, Partnership, ReturnStatus, School
from sspcollect.review.actions import return_for_amendment
from sspcollect.review.reconcile import reconcile_school
from tests.pages import get
from tests.register.helpers import answers, submit
from tests.review.world import FORCE_X, FORCE_Y, World, answer, build_world, signed_in

# What school A (Birmingham, West Midlands Police) may have said: (has_ssp, force, status).
SECRETS = [
    (None, None, ReturnStatus.NOT_STARTED),
    ("no", None, ReturnStatus.IN_PROGRESS),
    ("no", None, ReturnStatus.SUBMITTED),
    ("yes", FORCE_X, ReturnStatus.SUBMITTED),
    ("yes", FORCE_X, ReturnStatus.ACCEPTED),
    ("yes", FORCE_Y, ReturnStatus.IN_PROGRESS),
    ("not_sure", None, ReturnStatus.SUBMITTED),
]


def _school_a_says(world: World, has_ssp: str | None, force: str | None, status: str) -> None:
    """Give school A this answer and status, reconciled as the journeys do."""
    session.expire_all()  # the pages changed the rows since the test last read them
    if has_ssp is not None:
        answer(world.return_a, has_ssp=has_ssp, ssp_force_code=force)
    world.return_a.status = status
    reconcile_school(world.collection.id, world.school_a.urn)
    session.commit()


def _cover(client: FlaskClient, partnership: Partnership, schools: list[School]) -> None:
    """Kent's user saves the partnership covering exactly schools, through the edit page."""
    data = answers(
        *(school.urn for school in schools),
        reference=partnership.reference,
        name=partnership.name,
        model="neighbourhood_link",
    )
    submit(client, f"/register/{partnership.id}/edit", data, expected_status=302)


def _seen(client: FlaskClient, world: World) -> list[str]:
    """The visible words of every page of Kent's the probe looks at, numbers masked.

    Numbers (versions, times) move with every save whatever the school said; words do not.
    """
    pages = [
        "/police",
        "/register",
        f"/register/{world.partnership_y.id}",
        f"/returns/{world.return_y.id}/force",
        f"/returns/{world.return_y.id}/force/check-your-answers",
    ]
    seen = []
    for url in pages:
        main = get(client, url).soup.find("main")
        assert main is not None, url
        seen.append(re.sub(r"[0-9]+", "#", main.get_text(" ", strip=True)))
    return seen


def _probe(client: FlaskClient, world: World) -> tuple[list[str], list[str]]:
    """Add school A to Kent's partnership, look; remove it, look. What Kent saw each time."""
    _cover(client, world.partnership_y, [world.school_b, world.school_a])
    added = _seen(client, world)
    _cover(client, world.partnership_y, [world.school_b])
    removed = _seen(client, world)
    return added, removed


def test_add_look_remove_tells_a_force_nothing_of_a_school_outside_its_area(
    client: FlaskClient,
) -> None:
    """Kent Police sees the same pages whatever a Birmingham school said, submitted or not."""
    world = build_world()
    signed_in(client, world.users["police_y"])
    observed = []
    for has_ssp, force, status in SECRETS:
        _school_a_says(world, has_ssp, force, status)
        observed.append(_probe(client, world))
        findings = session.scalars(
            select_findings(world.return_y.id, f"school:{world.school_a.urn}")
        ).all()
        assert findings == [], (has_ssp, force, status)
    first = observed[0]
    for secret, seen in zip(SECRETS, observed, strict=True):
        assert seen == first, secret
    assert "Alderbrook" in " ".join(first[0])  # the probe did add the school and look


def test_a_school_in_the_forces_area_that_has_submitted_is_told_to_the_force(
    client: FlaskClient,
) -> None:
    """The control: Kent is told when its own school B submits that it has no partnership."""
    world = build_world()
    answer(world.return_b, has_ssp="no")
    world.return_b.status = ReturnStatus.SUBMITTED
    reconcile_school(world.collection.id, world.school_b.urn)
    session.commit()
    signed_in(client, world.users["police_y"])
    page = get(client, f"/returns/{world.return_y.id}/force/check-your-answers")
    assert "Zephyrine Quarry Academy" in page.text
    assert "says it has no Safer School Partnership" in page.text


def test_a_draft_answer_of_the_forces_own_school_is_not_told(client: FlaskClient) -> None:
    """Before school B submits, Kent is told nothing of its answer."""
    world = build_world()
    answer(world.return_b, has_ssp="no")
    world.return_b.status = ReturnStatus.IN_PROGRESS
    reconcile_school(world.collection.id, world.school_b.urn)
    session.commit()
    signed_in(client, world.users["police_y"])
    page = get(client, f"/returns/{world.return_y.id}/force/check-your-answers")
    assert "says it has no Safer School Partnership" not in page.text


def test_a_school_that_named_the_force_is_told_to_it_once_submitted_wherever_it_is(
    client: FlaskClient,
) -> None:
    """School A (Birmingham) names Kent: Kent hears of it once the school submits."""
    world = build_world()
    _school_a_says(world, "yes", FORCE_Y, ReturnStatus.IN_PROGRESS)
    assert not _force_findings(world)
    _school_a_says(world, "yes", FORCE_Y, ReturnStatus.SUBMITTED)
    assert [f.rule_id for f in _force_findings(world)] == ["XRT-001"]
    signed_in(client, world.users["police_y"])
    page = get(client, f"/returns/{world.return_y.id}/force/check-your-answers")
    assert "Alderbrook Primary School" in page.text


def _force_findings(world: World) -> list[Finding]:
    """Kent's reconciliation findings about school A."""
    session.expire_all()
    return list(session.scalars(select_findings(world.return_y.id, f"school:{world.school_a.urn}")))


def select_findings(return_id: int, subject: str) -> Select[tuple[Finding]]:
    """The findings of return_id about subject."""
    return select(Finding).where(Finding.return_id == return_id, Finding.subject == subject)


def test_a_return_sent_back_for_amendment_is_a_draft_again_to_the_force(app: Flask) -> None:
    """Once a reviewer returns school B's return, Kent is no longer told its answer."""
    world = build_world()
    answer(world.return_b, has_ssp="no")
    world.return_b.status = ReturnStatus.SUBMITTED
    reconcile_school(world.collection.id, world.school_b.urn)
    session.commit()
    subject = f"school:{world.school_b.urn}"
    assert len(session.scalars(select_findings(world.return_y.id, subject)).all()) == 1
    reviewer, version = world.users["reviewer"], world.return_b.version
    return_for_amendment(world.return_b, reviewer, "Check the answer.", version)
    session.expire_all()
    assert session.scalars(select_findings(world.return_y.id, subject)).all() == []
    school_side = session.scalars(select_findings(world.return_b.id, f"force:{FORCE_Y}")).all()
    assert [finding.rule_id for finding in school_side] == ["XRT-002"]
