"""Attacking a suppression pattern: how far each hidden cell can be narrowed from what is published.

The attacker knows every shown figure and every equation of the release (see equations.py),
and that counts are never negative. For each hidden cell the smallest and largest values
consistent with all of it are found by linear programming (SciPy's HiGHS): the way τ-ARGUS
and sdcTable audit a table. A hidden cell fails when that range is narrower than it needs:
at least the threshold for a small count (or, where a public total is smaller, that total),
at least 1 for any other count, and at least 0.1 (a unit of the last decimal place shown)
for figures such as officer FTE.

Only equations touching hidden cells matter, and hidden cells fall into independent
components (linked through shared equations), each solved on its own. Within a component,
a few linear programmes with mixed objectives find far-apart feasible points that already
show most cells can move enough; only the cells they do not clear get their own two
programmes, without the artificial box the first ones use.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

import highspy
import numpy as np

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


@dataclass
class _Constraint:
    """One linear constraint over variables: sum(coef * x) (== or <=) rhs."""

    terms: dict[int, float]
    rhs: float
    equal: bool


Ranges = dict[tuple[int, int], tuple[float, float]]


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
    if around is None:
        seeds = [variable for variable, group in enumerate(cells) if group]
    else:
        seeds = sorted({variable_of[cell] for cell in around if cell in variable_of})
    seen: set[int] = set()
    for seed in seeds:
        if seed in seen:
            continue
        variables, equations = _component(suppression, seed, cells, variable_of)
        seen.update(variables)
        audit.components += 1
        constraints = _constraints(suppression, variable_of, equations)
        needs = _needs(suppression, cells, variables)
        found, programmes = _solve(suppression, cells, variables, constraints, needs, ranges)
        audit.programmes += programmes
        audit.findings += found
    audit.findings.sort(key=lambda finding: (finding.column, finding.row))
    return audit


def _component(
    suppression: Suppression,
    seed: int,
    cells: list[list[tuple[int, int]]],
    variable_of: dict[tuple[int, int], int],
) -> tuple[list[int], list[tuple[int, int]]]:
    """The variables linked to seed through shared equations, and those equations."""
    system = suppression.system
    variables = [seed]
    reached = {seed}
    equations: set[tuple[int, int]] = set()
    position = 0
    while position < len(variables):
        for column, row in cells[variables[position]]:
            block = system.columns[column].block
            for equation in system.memberships[block][row]:
                if (column, equation) in equations:
                    continue
                equations.add((column, equation))
                for other in system.equations[block][equation][1]:
                    variable = variable_of.get((column, other))
                    if variable is not None and variable not in reached:
                        reached.add(variable)
                        variables.append(variable)
        position += 1
    return sorted(variables), sorted(equations)


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


def _constraints(
    suppression: Suppression,
    variable_of: dict[tuple[int, int], int],
    equations: list[tuple[int, int]],
) -> list[_Constraint]:
    """The published equations given, with shown cells' values moved to the right side."""
    system = suppression.system
    found: list[_Constraint] = []
    for column, equation in equations:
        block = system.columns[column].block
        rows = system.equations[block][equation][1]
        values = suppression.values[column]
        total, parts = rows[0], rows[1:]
        if system.exact[column][equation]:
            terms = [(total, -1.0), *((part, 1.0) for part in parts)]
            found.append(_linear(variable_of, column, terms, values, True))
            continue
        # Parts that overlap: total <= sum of parts, and each part <= total.
        terms = [(total, 1.0), *((part, -1.0) for part in parts)]
        found.append(_linear(variable_of, column, terms, values, False))
        total_hidden = (column, total) in variable_of
        for part in parts:
            if total_hidden or (column, part) in variable_of:
                terms = [(part, 1.0), (total, -1.0)]
                found.append(_linear(variable_of, column, terms, values, False))
    return [constraint for constraint in found if constraint.terms]


