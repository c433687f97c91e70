"""The boundaries of force areas and local authorities, projected once and drawn as SVG paths.

The GeoJSON files in `data/` are the service's own copy of ONS boundaries (see
`data/README.md` for their source, licence and the attribution every map carries). They are
read and projected onto the British National Grid the first time a map needs them, then kept
for the life of the process. Paths are drawn for a `Frame`: the rectangle of the grid a map
shows and how many metres one SVG unit stands for. Rounding every vertex to whole units is
the simplification: a national map at 500 m a unit drops the detail no one could see, and
since a border shared by two areas has the same vertices in both, both are rounded alike and
neighbours still meet without gaps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sspcollect.maps.projection import to_national_grid

DATA = Path(__file__).parent / "data"
FORCE_AREAS_FILE = DATA / "police_force_areas.geojson"
LOCAL_AUTHORITIES_FILE = DATA / "local_authorities.geojson"
HEXES_FILE = DATA / "police_force_areas.hexjson"
ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right 2016"
)
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
# The national map: metres per SVG unit, and the space left around the country.
NATIONAL_METRES = 500.0
# A map of one force is drawn about this many units across, but never finer than 50 m a unit.
FORCE_UNITS = 600.0
FINEST_METRES = 50.0

Ring = NDArray[np.float64]
Bounds = tuple[float, float, float, float]


@dataclass(frozen=True)
class Shape:
    """One area's boundary: rings of National Grid eastings and northings (outer and holes)."""

    code: str
    name: str
    force_code: str
    rings: tuple[Ring, ...]

    @property
    def bounds(self) -> Bounds:
        """West, south, east and north edges, in metres."""
        points = np.vstack(self.rings)
        west, south = points.min(axis=0)
        east, north = points.max(axis=0)
        return float(west), float(south), float(east), float(north)


def _rings(geometry: dict[str, Any]) -> tuple[Ring, ...]:
    """Every ring of a Polygon or MultiPolygon, projected onto the National Grid."""
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    rings = []
    for polygon in polygons:
        for ring in polygon:
            lonlat = np.asarray(ring, dtype=float)
            easting, northing = to_national_grid(lonlat[:, 0], lonlat[:, 1])
            rings.append(np.column_stack([easting, northing]))
    return tuple(rings)


def _load(path: Path, code: str, name: str, force: str) -> dict[str, Shape]:
    """The features of a GeoJSON file as shapes, by code."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    shapes = {}
    for feature in features:
        properties = feature["properties"]
        shapes[properties[code]] = Shape(
            code=properties[code],
            name=properties[name],
            force_code=properties[force],
            rings=_rings(feature["geometry"]),
        )
    return shapes


@cache
def force_areas() -> dict[str, Shape]:
    """The 43 police force areas, by code (loaded and projected once per process)."""
    return _load(FORCE_AREAS_FILE, "pfa_code", "pfa_name", "pfa_code")


@cache
def local_authorities() -> dict[str, Shape]:
    """The 175 upper-tier local authorities, by code, each with its force area."""
    return _load(LOCAL_AUTHORITIES_FILE, "new_la_code", "la_name", "pfa_code")


@dataclass(frozen=True)
class Hex:
    """A force's hexagon in the hex map: its column and row (rows grow northward)."""

    code: str
    name: str
    short_name: str
    column: int
    row: int


@cache
def hexes() -> dict[str, Hex]:
    """The hex layout of the 43 forces (HexJSON, odd rows shifted right), by force code."""
    layout = json.loads(HEXES_FILE.read_text(encoding="utf-8"))
    return {
        code: Hex(code, cell["n"], cell["a"], cell["q"], cell["r"])
        for code, cell in layout["hexes"].items()
    }


@dataclass(frozen=True)
class Frame:
    """The part of the grid a map shows: its north-west corner, metres per unit, and size."""

    west: float
    north: float
    metres: float
    width: int
    height: int

    @classmethod
    def around(cls, bounds: Bounds, metres: float, margin: int = 4) -> Frame:
        """A frame holding bounds at metres per unit, with margin units on every side."""
        west, south, east, north = bounds
        return cls(
            west=west - margin * metres,
            north=north + margin * metres,
            metres=metres,
            width=int(np.ceil((east - west) / metres)) + 2 * margin,
            height=int(np.ceil((north - south) / metres)) + 2 * margin,
        )

    def units(self, eastings: Ring, northings: Ring) -> NDArray[np.int64]:
        """Points in whole SVG units (y grows southward), as an array of n rows of two."""
        x = np.rint((eastings - self.west) / self.metres)
        y = np.rint((self.north - northings) / self.metres)
        return np.column_stack([x, y]).astype(np.int64)

    def point(self, easting: float, northing: float) -> tuple[float, float]:
        """One point in SVG units, to a tenth of a unit."""
        return (
            round((easting - self.west) / self.metres, 1),
            round((self.north - northing) / self.metres, 1),
        )


def _union(bounds: list[Bounds]) -> Bounds:
    """The smallest rectangle holding every one of bounds."""
    return (
        min(b[0] for b in bounds),
        min(b[1] for b in bounds),
        max(b[2] for b in bounds),
        max(b[3] for b in bounds),
    )


@cache
def national_frame() -> Frame:
    """The frame of a map of England and Wales."""
    return Frame.around(_union([shape.bounds for shape in force_areas().values()]), NATIONAL_METRES)


def force_frame(force_code: str) -> Frame:
    """The frame of a map of one force area."""
    bounds = force_areas()[force_code].bounds
    across = max(bounds[2] - bounds[0], bounds[3] - bounds[1])
    return Frame.around(bounds, max(across / FORCE_UNITS, FINEST_METRES), margin=10)


def path_data(shape: Shape, frame: Frame) -> str:
    """The SVG path of shape in frame: each ring rounded to whole units, in relative moves.

    Repeated points left by the rounding are dropped, and so is a ring that rounds to fewer
    than three points (an islet smaller than a unit).
    """
    parts = []
    for ring in shape.rings:
        points = frame.units(ring[:, 0], ring[:, 1])
        moved = np.ones(len(points), dtype=bool)
        moved[1:] = np.any(points[1:] != points[:-1], axis=1)
        points = points[moved]
        if len(points) > 1 and (points[0] == points[-1]).all():
            points = points[:-1]
        if len(points) < 3:
            continue
        steps = np.diff(points, axis=0).ravel().tolist()
        pairs = " ".join(f"{dx} {dy}" for dx, dy in zip(steps[::2], steps[1::2], strict=True))
        parts.append(f"M{points[0][0]} {points[0][1]}l{pairs}z".replace(" -", "-"))
    return "".join(parts)


@lru_cache(maxsize=64)
def paths(layer: str, frame: Frame) -> dict[str, str]:
    """Path data of every area of a layer ("forces" or "las") in frame, by code (cached)."""
    shapes = force_areas() if layer == "forces" else local_authorities()
    return {code: path_data(shape, frame) for code, shape in shapes.items()}


def contains(shape: Shape, easting: float, northing: float) -> bool:
    """Whether a point lies inside shape (even-odd rule over all its rings, so holes count)."""
    inside = False
    for ring in shape.rings:
        x, y = ring[:, 0], ring[:, 1]
        x2, y2 = np.roll(x, -1), np.roll(y, -1)
        crosses = (y > northing) != (y2 > northing)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = x + (northing - y) * (x2 - x) / (y2 - y)
        inside ^= bool(np.count_nonzero(crosses & (easting < at)) % 2)
    return inside
