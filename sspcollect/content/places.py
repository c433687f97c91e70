"""Welsh local authorities, the phases of education and the types of school by their Welsh
names, for a reader in Welsh. The reference data and the datasets keep the English names (and
the codes); these are for display only.
"""

from __future__ import annotations

from flask_babel import gettext

from sspcollect.content.marking import N_
from sspcollect.language import is_welsh
from sspcollect.reference.tables import WELSH_LOCAL_AUTHORITIES

# The Welsh name of each Welsh authority that has one, by ONS code. Gwynedd, Conwy, Powys,
# Ceredigion, Rhondda Cynon Taf and Blaenau Gwent are the same in both languages.
WELSH_NAMES = {
    "W06000001": "Ynys Môn",
    "W06000004": "Sir Ddinbych",
    "W06000005": "Sir y Fflint",
    "W06000006": "Wrecsam",
    "W06000009": "Sir Benfro",
    "W06000010": "Sir Gaerfyrddin",
    "W06000011": "Abertawe",
    "W06000012": "Castell-nedd Port Talbot",
    "W06000013": "Pen-y-bont ar Ogwr",
    "W06000014": "Bro Morgannwg",
    "W06000015": "Caerdydd",
    "W06000018": "Caerffili",
    "W06000020": "Tor-faen",
    "W06000021": "Sir Fynwy",
    "W06000022": "Casnewydd",
    "W06000024": "Merthyr Tudful",
}
# The same, by the English name the reference data holds, for pages that have only the name.
WELSH_BY_ENGLISH = {
    row.name: WELSH_NAMES[row.code] for row in WELSH_LOCAL_AUTHORITIES if row.code in WELSH_NAMES
}

# The phases of education, as Get Information About Schools names them, marked for the
# catalogue.
PHASES = {
    "Nursery": N_("Nursery"),
    "Primary": N_("Primary"),
    "Middle deemed primary": N_("Middle deemed primary"),
    "Middle deemed secondary": N_("Middle deemed secondary"),
    "Secondary": N_("Secondary"),
    "All-through": N_("All-through"),
    "16 plus": N_("16 plus"),
    "Not applicable": N_("Not applicable"),
}


# The types of establishment, as Get Information About Schools names them (its
# TypeOfEstablishment list), marked for the catalogue. A school in Wales is a "Welsh
# establishment" there, whatever its governance.
SCHOOL_TYPES = {
    "Community school": N_("Community school"),
    "Voluntary aided school": N_("Voluntary aided school"),
    "Voluntary controlled school": N_("Voluntary controlled school"),
    "Foundation school": N_("Foundation school"),
    "City technology college": N_("City technology college"),
    "Community special school": N_("Community special school"),
    "Non-maintained special school": N_("Non-maintained special school"),
    "Other independent special school": N_("Other independent special school"),
    "Other independent school": N_("Other independent school"),
    "Foundation special school": N_("Foundation special school"),
    "Pupil referral unit": N_("Pupil referral unit"),
    "Local authority nursery school": N_("Local authority nursery school"),
    "Further education": N_("Further education"),
    "Secure units": N_("Secure units"),
    "Offshore schools": N_("Offshore schools"),
    "Service children's education": N_("Service children's education"),
    "Miscellaneous": N_("Miscellaneous"),
    "Academy sponsor led": N_("Academy sponsor led"),
    "Higher education institutions": N_("Higher education institutions"),
    "Welsh establishment": N_("Welsh establishment"),
    "Sixth form centres": N_("Sixth form centres"),
    "Special post 16 institution": N_("Special post 16 institution"),
    "Academy special sponsor led": N_("Academy special sponsor led"),
    "Academy converter": N_("Academy converter"),
    "Free schools": N_("Free schools"),
    "Free schools special": N_("Free schools special"),
    "British schools overseas": N_("British schools overseas"),
    "Free schools alternative provision": N_("Free schools alternative provision"),
    "Free schools 16 to 19": N_("Free schools 16 to 19"),
    "University technical college": N_("University technical college"),
    "Studio schools": N_("Studio schools"),
    "Academy alternative provision converter": N_("Academy alternative provision converter"),
    "Academy alternative provision sponsor led": N_("Academy alternative provision sponsor led"),
    "Academy special converter": N_("Academy special converter"),
    "Academy 16-19 converter": N_("Academy 16-19 converter"),
    "Academy 16 to 19 sponsor led": N_("Academy 16 to 19 sponsor led"),
    "Online provider": N_("Online provider"),
    "Institution funded by other government department": N_(
        "Institution funded by other government department"
    ),
    "Academy secure 16 to 19": N_("Academy secure 16 to 19"),
}


def local_authority_name(english: str) -> str:
    """A local authority's name in the language of the moment: 'Caerdydd' for Cardiff in
    Welsh; English names, and every name in English, as the reference data holds them."""
    return WELSH_BY_ENGLISH.get(english, english) if is_welsh() else english


def phase_name(phase: str) -> str:
    """A phase of education in the language of the moment ('Cynradd' for Primary in Welsh)."""
    return gettext(PHASES[phase]) if phase in PHASES else phase


def school_type_name(school_type: str) -> str:
    """A type of school in the language of the moment ('Ysgol gymunedol' for Community school
    in Welsh); a type the list does not know, as Get Information About Schools gives it."""
    return gettext(SCHOOL_TYPES[school_type]) if school_type in SCHOOL_TYPES else school_type