def _linear(
    variable_of: dict[tuple[int, int], int],
    column: int,
    terms: list[tuple[int, float]],
    values: list[float],
    equal: bool,
) -> _Constraint:
    """sum(coef * cell) (== or <=) 0 with the shown cells' values moved to the right."""
    coefficients: dict[int, float] = {}
    rhs = 0.0
    for row, coefficient in terms:
        variable = variable_of.get((column, row))
        if variable is None:
            rhs -= coefficient * values[row]
        else:
            coefficients[variable] = coefficients.get(variable, 0.0) + coefficient
    if len(coefficients) > 1 and 0.0 in coefficients.values():
        coefficients = {key: value for key, value in coefficients.items() if value != 0}
    return _Constraint(coefficients, rhs, equal)


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
    variables: list[int],
    constraints: list[_Constraint],
    need: np.ndarray,
    ranges: Ranges,
) -> tuple[list[Finding], int]:
    """The findings of one component, and how many linear programmes it took.

    Every optimum found is a published-consistent table, so it widens the known range of
    every cell at once; a cell whose range is already wide enough needs no programme.
    """
    size = len(variables)
    local = {variable: index for index, variable in enumerate(variables)}
    truth = np.array([_value(suppression, cells[variable][0]) for variable in variables])
    lowest, highest = truth.copy(), truth.copy()
    for index, variable in enumerate(variables):
        lowest[index], highest[index] = ranges.get(cells[variable][0], (truth[index], truth[index]))
    if np.all(highest - lowest >= need - TOLERANCE):
        return [], 0
    model = _model(size, constraints, local)
    every = np.arange(size, dtype=np.int32)
    programmes = 0
    found = []
    for index in range(size):
        for sense in (-1.0, 1.0):
            if highest[index] - lowest[index] >= need[index] - TOLERANCE:
                break
            cost = np.zeros(size)
            cost[index] = sense
            model.changeColsCost(size, every, cost)
            model.run()
            programmes += 1
            status = model.getModelStatus()
            if status == highspy.HighsModelStatus.kOptimal:
                point = np.array(model.getSolution().col_value)
                lowest = np.minimum(lowest, point)
                highest = np.maximum(highest, point)
            elif status == highspy.HighsModelStatus.kUnbounded and sense < 0:
                highest[index] = np.inf
        if highest[index] - lowest[index] < need[index] - TOLERANCE:
            lower, upper = max(lowest[index], 0.0), highest[index]
            for column, row in cells[variables[index]]:
                found.append(Finding(column, row, truth[index], lower, upper, need[index]))
    for index, variable in enumerate(variables):
        ranges[cells[variable][0]] = (lowest[index], highest[index])
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


def _model(size: int, rows: list[_Constraint], local: dict[int, int]) -> highspy.Highs:
    """A HiGHS model over the component: non-negative cells and the published constraints."""
    model = highspy.Highs()
    model.setOptionValue("output_flag", False)
    # Each programme after the first changes only the objective, so the last optimal basis is
    # still feasible: primal simplex carries on from it, where dual simplex (the default)
    # starts its work again. Same optima, about a quarter of the time on large components.
    model.setOptionValue("simplex_strategy", PRIMAL_SIMPLEX)
    infinity = highspy.kHighsInf
    model.addVars(size, np.zeros(size), np.full(size, infinity))
    starts: list[int] = []
    index: list[int] = []
    value: list[float] = []
    for constraint in rows:
        starts.append(len(index))
        index += [local[variable] for variable in constraint.terms]
        value += constraint.terms.values()
    upper = np.array([constraint.rhs for constraint in rows])
    lower = np.where([constraint.equal for constraint in rows], upper, -infinity)
    model.addRows(
        len(rows),
        lower,
        upper,
        len(index),
        np.array(starts, dtype=np.int32),
        np.array(index, dtype=np.int32),
        np.array(value, dtype=np.float64),
    )
    return model


def _value(suppression: Suppression, cell: tuple[int, int]) -> float:
    """The true value of a cell (not available counts as 0)."""
    column, row = cell
    return suppression.values[column][row]
