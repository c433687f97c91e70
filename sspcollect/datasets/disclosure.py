"""Disclosure control for a release: small counts, and what is built on them, are published as `c`.

All publishable tables of a release are protected together, as one linked set of equations
(equations.py): totals along every filter and every level of the geography, and the same
figure wherever it appears in another file. protect_release hides the small counts and the
cells needed beside them (suppression.py), then attacks the result by linear programming
(audit.py) and hides more wherever a hidden cell could still be narrowed too far, until none
can. Each hidden group keeps its reason; report() summarises them for people.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sspcollect.datasets.audit import Audit, Finding, Ranges, attack, attack_size
from sspcollect.datasets.equations import (
    Block,
    Protected,
    SameFigure,
    build_system,
    public_cells,
)
from sspcollect.datasets.suppression import (
    AUDIT,
    CHANGED,
    EARLIER,
    PRIMARY,
    WITH_SET,
    Reason,
    Suppression,
    hide,
    settle,
    suppress,
)

__all__ = ["SUPPRESSED", "Block", "Protected", "SameFigure", "protect_release"]

SUPPRESSED = "c"
# Rounds of "attack, then hide more" before giving up on a pattern (it never takes this many).
MAX_ROUNDS = 50
SMALL, BESIDE, ATTACKED, RELEASED = "small", "beside", "attacked", "released"
REASON_WORDS = {
    SMALL: "small counts and the figures built on them",
    BESIDE: "hidden beside them so that no total or other file gives them away",
    ATTACKED: "added after the attack found a cell that could still be narrowed",
    RELEASED: "hidden because of an earlier published version",
}


@dataclass
class Disclosure:
    """The published tables of a release, with the suppression behind them and its audit."""

    published: dict[str, pd.DataFrame]
    suppression: Suppression
    audit: Audit
    rounds: int
    hidden_cells: dict[str, int]
    reasons: dict[str, Counter[str]]

    @property
    def safe(self) -> bool:
        """True when the attack narrows no hidden cell too far."""
        return not self.audit.findings


def protect_release(
    blocks: Sequence[Block],
    same: Sequence[SameFigure] = (),
    threshold: int = 3,
    hidden: Sequence[tuple[str, str, int, Reason]] = (),
    sensitive: Sequence[tuple[str, str, int, Reason]] = (),
    known: Sequence[tuple[str, str, int]] = (),
) -> Disclosure:
    """Every block with its disclosive cells as `c`, the hidden cells proven safe by attack.

    hidden names groups to hide whatever their values: (block, protected set, row, reason);
    sensitive, groups to hide whose counts must span the threshold like small counts;
    known, cells (block, column, row) that everyone knows already (an earlier version showed
    them), so they are never hidden and the attack takes them as given.
    """
    system = build_system(blocks, same, threshold)
    if threshold <= 1 or not system.units:
        suppression = suppress(system, threshold=1)
        return _result(suppression, Audit(), 0)
    columns = {(system.blocks[c.block].name, c.name): n for n, c in enumerate(system.columns)}
    for block_name, column_name, row in known:
        system.columns[columns[(block_name, column_name)]].known[row] = True
    groups = []
    for block_name, unit_name, row, reason in [*hidden, *sensitive]:
        unit = _unit_index(system.units, system.blocks, block_name, unit_name)
        groups.append((system.unit_offset[unit] + row, reason))
    for block_name, unit_name, row, _reason in sensitive:
        unit = _unit_index(system.units, system.blocks, block_name, unit_name)
        for column in system.columns_of_unit(unit):
            if system.columns[column].integer and not system.columns[column].known[row]:
                system.columns[column].primary[row] = True
    suppression = suppress(system, threshold, groups)
    ranges: Ranges = {}
    audit = attack(suppression, ranges=ranges)
    programmes, rounds = audit.programmes, 0
    while audit.findings and rounds < MAX_ROUNDS:
        rounds += 1
        before = suppression.hidden.copy()
        changed: list[int] = []
        for finding in audit.findings:
            klass = _remedy(suppression, finding)
            if klass is not None:
                changed += hide(suppression, klass, Reason(AUDIT, finding.column, finding.row))
        if not changed:
            break
        settle(suppression, changed)
        around = _cells_of(suppression, np.flatnonzero(suppression.hidden & ~before))
        audit = attack(suppression, around, ranges)
        programmes += audit.programmes
    audit.programmes = programmes
    # Later rounds attack only what changed: count every hidden cell for the summary.
    audit.hidden_cells = attack_size(suppression)
    return _result(suppression, audit, rounds)


def _cells_of(suppression: Suppression, classes: np.ndarray) -> set[tuple[int, int]]:
    """The audited cells of the given classes."""
    system = suppression.system
    found: set[tuple[int, int]] = set()
    unit_columns = [system.columns_of_unit(unit) for unit in range(len(system.units))]
    for klass in classes.tolist():
        for group in suppression.members[klass]:
            unit = int(np.searchsorted(system.unit_offset, group, side="right")) - 1
            row = group - system.unit_offset[unit]
            found.update((column, row) for column in unit_columns[unit])
    return found


def _remedy(suppression: Suppression, finding: Finding) -> int | None:
    """The class to hide for a cell the attack narrowed: the smallest shown cell beside it.

    When every cell of its own equations is hidden already, the narrowing comes through the
    hidden cells beside it, so look one equation further out, and so on, until a shown cell
    turns up or the block has nothing left to hide.
    """
    system = suppression.system
    column = finding.column
    block = system.columns[column].block
    values = suppression.values[column]
    seen = {finding.row}
    frontier = [finding.row]
    while frontier:
        candidates: list[tuple[int, float, int]] = []
        further: list[int] = []
        for hidden_row in frontier:
            for equation in system.memberships[block][hidden_row]:
                rows = system.equations[block][equation][1]
                for position, row in enumerate(rows):
                    if suppression.known[column][row]:
                        continue
                    if suppression.cell_hidden(column, row):
                        if row not in seen:
                            seen.add(row)
                            further.append(row)
                        continue
                    # Non-zero parts first, smallest first; a total only when no part will do.
                    rank = 0 if position > 0 and values[row] > 0 else 1 if position == 0 else 2
                    candidates.append((rank, values[row], row))
        if candidates:
            _rank, _value, row = min(candidates)
            return int(suppression.klass[system.group(column, row)])
        frontier = further
    return None


def _unit_index(
    units: list[tuple[int, Protected]], blocks: list[Block], block: str, unit: str
) -> int:
    """The position of a protected set, by its file and name."""
    for index, (number, protected) in enumerate(units):
        if blocks[number].name == block and protected.name == unit:
            return index
    raise KeyError(f"{block} has no protected set {unit}")


def _result(suppression: Suppression, audit: Audit, rounds: int) -> Disclosure:
    """The published tables and the counts of hidden cells by file and reason."""
    system = suppression.system
    published: dict[str, pd.DataFrame] = {}
    hidden_cells: dict[str, int] = {}
    reasons: dict[str, Counter[str]] = {}
    for number, block in enumerate(system.blocks):
        table = block.table.copy()
        masks: dict[str, np.ndarray] = {}
        counter: Counter[str] = Counter()
        for unit_index, (owner, unit) in enumerate(system.units):
            if owner != number:
                continue
            groups = system.unit_offset[unit_index] + np.arange(len(table))
            hidden = suppression.hidden[suppression.klass[groups]]
            kinds = [_kind(suppression.reasons.get(int(k))) for k in suppression.klass[groups]]
            for column in (*unit.audited, *unit.figures):
                mask = hidden & ~public_cells(table, unit, column)
                masks[column] = masks.get(column, np.zeros(len(table), dtype=bool)) | mask
                counter.update(kinds[row] for row in np.flatnonzero(mask).tolist())
        for column, mask in masks.items():
            table[column] = table[column].astype(object).where(~mask, SUPPRESSED)
        published[block.name] = table
        hidden_cells[block.name] = int(sum(mask.sum() for mask in masks.values()))
        reasons[block.name] = counter
    return Disclosure(published, suppression, audit, rounds, hidden_cells, reasons)


def _kind(reason: Reason | None) -> str:
    """The report's heading for a reason: small, beside a small one, after the attack, earlier."""
    if reason is None:
        return SMALL
    rule = reason.origin if reason.rule == WITH_SET and reason.origin else reason.rule
    return {PRIMARY: SMALL, AUDIT: ATTACKED, EARLIER: RELEASED, CHANGED: RELEASED}.get(rule, BESIDE)


