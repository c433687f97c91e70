"""Maps ready to draw: each area's shape, fill, accessible name and link, and the legend.

`area_map` colours force areas or local authorities by a figure each; `hex_map` does the
same on the hexagon layout of the forces, where small forces (the City of London) are as
big as large ones; `force_schools_map` draws one force with its schools as points. The SVG
itself is written by the templates in `templates/maps/`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from flask_babel import gettext

from sspcollect.content.forces import area_name
from sspcollect.maps import boundaries
from sspcollect.maps.boundaries import ATTRIBUTION, LICENCE_URL, Frame
from sspcollect.maps.scale import (
    DARK_COLOURS,
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    PALE_GREY,
    SUPPRESSED,
    Figure,
    Key,
    Scale,
)

# Hexagons: the distance from centre to corner, in SVG units.
HEX_RADIUS = 40.0
HEX_MARGIN = 8.0


@dataclass(frozen=True)
class Area:
    """One area as drawn: its outline, fill, figure, accessible name and where it leads."""

    code: str
    name: str
    path: str
    fill: str
    figure: Figure
    label: str
    href: str
    # Hexagons only: the centre of the label and its short name, and the label's colour.
    x: float = 0.0
    y: float = 0.0
    short_name: str = ""
    text_colour: str = "#0b0c0c"


@dataclass(frozen=True)
class Point:
    """A school on a force's map."""

    x: float
    y: float
    covered: bool
    label: str


@dataclass
class Map:
    """Everything a template needs to draw one map and its legend."""

    id: str
    title: str
    description: str
    width: int
    height: int
    areas: list[Area]
    keys: list[Key]
    pattern_size: float
    points: list[Point] = field(default_factory=list)
    point_radius: float = 0.0
    hexes: bool = False
    # The colour of the borders between areas: white between colours, grey on a plain map.
    border: str = "#ffffff"
    attribution: str = ATTRIBUTION
    licence_url: str = LICENCE_URL

    @property
    def patterns(self) -> dict[str, str]:
        """The fill of each symbol, referring to the patterns this map defines."""
        return patterns_of(self.id)

    @property
    def covered_points(self) -> str:
        """Path data through every covered school (each vertex carries a marker)."""
        return points_path([point for point in self.points if point.covered])

    @property
    def uncovered_points(self) -> str:
        """Path data through every school not covered."""
        return points_path([point for point in self.points if not point.covered])


def points_path(points: list[Point]) -> str:
    """One path whose vertices are the points, in tenths of a unit: "M x y" then relative
    "l dx dy" steps, so that thousands of schools cost a few bytes each. The path is never
    stroked: a marker on each vertex draws the school. A single point gets a step of nothing,
    so that its path has a vertex to mark."""
    if not points:
        return ""
    tenths = [(round(point.x * 10), round(point.y * 10)) for point in points]
    x, y = tenths[0]
    parts = [f"M{_tenths(x)} {_tenths(y)}"]
    for next_x, next_y in tenths[1:] or [(x, y)]:
        dx, dy = next_x - x, next_y - y
        parts.append(f"l{_tenths(dx)}{'' if dy < 0 else ' '}{_tenths(dy)}")
        x, y = next_x, next_y
    return "".join(parts)


def _tenths(value: int) -> str:
    """A whole number of tenths written as a decimal: 123 is "12.3", -5 is "-0.5", 40 is "4"."""
    whole, tenth = divmod(abs(value), 10)
    sign = "-" if value < 0 else ""
    return f"{sign}{whole}.{tenth}" if tenth else f"{sign}{whole}"


def patterns_of(map_id: str) -> dict[str, str]:
    """Fills for the figures shown as symbols, by symbol, for the map with this id."""
    return {
        SUPPRESSED: f"url(#{map_id}-suppressed)",
        NOT_AVAILABLE: f"url(#{map_id}-not-available)",
        NOT_APPLICABLE: f"url(#{map_id}-not-applicable)",
    }


# describe(code, name, figure): an area's accessible name with its value.
Describe = Callable[[str, str, Figure], str]


def area_map(
    map_id: str,
    layer: str,
    figures: Mapping[str, Figure],
    scale: Scale,
    title: str,
    describe: Describe,
    link: Callable[[str], str],
    no_figure: Figure,
) -> Map:
    """Force areas ("forces") or local authorities ("las") of England and Wales, coloured.

    Every area of the layer is drawn once; an area missing from figures gets no_figure.
    """
    frame = boundaries.national_frame()
    shapes = boundaries.force_areas() if layer == "forces" else boundaries.local_authorities()
    paths = boundaries.paths(layer, frame)
    patterns = patterns_of(map_id)
    areas = []
    for code, shape in sorted(shapes.items(), key=lambda item: item[1].name):
        figure = figures.get(code, no_figure)
        areas.append(
            Area(
                code=code,
                name=shape.name,
                path=paths[code],
                fill=scale.fill(figure, patterns),
                figure=figure,
                label=describe(code, shape.name, figure),
                href=link(code),
            )
        )
    shown = [area.figure for area in areas]
    return Map(
        id=map_id,
        title=title,
        description=_description(areas, scale),
        width=frame.width,
        height=frame.height,
        areas=areas,
        keys=scale.keys(shown, patterns),
        pattern_size=round(frame.width / 110, 1),
    )


