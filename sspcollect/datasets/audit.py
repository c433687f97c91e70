"""Attacking a suppression pattern: how far each hidden cell can be narrowed from what is published.

The attacker knows every shown figure and every equation of the release (see equations.py),
and that counts are never negative. For each hidden cell the smallest and largest values
consistent with all of it are found by linear programming (SciPy's HiGHS): the way τ-ARGUS
and sdcTable audit a table. A hidden cell fails when that range is narrower than it needs:
at least the threshold for a small count (or, where a public total is smaller, that total),
at least 1 for any other count, and at least 0.1 (a unit of the last decimal place shown)
for figures such as officer FTE.

Only equations touching hidden cells matter. They are set up for every column at once, as
arrays, and hidden cells fall into independent components (linked through shared equations),
each solved on its own by one reused solver. Within a component each cell gets a programme
for its largest value and one for its smallest, unless the optima found so far (each a whole
table consistent with what is published) already show it can move far enough.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

import highspy
import numpy as np
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components

from sspcollect.datasets.equations import Flat
from sspcollect.datasets.suppression import Suppression

TOLERANCE = 1e-6
PRIMAL_SIMPLEX = 4  # HiGHS simplex_strategy


@dataclass(frozen=True)
class Finding:
    """A hidden cell that can be narrowed too far: its true value and its feasible range."""

    column: int
    row: int
    value: float
    lower: float
    upper: float
    need: float


@dataclass
class Audit:
    """What the attack found across every component."""

    hidden_cells: int = 0
    components: int = 0
    programmes: int = 0
    findings: list[Finding] = field(default_factory=list)


Ranges = dict[tuple[int, int], tuple[float, float]]


@dataclass(frozen=True)
class _Rows:
    """Linear constraints over variables, row after row: each row's terms lie between
    starts[row] and starts[row + 1] of variables and coefficients; rhs is its right side,
    equal says whether it is an equation (else sum <= rhs)."""

    starts: np.ndarray
    variables: np.ndarray
    coefficients: np.ndarray
    rhs: np.ndarray
    equal: np.ndarray

    def __len__(self) -> int:
        return len(self.rhs)


def attack(
    suppression: Suppression,
    around: set[tuple[int, int]] | None = None,
    ranges: Ranges | None = None,
) -> Audit:
    """Every hidden cell's feasible range, checked against what it needs.

    around limits the attack to the components holding these cells (the cells just hidden):
    hiding a cell only widens what the others can be, so the rest stay as safe as they were.
    For the same reason ranges (cell: lowest and highest values shown feasible so far, kept
    from earlier attacks on the same release) remain true and save programmes.
    """
    ranges = {} if ranges is None else ranges
    cells, variable_of = _variables(suppression)
    audit = Audit(hidden_cells=sum(len(group) for group in cells))
    if not cells:
        return audit
    rows = _constraints(suppression, cells)
    label = _components(rows, len(cells))
    if around is None:
        wanted = np.unique(label[[variable for variable, group in enumerate(cells) if group]])
    else:
        seeds = sorted({variable_of[cell] for cell in around if cell in variable_of})
        wanted = np.unique(label[seeds])
    by_component = np.argsort(label, kind="stable")
    first_variable = np.searchsorted(label[by_component], np.arange(label.max(initial=-1) + 2))
    row_label = label[rows.variables[rows.starts[:-1]]]
    row_order = np.argsort(row_label, kind="stable")
    first_row = np.searchsorted(row_label[row_order], np.arange(label.max(initial=-1) + 2))
    solver = _solver()
    for component in wanted.tolist():
        variables = by_component[first_variable[component] : first_variable[component + 1]]
        chosen = row_order[first_row[component] : first_row[component + 1]]
        audit.components += 1
        needs = _needs(suppression, cells, variables.tolist())
        found, programmes = _solve(
            suppression, cells, variables, _rows_of(rows, chosen), needs, ranges, solver
        )
        audit.programmes += programmes
        audit.findings += found
    audit.findings.sort(key=lambda finding: (finding.column, finding.row))
    return audit


def _components(rows: _Rows, count: int) -> np.ndarray:
    """Each variable's component: variables sharing a constraint are in one. Components are
    numbered in order of their lowest variable."""
    sizes = np.diff(rows.starts)
    firsts = np.repeat(rows.variables[rows.starts[:-1]], sizes)
    graph = coo_array(
        (np.ones(len(firsts), dtype=np.int8), (firsts, rows.variables)), shape=(count, count)
    )
    _count, label = connected_components(graph, directed=False)
    return np.asarray(label, dtype=np.int64)


def _rows_of(rows: _Rows, chosen: np.ndarray) -> _Rows:
    """The given rows of a set of constraints, in that order."""
    sizes = np.diff(rows.starts)[chosen]
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    entries = np.repeat(rows.starts[chosen] - starts[:-1], sizes) + np.arange(starts[-1])
    return _Rows(
        starts,
        rows.variables[entries],
        rows.coefficients[entries],
        rows.rhs[chosen],
        rows.equal[chosen],
    )


def attack_size(suppression: Suppression) -> int:
    """How many hidden cells the attack considers."""
    system = suppression.system
    total = 0
    for column in system.columns:
        groups = system.unit_offset[column.unit] + np.arange(len(column.values))
        total += int((suppression.hidden[suppression.klass[groups]] & ~column.known).sum())
    return total


def _variables(
    suppression: Suppression,
) -> tuple[list[list[tuple[int, int]]], dict[tuple[int, int], int]]:
    """One variable per hidden cell, cells holding the same figure sharing one."""
    system = suppression.system
    variable_of: dict[tuple[int, int], int] = {}
    cells: list[list[tuple[int, int]]] = []
    for number, column in enumerate(system.columns):
        offset = system.unit_offset[column.unit]
        groups = offset + np.arange(len(column.values))
        mask = suppression.hidden[suppression.klass[groups]] & ~column.known
        found = [(number, row) for row in np.flatnonzero(mask).tolist()]
        variable_of.update(zip(found, range(len(cells), len(cells) + len(found)), strict=True))
        cells += [[cell] for cell in found]
    for one, two in system.cell_links:
        first, second = variable_of.get(one), variable_of.get(two)
        if first is None or second is None or first == second:
            continue
        keep, drop = min(first, second), max(first, second)
        for cell in cells[drop]:
            variable_of[cell] = keep
        cells[keep] += cells[drop]
        cells[drop] = []
    return cells, variable_of


def _constraints(suppression: Suppression, cells: list[list[tuple[int, int]]]) -> _Rows:
    """The published equations touching hidden cells, with shown cells' values moved to the
    right side, ordered by column, equation and part.

    An exact equation is total = sum of parts. Where parts overlap: total <= sum of parts,
    and each part <= total wherever the part or the total is hidden.
    """
    system = suppression.system
    at = [np.full(len(column.values), -1, dtype=np.int64) for column in system.columns]
    for variable, group in enumerate(cells):
        for number, row in group:
            at[number][row] = variable
    width = 1 + max((int(np.diff(flat.starts).max(initial=0)) for flat in system.flat), default=0)
    depth = 1 + max((len(flat.starts) for flat in system.flat), default=0)
    rows: list[tuple[np.ndarray, ...]] = []
    terms: list[tuple[np.ndarray, ...]] = []
    for number, column in enumerate(system.columns):
        flat = system.flat[column.block]
        if not len(flat.rows):
            continue
        made_rows, made_terms = _column_constraints(
            flat,
            at[number][flat.rows],
            np.asarray(suppression.values[number])[flat.rows],
            np.array(system.exact[number], dtype=bool),
        )
        # One number per row, in the order rows are listed: column, equation, then part.
        key = (number * depth + made_rows[0]) * width + made_rows[1]
        rows.append((key, *made_rows[2:]))
        terms.append(((number * depth + made_terms[0]) * width + made_terms[1], *made_terms[2:]))
    return _assemble(rows, terms)


def _column_constraints(
    flat: Flat, variable: np.ndarray, value: np.ndarray, exact: np.ndarray
) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """The constraints of one column: rows (equation, part, rhs, equal) and their terms
    (equation, part, variable, coefficient), the part 0 for the equation itself."""
    hidden = variable >= 0
    equation = flat.equation
    first = flat.starts[:-1]
    touched = np.add.reduceat(hidden.astype(np.int64), first) > 0
    is_total = flat.is_total
    # -total + parts = 0 where they add up; total - parts <= 0 where they overlap.
    coefficient = np.where(is_total, -1.0, 1.0) * np.where(exact, 1.0, -1.0)[equation]
    rhs = np.add.reduceat(np.where(hidden, 0.0, -coefficient * value), first)
    equations = np.flatnonzero(touched)
    inside = hidden & touched[equation]
    none = np.zeros(len(equations), dtype=np.int64)
    # part - total <= 0, for each part of an overlapping equation where either is hidden.
    total_variable = variable[first][equation]
    total_hidden = total_variable >= 0
    parts = np.flatnonzero(
        ~is_total & ~exact[equation] & touched[equation] & (hidden | total_hidden)
    )
    part_equation = equation[parts]
    part = parts - first[part_equation]
    part_rhs = np.where(hidden[parts], 0.0, -value[parts]) + np.where(
        total_hidden[parts], 0.0, value[first][part_equation]
    )
    with_part, with_total = hidden[parts], total_hidden[parts]
    rows = (
        np.concatenate([equations, part_equation]),
        np.concatenate([none, part]),
        np.concatenate([rhs[equations], part_rhs]),
        np.concatenate([exact[equations], np.zeros(len(parts), dtype=bool)]),
    )
    terms = (
        np.concatenate([equation[inside], part_equation[with_part], part_equation[with_total]]),
        np.concatenate(
            [np.zeros(int(inside.sum()), dtype=np.int64), part[with_part], part[with_total]]
        ),
        np.concatenate(
            [variable[inside], variable[parts][with_part], total_variable[parts][with_total]]
        ),
        np.concatenate(
            [coefficient[inside], np.ones(int(with_part.sum())), -np.ones(int(with_total.sum()))]
        ),
    )
    return rows, terms


def _assemble(rows: list[tuple[np.ndarray, ...]], terms: list[tuple[np.ndarray, ...]]) -> _Rows:
    """Rows and terms, each row named by a key, as one _Rows in key order. A variable twice in
    a row has its coefficients added; where that leaves a zero beside other terms it goes, and
    a row left with no terms is dropped."""
    if not rows:
        nothing = np.zeros(0, dtype=np.int64)
        return _Rows(
            np.zeros(1, dtype=np.int64),
            nothing,
            nothing.astype(float),
            nothing.astype(float),
            nothing.astype(bool),
        )
    key, rhs, equal = (np.concatenate([row[index] for row in rows]) for index in range(3))
    order = np.argsort(key, kind="stable")
    key, rhs, equal = key[order], rhs[order], equal[order]
    term_key, variable, coefficient = (
        np.concatenate([term[index] for term in terms]) for index in range(3)
    )
    row = np.searchsorted(key, term_key)
    order = np.lexsort((variable, row))
    row, variable, coefficient = row[order], variable[order], coefficient[order]
    # The same variable twice in one row: one term, coefficients added.
    new = np.ones(len(row), dtype=bool)
    new[1:] = (row[1:] != row[:-1]) | (variable[1:] != variable[:-1])
    group = np.cumsum(new) - 1
    coefficient = np.bincount(group, weights=coefficient, minlength=int(new.sum()))
    row, variable = row[new], variable[new]
    per_row = np.bincount(row, minlength=len(key))
    keep = (coefficient != 0) | (per_row[row] == 1)
    row, variable, coefficient = row[keep], variable[keep], coefficient[keep]
    per_row = np.bincount(row, minlength=len(key))
    kept = per_row > 0
    starts = np.concatenate([[0], np.cumsum(per_row[kept])]).astype(np.int64)
    return _Rows(starts, variable, coefficient, rhs[kept], equal[kept])


def _needs(
    suppression: Suppression, cells: list[list[tuple[int, int]]], variables: list[int]
) -> np.ndarray:
    """How wide each variable's range must be (see the module docstring)."""
    system = suppression.system
    needs = np.zeros(len(variables))
    for index, variable in enumerate(variables):
        for column, row in cells[variable]:
            block = system.columns[column].block
            if suppression.primary[column][row]:
                need = float(suppression.threshold)
                # Under a public total smaller than the threshold, that total is the most.
                for equation in system.memberships[block][row]:
                    total = system.equations[block][equation][1][0]
                    public = suppression.known[column][total] and total != row
                    if public and system.exact[column][equation]:
                        need = min(need, suppression.values[column][total])
            elif system.columns[column].integer:
                need = 1.0
            else:
                need = 0.1  # a figure such as FTE: not to within a unit of its last decimal
            needs[index] = max(needs[index], need)
    return needs


