"""Creating, opening and closing collections through the service."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from sspcollect.collections.service import (
    PHASES,
    CollectionDetails,
    CollectionError,
    InvalidCollectionError,
    close_collection,
    create_collection,
    open_collection,
    returns_to_create,
)
from sspcollect.db import session
from sspcollect.models import AuditEvent, Collection, Organisation, Return, ReturnKind
from sspcollect.validation.values import Invalid
from tests.factories import create_school

pytestmark = pytest.mark.usefixtures("app")


def details(**overrides: object) -> CollectionDetails:
    """Valid details of the 2026/27 collection, with overrides."""
    values: dict[str, object] = {
        "title": "Safer School Partnerships 2026/27",
        "time_period": "202627",
        "reference_date": date(2027, 3, 31),
        "opens_on": date(2027, 4, 1),
        "deadline": date(2027, 5, 14),
        "closes_on": date(2027, 6, 30),
    }
    values.update(overrides)
    return CollectionDetails(**values)  # type: ignore[arg-type]


def problems_with(**overrides: object) -> dict[str, str]:
    """The problems create_collection finds with details(**overrides)."""
    with pytest.raises(InvalidCollectionError) as raised:
        create_collection(details(**overrides))
    return raised.value.problems


def test_create_collection_makes_a_draft_and_records_it() -> None:
    collection = create_collection(details(reminder_days_before=[14, 7, 2]))
    assert collection.status == "draft"
    assert collection.academic_year == "2026/27"
    assert collection.reminder_days_before == [14, 7, 2]
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "collection_created"))
    assert event is not None and event.collection_id == collection.id


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "  "}, "title", "Enter a title for the collection"),
        ({"title": "x" * 201}, "title", "Title must be 200 characters or fewer"),
        ({"time_period": ""}, "time_period", "Enter the academic year, such as 202627"),
        (
            {"time_period": "2026/27"},
            "time_period",
            "Enter the academic year as 6 digits, such as 202627 for 2026/27",
        ),
        (
            {"time_period": "202628"},
            "time_period",
            "The second year must follow the first, such as 202627 for 2026/27",
        ),
        ({"reference_date": None}, "reference_date", "Enter the reference date"),
        (
            {"opens_on": Invalid("31/2/2027")},
            "opens_on",
            "Opening date must be a real date, such as 31 3 2027",
        ),
        ({"deadline": None}, "deadline", "Enter the deadline"),
        ({"closes_on": None}, "closes_on", "Enter the closing date"),
        (
            {"deadline": date(2027, 3, 1)},
            "deadline",
            "The deadline must be the same as or after the opening date",
        ),
        (
            {"closes_on": date(2027, 5, 13)},
            "closes_on",
            "The closing date must be the same as or after the deadline",
        ),
        (
            {"reminder_days_before": Invalid("a week")},
            "reminder_days_before",
            "Enter the days before the deadline as whole numbers separated by commas, "
            "such as 14, 7, 2",
        ),
        (
            {"reminder_days_before": [400]},
            "reminder_days_before",
            "Days before the deadline must each be between 1 and 365",
        ),
        (
            {"overdue_every_days": 0},
            "overdue_every_days",
            "Enter how often to remind while overdue, as a number of days from 1 to 90",
        ),
        (
            {"overdue_max": None},
            "overdue_max",
            "Enter the most overdue reminders to send, as a number from 0 to 20",
        ),
    ],
)
def test_create_collection_refuses_bad_details(
    overrides: dict[str, object], field: str, message: str
) -> None:
    assert problems_with(**overrides) == {field: message}
    assert session.scalar(select(func.count()).select_from(Collection)) == 0


def test_create_collection_accepts_dates_on_the_same_day() -> None:
    same = date(2027, 5, 14)
    collection = create_collection(details(opens_on=same, deadline=same, closes_on=same))
    assert collection.deadline == same


def test_create_collection_refuses_a_second_collection_for_the_same_year() -> None:
    create_collection(details())
    assert problems_with(title="Again") == {
        "time_period": "A collection for 2026/27 already exists"
    }


def returns_of(collection: Collection) -> list[Return]:
    """Every return of collection."""
    return list(session.scalars(select(Return).where(Return.collection_id == collection.id)))


def test_open_creates_one_return_per_force_and_per_open_school_in_the_phases() -> None:
    primary = create_school(phase="Primary", la_old_code="330")
    secondary = create_school(phase="Secondary", la_old_code="673")
    create_school(phase="Primary", is_open=False, status="Closed")
    create_school(phase="Nursery")
    collection = create_collection(details())
    assert returns_to_create(collection, ["Primary", "Secondary"]).schools == 2

    created = open_collection(collection, ["Secondary", "Primary"])

    assert (created.schools, created.forces) == (2, 43)
    returns = returns_of(collection)
    forces = [r for r in returns if r.kind == ReturnKind.FORCE]
    assert len(forces) == 43
    assert all(r.organisation.force_area_code == r.force_area_code for r in forces)
    assert all(r.la_code is None and r.status == "not_started" for r in forces)
    schools = {r.organisation.school_urn: r for r in returns if r.kind == ReturnKind.SCHOOL}
    assert set(schools) == {primary.urn, secondary.urn}
    assert schools[primary.urn].la_code == "E08000025"
    assert schools[primary.urn].force_area_code == "E23000014"
    assert schools[secondary.urn].la_code == "W06000014"
    assert schools[secondary.urn].force_area_code == "W15000003"
    assert collection.status == "open" and collection.opened_at is not None
    assert collection.phases == ["Primary", "Secondary"]
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "collection_opened"))
    assert event is not None and event.changes["school_returns_created"] == 2


def test_opening_twice_creates_nothing_more() -> None:
    create_school(phase="Primary")
    collection = create_collection(details())
    open_collection(collection, PHASES)
    again = open_collection(collection, PHASES)
    assert again.total == 0
    assert returns_to_create(collection, PHASES).total == 0
    per_organisation = session.execute(
        select(Return.organisation_id, func.count())
        .group_by(Return.organisation_id)
        .having(func.count() > 1)
    ).all()
    assert per_organisation == []
    assert len(returns_of(collection)) == 44


def test_opening_again_with_another_phase_adds_only_those_schools() -> None:
    create_school(phase="Primary")
    create_school(phase="Secondary")
    collection = create_collection(details())
    open_collection(collection, ["Primary"])
    created = open_collection(collection, ["Secondary"])
    assert (created.schools, created.forces) == (1, 0)
    assert collection.phases == ["Primary", "Secondary"]


def test_open_refuses_no_phase_and_an_unknown_phase() -> None:
    collection = create_collection(details())
    with pytest.raises(CollectionError, match="Select at least one phase of education"):
        open_collection(collection, [])
    with pytest.raises(CollectionError, match="Unknown phase of education: primary"):
        open_collection(collection, ["primary"])
    assert returns_of(collection) == []


def test_close_locks_the_returns() -> None:
    create_school()
    collection = create_collection(details())
    open_collection(collection, PHASES)
    assert all(r.is_editable for r in returns_of(collection))
    close_collection(collection)
    assert collection.status == "closed" and collection.closed_at is not None
    session.expire_all()
    assert not any(r.is_editable for r in returns_of(collection))
    with pytest.raises(CollectionError, match="is closed"):
        open_collection(collection, PHASES)


def test_only_an_open_collection_can_be_closed() -> None:
    collection = create_collection(details())
    with pytest.raises(CollectionError, match="Only an open collection can be closed"):
        close_collection(collection)
    assert collection.status == "draft"
    assert session.scalar(select(func.count()).select_from(Organisation)) > 0
