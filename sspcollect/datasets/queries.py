"""Reading a collection for the national datasets: one query per table into a pandas DataFrame.

Nothing here walks the ORM row by row: each table comes back in one SELECT, and the
aggregation (aggregate.py) joins them in pandas.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import JSON, Boolean, ColumnElement, Connection, Integer, Numeric, Select, select

from sspcollect.collections.periods import AcademicYear, period_words
from sspcollect.datasets.names import ACCEPTED, INCLUDED_CHOICES
from sspcollect.db import session
from sspcollect.models import (
    Collection,
    Country,
    ForceArea,
    FrozenCountry,
    FrozenForceArea,
    FrozenLocalAuthority,
    FrozenRegion,
    FrozenSchool,
    LocalAuthority,
    Organisation,
    PartnershipOutcome,
    Region,
    Return,
    ReturnKind,
    School,
    SchoolAnswers,
    SubmittedPartnership,
    SubmittedPartnershipSchool,
)
from sspcollect.models.returns import OUTCOME_FIELDS
from sspcollect.register.rules import PARTNERSHIP_FIELDS

ANSWER_FIELDS = (
    "has_ssp",
    "ssp_force_code",
    "ssp_model",
    "pupils_on_roll",
    "attendance_percent",
    "persistent_absence_percent",
    "suspensions",
    "permanent_exclusions",
    "violent_incidents",
    "weapon_incidents",
    "bullying_incidents",
    "pupils_feel_safe_percent",
    "feel_safe_not_surveyed",
)
# A submitted partnership has the same answers as a partnership in the register.
SNAPSHOT_FIELDS = PARTNERSHIP_FIELDS


@dataclass(frozen=True)
class CollectionFacts:
    """What the files say about the collection itself."""

    id: int
    title: str
    # The academic year the collection ran in (its name), as EES writes it: 202627.
    time_period: str
    reference_date: date
    status: str
    # The period the outcome figures describe.
    period_start: date
    period_end: date
    # When the reference data the files use were fixed (the collection's close), or None
    # while the collection is open and the files use the reference data of the day.
    reference_frozen_on: date | None = None
    # The disclosure threshold fixed at the close, if closed.
    frozen_threshold: int | None = None

    @property
    def outcomes_year(self) -> AcademicYear:
        """The academic year the outcome figures describe."""
        return AcademicYear.containing(self.period_start)

    @property
    def register_year(self) -> AcademicYear:
        """The academic year of the reference date, at which the registers are reported."""
        return AcademicYear.containing(self.reference_date)

    @property
    def period_words(self) -> str:
        """1 September 2025 to 31 August 2026."""
        return period_words(self.period_start, self.period_end)


@dataclass
class Inputs:
    """Every table the national datasets are made from, for one collection."""

    collection: CollectionFacts
    included: str
    returns: pd.DataFrame
    answers: pd.DataFrame
    schools: pd.DataFrame
    local_authorities: pd.DataFrame
    regions: pd.DataFrame
    countries: pd.DataFrame
    force_areas: pd.DataFrame
    partnerships: pd.DataFrame
    links: pd.DataFrame
    outcomes: pd.DataFrame

    @property
    def statuses(self) -> tuple[str, ...]:
        """The return statuses counted in the datasets."""
        return INCLUDED_CHOICES[self.included]


def _frame(statement: Select[Any], columns: Sequence[str]) -> pd.DataFrame:
    """The rows of one SELECT as a DataFrame (decimals become floats).

    On PostgreSQL the rows come through COPY … TO STDOUT as CSV, which pandas parses in C:
    several times faster than building a Python object for every value of 26,000 rows.
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        return _copied_frame(connection, statement, list(columns))
    result = connection.execute(statement)
    return pd.DataFrame.from_records(result.all(), columns=list(columns), coerce_float=True)


def _copied_frame(
    connection: Connection, statement: Select[Any], columns: list[str]
) -> pd.DataFrame:
    """The rows of statement read with COPY as CSV; its values are passed as parameters."""
    compiled = statement.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    types = [column.type for column in statement.selected_columns]
    buffer = io.BytesIO()
    driver = connection.connection.driver_connection
    assert driver is not None
    with (
        driver.cursor() as cursor,
        cursor.copy(f"COPY ({compiled}) TO STDOUT WITH (FORMAT csv)", compiled.params) as copy,
    ):
        for block in copy:
            buffer.write(block)
    buffer.seek(0)
    text = {
        name: str
        for name, kind in zip(columns, types, strict=True)
        if not isinstance(kind, Integer | Numeric)
    }
    frame = pd.read_csv(
        buffer, names=columns, header=None, dtype=text, keep_default_na=False, na_values=[""]
    )
    for name, kind in zip(columns, types, strict=True):
        if isinstance(kind, Boolean):
            frame[name] = frame[name].map({"t": True, "f": False})
        elif isinstance(kind, JSON):
            frame[name] = frame[name].map(lambda v: json.loads(v) if isinstance(v, str) else v)
    return frame


def _included_force_returns(
    collection_id: int, statuses: Sequence[str]
) -> list[ColumnElement[bool]]:
    """Conditions picking the force returns of the collection that the datasets count."""
    return [
        Return.collection_id == collection_id,
        Return.kind == ReturnKind.FORCE.value,
        Return.status.in_(statuses),
    ]


