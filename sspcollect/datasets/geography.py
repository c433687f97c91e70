"""The tree of areas the datasets report on, and the geography columns of the EES standard.

England and Wales (K04000001) holds the two countries; England holds its nine regions;
a region (or Wales) holds police force areas; a force area holds whole local authorities.
Every dataset row is for one area at one level; its parent is the nearest area above it
among the levels that file reports, which is what disclosure control checks totals against.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

ENGLAND_AND_WALES = ("K04000001", "England and Wales")
WALES = "W92000004"

# Levels from the top of the tree down; several EES geographic levels per file.
LEVELS = ("national", "country", "region", "pfa", "la")
EES_LEVELS = {
    "national": "National",
    "country": "National",
    "region": "Regional",
    "pfa": "Police force area",
    "la": "Local authority",
}
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}


@dataclass(frozen=True)
class Areas:
    """Every local authority and force area with the areas above them, and every area's row."""

    local_authorities: pd.DataFrame  # la_code, old_la_code, la_name, pfa_code, region_code, …
    force_areas: pd.DataFrame  # pfa_code, pfa_name, country_code, region_code, vru
    rows: pd.DataFrame  # one per (geo_level, geo_code): EES columns and ancestors


def build_areas(
    local_authorities: pd.DataFrame,
    regions: pd.DataFrame,
    countries: pd.DataFrame,
    force_areas: pd.DataFrame,
) -> Areas:
    """The area tree from the reference tables (force areas lie within one region or Wales)."""
    las = local_authorities.merge(regions, on="region_code", how="left").merge(
        countries, on="country_code", how="left"
    )
    force_region = las.dropna(subset=["region_code"]).drop_duplicates("pfa_code")
    forces = force_areas.merge(countries, on="country_code", how="left").merge(
        force_region[["pfa_code", "region_code", "region_name"]], on="pfa_code", how="left"
    )
    las = las.merge(forces[["pfa_code", "pfa_name"]], on="pfa_code", how="left")
    region_rows = regions.merge(
        las[["region_code", "country_code", "country_name"]].drop_duplicates("region_code"),
        on="region_code",
    )
    national_code, national_name = ENGLAND_AND_WALES
    frames = [
        pd.DataFrame(
            {
                "geo_level": ["national"],
                "geo_code": [national_code],
                "country_code": [national_code],
                "country_name": [national_name],
            }
        ),
        countries.assign(
            geo_level="country", geo_code=countries["country_code"], up_national=national_code
        ),
        region_rows.assign(
            geo_level="region",
            geo_code=region_rows["region_code"],
            up_national=national_code,
            up_country=region_rows["country_code"],
        ),
        forces.assign(
            geo_level="pfa",
            geo_code=forces["pfa_code"],
            up_national=national_code,
            up_country=forces["country_code"],
            up_region=forces["region_code"],
        ),
        las.assign(
            geo_level="la",
            geo_code=las["la_code"],
            new_la_code=las["la_code"],
            up_national=national_code,
            up_country=las["country_code"],
            up_region=las["region_code"],
            up_pfa=las["pfa_code"],
        ),
    ]
    rows = pd.concat(frames, ignore_index=True)
    rows["geographic_level"] = rows["geo_level"].map(EES_LEVELS)
    return Areas(local_authorities=las, force_areas=forces, rows=rows)


def area_codes(frame: pd.DataFrame, areas: Areas) -> pd.DataFrame:
    """frame with the area it falls in at every level: columns in_national … in_la.

    frame needs pfa_code on every row and la_code where the row belongs to a local authority
    (a force return has none, so it is not counted at local authority level; Welsh rows have
    no region).
    """
    forces = areas.force_areas.set_index("pfa_code")
    located = frame.copy()
    located["in_national"] = ENGLAND_AND_WALES[0]
    located["in_country"] = frame["pfa_code"].map(forces["country_code"])
    located["in_region"] = frame["pfa_code"].map(forces["region_code"])
    located["in_pfa"] = frame["pfa_code"]
    located["in_la"] = frame.get("la_code")
    return located


def geography_columns(levels: Sequence[str]) -> list[str]:
    """The EES geography columns a file with these levels carries, in the standard order."""
    columns = ["geographic_level", "country_code", "country_name"]
    if "region" in levels or "la" in levels:
        columns += ["region_code", "region_name"]
    if "la" in levels:
        columns += ["old_la_code", "new_la_code", "la_name"]
    if "pfa" in levels:
        columns += ["pfa_code", "pfa_name"]
    return columns


def attach_geography(table: pd.DataFrame, levels: Sequence[str], areas: Areas) -> pd.DataFrame:
    """table with its EES geography columns and geo_parent, the nearest area above in the file."""
    wanted = geography_columns(levels)
    rows = areas.rows.copy()
    rows["geo_parent"] = None
    for level in LEVELS:
        # Going down the tree, a nearer level present in the file replaces a further one.
        if level in levels and f"up_{level}" in rows:
            rows["geo_parent"] = rows[f"up_{level}"].where(
                rows[f"up_{level}"].notna(), rows["geo_parent"]
            )
    rows = _blank_other_levels(rows)
    joined = table.merge(
        rows[["geo_level", "geo_code", "geo_parent", *wanted]],
        on=["geo_level", "geo_code"],
        how="left",
        validate="many_to_one",
    )
    return joined


def without_welsh_local_authorities(table: pd.DataFrame) -> pd.DataFrame:
    """table without its Welsh local authority rows.

    The list of local authorities Explore Education Statistics accepts is England's, so a
    Welsh authority cannot appear at Local authority level; Wales is published at national
    and police force area level (each Welsh force area is made of whole authorities).
    """
    if "country_code" not in table:
        return table
    welsh = (table["geo_level"] == "la") & (table["country_code"] == WALES)
    return table[~welsh].reset_index(drop=True)


def _blank_other_levels(rows: pd.DataFrame) -> pd.DataFrame:
    """Leave each level's columns empty on rows of levels above it, as the EES standard asks."""
    rows = rows.copy()
    level = rows["geo_level"]
    for column in ("region_code", "region_name"):
        rows[column] = rows[column].where(level.isin(["region", "pfa", "la"]))
    for column in ("old_la_code", "new_la_code", "la_name"):
        rows[column] = rows[column].where(level == "la")
    for column in ("pfa_code", "pfa_name"):
        rows[column] = rows[column].where(level == "pfa")
    return rows


def level_order(table: pd.DataFrame) -> pd.Series:
    """A sort key putting national rows first and local authorities last."""
    return table["geo_level"].map(LEVEL_RANK)