def _hexagon(x: float, y: float, radius: float) -> str:
    """The path of a pointy-topped hexagon centred on (x, y)."""
    corners = [
        (
            x + radius * math.cos(math.radians(60 * i - 30)),
            y + radius * math.sin(math.radians(60 * i - 30)),
        )
        for i in range(6)
    ]
    return "M" + "L".join(f"{cx:.1f} {cy:.1f}" for cx, cy in corners) + "z"


def hex_map(
    map_id: str,
    figures: Mapping[str, Figure],
    scale: Scale,
    title: str,
    describe: Describe,
    link: Callable[[str], str],
    no_figure: Figure,
) -> Map:
    """The 43 forces as equal hexagons in their rough places, coloured like area_map."""
    cells = boundaries.hexes()
    width = math.sqrt(3) * HEX_RADIUS
    top_row = max(cell.row for cell in cells.values())
    columns = max(cell.column + 0.5 * (cell.row % 2) for cell in cells.values())
    patterns = patterns_of(map_id)
    areas = []
    for code, cell in sorted(cells.items(), key=lambda item: item[1].name):
        x = HEX_MARGIN + width * (cell.column + 0.5 * (cell.row % 2) + 0.5)
        y = HEX_MARGIN + HEX_RADIUS + 1.5 * HEX_RADIUS * (top_row - cell.row)
        figure = figures.get(code, no_figure)
        fill = scale.fill(figure, patterns)
        areas.append(
            Area(
                code=code,
                name=cell.name,
                path=_hexagon(x, y, HEX_RADIUS - 1.5),
                fill=fill,
                figure=figure,
                label=describe(code, f"{cell.name} ({cell.short_name})", figure),
                href=link(code),
                x=round(x, 1),
                y=round(y, 1),
                short_name=cell.short_name,
                text_colour="#ffffff" if fill in DARK_COLOURS else "#0b0c0c",
            )
        )
    shown = [area.figure for area in areas]
    return Map(
        id=map_id,
        title=title,
        description=_description(areas, scale),
        width=math.ceil(2 * HEX_MARGIN + width * (columns + 1)),
        height=math.ceil(2 * HEX_MARGIN + HEX_RADIUS * (2 + 1.5 * top_row)),
        areas=areas,
        keys=scale.keys(shown, patterns),
        pattern_size=8.0,
        hexes=True,
    )


def _description(areas: list[Area], scale: Scale) -> str:
    """What the map shows, in a sentence or two, for the SVG's description."""
    numbers = [area for area in areas if area.figure.number is not None]
    if not numbers:
        return "No area has a figure. The figures are in the table beside the map."
    high = max(numbers, key=lambda area: area.figure.number or 0)
    low = min(numbers, key=lambda area: area.figure.number or 0)
    others = len(areas) - len(numbers)
    sentence = (
        f"{len(numbers)} of {len(areas)} areas have a figure, from {low.figure.text} in "
        f"{low.name} to {high.figure.text} in {high.name}."
    )
    if others:
        sentence += f" {others} have none or have it withheld."
    return sentence + " The figures are in the table beside the map."


@dataclass(frozen=True)
class SchoolPoint:
    """A school to put on a force's map: where it is, and whether a partnership covers it."""

    easting: float
    northing: float
    covered: bool
    name: str
    la_code: str


def force_schools_map(
    map_id: str,
    force_code: str,
    schools: list[SchoolPoint],
    la_labels: Mapping[str, str],
    la_link: Callable[[str], str],
) -> Map:
    """One force area, its local authorities outlined, and its schools as points.

    la_labels holds each authority's accessible name with its figures; la_link where
    selecting it leads (its schools in the list beside the map).
    """
    frame: Frame = boundaries.force_frame(force_code)
    force = boundaries.force_areas()[force_code]
    las = [
        shape for shape in boundaries.local_authorities().values() if shape.force_code == force_code
    ]
    areas = [
        Area(
            code=shape.code,
            name=shape.name,
            path=boundaries.path_data(shape, frame),
            fill=PALE_GREY,
            figure=Figure(None, ""),
            label=la_labels.get(shape.code, shape.name),
            href=la_link(shape.code),
        )
        for shape in sorted(las, key=lambda shape: shape.name)
    ]
    points = []
    for school in schools:
        x, y = frame.point(school.easting, school.northing)
        status = gettext("covered by a partnership") if school.covered else gettext("not covered")
        points.append(Point(x, y, school.covered, f"{school.name}: {status}"))
    covered_count = sum(1 for point in points if point.covered)
    return Map(
        id=map_id,
        title=gettext(
            "Schools in %(area)s covered by a partnership in your register",
            area=area_name(force_code, force.name),
        ),
        description=gettext(
            "%(placed)s schools with a known location: %(covered)s covered by a partnership in "
            "your register, %(uncovered)s not covered. The schools not covered are listed "
            "beside the map.",
            placed=f"{len(points):,}",
            covered=f"{covered_count:,}",
            uncovered=f"{len(points) - covered_count:,}",
        ),
        width=frame.width,
        height=frame.height,
        areas=areas,
        keys=[],
        pattern_size=round(frame.width / 110, 1),
        points=points,
        point_radius=round(frame.width / 130, 1),
        border="#505a5f",
    )