def _solve(
    suppression: Suppression,
    cells: list[list[tuple[int, int]]],
    variables: np.ndarray,
    rows: _Rows,
    need: np.ndarray,
    ranges: Ranges,
    solver: highspy.Highs,
) -> tuple[list[Finding], int]:
    """The findings of one component, and how many linear programmes it took.

    Every optimum found is a published-consistent table, so it widens the known range of
    every cell at once; a cell whose range is already wide enough needs no programme.
    """
    size = len(variables)
    firsts = [cells[variable][0] for variable in variables.tolist()]
    truth = np.array([_value(suppression, cell) for cell in firsts])
    lowest, highest = truth.copy(), truth.copy()
    for index, cell in enumerate(firsts):
        lowest[index], highest[index] = ranges.get(cell, (truth[index], truth[index]))
    if np.all(highest - lowest >= need - TOLERANCE):
        return [], 0
    model = _model(solver, size, rows, variables)
    programmes = 0
    found = []
    for index in range(size):
        for sense in (-1.0, 1.0):
            if highest[index] - lowest[index] >= need[index] - TOLERANCE:
                break
            model.changeColCost(index, sense)
            model.run()
            programmes += 1
            status = model.getModelStatus()
            if status == highspy.HighsModelStatus.kOptimal:
                point = np.asarray(model.getSolution().col_value)
                np.minimum(lowest, point, out=lowest)
                np.maximum(highest, point, out=highest)
            elif status == highspy.HighsModelStatus.kUnbounded and sense < 0:
                highest[index] = np.inf
            model.changeColCost(index, 0.0)
        if highest[index] - lowest[index] < need[index] - TOLERANCE:
            lower, upper = max(lowest[index], 0.0), highest[index]
            for column, row in cells[variables[index]]:
                found.append(Finding(column, row, truth[index], lower, upper, need[index]))
    for index, cell in enumerate(firsts):
        ranges[cell] = (lowest[index], highest[index])
    return found, programmes


