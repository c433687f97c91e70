"""Built releases kept in each process, keyed on everything a build depends on.

Building a national release takes seconds (aggregation, suppression proven by attack), and the
datasets page, its map and its downloads all show the same build. Reading a collection's
inputs takes a fraction of that, so each request reads them and builds only when they differ
from a build already made: the key is a digest of every input table (returns, answers,
schools, reference data, partnerships, outcomes), the collection's facts, the returns
counted, the disclosure threshold, the published versions the build is protected with, and
the day (the data guidance of an open collection names it), and the files made elsewhere
from the same collection (the effectiveness estimates). Any change to any of them is a
new key, so a kept build is always the one a fresh build would make.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import fields
from threading import Lock

import numpy as np
import pandas as pd
from sqlalchemy import select

from sspcollect.collections.periods import uk_today
from sspcollect.datasets.export import (
    EXTRA_FILES,
    Datasets,
    build_files,
    collection_threshold,
    published_bases,
)
from sspcollect.datasets.queries import Inputs, read_inputs
from sspcollect.db import session
from sspcollect.effects.publication import EffectivenessFile
from sspcollect.models import Collection, Publication

# Builds kept per process: the two choices of returns for the collection being looked at.
KEEP = 2

_kept: OrderedDict[str, Datasets] = OrderedDict()
_lock = Lock()


def built_release(collection: Collection, included: str) -> Datasets:
    """The collection's release counting included, built now or kept from an identical build."""
    threshold = collection_threshold(collection)
    inputs = read_inputs(collection, included)
    versions = tuple(
        (number, str(published_at))
        for number, published_at in session.execute(
            select(Publication.id, Publication.published_at)
            .where(Publication.collection_id == collection.id)
            .order_by(Publication.id)
        )
    )
    extras = [make(collection, threshold) for make in EXTRA_FILES]
    key = fingerprint(inputs, threshold, versions, extras)
    with _lock:
        kept = _kept.get(key)
        if kept is not None:
            _kept.move_to_end(key)
            return kept
    built = build_files(inputs, threshold, None, published_bases(collection), extras)
    with _lock:
        _kept[key] = built
        while len(_kept) > KEEP:
            _kept.popitem(last=False)
    return built


def forget() -> None:
    """Drop every kept build."""
    with _lock:
        _kept.clear()


def fingerprint(
    inputs: Inputs,
    threshold: int,
    versions: tuple[tuple[int, str], ...],
    extras: Sequence[EffectivenessFile] = (),
) -> str:
    """A digest of everything a build of these inputs (and files made elsewhere) depends on."""
    digest = hashlib.sha256()
    digest.update(repr((inputs.collection, inputs.included, threshold, versions)).encode())
    digest.update(uk_today().isoformat().encode())
    for extra in extras:
        digest.update(repr((extra.spec, extra.time_period, extra.guidance)).encode())
        if extra.table is not None:
            digest.update(repr(list(extra.table.columns)).encode())
            digest.update(_hashed(extra.table).tobytes())
    for item in fields(inputs):
        value = getattr(inputs, item.name)
        if isinstance(value, pd.DataFrame):
            digest.update(repr((item.name, list(value.columns), value.dtypes.tolist())).encode())
            digest.update(_hashed(value).tobytes())
    return digest.hexdigest()


def _hashed(frame: pd.DataFrame) -> np.ndarray:
    """One hash per row of frame, over every cell, in order."""
    try:
        return pd.util.hash_pandas_object(frame, index=False).to_numpy()
    except TypeError:
        # Cells holding lists (funding sources): hash their text instead.
        return pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy()
