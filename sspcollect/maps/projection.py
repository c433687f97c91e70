"""Longitude and latitude (WGS84) to British National Grid eastings and northings (metres).

The boundaries come as WGS84 longitude and latitude; schools come with GIAS's eastings and
northings on the British National Grid (EPSG:27700). Projecting the boundaries onto the same
grid puts both on one flat map, with true shapes and a scale that varies by under 0.1% across
England and Wales. The method is Ordnance Survey's, from "A guide to coordinate systems in
Great Britain" (Annexes B, C and D):

1. WGS84 latitude and longitude (height 0) to cartesian coordinates on the GRS80 ellipsoid;
2. a seven-parameter Helmert transformation to OSGB36 (good to about 5 metres, far finer
   than the boundaries, which are simplified to about 600 metres);
3. back to latitude and longitude on the Airy 1830 ellipsoid;
4. the transverse Mercator projection with the National Grid's true origin and scale factor.

A few dozen lines of numpy do this for the whole country in milliseconds; a general
projection library (pyproj, with PROJ's data: about 33 MB installed) would add nothing that
these maps need.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

# GRS80 (WGS84) and Airy 1830 ellipsoids: semi-major and semi-minor axes, metres.
GRS80 = (6_378_137.000, 6_356_752.3141)
AIRY_1830 = (6_377_563.396, 6_356_256.909)
# WGS84 to OSGB36: translations (m), scale (parts per million), rotations (arc seconds).
HELMERT_SHIFT = (-446.448, 125.157, -542.060)
HELMERT_SCALE_PPM = 20.4894
HELMERT_ROTATION_ARCSEC = (-0.1502, -0.2470, -0.8421)
# The National Grid: scale on the central meridian, true origin, false origin.
SCALE_FACTOR = 0.9996012717
ORIGIN_LATITUDE = np.radians(49.0)
ORIGIN_LONGITUDE = np.radians(-2.0)
FALSE_EASTING = 400_000.0
FALSE_NORTHING = -100_000.0


def _to_cartesian(lat: Array, lon: Array, axes: tuple[float, float]) -> tuple[Array, ...]:
    """Cartesian x, y, z (metres) of points at height 0 on the ellipsoid with these axes."""
    a, b = axes
    e2 = 1 - (b * b) / (a * a)
    nu = a / np.sqrt(1 - e2 * np.sin(lat) ** 2)
    return (
        nu * np.cos(lat) * np.cos(lon),
        nu * np.cos(lat) * np.sin(lon),
        (1 - e2) * nu * np.sin(lat),
    )


def _helmert(x: Array, y: Array, z: Array) -> tuple[Array, Array, Array]:
    """Cartesian coordinates moved from WGS84 to OSGB36 (small-angle Helmert)."""
    tx, ty, tz = HELMERT_SHIFT
    s = HELMERT_SCALE_PPM * 1e-6
    rx, ry, rz = (np.radians(seconds / 3600) for seconds in HELMERT_ROTATION_ARCSEC)
    return (
        tx + (1 + s) * x - rz * y + ry * z,
        ty + rz * x + (1 + s) * y - rx * z,
        tz - ry * x + rx * y + (1 + s) * z,
    )


def _to_latitude_longitude(
    x: Array, y: Array, z: Array, axes: tuple[float, float]
) -> tuple[Array, Array]:
    """Latitude and longitude (radians) on the ellipsoid with these axes, by iteration."""
    a, b = axes
    e2 = 1 - (b * b) / (a * a)
    p = np.hypot(x, y)
    lat = np.arctan2(z, p * (1 - e2))
    for _ in range(6):  # converges to well under a millimetre
        nu = a / np.sqrt(1 - e2 * np.sin(lat) ** 2)
        lat = np.arctan2(z + e2 * nu * np.sin(lat), p)
    return lat, np.arctan2(y, x)


def _meridional_arc(lat: Array, a: float, b: float) -> Array:
    """M: the distance along the central meridian from the true origin's latitude to lat."""
    n = (a - b) / (a + b)
    dlat, slat = lat - ORIGIN_LATITUDE, lat + ORIGIN_LATITUDE
    return (
        b
        * SCALE_FACTOR
        * (
            (1 + n + 5 / 4 * n**2 + 5 / 4 * n**3) * dlat
            - (3 * n + 3 * n**2 + 21 / 8 * n**3) * np.sin(dlat) * np.cos(slat)
            + (15 / 8 * n**2 + 15 / 8 * n**3) * np.sin(2 * dlat) * np.cos(2 * slat)
            - 35 / 24 * n**3 * np.sin(3 * dlat) * np.cos(3 * slat)
        )
    )


def transverse_mercator(lat: Array, lon: Array) -> tuple[Array, Array]:
    """National Grid easting and northing of OSGB36 latitude and longitude (radians)."""
    a, b = AIRY_1830
    e2 = 1 - (b * b) / (a * a)
    sin, cos, tan = np.sin(lat), np.cos(lat), np.tan(lat)
    nu = a * SCALE_FACTOR / np.sqrt(1 - e2 * sin**2)
    rho = a * SCALE_FACTOR * (1 - e2) / (1 - e2 * sin**2) ** 1.5
    eta2 = nu / rho - 1
    m = _meridional_arc(lat, a, b)
    i = m + FALSE_NORTHING
    ii = nu / 2 * sin * cos
    iii = nu / 24 * sin * cos**3 * (5 - tan**2 + 9 * eta2)
    iiia = nu / 720 * sin * cos**5 * (61 - 58 * tan**2 + tan**4)
    iv = nu * cos
    v = nu / 6 * cos**3 * (nu / rho - tan**2)
    vi = nu / 120 * cos**5 * (5 - 18 * tan**2 + tan**4 + 14 * eta2 - 58 * tan**2 * eta2)
    d = lon - ORIGIN_LONGITUDE
    northing = i + ii * d**2 + iii * d**4 + iiia * d**6
    easting = FALSE_EASTING + iv * d + v * d**3 + vi * d**5
    return easting, northing


def to_national_grid(longitude: Array, latitude: Array) -> tuple[Array, Array]:
    """National Grid easting and northing (metres) of WGS84 longitudes and latitudes (degrees)."""
    lat, lon = np.radians(np.asarray(latitude, float)), np.radians(np.asarray(longitude, float))
    x, y, z = _to_cartesian(lat, lon, GRS80)
    osgb_lat, osgb_lon = _to_latitude_longitude(*_helmert(x, y, z), AIRY_1830)
    return transverse_mercator(osgb_lat, osgb_lon)
