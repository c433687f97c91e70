"""The pandas aggregation of the national datasets: one function per file, all from Inputs.

Every figure is computed from unrounded data; rounding happens only when a file is written.
Each table has one row per area (`geo_level`, `geo_code`) and combination of filter items,
where `Total` stands for all items of a filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from sspcollect.datasets import definitions as defs
from sspcollect.datasets.coverage import not_available
from sspcollect.datasets.cube import TOTAL, Distinct, distinct_cube, sum_cube
from sspcollect.datasets.geography import Areas, area_codes, build_areas
from sspcollect.datasets.queries import Inputs
from sspcollect.models import FUNDING_SOURCE_LABELS, MODEL_LABELS
from sspcollect.models.returns import OUTCOME_FIELDS

AREAS = ["in_national", "in_country", "in_region", "in_pfa", "in_la"]


@dataclass
class Prepared:
    """The inputs joined once, shared by every file."""

    inputs: Inputs
    areas: Areas
    schools: pd.DataFrame  # every school, with its force area
    population: pd.DataFrame  # the schools of the collection (those with a return), located
    partnerships: pd.DataFrame  # submitted partnerships of the counted force returns
    covered: pd.DataFrame  # their links to counted schools of the collection, with FTE shares
    counted_forces: set[str]  # force areas whose return is counted


def prepare(inputs: Inputs) -> Prepared:
    """Join the tables once: schools to their areas, partnerships to their schools."""
    areas = build_areas(
        inputs.local_authorities, inputs.regions, inputs.countries, inputs.force_areas
    )
    schools = inputs.schools.merge(
        areas.local_authorities[["la_code", "pfa_code"]], on="la_code", how="left"
    ).astype({"urn": "int64"})
    returns = inputs.returns
    in_collection = pd.to_numeric(returns.loc[returns["kind"] == "school", "urn"]).dropna()
    population = area_codes(schools[schools["urn"].isin(in_collection)], areas)
    forces = returns[(returns["kind"] == "force") & returns["status"].isin(inputs.statuses)]
    counted_forces = set(forces["force_area_code"].dropna())
    # Register figures cover only the schools whose force's return is counted.
    population["force_counted"] = population["pfa_code"].isin(counted_forces)
    population["education_phase"] = (
        population["phase"].map(defs.EDUCATION_PHASES).fillna(defs.OTHER_PHASE)
    )
    partnerships = inputs.partnerships.copy()
    partnerships["fte"] = partnerships["fte"].astype(float)
    partnerships["model_label"] = _model_labels(partnerships["model"])
    partnerships["funding_horizon"] = funding_horizon(
        partnerships["funded_until"], inputs.collection.reference_date
    )
    links = inputs.links[["snapshot_id", "urn"]].astype({"urn": "int64"})
    links = links[links["urn"].isin(in_collection)]
    links = links.merge(
        partnerships[["snapshot_id", "model_label", "fte"]], on="snapshot_id"
    ).merge(population[["urn", "education_phase", "school_pupils", *AREAS]], on="urn")
    links["fte_share"] = links["fte"] / links.groupby("snapshot_id")["urn"].transform("size")
    links = links[links["in_pfa"].isin(counted_forces)].reset_index(drop=True)
    links["link_id"] = np.arange(len(links))
    return Prepared(inputs, areas, schools, population, partnerships, links, counted_forces)


def funding_horizon(funded_until: pd.Series, reference_date: date) -> pd.Series:
    """How long funding lasts after the reference date, in the bands of the funding file."""
    until = pd.to_datetime(funded_until)
    reference = pd.Timestamp(reference_date)
    one_year = reference + pd.DateOffset(years=1)
    three_years = reference + pd.DateOffset(years=3)
    bands = np.select(
        [until.isna(), until < one_year, until < three_years],
        [defs.HORIZON_ITEMS[3], defs.HORIZON_ITEMS[0], defs.HORIZON_ITEMS[1]],
        defs.HORIZON_ITEMS[2],
    )
    return pd.Series(bands, index=funded_until.index, dtype=object)


def partnerships_table(prepared: Prepared) -> pd.DataFrame:
    """ssp_partnerships: coverage by model and phase, for every area with schools.

    Local authorities are broken down by model or by phase, not by both: nearly every cell of
    that cross would be a small count. Where no school of an area and phase is in a force
    area whose return is counted, the register figures are not available (x).
    """
    levels = defs.PARTNERSHIPS.levels
    population = prepared.population
    keys = ["geo_level", "geo_code", "education_phase"]
    counts = distinct_cube(
        population, levels, ["education_phase"], [Distinct("school_count", "urn")]
    )
    counted = distinct_cube(
        population[population["force_counted"]],
        levels,
        ["education_phase"],
        [Distinct("schools_counted_count", "urn")],
    )
    counts = counts.merge(counted, on=keys, how="left")
    counts["schools_counted_count"] = counts["schools_counted_count"].astype(float).fillna(0)
    models = pd.DataFrame({"ssp_model": [TOTAL, *_models(prepared.partnerships)]})
    grid = counts.merge(models, how="cross")
    grid = grid[
        (grid["geo_level"] != "la")
        | (grid["ssp_model"] == TOTAL)
        | (grid["education_phase"] == TOTAL)
    ]
    covered = distinct_cube(
        prepared.covered.rename(columns={"model_label": "ssp_model"}),
        levels,
        ["ssp_model", "education_phase"],
        [
            Distinct("partnership_count", "snapshot_id"),
            Distinct("schools_covered_count", "urn"),
            Distinct("officer_fte", "link_id", "fte_share"),
            Distinct("pupils_in_covered_schools_count", "urn", "school_pupils"),
        ],
    )
    table = grid.merge(covered, on=[*keys, "ssp_model"], how="left").reset_index(drop=True)
    register = [
        "partnership_count",
        "schools_covered_count",
        "officer_fte",
        "pupils_in_covered_schools_count",
    ]
    for column in register:
        table[column] = table[column].astype(float).fillna(0)
    table["schools_covered_percent"] = _ratio(
        table["schools_covered_count"], table["schools_counted_count"], 100
    )
    return not_available(
        table, table["schools_counted_count"] == 0, [*register, "schools_covered_percent"]
    )


def school_outcomes_table(prepared: Prepared) -> pd.DataFrame:
    """ssp_school_outcomes: pupil-weighted outcomes of the responding schools."""
    answers = prepared.inputs.answers.astype({"urn": "int64"}).merge(
        prepared.schools[["urn", "pfa_code"]], on="urn", how="left"
    )
    status = answers["has_ssp"].map(defs.STATUS_LABELS).fillna(defs.NOT_KNOWN)
    has_ssp = status == defs.STATUS_LABELS["yes"]
    vru = answers["pfa_code"].map(prepared.areas.force_areas.set_index("pfa_code")["vru"])
    pupils = answers["pupils_on_roll"].astype(float)
    school = pd.DataFrame(
        {
            "pfa_code": answers["pfa_code"],
            "ssp_status": status,
            "ssp_model": _model_labels(answers["ssp_model"]).where(has_ssp, "-"),
            "vru_area": vru.astype("boolean").fillna(False).astype(bool).map(defs.VRU_LABELS),
            "school_count": 1.0,
            "pupil_count": pupils.fillna(0),
        }
    )
    sums = ["school_count", "pupil_count"]
    not_surveyed = answers["feel_safe_not_surveyed"].astype("boolean").fillna(False)
    weighted = {
        "attendance_percent": answers["attendance_percent"],
        "persistent_absence_percent": answers["persistent_absence_percent"],
        "feel_safe_percent": answers["pupils_feel_safe_percent"].where(~not_surveyed),
    }
    for column, values in weighted.items():
        known = values.astype(float).notna() & pupils.notna()
        school[f"{column}_num"] = (values.astype(float) * pupils).where(known, 0)
        school[f"{column}_den"] = pupils.where(known, 0)
        sums += [f"{column}_num", f"{column}_den"]
    school["feel_safe_schools_count"] = (school["feel_safe_percent_den"] > 0).astype(float)
    sums.append("feel_safe_schools_count")
    for field, thing, _label, _per, _dp in defs.SCHOOL_EVENTS:
        values = answers[field].astype(float)
        known = values.notna() & pupils.notna()
        school[f"{thing}_count"] = values.where(known, 0)
        school[f"{thing}_den"] = pupils.where(known, 0)
        sums += [f"{thing}_count", f"{thing}_den"]
    filters = defs.SCHOOL_OUTCOMES.filter_columns
    # Adding schools up within each force area first keeps the cube small; every figure is a sum.
    finest = school.groupby(["pfa_code", *filters], as_index=False)[sums].sum()
    table = sum_cube(area_codes(finest, prepared.areas), defs.SCHOOL_OUTCOMES.levels, filters, sums)
    # A model is a detail of schools with a partnership: no model rows for the others.
    table = table[
        (table["ssp_model"] == TOTAL)
        | ((table["ssp_status"] == defs.STATUS_LABELS["yes"]) & (table["ssp_model"] != "-"))
    ].reset_index(drop=True)
    for column in weighted:
        table[column] = _ratio(table[f"{column}_num"], table[f"{column}_den"], 1)
    for _field, thing, _label, per, _dp in defs.SCHOOL_EVENTS:
        table[f"{thing}_rate"] = _ratio(table[f"{thing}_count"], table[f"{thing}_den"], per)
    return _unanswered_areas(prepared, table)


def _unanswered_areas(prepared: Prepared, table: pd.DataFrame) -> pd.DataFrame:
    """A row of `x` for each area (and VRU group) with schools but no counted school return."""
    population = prepared.population
    vru = population["pfa_code"].map(prepared.areas.force_areas.set_index("pfa_code")["vru"])
    frame = population.assign(
        vru_area=vru.astype("boolean").fillna(False).astype(bool).map(defs.VRU_LABELS),
        schools=1.0,
    )
    expected = sum_cube(frame, defs.SCHOOL_OUTCOMES.levels, ["vru_area"], ["schools"])
    keys = ["geo_level", "geo_code", "vru_area"]
    totals = table[(table["ssp_status"] == TOTAL) & (table["ssp_model"] == TOTAL)]
    missing = expected.merge(totals[keys], on=keys, how="left", indicator=True)
    missing = missing[missing["_merge"] == "left_only"][keys]
    if missing.empty:
        return table
    added = missing.assign(ssp_status=TOTAL, ssp_model=TOTAL, school_count=0.0)
    figures = [
        column for column in table.columns if column not in (*keys, "ssp_status", "ssp_model")
    ]
    added = not_available(
        added.reindex(columns=[*keys, "ssp_status", "ssp_model", *figures]),
        pd.Series(True, index=added.index),
        [c for c in figures if c != "school_count"],
    )
    added["school_count"] = 0.0
    return pd.concat([table, added], ignore_index=True)


def police_outcomes_table(prepared: Prepared) -> pd.DataFrame:
    """ssp_police_outcomes: the forces' counts for their partnerships, by model."""
    outcomes = prepared.partnerships[
        ["snapshot_id", "return_id", "partnership_id", "force_code", "model_label"]
    ].merge(prepared.inputs.outcomes, on=["return_id", "partnership_id"], how="left")
    frame = area_codes(
        outcomes.rename(columns={"force_code": "pfa_code", "model_label": "ssp_model"}),
        prepared.areas,
    )
    levels = defs.POLICE_OUTCOMES.levels
    # Each submitted partnership is one row, so every figure is a sum: partnerships count 1.
    frame["partnership_count"] = 1.0
    sums = ["partnership_count"]
    for field in OUTCOME_FIELDS:
        frame[f"{field}_known"] = frame[field].notna().astype(float)
        frame[f"{field}_count"] = frame[field].astype(float).fillna(0)
        sums += [f"{field}_count", f"{field}_known"]
    figures = sum_cube(frame, levels, ["ssp_model"], sums)
    # Every force appears, with each model, even where it reported no partnership; a force
    # whose return is not counted (and an area with no such force) has figures not available.
    returns = prepared.inputs.returns
    forces = returns[returns["kind"] == "force"]
    located = area_codes(
        forces[["force_area_code"]].rename(columns={"force_area_code": "pfa_code"}),
        prepared.areas,
    )
    located["counted"] = located["pfa_code"].isin(prepared.counted_forces).astype(float)
    areas = sum_cube(located, levels, [], ["counted"])
    models = pd.DataFrame({"ssp_model": [TOTAL, *_models(prepared.partnerships)]})
    keys = ["geo_level", "geo_code", "ssp_model"]
    table = areas.merge(models, how="cross").merge(figures, on=keys, how="left")
    table["partnership_count"] = table["partnership_count"].astype(float).fillna(0)
    none = table["partnership_count"] == 0
    for field in OUTCOME_FIELDS:
        column = f"{field}_count"
        known = table[f"{field}_known"].fillna(0) > 0
        # No partnership reported nothing (0); partnerships without any figure are unknown.
        table[column] = table[column].astype(float).where(known, np.nan).where(~none, 0.0)
    counts = ["partnership_count", *(f"{field}_count" for field in OUTCOME_FIELDS)]
    return not_available(table, table["counted"] == 0, counts)


