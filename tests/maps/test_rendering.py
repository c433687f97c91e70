"""Drawing maps: every area once, colours only for numbers, the attribution, a size to send."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import Flask

from sspcollect.maps import boundaries, coverage, drawing
from sspcollect.maps.scale import COLOURS, Figure, Scale
from sspcollect.maps.sections import FORCES, HEXES, LOCAL_AUTHORITIES
from sspcollect.reference.tables import FORCE_AREAS
from sspcollect.reference.tables import LOCAL_AUTHORITIES as LA_ROWS
from tests.maps.render import areas, rendered, svg_of

ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right 2016"
)
SIZE_LIMIT = 150 * 1024


def _describe(code: str, name: str, figure: Figure) -> str:
    """An accessible name that carries the code, so that tests can find each area."""
    return f"{name} ({code}): {figure.text}"


def _every_area(view: str) -> drawing.Map:
    """A national map in view with a figure for every area, spread over the whole scale."""
    codes = (
        [la.code for la in LA_ROWS] if view == LOCAL_AUTHORITIES else [f.code for f in FORCE_AREAS]
    )
    figures = {code: Figure.of(i * 100 / len(codes), f"{i}") for i, code in enumerate(codes)}
    scale = Scale.percentages("No figure")
    args = (
        "test-map",
        figures,
        scale,
        "A test map",
        _describe,
        lambda c: f"#{c}",
        Figure.symbolised(""),
    )
    if view == HEXES:
        return drawing.hex_map(*args)
    layer = "las" if view == LOCAL_AUTHORITIES else FORCES
    return drawing.area_map(args[0], layer, *args[1:])


@pytest.mark.parametrize("view", [FORCES, LOCAL_AUTHORITIES, HEXES])
def test_every_area_is_drawn_once_with_its_name_and_figure(app: Flask, view: str) -> None:
    """43 forces or 175 authorities: one focusable area each, named with its figure."""
    expected = (
        {la.code for la in LA_ROWS} if view == LOCAL_AUTHORITIES else {f.code for f in FORCE_AREAS}
    )
    with app.test_request_context():
        html = rendered(_every_area(view))
    drawn = areas(svg_of(html, "test-map"))
    assert len(drawn) == len(expected)
    codes = {label.split("(")[-1].split(")")[0] for label in drawn}
    assert codes == expected
    assert all(fill in COLOURS for fill in drawn.values())


@pytest.mark.parametrize("view", [FORCES, LOCAL_AUTHORITIES, HEXES])
def test_each_map_has_a_title_a_description_the_attribution_and_fits_the_limit(
    app: Flask, view: str
) -> None:
    """Title and description on the SVG, the OGL attribution under it, under 150 KB."""
    with app.test_request_context():
        html = rendered(_every_area(view))
    svg = svg_of(html, "test-map")
    assert svg.find("title").get_text() == "A test map"
    assert svg["aria-labelledby"] == "test-map-title"
    assert svg.find("desc").get_text().startswith(f"{len(areas(svg))} of {len(areas(svg))} areas")
    text = " ".join(BeautifulSoup(html, "html.parser").get_text().split())
    assert ATTRIBUTION in text
    assert boundaries.LICENCE_URL in html
    assert len(str(svg).encode()) < SIZE_LIMIT, len(str(svg).encode())


HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,new_la_code,la_name,pfa_code,pfa_name,ssp_model,education_phase,"
    "partnership_count,school_count,schools_covered_count,schools_covered_percent,"
    "pupils_in_covered_schools_count,officer_fte"
)
FORCE = "202526,Academic year,Police force area,E92000001,England,,,,,,"
LA = "202526,Academic year,Local authority,E92000001,England,,,"
PUBLISHED = "\n".join(
    [
        HEADER,
        FORCE + "E23000014,West Midlands,Total,Total,8,63,30,47.6,18544,10.2",
        FORCE + "E23000002,Cumbria,Total,Total,c,63,c,c,c,c",
        FORCE + "E23000013,Cleveland,Total,Total,x,20,x,x,x,x",
        FORCE + "E23000001,Metropolitan Police,Total,Total,4,c,4,c,900,2.0",
        FORCE + "E23000001,Metropolitan Police,Cluster officer,Total,4,63,4,6.3,900,2.0",
        LA + "330,E08000025,Birmingham,,,Total,Total,c,9,c,c,c,c",
        LA + "331,E08000026,Coventry,,,Total,Total,3,9,3,33.3,1200,1.0",
    ]
)


@pytest.mark.parametrize("view", [FORCES, HEXES, LOCAL_AUTHORITIES])
@pytest.mark.parametrize("measure", list(coverage.MEASURES))
def test_suppressed_and_unavailable_figures_are_patterns_never_colours(
    app: Flask, view: str, measure: str
) -> None:
    """c is hatched and x dotted, on every view and measure; only numbers get a colour."""
    source = coverage.Source(PUBLISHED.encode(), "A test file.")
    with app.test_request_context():
        section = coverage.coverage_section(source, view, measure, "/page", {})
        drawn = areas(svg_of(rendered(section.map), coverage.MAP_ID))
    hatch, dots = "url(#coverage-map-suppressed)", "url(#coverage-map-not-available)"
    for label, fill in drawn.items():
        if "(c)" in label:
            assert fill == hatch, label
        elif "(x)" in label:
            assert fill == dots, label
        elif "no published figure" in label:
            assert fill not in COLOURS, label
        else:
            assert fill in COLOURS, label
    if view == LOCAL_AUTHORITIES:
        what = "schools covered" if measure == coverage.COVERED else "partnerships per 100 schools"
        assert drawn[f"Birmingham: {what} suppressed to protect confidentiality (c)"] == hatch
    else:
        cumbria = next(fill for label, fill in drawn.items() if label.startswith("Cumbria"))
        cleveland = next(fill for label, fill in drawn.items() if label.startswith("Cleveland"))
        assert (cumbria, cleveland) == (hatch, dots)


def test_partnerships_per_100_schools_comes_only_from_published_counts() -> None:
    """The ratio of the row's two counts, hidden whenever either count is hidden."""
    published = coverage.read_coverage(PUBLISHED.encode())
    forces = published["pfa"]
    assert forces["E23000014"].per_100.text == "12.7"  # 8 of 63
    assert forces["E23000014"].covered.text == "47.6%"
    # The Metropolitan Police's school count is suppressed: so is its rate, although the
    # partnership count (4) is shown. Its model breakdown row is not read as the total.
    assert forces["E23000001"].per_100.symbol == "c"
    assert forces["E23000002"].per_100.symbol == "c"
    assert forces["E23000013"].per_100.symbol == "x"
    assert set(published["la"]) == {"E08000025", "E08000026"}
