"""The publishable tables of a release as one linked set of equations, for disclosure control.

Every audited column of every file is a list of cells, one per row. Along each filter a `Total`
row and the rows of that filter's items (all else equal) make one equation; along the
geography an area and the areas directly below it in the file make another. A count that is
a plain sum adds up exactly (`exact`); a count of distinct things (partnerships covering
schools in several areas, schools covered by partnerships of several models) only satisfies
`each part <= total <= sum of the parts`.

Cells are hidden by group: a protected set of indicators on one row of one file. Groups that
hold the same figure in two files are joined, so a figure hidden in one file is hidden in the
other. A cell is known to anyone when it is public (counts of schools and returns, which say
who takes part, not what anyone answered) or not available (`x`: nothing counted, so it adds
nothing to any total).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sspcollect.datasets.cube import TOTAL

GEOGRAPHY = "geography"


@dataclass(frozen=True)
class Protected:
    """Indicators hidden together: counts whose small values disclose, and figures built on them.

    A row's cells are hidden when any of `counts` is from 1 to threshold - 1 (primary), when a
    protected set named in `after` is hidden on that row, or when an equation needs another
    hidden cell (secondary). `figures` (rates, percentages) are hidden with them; `sums` are
    figures that add up like counts (officer FTE), so they are audited too. `public` names
    counts that stay shown on rows where each given filter holds its item: they are known to
    everyone, yet still hide the rest of the set when small.
    """

    name: str
    counts: tuple[str, ...]
    figures: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    sums: tuple[str, ...] = ()
    public: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    @property
    def audited(self) -> tuple[str, ...]:
        """The columns whose cells take part in the equations."""
        return (*self.counts, *self.sums)


@dataclass(frozen=True)
class Block:
    """One file to protect: its table, filters, protected sets and non-additive dimensions.

    table has one row per area and combination of filter items: `geo_code`, `geo_parent` (the
    area above in this file, None at the top) and each filter column (an item or `Total`).
    overlaps names, per column, the filters (or "geography") along which one thing can count
    under several items, so that the parts add up to more than the total.
    """

    name: str
    table: pd.DataFrame
    filters: tuple[str, ...]
    protected: tuple[Protected, ...]
    overlaps: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class SameFigure:
    """Figures published in two files: rows of each matched by area where the filters hold."""

    first: str
    first_items: tuple[tuple[str, str], ...]
    second: str
    second_items: tuple[tuple[str, str], ...]
    columns: tuple[tuple[str, str], ...]


@dataclass
class Column:
    """One audited column of one file: its values and what is known about each cell."""

    block: int
    name: str
    unit: int  # index of its protected set among all sets
    values: np.ndarray  # float; NaN where not available
    known: np.ndarray  # bool: public or not available, never hidden
    public: np.ndarray  # bool: public, so always shown
    primary: np.ndarray  # bool: a count from 1 to threshold - 1
    integer: bool  # a count (its cells move in whole numbers)


@dataclass(frozen=True)
class Flat:
    """A block's equations as arrays, for working on every equation at once: the rows of
    each equation one after another (its total first), where each equation starts (and where
    the last ends), and the equation of each entry."""

    rows: np.ndarray
    starts: np.ndarray
    equation: np.ndarray

    @classmethod
    def of(cls, equations: list[tuple[str, list[int]]]) -> Flat:
        """The arrays of a block's equations."""
        sizes = np.array([len(cells) for _dimension, cells in equations], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        rows = [row for _dimension, cells in equations for row in cells]
        equation = np.repeat(np.arange(len(equations), dtype=np.int64), sizes)
        return cls(np.array(rows, dtype=np.int64), starts, equation)

    @property
    def is_total(self) -> np.ndarray:
        """True for each entry that is its equation's total."""
        first = np.zeros(len(self.rows), dtype=bool)
        first[self.starts[:-1]] = True
        return first


@dataclass
class System:
    """Every audited column and equation of a release, and how cells map to hiding groups.

    Equations are kept once per block (as row positions: the total, then its parts) and
    apply to each audited column of the block; `exact` says per column which add up exactly.
    """

    blocks: list[Block]
    units: list[tuple[int, Protected]]  # (block, set) for each protected set
    unit_offset: list[int]  # first group id of each set; group = offset + row
    columns: list[Column]
    equations: list[list[tuple[str, list[int]]]]  # per block: (dimension, [total, *parts])
    memberships: list[list[list[int]]]  # per block, per row: its equations
    exact: list[list[bool]]  # per column, per equation of its block
    links: list[tuple[int, int]] = field(default_factory=list)  # groups, same figure
    cell_links: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    after: list[tuple[int, int]] = field(default_factory=list)  # (set, set hidden with it)
    flat: list[Flat] = field(default_factory=list)  # per block, its equations as arrays

    @property
    def group_count(self) -> int:
        """How many hiding groups there are."""
        last_block, _unit = self.units[-1]
        return self.unit_offset[-1] + len(self.blocks[last_block].table)

    def group(self, column: int, row: int) -> int:
        """The hiding group of a cell."""
        return self.unit_offset[self.columns[column].unit] + row

    def columns_of_unit(self, unit: int) -> list[int]:
        """The audited columns of a protected set."""
        return [index for index, column in enumerate(self.columns) if column.unit == unit]


def build_system(blocks: Sequence[Block], same: Sequence[SameFigure], threshold: int) -> System:
    """The equations of every block, and the links between groups holding the same figure."""
    units: list[tuple[int, Protected]] = []
    offsets: list[int] = []
    next_group = 0
    columns: list[Column] = []
    equations: list[list[tuple[str, list[int]]]] = []
    memberships: list[list[list[int]]] = []
    exact: list[list[bool]] = []
    after: list[tuple[int, int]] = []
    for number, block in enumerate(blocks):
        found = _equation_cells(block.table, block.filters)
        rows: list[list[int]] = [[] for _ in range(len(block.table))]
        for index, (_dimension, cells) in enumerate(found):
            for row in cells:
                rows[row].append(index)
        equations.append(found)
        memberships.append(rows)
        by_name: dict[str, int] = {}
        for unit in block.protected:
            index = len(units)
            by_name[unit.name] = index
            units.append((number, unit))
            offsets.append(next_group)
            next_group += len(block.table)
            after += [(by_name[name], index) for name in unit.after]
            for name in unit.audited:
                columns.append(_column(block, number, index, unit, name, threshold))
                overlapping = block.overlaps.get(name, ())
                exact.append([dimension not in overlapping for dimension, _cells in found])
    system = System(
        blocks=list(blocks),
        units=units,
        unit_offset=offsets,
        columns=columns,
        equations=equations,
        memberships=memberships,
        exact=exact,
        after=after,
        flat=[Flat.of(found) for found in equations],
    )
    for figure in same:
        _link(system, figure)
    return system


def _column(
    block: Block, number: int, unit_index: int, unit: Protected, name: str, threshold: int
) -> Column:
    """An audited column with what is known and what is small in it."""
    values = pd.to_numeric(block.table[name], errors="coerce").to_numpy(dtype=float)
    public = public_cells(block.table, unit, name)
    is_count = name in unit.counts
    primary = is_count & (values > 0) & (values < threshold)
    return Column(
        number, name, unit_index, values, np.isnan(values) | public, public, primary, is_count
    )


def public_cells(table: pd.DataFrame, unit: Protected, name: str) -> np.ndarray:
    """The rows on which the column name of this set is public, so always shown."""
    public = np.zeros(len(table), dtype=bool)
    for column, items in unit.public:
        if column != name:
            continue
        rows = np.ones(len(table), dtype=bool)
        for filter_name, item in items:
            rows &= (table[filter_name] == item).to_numpy()
        public |= rows
    return public


def _equation_cells(table: pd.DataFrame, filters: Sequence[str]) -> list[tuple[str, list[int]]]:
    """Each total with its parts as row positions, along every filter and the geography."""
    codes = table["geo_code"].tolist()
    parents = table["geo_parent"].tolist()
    items = [table[column].tolist() for column in filters]
    keys = [tuple(row) for row in zip(codes, *items, strict=True)]
    position = {key: index for index, key in enumerate(keys)}
    parts_of: dict[tuple[str, int], list[int]] = {}
    for index, key in enumerate(keys):
        for dimension, name in enumerate(filters):
            if key[dimension + 1] == TOTAL:
                continue
            total = position.get((*key[: dimension + 1], TOTAL, *key[dimension + 2 :]))
            if total is not None:
                parts_of.setdefault((name, total), []).append(index)
        parent = parents[index]
        if isinstance(parent, str):
            total = position.get((parent, *key[1:]))
            if total is not None:
                parts_of.setdefault((GEOGRAPHY, total), []).append(index)
    return [(dimension, [total, *parts]) for (dimension, total), parts in parts_of.items()]


def _link(system: System, figure: SameFigure) -> None:
    """Join the groups (and cells) of two files that publish the same figures."""
    names = [block.name for block in system.blocks]
    if figure.first not in names or figure.second not in names:
        return
    first, second = names.index(figure.first), names.index(figure.second)
    left = _matching_rows(system.blocks[first].table, figure.first_items)
    right = _matching_rows(system.blocks[second].table, figure.second_items)
    pairs = left.merge(right, on=["geo_level", "geo_code"], suffixes=("_first", "_second"))
    for first_name, second_name in figure.columns:
        one = _column_index(system, first, first_name)
        two = _column_index(system, second, second_name)
        for row_one, row_two in zip(pairs["row_first"], pairs["row_second"], strict=True):
            system.cell_links.append(((one, int(row_one)), (two, int(row_two))))
            system.links.append((system.group(one, int(row_one)), system.group(two, int(row_two))))


def _matching_rows(table: pd.DataFrame, items: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """The area and row position of each row where every given filter holds its item."""
    chosen = np.ones(len(table), dtype=bool)
    for name, item in items:
        chosen &= (table[name] == item).to_numpy()
    rows = np.flatnonzero(chosen)
    return pd.DataFrame(
        {
            "geo_level": table["geo_level"].to_numpy()[rows],
            "geo_code": table["geo_code"].to_numpy()[rows],
            "row": rows,
        }
    )


def _column_index(system: System, block: int, name: str) -> int:
    """The audited column called name in a block."""
    for index, column in enumerate(system.columns):
        if column.block == block and column.name == name:
            return index
    raise KeyError(f"{system.blocks[block].name} has no audited column {name}")
