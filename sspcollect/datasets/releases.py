"""Releases that cannot be differenced: every build is protected jointly with the published ones.

Every published version of a collection stays downloadable, so anyone can subtract one from
another. Each publication keeps its basis (never published): for every protected file, the
true value of each audited cell and which protected sets were hidden on each row. A later
build (a new version, or files downloaded or exported after the first publication) reads the
bases of every earlier version and, for each of them:

- hides every group that version hid, so no hidden figure comes out later;
- hides every group whose figures changed since, when the change comes from fewer returns
  than the threshold (its count of schools or partnerships moved by less than that): the
  difference would isolate them. Its counts must then span the threshold, like small counts;
- treats each figure that version showed as known to everyone wherever nothing in its area
  has changed, so the attack and the choice of cells to hide beside others take it as given.

Together with the attack over the whole release this keeps any difference between two
versions from isolating fewer returns than the threshold.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sspcollect.datasets.disclosure import Disclosure, disclosure_log
from sspcollect.datasets.equations import Block, Protected
from sspcollect.datasets.suppression import CHANGED, EARLIER, Reason

Basis = dict[str, pd.DataFrame]
LOG_FILE = "hidden_cells_log.csv"


@dataclass
class Earlier:
    """What earlier published versions impose on a build."""

    hidden: list[tuple[str, str, int, Reason]] = field(default_factory=list)
    changed: list[tuple[str, str, int, Reason]] = field(default_factory=list)
    known: list[tuple[str, str, int]] = field(default_factory=list)  # block, column, row


def basis_archive(disclosure: Disclosure) -> bytes:
    """The basis of a build: per protected file, its keys, true values and hidden sets."""
    system = disclosure.suppression.system
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, block in enumerate(system.blocks):
            frame = block.table[_keys(block)].copy()
            for unit_index, (owner, unit) in enumerate(system.units):
                if owner != number:
                    continue
                for column in unit.audited:
                    frame[column] = pd.to_numeric(block.table[column], errors="coerce")
                groups = system.unit_offset[unit_index] + np.arange(len(frame))
                hidden = disclosure.suppression.hidden[disclosure.suppression.klass[groups]]
                frame[f"hidden_{unit.name}"] = hidden.astype(int)
            text = frame.to_csv(index=False, lineterminator="\n")
            archive.writestr(f"{block.name}.csv", text)
        # Why each group is hidden, kept with the basis (never published).
        log = disclosure_log(disclosure).to_csv(index=False, lineterminator="\n")
        archive.writestr(LOG_FILE, log)
    return buffer.getvalue()


def read_basis(archive: bytes) -> Basis:
    """The frames of a stored basis, by file name."""
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return {
            name.removesuffix(".csv"): pd.read_csv(
                io.BytesIO(opened.read(name)),
                dtype={"geo_code": str},
                keep_default_na=False,
                na_values=[""],
            )
            for name in opened.namelist()
            if name != LOG_FILE
        }


def earlier_versions(blocks: Sequence[Block], bases: Sequence[Basis], threshold: int) -> Earlier:
    """Groups to hide and cells known to everyone because of the published bases."""
    earlier = Earlier()
    for version, basis in enumerate(bases, start=1):
        matched = {block.name: _matched(block, basis) for block in blocks if block.name in basis}
        moved = _changed_areas(blocks, matched)
        for block in blocks:
            if block.name in matched:
                _constrain(earlier, block, matched[block.name], moved, threshold, version)
    return earlier


def _keys(block: Block) -> list[str]:
    """The columns that identify a row of a block."""
    return ["geo_level", "geo_code", *block.filters]


def _matched(block: Block, basis: Basis) -> pd.DataFrame:
    """The block's rows with the earlier version's values beside them (NaN where it had none)."""
    keys = _keys(block)
    current = block.table[keys].astype({"geo_code": str}).reset_index(drop=True)
    old = basis[block.name].astype({"geo_code": str})
    old = old.rename(columns={c: f"old_{c}" for c in old.columns if c not in keys})
    return current.merge(old, on=keys, how="left", validate="one_to_one")


def _changed_areas(blocks: Sequence[Block], matched: dict[str, pd.DataFrame]) -> set[str]:
    """Areas where any audited figure changed since the earlier version (or is new)."""
    moved: set[str] = set()
    for block in blocks:
        frame = matched.get(block.name)
        if frame is None:
            continue
        for unit in block.protected:
            for column in unit.audited:
                now = pd.to_numeric(block.table[column], errors="coerce").fillna(0).to_numpy()
                before = frame[f"old_{column}"].to_numpy(dtype=float)
                differ = np.isnan(before) | (np.abs(now - np.nan_to_num(before)) > 1e-9)
                moved.update(frame.loc[differ, "geo_code"].tolist())
    return moved


def _constrain(
    earlier: Earlier,
    block: Block,
    frame: pd.DataFrame,
    moved: set[str],
    threshold: int,
    version: int,
) -> None:
    """Add what one earlier version imposes on one block."""
    by_name = {unit.name: unit for unit in block.protected}
    present = frame[f"old_hidden_{block.protected[0].name}"].notna().to_numpy()
    unmoved = ~frame["geo_code"].isin(moved).to_numpy()
    for unit in block.protected:
        was_hidden = (frame[f"old_hidden_{unit.name}"].fillna(0) == 1).to_numpy()
        reason = Reason(EARLIER, origin=f"version {version}")
        earlier.hidden += [
            (block.name, unit.name, int(r), reason) for r in np.flatnonzero(was_hidden)
        ]
        changed = np.zeros(len(frame), dtype=bool)
        for column in unit.audited:
            changed |= _difference(block, frame, column) > 1e-9
        units = _difference(block, frame, _unit_column(unit, by_name))
        isolating = present & ~was_hidden & changed & (units < threshold)
        reason = Reason(CHANGED, origin=f"version {version}")
        earlier.changed += [
            (block.name, unit.name, int(r), reason) for r in np.flatnonzero(isolating)
        ]
        shown = present & ~was_hidden & unmoved
        for column in unit.audited:
            earlier.known += [(block.name, column, int(r)) for r in np.flatnonzero(shown)]


def _difference(block: Block, frame: pd.DataFrame, column: str) -> np.ndarray:
    """How far a column moved since the earlier version, row by row (0 where it has no row)."""
    now = pd.to_numeric(block.table[column], errors="coerce").fillna(0).to_numpy()
    before = frame[f"old_{column}"].fillna(0).to_numpy(dtype=float)
    return np.abs(now - before)


def _unit_column(unit: Protected, by_name: dict[str, Protected]) -> str:
    """The count of the things a set describes (schools, partnerships): its leader's first."""
    leader = by_name[unit.after[0]] if unit.after else unit
    return leader.counts[0]
