"""Drawing a map through its template, and reading what was drawn."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from flask import get_template_attribute

from sspcollect.maps.drawing import Map


def rendered(drawn: Map) -> str:
    """The map's figure (SVG, legend, attribution) as the pages draw it."""
    figure = get_template_attribute("maps/_map.html", "figure")
    return str(figure(drawn))


def svg_of(html: str, map_id: str) -> Tag:
    """The SVG of the map with this id in html."""
    found = BeautifulSoup(html, "html.parser").find("svg", id=map_id)
    assert isinstance(found, Tag), f"no map {map_id}"
    return found


def areas(svg: Tag) -> dict[str, str]:
    """Each drawn area's accessible name → its fill."""
    drawn: dict[str, str] = {}
    for area in svg.select(".app-map__area"):
        label = str(area["aria-label"])
        assert label not in drawn, f"{label} drawn twice"
        path = area.find("path")
        assert isinstance(path, Tag)
        drawn[label] = str(path["fill"])
    return drawn
