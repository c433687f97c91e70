"""The coverage map of a collection's datasets page, drawn from the published figures only.

The figures are read from `ssp_partnerships.csv` as the datasets package writes it, after
disclosure control: the published version if there is one, otherwise the file as it would be
published now. Nothing is recomputed from the returns, so the map can show no more than the
file: a suppressed figure stays "c" (hatched, never coloured) and a figure that is not
available stays "x" (dotted). Partnerships per 100 schools is the ratio of two published
counts of the same row, and is suppressed or unavailable whenever either count is.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass

from sspcollect.datasets import definitions, service
from sspcollect.datasets.cache import built_release
from sspcollect.datasets.cube import TOTAL
from sspcollect.datasets.geography import EES_LEVELS
from sspcollect.datasets.names import INCLUDED_LABELS
from sspcollect.maps import drawing
from sspcollect.maps.scale import (
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    SUPPRESSED,
    Figure,
    Scale,
)
from sspcollect.maps.sections import (
    HEXES,
    LOCAL_AUTHORITIES,
    VIEWS,
    Row,
    Section,
    choices,
)
from sspcollect.models import Collection

PARTNERSHIPS_FILE = f"{definitions.PARTNERSHIPS.name}.csv"
COVERED = "covered"
PER_100 = "per-100"
MEASURES = {COVERED: "Schools covered (%)", PER_100: "Partnerships per 100 schools"}
NO_FIGURE = Figure.symbolised("")
NO_FIGURE_LABEL = "No published figure"
MAP_ID = "coverage-map"
# What the accessible name says of a figure published as a symbol.
SYMBOL_WORDS = {
    SUPPRESSED: "suppressed to protect confidentiality (c)",
    NOT_AVAILABLE: "not available (x)",
    NOT_APPLICABLE: "not applicable (z)",
}


@dataclass(frozen=True)
class AreaFigures:
    """One area's published figures: schools covered (%) and partnerships per 100 schools."""

    code: str
    name: str
    covered: Figure
    per_100: Figure


def _published(text: str, decimals: int, unit: str = "") -> Figure:
    """A published cell: a number as written, or its symbol."""
    try:
        number = float(text)
    except ValueError:
        return Figure.symbolised(text if text in SYMBOL_WORDS else NOT_AVAILABLE)
    return Figure.of(number, f"{number:.{decimals}f}{unit}")


def _per_100(partnerships: str, schools: str) -> Figure:
    """Partnerships per 100 schools from the two published counts, or the stronger symbol."""
    counts = (_published(partnerships, 0), _published(schools, 0))
    for symbol in (SUPPRESSED, NOT_AVAILABLE, NOT_APPLICABLE):
        if any(count.symbol == symbol and count.number is None for count in counts):
            return Figure.symbolised(symbol)
    partnership_count, school_count = (count.number or 0.0 for count in counts)
    if not school_count:
        return Figure.symbolised(NOT_APPLICABLE)
    rate = 100 * partnership_count / school_count
    return Figure.of(rate, f"{rate:.1f}")


# Columns that versions published before DfE's names were adopted call otherwise.
FORMER_NAMES = {"education_phase": "school_phase", "school_count": "schools_count"}


def _cell(row: dict[str, str], column: str) -> str:
    """A cell of a published row, under the column's present name or its former one."""
    if column in row:
        return row[column]
    return row[FORMER_NAMES[column]]


@functools.lru_cache(maxsize=8)
def read_coverage(content: bytes) -> dict[str, dict[str, AreaFigures]]:
    """The force area and local authority rows (every filter at Total) of a partnerships file.

    Keyed by level ("pfa", "la"), then by area code. The same file (a published version, or
    the build kept for the current returns) is read once; callers must not change the result.
    """
    filters = definitions.PARTNERSHIPS.filter_columns
    levels = {
        EES_LEVELS["pfa"]: ("pfa", "pfa_code", "pfa_name"),
        EES_LEVELS["la"]: ("la", "new_la_code", "la_name"),
    }
    found: dict[str, dict[str, AreaFigures]] = {"pfa": {}, "la": {}}
    for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig"))):
        level = levels.get(row["geographic_level"])
        if level is None or any(_cell(row, name) != TOTAL for name in filters):
            continue
        key, code_column, name_column = level
        found[key][row[code_column]] = AreaFigures(
            code=row[code_column],
            name=row[name_column],
            covered=_published(row["schools_covered_percent"], 1, "%"),
            # Per 100 schools whose force's return is counted (files before that column: all).
            per_100=_per_100(
                row["partnership_count"],
                row.get("schools_counted_count") or _cell(row, "school_count"),
            ),
        )
    return found


