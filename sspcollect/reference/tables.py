"""The service's own reference tables: countries, regions, police force areas, local authorities.

Compiled from the codes that ONS and DfE publish (tests/reference/test_tables.py checks them
against the published lists). Each local authority names the police force area that contains
it: force areas are made of whole upper-tier local authorities.
"""

from __future__ import annotations

from typing import NamedTuple


class CountryRow(NamedTuple):
    """A country by its ONS code."""

    code: str
    name: str


class RegionRow(NamedTuple):
    """A region of England by its ONS code."""

    code: str
    name: str


class ForceAreaRow(NamedTuple):
    """A police force area, and whether it starts out as a Violence Reduction Unit area."""

    code: str
    name: str
    country_code: str
    vru: bool


class LocalAuthorityRow(NamedTuple):
    """An upper-tier local authority: ONS code, DfE three-digit code, name, region, force area."""

    code: str
    old_code: str
    name: str
    region_code: str | None
    force_area_code: str

    @property
    def country_code(self) -> str:
        """England for E codes, Wales for W codes."""
        return ENGLAND if self.code.startswith("E") else WALES


ENGLAND = "E92000001"
WALES = "W92000004"

COUNTRIES: tuple[CountryRow, ...] = (
    CountryRow(ENGLAND, "England"),
    CountryRow(WALES, "Wales"),
)

# Police force area codes, named for the tables below.
METROPOLITAN_POLICE = "E23000001"
CUMBRIA = "E23000002"
LANCASHIRE = "E23000003"
MERSEYSIDE = "E23000004"
GREATER_MANCHESTER = "E23000005"
CHESHIRE = "E23000006"
NORTHUMBRIA = "E23000007"
DURHAM = "E23000008"
NORTH_YORKSHIRE = "E23000009"
WEST_YORKSHIRE = "E23000010"
SOUTH_YORKSHIRE = "E23000011"
HUMBERSIDE = "E23000012"
CLEVELAND = "E23000013"
WEST_MIDLANDS = "E23000014"
STAFFORDSHIRE = "E23000015"
WEST_MERCIA = "E23000016"
WARWICKSHIRE = "E23000017"
DERBYSHIRE = "E23000018"
NOTTINGHAMSHIRE = "E23000019"
LINCOLNSHIRE = "E23000020"
LEICESTERSHIRE = "E23000021"
NORTHAMPTONSHIRE = "E23000022"
CAMBRIDGESHIRE = "E23000023"
NORFOLK = "E23000024"
SUFFOLK = "E23000025"
BEDFORDSHIRE = "E23000026"
HERTFORDSHIRE = "E23000027"
ESSEX = "E23000028"
THAMES_VALLEY = "E23000029"
HAMPSHIRE = "E23000030"
SURREY = "E23000031"
KENT = "E23000032"
SUSSEX = "E23000033"
CITY_OF_LONDON = "E23000034"
DEVON_AND_CORNWALL = "E23000035"
AVON_AND_SOMERSET = "E23000036"
GLOUCESTERSHIRE = "E23000037"
WILTSHIRE = "E23000038"
DORSET = "E23000039"
NORTH_WALES = "W15000001"
GWENT = "W15000002"
SOUTH_WALES = "W15000003"
DYFED_POWYS = "W15000004"

# Regions of England (the region shares its name with a force, hence the suffix).
NORTH_EAST = "E12000001"
NORTH_WEST = "E12000002"
YORKSHIRE_HUMBER = "E12000003"
EAST_MIDLANDS = "E12000004"
WEST_MIDLANDS_REGION = "E12000005"
EAST_OF_ENGLAND = "E12000006"
LONDON = "E12000007"
SOUTH_EAST = "E12000008"
SOUTH_WEST = "E12000009"

REGIONS: tuple[RegionRow, ...] = (
    RegionRow(NORTH_EAST, "North East"),
    RegionRow(NORTH_WEST, "North West"),
    RegionRow(YORKSHIRE_HUMBER, "Yorkshire and The Humber"),
    RegionRow(EAST_MIDLANDS, "East Midlands"),
    RegionRow(WEST_MIDLANDS_REGION, "West Midlands"),
    RegionRow(EAST_OF_ENGLAND, "East of England"),
    RegionRow(LONDON, "London"),
    RegionRow(SOUTH_EAST, "South East"),
    RegionRow(SOUTH_WEST, "South West"),
)

