"""The panel: one row per school per closed collection, built from one query per table.

Which schools had a partnership at each collection's reference date, with what model and
dose, and their outcomes and context. Every figure comes from record-level rows: the
registers frozen by accepted force returns, the answers of accepted school returns, and the
reference tables.

The rule for coverage (written here, applied in `_coverage`):

1. A school is covered in a collection when a partnership in an accepted force return's
   frozen register covers it and was running at the reference date (started on or before
   it, not ended before it). The register names the partnership, so its model and dose
   come from there.
2. A school is not covered when its own force's return was accepted and no accepted
   register covers it: the register is the record of what the force provides, and a
   school that says it has a partnership the register does not show is counted as a
   disagreement (the reconciliation queries exist for these), not as covered.
3. Where the school's force's return was not accepted, the school's own answer decides:
   "Yes" is covered (with the model and days it gives), "No" and "Not sure" are not.
4. Otherwise (no accepted register and no accepted school return) coverage is not known.

A school's cohort is the first collection in which it is covered. A school that loses its
partnership stays in its cohort: the effect estimated is that of having gained one (an
intention-to-treat effect), diluted where partnerships end. A school whose coverage in the
year before its first covered year is not known cannot be dated and is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import select

from sspcollect.datasets.queries import read_frame, snapshot_school_links
from sspcollect.db import session
from sspcollect.effects.design import WALES_AREA, add_covariates, phase_group
from sspcollect.models import (
    Collection,
    CollectionStatus,
    ForceArea,
    LocalAuthority,
    Model,
    Organisation,
    Return,
    ReturnKind,
    ReturnStatus,
    School,
    SchoolAnswers,
    SubmittedPartnership,
)

# (answer field, outcome column, events per how many pupils)
RATES = (
    ("suspensions", "suspension_rate", 100),
    ("permanent_exclusions", "permanent_exclusion_rate", 100),
    ("violent_incidents", "violent_incident_rate", 1000),
    ("weapon_incidents", "weapon_incident_rate", 1000),
    ("bullying_incidents", "bullying_incident_rate", 1000),
)
PERCENTS = (
    ("attendance_percent", "attendance_percent"),
    ("persistent_absence_percent", "persistent_absence_percent"),
    ("pupils_feel_safe_percent", "feel_safe_percent"),
)
OUTCOMES = tuple(column for _field, column, _per in RATES) + tuple(c for _f, c in PERCENTS)
ANSWERS = (
    "has_ssp",
    "ssp_model",
    "officer_days_per_week",
    "pupils_on_roll",
    "feel_safe_not_surveyed",
    *(field for field, _column, _per in RATES),
    *(field for field, _column in PERCENTS),
)
MODEL_ORDER = {model.value: rank for rank, model in enumerate(Model)}
ACCEPTED = ReturnStatus.ACCEPTED.value


class PanelError(ValueError):
    """The panel cannot be built for the collection asked for."""


@dataclass(frozen=True)
class Year:
    """One collection of the panel."""

    number: int
    collection_id: int
    time_period: str
    title: str
    reference_date: date

    @property
    def academic_year(self) -> str:
        """202526 written as 2025/26."""
        return f"{self.time_period[:4]}/{self.time_period[4:]}"


@dataclass(frozen=True)
class Panel:
    """The panel's years, its school-year rows and one row per school."""

    years: tuple[Year, ...]
    frame: pd.DataFrame
    schools: pd.DataFrame
    terms: tuple[str, ...]

    @property
    def last(self) -> Year:
        """The latest collection of the panel."""
        return self.years[-1]


def panel_years(collection: Collection) -> tuple[Year, ...]:
    """The closed collections up to and including collection, oldest first."""
    if collection.status != CollectionStatus.CLOSED:
        raise PanelError(
            f"{collection.title} is not closed. Effects are estimated only from closed "
            "collections, whose figures no longer change."
        )
    rows = session.execute(
        select(Collection.id, Collection.time_period, Collection.title, Collection.reference_date)
        .where(
            Collection.status == CollectionStatus.CLOSED,
            Collection.time_period <= collection.time_period,
        )
        .order_by(Collection.time_period)
    ).all()
    return tuple(Year(number, *row) for number, row in enumerate(rows, start=1))


