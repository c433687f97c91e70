"""ssp_register.csv: the record-level register behind the datasets, for analysts only.

One row per submitted partnership and school it covers, as frozen when each counted force
return was submitted. Every partnership figure in the published files can be recomputed
from it; it is never suppressed and never published.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from sspcollect.datasets.aggregate import Prepared
from sspcollect.datasets.safe_csv import neutralise_text_columns

REGISTER_COLUMNS = (
    "time_period",
    "pfa_code",
    "pfa_name",
    "force_return_status",
    "partnership_id",
    "partnership_reference",
    "partnership_name",
    "ssp_model",
    "model_description",
    "officer_role",
    "officer_count",
    "officer_fte",
    "funding_sources",
    "funded_until",
    "funding_horizon",
    "information_sharing_agreement",
    "start_date",
    "end_date",
    "urn",
    "school_name",
    "school_phase",
    "school_pupils",
    "school_in_collection",
    "days_per_week",
    "new_la_code",
    "old_la_code",
    "la_name",
    "school_pfa_code",
    "region_code",
    "country_code",
)
TEXT_COLUMNS = (
    "partnership_reference",
    "partnership_name",
    "model_description",
    "school_name",
    "la_name",
    "pfa_name",
)


def register_table(prepared: Prepared) -> pd.DataFrame:
    """The register rows, ordered by force, partnership reference and URN."""
    partnerships = prepared.partnerships
    forces = prepared.areas.force_areas.set_index("pfa_code")["pfa_name"]
    # Partnership columns are written once per partnership, then repeated for its schools.
    written = pd.DataFrame(
        {
            "snapshot_id": partnerships["snapshot_id"],
            "time_period": prepared.inputs.collection.register_year.time_period,
            "pfa_code": partnerships["force_code"],
            "pfa_name": partnerships["force_code"].map(forces),
            "force_return_status": partnerships["return_status"],
            "partnership_id": partnerships["partnership_id"],
            "partnership_reference": partnerships["reference"],
            "partnership_name": partnerships["name"],
            "ssp_model": partnerships["model"],
            "model_description": partnerships["model_description"],
            "officer_role": partnerships["officer_role"],
            "officer_count": partnerships["officer_count"],
            "officer_fte": _decimal(partnerships["fte"]),
            "funding_sources": partnerships["funding_sources"].map(lambda s: ";".join(s or [])),
            "funded_until": _day(partnerships["funded_until"]),
            "funding_horizon": partnerships["funding_horizon"],
            "information_sharing_agreement": np.where(
                partnerships["information_sharing_agreement"].astype(bool), "yes", "no"
            ),
            "start_date": _day(partnerships["start_date"]),
            "end_date": _day(partnerships["end_date"]),
        }
    ).sort_values(["pfa_code", "partnership_reference", "partnership_id"], kind="stable")
    las = prepared.areas.local_authorities[
        ["la_code", "old_la_code", "la_name", "pfa_code", "region_code", "country_code"]
    ].rename(columns={"la_code": "new_la_code", "pfa_code": "school_pfa_code"})
    schools = (
        prepared.inputs.links.merge(
            prepared.schools[["urn", "school_name", "la_code", "phase", "school_pupils"]],
            on="urn",
            how="left",
        )
        .merge(las, left_on="la_code", right_on="new_la_code", how="left")
        .sort_values("urn", kind="stable")
    )
    urn = pd.to_numeric(schools["urn"])
    schools = schools.assign(
        urn=urn.astype("Int64"),
        school_phase=schools["phase"],
        school_pupils=pd.to_numeric(schools["school_pupils"]).astype("Int64"),
        school_in_collection=np.where(urn.isin(prepared.population["urn"]), "yes", "no"),
        days_per_week=_decimal(schools["days_per_week"]),
    )
    rows = written.merge(schools, on="snapshot_id", how="left", sort=False)
    rows["school_in_collection"] = rows["school_in_collection"].fillna("")
    return rows[list(REGISTER_COLUMNS)].reset_index(drop=True)


def register_csv(prepared: Prepared) -> str:
    """The register as CSV, with text that could start a spreadsheet formula neutralised."""
    table = neutralise_text_columns(register_table(prepared), TEXT_COLUMNS)
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def _day(values: pd.Series) -> pd.Series:
    """Dates as YYYY-MM-DD, empty where there is none (dates arrive as dates or ISO text)."""
    return values.map(lambda day: "" if pd.isna(day) else str(day)[:10])


def _decimal(values: pd.Series) -> pd.Series:
    """Numbers with one decimal place, empty where there is none."""
    numbers = pd.to_numeric(values).astype(float)
    text = pd.Series(np.char.mod("%.1f", numbers.fillna(0).to_numpy()), index=values.index)
    return text.where(numbers.notna(), "")
