"""Disclosure control: small counts, and what is built on them, are published as `c`.

The whole rule lives in apply_disclosure_control; the helpers below only find the totals
each cell belongs to and pick the cells to hide alongside a small one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sspcollect.datasets.cube import TOTAL

SUPPRESSED = "c"


@dataclass(frozen=True)
class Protected:
    """Indicators hidden together: counts whose small values disclose, and figures built on them.

    A row's cells are hidden when any of `counts` is from 1 to threshold - 1, when a protected
    set named in `after` is hidden on that row, or when a total needs a second hidden cell.
    `figures` (rates, sums, percentages made from the counts) are hidden with them; a figure
    listed in several sets is hidden when any of them is.
    """

    name: str
    counts: tuple[str, ...]
    figures: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


def apply_disclosure_control(
    table: pd.DataFrame,
    protected: Sequence[Protected],
    filters: Sequence[str],
    threshold: int,
) -> pd.DataFrame:
    """table with every disclosive cell replaced by `c`; the figures shown are not changed.

    table has one row per area and combination of filter values: `geo_code` names the area,
    `geo_parent` the area above it in this file (None at the top), and each filter column holds
    an item or `Total`.

    Primary suppression: a count from 1 to threshold - 1 (DISCLOSURE_THRESHOLD, default 3) is
    hidden, with every figure of its protected set on that row. Zero is shown: an empty cell
    discloses nothing about anyone.

    Secondary suppression: a total and its parts form one equation, along every filter (the
    `Total` row and the rows of that filter's other items, all else equal) and along the
    geography (an area and the areas directly below it in the file, same filters). A cell
    hidden alone in any equation could be worked back by subtraction, so a second cell of that
    equation is hidden too: the smallest non-zero part, else another part, else the total.
    This repeats until every equation hides no cell or at least two, for each protected set.
    Totals are treated as sums of their parts even where a partnership counts under several
    items (funding sources, areas), which can only hide more, never less.
    """
    published = table.copy()
    if table.empty or not protected:
        return published
    groups, membership = _equations(table, filters)
    masks: dict[str, np.ndarray] = {}
    for unit in protected:
        mask = np.zeros(len(table), dtype=bool)
        for column in unit.counts:
            values = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
            mask |= (values > 0) & (values < threshold)
        for name in unit.after:
            mask |= masks[name]
        size = pd.to_numeric(table[unit.counts[0]], errors="coerce").to_numpy(dtype=float)
        _hide_seconds(mask, np.nan_to_num(size, nan=np.inf), groups, membership)
        masks[unit.name] = mask
    hidden: dict[str, np.ndarray] = {}
    for unit in protected:
        for column in (*unit.counts, *unit.figures):
            hidden[column] = hidden.get(column, np.zeros(len(table), dtype=bool)) | masks[unit.name]
    for column, mask in hidden.items():
        published[column] = published[column].astype(object).where(~mask, SUPPRESSED)
    return published


def _equations(
    table: pd.DataFrame, filters: Sequence[str]
) -> tuple[list[list[int]], list[list[int]]]:
    """Each total with its parts as row positions ([total, part, …]), and each row's equations."""
    codes = table["geo_code"].tolist()
    parents = table["geo_parent"].tolist()
    items = [table[column].tolist() for column in filters]
    keys = [tuple(row) for row in zip(codes, *items, strict=True)]
    position = {key: index for index, key in enumerate(keys)}
    parts_of: dict[tuple[object, int], list[int]] = {}
    for index, key in enumerate(keys):
        for dimension in range(len(filters)):
            if key[dimension + 1] == TOTAL:
                continue
            total = position.get((*key[: dimension + 1], TOTAL, *key[dimension + 2 :]))
            if total is not None:
                parts_of.setdefault((dimension, total), []).append(index)
        parent = parents[index]
        if isinstance(parent, str):
            total = position.get((parent, *key[1:]))
            if total is not None:
                parts_of.setdefault(("geography", total), []).append(index)
    groups = [[total, *parts] for (_dimension, total), parts in parts_of.items()]
    membership: list[list[int]] = [[] for _ in keys]
    for number, group in enumerate(groups):
        for index in group:
            membership[index].append(number)
    return groups, membership


def _hide_seconds(
    mask: np.ndarray,
    size: np.ndarray,
    groups: list[list[int]],
    membership: list[list[int]],
) -> None:
    """Hide further cells until no equation has exactly one hidden cell (mask is changed)."""
    queue = deque(sorted({number for row in np.flatnonzero(mask) for number in membership[row]}))
    queued = set(queue)
    while queue:
        number = queue.popleft()
        queued.discard(number)
        group = groups[number]
        if sum(1 for index in group if mask[index]) != 1:
            continue
        chosen = _second_cell(group, mask, size)
        mask[chosen] = True
        for other in membership[chosen]:
            if other not in queued:
                queued.add(other)
                queue.append(other)


def _second_cell(group: list[int], mask: np.ndarray, size: np.ndarray) -> int:
    """The cell to hide beside a lone hidden one: smallest non-zero part, other part, or total."""
    parts = [index for index in group[1:] if not mask[index]]
    non_zero = [index for index in parts if size[index] > 0]
    if non_zero:
        return min(non_zero, key=lambda index: (size[index], index))
    if parts:
        return parts[0]
    return group[0]
