"""Adding figures up by area at every level and by filters, with each filter also as `Total`.

A frame row carries the area it falls in at each level (`in_national` … `in_la`, from
geography.area_codes) and its filter items. A cube has one row per area of each requested
level and combination of filter items, where `Total` stands for every item of a filter.
Rows whose area is missing at a level (a force return's local authority, a Welsh region)
drop out of that level.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

TOTAL = "Total"


@dataclass(frozen=True)
class Distinct:
    """A figure over distinct ids: how many there are, or the sum of value over them.

    Counting partnerships by distinct id means a partnership covering two schools of an area
    counts once there; summing a value over distinct ids counts each school's pupils once.
    """

    name: str
    id: str
    value: str | None = None


def _combinations(
    levels: Sequence[str], filters: Sequence[str]
) -> Iterator[tuple[str, list[str], list[str]]]:
    """Each level with each way of totalling the filters: (level, kept, totalled)."""
    for level in levels:
        for totals in itertools.product((False, True), repeat=len(filters)):
            kept = [name for name, total in zip(filters, totals, strict=True) if not total]
            totalled = [name for name, total in zip(filters, totals, strict=True) if total]
            yield level, kept, totalled


def sum_cube(
    frame: pd.DataFrame, levels: Sequence[str], filters: Sequence[str], sums: Sequence[str]
) -> pd.DataFrame:
    """The cube of figures that are plain sums, in one groupby over every level and Total.

    frame is small (already added up within each area), so stacking a copy of it for each
    level and way of totalling is cheaper than grouping it again and again.
    """
    pieces = []
    for level, _kept, totalled in _combinations(levels, filters):
        piece = frame[[*filters, *sums]].assign(geo_level=level, geo_code=frame[f"in_{level}"])
        for name in totalled:
            piece[name] = TOTAL
        pieces.append(piece)
    stacked = pd.concat(pieces, ignore_index=True)
    stacked = stacked[stacked["geo_code"].notna()]
    keys = ["geo_level", "geo_code", *filters]
    return stacked.groupby(keys, sort=False)[list(sums)].sum().reset_index()


def distinct_cube(
    frame: pd.DataFrame,
    levels: Sequence[str],
    filters: Sequence[str],
    figures: Sequence[Distinct],
) -> pd.DataFrame:
    """The cube of counts and sums over distinct ids, worked out on integer codes with numpy.

    Distinct counts cannot be added up from smaller areas, so each level and way of totalling
    is computed from the rows themselves; integer codes keep that cheap at national scale.
    """
    keys = {name: pd.factorize(frame[name])[0] for name in frame.columns if name.startswith("in_")}
    keys.update({name: pd.factorize(frame[name])[0] for name in filters})
    ids = {figure.id: pd.factorize(frame[figure.id])[0] for figure in figures}
    # A missing value (a school whose pupils are not known) adds nothing to a sum.
    values = {
        figure.value: frame[figure.value].astype(float).fillna(0).to_numpy()
        for figure in figures
        if figure.value
    }
    pieces = []
    for level, kept, totalled in _combinations(levels, filters):
        columns = [f"in_{level}", *kept]
        present = keys[f"in_{level}"] >= 0
        composite = np.zeros(int(present.sum()), dtype=np.int64)
        for name in columns:
            codes = keys[name][present]
            composite = composite * (int(keys[name].max(initial=0)) + 1) + codes
        first, group = _groups(composite)
        rows = np.flatnonzero(present)[first]
        piece: dict[str, object] = {
            ("geo_code" if name == f"in_{level}" else name): frame[name].to_numpy()[rows]
            for name in columns
        }
        piece["geo_level"] = level
        for name in totalled:
            piece[name] = TOTAL
        distinct: dict[str, np.ndarray] = {}
        for figure in figures:
            if figure.id not in distinct:
                distinct[figure.id] = _first_of_pairs(group, ids[figure.id][present])
            chosen = distinct[figure.id]
            weights = None if not figure.value else values[figure.value][present][chosen]
            piece[figure.name] = np.bincount(
                group[chosen], weights=weights, minlength=len(first)
            ).astype(float)
        pieces.append(pd.DataFrame(piece))
    if not pieces:
        return pd.DataFrame(columns=["geo_level", "geo_code", *filters])
    return pd.concat(pieces, ignore_index=True)


def _groups(composite: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """As np.unique(composite, return_index=True, return_inverse=True) without its sort of
    every row: the first row of each distinct value (values in ascending order), and each
    row's group. Hashing the rows, then sorting only the distinct values, is much cheaper."""
    codes, uniques = pd.factorize(composite)
    order = np.argsort(uniques, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    # Codes are numbered in the order values first appear: a row is the first of its value
    # where its code is higher than any before it, and the first rows are in code order.
    seen = np.maximum.accumulate(codes)
    first = np.flatnonzero(codes > np.concatenate([[-1], seen[:-1]]))
    return first[order], rank[codes]


def _first_of_pairs(group: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """The first row of each distinct (group, id) pair."""
    pairs = group.astype(np.int64) * (int(ids.max(initial=0)) + 1) + ids
    return np.flatnonzero(~pd.Series(pairs).duplicated().to_numpy())
