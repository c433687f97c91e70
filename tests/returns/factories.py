"""Plain factory functions for collections and returns (the collections code makes them in use)."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from sspcollect.db import session
from sspcollect.models import (
    Collection,
    CollectionStatus,
    Organisation,
    Partnership,
    PartnershipSchool,
    Return,
    ReturnKind,
    ReturnStatus,
)

_years = itertools.count(2030)
_references = itertools.count(1)


def create_collection(**overrides: Any) -> Collection:
    """An open collection for a new academic year (deadline 30 June of its second year)."""
    year = next(_years)
    values: dict[str, Any] = {
        "title": f"Safer School Partnerships {year}/{(year + 1) % 100:02d}",
        "time_period": f"{year}{(year + 1) % 100:02d}",
        "reference_date": date(year + 1, 1, 15),
        # Opened already, so that its returns can be started today.
        "opens_on": date(2025, 11, 3),
        "deadline": date(year + 1, 6, 30),
        "closes_on": date(year + 1, 7, 31),
        "status": CollectionStatus.OPEN,
        "phases": ["Primary", "Secondary"],
    }
    values.update(overrides)
    collection = Collection(**values)
    session.add(collection)
    session.commit()
    return collection


def create_return(
    organisation: Organisation,
    collection: Collection | None = None,
    kind: ReturnKind | str | None = None,
    **overrides: Any,
) -> Return:
    """A not-started return of organisation (a school's or a force's) in collection."""
    if collection is None:
        collection = create_collection()
    if kind is None:
        kind = ReturnKind.SCHOOL if organisation.school_urn is not None else ReturnKind.FORCE
    if organisation.school is not None:
        la = organisation.school.local_authority
        force_area_code, la_code = la.force_area_code, la.code
    else:
        assert organisation.force_area_code is not None, "a return needs a school or a force"
        force_area_code, la_code = organisation.force_area_code, None
    values: dict[str, Any] = {
        "collection": collection,
        "organisation": organisation,
        "kind": str(kind),
        "status": ReturnStatus.NOT_STARTED,
        "force_area_code": force_area_code,
        "la_code": la_code,
    }
    values.update(overrides)
    return_ = Return(**values)
    session.add(return_)
    session.commit()
    return return_


def create_partnership(
    force_area_code: str = "E23000014", schools: list[Any] | None = None, **overrides: Any
) -> Partnership:
    """A neighbourhood-link partnership in a force's register (raising no query), started
    1 September 2024, covering schools.

    schools holds School objects, URNs, or (URN, days per week) pairs.
    """
    number = next(_references)
    values: dict[str, Any] = {
        "force_area_code": force_area_code,
        "reference": f"SSP-{number:03d}",
        "name": f"Partnership {number}",
        "model": "neighbourhood_link",
        "officer_role": "constable",
        "officer_count": 1,
        "fte": Decimal("1.0"),
        "funding_sources": ["police_force"],
        "funded_until": date(2027, 3, 31),
        "information_sharing_agreement": True,
        "start_date": date(2024, 9, 1),
        "end_date": None,
    }
    values.update(overrides)
    partnership = Partnership(**values)
    for item in schools or []:
        urn, days = item if isinstance(item, tuple) else (getattr(item, "urn", item), None)
        partnership.schools.append(PartnershipSchool(school_urn=urn, days_per_week=days))
    session.add(partnership)
    session.commit()
    return partnership