def build_panel(collection: Collection) -> Panel:
    """The panel of every closed collection up to collection, one query per table."""
    years = panel_years(collection)
    ids = [year.collection_id for year in years]
    accepted_force = [
        Return.collection_id.in_(ids),
        Return.kind == ReturnKind.FORCE.value,
        Return.status == ACCEPTED,
    ]
    returns = read_frame(
        select(Return.collection_id, Return.kind, Return.status, Organisation.school_urn)
        .join(Organisation, Organisation.id == Return.organisation_id)
        .where(Return.collection_id.in_(ids)),
        ["collection_id", "kind", "status", "urn"],
    )
    force_returns = read_frame(
        select(Return.collection_id, Return.force_area_code).where(*accepted_force),
        ["collection_id", "pfa_code"],
    )
    answers = read_frame(
        select(
            Return.collection_id,
            Organisation.school_urn,
            *(getattr(SchoolAnswers, name) for name in ANSWERS),
        )
        .join(Return, Return.id == SchoolAnswers.return_id)
        .join(Organisation, Organisation.id == Return.organisation_id)
        .where(
            Return.collection_id.in_(ids),
            Return.kind == ReturnKind.SCHOOL.value,
            Return.status == ACCEPTED,
        ),
        ["collection_id", "urn", *ANSWERS],
    )
    snapshots = read_frame(
        select(
            SubmittedPartnership.id,
            Return.collection_id,
            SubmittedPartnership.model,
            SubmittedPartnership.fte,
            SubmittedPartnership.start_date,
            SubmittedPartnership.end_date,
        )
        .join(Return, Return.id == SubmittedPartnership.return_id)
        .where(*accepted_force),
        ["snapshot_id", "collection_id", "model", "fte", "start_date", "end_date"],
    )
    links = snapshot_school_links(accepted_force)
    schools = read_frame(
        select(School.urn, School.la_code, School.phase, School.pupils),
        ["urn", "la_code", "phase", "register_pupils"],
    )
    authorities = read_frame(
        select(
            LocalAuthority.code,
            LocalAuthority.region_code,
            LocalAuthority.force_area_code,
            LocalAuthority.country_code,
        ),
        ["la_code", "region_code", "pfa_code", "country_code"],
    )
    forces = read_frame(select(ForceArea.code, ForceArea.vru), ["pfa_code", "vru"])
    frame = _school_years(years, returns, schools, authorities, forces)
    frame = _coverage(frame, years, force_returns, snapshots, links, answers)
    frame = _outcomes(frame, answers)
    table, terms = _school_table(frame)
    return Panel(years=years, frame=frame, schools=table, terms=tuple(terms))


def _school_years(
    years: tuple[Year, ...],
    returns: pd.DataFrame,
    schools: pd.DataFrame,
    authorities: pd.DataFrame,
    forces: pd.DataFrame,
) -> pd.DataFrame:
    """A row for every school with a return in each collection, with where it is."""
    by_id = {year.collection_id: year for year in years}
    school_returns = returns[returns["kind"] == ReturnKind.SCHOOL.value]
    frame = pd.DataFrame(
        {
            "collection_id": school_returns["collection_id"].astype(int),
            "urn": school_returns["urn"].astype("int64"),
            "return_status": school_returns["status"],
        }
    )
    frame["year"] = frame["collection_id"].map(lambda i: by_id[i].number)
    frame["time_period"] = frame["collection_id"].map(lambda i: by_id[i].time_period)
    located = schools.astype({"urn": "int64"}).merge(authorities, on="la_code", how="left")
    located = located.merge(forces, on="pfa_code", how="left")
    frame = frame.merge(located, on="urn", how="left")
    frame["vru"] = frame["vru"].astype("boolean").fillna(False).astype(bool)
    frame["phase_group"] = phase_group(frame["phase"])
    frame["area"] = frame["region_code"].where(frame["region_code"].notna(), WALES_AREA)
    return frame.sort_values(["urn", "year"]).reset_index(drop=True)