# The 2019 programme funded 18 Violence Reduction Units; Cleveland and Humberside came later.
FORCE_AREAS: tuple[ForceAreaRow, ...] = (
    ForceAreaRow(METROPOLITAN_POLICE, "Metropolitan Police", ENGLAND, vru=True),
    ForceAreaRow(CUMBRIA, "Cumbria", ENGLAND, vru=False),
    ForceAreaRow(LANCASHIRE, "Lancashire", ENGLAND, vru=True),
    ForceAreaRow(MERSEYSIDE, "Merseyside", ENGLAND, vru=True),
    ForceAreaRow(GREATER_MANCHESTER, "Greater Manchester", ENGLAND, vru=True),
    ForceAreaRow(CHESHIRE, "Cheshire", ENGLAND, vru=False),
    ForceAreaRow(NORTHUMBRIA, "Northumbria", ENGLAND, vru=True),
    ForceAreaRow(DURHAM, "Durham", ENGLAND, vru=False),
    ForceAreaRow(NORTH_YORKSHIRE, "North Yorkshire", ENGLAND, vru=False),
    ForceAreaRow(WEST_YORKSHIRE, "West Yorkshire", ENGLAND, vru=True),
    ForceAreaRow(SOUTH_YORKSHIRE, "South Yorkshire", ENGLAND, vru=True),
    ForceAreaRow(HUMBERSIDE, "Humberside", ENGLAND, vru=True),
    ForceAreaRow(CLEVELAND, "Cleveland", ENGLAND, vru=True),
    ForceAreaRow(WEST_MIDLANDS, "West Midlands", ENGLAND, vru=True),
    ForceAreaRow(STAFFORDSHIRE, "Staffordshire", ENGLAND, vru=False),
    ForceAreaRow(WEST_MERCIA, "West Mercia", ENGLAND, vru=False),
    ForceAreaRow(WARWICKSHIRE, "Warwickshire", ENGLAND, vru=False),
    ForceAreaRow(DERBYSHIRE, "Derbyshire", ENGLAND, vru=False),
    ForceAreaRow(NOTTINGHAMSHIRE, "Nottinghamshire", ENGLAND, vru=True),
    ForceAreaRow(LINCOLNSHIRE, "Lincolnshire", ENGLAND, vru=False),
    ForceAreaRow(LEICESTERSHIRE, "Leicestershire", ENGLAND, vru=True),
    ForceAreaRow(NORTHAMPTONSHIRE, "Northamptonshire", ENGLAND, vru=False),
    ForceAreaRow(CAMBRIDGESHIRE, "Cambridgeshire", ENGLAND, vru=False),
    ForceAreaRow(NORFOLK, "Norfolk", ENGLAND, vru=False),
    ForceAreaRow(SUFFOLK, "Suffolk", ENGLAND, vru=False),
    ForceAreaRow(BEDFORDSHIRE, "Bedfordshire", ENGLAND, vru=True),
    ForceAreaRow(HERTFORDSHIRE, "Hertfordshire", ENGLAND, vru=False),
    ForceAreaRow(ESSEX, "Essex", ENGLAND, vru=True),
    ForceAreaRow(THAMES_VALLEY, "Thames Valley", ENGLAND, vru=True),
    ForceAreaRow(HAMPSHIRE, "Hampshire", ENGLAND, vru=True),
    ForceAreaRow(SURREY, "Surrey", ENGLAND, vru=False),
    ForceAreaRow(KENT, "Kent", ENGLAND, vru=True),
    ForceAreaRow(SUSSEX, "Sussex", ENGLAND, vru=True),
    ForceAreaRow(CITY_OF_LONDON, "London, City of", ENGLAND, vru=False),
    ForceAreaRow(DEVON_AND_CORNWALL, "Devon & Cornwall", ENGLAND, vru=False),
    ForceAreaRow(AVON_AND_SOMERSET, "Avon and Somerset", ENGLAND, vru=True),
    ForceAreaRow(GLOUCESTERSHIRE, "Gloucestershire", ENGLAND, vru=False),
    ForceAreaRow(WILTSHIRE, "Wiltshire", ENGLAND, vru=False),
    ForceAreaRow(DORSET, "Dorset", ENGLAND, vru=False),
    ForceAreaRow(NORTH_WALES, "North Wales", WALES, vru=False),
    ForceAreaRow(GWENT, "Gwent", WALES, vru=False),
    ForceAreaRow(SOUTH_WALES, "South Wales", WALES, vru=True),
    ForceAreaRow(DYFED_POWYS, "Dyfed-Powys", WALES, vru=False),
)

