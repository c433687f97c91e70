"""Police forces as people name them in a sentence.

The reference tables hold the police force areas as the Office for National Statistics names
them ("West Midlands", "London, City of"); a sentence names the force itself ("West Midlands
Police", "City of London Police") or its area ("the West Midlands police force area").

On a Welsh page (or in an email to a Welsh reader) the four Welsh forces and their areas go by
their Welsh names ("Heddlu De Cymru", "De Cymru"); the reference tables keep the English.
"""

from __future__ import annotations

from sspcollect.language import is_welsh
from sspcollect.reference.tables import FORCE_AREAS

# Each force's own name, by police force area code.
FORCE_NAMES = {
    "E23000001": "the Metropolitan Police Service",
    "E23000002": "Cumbria Constabulary",
    "E23000003": "Lancashire Constabulary",
    "E23000004": "Merseyside Police",
    "E23000005": "Greater Manchester Police",
    "E23000006": "Cheshire Constabulary",
    "E23000007": "Northumbria Police",
    "E23000008": "Durham Constabulary",
    "E23000009": "North Yorkshire Police",
    "E23000010": "West Yorkshire Police",
    "E23000011": "South Yorkshire Police",
    "E23000012": "Humberside Police",
    "E23000013": "Cleveland Police",
    "E23000014": "West Midlands Police",
    "E23000015": "Staffordshire Police",
    "E23000016": "West Mercia Police",
    "E23000017": "Warwickshire Police",
    "E23000018": "Derbyshire Constabulary",
    "E23000019": "Nottinghamshire Police",
    "E23000020": "Lincolnshire Police",
    "E23000021": "Leicestershire Police",
    "E23000022": "Northamptonshire Police",
    "E23000023": "Cambridgeshire Constabulary",
    "E23000024": "Norfolk Constabulary",
    "E23000025": "Suffolk Constabulary",
    "E23000026": "Bedfordshire Police",
    "E23000027": "Hertfordshire Constabulary",
    "E23000028": "Essex Police",
    "E23000029": "Thames Valley Police",
    "E23000030": "Hampshire and Isle of Wight Constabulary",
    "E23000031": "Surrey Police",
    "E23000032": "Kent Police",
    "E23000033": "Sussex Police",
    "E23000034": "City of London Police",
    "E23000035": "Devon and Cornwall Police",
    "E23000036": "Avon and Somerset Police",
    "E23000037": "Gloucestershire Constabulary",
    "E23000038": "Wiltshire Police",
    "E23000039": "Dorset Police",
    "W15000001": "North Wales Police",
    "W15000002": "Gwent Police",
    "W15000003": "South Wales Police",
    "W15000004": "Dyfed-Powys Police",
}
# The Welsh forces' own Welsh names, and their areas', for a Welsh reader.
WELSH_FORCE_NAMES = {
    "W15000001": "Heddlu Gogledd Cymru",
    "W15000002": "Heddlu Gwent",
    "W15000003": "Heddlu De Cymru",
    "W15000004": "Heddlu Dyfed-Powys",
}
WELSH_AREA_NAMES = {
    "W15000001": "Gogledd Cymru",
    "W15000002": "Gwent",
    "W15000003": "De Cymru",
    "W15000004": "Dyfed-Powys",
}
# Area names as a sentence writes them: the ONS names, with the two that read badly reworded.
AREA_NAMES = {row.code: row.name for row in FORCE_AREAS} | {
    "E23000034": "City of London",
    "E23000035": "Devon and Cornwall",
}


def force_name(code: str | None, fallback: str = "") -> str:
    """The force's own name for a sentence: 'West Midlands Police' (fallback if unknown)."""
    if is_welsh() and code in WELSH_FORCE_NAMES:
        return WELSH_FORCE_NAMES[code]
    return FORCE_NAMES.get(code or "", fallback)


def force_title(code: str | None, fallback: str = "") -> str:
    """The force's name at the start of a sentence or as a heading: 'The Metropolitan …'."""
    name = force_name(code, fallback)
    return name[:1].upper() + name[1:]


def force_listed(code: str | None, fallback: str = "") -> str:
    """The force's own name in a list or an answer: 'Metropolitan Police Service'."""
    return force_name(code, fallback).removeprefix("the ")


def area_name(code: str | None, fallback: str = "") -> str:
    """The force area's name for a list or a table: 'West Midlands', 'City of London'."""
    if is_welsh() and code in WELSH_AREA_NAMES:
        return WELSH_AREA_NAMES[code]
    return AREA_NAMES.get(code or "", fallback)


def force_area(code: str | None, fallback: str = "") -> str:
    """The force's area for a sentence: 'the West Midlands police force area'."""
    if code == "E23000001":
        # The Metropolitan Police's area has a name of its own.
        return "the Metropolitan Police District"
    name = area_name(code, fallback)
    return f"the {name} police force area" if name else ""
