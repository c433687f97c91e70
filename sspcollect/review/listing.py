"""The list of returns behind every progress figure: filters, search, one page at a time.

A page costs two queries whatever the filter: the rows of the page and their count.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from sspcollect.db import session
from sspcollect.models import (
    Finding,
    ForceArea,
    LocalAuthority,
    Organisation,
    Return,
    ReturnKind,
    ReturnStatus,
    ReviewAssignment,
    User,
)
from sspcollect.review.progress import region_key
from sspcollect.validation import CATALOGUE, Level

PAGE_SIZE = 50
# The assignment a filter looks at: apart from the one the list joins to show the reviewer.
Assigned = aliased(ReviewAssignment, name="assigned")
SEARCH_LIMIT = 100
CODE = re.compile(r"[A-Z]\d{8}")


@dataclass(frozen=True)
class ReturnFilter:
    """What the list is narrowed to; blank means any."""

    status: str = ""
    kind: str = ""
    force: str = ""
    region: str = ""
    la: str = ""
    rule: str = ""
    outstanding: str = ""
    assigned: str = ""
    q: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> ReturnFilter:
        """Read the filter from a query string; values that cannot be meant are ignored."""

        def pick(name: str, allowed: set[str] | None = None) -> str:
            value = str(args.get(name, "") or "").strip()
            if allowed is not None:
                return value if value in allowed else ""
            return value.upper() if CODE.fullmatch(value.upper()) else ""

        return cls(
            status=pick("status", set(ReturnStatus)),
            kind=pick("kind", set(ReturnKind)),
            force=pick("force"),
            region=pick("region"),
            la=pick("la"),
            rule=pick("rule", {rule.id for rule in CATALOGUE}),
            outstanding=pick("outstanding", {"yes", "no"}),
            assigned=_assigned(args.get("assigned")),
            q=str(args.get("q", "") or "").strip()[:SEARCH_LIMIT],
        )

    def list_args(self, page: int = 1) -> dict[str, str]:
        """The filter and the page of the list, to come back to after an action."""
        return self.args() | ({"page": str(page)} if page > 1 else {})

    def args(self, **changes: str) -> dict[str, str]:
        """The filter (with changes) as query-string arguments, blanks left out."""
        values = asdict(replace(self, **changes))
        return {name: value for name, value in values.items() if value}

    @property
    def active(self) -> bool:
        """True when anything narrows the list."""
        return bool(self.args())


def list_kept(source: Mapping[str, Any]) -> dict[str, str]:
    """The filter and page of the list a reviewer came from, read from a query string or form."""
    raw = str(source.get("page", "1"))
    page = int(raw) if raw.isdigit() and 0 < len(raw) < 7 else 1
    return ReturnFilter.from_args(source).list_args(page)


def _assigned(raw: Any) -> str:
    """The assignment asked for: "none", a reviewer's id, or blank for any."""
    value = str(raw or "").strip()
    return value if value == "none" or (value.isdigit() and len(value) < 10) else ""


def unreviewed_query() -> ColumnElement[bool]:
    """The return has a query that no reviewer has marked as reviewed."""
    return exists().where(
        Finding.return_id == Return.id,
        Finding.level == Level.QUERY,
        Finding.reviewed_at.is_(None),
    )


def has_error() -> ColumnElement[bool]:
    """The return has an error."""
    return exists().where(Finding.return_id == Return.id, Finding.level == Level.ERROR)


def outstanding() -> ColumnElement[bool]:
    """The return has an error, or a query nobody has explained."""
    return exists().where(
        Finding.return_id == Return.id,
        or_(
            Finding.level == Level.ERROR,
            and_(
                Finding.level == Level.QUERY,
                or_(Finding.explanation.is_(None), func.trim(Finding.explanation) == ""),
            ),
        ),
    )


