"""An attacker who has only the published files: it tries to work back every hidden cell.

Deliberately independent of sspcollect.datasets: it reads the CSV files as anyone could,
rebuilds the equations from what the files and the data guidance say (totals along every
filter, every level of the geography, the same figure in two files), and attacks each hidden
cell (`c`) three ways:

1. iterated subtraction: a total with one unknown part gives it away, again and again;
2. solving the equations together: a cell is fixed when its unit vector lies in the row
   space of the equations over the unknowns (linear algebra on each connected component);
3. linear programming: the smallest and largest value each hidden cell can take, given every
   published figure and equation and that counts are never negative (SciPy's HiGHS).

Counts of distinct things (partnerships covering schools in several areas or phases) only
give `each part <= total <= sum of parts`; the attacker uses those as inequalities.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.linalg import null_space
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

TOTAL = "Total"
GEOGRAPHY = "geography"
ENGLAND_AND_WALES = "K04000001"
# What the guidance says about each file: its filters, the counts worth attacking, and along
# which filters (or the geography) a count can put one thing under several items.
FILES: dict[str, dict[str, object]] = {
    "ssp_partnerships": {
        "filters": ("ssp_model", "education_phase"),
        "counts": {
            "partnership_count": ("education_phase", GEOGRAPHY),
            "officer_fte": (),
            "schools_covered_count": ("ssp_model",),
            "pupils_in_covered_schools_count": ("ssp_model",),
        },
    },
    "ssp_school_outcomes": {
        "filters": ("ssp_status", "ssp_model", "vru_area"),
        "counts": {
            name: ()
            for name in (
                "school_count",
                "pupil_count",
                "suspension_count",
                "permanent_exclusion_count",
                "violent_incident_count",
                "weapon_incident_count",
                "bullying_incident_count",
                "feel_safe_schools_count",
            )
        },
    },
    "ssp_police_outcomes": {
        "filters": ("ssp_model",),
        "counts": {
            name: ()
            for name in (
                "partnership_count",
                "crimes_recorded_count",
                "violent_crimes_recorded_count",
                "weapon_incidents_count",
                "asb_incidents_count",
                "safeguarding_referrals_count",
                "diversion_referrals_count",
                "sessions_delivered_count",
                "pupils_engaged_count",
            )
        },
    },
    "ssp_funding": {
        "filters": ("funding_source", "funding_horizon"),
        "counts": {
            "partnership_count": ("funding_source", GEOGRAPHY),
            "officer_fte": ("funding_source",),
            "partnerships_with_isa_count": ("funding_source", GEOGRAPHY),
        },
    },
}
# The same figure in two files: (file, filter items) pairs and the columns they share.
SAME = (
    (
        ("ssp_partnerships", {"ssp_model": TOTAL, "education_phase": TOTAL}),
        ("ssp_funding", {"funding_source": TOTAL, "funding_horizon": TOTAL}),
        ("partnership_count", "officer_fte"),
    ),
)

Cell = tuple[str, str, tuple[str, ...], str]  # file, area, filter items, column


@dataclass
class Release:
    """Every published cell: known values, hidden cells, and the relations between them."""

    known: dict[Cell, float] = field(default_factory=dict)
    rounding: dict[Cell, float] = field(default_factory=dict)  # half a unit of the last place
    hidden: set[Cell] = field(default_factory=set)
    equal: list[tuple[Cell, list[Cell]]] = field(default_factory=list)  # total = sum(parts)
    overlap: list[tuple[Cell, list[Cell]]] = field(default_factory=list)  # part<=total<=sum
    same: list[tuple[Cell, Cell]] = field(default_factory=list)


@dataclass
class Result:
    """What each attack recovered: cells fixed exactly, and every hidden cell's range."""

    subtraction: dict[Cell, float] = field(default_factory=dict)
    algebra: set[Cell] = field(default_factory=set)
    ranges: dict[Cell, tuple[float, float]] = field(default_factory=dict)


