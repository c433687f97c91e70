"""Creating, opening and closing collections.

Opening makes one return for every police force and for every open school in the phases
chosen, with one INSERT … SELECT per kind, so a national collection of 26,000 schools opens
in seconds. Opening again only adds returns for organisations that have none yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from sqlalchemy import (
    ColumnElement,
    Insert,
    Integer,
    String,
    and_,
    false,
    func,
    insert,
    literal,
    null,
    or_,
    select,
)
from sqlalchemy.exc import IntegrityError

from sspcollect import audit
from sspcollect.collections.freeze import freeze_reference
from sspcollect.collections.periods import (
    AcademicYear,
    UnreadableYearError,
    long_date,
    read_academic_year,
)
from sspcollect.db import UTCDateTime, session, utcnow
from sspcollect.models import (
    Collection,
    CollectionStatus,
    LocalAuthority,
    Organisation,
    OrganisationKind,
    Return,
    ReturnKind,
    ReturnStatus,
    School,
    User,
)
from sspcollect.reference.tables import SCHOOL_PHASES
from sspcollect.validation.values import Invalid, whole_number

# A collection asks the schools of some of these phases.
PHASES = SCHOOL_PHASES

# The fields of a new collection in the order the form asks for them.
FIELD_ORDER = (
    "title",
    "time_period",
    "outcomes_year",
    "reference_date",
    "opens_on",
    "deadline",
    "closes_on",
    "reminder_days_before",
    "overdue_every_days",
    "overdue_max",
)
DATE_LABELS = {
    "reference_date": "reference date",
    "opens_on": "opening date",
    "deadline": "deadline",
    "closes_on": "closing date",
}
REMINDERS_UNREADABLE = (
    "Enter the days before the deadline as whole numbers separated by commas, such as 14, 7, 2"
)
REMINDERS_OUT_OF_RANGE = "Days before the deadline must each be between 1 and 365"
OVERDUE_EVERY_WRONG = "Enter how often to remind while overdue, as a number of days from 1 to 90"
OVERDUE_MAX_WRONG = "Enter the most overdue reminders to send, as a number from 0 to 20"
NO_PHASE = "Select at least one phase of education"


class CollectionError(Exception):
    """A collection cannot be created, opened or closed as asked; the message says why."""


class InvalidCollectionError(CollectionError):
    """The details of a new collection have problems, by field."""

    def __init__(self, problems: dict[str, str]) -> None:
        """Keep the problems, {field: message}."""
        super().__init__("; ".join(problems.values()))
        self.problems = problems


@dataclass
class CollectionDetails:
    """What an admin gives for a new collection, as read from a form or the command line."""

    title: str
    # The academic year the collection runs in, as typed: 2026/27, 2026 to 2027 or 202627.
    time_period: str
    reference_date: date | Invalid | None
    opens_on: date | Invalid | None
    deadline: date | Invalid | None
    closes_on: date | Invalid | None
    reminder_days_before: list[int] | Invalid = field(default_factory=lambda: [14, 7, 2])
    overdue_every_days: int | Invalid | None = 7
    overdue_max: int | Invalid | None = 3
    # The academic year its outcome figures describe, as typed (blank: the latest academic
    # year that has ended by the deadline).
    outcomes_year: str = ""


@dataclass(frozen=True)
class ReturnCounts:
    """Returns for schools and for forces."""

    schools: int = 0
    forces: int = 0

    @property
    def total(self) -> int:
        """Both kinds together."""
        return self.schools + self.forces


def reminder_days(text: str | None) -> list[int] | Invalid:
    """Days such as "14, 7, 2" as a list, largest first; blank means no reminder before."""
    parts = [part.strip() for part in re.split(r"[,\s]+", text or "") if part.strip()]
    days: set[int] = set()
    for part in parts:
        number = whole_number(part)
        if not isinstance(number, int):
            return Invalid(text or "")
        days.add(number)
    return sorted(days, reverse=True)


def collection_year(time_period: str, changing: Collection | None = None) -> AcademicYear | str:
    """The academic year a collection runs in, or why the text is not one (or is taken by a
    collection other than the one changing)."""
    try:
        year = read_academic_year(time_period, "the academic year of the collection")
    except UnreadableYearError as problem:
        return str(problem)
    taken = select(Collection.id).where(Collection.time_period == year.time_period)
    if changing is not None:
        taken = taken.where(Collection.id != changing.id)
    if session.scalar(taken):
        return f"A collection for {year.label} already exists"
    return year


def outcomes_period(details: CollectionDetails) -> AcademicYear | str:
    """The academic year the figures describe, or why it cannot be.

    Blank means the latest academic year that has ended by the deadline. A year that ends
    after the deadline is refused: nobody can give figures for a period not yet over.
    """
    deadline = details.deadline if isinstance(details.deadline, date) else None
    if not details.outcomes_year.strip():
        if deadline is None:
            return "Enter the academic year the figures describe, such as 2025/26"
        return AcademicYear.latest_ended_by(deadline)
    try:
        year = read_academic_year(details.outcomes_year, "the academic year the figures describe")
    except UnreadableYearError as problem:
        return str(problem)
    if deadline is not None and year.end > deadline:
        return period_after_deadline(year, deadline)
    return year


def period_after_deadline(year: AcademicYear, deadline: date) -> str:
    """Why figures for year cannot be asked for by deadline."""
    ended = AcademicYear.latest_ended_by(deadline)
    return (
        f"The figures must describe a period that has ended by the deadline: {year.label} "
        f"ends on {long_date(year.end)}, after the deadline of {long_date(deadline)}. "
        f"Choose an academic year that has ended, such as {ended.label}"
    )


def _date_problems(details: CollectionDetails) -> dict[str, str]:
    """Missing or unreadable dates, then dates out of order."""
    problems: dict[str, str] = {}
    for name, label in DATE_LABELS.items():
        value = getattr(details, name)
        if value is None:
            problems[name] = f"Enter the {label}"
        elif isinstance(value, Invalid):
            problems[name] = f"{label.capitalize()} must be a real date, such as 31 3 2027"
    opens_on, deadline, closes_on = details.opens_on, details.deadline, details.closes_on
    if "deadline" not in problems and "opens_on" not in problems:
        assert isinstance(deadline, date) and isinstance(opens_on, date)
        if deadline < opens_on:
            problems["deadline"] = "The deadline must be the same as or after the opening date"
    if "closes_on" not in problems and "deadline" not in problems:
        assert isinstance(closes_on, date) and isinstance(deadline, date)
        if closes_on < deadline:
            problems["closes_on"] = "The closing date must be the same as or after the deadline"
    return problems


def _schedule_problems(details: CollectionDetails) -> dict[str, str]:
    """A reminder schedule that cannot be read or is out of range."""
    problems: dict[str, str] = {}
    days = details.reminder_days_before
    if isinstance(days, Invalid):
        problems["reminder_days_before"] = REMINDERS_UNREADABLE
    elif any(not 1 <= day <= 365 for day in days):
        problems["reminder_days_before"] = REMINDERS_OUT_OF_RANGE
    every = details.overdue_every_days
    if not isinstance(every, int) or not 1 <= every <= 90:
        problems["overdue_every_days"] = OVERDUE_EVERY_WRONG
    most = details.overdue_max
    if not isinstance(most, int) or not 0 <= most <= 20:
        problems["overdue_max"] = OVERDUE_MAX_WRONG
    return problems


def collection_problems(
    details: CollectionDetails, changing: Collection | None = None
) -> dict[str, str]:
    """Every problem with details, {field: message}, in the order the form asks (changing:
    the collection whose details these are, when it exists already)."""
    problems: dict[str, str] = {}
    if not details.title.strip():
        problems["title"] = "Enter a title for the collection"
    elif len(details.title.strip()) > 200:
        problems["title"] = "Title must be 200 characters or fewer"
    year = collection_year(details.time_period, changing)
    if isinstance(year, str):
        problems["time_period"] = year
    problems.update(_date_problems(details))
    period = outcomes_period(details)
    if isinstance(period, str) and "deadline" not in problems:
        problems["outcomes_year"] = period
    problems.update(_schedule_problems(details))
    return {name: problems[name] for name in FIELD_ORDER if name in problems}


def create_collection(details: CollectionDetails, user: User | None = None) -> Collection:
    """Create a draft collection, or raise InvalidCollectionError listing every problem."""
    problems = collection_problems(details)
    if problems:
        raise InvalidCollectionError(problems)
    year, period = collection_year(details.time_period), outcomes_period(details)
    assert isinstance(year, AcademicYear) and isinstance(period, AcademicYear)
    collection = Collection(
        title=details.title.strip(),
        time_period=year.time_period,
        period_start=period.start,
        period_end=period.end,
        reference_date=details.reference_date,
        opens_on=details.opens_on,
        deadline=details.deadline,
        closes_on=details.closes_on,
        status=CollectionStatus.DRAFT,
        phases=[],
        reminder_days_before=details.reminder_days_before,
        overdue_every_days=details.overdue_every_days,
        overdue_max=details.overdue_max,
    )
    session.add(collection)
    try:
        session.flush()
    except IntegrityError:
        # Someone created the same academic year a moment ago.
        session.rollback()
        raise InvalidCollectionError(
            {"time_period": f"A collection for {collection.academic_year} already exists"}
        ) from None
    changes = {name: audit.jsonable(value) for name, value in asdict(details).items()}
    changes.update(time_period=year.time_period, outcomes_year=period.time_period)
    audit.record(
        "collection_created",
        "collection",
        collection.id,
        changes=changes,
        user=user,
        collection_id=collection.id,
    )
    session.commit()
    return collection


def chosen_phases(phases: Iterable[str]) -> list[str]:
    """The phases asked for, in PHASES order; CollectionError if none or one is unknown."""
    wanted = set(phases)
    unknown = wanted - set(PHASES)
    if unknown:
        raise CollectionError(f"Unknown phase of education: {', '.join(sorted(unknown))}")
    if not wanted:
        raise CollectionError(NO_PHASE)
    return [phase for phase in PHASES if phase in wanted]


def _without_return(collection_id: int) -> ColumnElement[bool]:
    """Organisations that have no return in the collection yet."""
    return ~(
        select(Return.id)
        .where(Return.collection_id == collection_id, Return.organisation_id == Organisation.id)
        .exists()
    )


def _in_scope(phases: list[str]) -> ColumnElement[bool]:
    """Police forces, and open schools in phases."""
    return or_(
        and_(
            Organisation.kind == OrganisationKind.POLICE.value,
            Organisation.force_area_code.is_not(None),
        ),
        and_(
            Organisation.kind == OrganisationKind.SCHOOL.value,
            School.is_open.is_(True),
            School.phase.in_(phases),
        ),
    )


def returns_to_create(collection: Collection, phases: Iterable[str]) -> ReturnCounts:
    """How many school and force returns opening with phases would create (one query)."""
    chosen = chosen_phases(phases)
    rows = session.execute(
        select(Organisation.kind, func.count())
        .select_from(Organisation)
        .outerjoin(School, School.urn == Organisation.school_urn)
        .where(_in_scope(chosen), _without_return(collection.id))
        .group_by(Organisation.kind)
    ).all()
    counts = {kind: count for kind, count in rows}
    return ReturnCounts(
        schools=counts.get(OrganisationKind.SCHOOL.value, 0),
        forces=counts.get(OrganisationKind.POLICE.value, 0),
    )


RETURN_COLUMNS = (
    "collection_id",
    "organisation_id",
    "kind",
    "status",
    "force_area_code",
    "la_code",
    "version",
    "register_confirmed",
    "nil_return",
    "declaration",
    "created_at",
)


def _insert_returns(
    collection_id: int, kind: ReturnKind, now: datetime, phases: list[str]
) -> Insert:
    """INSERT … SELECT of a fresh return for each active organisation of kind in scope, if none."""
    common = (
        literal(collection_id, Integer),
        Organisation.id,
        literal(kind.value, String),
        literal(ReturnStatus.NOT_STARTED.value, String),
    )
    fresh = (literal(1, Integer), false(), false(), false(), literal(now, UTCDateTime()))
    if kind is ReturnKind.SCHOOL:
        rows = (
            select(*common, LocalAuthority.force_area_code, School.la_code, *fresh)
            .select_from(Organisation)
            .join(School, School.urn == Organisation.school_urn)
            .join(LocalAuthority, LocalAuthority.code == School.la_code)
            .where(
                Organisation.kind == OrganisationKind.SCHOOL.value,
                Organisation.active.is_(True),
                School.is_open.is_(True),
                School.phase.in_(phases),
            )
        )
    else:
        rows = (
            select(*common, Organisation.force_area_code, null(), *fresh)
            .select_from(Organisation)
            .where(
                Organisation.kind == OrganisationKind.POLICE.value,
                Organisation.active.is_(True),
                Organisation.force_area_code.is_not(None),
            )
        )
    rows = rows.where(_without_return(collection_id))
    statement = insert(Return).from_select(RETURN_COLUMNS, rows, include_defaults=False)
    # Without this, psycopg's count of inserted rows is not kept for an INSERT.
    return statement.execution_options(preserve_rowcount=True)


def open_collection(
    collection: Collection, phases: Iterable[str], user: User | None = None
) -> ReturnCounts:
    """Open collection to every force and every open school in phases; return what was created.

    Safe to run again, even at the same moment elsewhere: the collection row is locked
    first, and organisations that already have a return are skipped. Commits.
    """
    chosen = chosen_phases(phases)
    session.refresh(collection, with_for_update=True)
    if collection.status == CollectionStatus.CLOSED:
        session.rollback()
        raise CollectionError(f"The {collection.academic_year} collection is closed")
    if collection.period_end > collection.deadline:
        session.rollback()
        raise CollectionError(
            f"The {collection.academic_year} collection cannot open: its figures describe "
            f"{collection.period_words}, which ends after its deadline of "
            f"{long_date(collection.deadline)}. Change the academic year the figures "
            "describe, or the deadline"
        )
    now = utcnow()
    schools = session.execute(_insert_returns(collection.id, ReturnKind.SCHOOL, now, chosen))
    forces = session.execute(_insert_returns(collection.id, ReturnKind.FORCE, now, chosen))
    created = ReturnCounts(schools=schools.rowcount, forces=forces.rowcount)  # type: ignore[attr-defined]
    previous = {"status": collection.status, "phases": list(collection.phases or [])}
    collection.phases = [p for p in PHASES if p in set(previous["phases"]) | set(chosen)]
    collection.status = CollectionStatus.OPEN
    collection.opened_at = collection.opened_at or now
    audit.record(
        "collection_opened",
        "collection",
        collection.id,
        changes={
            "status": [str(previous["status"]), str(collection.status)],
            "phases": [previous["phases"], collection.phases],
            "school_returns_created": created.schools,
            "force_returns_created": created.forces,
        },
        user=user,
        collection_id=collection.id,
    )
    session.commit()
    return created


def close_collection(collection: Collection, user: User | None = None) -> None:
    """Close an open collection, which locks its returns. Commits."""
    session.refresh(collection, with_for_update=True)
    if collection.status != CollectionStatus.OPEN:
        session.rollback()
        raise CollectionError(
            f"Only an open collection can be closed: this one is {collection.status}"
        )
    collection.status = CollectionStatus.CLOSED
    collection.closed_at = utcnow()
    # Its figures must never change after: fix what they depend on as it stands now.
    freeze_reference(collection)
    audit.record(
        "collection_closed",
        "collection",
        collection.id,
        changes={"status": [str(CollectionStatus.OPEN), str(CollectionStatus.CLOSED)]},
        user=user,
        collection_id=collection.id,
    )
    session.commit()


def collection_for(time_period: str) -> Collection | None:
    """The collection for an academic year such as 202627 (or 2026/27, 2026 to 2027)."""
    try:
        year = read_academic_year(time_period)
    except UnreadableYearError:
        return None
    return session.scalar(select(Collection).where(Collection.time_period == year.time_period))


def all_collections() -> list[Collection]:
    """Every collection, newest academic year first."""
    return list(session.scalars(select(Collection).order_by(Collection.time_period.desc())))


def return_counts(collection_ids: Iterable[int] | None = None) -> dict[int, ReturnCounts]:
    """School and force returns of each collection (one grouped query)."""
    query = select(Return.collection_id, Return.kind, func.count()).group_by(
        Return.collection_id, Return.kind
    )
    if collection_ids is not None:
        query = query.where(Return.collection_id.in_(list(collection_ids)))
    found: dict[int, dict[str, int]] = {}
    for collection_id, kind, count in session.execute(query):
        found.setdefault(collection_id, {})[kind] = count
    return {
        collection_id: ReturnCounts(
            schools=kinds.get(ReturnKind.SCHOOL.value, 0),
            forces=kinds.get(ReturnKind.FORCE.value, 0),
        )
        for collection_id, kinds in found.items()
    }