def funding_table(prepared: Prepared) -> pd.DataFrame:
    """ssp_funding: partnerships and FTE by funding source and horizon, with their ISA share."""
    partnerships = prepared.partnerships
    sources = partnerships["funding_sources"].map(
        lambda found: [FUNDING_SOURCE_LABELS.get(s, s) for s in found or []] or [defs.NOT_KNOWN]
    )
    funding = (
        partnerships[["snapshot_id", "funding_horizon", "information_sharing_agreement"]]
        .assign(funding_source=sources)
        .explode("funding_source")
    )
    links = prepared.covered[["snapshot_id", "link_id", "fte_share", *AREAS]]
    frame = links.merge(funding, on="snapshot_id")
    frame["information_sharing_agreement"] = frame["information_sharing_agreement"].astype(float)
    # Under Total a partnership with two sources appears twice: distinct ids count it once.
    table = distinct_cube(
        frame,
        defs.FUNDING.levels,
        defs.FUNDING.filter_columns,
        [
            Distinct("partnership_count", "snapshot_id"),
            Distinct("officer_fte", "link_id", "fte_share"),
            Distinct("partnerships_with_isa_count", "snapshot_id", "information_sharing_agreement"),
        ],
    )
    # Every area with schools, with every source and horizon: 0 where a counted force has
    # none, not available (x) where no school of the area is in a counted force's area.
    population = prepared.population.assign(counted=prepared.population["force_counted"] * 1.0)
    areas = sum_cube(population, defs.FUNDING.levels, [], ["counted"])
    items = [pd.DataFrame({item.column: [TOTAL, *item.items]}) for item in defs.FUNDING.filters]
    grid = areas.merge(items[0], how="cross").merge(items[1], how="cross")
    keys = ["geo_level", "geo_code", *defs.FUNDING.filter_columns]
    table = grid.merge(table, on=keys, how="left")
    counts = ["partnership_count", "partnerships_with_isa_count", "officer_fte"]
    for column in counts:
        table[column] = table[column].astype(float).fillna(0)
    table["partnerships_with_isa_percent"] = _ratio(
        table["partnerships_with_isa_count"], table["partnership_count"], 100
    )
    return not_available(table, table["counted"] == 0, [*counts, "partnerships_with_isa_percent"])