def report_lines(disclosure: Disclosure, threshold: int) -> list[str]:
    """A short disclosure report for people: what is hidden in each file, why, and the attack."""
    if threshold <= 1:
        return ["Disclosure control is off (threshold 1): nothing is hidden. Do not publish."]
    total = sum(disclosure.hidden_cells.values())
    lines = [f"Disclosure control, threshold {threshold}: {total:,} cells hidden (shown as c)."]
    for name, count in disclosure.hidden_cells.items():
        if not count:
            lines.append(f"- {name}.csv: nothing hidden.")
            continue
        reasons = disclosure.reasons[name]
        parts = [
            f"{reasons[kind]:,} {words}" for kind, words in REASON_WORDS.items() if reasons[kind]
        ]
        lines.append(f"- {name}.csv: {count:,} hidden: " + "; ".join(parts) + ".")
    audit = disclosure.audit
    if disclosure.safe:
        lines.append(
            f"Attack: each hidden cell's smallest and largest possible value was worked out by "
            f"linear programming over every published equation ({audit.programmes:,} "
            f"programmes). No hidden cell can be worked out, and every small count could be "
            f"anything over a range of at least {threshold} (or, under a public total smaller "
            "than that, anything up to it)."
        )
    else:
        lines.append(
            f"Attack: {len(audit.findings):,} hidden cells could still be narrowed too far. "
            "Do not publish these files."
        )
    return lines


