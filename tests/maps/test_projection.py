"""WGS84 to British National Grid: Ordnance Survey's worked example and known places."""

from __future__ import annotations

import numpy as np
import pytest

from sspcollect.maps.projection import to_national_grid, transverse_mercator


def test_transverse_mercator_matches_the_ordnance_survey_worked_example() -> None:
    """OS guide, Annex C: 52° 39' 27.2531" N, 1° 43' 4.5177" E is 651409.903, 313177.270."""
    lat = np.radians(52 + 39 / 60 + 27.2531 / 3600)
    lon = np.radians(1 + 43 / 60 + 4.5177 / 3600)
    easting, northing = transverse_mercator(np.array([lat]), np.array([lon]))
    assert easting[0] == pytest.approx(651409.903, abs=0.001)
    assert northing[0] == pytest.approx(313177.270, abs=0.001)


# (longitude, latitude) and their eastings and northings as PROJ 9.5 gives them for
# EPSG:4326 to EPSG:27700 with the same Helmert transformation (no grid files).
PLACES = [
    ((-0.1276, 51.5072), (530043.195, 180358.209)),  # Charing Cross, London
    ((-3.1791, 51.4816), (318217.994, 176508.920)),  # Cardiff
    ((-2.9358, 54.8925), (340075.443, 555708.058)),  # Carlisle
    ((-5.7150, 50.0657), (134240.827, 25011.461)),  # Land's End
    ((-1.6178, 54.9783), (424560.683, 564921.473)),  # Newcastle upon Tyne
]


@pytest.mark.parametrize(("lonlat", "expected"), PLACES)
def test_places_land_where_an_independent_library_puts_them(
    lonlat: tuple[float, float], expected: tuple[float, float]
) -> None:
    """The whole chain (Helmert and projection) agrees with PROJ to within a centimetre."""
    easting, northing = to_national_grid(np.array([lonlat[0]]), np.array([lonlat[1]]))
    assert easting[0] == pytest.approx(expected[0], abs=0.01)
    assert northing[0] == pytest.approx(expected[1], abs=0.01)