def progress_table(prepared: Prepared) -> pd.DataFrame:
    """ssp_collection_progress: returns expected, submitted, accepted and counted."""
    returns = prepared.inputs.returns
    located = returns.assign(urn=pd.to_numeric(returns["urn"])).merge(
        prepared.schools[["urn", "la_code", "pfa_code"]].astype({"urn": "float64"}),
        on="urn",
        how="left",
    )
    is_force = located["kind"] == "force"
    status = located["status"]
    frame = pd.DataFrame(
        {
            "la_code": located["la_code"].where(~is_force),
            "pfa_code": located["pfa_code"].where(~is_force, located["force_area_code"]),
            "return_type": located["kind"].map(defs.RETURN_TYPE_LABELS),
            "returns_expected_count": 1.0,
            "returns_submitted_count": status.isin(["submitted", "accepted"]).astype(float),
            "returns_accepted_count": (status == "accepted").astype(float),
            "returns_included_count": status.isin(prepared.inputs.statuses).astype(float),
        }
    )
    sums = [column for column in frame.columns if column.endswith("_count")]
    finest = frame.groupby(["la_code", "pfa_code", "return_type"], as_index=False, dropna=False)[
        sums
    ].sum()
    levels = defs.progress_file(prepared.inputs.included).levels
    table = sum_cube(area_codes(finest, prepared.areas), levels, ["return_type"], sums)
    table["response_rate_percent"] = _ratio(
        table["returns_submitted_count"], table["returns_expected_count"], 100
    )
    table["returns_included_percent"] = _ratio(
        table["returns_included_count"], table["returns_expected_count"], 100
    )
    return table


def _ratio(numerator: pd.Series, denominator: pd.Series, scale: float) -> pd.Series:
    """scale x numerator / denominator, missing (NaN) where the denominator is zero."""
    numerator = numerator.astype(float)
    denominator = denominator.astype(float)
    return (scale * numerator / denominator.where(denominator > 0)).astype(float)


def _model_labels(models: pd.Series) -> pd.Series:
    """Partnership models as the files name them (an unanswered model is Not known)."""
    labels = {str(model): label for model, label in MODEL_LABELS.items()}
    return models.map(labels).fillna(models).fillna(defs.NOT_KNOWN)


def _models(partnerships: pd.DataFrame) -> list[str]:
    """Every partnership model, then any other found in the data (such as Not known)."""
    known = list(MODEL_LABELS.values())
    found = sorted(set(partnerships["model_label"].dropna()) - set(known))
    return [*known, *found]
