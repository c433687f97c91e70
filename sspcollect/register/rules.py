"""Checking partnerships with the rule catalogue: the facts each rule needs, in one query each."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select

from sspcollect.db import session
from sspcollect.models import LocalAuthority, Partnership, PartnershipSchool, School
from sspcollect.validation import CATALOGUE, Result, Scope

PARTNERSHIP_FIELDS = (
    "reference",
    "name",
    "model",
    "model_description",
    "officer_role",
    "officer_count",
    "fte",
    "funding_sources",
    "funded_until",
    "information_sharing_agreement",
    "start_date",
    "end_date",
)


def school_facts(urns: Iterable[int]) -> dict[int, dict[str, Any]]:
    """For each URN that exists: whether the school is open and its force area (one query)."""
    wanted = sorted(set(urns))
    if not wanted:
        return {}
    rows = session.execute(
        select(School.urn, School.is_open, School.name, LocalAuthority.force_area_code)
        .join(LocalAuthority)
        .where(School.urn.in_(wanted))
    )
    return {
        urn: {"is_open": is_open, "name": name, "force_area_code": force}
        for urn, is_open, name, force in rows
    }


def partnership_values(
    fields: Mapping[str, Any],
    schools: Sequence[tuple[int, Any]],
    force_area_code: str,
    partnership_id: int | None = None,
    known: Mapping[int, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The values the PARTNERSHIP rules check, for a partnership being saved or already kept.

    fields holds the partnership's own answers; schools its (urn, days_per_week) pairs;
    known the school facts (fetched if not given, so that bulk callers fetch once).
    """
    facts = known if known is not None else school_facts(urn for urn, _ in schools)
    values = {name: fields.get(name) for name in PARTNERSHIP_FIELDS}
    values["force_area_code"] = force_area_code
    values["schools"] = [
        {
            "urn": urn,
            "days_per_week": days,
            "known": urn in facts,
            "is_open": facts.get(urn, {}).get("is_open", False),
            "force_area_code": facts.get(urn, {}).get("force_area_code"),
        }
        for urn, days in schools
    ]
    reference = fields.get("reference")
    if reference:
        others = (
            select(func.count())
            .select_from(Partnership)
            .where(
                Partnership.force_area_code == force_area_code,
                func.lower(Partnership.reference) == str(reference).strip().lower(),
            )
        )
        if partnership_id is not None:
            others = others.where(Partnership.id != partnership_id)
        values["duplicate_reference"] = bool(session.scalar(others))
    return values


def values_of(
    partnership: Partnership, known: Mapping[int, Mapping[str, Any]] | None = None
) -> dict[str, Any]:
    """The rule values of a partnership as it is kept."""
    return partnership_values(
        {name: getattr(partnership, name) for name in PARTNERSHIP_FIELDS},
        [(link.school_urn, link.days_per_week) for link in partnership.schools],
        partnership.force_area_code,
        partnership.id,
        known,
    )


def subject_of(partnership: Partnership) -> str:
    """The finding subject naming a partnership within a force return."""
    return f"partnership:{partnership.id}"


def check_partnership(
    partnership: Partnership,
    known: Mapping[int, Mapping[str, Any]] | None = None,
    reference_date: date | None = None,
) -> list[Result]:
    """The rules that fire on a kept partnership, with it as their subject.

    reference_date, when a force return checks its register, is the date the register is
    reported at (queries about funding look at it).
    """
    values = values_of(partnership, known)
    values["reference_date"] = reference_date
    return CATALOGUE.run(Scope.PARTNERSHIP, values, subject_of(partnership))


def check_partnerships(
    partnerships: Sequence[Partnership], reference_date: date | None = None
) -> list[Result]:
    """Check many partnerships, fetching the facts of all their schools at once."""
    known = school_facts(link.school_urn for p in partnerships for link in p.schools)
    results: list[Result] = []
    for partnership in partnerships:
        results.extend(check_partnership(partnership, known, reference_date))
    return results


def covered_pupils(partnerships: Sequence[Partnership]) -> dict[int, int]:
    """The pupils on roll (as Get Information About Schools last gave them) of the schools
    each partnership covers, by partnership id, in one query."""
    ids = [partnership.id for partnership in partnerships]
    if not ids:
        return {}
    rows = session.execute(
        select(PartnershipSchool.partnership_id, func.sum(School.pupils))
        .join(School, School.urn == PartnershipSchool.school_urn)
        .where(PartnershipSchool.partnership_id.in_(ids))
        .group_by(PartnershipSchool.partnership_id)
    )
    return {partnership_id: int(total) for partnership_id, total in rows if total}
