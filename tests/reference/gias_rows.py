"""Rows of a Get Information About Schools extract, written as GIAS writes them, for the tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sspcollect.reference.tables import LOCAL_AUTHORITIES

# GIAS's names for the codes of establishments outside England and Wales.
OUTSIDE_NAMES = {
    "000": "Does not apply",
    "702": "BFPO Overseas Establishments",
    "704": "Fieldwork Overseas Establishments",
    "705": "Isle of Man Offshore Establishments",
    "708": "Gibraltar Overseas Establishments",
}
LA_NAMES = {la.old_code: la.name for la in LOCAL_AUTHORITIES} | OUTSIDE_NAMES

# The columns the service reads, among a few of the ~130 it ignores, in GIAS order.
COLUMNS = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (code)",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (code)",
    "EstablishmentStatus (name)",
    "PhaseOfEducation (name)",
    "OpenDate",
    "CloseDate",
    "NumberOfPupils",
    "Postcode",
    "UKPRN",
    "Easting",
    "Northing",
]


# Characters outside ASCII that Windows-1252 holds (0x92, 0x96), as GIAS names use them.
APOSTROPHE = "\u2019"
EN_DASH = "\u2013"
CASS = f"Sir John Cass{APOSTROPHE}s Foundation Primary School"
ST_MARYS = f"St Mary{APOSTROPHE}s Catholic Primary School {EN_DASH} Ysgol Gynradd"
ST_MARYS_ACADEMY = f"St Mary{APOSTROPHE}s Catholic Primary Academy"
YSGOL = f"Ysgol Gymraeg Bro Morgannwg {EN_DASH} Llanfair Pwllgwyngyll Ysgol Gynradd Gymraeg"


def gias_row(urn: int, la: str, name: str, **values: str) -> dict[str, str]:
    """One GIAS row: an open community primary school unless values say otherwise."""
    row = {
        "URN": str(urn),
        "LA (code)": la,
        "LA (name)": LA_NAMES.get(la, ""),
        "EstablishmentNumber": "2001",
        "EstablishmentName": name,
        "TypeOfEstablishment (code)": "1",
        "TypeOfEstablishment (name)": "Community school",
        "EstablishmentTypeGroup (name)": "Local authority maintained schools",
        "EstablishmentStatus (code)": "1",
        "EstablishmentStatus (name)": "Open",
        "PhaseOfEducation (name)": "Primary",
        "OpenDate": "",
        "CloseDate": "",
        "NumberOfPupils": "210",
        "Postcode": "AB1 2CD",
        "UKPRN": "",
        "Easting": "530000",
        "Northing": "180000",
    }
    row.update(values)
    return row


def service_schools() -> list[dict[str, str]]:
    """Six establishments the service keeps: English, closed, closing, independent, Welsh."""
    return [
        gias_row(
            100000,
            "201",
            CASS,
            EstablishmentNumber="3614",
            **{"TypeOfEstablishment (code)": "2"},
            **{"TypeOfEstablishment (name)": "Voluntary aided school"},
            Postcode="EC3A 5DE",
            OpenDate="01-09-1909",
        ),
        gias_row(137001, "886", ST_MARYS),
        gias_row(
            101002,
            "207",
            "École Française de Londres",
            EstablishmentNumber="6001",
            **{"TypeOfEstablishment (code)": "11"},
            **{"TypeOfEstablishment (name)": "Other independent school"},
        ),
        gias_row(
            110003,
            "886",
            "Old Road Infant School",
            EstablishmentNumber="12",
            **{"EstablishmentStatus (name)": "Closed"},
            CloseDate="31-08-2015",
            NumberOfPupils="",
        ),
        gias_row(
            110004,
            "855",
            "Hill Top Junior School",
            **{"EstablishmentStatus (name)": "Open, but proposed to close"},
        ),
        gias_row(
            401234,
            "673",
            YSGOL,
            EstablishmentNumber="2345",
            **{"TypeOfEstablishment (code)": "30"},
            **{"TypeOfEstablishment (name)": "Welsh establishment"},
            Postcode="CF62 9BJ",
            Easting="",
            Northing="",
        ),
    ]


def outside_rows() -> list[dict[str, str]]:
    """Six establishments outside the service, of every kind the extract holds."""
    return [
        gias_row(150000, "000", "Does Not Apply Miscellaneous Provider"),
        gias_row(
            150001,
            "702",
            "BFPO Service School",
            **{"TypeOfEstablishment (code)": "26"},
            **{"TypeOfEstablishment (name)": "Service children's education"},
        ),
        gias_row(150002, "704", "Fieldwork Overseas School"),
        gias_row(150003, "708", "St Christopher's, Gibraltar"),
        gias_row(
            150004,
            "705",
            "Offshore School",
            **{"TypeOfEstablishment (code)": "25"},
            **{"TypeOfEstablishment (name)": "Offshore schools"},
        ),
        gias_row(
            133850,
            "936",
            "University of Surrey",
            **{"TypeOfEstablishment (code)": "29"},
            **{"TypeOfEstablishment (name)": "Higher education institutions"},
            **{"PhaseOfEducation (name)": "Not applicable"},
        ),
    ]


def gias_bytes(
    rows: list[dict[str, str]], columns: list[str] = COLUMNS, encoding: str = "cp1252"
) -> bytes:
    """Rows as GIAS writes them: CSV with CRLF line ends, in encoding (Windows-1252)."""
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def write_gias(
    path: Path,
    rows: list[dict[str, str]],
    columns: list[str] = COLUMNS,
    encoding: str = "cp1252",
) -> Path:
    """Write rows to path as GIAS does (see gias_bytes)."""
    path.write_bytes(gias_bytes(rows, columns, encoding))
    return path