def _reference_tables(collection: Collection) -> dict[str, pd.DataFrame]:
    """The reference tables the files use: as fixed at the collection's close, or live."""
    frozen = collection.reference_frozen_at is not None
    school = FrozenSchool if frozen else School
    la = FrozenLocalAuthority if frozen else LocalAuthority
    region = FrozenRegion if frozen else Region
    country = FrozenCountry if frozen else Country
    force = FrozenForceArea if frozen else ForceArea

    def of(model: Any, statement: Select[Any]) -> Select[Any]:
        """statement limited to this collection's copy, when reading a frozen table."""
        return statement.where(model.collection_id == collection.id) if frozen else statement

    return {
        "schools": _frame(
            of(
                school, select(school.urn, school.name, school.la_code, school.phase, school.pupils)
            ),
            ["urn", "school_name", "la_code", "phase", "school_pupils"],
        ),
        "local_authorities": _frame(
            of(
                la,
                select(
                    la.code,
                    la.old_code,
                    la.name,
                    la.region_code,
                    la.force_area_code,
                    la.country_code,
                ),
            ),
            ["la_code", "old_la_code", "la_name", "region_code", "pfa_code", "country_code"],
        ),
        "regions": _frame(
            of(region, select(region.code, region.name)), ["region_code", "region_name"]
        ),
        "countries": _frame(
            of(country, select(country.code, country.name)), ["country_code", "country_name"]
        ),
        "force_areas": _frame(
            of(force, select(force.code, force.name, force.country_code, force.vru)),
            ["pfa_code", "pfa_name", "country_code", "vru"],
        ),
    }


def read_inputs(collection: Collection, included: str = ACCEPTED) -> Inputs:
    """Read the collection's returns, answers, submitted registers and the reference tables."""
    if included not in INCLUDED_CHOICES:
        raise ValueError(f"included must be one of {', '.join(INCLUDED_CHOICES)}")
    statuses = INCLUDED_CHOICES[included]
    force_filter = _included_force_returns(collection.id, statuses)
    answer_columns = [getattr(SchoolAnswers, name) for name in ANSWER_FIELDS]
    snapshot_columns = [getattr(SubmittedPartnership, name) for name in SNAPSHOT_FIELDS]
    outcome_columns = [getattr(PartnershipOutcome, name) for name in OUTCOME_FIELDS]
    facts = CollectionFacts(
        id=collection.id,
        title=collection.title,
        time_period=collection.time_period,
        reference_date=collection.reference_date,
        status=collection.status,
        period_start=collection.period_start,
        period_end=collection.period_end,
        reference_frozen_on=collection.reference_frozen_at.date()
        if collection.reference_frozen_at
        else None,
        frozen_threshold=collection.disclosure_threshold,
    )
    reference = _reference_tables(collection)
    return Inputs(
        collection=facts,
        included=included,
        returns=_frame(
            select(
                Return.id,
                Return.kind,
                Return.status,
                Return.force_area_code,
                Organisation.school_urn,
            )
            .join(Organisation, Organisation.id == Return.organisation_id)
            .where(Return.collection_id == collection.id),
            ["return_id", "kind", "status", "force_area_code", "urn"],
        ),
        answers=_frame(
            select(Organisation.school_urn, *answer_columns)
            .join(Return, Return.id == SchoolAnswers.return_id)
            .join(Organisation, Organisation.id == Return.organisation_id)
            .where(
                Return.collection_id == collection.id,
                Return.kind == ReturnKind.SCHOOL.value,
                Return.status.in_(statuses),
            ),
            ["urn", *ANSWER_FIELDS],
        ),
        **reference,
        partnerships=_frame(
            select(
                SubmittedPartnership.id,
                SubmittedPartnership.return_id,
                SubmittedPartnership.partnership_id,
                Return.force_area_code,
                Return.status,
                *snapshot_columns,
            )
            .join(Return, Return.id == SubmittedPartnership.return_id)
            .where(*force_filter),
            [
                "snapshot_id",
                "return_id",
                "partnership_id",
                "force_code",
                "return_status",
                *SNAPSHOT_FIELDS,
            ],
        ),
        links=snapshot_school_links(force_filter),
        outcomes=_frame(
            select(
                PartnershipOutcome.return_id, PartnershipOutcome.partnership_id, *outcome_columns
            )
            .join(Return, Return.id == PartnershipOutcome.return_id)
            .where(*force_filter),
            ["return_id", "partnership_id", *OUTCOME_FIELDS],
        ),
    )


# The same reader, for other packages that build their tables one query per table.
read_frame = _frame


def snapshot_school_links(force_returns: Sequence[ColumnElement[bool]]) -> pd.DataFrame:
    """The schools each submitted partnership covers, and for how many days a week, over
    the force returns that force_returns picks: snapshot_id, urn, days_per_week."""
    return _frame(
        select(
            SubmittedPartnershipSchool.submitted_partnership_id,
            SubmittedPartnershipSchool.school_urn,
            SubmittedPartnershipSchool.days_per_week,
        )
        .join(
            SubmittedPartnership,
            SubmittedPartnership.id == SubmittedPartnershipSchool.submitted_partnership_id,
        )
        .join(Return, Return.id == SubmittedPartnership.return_id)
        .where(*force_returns),
        ["snapshot_id", "urn", "days_per_week"],
    )
