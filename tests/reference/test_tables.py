"""The service's reference tables agree with the codes DfE and ONS publish (../shared/reference)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from sspcollect.reference.tables import (
    COUNTRIES,
    ENGLISH_LOCAL_AUTHORITIES,
    FORCE_AREAS,
    LOCAL_AUTHORITIES,
    REGIONS,
    WELSH_LOCAL_AUTHORITIES,
)

PUBLISHED = Path(__file__).parents[2].parent / "shared" / "reference"

VRU_AREAS_2019 = {
    "Avon and Somerset",
    "Bedfordshire",
    "Essex",
    "Greater Manchester",
    "Hampshire",
    "Kent",
    "Lancashire",
    "Leicestershire",
    "Merseyside",
    "Metropolitan Police",
    "Northumbria",
    "Nottinghamshire",
    "South Wales",
    "South Yorkshire",
    "Sussex",
    "Thames Valley",
    "West Midlands",
    "West Yorkshire",
}


def published(name: str) -> list[dict[str, str]]:
    """The rows of one published CSV, or skip the test when the lists are not checked out."""
    if not PUBLISHED.is_dir():
        pytest.skip(f"the published reference lists are not at {PUBLISHED}")
    with open(PUBLISHED / name, encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def live_local_authorities() -> dict[str, dict[str, str]]:
    """The live single-authority rows of las.csv, by new code."""
    return {
        row["new_la_code"]: row
        for row in published("las.csv")
        if row["status"] == "live"
        and "/" not in row["new_la_code"]
        and row["new_la_code"] != "z"
        and row["old_la_code"] != "x"
    }


def test_every_live_english_local_authority_is_in_our_table_with_the_same_codes():
    """Each live las.csv row has our row with the same old code, name and region."""
    ours = {la.code: la for la in ENGLISH_LOCAL_AUTHORITIES}
    for code, row in live_local_authorities().items():
        assert code in ours, f"{code} {row['la_name']} is missing"
        la = ours[code]
        assert (la.old_code, la.name, la.region_code) == (
            row["old_la_code"],
            row["la_name"],
            row["parent_geography_code"],
        ), code


def test_our_english_local_authorities_are_exactly_the_live_ones():
    """No terminated or invented English authority is in our table."""
    assert {la.code for la in ENGLISH_LOCAL_AUTHORITIES} == set(live_local_authorities())


def test_recent_reorganisations_use_the_new_codes():
    """Barnsley, Sheffield, Gateshead, Northumberland and the 2023 unitaries carry new codes."""
    codes = {la.name: la.code for la in ENGLISH_LOCAL_AUTHORITIES}
    assert codes["Barnsley"] == "E08000038"
    assert codes["Sheffield"] == "E08000039"
    assert codes["Gateshead"] == "E08000037"
    assert codes["Northumberland"] == "E06000057"
    assert codes["North Yorkshire"] == "E06000065"
    assert codes["Somerset"] == "E06000066"
    assert codes["Cumberland"] == "E06000063"
    assert codes["Westmorland and Furness"] == "E06000064"


def test_regions_match_the_published_regions_of_england():
    """Our nine regions have the E12 codes and names of regions.csv."""
    expected = {
        row["region_code"]: row["region_name"]
        for row in published("regions.csv")
        if row["region_code"].startswith("E12")
    }
    assert {region.code: region.name for region in REGIONS} == expected
    assert len(REGIONS) == 9


def test_countries_match_the_published_names():
    """England and Wales have their ONS codes and names."""
    expected = {row["country_code"]: row["country_name"] for row in published("country.csv")}
    for country in COUNTRIES:
        assert expected[country.code] == country.name
    assert {country.code for country in COUNTRIES} == {"E92000001", "W92000004"}


def test_force_areas_match_the_published_codes_and_names():
    """Our force areas are the E23 and W15 rows of police-force-areas.csv, with ONS names."""
    expected = {
        row["pfa_code"]: row["pfa_name"]
        for row in published("police-force-areas.csv")
        if row["pfa_code"][:3] in ("E23", "W15")
    }
    assert {force.code: force.name for force in FORCE_AREAS} == expected


def test_there_are_43_territorial_force_areas():
    """39 in England and 4 in Wales, each in its own country."""
    assert len(FORCE_AREAS) == len({force.code for force in FORCE_AREAS}) == 43
    countries = Counter(force.country_code for force in FORCE_AREAS)
    assert countries == {"E92000001": 39, "W92000004": 4}
    for force in FORCE_AREAS:
        assert force.code.startswith("E23" if force.country_code == "E92000001" else "W15")


def test_every_force_area_contains_at_least_one_local_authority():
    """Force areas are made of whole authorities, so none can be empty."""
    used = {la.force_area_code for la in LOCAL_AUTHORITIES}
    assert used == {force.code for force in FORCE_AREAS}


def test_local_authorities_sit_in_a_force_area_of_their_own_country():
    """An English authority is policed by an English force, a Welsh one by a Welsh force."""
    countries = {force.code: force.country_code for force in FORCE_AREAS}
    for la in LOCAL_AUTHORITIES:
        assert countries[la.force_area_code] == la.country_code, la.name


def test_well_known_authorities_are_in_the_right_force_area():
    """A sample of the mappings that are easy to get wrong."""
    forces = {force.code: force.name for force in FORCE_AREAS}
    force_of = {la.name: forces[la.force_area_code] for la in LOCAL_AUTHORITIES}
    assert force_of["Halton"] == "Cheshire"
    assert force_of["Medway"] == "Kent"
    assert force_of["Milton Keynes"] == "Thames Valley"
    assert force_of["Isles of Scilly"] == "Devon & Cornwall"
    assert force_of["City of London"] == "London, City of"
    assert force_of["Westminster"] == "Metropolitan Police"
    assert force_of["Rutland"] == "Leicestershire"
    assert force_of["Peterborough"] == "Cambridgeshire"
    assert force_of["Swindon"] == "Wiltshire"
    assert force_of["Solihull"] == "West Midlands"
    assert force_of["Telford and Wrekin"] == "West Mercia"
    assert force_of["Darlington"] == "Durham"
    assert force_of["Stockton-on-Tees"] == "Cleveland"
    assert force_of["North Lincolnshire"] == "Humberside"
    assert force_of["Somerset"] == "Avon and Somerset"
    assert force_of["Bournemouth, Christchurch and Poole"] == "Dorset"
    assert force_of["Caerphilly"] == "Gwent"
    assert force_of["Merthyr Tydfil"] == "South Wales"
    assert force_of["Powys"] == "Dyfed-Powys"


def test_wales_has_22_local_authorities_coded_660_to_681():
    """The Welsh principal areas carry the GIAS codes 660-681, W06 codes and no region."""
    assert len(WELSH_LOCAL_AUTHORITIES) == 22
    assert sorted(la.old_code for la in WELSH_LOCAL_AUTHORITIES) == [
        str(code) for code in range(660, 682)
    ]
    for la in WELSH_LOCAL_AUTHORITIES:
        assert la.code.startswith("W06")
        assert la.region_code is None
        assert la.country_code == "W92000004"
    names = {la.old_code: (la.code, la.name) for la in WELSH_LOCAL_AUTHORITIES}
    assert names["673"] == ("W06000014", "Vale of Glamorgan")
    assert names["666"] == ("W06000023", "Powys")


# The three-digit codes of the Welsh authorities as Get Information About Schools publishes them
# in its local authority code list (the "LA (code)" and "LA (name)" of every establishment
# extract; Department for Education, Crown copyright, Open Government Licence v3.0), with the
# ONS codes of the same authorities. The Welsh Government numbers its schools the same way: a
# school's number is this code followed by four digits (Cardiff's schools are 681xxxx).
PUBLISHED_WELSH_CODES = {
    "660": ("Isle of Anglesey", "W06000001"),
    "661": ("Gwynedd", "W06000002"),
    "662": ("Conwy", "W06000003"),
    "663": ("Denbighshire", "W06000004"),
    "664": ("Flintshire", "W06000005"),
    "665": ("Wrexham", "W06000006"),
    "666": ("Powys", "W06000023"),
    "667": ("Ceredigion", "W06000008"),
    "668": ("Pembrokeshire", "W06000009"),
    "669": ("Carmarthenshire", "W06000010"),
    "670": ("Swansea", "W06000011"),
    "671": ("Neath Port Talbot", "W06000012"),
    "672": ("Bridgend", "W06000013"),
    "673": ("Vale of Glamorgan", "W06000014"),
    "674": ("Rhondda Cynon Taf", "W06000016"),
    "675": ("Merthyr Tydfil", "W06000024"),
    "676": ("Caerphilly", "W06000018"),
    "677": ("Blaenau Gwent", "W06000019"),
    "678": ("Torfaen", "W06000020"),
    "679": ("Monmouthshire", "W06000021"),
    "680": ("Newport", "W06000022"),
    "681": ("Cardiff", "W06000015"),
}


def test_welsh_codes_are_those_get_information_about_schools_publishes():
    """Each Welsh authority has the three-digit code, name and ONS code of the published list."""
    ours = {la.old_code: (la.name, la.code) for la in WELSH_LOCAL_AUTHORITIES}
    assert ours == PUBLISHED_WELSH_CODES
    assert ours["674"] == ("Rhondda Cynon Taf", "W06000016")
    assert ours["675"] == ("Merthyr Tydfil", "W06000024")
    assert ours["681"] == ("Cardiff", "W06000015")


def test_the_published_welsh_list_is_the_one_in_the_shared_reference_files():
    """The list above is a faithful copy of welsh-la-codes.csv, the published code list."""
    published_rows = {
        row["old_la_code"]: (row["la_name"], row["new_la_code"])
        for row in published("welsh-la-codes.csv")
    }
    assert published_rows == PUBLISHED_WELSH_CODES


def test_codes_of_establishments_outside_england_and_wales_are_none_of_ours():
    """The offshore and overseas pseudo-authorities (701-708) are not local authorities here."""
    outside = {row["old_la_code"] for row in published("out-of-scope-la-codes.csv")}
    assert outside
    assert not outside & {la.old_code for la in LOCAL_AUTHORITIES}


def test_codes_are_unique():
    """No two authorities share an ONS code or a DfE code."""
    assert len({la.code for la in LOCAL_AUTHORITIES}) == len(LOCAL_AUTHORITIES)
    assert len({la.old_code for la in LOCAL_AUTHORITIES}) == len(LOCAL_AUTHORITIES)


def test_twenty_force_areas_start_as_violence_reduction_unit_areas():
    """The 18 funded in 2019 plus Cleveland and Humberside."""
    flagged = {force.name for force in FORCE_AREAS if force.vru}
    assert flagged == VRU_AREAS_2019 | {"Cleveland", "Humberside"}
    assert len(flagged) == 20
