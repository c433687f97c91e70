"""The national demo (`sspcollect demo --scale national`) at a small scale: five years of
collections, both sides of every return, and a history the effectiveness panel can use."""

from __future__ import annotations

import re
from itertools import pairwise

import numpy as np
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from sspcollect.accounts.passwords import verify_password
from sspcollect.datasets import aggregate
from sspcollect.datasets.export import BUILDERS
from sspcollect.datasets.queries import read_inputs
from sspcollect.db import session
from sspcollect.demo.history import CLOSED, LATE_FORCE, TIME_PERIODS
from sspcollect.effects.analysis import analyse
from sspcollect.effects.panel import build_panel
from sspcollect.effects.publication import effectiveness_file
from sspcollect.models import (
    Collection,
    CollectionStatus,
    Finding,
    FrozenForceArea,
    FrozenLocalAuthority,
    FrozenSchool,
    LocalAuthority,
    Model,
    Organisation,
    Partnership,
    PartnershipOutcome,
    Return,
    ReturnKind,
    ReturnStatus,
    Role,
    School,
    SchoolAnswers,
    SubmittedPartnership,
    User,
)

SUBMITTED = [ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED, ReturnStatus.RETURNED]


def _count(*where: object, table: object = Return) -> int:
    """Rows of table matching where."""
    return session.scalar(select(func.count()).select_from(table).where(*where)) or 0  # type: ignore[arg-type]


def _collections() -> list[Collection]:
    """Every collection, oldest first."""
    return list(session.scalars(select(Collection).order_by(Collection.time_period)))


def test_national_demo_builds_five_years_of_both_sides(app: Flask, runner: FlaskCliRunner) -> None:
    """One build at 1,500 schools, checked for everything the demo promises (each check below
    says what); one build because each takes a while."""
    result = runner.invoke(
        args=["demo", "--scale", "national", "--schools", "1500", "--school-users", "25"]
    )
    assert result.exit_code == 0, result.output
    assert "National demo sign-ins" in result.output
    _every_authority_force_model_and_status()
    _four_closed_years_with_both_sides_accepted()
    _forces_answer_as_they_would()
    _registers_begin_and_end_across_the_years()
    _figures_move_plausibly_from_year_to_year()
    _panel_has_staggered_cohorts_and_finds_the_planted_effect(result.output)
    _every_publishable_file_has_rows()
    _users_share_one_hash()


def _every_authority_force_model_and_status() -> None:
    """Schools over every authority, partnerships of every model in every force, returns of
    both kinds in every status in the open collection, answers for every return begun."""
    assert _count(table=School) == 1500
    authorities = session.scalar(select(func.count()).select_from(LocalAuthority))
    with_schools = session.scalar(select(func.count(func.distinct(School.la_code))))
    assert with_schools == authorities
    models = set(session.scalars(select(Partnership.model).distinct()))
    assert models == {m.value for m in Model}
    forces = session.scalar(select(func.count(func.distinct(Partnership.force_area_code))))
    assert forces == 43
    current = _collections()[-1]
    assert current.status == CollectionStatus.OPEN
    for kind, returns in ((ReturnKind.SCHOOL, 1500), (ReturnKind.FORCE, 43)):
        mine = [Return.collection_id == current.id, Return.kind == kind]
        assert _count(*mine) == returns
        statuses = set(session.scalars(select(Return.status).where(*mine).distinct()))
        assert statuses == {s.value for s in ReturnStatus}, kind
    answered = _count(Return.status != ReturnStatus.NOT_STARTED, Return.kind == "school")
    assert _count(table=SchoolAnswers) == answered


def _four_closed_years_with_both_sides_accepted() -> None:
    """Four closed collections before the open one, each with most returns accepted, the
    forces' registers frozen as submitted and the reference data frozen at the close."""
    collections = _collections()
    assert [c.time_period for c in collections] == list(TIME_PERIODS)
    closed = [c for c in collections if c.status == CollectionStatus.CLOSED]
    assert len(closed) == CLOSED >= 4
    for collection in closed:
        mine = Return.collection_id == collection.id
        assert collection.reference_frozen_at is not None
        assert collection.closed_at is not None and collection.closed_at.year > 2022
        assert _count(FrozenSchool.collection_id == collection.id, table=FrozenSchool) == 1500
        assert _count(
            FrozenLocalAuthority.collection_id == collection.id, table=FrozenLocalAuthority
        ) == _count(table=LocalAuthority)
        assert _count(FrozenForceArea.collection_id == collection.id, table=FrozenForceArea) == 43
        accepted_forces = _count(mine, Return.kind == "force", Return.status == "accepted")
        assert accepted_forces >= 40
        schools = _count(mine, Return.kind == "school")
        assert _count(mine, Return.kind == "school", Return.status == "accepted") > 0.9 * schools
        snapshots = _count(mine, table=SubmittedPartnership.__table__.join(Return.__table__))
        outcomes = _count(mine, table=PartnershipOutcome.__table__.join(Return.__table__))
        assert snapshots == outcomes > 0


