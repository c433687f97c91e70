"""The force's register of partnerships: listing, finding schools, adding, changing and ending.

Every save is checked against the PARTNERSHIP rules of the catalogue: errors refuse it,
queries are kept for the force return to explain. Saves are versioned (no lost update)
and recorded in the audit trail with the fields they changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any, cast

from flask import abort
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from sspcollect import audit
from sspcollect.content.marking import N_
from sspcollect.content.places import local_authority_name
from sspcollect.db import session, utcnow
from sspcollect.models import (
    ForceArea,
    FundingSource,
    LocalAuthority,
    Model,
    Partnership,
    PartnershipSchool,
    School,
    User,
)
from sspcollect.register.rules import PARTNERSHIP_FIELDS, partnership_values, values_of
from sspcollect.review.reconcile import reconcile_force_everywhere
from sspcollect.validation import CATALOGUE, Result, Scope
from sspcollect.validation.values import Invalid, whole_number
from sspcollect.versioning import StaleEditError, check_version, commit_or_stale

SEARCH_LIMIT = 20
# (URN, days a week on site) as read from a form: either may be unreadable text.
SchoolEntry = tuple[int | Invalid, int | Decimal | Invalid | None]


class RefusedError(Exception):
    """The partnership was not saved: rules of level error fire on it."""

    def __init__(self, results: Sequence[Result]) -> None:
        """Keep the rules that fired, for the page to show."""
        super().__init__("the partnership has errors")
        self.results = list(results)


@dataclass(frozen=True)
class Draft:
    """A partnership's answers read from a form: fields keyed as PARTNERSHIP_FIELDS, schools."""

    fields: dict[str, Any]
    schools: list[SchoolEntry]

    def urns(self) -> list[int]:
        """The readable URNs among the schools."""
        return [urn for urn, _ in self.schools if isinstance(urn, int)]


@dataclass(frozen=True)
class SchoolChoice:
    """A school as the register pages show it: enough to tell two St Mary's apart."""

    urn: int
    name: str
    is_open: bool
    postcode: str | None
    la_name: str
    force_area_code: str
    force_name: str


def force_of(user: User) -> ForceArea:
    """The police force whose register user keeps (404 for a user without one)."""
    force = user.organisation.force_area
    if force is None:
        abort(404)
    return force


def partnerships_of(force_area_code: str) -> list[Partnership]:
    """Every partnership of the force, active and ended, with its schools, by reference."""
    return list(
        session.scalars(
            select(Partnership)
            .where(Partnership.force_area_code == force_area_code)
            .options(selectinload(Partnership.schools))
            .order_by(Partnership.reference)
        )
    )


def load_partnership(partnership_id: int, user: User) -> Partnership:
    """The partnership with this id if it belongs to user's force; 404 otherwise."""
    partnership = session.get(Partnership, partnership_id)
    if partnership is None or partnership.force_area_code != user.organisation.force_area_code:
        abort(404)
    return partnership


def _choices(statement: Any) -> list[SchoolChoice]:
    """Run a query over schools joined to their local authority and force area."""
    choices = [SchoolChoice(*row) for row in session.execute(statement)]
    return [replace(choice, la_name=local_authority_name(choice.la_name)) for choice in choices]


def _school_query() -> Any:
    """The columns of SchoolChoice, joined in one query."""
    return (
        select(
            School.urn,
            School.name,
            School.is_open,
            School.postcode,
            LocalAuthority.name,
            ForceArea.code,
            ForceArea.name,
        )
        .join(LocalAuthority, School.la_code == LocalAuthority.code)
        .join(ForceArea, LocalAuthority.force_area_code == ForceArea.code)
    )


def find_schools(text: str) -> list[SchoolChoice]:
    """Schools whose URN is text, or open schools whose name contains it (any case)."""
    wanted = text.strip()[:100]
    if not wanted:
        return []
    urn = whole_number(wanted)
    if isinstance(urn, int):
        return _choices(_school_query().where(School.urn == urn))
    escaped = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return _choices(
        _school_query()
        .where(School.is_open.is_(True), School.name.ilike(f"%{escaped}%", escape="\\"))
        .order_by(School.name, School.urn)
        .limit(SEARCH_LIMIT)
    )


def describe_schools(urns: Iterable[int]) -> dict[int, SchoolChoice]:
    """The schools with these URNs (those that exist), in one query."""
    wanted = sorted(set(urns))
    if not wanted:
        return {}
    return {
        choice.urn: choice for choice in _choices(_school_query().where(School.urn.in_(wanted)))
    }


def check(
    draft: Draft,
    force_area_code: str,
    partnership_id: int | None = None,
    described: dict[int, SchoolChoice] | None = None,
) -> list[Result]:
    """Every PARTNERSHIP rule that fires on draft, errors and queries."""
    schools = described if described is not None else describe_schools(draft.urns())
    known = {
        urn: {"is_open": s.is_open, "name": s.name, "force_area_code": s.force_area_code}
        for urn, s in schools.items()
    }
    # The rules read an unreadable URN as a school that does not exist (POL-007).
    typed = cast(Sequence[tuple[int, Any]], draft.schools)
    values = partnership_values(draft.fields, typed, force_area_code, partnership_id, known)
    return CATALOGUE.run(Scope.PARTNERSHIP, values)


