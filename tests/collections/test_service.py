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
from sspcollect.models import (
    AuditEvent,
    Collection,
    CollectionStatus,
    Organisation,
    Return,
    ReturnKind,
)
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
        (
            {"time_period": ""},
            "time_period",
            "Enter the academic year of the collection, such as 2026/27",
        ),
        (
            {"time_period": "26/27"},
            "time_period",
            "Enter the academic year of the collection as two years, such as 2026/27 or "
            "2026 to 2027",
        ),
        (
            {"time_period": "202628"},
            "time_period",
            "The second year must follow the first, such as 2026/27",
        ),
        (
            {"outcomes_year": "2026/27"},
            "outcomes_year",
            "The figures must describe a period that has ended by the deadline: 2026/27 ends "
            "on 31 August 2027, after the deadline of 14 May 2027. Choose an academic year "
            "that has ended, such as 2025/26",
        ),
        (
            {"outcomes_year": "last year"},
            "outcomes_year",
            "Enter the academic year the figures describe as two years, such as 2026/27 or "
            "2026 to 2027",
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
    # Opened already, so that its returns can be made today.
    collection = create_collection(details(opens_on=date(2026, 4, 1)))
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


@pytest.mark.parametrize("typed", ["2027/28", "2027 to 2028", "202728", "2027-28", "2027/2028"])
def test_an_academic_year_is_read_as_people_write_it(typed: str) -> None:
    """2027/28 and 2027 to 2028 are the same year as EES's 202728."""
    collection = create_collection(
        details(
            time_period=typed,
            outcomes_year="2026 to 2027",
            reference_date=date(2027, 10, 1),
            opens_on=date(2027, 11, 1),
            deadline=date(2027, 12, 10),
            closes_on=date(2028, 1, 14),
        )
    )
    assert collection.time_period == "202728"
    assert collection.academic_year == "2027/28"
    assert (collection.period_start, collection.period_end) == (date(2026, 9, 1), date(2027, 8, 31))
    assert collection.period_words == "1 September 2026 to 31 August 2027"


def test_left_blank_the_figures_describe_the_latest_year_ended_by_the_deadline() -> None:
    """A collection due in December 2026 asks about 2025/26, never the year under way."""
    collection = create_collection(
        details(
            reference_date=date(2026, 10, 1),
            opens_on=date(2026, 11, 2),
            deadline=date(2026, 12, 11),
            closes_on=date(2027, 1, 15),
        )
    )
    assert collection.outcomes_year.label == "2025/26"
    assert collection.period_words == "1 September 2025 to 31 August 2026"


def test_a_collection_whose_period_ends_after_its_deadline_cannot_open() -> None:
    """Opening is refused with a message saying why and what to change."""
    collection = create_collection(details())
    collection.period_start, collection.period_end = date(2026, 9, 1), date(2027, 8, 31)
    session.commit()
    with pytest.raises(CollectionError) as refused:
        open_collection(collection, ["Primary"])
    assert str(refused.value) == (
        "The 2026/27 collection cannot open: its figures describe 1 September 2026 to "
        "31 August 2027, which ends after its deadline of 14 May 2027. Change the academic "
        "year the figures describe, or the deadline"
    )
    assert session.get(Collection, collection.id).status == CollectionStatus.DRAFT
