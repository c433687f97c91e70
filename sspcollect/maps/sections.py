"""What a page shows around a map: the views to switch between and the table beside it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from sspcollect.maps.drawing import Map

FORCES = "forces"
LOCAL_AUTHORITIES = "las"
HEXES = "hex"
VIEWS = {
    FORCES: "Police force areas",
    LOCAL_AUTHORITIES: "Local authorities",
    HEXES: "Force areas as hexagons",
}


def view_choice(raw: str | None, views: tuple[str, ...] = tuple(VIEWS)) -> str:
    """The view asked for in the address, or the first one."""
    return raw if raw in views else views[0]


@dataclass(frozen=True)
class Choice:
    """A link to another way of showing the map, or the current one."""

    label: str
    href: str
    current: bool


def choices(
    page_url: str, args: dict[str, str], name: str, options: dict[str, str], chosen: str
) -> list[Choice]:
    """Links to each option of one setting of the map, keeping the page's other settings."""
    links = []
    for value, label in options.items():
        query = urlencode({**args, name: value})
        links.append(Choice(label, f"{page_url}?{query}#map", value == chosen))
    return links


@dataclass(frozen=True)
class Row:
    """One area of the table beside a map: its name and figures, and a link if it has one."""

    code: str
    name: str
    cells: tuple[str, ...]
    href: str = ""


@dataclass
class Section:
    """A map, the switches above it, and the table beside it."""

    map: Map
    caption: str
    headings: tuple[str, ...]
    rows: list[Row]
    switches: list[list[Choice]]
    note: str = ""