@dataclass(frozen=True)
class Source:
    """The partnerships file a map is drawn from, and a sentence saying which it is."""

    content: bytes
    note: str


def coverage_source(collection: Collection, included: str) -> Source:
    """The published partnerships file, or, before any is published, the file built now."""
    publication = service.latest_publication(collection)
    if publication is not None and PARTNERSHIPS_FILE in publication.files:
        return Source(
            service.published_file(publication, PARTNERSHIPS_FILE),
            f"The map shows the figures of published version {publication.id}, after "
            "disclosure control.",
        )
    built = built_release(collection, included).files.get(PARTNERSHIPS_FILE, b"")
    return Source(
        built,
        "Nothing has been published yet: the map shows the figures as they would be "
        f"published now, counting {INCLUDED_LABELS[included]}, after disclosure control.",
    )


def _describe(measure: str) -> drawing.Describe:
    """Each area's accessible name with its figure, in words."""

    def describe(code: str, name: str, figure: Figure) -> str:
        if figure.number is not None:
            if measure == COVERED:
                return f"{name}: {figure.text} of schools covered by a partnership"
            return f"{name}: {figure.text} partnerships per 100 schools"
        if not figure.symbol:
            return f"{name}: no published figure"
        what = "schools covered" if measure == COVERED else "partnerships per 100 schools"
        return f"{name}: {what} {SYMBOL_WORDS[figure.symbol]}"

    return describe


def coverage_section(
    source: Source, view: str, measure: str, page_url: str, args: dict[str, str]
) -> Section:
    """The map of one measure in the chosen view, and the table of both measures beside it."""
    published = read_coverage(source.content)
    areas = published["la" if view == LOCAL_AUTHORITIES else "pfa"]
    chosen = {
        code: (area.covered if measure == COVERED else area.per_100) for code, area in areas.items()
    }
    if measure == COVERED:
        scale = Scale.percentages(NO_FIGURE_LABEL)
    else:
        numbers = [figure.number for figure in chosen.values() if figure.number is not None]
        scale = Scale.rates(max(numbers, default=1.0), NO_FIGURE_LABEL)

    def link(code: str) -> str:
        return f"#{MAP_ID}-row-{code}" if code in areas else ""

    area = "local authority" if view == LOCAL_AUTHORITIES else "police force area"
    what = (
        "Schools covered by a partnership" if measure == COVERED else "Partnerships per 100 schools"
    )
    title = f"{what}, by {area}"
    describe = _describe(measure)
    if view == HEXES:
        drawn = drawing.hex_map(MAP_ID, chosen, scale, title, describe, link, NO_FIGURE)
    else:
        layer = "las" if view == LOCAL_AUTHORITIES else "forces"
        drawn = drawing.area_map(MAP_ID, layer, chosen, scale, title, describe, link, NO_FIGURE)
    rows = [
        Row(item.code, item.name, (item.covered.text, item.per_100.text))
        for item in sorted(areas.values(), key=lambda item: item.name)
    ]
    return Section(
        map=drawn,
        caption=f"Published coverage by {area}",
        headings=(area.capitalize(), "Schools covered", "Partnerships per 100 schools"),
        rows=rows,
        switches=[
            choices(page_url, {**args, "measure": measure}, "map", VIEWS, view),
            choices(page_url, {**args, "map": view}, "measure", MEASURES, measure),
        ],
        note=source.note,
    )