def read(content: bytes) -> list[dict[str, str]]:
    """The rows of a CSV file."""
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def area(row: Mapping[str, str]) -> str:
    """The code of the area a row is about."""
    level = row["geographic_level"]
    if level == "National":
        return row["country_code"]
    if level == "Regional":
        return row["region_code"]
    if level == "Police force area":
        return row["pfa_code"]
    return row["new_la_code"]


def ancestors(files: Mapping[str, bytes], la_force: Mapping[str, str]) -> dict[str, str]:
    """The area directly above each area in the full tree: local authority, force area,
    region (England only), country, England and Wales; from the rows and the public
    local-authority-to-force list."""
    up: dict[str, str] = {"E92000001": ENGLAND_AND_WALES, "W92000004": ENGLAND_AND_WALES}
    for name in FILES:
        for row in read(files.get(f"{name}.csv", b"")):
            level = row["geographic_level"]
            if level == "Regional":
                up[row["region_code"]] = "E92000001"
            elif level == "Police force area":
                country = "W92000004" if row["pfa_code"].startswith("W") else "E92000001"
                up[row["pfa_code"]] = row.get("region_code") or up.get(row["pfa_code"], country)
    up.update(la_force)
    return up


def parents(codes: set[str], up: Mapping[str, str]) -> dict[str, str]:
    """The nearest area above each area among those a file has rows for."""
    nearest: dict[str, str] = {}
    for code in codes:
        above = up.get(code)
        while above is not None and above not in codes:
            above = up.get(above)
        if above is not None:
            nearest[code] = above
    return nearest


def load(files: Mapping[str, bytes], la_force: Mapping[str, str]) -> Release:
    """The published cells and equations of every data file in files."""
    release = Release()
    tree = ancestors(files, la_force)
    for name, about in FILES.items():
        if f"{name}.csv" not in files:
            continue
        filters: tuple[str, ...] = about["filters"]  # type: ignore[assignment]
        counts: dict[str, tuple[str, ...]] = about["counts"]  # type: ignore[assignment]
        rows = read(files[f"{name}.csv"])
        keys = {(area(row), tuple(row[f] for f in filters)) for row in rows}
        up = parents({code for code, _items in keys}, tree)
        for row in rows:
            for column in counts:
                cell = (name, area(row), tuple(row[f] for f in filters), column)
                value = row[column]
                if value == "c":
                    release.hidden.add(cell)
                elif value in ("x", "z"):
                    release.known[cell] = 0.0
                elif value == "low":  # not zero, but rounds to zero at one decimal place
                    release.known[cell] = 0.025
                    release.rounding[cell] = 0.025
                else:
                    release.known[cell] = float(value)
                    if "." in value:
                        release.rounding[cell] = 0.5 * 10 ** -len(value.split(".")[1])
        for column, overlapping in counts.items():
            _equations(release, name, column, keys, filters, overlapping, up)
    for (one, one_items), (two, two_items), columns in SAME:
        _same(release, files, one, one_items, two, two_items, columns)
    return release


def _equations(
    release: Release,
    name: str,
    column: str,
    keys: set[tuple[str, tuple[str, ...]]],
    filters: tuple[str, ...],
    overlapping: tuple[str, ...],
    up: Mapping[str, str],
) -> None:
    """Totals and parts of one column, along each filter and the geography."""
    parts: dict[tuple[str, tuple[str, ...], str], list[Cell]] = defaultdict(list)
    for code, items in keys:
        for position, filter_name in enumerate(filters):
            if items[position] == TOTAL:
                continue
            total = (*items[:position], TOTAL, *items[position + 1 :])
            if (code, total) in keys:
                parts[(code, total, filter_name)].append((name, code, items, column))
        parent = up.get(code)
        if parent is not None and (parent, items) in keys:
            parts[(parent, items, GEOGRAPHY)].append((name, code, items, column))
    for (code, items, dimension), found in parts.items():
        total = (name, code, items, column)
        if dimension in overlapping:
            release.overlap.append((total, found))
        else:
            release.equal.append((total, found))


