"""What the Explore Education Statistics (EES) data standard allows, as the screen checks it.

Written from DfE's published standard for EES data files ("Open data standards" in the
analysts' guide) and the lists its screener checks files against: the time identifiers,
geographic levels and the columns each level fills, the EES location lists (countries,
regions, the English local authorities, police force areas), indicator units, the symbols
for missing figures, the API's character limits, and DfE's harmonised and data-dictionary
column names. The location lists are compiled from the service's own reference tables,
which tests/reference/test_tables.py checks against DfE's published lists; nothing here
is taken from the code that writes our files.
"""

from __future__ import annotations

from sspcollect.reference.tables import ENGLISH_LOCAL_AUTHORITIES, FORCE_AREAS, REGIONS

REQUIRED_DATA_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
)
META_COLUMNS = (
    "col_name",
    "col_type",
    "label",
    "indicator_grouping",
    "indicator_unit",
    "indicator_dp",
    "filter_hint",
    "filter_grouping_column",
)
# A meta file may also say which item a filter shows first; nothing else.
OPTIONAL_META_COLUMNS = ("filter_default",)
COLUMN_TYPES = ("Filter", "Indicator")

# Time identifiers whose time_period has six digits (202526), and those with four (2025).
SIX_DIGIT_IDENTIFIERS = frozenset(
    {
        "Academic year",
        "Academic year Q1",
        "Academic year Q2",
        "Academic year Q3",
        "Academic year Q4",
        "Financial year",
        "Financial year Q1",
        "Financial year Q2",
        "Financial year Q3",
        "Financial year Q4",
        "Tax year",
        "Autumn term",
        "Spring term",
        "Summer term",
        "Autumn and spring term",
        "Financial year part 1 (April to September)",
        "Financial year part 2 (October to March)",
    }
)
FOUR_DIGIT_IDENTIFIERS = frozenset(
    {
        "Calendar year",
        "Calendar year Q1",
        "Calendar year Q2",
        "Calendar year Q3",
        "Calendar year Q4",
        "Reporting year",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        *(f"Week {number}" for number in range(1, 53)),
    }
)
TIME_IDENTIFIERS = SIX_DIGIT_IDENTIFIERS | FOUR_DIGIT_IDENTIFIERS

# Each geographic level, with its code column, name column and any second code column.
LEVEL_COLUMNS: dict[str, tuple[str, ...]] = {
    "National": ("country_code", "country_name"),
    "Regional": ("region_code", "region_name"),
    "Local authority": ("new_la_code", "la_name", "old_la_code"),
    "Local authority district": ("lad_code", "lad_name"),
    "Parliamentary constituency": ("pcon_code", "pcon_name"),
    "Local skills improvement plan area": ("lsip_code", "lsip_name"),
    "English devolved area": ("english_devolved_area_code", "english_devolved_area_name"),
    "Local enterprise partnership": (
        "local_enterprise_partnership_code",
        "local_enterprise_partnership_name",
    ),
    "Opportunity area": ("opportunity_area_code", "opportunity_area_name"),
    "Police force area": ("pfa_code", "pfa_name"),
    "Ward": ("ward_code", "ward_name"),
    "RSC region": ("rsc_region_lead_name",),
    "MAT": ("trust_id", "trust_name"),
    "Sponsor": ("sponsor_id", "sponsor_name"),
    "School": ("school_urn", "school_name", "school_laestab"),
    "Provider": ("provider_ukprn", "provider_name"),
    "Institution": ("institution_id", "institution_name"),
    "Planning area": ("planning_area_code", "planning_area_name"),
}
GEOGRAPHY_COLUMNS = frozenset(column for columns in LEVEL_COLUMNS.values() for column in columns)
TIME_COLUMNS = frozenset({"time_period", "time_identifier"})
LOWEST_LEVELS = ("School", "Provider", "Institution")
# The levels on whose rows a level's columns may be filled in: the level itself and the levels
# that lie within it (a local authority row names its region; a region row names no authority).
FILLED_ON: dict[str, frozenset[str]] = {
    "Regional": frozenset(
        {
            "Regional",
            "Local authority",
            "Local authority district",
            "Parliamentary constituency",
            "Local skills improvement plan area",
            "English devolved area",
            "Local enterprise partnership",
            "Opportunity area",
            "Ward",
            "Planning area",
            "Police force area",
            *LOWEST_LEVELS,
        }
    ),
    "Local authority": frozenset(
        {
            "Local authority",
            "Parliamentary constituency",
            "Local authority district",
            "Ward",
            "Planning area",
            "Police force area",
            *LOWEST_LEVELS,
        }
    ),
    "Police force area": frozenset({"Police force area", *LOWEST_LEVELS}),
}

# The EES location lists. Its local authorities are England's only.
COUNTRIES = {
    "E92000001": "England",
    "K02000001": "United Kingdom",
    "K03000001": "Great Britain",
    "K04000001": "England and Wales",
    "N92000002": "Northern Ireland",
    "S92000003": "Scotland",
    "W92000004": "Wales",
    "z": "England, Wales and Northern Ireland",
}
EES_REGIONS = {
    **{region.code: region.name for region in REGIONS},
    "E13000001": "Inner London",
    "E13000002": "Outer London",
}
EES_LOCAL_AUTHORITIES = frozenset(
    (authority.old_code, authority.code, authority.name) for authority in ENGLISH_LOCAL_AUTHORITIES
)
EES_FORCE_AREAS = {area.code: area.name for area in FORCE_AREAS}
# A code and name any location column may take: not applicable, or not available.
ANY_LOCATION = frozenset({("z", "Not applicable"), ("x", "Not available")})

# Figures are numbers, or one of these symbols; the GSS legacy symbols are not allowed.
SYMBOLS = frozenset({"c", "low", "u", "x", "z", "k"})
LEGACY_SYMBOLS = frozenset({":", "~", "-", ".", "..", "*", "!", "N/A", "n/a"})
NULL_SYMBOLS = frozenset({"NULL", "Null", "null", "NA", "na"})
INDICATOR_UNITS = frozenset({"%", "£", "£m", "pp", "h", "m", "s", "days"})

# Limits on names and labels for a data set offered through the EES API.
COLUMN_NAME_LIMIT = 50
LABEL_LIMIT = 80
LOCATION_CODE_LIMIT = 30
ITEM_LIMIT = 120

# Words in an indicator's name that show a filter folded into it (data not tidy).
FOLDED_FILTER_WORDS = (
    "male",
    "female",
    "asian",
    "chinese",
    "indian",
    "pakistani",
    "bangladeshi",
    "black",
    "african",
    "caribbean",
    "white",
    "roma",
    "irish",
    "english",
    "british",
    "scottish",
    "welsh",
    "arab",
)

# DfE's harmonised variables: a column whose name contains the pattern must use one of
# the harmonised names.
HARMONISED_NAMES: dict[str, frozenset[str]] = {
    "sen_": frozenset({"sen_status", "sen_primary_need", "sen_secondary_need", "sen_provision"}),
    "primary_need": frozenset({"sen_primary_need"}),
    "secondary_need": frozenset({"sen_secondary_need"}),
    "establishment_type": frozenset({"establishment_type"}),
    "provider_type": frozenset({"provider_type"}),
    "school_type": frozenset({"establishment_type", "establishment_type_group"}),
    "phase": frozenset({"education_phase"}),
    "ethnic": frozenset(
        {"ethnicity_major", "ethnicity_minor", "ethnicity_detailed", "minority_ethnic"}
    ),
}
