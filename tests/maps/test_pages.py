"""The three maps in the service: progress, published coverage, and a force's own schools."""

from __future__ import annotations

from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from sspcollect.db import session
from sspcollect.maps.scale import COLOURS
from tests.datasets.factories import build_synthetic_collection
from tests.datasets.independent import read_csv
from tests.factories import create_school, create_user
from tests.maps.render import areas, svg_of
from tests.pages import get
from tests.returns.factories import create_partnership
from tests.review.world import FORCE_X, FORCE_Y, build_world, signed_in

ATTRIBUTION = "Contains OS data © Crown copyright and database right 2016"


def test_progress_page_maps_response_by_force_authority_and_hexagon(client: FlaskClient) -> None:
    """Each view draws every area once, named with the rate the table beside it gives."""
    world = build_world()
    signed_in(client, world.users["reviewer"])
    base = f"/review/{world.collection.id}"
    for view, count in (("", 43), ("?map=las", 175), ("?map=hex", 43)):
        page = get(client, base + view)
        drawn = areas(svg_of(page.html, "response-map"))
        assert len(drawn) == count, view
        assert ATTRIBUTION in page.text
        table = page.soup.select_one(".app-map-table table")
        assert table is not None
        for row in table.select("tbody tr"):
            name = row.find("th").get_text(strip=True)
            rate = row.find("td").get_text(strip=True)
            said = "no returns in this collection" if rate == "No returns" else f"{rate} of returns"
            # Hexagons add their short label to the name: "Avon and Somerset (A&S): …".
            assert any(label.startswith(name) and f": {said}" in label for label in drawn), name
    # Birmingham's one school return is not started; West Midlands' force return too.
    page = get(client, base + "?map=las")
    drawn = areas(svg_of(page.html, "response-map"))
    assert "Birmingham: 0.0% of returns submitted or accepted (0 of 1)" in drawn
    assert drawn["Leeds: no returns in this collection"] not in COLOURS


def test_coverage_map_shows_the_published_figures_and_hatches_every_suppressed_one(
    client: FlaskClient,
) -> None:
    """Every c of the partnerships file is hatched on the map, every number coloured."""
    synthetic = build_synthetic_collection()
    signed_in(client, create_user("reviewer", "DFE"))
    collection_id = synthetic.collection.id
    published = read_csv(
        client.get(f"/datasets/{collection_id}/files/ssp_partnerships.csv").get_data()
    )
    for level, view in (("Police force area", "forces"), ("Local authority", "las")):
        rows = [
            row
            for row in published
            if row["geographic_level"] == level
            and row["ssp_model"] == "Total"
            and row["education_phase"] == "Total"
        ]
        assert rows
        page = get(client, f"/datasets/{collection_id}?map={view}")
        svg = svg_of(page.html, "coverage-map")
        for row in rows:
            name = row["la_name"] if view == "las" else row["pfa_name"]
            area = next(
                a for a in svg.select(".app-map__area") if a["aria-label"].startswith(f"{name}:")
            )
            fill = area.find("path")["fill"]
            value = row["schools_covered_percent"]
            if value == "c":
                assert fill == "url(#coverage-map-suppressed)", name
                assert "suppressed" in area["aria-label"]
            elif value == "x":
                assert fill == "url(#coverage-map-not-available)", name
            else:
                assert fill in COLOURS, name
                assert f"{float(value):.1f}%" in area["aria-label"]
    assert "Nothing has been published yet" in page.text


def test_a_police_user_sees_their_own_schools_covered_only_by_their_own_register(
    client: FlaskClient, app: Flask
) -> None:
    """Covered by their register's active partnerships; others' schools and registers unseen."""
    world = build_world()  # school A (Birmingham) is covered by force X's partnership
    uncovered = create_school(
        name="Quillon Lane Primary School", la_old_code="331", easting=433_500, northing=279_000
    )
    ended = create_school(name="Ended Cover School", la_old_code="330")
    create_partnership(FORCE_X, [ended], end_date=date(2025, 1, 1))
    # Kent's partnership may cover a West Midlands school: it is not in force X's register.
    create_partnership(FORCE_Y, [uncovered])
    world.school_a.easting, world.school_a.northing = 406_900, 286_900
    session.commit()
    signed_in(client, world.users["police"])
    page = get(client, "/police")
    svg = svg_of(page.html, "schools-map")
    assert {str(a["aria-label"]).split(":")[0] for a in svg.select(".app-map__area")} == {
        "Birmingham",
        "Coventry",
        "Dudley",
        "Sandwell",
        "Solihull",
        "Walsall",
        "Wolverhampton",
    }
    listed = page.soup.select_one(".app-map-table").get_text(" ", strip=True)
    assert "Quillon Lane Primary School" in listed
    assert "Ended Cover School" in listed
    assert world.school_a.name not in listed
    assert world.school_b.name not in page.text  # Kent's school
    assert "Yarrowfield" not in page.text  # Kent's partnership
    # Two schools have a place on the map: one covered (a circle), one not (a triangle).
    for kind in ("covered", "uncovered"):
        path = svg.select_one(f".app-map__points-{kind}")
        assert path is not None and path["marker-mid"] == f"url(#schools-map-{kind})"
        # One school each: one vertex, repeated so that the path has a step to mark.
        assert path["d"].endswith("l0 0") and path["d"].count("l") == 1
        assert svg.select_one(f"marker#schools-map-{kind}") is not None
    assert "1 of your 3 open schools are covered" in page.text
    assert "1 school has no location in the schools register, so it is not on" in page.text
    assert ATTRIBUTION in page.text