def _same(
    release: Release,
    files: Mapping[str, bytes],
    one: str,
    one_items: Mapping[str, str],
    two: str,
    two_items: Mapping[str, str],
    columns: Iterable[str],
) -> None:
    """Cells that are the same figure in two files."""
    if f"{one}.csv" not in files or f"{two}.csv" not in files:
        return
    one_filters: tuple[str, ...] = FILES[one]["filters"]  # type: ignore[assignment]
    two_filters: tuple[str, ...] = FILES[two]["filters"]  # type: ignore[assignment]
    first = tuple(one_items[f] for f in one_filters)
    second = tuple(two_items[f] for f in two_filters)
    areas = {area(row) for row in read(files[f"{two}.csv"])}
    for row in read(files[f"{one}.csv"]):
        code = area(row)
        if tuple(row[f] for f in one_filters) == first and code in areas:
            for column in columns:
                release.same.append(((one, code, first, column), (two, code, second, column)))


def subtraction(release: Release) -> dict[Cell, float]:
    """Cells recovered by repeated 'total minus the shown parts' (and the same figure)."""
    known = dict(release.known)
    recovered: dict[Cell, float] = {}
    changed = True
    while changed:
        changed = False
        for total, parts in release.equal:
            cells = [total, *parts]
            unknown = [cell for cell in cells if cell not in known]
            if len(unknown) != 1:
                continue
            cell = unknown[0]
            shown = sum(known[part] for part in parts if part in known)
            value = shown if cell == total else known[total] - shown
            known[cell] = recovered[cell] = value
            changed = True
        for one, two in release.same:
            for a, b in ((one, two), (two, one)):
                if a in known and b not in known:
                    known[b] = recovered[b] = known[a]
                    changed = True
    return {cell: value for cell, value in recovered.items() if cell in release.hidden}


def _components(release: Release) -> list[tuple[list[Cell], list[tuple[Cell, list[Cell]]]]]:
    """Hidden cells linked by shared equations, with those equations."""
    parent: dict[Cell, Cell] = {cell: cell for cell in release.hidden}

    def find(cell: Cell) -> Cell:
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    relations = [(t, p) for t, p in release.equal] + [(t, p) for t, p in release.overlap]
    relations += [(one, [two]) for one, two in release.same]
    for total, parts in relations:
        unknown = [cell for cell in [total, *parts] if cell in parent]
        for cell in unknown[1:]:
            parent[find(cell)] = find(unknown[0])
    cells: dict[Cell, list[Cell]] = defaultdict(list)
    for cell in release.hidden:
        cells[find(cell)].append(cell)
    found: dict[Cell, list[tuple[Cell, list[Cell]]]] = defaultdict(list)
    for total, parts in relations:
        unknown = [cell for cell in [total, *parts] if cell in parent]
        if unknown:
            found[find(unknown[0])].append((total, parts))
    return [(sorted(members), found[root]) for root, members in cells.items()]


def attack(release: Release, wide: float = 10.0) -> Result:
    """All three attacks on every hidden cell.

    wide: a range at least this wide already shows a cell cannot be narrowed to within the
    threshold, so no programme of its own is spent on it.
    """
    result = Result(subtraction=subtraction(release))
    equal = {_freeze(relation) for relation in release.equal}
    same = set(release.same)
    for cells, relations in _components(release):
        index = {cell: position for position, cell in enumerate(cells)}
        system = _System(len(cells))
        for total, parts in relations:
            if len(parts) == 1 and (total, parts[0]) in same:
                system.add(release, index, [(total, 1.0), (parts[0], -1.0)], equal=True)
            elif _freeze((total, parts)) in equal:
                terms = [(total, -1.0), *((part, 1.0) for part in parts)]
                system.add(release, index, terms, equal=True)
            else:
                system.add(release, index, [(total, 1.0), *((p, -1.0) for p in parts)], False)
                for part in parts:
                    system.add(release, index, [(part, 1.0), (total, -1.0)], equal=False)
        matrix = np.array(system.structure).reshape(-1, len(cells))
        basis = null_space(matrix) if len(matrix) else np.eye(len(cells))
        for position, cell in enumerate(cells):
            if np.linalg.norm(basis[position]) < 1e-9:
                result.algebra.add(cell)
        result.ranges.update(zip(cells, system.ranges(wide), strict=True))
    return result