def _forces_answer_as_they_would() -> None:
    """Cumbria's nil return in every year (its partnerships began after), registers and counts
    for every other submitted return, and no error left in anything submitted."""
    force = Return.kind == ReturnKind.FORCE
    cumbria = session.scalars(select(Return).where(force, Return.force_area_code == LATE_FORCE))
    assert [(r.nil_return, r.status) for r in cumbria] == [(True, "accepted")] * len(TIME_PERIODS)
    for return_ in session.scalars(select(Return).where(force, Return.status.in_(SUBMITTED))):
        snapshots = _count(SubmittedPartnership.return_id == return_.id, table=SubmittedPartnership)
        outcomes = _count(PartnershipOutcome.return_id == return_.id, table=PartnershipOutcome)
        assert return_.register_confirmed and return_.declaration
        assert (snapshots == 0) == return_.nil_return
        assert outcomes == snapshots
    errors = _count(
        Finding.level == "error",
        Return.status.in_(SUBMITTED),
        table=Finding.__table__.join(Return.__table__),
    )
    assert errors == 0
    unexplained = _count(
        Finding.level == "query",
        Finding.explanation.is_(None),
        Return.status.in_(SUBMITTED),
        table=Finding.__table__.join(Return.__table__),
    )
    assert unexplained == 0
    # Each school finding keeps its words in Welsh too, for a Welsh school reading it.
    findings = _count(Finding.rule_id.like("SCH-%"), table=Finding)
    in_welsh = _count(
        Finding.rule_id.like("SCH-%"), Finding.welsh_message.is_not(None), table=Finding
    )
    assert findings > 0 and in_welsh == findings


def _registers_begin_and_end_across_the_years() -> None:
    """Partnerships begun in every year of the history and before it, and some ended."""
    starts = set(session.scalars(select(Partnership.start_date)))
    academic_years = {day.year if day.month >= 9 else day.year - 1 for day in starts}
    assert {2021, 2022, 2023, 2024, 2025} <= academic_years
    assert min(academic_years) < 2021
    assert _count(Partnership.end_date.is_not(None), table=Partnership) > 0


def _figures_move_plausibly_from_year_to_year() -> None:
    """Each school's pupils on roll change a little from one year to the next, not wholly."""
    rows = session.execute(
        select(Organisation.school_urn, Collection.time_period, SchoolAnswers.pupils_on_roll)
        .join(Return, Return.id == SchoolAnswers.return_id)
        .join(Organisation, Organisation.id == Return.organisation_id)
        .join(Collection, Collection.id == Return.collection_id)
    ).all()
    by_school: dict[int, dict[str, int]] = {}
    for urn, period, pupils in rows:
        by_school.setdefault(urn, {})[period] = pupils
    changes = [
        years[b] / years[a] - 1
        for years in by_school.values()
        for a, b in pairwise(TIME_PERIODS)
        if a in years and b in years
    ]
    assert len(changes) > 4000
    assert max(abs(c) for c in changes) < 0.15
    assert np.mean([c != 0 for c in changes]) > 0.9


def _panel_has_staggered_cohorts_and_finds_the_planted_effect(output: str) -> None:
    """The effects panel on the last closed year has schools first covered in several years;
    the estimate on violent incidents is negative, as planted, with the planted effect the
    command printed inside its 95% interval, while the naive comparison, confounded by
    selection on incidents, has covered schools worse off."""
    last_closed = _collections()[CLOSED - 1]
    panel = build_panel(last_closed)
    cohorts = panel.schools.loc[panel.schools["dated"], "cohort"]
    later = sorted(set(cohorts[cohorts >= 2]))
    assert len(later) >= 2
    assert (cohorts == 0).sum() > 0
    analysis = analyse(panel)
    violent = next(
        row for row in analysis.headline() if row.outcome.column == "violent_incident_rate"
    )
    assert violent.result is not None and violent.result.overall is not None
    planted = re.search(r"Planted effect on violent incidents.*: (-?[0-9.]+)", output)
    assert planted is not None
    truth, overall = float(planted.group(1)), violent.result.overall
    assert truth < 0 and overall.estimate < 0
    assert abs(overall.estimate - truth) < 1.96 * overall.standard_error
    assert violent.result.naive is not None and violent.result.naive.estimate > 0


def _every_publishable_file_has_rows() -> None:
    """Every publishable file of the latest closed and the open collection has rows, and the
    effectiveness file of the latest closed one.

    The tables are checked as aggregated, before disclosure control: its attack on a demo
    this small (every cell tiny) takes minutes; the export at full scale is measured in
    docs/performance.md.
    """
    for collection in _collections()[CLOSED - 1 :]:
        prepared = aggregate.prepare(read_inputs(collection))
        for name, build in BUILDERS:
            assert len(build(prepared)) > 0, (collection.time_period, name)
    effects = effectiveness_file(_collections()[CLOSED - 1], 3)
    assert effects.table is not None and len(effects.table) > 0


def _users_share_one_hash() -> None:
    """A school user per school asked for, a police user per force, every one with the password."""
    assert _count(User.role == Role.SCHOOL, table=User) == 25
    assert _count(User.role == Role.POLICE, table=User) == 43
    hashes = set(session.scalars(select(User.password_hash)))
    assert len(hashes) == 1
    assert verify_password(hashes.pop(), "safer-schools-demo")


def test_national_demo_refuses_a_database_with_collections(
    app: Flask, runner: FlaskCliRunner
) -> None:
    """Run twice, the second run stops before adding anything."""
    first = runner.invoke(args=["demo", "--scale", "national", "--schools", "300"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["demo", "--scale", "national", "--schools", "300"])
    assert second.exit_code != 0
    assert _count(table=School) == 300
