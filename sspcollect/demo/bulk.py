"""Bulk writing for the national demo: multi-row INSERTs and UPDATEs in chunks, never row by row."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import Table, bindparam, insert, update

from sspcollect.db import session

CHUNK = 5_000
T = TypeVar("T")


def insert_rows(model: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows into model's table with Core (no ORM bookkeeping), CHUNK rows a statement."""
    statement = insert(cast(Table, model.__table__))
    for start in range(0, len(rows), CHUNK):
        session.execute(statement, rows[start : start + CHUNK])


def update_rows(model: Any, rows: Sequence[dict[str, Any]], key: str = "row_id") -> None:
    """Update model's table by primary key `id`, given as key in each row (all with the same keys).

    Core executemany: the ORM's bulk UPDATE refuses a mapper with a version counter.
    """
    table = cast(Table, model.__table__)
    statement = update(table).where(table.c.id == bindparam(key))
    for start in range(0, len(rows), CHUNK):
        session.execute(statement, rows[start : start + CHUNK])


def shares(total: int, weights: Sequence[float]) -> list[int]:
    """Split total in proportion to weights (largest remainders), summing to total exactly."""
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def dealt(total: int, mix: Sequence[tuple[T, float]], rng: random.Random) -> list[T]:
    """total items in the proportions of mix, exactly (not just on average), shuffled."""
    items = [
        item
        for (item, _), count in zip(mix, shares(total, [w for _, w in mix]), strict=True)
        for _ in range(count)
    ]
    rng.shuffle(items)
    return items
