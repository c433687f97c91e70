"""Choosing the cells to hide: primary suppression, then secondary until every equation holds.

Primary: a count from 1 to threshold - 1 hides its protected set on that row. Zero is shown.

Secondary: in every equation (a total and its parts, in one column) that has hidden cells,
  - a total hidden alone would be the sum of its parts, so a part is hidden with it;
  - with the total shown, the hidden parts must be at least two, and what they hold together
    must be at least the threshold when one of them is a small count (else at least 1), so
    that no hidden cell can be worked back, even to within the threshold. A zero total, or
    hidden parts that are all zero, would give them away.
The cell added is the smallest non-zero shown part (never a zero: a zero partner protects
nothing), else the total. Where the total is public and too small (schools responding in an
area), every part is hidden: then each could be anything up to that public total.

Groups joined as the same figure are hidden together; a set that follows another (`after`)
is hidden wherever that one is. Each hidden group keeps the reason it was first hidden.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from sspcollect.datasets.equations import System

PRIMARY = "primary"
SECONDARY = "secondary"
SAME_FIGURE = "same figure"
WITH_SET = "with its set"
AUDIT = "audit"
EARLIER = "earlier version"
CHANGED = "changed since an earlier version"


@dataclass(frozen=True)
class Reason:
    """Why a group was hidden: the rule, and the column and equation (or cell) behind it."""

    rule: str
    column: int | None = None
    row: int | None = None
    dimension: str | None = None
    origin: str | None = None  # for a set hidden with another: why that one was hidden


@dataclass
class Suppression:
    """Which groups are hidden, as the rules above decide, and why each one is."""

    system: System
    threshold: int
    klass: np.ndarray  # group -> class (groups holding the same figure share one)
    members: list[list[int]]  # class -> groups
    followers: list[list[int]]  # class -> classes hidden with it (`after`)
    hidden: np.ndarray  # class -> hidden
    reasons: dict[int, Reason] = field(default_factory=dict)
    values: list[list[float]] = field(default_factory=list)  # per column, NaN as 0
    known: list[list[bool]] = field(default_factory=list)
    primary: list[list[bool]] = field(default_factory=list)
    blocked: set[tuple[int, int]] = field(default_factory=set)  # equations that cannot do better
    # Plain-list copies for the hot loops: each cell's class, by column and row.
    cell_class: list[list[int]] = field(default_factory=list)

    def cell_hidden(self, column: int, row: int) -> bool:
        """True when this cell is published as `c`."""
        if self.known[column][row]:
            return False
        return bool(self.hidden[self.cell_class[column][row]])

    def group_hidden(self, group: int) -> bool:
        """True when this group is hidden."""
        return bool(self.hidden[self.klass[group]])


def start(system: System, threshold: int) -> Suppression:
    """Groups joined by their links, nothing hidden yet."""
    count = system.group_count
    parent: dict[int, int] = {}

    def find(item: int) -> int:
        while parent.get(item, item) != item:
            item = parent[item]
        return item

    for one, two in system.links:
        root_one, root_two = find(one), find(two)
        if root_one != root_two:
            parent[max(root_one, root_two)] = min(root_one, root_two)
    roots = np.arange(count, dtype=np.int64)
    for item in parent:
        roots[item] = find(item)
    _unique, klass = np.unique(roots, return_inverse=True)
    classes = int(klass.max()) + 1 if count else 0
    members: list[list[int]] = [[] for _ in range(classes)]
    for group, number in enumerate(klass.tolist()):
        members[number].append(group)
    followers: list[set[int]] = [set() for _ in range(classes)]
    for leader, follower in system.after:
        block, _unit = system.units[leader]
        rows = len(system.blocks[block].table)
        first, second = system.unit_offset[leader], system.unit_offset[follower]
        pairs = zip(
            klass[first : first + rows].tolist(),
            klass[second : second + rows].tolist(),
            strict=True,
        )
        for one, two in pairs:
            followers[one].add(two)
    suppression = Suppression(
        system=system,
        threshold=threshold,
        klass=klass,
        members=members,
        followers=[sorted(found) for found in followers],
        hidden=np.zeros(classes, dtype=bool),
    )
    for column in system.columns:
        offset = system.unit_offset[column.unit]
        suppression.cell_class.append(klass[offset : offset + len(column.values)].tolist())
        suppression.values.append(np.nan_to_num(column.values, nan=0.0).tolist())
        suppression.known.append(column.known.tolist())
        suppression.primary.append(column.primary.tolist())
    return suppression


def suppress(
    system: System, threshold: int, forced: Iterable[tuple[int, Reason]] = ()
) -> Suppression:
    """Primary suppression (and any groups forced hidden), then secondary to a fixed point."""
    suppression = start(system, threshold)
    changed: list[int] = []
    for group, reason in forced:
        changed += hide(suppression, int(suppression.klass[group]), reason)
    for number, column in enumerate(system.columns):
        for row in np.flatnonzero(column.primary).tolist():
            group = system.group(number, row)
            changed += hide(
                suppression, int(suppression.klass[group]), Reason(PRIMARY, number, row)
            )
    settle(suppression, changed)
    return suppression


def hide(suppression: Suppression, klass: int, reason: Reason) -> list[int]:
    """Hide a class and everything that follows it; the classes newly hidden."""
    newly: list[int] = []
    pending = [(klass, reason)]
    while pending:
        current, why = pending.pop()
        if suppression.hidden[current]:
            continue
        suppression.hidden[current] = True
        suppression.reasons[current] = why
        newly.append(current)
        linked = Reason(WITH_SET, why.column, why.row, why.dimension, why.origin or why.rule)
        pending += [(follower, linked) for follower in suppression.followers[current]]
    return newly


def settle(suppression: Suppression, changed: Iterable[int]) -> None:
    """Add secondary cells until every equation touching a hidden cell holds (see above)."""
    system = suppression.system
    queue: deque[tuple[int, int]] = deque()
    queued: set[tuple[int, int]] = set()
    unit_columns = [system.columns_of_unit(unit) for unit in range(len(system.units))]

    def enqueue(classes: Iterable[int]) -> None:
        for klass in classes:
            for group in suppression.members[klass]:
                unit = _unit_of(system, group)
                row = group - system.unit_offset[unit]
                block, _protected = system.units[unit]
                for column in unit_columns[unit]:
                    for equation in system.memberships[block][row]:
                        key = (column, equation)
                        if key not in queued:
                            queued.add(key)
                            queue.append(key)

    enqueue(changed)
    while queue:
        key = queue.popleft()
        queued.discard(key)
        column, equation = key
        if key in suppression.blocked:
            continue
        chosen = _needed(suppression, column, equation)
        if chosen is None:
            continue
        row, rule = chosen
        group = system.group(column, row)
        dimension = system.equations[system.columns[column].block][equation][0]
        total_row = system.equations[system.columns[column].block][equation][1][0]
        newly = hide(
            suppression, int(suppression.klass[group]), Reason(rule, column, total_row, dimension)
        )
        enqueue(newly)
        if key not in queued:
            queued.add(key)
            queue.append(key)


def _needed(suppression: Suppression, column: int, equation: int) -> tuple[int, str] | None:
    """The row to hide next for this equation to hold, or None when it holds."""
    system = suppression.system
    block = system.columns[column].block
    _dimension, cells = system.equations[block][equation]
    values = suppression.values[column]
    known = suppression.known[column]
    hidden = [row for row in cells if suppression.cell_hidden(column, row)]
    if not hidden:
        return None
    total = cells[0]
    shown_parts = [row for row in cells[1:] if not known[row] and row not in hidden]
    if hidden[0] == total:
        if len(hidden) >= 2:
            return None
        if not shown_parts:
            suppression.blocked.add((column, equation))
            return None
        return _smallest(shown_parts, values, prefer_non_zero=True), SECONDARY
    mass = sum(values[row] for row in hidden)
    primary = suppression.primary[column]
    if any(primary[row] for row in hidden):
        need = float(suppression.threshold)
    else:
        need = 1.0 if system.columns[column].integer else 0.1
    if len(hidden) >= 2 and mass >= need:
        return None
    non_zero = [row for row in shown_parts if values[row] > 0]
    if non_zero:
        return _smallest(non_zero, values, prefer_non_zero=True), SECONDARY
    if not known[total]:
        return total, SECONDARY
    # The total is public: hide every part, so each could be anything up to that total.
    if shown_parts:
        return shown_parts[0], SECONDARY
    suppression.blocked.add((column, equation))
    return None


def _smallest(rows: list[int], values: list[float], prefer_non_zero: bool) -> int:
    """The row with the smallest value (non-zero first when asked), lowest position on ties."""
    if prefer_non_zero and any(values[row] > 0 for row in rows):
        rows = [row for row in rows if values[row] > 0]
    return min(rows, key=lambda row: (values[row], row))


def _unit_of(system: System, group: int) -> int:
    """The protected set a group belongs to."""
    return int(np.searchsorted(system.unit_offset, group, side="right")) - 1