def apply_disclosure_control(
    table: pd.DataFrame,
    protected: Sequence[Protected],
    filters: Sequence[str],
    threshold: int,
) -> pd.DataFrame:
    """One table on its own, protected as a release of one file (see protect_release)."""
    if table.empty or not protected:
        return table.copy()
    block = Block("table", table, tuple(filters), tuple(protected))
    return protect_release([block], threshold=threshold).published["table"]


def disclosure_log(disclosure: Disclosure) -> pd.DataFrame:
    """Why each hidden group is hidden: one row per file, row and protected set.

    rule is primary (a small count in `column`), secondary (beside another hidden cell in the
    equation of `column` whose total is the row `total_row`, along `dimension`), audit (the
    attack could narrow the cell in `column` on `total_row`), with its set, or because of an
    earlier published version. Never published: it tells small counts from their partners.
    """
    suppression = disclosure.suppression
    system = suppression.system
    rows = []
    for unit_index, (number, unit) in enumerate(system.units):
        block = system.blocks[number]
        offset = system.unit_offset[unit_index]
        keys = block.table[["geo_level", "geo_code", *block.filters]]
        for row in np.flatnonzero(
            suppression.hidden[suppression.klass[offset + np.arange(len(keys))]]
        ):
            reason = suppression.reasons.get(int(suppression.klass[offset + row]))
            column = None if reason is None or reason.column is None else reason.column
            rows.append(
                {
                    "file": block.name,
                    **keys.iloc[int(row)].to_dict(),
                    "protected": unit.name,
                    "rule": reason.rule if reason else PRIMARY,
                    "because_of": reason.origin if reason else None,
                    "column": system.columns[column].name if column is not None else None,
                    "dimension": reason.dimension if reason else None,
                    "total_row": reason.row if reason else None,
                }
            )
    return pd.DataFrame(rows)
