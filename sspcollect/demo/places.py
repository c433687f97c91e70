"""Where the demo's schools are: for each local authority, its postcode districts and some of
its neighbourhoods, so that a school in Redbridge has an IG postcode and an Ilford name.

Welsh local authorities give their places in Welsh as well, for Welsh-medium schools.
"""

from __future__ import annotations

import random

# old LA code: (postcode districts, neighbourhoods)
ENGLISH_PLACES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # Metropolitan Police
    "301": (("IG11", "RM8", "RM9", "RM10"), ("Barking", "Dagenham", "Becontree", "Chadwell Heath")),
    "302": (
        ("N2", "N3", "N12", "NW4", "NW7", "EN5"),
        ("Finchley", "Hendon", "Mill Hill", "Edgware", "Whetstone"),
    ),
    "303": (
        ("DA5", "DA6", "DA7", "DA15", "DA16"),
        ("Bexleyheath", "Sidcup", "Welling", "Erith", "Crayford"),
    ),
    "304": (("NW10", "HA0", "HA9"), ("Wembley", "Harlesden", "Kilburn", "Willesden", "Kingsbury")),
    "305": (
        ("BR1", "BR2", "BR3", "BR6"),
        ("Bromley", "Beckenham", "Orpington", "Chislehurst", "Hayes"),
    ),
    "202": (
        ("NW1", "NW3", "NW5", "WC1"),
        ("Camden Town", "Kentish Town", "Hampstead", "Gospel Oak"),
    ),
    "306": (
        ("CR0", "CR2", "CR7", "SE25"),
        ("Croydon", "Thornton Heath", "Norbury", "Addiscombe", "Selsdon"),
    ),
    "307": (
        ("W5", "W7", "W13", "UB1", "UB6"),
        ("Ealing", "Hanwell", "Southall", "Greenford", "Acton"),
    ),
    "308": (
        ("EN1", "EN2", "EN3", "N9", "N13"),
        ("Enfield", "Edmonton", "Palmers Green", "Ponders End"),
    ),
    "203": (
        ("SE3", "SE7", "SE9", "SE10", "SE18"),
        ("Greenwich", "Eltham", "Woolwich", "Charlton", "Plumstead"),
    ),
    "204": (
        ("E5", "E8", "E9", "N16"),
        ("Hackney", "Homerton", "Clapton", "Stoke Newington", "Dalston"),
    ),
    "205": (
        ("W6", "W12", "W14", "SW6"),
        ("Hammersmith", "Fulham", "Shepherd's Bush", "White City"),
    ),
    "309": (
        ("N8", "N15", "N17", "N22"),
        ("Tottenham", "Hornsey", "Wood Green", "Crouch End", "Muswell Hill"),
    ),
    "310": (
        ("HA1", "HA2", "HA3", "HA5"),
        ("Harrow", "Wealdstone", "Pinner", "Rayners Lane", "Kenton"),
    ),
    "311": (
        ("RM1", "RM3", "RM11", "RM12"),
        ("Romford", "Hornchurch", "Upminster", "Harold Hill", "Elm Park"),
    ),
    "312": (
        ("UB3", "UB4", "UB8", "UB10", "HA4"),
        ("Hayes", "Uxbridge", "Ruislip", "Hillingdon", "Yiewsley"),
    ),
    "313": (
        ("TW3", "TW4", "TW5", "TW7", "TW13"),
        ("Hounslow", "Feltham", "Isleworth", "Heston", "Cranford"),
    ),
    "206": (
        ("N1", "N4", "N5", "N7", "N19"),
        ("Islington", "Holloway", "Highbury", "Archway", "Canonbury"),
    ),
    "207": (
        ("W8", "W10", "W11", "SW3"),
        ("Kensington", "Notting Hill", "North Kensington", "Chelsea"),
    ),
    "314": (
        ("KT1", "KT2", "KT3", "KT5", "KT6"),
        ("Kingston", "Surbiton", "Tolworth", "New Malden", "Chessington"),
    ),
    "208": (
        ("SW2", "SW4", "SW9", "SE11", "SE27"),
        ("Brixton", "Stockwell", "Streatham", "Kennington", "Clapham"),
    ),
    "209": (
        ("SE4", "SE6", "SE12", "SE13", "SE14"),
        ("Lewisham", "Catford", "Deptford", "Brockley", "Lee"),
    ),
    "315": (
        ("SW19", "SW20", "CR4", "SM4"),
        ("Mitcham", "Morden", "Wimbledon", "Colliers Wood", "Raynes Park"),
    ),
    "316": (
        ("E6", "E7", "E12", "E13", "E15", "E16"),
        ("Stratford", "East Ham", "Plaistow", "Forest Gate", "Canning Town"),
    ),
    "317": (
        ("IG1", "IG2", "IG3", "IG4", "IG6", "IG8"),
        ("Ilford", "Woodford", "Barkingside", "Seven Kings", "Gants Hill"),
    ),
    "318": (
        ("TW1", "TW2", "TW9", "TW10", "TW11"),
        ("Twickenham", "Richmond", "Teddington", "Whitton", "Hampton"),
    ),
    "210": (
        ("SE1", "SE5", "SE15", "SE16", "SE22"),
        ("Peckham", "Camberwell", "Bermondsey", "Walworth", "Dulwich"),
    ),
    "319": (
        ("SM1", "SM2", "SM5", "SM6"),
        ("Sutton", "Carshalton", "Wallington", "Cheam", "Belmont"),
    ),
    "211": (("E1", "E2", "E3", "E14"), ("Bethnal Green", "Bow", "Poplar", "Stepney", "Limehouse")),
    "320": (
        ("E4", "E10", "E11", "E17"),
        ("Walthamstow", "Leyton", "Leytonstone", "Chingford", "Highams Park"),
    ),
    "212": (
        ("SW11", "SW12", "SW15", "SW17", "SW18"),
        ("Battersea", "Tooting", "Putney", "Balham", "Earlsfield"),
    ),
    "213": (
        ("W2", "W9", "NW8", "SW1"),
        ("Paddington", "Maida Vale", "Pimlico", "Queen's Park", "Westbourne"),
    ),
    # West Midlands
    "330": (
        ("B8", "B11", "B13", "B23", "B31", "B44"),
        (
            "Small Heath",
            "Erdington",
            "Kings Norton",
            "Moseley",
            "Sparkhill",
            "Handsworth",
            "Northfield",
            "Acocks Green",
        ),
    ),
    "331": (
        ("CV1", "CV2", "CV3", "CV5", "CV6"),
        ("Foleshill", "Earlsdon", "Tile Hill", "Radford", "Wyken", "Canley"),
    ),
    "332": (
        ("DY1", "DY2", "DY5", "DY8"),
        ("Dudley", "Netherton", "Brierley Hill", "Stourbridge", "Kingswinford"),
    ),
    "333": (
        ("B66", "B67", "B69", "B70", "B71"),
        ("West Bromwich", "Smethwick", "Oldbury", "Tipton", "Wednesbury"),
    ),
    "334": (
        ("B90", "B91", "B92", "B36", "B37"),
        ("Solihull", "Shirley", "Knowle", "Chelmsley Wood", "Olton"),
    ),
    "335": (
        ("WS1", "WS2", "WS3", "WS5", "WS9"),
        ("Walsall", "Bloxwich", "Aldridge", "Willenhall", "Brownhills"),
    ),
    "336": (
        ("WV1", "WV3", "WV4", "WV10", "WV11"),
        ("Wolverhampton", "Tettenhall", "Bilston", "Wednesfield", "Penn"),
    ),
    # Thames Valley
    "867": (
        ("RG12", "RG42", "GU47"),
        ("Bracknell", "Sandhurst", "Crowthorne", "Binfield", "Warfield"),
    ),
    "869": (
        ("RG14", "RG18", "RG19", "RG7"),
        ("Newbury", "Thatcham", "Theale", "Hungerford", "Pangbourne"),
    ),
    "870": (
        ("RG1", "RG2", "RG4", "RG30", "RG31"),
        ("Caversham", "Tilehurst", "Whitley", "Earley", "Southcote"),
    ),
    "871": (("SL1", "SL2", "SL3"), ("Slough", "Langley", "Cippenham", "Chalvey", "Britwell")),
    "868": (("SL4", "SL6"), ("Windsor", "Maidenhead", "Eton", "Cookham", "Datchet")),
    "872": (
        ("RG40", "RG41", "RG5", "RG6"),
        ("Wokingham", "Woodley", "Winnersh", "Finchampstead", "Twyford"),
    ),
    "826": (
        ("MK1", "MK3", "MK6", "MK8", "MK13"),
        ("Bletchley", "Wolverton", "Newport Pagnell", "Stony Stratford", "Shenley"),
    ),
    "825": (
        ("HP5", "HP11", "HP13", "HP19", "HP20"),
        ("Aylesbury", "High Wycombe", "Amersham", "Chesham", "Buckingham"),
    ),
    "931": (
        ("OX1", "OX4", "OX14", "OX16", "OX26"),
        ("Banbury", "Bicester", "Abingdon", "Witney", "Didcot", "Cowley"),
    ),
    # Cumbria
    "942": (
        ("CA1", "CA2", "CA14", "CA28"),
        ("Carlisle", "Workington", "Whitehaven", "Cockermouth", "Maryport"),
    ),
    "943": (
        ("LA9", "LA14", "LA23", "CA11"),
        ("Kendal", "Barrow-in-Furness", "Penrith", "Ulverston", "Windermere"),
    ),
}

