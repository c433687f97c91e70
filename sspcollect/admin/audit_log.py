"""Reading the audit trail: filtered by user, organisation, collection and dates; paged or as CSV.

Nothing here changes an event: the trail is only ever added to (sspcollect.audit.record).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import aliased

from sspcollect.datasets.safe_csv import line_writer
from sspcollect.db import session
from sspcollect.models import AuditEvent, Collection, Organisation, User
from sspcollect.validation.values import Invalid, date_parts

PAGE_SIZE = 50
UK_TIME = ZoneInfo("Europe/London")
CSV_HEADER = (
    "at",
    "user_email",
    "user_name",
    "organisation_code",
    "organisation_name",
    "collection",
    "action",
    "object_type",
    "object_id",
    "changes",
    "comment",
)
# The user who acted, and the organisation the event concerns.
Actor = aliased(User, name="actor")
Concerned = aliased(Organisation, name="concerned")


@dataclass
class AuditFilter:
    """What the log is narrowed to, as typed, with the problems found reading it."""

    user: str = ""
    organisation: str = ""
    collection: str = ""
    date_from: date | None = None
    date_to: date | None = None
    typed: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    problems: list[dict[str, str]] = field(default_factory=list)

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> AuditFilter:
        """Read the filter from a query string; unreadable dates become problems."""
        wanted = cls(
            user=str(args.get("user", "")).strip()[:254],
            organisation=str(args.get("organisation", "")).strip().upper()[:20],
            collection=str(args.get("collection", "")).strip()[:9],
        )
        if not wanted.collection.isdigit():
            wanted.collection = ""
        for name, label in (("date_from", "From"), ("date_to", "To")):
            day, month, year = (
                str(args.get(f"{name}-{part}", "")).strip()[:4] for part in ("day", "month", "year")
            )
            parts = (day, month, year)
            wanted.typed[name] = parts
            value = date_parts(*parts)
            if isinstance(value, Invalid):
                wanted.problems.append(
                    {
                        "text": f"{label} date must be a real date, such as 5 3 2027",
                        "href": f"#{name}-day",
                    }
                )
            else:
                setattr(wanted, name, value)
        if wanted.date_from and wanted.date_to and wanted.date_to < wanted.date_from:
            wanted.problems.append(
                {
                    "text": "To date must be the same as or after the from date",
                    "href": "#date_to-day",
                }
            )
        return wanted

    def args(self) -> dict[str, str]:
        """The filter as query-string arguments, blanks left out."""
        values = {
            "user": self.user,
            "organisation": self.organisation,
            "collection": self.collection,
        }
        for name, parts in self.typed.items():
            for part, value in zip(("day", "month", "year"), parts, strict=True):
                values[f"{name}-{part}"] = value
        return {name: value for name, value in values.items() if value}


def uk_midnight(day: date) -> datetime:
    """The start of day in the UK, in UTC."""
    return datetime.combine(day, time(0), tzinfo=UK_TIME).astimezone(UTC)


def _conditions(wanted: AuditFilter) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a filter (the query joins the acting user and the organisation)."""
    where: list[ColumnElement[bool]] = []
    if wanted.user:
        where.append(func.lower(Actor.email) == wanted.user.lower())
    if wanted.organisation:
        where.append(Concerned.code == wanted.organisation)
    if wanted.collection:
        where.append(AuditEvent.collection_id == int(wanted.collection))
    if wanted.date_from:
        where.append(AuditEvent.at >= uk_midnight(wanted.date_from))
    if wanted.date_to:
        where.append(AuditEvent.at < uk_midnight(wanted.date_to + timedelta(days=1)))
    return where


def _joined(statement: Select[Any]) -> Select[Any]:
    """statement joined (outer) to the acting user, the organisation and the collection."""
    return (
        statement.outerjoin(Actor, AuditEvent.user_id == Actor.id)
        .outerjoin(Concerned, AuditEvent.organisation_id == Concerned.id)
        .outerjoin(Collection, AuditEvent.collection_id == Collection.id)
    )


@dataclass(frozen=True)
class EventRow:
    """One event as the log shows it."""

    at: datetime
    user_email: str | None
    user_name: str | None
    organisation_code: str | None
    organisation_name: str | None
    collection: str | None
    action: str
    object_type: str
    object_id: str | None
    changes: dict[str, Any] | None
    comment: str | None

    def csv_row(self) -> list[object]:
        """The event as a CSV row."""
        return [
            self.at.isoformat(),
            self.user_email or "",
            self.user_name or "",
            self.organisation_code or "",
            self.organisation_name or "",
            self.collection or "",
            self.action,
            self.object_type,
            self.object_id or "",
            json.dumps(self.changes, sort_keys=True) if self.changes else "",
            self.comment or "",
        ]


def _rows(wanted: AuditFilter) -> Select[Any]:
    """The events of the filter, newest first."""
    return (
        _joined(
            select(
                AuditEvent.at,
                Actor.email,
                Actor.name,
                Concerned.code,
                Concerned.name,
                Collection.title,
                AuditEvent.action,
                AuditEvent.object_type,
                AuditEvent.object_id,
                AuditEvent.changes,
                AuditEvent.comment,
            )
        )
        .where(*_conditions(wanted))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )


def events_page(wanted: AuditFilter, page: int) -> tuple[list[EventRow], int, int, int]:
    """One page of events, newest first: (rows, total, page, pages)."""
    total = (
        session.scalar(
            _joined(select(func.count()).select_from(AuditEvent)).where(*_conditions(wanted))
        )
        or 0
    )
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = session.execute(_rows(wanted).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return [EventRow(*row) for row in rows], total, page, pages


def csv_lines(wanted: AuditFilter) -> Iterator[str]:
    """The events of the filter as CSV text, a line at a time, every text cell made safe."""
    line = line_writer()

    yield line(list(CSV_HEADER))
    for row in session.execute(_rows(wanted).execution_options(yield_per=1000)):
        yield line(EventRow(*row).csv_row())
