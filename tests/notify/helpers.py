"""Test data for the email tests: collections, returns and the users who are emailed."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from sspcollect.db import session
from sspcollect.models import Collection, CollectionStatus, Return, ReturnKind, ReturnStatus, User
from tests.factories import create_school, create_user, organisation_for

_years = itertools.count(2040)


def make_collection(**overrides: Any) -> Collection:
    """An open collection: opens 1 March, deadline 19 March, closes 31 March 2027.

    Reminders 14, 7 and 2 days before the deadline (5, 12 and 17 March), then every 3 days
    while overdue, at most twice (22 and 25 March): all working days.
    """
    year = next(_years)
    values: dict[str, Any] = {
        "title": "Safer School Partnerships 2026/27",
        "time_period": f"{year}{(year + 1) % 100:02d}",
        "reference_date": date(2027, 1, 15),
        "opens_on": date(2027, 3, 1),
        "deadline": date(2027, 3, 19),
        "closes_on": date(2027, 3, 31),
        "status": CollectionStatus.OPEN,
        "phases": ["Primary"],
        "reminder_days_before": [14, 7, 2],
        "overdue_every_days": 3,
        "overdue_max": 2,
    }
    values.update(overrides)
    collection = Collection(**values)
    session.add(collection)
    session.commit()
    return collection


def school_return(
    collection: Collection,
    users: int = 1,
    status: ReturnStatus = ReturnStatus.NOT_STARTED,
    name: str = "Oakfield Primary School",
) -> tuple[Return, list[User]]:
    """A school's return in collection, and its active users."""
    school = create_school(name=name)
    organisation = organisation_for(str(school.urn))
    return_ = Return(
        collection=collection,
        organisation=organisation,
        kind=ReturnKind.SCHOOL,
        status=status,
        force_area_code=school.local_authority.force_area_code,
        la_code=school.la_code,
    )
    session.add(return_)
    session.commit()
    people = [create_user("school", str(school.urn)) for _ in range(users)]
    return return_, people


def force_return(collection: Collection, code: str = "E23000014") -> tuple[Return, User]:
    """A police force's return in collection, and one active user of the force."""
    organisation = organisation_for(code)
    return_ = Return(
        collection=collection,
        organisation=organisation,
        kind=ReturnKind.FORCE,
        status=ReturnStatus.NOT_STARTED,
        force_area_code=code,
    )
    session.add(return_)
    session.commit()
    return return_, create_user("police", code)