def findings(partnership: Partnership) -> list[Result]:
    """The rules that fire on a kept partnership (queries to explain, or errors since arisen)."""
    return CATALOGUE.run(Scope.PARTNERSHIP, values_of(partnership))


def snapshot(partnership: Partnership) -> dict[str, Any]:
    """The partnership's answers, for recording what a save changed."""
    values = {name: getattr(partnership, name) for name in PARTNERSHIP_FIELDS}
    values["funding_sources"] = list(partnership.funding_sources or [])
    values["schools"] = sorted(
        [link.school_urn, link.days_per_week] for link in partnership.schools
    )
    return values


def _refuse_errors(results: Sequence[Result]) -> None:
    """Refuse the save when any error fires."""
    errors = [result for result in results if result.is_error]
    if errors:
        raise RefusedError(errors)


def _apply(partnership: Partnership, draft: Draft) -> None:
    """Copy the (checked) answers of draft onto partnership, keeping unchanged school rows."""
    fields = draft.fields
    for name in PARTNERSHIP_FIELDS:
        setattr(partnership, name, fields.get(name))
    if fields.get("model") != Model.OTHER:
        partnership.model_description = None
    chosen = set(fields.get("funding_sources") or [])
    partnership.funding_sources = [str(source) for source in FundingSource if source in chosen]
    wanted: dict[int, Any] = {urn: days for urn, days in draft.schools}  # type: ignore[misc]
    for link in list(partnership.schools):
        if link.school_urn not in wanted:
            partnership.schools.remove(link)
    kept = {link.school_urn: link for link in partnership.schools}
    for urn, days in wanted.items():
        if urn in kept:
            kept[urn].days_per_week = days
        else:
            partnership.schools.append(PartnershipSchool(school_urn=urn, days_per_week=days))
    # Touch the row even when only its schools changed, so that its version moves on.
    partnership.updated_at = utcnow()


def _record(action: str, partnership: Partnership, changes: dict[str, Any], user: User) -> None:
    """Add the audit event for a save of partnership."""
    audit.record(
        action,
        "partnership",
        partnership.id,
        changes=changes,
        user=user,
        organisation_id=user.organisation_id,
    )


def _commit(partnership: Partnership) -> None:
    """Re-check reconciliation and commit; refuse a save beaten to the row or the reference."""
    try:
        session.flush()
        # Every register change is also a change to what schools are reconciled against.
        reconcile_force_everywhere(partnership.force_area_code)
        commit_or_stale()
    except StaleDataError:
        session.rollback()
        raise StaleEditError from None
    except IntegrityError:
        session.rollback()
        rule = CATALOGUE["POL-002"]
        raise RefusedError([Result(rule, rule.description)]) from None


def create(draft: Draft, user: User) -> Partnership:
    """Add a partnership to user's force register, unless errors fire."""
    force = force_of(user)
    _refuse_errors(check(draft, force.code))
    partnership = Partnership(force_area_code=force.code, schools=[])
    _apply(partnership, draft)
    session.add(partnership)
    session.flush()
    _record("partnership_added", partnership, audit.differences({}, snapshot(partnership)), user)
    _commit(partnership)
    return partnership


def update(
    partnership: Partnership, draft: Draft, loaded_version: int | None, user: User
) -> Partnership:
    """Save changed answers made from loaded_version; StaleEditError if someone saved since."""
    check_version(partnership.version, loaded_version)
    _refuse_errors(check(draft, partnership.force_area_code, partnership.id))
    before = snapshot(partnership)
    _apply(partnership, draft)
    changes = audit.differences(before, snapshot(partnership))
    _record("partnership_changed", partnership, changes, user)
    _commit(partnership)
    return partnership


def end(
    partnership: Partnership, end_date: date | Invalid, loaded_version: int | None, user: User
) -> None:
    """Set the date the partnership ended (POL-016, POL-017 apply); versioned like update."""
    check_version(partnership.version, loaded_version)
    values = values_of(partnership)
    values["end_date"] = end_date
    results = CATALOGUE.run(Scope.PARTNERSHIP, values)
    _refuse_errors([r for r in results if "end_date" in r.rule.fields])
    before = snapshot(partnership)
    assert isinstance(end_date, date)  # POL-016 refused anything else
    partnership.end_date = end_date
    partnership.updated_at = utcnow()
    _record(
        "partnership_ended", partnership, audit.differences(before, snapshot(partnership)), user
    )
    _commit(partnership)


def status_of(partnership: Partnership, today: date) -> str:
    """Active, Ended, or Not started yet, on today."""
    if partnership.end_date is not None and partnership.end_date < today:
        return N_("Ended")
    if partnership.start_date > today:
        return N_("Not started yet")
    return N_("Active")
