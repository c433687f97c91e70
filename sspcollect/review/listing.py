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

from sspcollect.db import session
from sspcollect.models import (
    Finding,
    ForceArea,
    LocalAuthority,
    Organisation,
    Return,
    ReturnKind,
    ReturnStatus,
)
from sspcollect.review.progress import region_key
from sspcollect.validation import CATALOGUE, Level

PAGE_SIZE = 50
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
            q=str(args.get("q", "") or "").strip()[:SEARCH_LIMIT],
        )

    def args(self, **changes: str) -> dict[str, str]:
        """The filter (with changes) as query-string arguments, blanks left out."""
        values = asdict(replace(self, **changes))
        return {name: value for name, value in values.items() if value}

    @property
    def active(self) -> bool:
        """True when anything narrows the list."""
        return bool(self.args())


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
        )
    )
    rows = session.execute(
        statement.where(*conditions(collection_id, wanted))
        .order_by(Organisation.name, Return.id)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).tuples()
    return ReturnPage([ReturnRow(*row) for row in rows], total, page, pages)


def _acceptable(statement: Select[Any], collection_id: int, wanted: ReturnFilter) -> Select[Any]:
    """statement narrowed to submitted returns in the filter with nothing outstanding."""
    return _joined(statement).where(
        *conditions(collection_id, wanted),
        Return.status == ReturnStatus.SUBMITTED,
        ~outstanding(),
    )


def acceptable_count(collection_id: int, wanted: ReturnFilter) -> int:
    """How many submitted returns in the filter have no error and no unexplained query."""
    if wanted.status and wanted.status != ReturnStatus.SUBMITTED:
        return 0
    statement = _acceptable(select(func.count()).select_from(Return), collection_id, wanted)
    return session.scalar(statement) or 0


def acceptable_ids(collection_id: int, wanted: ReturnFilter) -> list[int]:
    """Submitted returns in the filter with no error and no unexplained query."""
    if wanted.status and wanted.status != ReturnStatus.SUBMITTED:
        return []
    statement = _acceptable(select(Return.id), collection_id, wanted)
    return list(session.scalars(statement.order_by(Return.id)))