def conditions(collection_id: int, wanted: ReturnFilter) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a filter (a search needs Organisation and ForceArea joined)."""
    where: list[ColumnElement[bool]] = [Return.collection_id == collection_id]
    if wanted.status:
        where.append(Return.status == wanted.status)
    if wanted.kind:
        where.append(Return.kind == wanted.kind)
    if wanted.force:
        where.append(Return.force_area_code == wanted.force)
    if wanted.la:
        where.append(Return.la_code == wanted.la)
    if wanted.region:
        where.append(
            Return.la_code.in_(select(LocalAuthority.code).where(region_key() == wanted.region))
        )
    if wanted.rule:
        where.append(exists().where(Finding.return_id == Return.id, Finding.rule_id == wanted.rule))
    if wanted.outstanding == "yes":
        where.append(outstanding())
    elif wanted.outstanding == "no":
        where.append(~outstanding())
    if wanted.assigned == "none":
        where.append(
            ~exists().where(Assigned.return_id == Return.id, Assigned.reviewer_id.is_not(None))
        )
    elif wanted.assigned:
        where.append(
            exists().where(
                Assigned.return_id == Return.id, Assigned.reviewer_id == int(wanted.assigned)
            )
        )
    if wanted.q.isdigit():
        # A number is a URN: found through its unique index, not by reading every name.
        where.append(Organisation.school_urn == int(wanted.q[:9]))
    elif wanted.q:
        where.append(
            or_(
                Organisation.name.icontains(wanted.q, autoescape=True),
                ForceArea.name.icontains(wanted.q, autoescape=True),
            )
        )
    return where


def _joined(statement: Select[Any]) -> Select[Any]:
    """statement joined to the organisation and the force area of each return."""
    return statement.join(Organisation, Return.organisation_id == Organisation.id).join(
        ForceArea, Return.force_area_code == ForceArea.code
    )


@dataclass(frozen=True)
class ReturnRow:
    """One line of the list."""

    id: int
    kind: str
    status: str
    name: str
    urn: int | None
    force_name: str
    submitted_at: datetime | None
    outstanding: bool
    reviewer: str | None = None


@dataclass(frozen=True)
class ReturnPage:
    """One page of the list, and how many returns match in all."""

    rows: list[ReturnRow]
    total: int
    page: int
    pages: int


def count(collection_id: int, wanted: ReturnFilter) -> int:
    """How many returns match the filter."""
    statement = select(func.count()).select_from(Return)
    if wanted.q:
        statement = _joined(statement)  # only a search looks at names
    return session.scalar(statement.where(*conditions(collection_id, wanted))) or 0


def returns_page(collection_id: int, wanted: ReturnFilter, page: int = 1) -> ReturnPage:
    """The page-th page of returns matching the filter, by name."""
    total = count(collection_id, wanted)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    statement = _joined(
        select(
            Return.id,
            Return.kind,
            Return.status,
            Organisation.name,
            Organisation.school_urn,
            ForceArea.name,
            Return.submitted_at,
            outstanding().label("outstanding"),
            User.name,
        )
    )
    statement = statement.outerjoin(
        ReviewAssignment, ReviewAssignment.return_id == Return.id
    ).outerjoin(User, ReviewAssignment.reviewer_id == User.id)
    rows = session.execute(
        statement.where(*conditions(collection_id, wanted))
        .order_by(Organisation.name, Return.id)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).tuples()
    return ReturnPage([ReturnRow(*row) for row in rows], total, page, pages)


def _acceptable(statement: Select[Any], collection_id: int, wanted: ReturnFilter) -> Select[Any]:
    """statement narrowed to submitted returns in the filter that a reviewer has cleared:
    no error, and no query or every query marked as reviewed."""
    return _joined(statement).where(
        *conditions(collection_id, wanted),
        Return.status == ReturnStatus.SUBMITTED,
        ~has_error(),
        ~unreviewed_query(),
    )


def acceptable_count(collection_id: int, wanted: ReturnFilter) -> int:
    """How many submitted returns in the filter can be accepted together."""
    if wanted.status and wanted.status != ReturnStatus.SUBMITTED:
        return 0
    statement = _acceptable(select(func.count()).select_from(Return), collection_id, wanted)
    return session.scalar(statement) or 0


def acceptable_ids(collection_id: int, wanted: ReturnFilter) -> list[int]:
    """Submitted returns in the filter with no error, and no query or every query reviewed."""
    if wanted.status and wanted.status != ReturnStatus.SUBMITTED:
        return []
    statement = _acceptable(select(Return.id), collection_id, wanted)
    return list(session.scalars(statement.order_by(Return.id)))


def waiting_for_review(collection_id: int, wanted: ReturnFilter) -> int:
    """How many submitted returns in the filter have a query no reviewer has marked reviewed."""
    if wanted.status and wanted.status != ReturnStatus.SUBMITTED:
        return 0
    statement = _joined(select(func.count()).select_from(Return)).where(
        *conditions(collection_id, wanted),
        Return.status == ReturnStatus.SUBMITTED,
        unreviewed_query(),
    )
    return session.scalar(statement) or 0


@dataclass(frozen=True)
class AcceptableRow:
    """A return bulk accept would accept, as its confirmation page lists it."""

    id: int
    name: str
    urn: int | None
    force_name: str
    queries: int


def acceptable_rows(collection_id: int, wanted: ReturnFilter, limit: int) -> list[AcceptableRow]:
    """The first limit returns bulk accept would accept, by name, with their reviewed queries."""
    if wanted.status and wanted.status != ReturnStatus.SUBMITTED:
        return []
    queries = (
        select(func.count())
        .where(Finding.return_id == Return.id, Finding.level == Level.QUERY)
        .correlate(Return)
        .scalar_subquery()
    )
    statement = _acceptable(
        select(Return.id, Organisation.name, Organisation.school_urn, ForceArea.name, queries),
        collection_id,
        wanted,
    )
    rows = session.execute(statement.order_by(Organisation.name, Return.id).limit(limit))
    return [AcceptableRow(*row) for row in rows.tuples()]


def matching(collection_id: int, wanted: ReturnFilter) -> Select[tuple[int]]:
    """The ids of the returns the filter matches, as a subquery another query can use."""
    statement = select(Return.id)
    if wanted.q:
        statement = _joined(statement)
    # Never correlated: the outer query may select from returns too.
    return statement.where(*conditions(collection_id, wanted)).correlate(None)