def _coverage(
    frame: pd.DataFrame,
    years: tuple[Year, ...],
    force_returns: pd.DataFrame,
    snapshots: pd.DataFrame,
    links: pd.DataFrame,
    answers: pd.DataFrame,
) -> pd.DataFrame:
    """Coverage at each reference date by the rule in the module docstring, model and dose."""
    reference = {year.collection_id: pd.Timestamp(year.reference_date) for year in years}
    snaps = snapshots.copy()
    snaps["start_date"] = pd.to_datetime(snaps["start_date"])
    snaps["end_date"] = pd.to_datetime(snaps["end_date"])
    on = snaps["collection_id"].astype(int).map(reference)
    snaps = snaps[
        (snaps["start_date"] <= on) & (snaps["end_date"].isna() | (snaps["end_date"] >= on))
    ]
    covering = links.astype({"urn": "int64"}).merge(snaps, on="snapshot_id")
    schools_each = links.groupby("snapshot_id")["urn"].size()
    covering["fte_share"] = covering["fte"].astype(float) / covering["snapshot_id"].map(
        schools_each
    )
    covering["days_per_week"] = covering["days_per_week"].astype(float)
    covering["model_rank"] = covering["model"].map(MODEL_ORDER)
    # The partnership with the most days on site names the model; FTE shares add up.
    covering = covering.sort_values(
        ["collection_id", "urn", "days_per_week", "model_rank"], ascending=[True, True, False, True]
    )
    register = covering.groupby(["collection_id", "urn"]).agg(
        register_model=("model", "first"),
        register_days=("days_per_week", "first"),
        fte_share=("fte_share", "sum"),
    )
    frame = frame.merge(register.reset_index(), on=["collection_id", "urn"], how="left")
    known = force_returns.assign(force_accepted=True).drop_duplicates()
    known["collection_id"] = known["collection_id"].astype(int)
    frame = frame.merge(known, on=["collection_id", "pfa_code"], how="left")
    said = answers[["collection_id", "urn", "has_ssp", "ssp_model", "officer_days_per_week"]]
    frame = frame.merge(
        said.astype({"collection_id": int, "urn": "int64"}), on=["collection_id", "urn"], how="left"
    )

    in_register = frame["register_model"].notna()
    register_known = in_register | frame["force_accepted"].eq(True)
    answered = frame["has_ssp"].isin(["yes", "no", "not_sure"])
    says_yes = frame["has_ssp"] == "yes"
    covered = pd.Series(np.nan, index=frame.index, dtype=object)
    covered[register_known] = in_register[register_known]
    by_school = ~register_known & answered
    covered[by_school] = says_yes[by_school]
    frame["covered"] = covered.astype("boolean")
    frame["coverage_source"] = np.select(
        [register_known, by_school], ["register", "school"], default="not known"
    )
    frame["disagrees"] = (
        register_known & frame["has_ssp"].isin(["yes", "no"]) & (in_register != says_yes)
    )
    is_covered = frame["covered"].fillna(False).astype(bool)
    frame["model"] = (
        frame["register_model"].where(in_register, frame["ssp_model"]).where(is_covered)
    )
    days = frame["register_days"].where(in_register, frame["officer_days_per_week"].astype(float))
    frame["days_per_week"] = days.where(is_covered)
    frame["fte_share"] = frame["fte_share"].where(in_register)
    return frame.drop(columns=["register_model", "register_days", "force_accepted", "ssp_model"])


def _outcomes(frame: pd.DataFrame, answers: pd.DataFrame) -> pd.DataFrame:
    """Rates per 100 or 1,000 pupils and percentages from accepted school returns."""
    figures = answers.astype({"collection_id": int, "urn": "int64"})
    pupils = figures["pupils_on_roll"].astype(float)
    pupils = pupils.where(pupils > 0)
    out = figures[["collection_id", "urn"]].copy()
    out["pupils_on_roll"] = pupils
    for field, column, per in RATES:
        out[column] = per * figures[field].astype(float) / pupils
    not_surveyed = figures["feel_safe_not_surveyed"].astype("boolean").fillna(False).astype(bool)
    for field, column in PERCENTS:
        values = figures[field].astype(float)
        out[column] = values.where(~not_surveyed) if column == "feel_safe_percent" else values
    return frame.merge(out, on=["collection_id", "urn"], how="left")


def _school_table(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """One row per school: its cohort, model at first cover, covariates, and why left out."""
    years = frame.pivot(index="urn", columns="year", values="covered")
    covered = years.fillna(False).astype(bool).to_numpy()
    known = years.notna().to_numpy()
    ever = covered.any(axis=1)
    first = np.where(ever, covered.argmax(axis=1) + 1, 0)
    # The year before the first covered year must be known not to have been covered.
    before = np.clip(first - 2, 0, None)
    dated = ~ever | (first == 1) | known[np.arange(len(first)), before]
    firsts = frame.sort_values("year").groupby("urn").first()
    starts = frame.merge(pd.DataFrame({"urn": years.index, "cohort": first}), on="urn").query(
        "year == cohort"
    )
    table = pd.DataFrame(
        {
            "urn": years.index,
            "cohort": first,
            "dated": dated,
            "model": starts.set_index("urn")["model"].reindex(years.index).to_numpy(),
            "phase_group": firsts["phase_group"].reindex(years.index).to_numpy(),
            "area": firsts["area"].reindex(years.index).to_numpy(),
            "la_code": firsts["la_code"].reindex(years.index).to_numpy(),
            "pupils": _first_known(frame, "pupils_on_roll")
            .reindex(years.index)
            .fillna(firsts["register_pupils"].reindex(years.index))
            .to_numpy(),
        }
    )
    return add_covariates(table)


def _first_known(frame: pd.DataFrame, column: str) -> pd.Series:
    """Each school's first reported value of column."""
    return frame.dropna(subset=[column]).sort_values("year").groupby("urn")[column].first()
