"""National progress of a collection: returns by status, overall, by kind and by area.

Every figure comes from a GROUP BY query over the returns (no return is loaded one by one),
so the page stays fast at 26,000 returns. Force returns belong to their force area; school
returns also to their local authority and region (Wales is one row of its own).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from sqlalchemy import ColumnElement, func, select

from sspcollect.db import session
from sspcollect.models import (
    STATUS_LABELS,
    Country,
    ForceArea,
    LocalAuthority,
    Region,
    Return,
    ReturnKind,
    ReturnStatus,
)

# The order statuses are shown in, from furthest behind to done.
STATUSES: tuple[ReturnStatus, ...] = (
    ReturnStatus.NOT_STARTED,
    ReturnStatus.IN_PROGRESS,
    ReturnStatus.RETURNED,
    ReturnStatus.SUBMITTED,
    ReturnStatus.ACCEPTED,
)
# Returns that have reached the centre and not been sent back.
COMPLETE = (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)
KIND_LABELS = {ReturnKind.SCHOOL: "School returns", ReturnKind.FORCE: "Force returns"}


def region_key() -> ColumnElement[str]:
    """A local authority's region, or its country for Wales (which has no regions)."""
    return func.coalesce(LocalAuthority.region_code, LocalAuthority.country_code)


def percent(part: int, whole: int) -> float:
    """part as a percentage of whole (0 when whole is 0)."""
    return 100.0 * part / whole if whole else 0.0


@dataclass
class Tally:
    """Returns by status for one group (the nation, a kind, an area)."""

    code: str = ""
    name: str = ""
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))

    def add(self, status: str, count: int) -> None:
        """Count count more returns of status."""
        self.counts[status] = self.counts.get(status, 0) + count

    @property
    def total(self) -> int:
        """All returns of the group."""
        return sum(self.counts.values())

    @property
    def complete(self) -> int:
        """Returns submitted or accepted."""
        return sum(self.counts.get(status, 0) for status in COMPLETE)

    @property
    def complete_percent(self) -> float:
        """Submitted or accepted, as a percentage of all returns."""
        return percent(self.complete, self.total)

    def percent(self, status: str) -> float:
        """Returns of status as a percentage of all returns."""
        return percent(self.counts.get(status, 0), self.total)


@dataclass
class Progress:
    """Everything the progress page shows."""

    overall: Tally
    by_kind: dict[str, Tally]
    by_force: list[Tally]
    by_region: list[Tally]
    by_la: list[Tally]


def area_names() -> tuple[dict[str, str], dict[str, str]]:
    """Region names (with Wales for its country code) and local authority names, by code."""
    regions = dict(session.execute(select(Region.code, Region.name)).tuples().all())
    without_regions = select(LocalAuthority.country_code).where(
        LocalAuthority.region_code.is_(None)
    )
    countries = select(Country.code, Country.name).where(Country.code.in_(without_regions))
    regions.update(session.execute(countries).tuples().all())
    las = dict(session.execute(select(LocalAuthority.code, LocalAuthority.name)).tuples().all())
    return regions, las


def _tallies(names: dict[str, str]) -> dict[str, Tally]:
    """An empty tally for every code in names."""
    return {code: Tally(code, name) for code, name in names.items()}


def progress(collection_id: int) -> Progress:
    """The collection's returns by status: overall, by kind, force area, region and authority.

    One GROUP BY over the collection's returns (by kind, force area, authority and status:
    a thousand rows at most) feeds every table; the reference names come from the small
    reference tables.
    """
    grouped = session.execute(
        select(Return.kind, Return.force_area_code, Return.la_code, Return.status, func.count())
        .where(Return.collection_id == collection_id)
        .group_by(Return.kind, Return.force_area_code, Return.la_code, Return.status)
    ).tuples()
    region_names, la_names = area_names()
    force_names = dict(session.execute(select(ForceArea.code, ForceArea.name)).tuples().all())
    region_of = dict(session.execute(select(LocalAuthority.code, region_key())).tuples().all())
    overall = Tally("", "All returns")
    by_kind: dict[str, Tally] = {str(kind): Tally(kind, KIND_LABELS[kind]) for kind in ReturnKind}
    by_force, by_region, by_la = (
        _tallies(force_names),
        _tallies(region_names),
        _tallies(la_names),
    )
    with_returns: set[str] = set()
    for kind, force, la, status, count in grouped:
        overall.add(status, count)
        by_kind.setdefault(kind, Tally(kind, kind)).add(status, count)
        by_force.setdefault(force, Tally(force, force)).add(status, count)
        if la is not None:
            by_la.setdefault(la, Tally(la, la)).add(status, count)
            with_returns.add(la)
            region = region_of.get(la)
            if region is not None:
                by_region.setdefault(region, Tally(region, region)).add(status, count)
    return Progress(
        overall=overall,
        by_kind=by_kind,
        by_force=sorted(by_force.values(), key=lambda tally: tally.name),
        # English regions in code order (North East first), then Wales.
        by_region=sorted(
            by_region.values(), key=lambda tally: (not tally.code.startswith("E"), tally.code)
        ),
        # Authorities with returns only: a collection of secondary schools may miss some.
        by_la=sorted((by_la[code] for code in with_returns), key=lambda tally: tally.name),
    )


def submissions_by_day(collection_id: int) -> list[tuple[date, int]]:
    """Returns now submitted or accepted, by the (UTC) day they were submitted, oldest first."""
    day = func.date(Return.submitted_at)
    rows = session.execute(
        select(day, func.count())
        .where(
            Return.collection_id == collection_id,
            Return.status.in_(COMPLETE),
            Return.submitted_at.is_not(None),
        )
        .group_by(day)
    ).tuples()
    counts: dict[date, int] = defaultdict(int)
    for value, count in rows:
        # SQLite hands back text, PostgreSQL a date.
        counts[value if isinstance(value, date) else date.fromisoformat(str(value))] += count
    return sorted(counts.items())


@dataclass(frozen=True)
class Cell:
    """A figure of the progress page: the count, the list behind it, and what it counts."""

    text: str
    href: str
    label: str


@dataclass(frozen=True)
class AreaRow:
    """One area of a progress table: its total, its counts by status, its share complete."""

    name: str
    total: Cell
    counts: list[Cell]
    complete_percent: str


def area_rows(tallies: list[Tally], filter_name: str, list_url: str) -> list[AreaRow]:
    """The rows of an area table, every link made here: a template call per figure is slow."""
    rows = []
    for tally in tallies:
        base = f"{list_url}?{urlencode({filter_name: tally.code})}"
        counts = [
            Cell(
                f"{tally.counts[status]:,}",
                f"{base}&status={status}",
                f"{STATUS_LABELS[status].lower()} in {tally.name}",
            )
            for status in STATUSES
        ]
        total = Cell(f"{tally.total:,}", base, f"returns in {tally.name}")
        rows.append(AreaRow(tally.name, total, counts, f"{tally.complete_percent:.1f}%"))
    return rows