@dataclass
class _System:
    """Linear constraints over a component's hidden cells (shown cells moved to the right)."""

    size: int
    structure: list[list[float]] = field(default_factory=list)  # the equations, for algebra
    a_eq: list[list[float]] = field(default_factory=list)
    b_eq: list[float] = field(default_factory=list)
    a_ub: list[list[float]] = field(default_factory=list)
    b_ub: list[float] = field(default_factory=list)

    def add(
        self,
        release: Release,
        index: Mapping[Cell, int],
        terms: list[tuple[Cell, float]],
        equal: bool,
    ) -> None:
        """sum(coef * cell) = or <= 0, allowing for the rounding of the shown cells."""
        row = [0.0] * self.size
        right = slack = 0.0
        for cell, coefficient in terms:
            if cell in index:
                row[index[cell]] += coefficient
            else:
                right -= coefficient * release.known.get(cell, 0.0)
                slack += abs(coefficient) * release.rounding.get(cell, 0.0)
        if not any(row):
            return
        if equal:
            self.structure.append(row)
        if equal and not slack:
            self.a_eq.append(row)
            self.b_eq.append(right)
            return
        self.a_ub.append(row)
        self.b_ub.append(right + slack)
        if equal:
            self.a_ub.append([-value for value in row])
            self.b_ub.append(slack - right)

    def ranges(self, wide: float) -> list[tuple[float, float]]:
        """The smallest and largest value of every cell, by linear programming (HiGHS).

        Every optimum is a table consistent with all that is published, so each widens the
        known range of every cell; a cell already known to range at least `wide` needs no
        programme of its own. The others get their exact minimum and maximum.
        """
        options = {
            "A_eq": csr_matrix(np.array(self.a_eq)) if self.a_eq else None,
            "b_eq": np.array(self.b_eq) if self.b_eq else None,
            "A_ub": csr_matrix(np.array(self.a_ub)) if self.a_ub else None,
            "b_ub": np.array(self.b_ub) if self.b_ub else None,
            "bounds": (0, None),
            "method": "highs",
        }
        lowest = np.full(self.size, np.inf)
        highest = np.full(self.size, -np.inf)
        rng = np.random.default_rng(self.size)
        pushes = [np.ones(self.size), *(rng.choice([-1.0, 1.0], self.size) for _ in range(2))]
        for objective in pushes:
            # Bounded pushes: within a box the optimum exists; it is still a feasible table.
            solved = linprog(objective, **{**options, "bounds": (0, 1000)})
            if solved.status == 0:
                lowest = np.minimum(lowest, solved.x)
                highest = np.maximum(highest, solved.x)
        for position in range(self.size):
            for sense in (1.0, -1.0):
                if highest[position] - lowest[position] >= wide:
                    break
                objective = np.zeros(self.size)
                objective[position] = sense
                solved = linprog(objective, **options)
                if solved.status == 3 and sense < 0:
                    highest[position] = np.inf
                elif solved.status == 0:
                    lowest = np.minimum(lowest, solved.x)
                    highest = np.maximum(highest, solved.x)
                else:
                    raise AssertionError(f"the published equations have no solution: {solved}")
        return list(zip(lowest.tolist(), highest.tolist(), strict=True))


def _freeze(relation: tuple[Cell, list[Cell]]) -> tuple[Cell, tuple[Cell, ...]]:
    """A hashable relation."""
    return relation[0], tuple(relation[1])