def _quiet_start() -> None:
    """Let HiGHS print its banner (once a process, on the first model) where no one reads it,
    so that it never lands in the middle of a command's output."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as nowhere:
            os.dup2(nowhere.fileno(), 1)
            highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


_quiet_start()


def _solver() -> highspy.Highs:
    """A HiGHS solver, quiet, for one attack's components in turn (making one costs more than
    solving most components)."""
    model = highspy.Highs()
    model.setOptionValue("output_flag", False)
    # Each programme after the first changes only the objective, so the last optimal basis is
    # still feasible: primal simplex carries on from it, where dual simplex (the default)
    # starts its work again. Same optima, about a quarter of the time on large components.
    model.setOptionValue("simplex_strategy", PRIMAL_SIMPLEX)
    return model


def _model(model: highspy.Highs, size: int, rows: _Rows, variables: np.ndarray) -> highspy.Highs:
    """The solver cleared and given the component: non-negative cells and the constraints."""
    model.clearModel()
    infinity = highspy.kHighsInf
    model.addVars(size, np.zeros(size), np.full(size, infinity))
    if len(rows):
        local = np.searchsorted(variables, rows.variables)  # variables are in order
        model.addRows(
            len(rows),
            np.where(rows.equal, rows.rhs, -infinity),
            rows.rhs.astype(np.float64),
            len(local),
            rows.starts[:-1].astype(np.int32),
            local.astype(np.int32),
            rows.coefficients.astype(np.float64),
        )
    return model


def _value(suppression: Suppression, cell: tuple[int, int]) -> float:
    """The true value of a cell (not available counts as 0)."""
    column, row = cell
    return suppression.values[column][row]