# Every live English upper-tier local authority, in ONS code order, with DfE's three-digit code.
ENGLISH_LOCAL_AUTHORITIES: tuple[LocalAuthorityRow, ...] = (
    LocalAuthorityRow("E06000001", "805", "Hartlepool", NORTH_EAST, CLEVELAND),
    LocalAuthorityRow("E06000002", "806", "Middlesbrough", NORTH_EAST, CLEVELAND),
    LocalAuthorityRow("E06000003", "807", "Redcar and Cleveland", NORTH_EAST, CLEVELAND),
    LocalAuthorityRow("E06000004", "808", "Stockton-on-Tees", NORTH_EAST, CLEVELAND),
    LocalAuthorityRow("E06000005", "841", "Darlington", NORTH_EAST, DURHAM),
    LocalAuthorityRow("E06000006", "876", "Halton", NORTH_WEST, CHESHIRE),
    LocalAuthorityRow("E06000007", "877", "Warrington", NORTH_WEST, CHESHIRE),
    LocalAuthorityRow("E06000008", "889", "Blackburn with Darwen", NORTH_WEST, LANCASHIRE),
    LocalAuthorityRow("E06000009", "890", "Blackpool", NORTH_WEST, LANCASHIRE),
    LocalAuthorityRow(
        "E06000010", "810", "Kingston upon Hull, City of", YORKSHIRE_HUMBER, HUMBERSIDE
    ),
    LocalAuthorityRow("E06000011", "811", "East Riding of Yorkshire", YORKSHIRE_HUMBER, HUMBERSIDE),
    LocalAuthorityRow("E06000012", "812", "North East Lincolnshire", YORKSHIRE_HUMBER, HUMBERSIDE),
    LocalAuthorityRow("E06000013", "813", "North Lincolnshire", YORKSHIRE_HUMBER, HUMBERSIDE),
    LocalAuthorityRow("E06000014", "816", "York", YORKSHIRE_HUMBER, NORTH_YORKSHIRE),
    LocalAuthorityRow("E06000015", "831", "Derby", EAST_MIDLANDS, DERBYSHIRE),
    LocalAuthorityRow("E06000016", "856", "Leicester", EAST_MIDLANDS, LEICESTERSHIRE),
    LocalAuthorityRow("E06000017", "857", "Rutland", EAST_MIDLANDS, LEICESTERSHIRE),
    LocalAuthorityRow("E06000018", "892", "Nottingham", EAST_MIDLANDS, NOTTINGHAMSHIRE),
    LocalAuthorityRow(
        "E06000019", "884", "Herefordshire, County of", WEST_MIDLANDS_REGION, WEST_MERCIA
    ),
    LocalAuthorityRow("E06000020", "894", "Telford and Wrekin", WEST_MIDLANDS_REGION, WEST_MERCIA),
    LocalAuthorityRow("E06000021", "861", "Stoke-on-Trent", WEST_MIDLANDS_REGION, STAFFORDSHIRE),
    LocalAuthorityRow(
        "E06000022", "800", "Bath and North East Somerset", SOUTH_WEST, AVON_AND_SOMERSET
    ),
    LocalAuthorityRow("E06000023", "801", "Bristol, City of", SOUTH_WEST, AVON_AND_SOMERSET),
    LocalAuthorityRow("E06000024", "802", "North Somerset", SOUTH_WEST, AVON_AND_SOMERSET),
    LocalAuthorityRow("E06000025", "803", "South Gloucestershire", SOUTH_WEST, AVON_AND_SOMERSET),
    LocalAuthorityRow("E06000026", "879", "Plymouth", SOUTH_WEST, DEVON_AND_CORNWALL),
    LocalAuthorityRow("E06000027", "880", "Torbay", SOUTH_WEST, DEVON_AND_CORNWALL),
    LocalAuthorityRow("E06000030", "866", "Swindon", SOUTH_WEST, WILTSHIRE),
    LocalAuthorityRow("E06000031", "874", "Peterborough", EAST_OF_ENGLAND, CAMBRIDGESHIRE),
    LocalAuthorityRow("E06000032", "821", "Luton", EAST_OF_ENGLAND, BEDFORDSHIRE),
    LocalAuthorityRow("E06000033", "882", "Southend-on-Sea", EAST_OF_ENGLAND, ESSEX),
    LocalAuthorityRow("E06000034", "883", "Thurrock", EAST_OF_ENGLAND, ESSEX),
    LocalAuthorityRow("E06000035", "887", "Medway", SOUTH_EAST, KENT),
    LocalAuthorityRow("E06000036", "867", "Bracknell Forest", SOUTH_EAST, THAMES_VALLEY),
    LocalAuthorityRow("E06000037", "869", "West Berkshire", SOUTH_EAST, THAMES_VALLEY),
    LocalAuthorityRow("E06000038", "870", "Reading", SOUTH_EAST, THAMES_VALLEY),
    LocalAuthorityRow("E06000039", "871", "Slough", SOUTH_EAST, THAMES_VALLEY),
    LocalAuthorityRow("E06000040", "868", "Windsor and Maidenhead", SOUTH_EAST, THAMES_VALLEY),
    LocalAuthorityRow("E06000041", "872", "Wokingham", SOUTH_EAST, THAMES_VALLEY),
    LocalAuthorityRow("E06000042", "826", "Milton Keynes", SOUTH_EAST, THAMES_VALLEY),
    LocalAuthorityRow("E06000043", "846", "Brighton and Hove", SOUTH_EAST, SUSSEX),
    LocalAuthorityRow("E06000044", "851", "Portsmouth", SOUTH_EAST, HAMPSHIRE),
    LocalAuthorityRow("E06000045", "852", "Southampton", SOUTH_EAST, HAMPSHIRE),
    LocalAuthorityRow("E06000046", "921", "Isle of Wight", SOUTH_EAST, HAMPSHIRE),
    LocalAuthorityRow("E06000047", "840", "County Durham", NORTH_EAST, DURHAM),
    LocalAuthorityRow("E06000049", "895", "Cheshire East", NORTH_WEST, CHESHIRE),
    LocalAuthorityRow("E06000050", "896", "Cheshire West and Chester", NORTH_WEST, CHESHIRE),
    LocalAuthorityRow("E06000051", "893", "Shropshire", WEST_MIDLANDS_REGION, WEST_MERCIA),
    LocalAuthorityRow("E06000052", "908", "Cornwall", SOUTH_WEST, DEVON_AND_CORNWALL),
    LocalAuthorityRow("E06000053", "420", "Isles of Scilly", SOUTH_WEST, DEVON_AND_CORNWALL),
    LocalAuthorityRow("E06000054", "865", "Wiltshire", SOUTH_WEST, WILTSHIRE),
    LocalAuthorityRow("E06000055", "822", "Bedford", EAST_OF_ENGLAND, BEDFORDSHIRE),
    LocalAuthorityRow("E06000056", "823", "Central Bedfordshire", EAST_OF_ENGLAND, BEDFORDSHIRE),
    LocalAuthorityRow("E06000057", "929", "Northumberland", NORTH_EAST, NORTHUMBRIA),
    LocalAuthorityRow(
        "E06000058", "839", "Bournemouth, Christchurch and Poole", SOUTH_WEST, DORSET
    ),
    LocalAuthorityRow("E06000059", "838", "Dorset", SOUTH_WEST, DORSET),
    LocalAuthorityRow("E06000060", "825", "Buckinghamshire", SOUTH_EAST, THAMES_VALLEY),
    LocalAuthorityRow(
        "E06000061", "940", "North Northamptonshire", EAST_MIDLANDS, NORTHAMPTONSHIRE
    ),
    LocalAuthorityRow("E06000062", "941", "West Northamptonshire", EAST_MIDLANDS, NORTHAMPTONSHIRE),
    LocalAuthorityRow("E06000063", "942", "Cumberland", NORTH_WEST, CUMBRIA),
    LocalAuthorityRow("E06000064", "943", "Westmorland and Furness", NORTH_WEST, CUMBRIA),
    LocalAuthorityRow("E06000065", "815", "North Yorkshire", YORKSHIRE_HUMBER, NORTH_YORKSHIRE),
    LocalAuthorityRow("E06000066", "933", "Somerset", SOUTH_WEST, AVON_AND_SOMERSET),
    LocalAuthorityRow("E08000001", "350", "Bolton", NORTH_WEST, GREATER_MANCHESTER),
    LocalAuthorityRow("E08000002", "351", "Bury", NORTH_WEST, GREATER_MANCHESTER),
    LocalAuthorityRow("E08000003", "352", "Manchester", NORTH_WEST, GREATER_MANCHESTER),
    LocalAuthorityRow("E08000004", "353", "Oldham", NORTH_WEST, GREATER_MANCHESTER),
    LocalAuthorityRow("E08000005", "354", "Rochdale", NORTH_WEST, GREATER_MANCHESTER),
    LocalAuthorityRow("E08000006", "355", "Salford", NORTH_WEST, GREATER_MANCHESTER),
    LocalAuthorityRow("E08000007", "356", "Stockport", NORTH_WEST, GREATER_MANCHESTER),
    LocalAuthorityRow("E08000008", "357", "Tameside", NORTH_WEST, GREATER_MANCHESTER),
    LocalAuthorityRow("E08000009", "358", "Trafford", NORTH_WEST, GREATER_MANCHESTER),
    LocalAuthorityRow("E08000010", "359", "Wigan", NORTH_WEST, GREATER_MANCHESTER),
    LocalAuthorityRow("E08000011", "340", "Knowsley", NORTH_WEST, MERSEYSIDE),
    LocalAuthorityRow("E08000012", "341", "Liverpool", NORTH_WEST, MERSEYSIDE),
    LocalAuthorityRow("E08000013", "342", "St. Helens", NORTH_WEST, MERSEYSIDE),
    LocalAuthorityRow("E08000014", "343", "Sefton", NORTH_WEST, MERSEYSIDE),
    LocalAuthorityRow("E08000015", "344", "Wirral", NORTH_WEST, MERSEYSIDE),
    LocalAuthorityRow("E08000017", "371", "Doncaster", YORKSHIRE_HUMBER, SOUTH_YORKSHIRE),
    LocalAuthorityRow("E08000018", "372", "Rotherham", YORKSHIRE_HUMBER, SOUTH_YORKSHIRE),
    LocalAuthorityRow("E08000021", "391", "Newcastle upon Tyne", NORTH_EAST, NORTHUMBRIA),
    LocalAuthorityRow("E08000022", "392", "North Tyneside", NORTH_EAST, NORTHUMBRIA),
    LocalAuthorityRow("E08000023", "393", "South Tyneside", NORTH_EAST, NORTHUMBRIA),
    LocalAuthorityRow("E08000024", "394", "Sunderland", NORTH_EAST, NORTHUMBRIA),
    LocalAuthorityRow("E08000025", "330", "Birmingham", WEST_MIDLANDS_REGION, WEST_MIDLANDS),
    LocalAuthorityRow("E08000026", "331", "Coventry", WEST_MIDLANDS_REGION, WEST_MIDLANDS),
    LocalAuthorityRow("E08000027", "332", "Dudley", WEST_MIDLANDS_REGION, WEST_MIDLANDS),
    LocalAuthorityRow("E08000028", "333", "Sandwell", WEST_MIDLANDS_REGION, WEST_MIDLANDS),
    LocalAuthorityRow("E08000029", "334", "Solihull", WEST_MIDLANDS_REGION, WEST_MIDLANDS),
    LocalAuthorityRow("E08000030", "335", "Walsall", WEST_MIDLANDS_REGION, WEST_MIDLANDS),
    LocalAuthorityRow("E08000031", "336", "Wolverhampton", WEST_MIDLANDS_REGION, WEST_MIDLANDS),
    LocalAuthorityRow("E08000032", "380", "Bradford", YORKSHIRE_HUMBER, WEST_YORKSHIRE),
    LocalAuthorityRow("E08000033", "381", "Calderdale", YORKSHIRE_HUMBER, WEST_YORKSHIRE),
    LocalAuthorityRow("E08000034", "382", "Kirklees", YORKSHIRE_HUMBER, WEST_YORKSHIRE),
    LocalAuthorityRow("E08000035", "383", "Leeds", YORKSHIRE_HUMBER, WEST_YORKSHIRE),
    LocalAuthorityRow("E08000036", "384", "Wakefield", YORKSHIRE_HUMBER, WEST_YORKSHIRE),
    LocalAuthorityRow("E08000037", "390", "Gateshead", NORTH_EAST, NORTHUMBRIA),
    LocalAuthorityRow("E08000038", "370", "Barnsley", YORKSHIRE_HUMBER, SOUTH_YORKSHIRE),
    LocalAuthorityRow("E08000039", "373", "Sheffield", YORKSHIRE_HUMBER, SOUTH_YORKSHIRE),
    LocalAuthorityRow("E09000001", "201", "City of London", LONDON, CITY_OF_LONDON),
    LocalAuthorityRow("E09000002", "301", "Barking and Dagenham", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000003", "302", "Barnet", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000004", "303", "Bexley", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000005", "304", "Brent", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000006", "305", "Bromley", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000007", "202", "Camden", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000008", "306", "Croydon", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000009", "307", "Ealing", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000010", "308", "Enfield", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000011", "203", "Greenwich", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000012", "204", "Hackney", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000013", "205", "Hammersmith and Fulham", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000014", "309", "Haringey", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000015", "310", "Harrow", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000016", "311", "Havering", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000017", "312", "Hillingdon", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000018", "313", "Hounslow", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000019", "206", "Islington", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000020", "207", "Kensington and Chelsea", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000021", "314", "Kingston upon Thames", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000022", "208", "Lambeth", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000023", "209", "Lewisham", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000024", "315", "Merton", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000025", "316", "Newham", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000026", "317", "Redbridge", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000027", "318", "Richmond upon Thames", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000028", "210", "Southwark", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000029", "319", "Sutton", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000030", "211", "Tower Hamlets", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000031", "320", "Waltham Forest", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000032", "212", "Wandsworth", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E09000033", "213", "Westminster", LONDON, METROPOLITAN_POLICE),
    LocalAuthorityRow("E10000003", "873", "Cambridgeshire", EAST_OF_ENGLAND, CAMBRIDGESHIRE),
    LocalAuthorityRow("E10000007", "830", "Derbyshire", EAST_MIDLANDS, DERBYSHIRE),
    LocalAuthorityRow("E10000008", "878", "Devon", SOUTH_WEST, DEVON_AND_CORNWALL),
    LocalAuthorityRow("E10000011", "845", "East Sussex", SOUTH_EAST, SUSSEX),
    LocalAuthorityRow("E10000012", "881", "Essex", EAST_OF_ENGLAND, ESSEX),
    LocalAuthorityRow("E10000013", "916", "Gloucestershire", SOUTH_WEST, GLOUCESTERSHIRE),
    LocalAuthorityRow("E10000014", "850", "Hampshire", SOUTH_EAST, HAMPSHIRE),
    LocalAuthorityRow("E10000015", "919", "Hertfordshire", EAST_OF_ENGLAND, HERTFORDSHIRE),
    LocalAuthorityRow("E10000016", "886", "Kent", SOUTH_EAST, KENT),
    LocalAuthorityRow("E10000017", "888", "Lancashire", NORTH_WEST, LANCASHIRE),
    LocalAuthorityRow("E10000018", "855", "Leicestershire", EAST_MIDLANDS, LEICESTERSHIRE),
    LocalAuthorityRow("E10000019", "925", "Lincolnshire", EAST_MIDLANDS, LINCOLNSHIRE),
    LocalAuthorityRow("E10000020", "926", "Norfolk", EAST_OF_ENGLAND, NORFOLK),
    LocalAuthorityRow("E10000024", "891", "Nottinghamshire", EAST_MIDLANDS, NOTTINGHAMSHIRE),
    LocalAuthorityRow("E10000025", "931", "Oxfordshire", SOUTH_EAST, THAMES_VALLEY),
    LocalAuthorityRow("E10000028", "860", "Staffordshire", WEST_MIDLANDS_REGION, STAFFORDSHIRE),
    LocalAuthorityRow("E10000029", "935", "Suffolk", EAST_OF_ENGLAND, SUFFOLK),
    LocalAuthorityRow("E10000030", "936", "Surrey", SOUTH_EAST, SURREY),
    LocalAuthorityRow("E10000031", "937", "Warwickshire", WEST_MIDLANDS_REGION, WARWICKSHIRE),
    LocalAuthorityRow("E10000032", "938", "West Sussex", SOUTH_EAST, SUSSEX),
    LocalAuthorityRow("E10000034", "885", "Worcestershire", WEST_MIDLANDS_REGION, WEST_MERCIA),
)

# The 22 Welsh principal areas with the three-digit codes GIAS uses (the first three digits of a
# Welsh school's number), in code order; Wales has no regions. The codes do not follow the ONS
# order: 674 is Rhondda Cynon Taf, 675 Merthyr Tydfil and 681 Cardiff.
WELSH_LOCAL_AUTHORITIES: tuple[LocalAuthorityRow, ...] = (
    LocalAuthorityRow("W06000001", "660", "Isle of Anglesey", None, NORTH_WALES),
    LocalAuthorityRow("W06000002", "661", "Gwynedd", None, NORTH_WALES),
    LocalAuthorityRow("W06000003", "662", "Conwy", None, NORTH_WALES),
    LocalAuthorityRow("W06000004", "663", "Denbighshire", None, NORTH_WALES),
    LocalAuthorityRow("W06000005", "664", "Flintshire", None, NORTH_WALES),
    LocalAuthorityRow("W06000006", "665", "Wrexham", None, NORTH_WALES),
    LocalAuthorityRow("W06000023", "666", "Powys", None, DYFED_POWYS),
    LocalAuthorityRow("W06000008", "667", "Ceredigion", None, DYFED_POWYS),
    LocalAuthorityRow("W06000009", "668", "Pembrokeshire", None, DYFED_POWYS),
    LocalAuthorityRow("W06000010", "669", "Carmarthenshire", None, DYFED_POWYS),
    LocalAuthorityRow("W06000011", "670", "Swansea", None, SOUTH_WALES),
    LocalAuthorityRow("W06000012", "671", "Neath Port Talbot", None, SOUTH_WALES),
    LocalAuthorityRow("W06000013", "672", "Bridgend", None, SOUTH_WALES),
    LocalAuthorityRow("W06000014", "673", "Vale of Glamorgan", None, SOUTH_WALES),
    LocalAuthorityRow("W06000016", "674", "Rhondda Cynon Taf", None, SOUTH_WALES),
    LocalAuthorityRow("W06000024", "675", "Merthyr Tydfil", None, SOUTH_WALES),
    LocalAuthorityRow("W06000018", "676", "Caerphilly", None, GWENT),
    LocalAuthorityRow("W06000019", "677", "Blaenau Gwent", None, GWENT),
    LocalAuthorityRow("W06000020", "678", "Torfaen", None, GWENT),
    LocalAuthorityRow("W06000021", "679", "Monmouthshire", None, GWENT),
    LocalAuthorityRow("W06000022", "680", "Newport", None, GWENT),
    LocalAuthorityRow("W06000015", "681", "Cardiff", None, SOUTH_WALES),
)

LOCAL_AUTHORITIES: tuple[LocalAuthorityRow, ...] = (
    ENGLISH_LOCAL_AUTHORITIES + WELSH_LOCAL_AUTHORITIES
)

# The phases of education of Get Information About Schools, in the order people expect.
SCHOOL_PHASES: tuple[str, ...] = (
    "Nursery",
    "Primary",
    "Middle deemed primary",
    "Middle deemed secondary",
    "Secondary",
    "All-through",
    "16 plus",
    "Not applicable",
)
