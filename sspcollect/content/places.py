"""Welsh local authorities and the phases of education by their Welsh names, for a reader in
Welsh. The reference data and the datasets keep the English names (and the codes); these are
for display only.
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


def local_authority_name(english: str) -> str:
    """A local authority's name in the language of the moment: 'Caerdydd' for Cardiff in
    Welsh; English names, and every name in English, as the reference data holds them."""
    return WELSH_BY_ENGLISH.get(english, english) if is_welsh() else english


def phase_name(phase: str) -> str:
    """A phase of education in the language of the moment ('Cynradd' for Primary in Welsh)."""
    return gettext(PHASES[phase]) if phase in PHASES else phase