# old LA code: (postcode districts, neighbourhoods in English, the same places in Welsh)
WELSH_PLACES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "670": (
        ("SA1", "SA4", "SA5", "SA6"),
        ("Morriston", "Gorseinon", "Sketty", "Pontarddulais"),
        ("Treforys", "Gorseinon", "Sgeti", "Pontarddulais"),
    ),
    "671": (
        ("SA11", "SA12", "SA13"),
        ("Neath", "Port Talbot", "Briton Ferry", "Glynneath"),
        ("Castell-nedd", "Port Talbot", "Llansawel", "Glyn-nedd"),
    ),
    "672": (
        ("CF31", "CF32", "CF33"),
        ("Bridgend", "Maesteg", "Porthcawl", "Pencoed"),
        ("Pen-y-bont", "Maesteg", "Porthcawl", "Pencoed"),
    ),
    "673": (
        ("CF62", "CF63", "CF64", "CF71"),
        ("Barry", "Penarth", "Cowbridge", "Llantwit Major"),
        ("Y Barri", "Penarth", "Y Bont-faen", "Llanilltud Fawr"),
    ),
    "674": (
        ("CF37", "CF40", "CF44", "CF45"),
        ("Pontypridd", "Tonypandy", "Aberdare", "Mountain Ash"),
        ("Pontypridd", "Tonypandy", "Aberdâr", "Aberpennar"),
    ),
    "675": (
        ("CF47", "CF48"),
        ("Merthyr Tydfil", "Troedyrhiw", "Treharris", "Dowlais"),
        ("Merthyr Tudful", "Troed-y-rhiw", "Treharris", "Dowlais"),
    ),
    "681": (
        ("CF5", "CF11", "CF14", "CF23", "CF24"),
        ("Canton", "Llanishen", "Splott", "Whitchurch", "Ely"),
        ("Treganna", "Llanisien", "Sblot", "Yr Eglwys Newydd", "Trelái"),
    ),
}

# Letters a postcode's last two characters may use.
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

FIRST_NAMES = (
    "Sarah",
    "Mohammed",
    "Joanne",
    "David",
    "Priya",
    "Gareth",
    "Helen",
    "Tomasz",
    "Aisha",
)
LAST_NAMES = ("Okafor", "Hughes", "Patel", "Davies", "Thompson", "Nowak", "Evans", "Begum", "Reid")


def person_name(seed: str) -> str:
    """A name for the person who fills in an organisation's returns (the same for the same seed)."""
    rng = random.Random(seed)
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
