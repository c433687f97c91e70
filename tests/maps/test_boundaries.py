"""The service's own boundaries: a shape for every force area and local authority, drawn right."""

from __future__ import annotations

import csv
from pathlib import Path

from sspcollect.maps import boundaries
from sspcollect.reference.tables import FORCE_AREAS, LOCAL_AUTHORITIES


def test_every_force_area_of_the_reference_tables_has_a_shape_with_its_name() -> None:
    """The 43 forces of the reference tables, and no other shape."""
    shapes = boundaries.force_areas()
    assert set(shapes) == {force.code for force in FORCE_AREAS}
    for force in FORCE_AREAS:
        assert shapes[force.code].name == force.name


def test_every_local_authority_of_the_reference_tables_has_a_shape_in_its_force() -> None:
    """The 175 authorities, each inside the force area the reference tables give it."""
    shapes = boundaries.local_authorities()
    assert set(shapes) == {la.code for la in LOCAL_AUTHORITIES}
    for la in LOCAL_AUTHORITIES:
        assert shapes[la.code].force_code == la.force_area_code, la.name


def test_every_code_in_dfes_published_lists_has_a_shape(shared_reference: Path) -> None:
    """DfE's published force areas of England and Wales and live authorities all have shapes."""
    with (shared_reference / "police-force-areas.csv").open(encoding="utf-8-sig") as handle:
        forces = {
            row["pfa_code"]
            for row in csv.DictReader(handle)
            if row["status"] == "active" and row["pfa_code"][:3] in ("E23", "W15")
        }
    with (shared_reference / "las.csv").open(encoding="utf-8-sig") as handle:
        live = [row["new_la_code"] for row in csv.DictReader(handle) if row["status"] == "live"]
    # EES lists some pairs of authorities as one ("E09000021 / E09000027"); "z" is no code.
    las = {code for codes in live for code in codes.split(" / ") if code != "z"}
    with (shared_reference / "welsh-la-codes.csv").open(encoding="utf-8-sig") as handle:
        las |= {row["new_la_code"] for row in csv.DictReader(handle)}
    assert len(forces) == 43
    assert forces == set(boundaries.force_areas())
    assert las, "no live local authority in las.csv"
    assert las <= set(boundaries.local_authorities()), las - set(boundaries.local_authorities())


def test_boundaries_are_read_once_per_process() -> None:
    """Asking again hands back the same shapes, not a new reading of the files."""
    assert boundaries.force_areas() is boundaries.force_areas()
    assert boundaries.local_authorities() is boundaries.local_authorities()
    frame = boundaries.national_frame()
    assert boundaries.paths("forces", frame) is boundaries.paths("forces", frame)


def test_every_area_has_a_path_on_the_national_map_even_the_city_of_london() -> None:
    """Simplification to 500 m a unit never drops a whole area."""
    frame = boundaries.national_frame()
    for layer in ("forces", "las"):
        for code, path in boundaries.paths(layer, frame).items():
            assert path.startswith("M") and path.endswith("z"), code


def test_a_school_inside_an_authority_is_inside_its_shape_and_not_its_neighbours() -> None:
    """Birmingham's council house (406 900, 286 900) lies in Birmingham, not Solihull."""
    las = boundaries.local_authorities()
    assert boundaries.contains(las["E08000025"], 406_900, 286_900)
    assert not boundaries.contains(las["E08000029"], 406_900, 286_900)
    # The City of London is a hole in the Metropolitan Police area.
    city = boundaries.force_areas()["E23000034"]
    west, south, east, north = city.bounds
    middle = ((west + east) / 2, (south + north) / 2)
    assert boundaries.contains(city, *middle)
    assert not boundaries.contains(boundaries.force_areas()["E23000001"], *middle)


def test_the_hex_layout_has_one_cell_for_each_force_and_no_two_in_one_place() -> None:
    """43 hexagons, one per force, each with a short label, none on top of another."""
    hexes = boundaries.hexes()
    assert set(hexes) == {force.code for force in FORCE_AREAS}
    assert len({(cell.column, cell.row) for cell in hexes.values()}) == len(hexes)
    assert all(cell.short_name for cell in hexes.values())
