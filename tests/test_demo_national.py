"""The national demo (`sspcollect demo --scale national`) at a small scale, and the bench floor."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from sspcollect.accounts.passwords import verify_password
from sspcollect.datasets.export import build_national
from sspcollect.db import session
from sspcollect.models import (
    Collection,
    Finding,
    LocalAuthority,
    Model,
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


def _count(*where: object, table: object = Return) -> int:
    """Rows of table matching where."""
    return session.scalar(select(func.count()).select_from(table).where(*where)) or 0  # type: ignore[arg-type]


def test_national_demo_fills_every_authority_force_model_and_status(
    app: Flask, runner: FlaskCliRunner
) -> None:
    """Schools over every authority, partnerships of every model, returns in every status."""
    result = runner.invoke(
        args=["demo", "--scale", "national", "--schools", "1000", "--school-users", "25"]
    )
    assert result.exit_code == 0, result.output
    assert "National demo sign-ins" in result.output
    assert _count(table=School) == 1000
    authorities = session.scalar(select(func.count()).select_from(LocalAuthority))
    with_schools = session.scalar(select(func.count(func.distinct(School.la_code))))
    assert with_schools == authorities
    models = set(session.scalars(select(Partnership.model).distinct()))
    assert models == {m.value for m in Model}
    forces = session.scalar(select(func.count(func.distinct(Partnership.force_area_code))))
    assert forces == 43
    assert _count(Return.kind == ReturnKind.SCHOOL) == 1000
    assert _count(Return.kind == ReturnKind.FORCE) == 43
    statuses = set(session.scalars(select(Return.status).distinct()))
    assert statuses == {"not_started", "in_progress", "submitted", "accepted", "returned"}
    answered = _count(Return.status != ReturnStatus.NOT_STARTED, Return.kind == "school")
    assert _count(table=SchoolAnswers) == answered


def test_national_demo_users_share_one_hash_and_can_sign_in(
    app: Flask, runner: FlaskCliRunner
) -> None:
    """A school user per school asked for, a police user per force, every one with the password."""
    result = runner.invoke(
        args=["demo", "--scale", "national", "--schools", "300", "--school-users", "20"]
    )
    assert result.exit_code == 0, result.output
    assert _count(User.role == Role.SCHOOL, table=User) == 20
    assert _count(User.role == Role.POLICE, table=User) == 43
    hashes = set(session.scalars(select(User.password_hash)))
    assert len(hashes) == 1
    assert verify_password(hashes.pop(), "safer-schools-demo")


def test_national_demo_refuses_a_database_with_the_collection(
    app: Flask, runner: FlaskCliRunner
) -> None:
    """Run twice, the second run stops before adding anything."""
    first = runner.invoke(args=["demo", "--scale", "national", "--schools", "300"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["demo", "--scale", "national", "--schools", "300"])
    assert second.exit_code != 0
    assert _count(table=School) == 300


def test_national_demo_answers_every_force_return_of_the_open_collection(
    app: Flask, runner: FlaskCliRunner
) -> None:
    """Force returns in every status, a nil return, registers frozen on submission, no errors
    left in anything submitted, and every publishable file of the export with rows."""
    result = runner.invoke(args=["demo", "--scale", "national", "--schools", "1500"])
    assert result.exit_code == 0, result.output
    force = Return.kind == ReturnKind.FORCE
    statuses = set(session.scalars(select(Return.status).where(force).distinct()))
    assert statuses == {s.value for s in ReturnStatus}
    nil = session.scalars(select(Return).where(force, Return.nil_return.is_(True))).all()
    assert nil and all(r.status == ReturnStatus.ACCEPTED for r in nil)
    submitted = [ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED, ReturnStatus.RETURNED]
    for return_ in session.scalars(select(Return).where(force, Return.status.in_(submitted))):
        snapshots = _count(SubmittedPartnership.return_id == return_.id, table=SubmittedPartnership)
        outcomes = _count(PartnershipOutcome.return_id == return_.id, table=PartnershipOutcome)
        assert return_.register_confirmed and return_.declaration
        assert (snapshots == 0) == return_.nil_return
        assert outcomes == snapshots
    errors = _count(
        Finding.level == "error",
        Return.status.in_(submitted),
        table=Finding.__table__.join(Return.__table__),
    )
    assert errors == 0
    collection = session.scalars(select(Collection)).one()
    datasets = build_national(collection)
    for name, table in datasets.tables.items():
        assert len(table) > 0, name
