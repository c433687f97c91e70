"""The response map of the reviewers' progress page: returns submitted or accepted, by area."""

from __future__ import annotations

from urllib.parse import urlencode

from sspcollect.maps import drawing
from sspcollect.maps.scale import Figure, Scale
from sspcollect.maps.sections import (
    FORCES,
    HEXES,
    LOCAL_AUTHORITIES,
    VIEWS,
    Row,
    Section,
    choices,
)
from sspcollect.review.progress import Progress, Tally

NO_RETURNS = Figure(None, "No returns")
NO_RETURNS_LABEL = "No returns in this collection"


def _figure(tally: Tally) -> Figure:
    """The share of an area's returns submitted or accepted."""
    if not tally.total:
        return NO_RETURNS
    return Figure.of(tally.complete_percent, f"{tally.complete_percent:.1f}%")


def _describe(tallies: dict[str, Tally]) -> drawing.Describe:
    """Each area's accessible name: its name, its response rate and the counts behind it."""

    def describe(code: str, name: str, figure: Figure) -> str:
        tally = tallies.get(code)
        if tally is None or figure.number is None:
            return f"{name}: no returns in this collection"
        return (
            f"{name}: {figure.text} of returns submitted or accepted "
            f"({tally.complete:,} of {tally.total:,})"
        )

    return describe


def response_section(figures: Progress, view: str, page_url: str, list_url: str) -> Section:
    """The map of response rates in the chosen view, and the table of the same figures."""
    layer_tallies = figures.by_la if view == LOCAL_AUTHORITIES else figures.by_force
    tallies = {tally.code: tally for tally in layer_tallies}
    by_code = {code: _figure(tally) for code, tally in tallies.items()}
    filter_name = "la" if view == LOCAL_AUTHORITIES else "force"

    def link(code: str) -> str:
        return f"{list_url}?{urlencode({filter_name: code})}" if code in tallies else ""

    scale = Scale.percentages(NO_RETURNS_LABEL)
    area = "local authority" if view == LOCAL_AUTHORITIES else "police force area"
    title = f"Returns submitted or accepted, by {area}"
    describe = _describe(tallies)
    if view == HEXES:
        drawn = drawing.hex_map("response-map", by_code, scale, title, describe, link, NO_RETURNS)
    else:
        layer = "las" if view == LOCAL_AUTHORITIES else FORCES
        drawn = drawing.area_map(
            "response-map", layer, by_code, scale, title, describe, link, NO_RETURNS
        )
    rows = [
        Row(
            tally.code,
            tally.name,
            (by_code[tally.code].text, f"{tally.complete:,} of {tally.total:,}"),
            link(tally.code),
        )
        for tally in layer_tallies
    ]
    return Section(
        map=drawn,
        caption=f"Response rate by {area}",
        headings=(area.capitalize(), "Submitted or accepted", "Returns"),
        rows=rows,
        switches=[choices(page_url, {}, "map", VIEWS, view)],
    )
