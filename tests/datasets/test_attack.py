"""Attacking the published files: no hidden cell can be worked back, at national scale or in the
demo, and the three ways the audit of an earlier export recovered cells no longer work.

The attacker (attacker.py) sees only the CSV files and public reference data.
"""

from __future__ import annotations

import pandas as pd
import pytest
from flask import Flask
from sqlalchemy import select

from sspcollect.datasets.cube import TOTAL
from sspcollect.datasets.disclosure import Block, Protected, protect_release
from sspcollect.datasets.export import build_files, build_national
from sspcollect.db import session
from sspcollect.demo import load_demo
from sspcollect.models import Collection, LocalAuthority
from tests.datasets import attacker
from tests.datasets.national import national_inputs

THRESHOLD = 3
EVENTS = Protected("events", ("event_count",))


def la_forces() -> dict[str, str]:
    """The public list of which force area each local authority lies in."""
    return dict(session.execute(select(LocalAuthority.code, LocalAuthority.force_area_code)).all())


def reference_la_forces() -> dict[str, str]:
    """The same list from the reference tables, for attacks that need no database."""
    from sspcollect.reference.tables import LOCAL_AUTHORITIES

    return {la.code: la.force_area_code for la in LOCAL_AUTHORITIES}


def assert_nothing_recovered(
    result: attacker.Result, release: attacker.Release, truth: attacker.Release | None = None
) -> None:
    """No attack fixes a hidden cell; every small count keeps a range of the threshold.

    truth (the same files built without suppression) says which hidden cells are small
    counts; without it every hidden count is held to the threshold.
    """
    assert result.subtraction == {}, sorted(result.subtraction.items())[:5]
    assert result.algebra == set(), sorted(result.algebra)[:5]
    narrow = []
    for cell, (lower, upper) in result.ranges.items():
        count = cell[3] != "officer_fte"
        value = truth.known.get(cell) if truth else None
        small = value is None or 0 < value < THRESHOLD
        if upper - lower < (1.0 if count else 0.1) - 1e-6 or (
            count
            and small
            and upper - lower < THRESHOLD - 1e-6
            # A small count may be narrower only where a public total is smaller still.
            and not _under_small_public_total(cell, release, upper - lower)
        ):
            narrow.append((cell, lower, upper))
    assert narrow == [], narrow[:5]


def _under_small_public_total(cell: attacker.Cell, release: attacker.Release, width: float) -> bool:
    """True when the cell is a part of a shown total smaller than the threshold, and the cell
    can still be anything from 0 to that total."""
    return any(
        cell in parts
        and total in release.known
        and release.known[total] < THRESHOLD
        and width >= release.known[total] - 1e-6
        for total, parts in release.equal
    )


def test_a_national_export_gives_nothing_away_to_any_attack() -> None:
    """26,000 schools, 5,000 partnerships, 28 of 43 force returns counted: nothing recovered."""
    inputs = national_inputs()
    built = build_files(inputs, THRESHOLD)
    assert built.disclosure.safe
    release = attacker.load(built.files, reference_la_forces())
    assert len(release.hidden) > 2000
    truth = attacker.load(build_files(inputs, 1).files, reference_la_forces())
    assert_nothing_recovered(attacker.attack(release, wide=THRESHOLD), release, truth)


def test_the_demo_export_gives_nothing_away_to_any_attack(app: Flask) -> None:
    """The demo's closed collection, as exported, survives every attack."""
    load_demo()
    collection = session.scalars(select(Collection).where(Collection.status == "closed")).first()
    assert collection is not None
    built = build_national(collection)
    release = attacker.load(built.files, la_forces())
    assert release.hidden
    truth = attacker.load(build_national(collection, threshold=1).files, la_forces())
    assert_nothing_recovered(attacker.attack(release, wide=THRESHOLD), release, truth)


# The three ways the audit of an earlier export recovered cells, each rebuilt as a small table.


def _table(rows: list[tuple[str, str | None, str, float]]) -> pd.DataFrame:
    """A table of (area, area above, model, count) rows."""
    return pd.DataFrame(
        [
            {"geo_level": "x", "geo_code": a, "geo_parent": p, "ssp_model": m, "event_count": v}
            for a, p, m, v in rows
        ]
    )


def _files(table: pd.DataFrame, published: pd.DataFrame) -> attacker.Release:
    """The published table as the attacker reads it: cells, totals along model and geography."""
    release = attacker.Release()
    keys = set(zip(table["geo_code"], table["ssp_model"], strict=True))
    up = dict(zip(table["geo_code"], table["geo_parent"], strict=True))
    for code, model, value in zip(
        published["geo_code"], published["ssp_model"], published["event_count"], strict=True
    ):
        cell = ("t", code, (model,), "event_count")
        if value == "c":
            release.hidden.add(cell)
        else:
            release.known[cell] = float(value)
    for code, model in keys:
        if model != TOTAL:
            parts = [("t", code, (m,), "event_count") for c, m in keys if c == code and m != TOTAL]
            release.equal.append((("t", code, (TOTAL,), "event_count"), sorted(set(parts))))
        children = [
            ("t", c, (model,), "event_count") for c, m in keys if up[c] == code and m == model
        ]
        if children:
            release.equal.append((("t", code, (model,), "event_count"), sorted(children)))
    release.equal = list({(t, tuple(p)): (t, p) for t, p in release.equal}.values())
    return release


def _protected(table: pd.DataFrame) -> pd.DataFrame:
    """The table after disclosure control."""
    block = Block("t", table, ("ssp_model",), (EVENTS,))
    return protect_release([block], threshold=THRESHOLD).published["t"]


def _naive(table: pd.DataFrame, hidden: set[tuple[str, str]]) -> pd.DataFrame:
    """The table with the given (area, model) cells hidden, as the earlier export hid them."""
    published = table.copy()
    published["event_count"] = published["event_count"].astype(object)
    for index, (code, model) in enumerate(zip(table["geo_code"], table["ssp_model"], strict=True)):
        if (code, model) in hidden:
            published.loc[index, "event_count"] = "c"
    return published


def _areas(
    parent: str | None, code: str, models: dict[str, float]
) -> list[tuple[str, str | None, str, float]]:
    """Rows for one area: each model and the Total."""
    rows = [(code, parent, model, value) for model, value in models.items()]
    return [*rows, (code, parent, TOTAL, sum(models.values()))]


def _sum(*parts: dict[str, float]) -> dict[str, float]:
    """Models added up over areas."""
    return {model: sum(part[model] for part in parts) for model in parts[0]}


def test_two_step_geography_no_longer_gives_away_a_small_count() -> None:
    """East of England = Cambridgeshire 3 + Norfolk c + Suffolk 3 + Hertfordshire c, and
    Hertfordshire's models gave its cluster cell as 0, so Norfolk was 1. Not any more."""
    counts = {
        "Cambridgeshire": {"cluster": 3, "school": 5, "team": 4, "other": 6},
        "Norfolk": {"cluster": 1, "school": 6, "team": 5, "other": 4},
        "Suffolk": {"cluster": 3, "school": 4, "team": 6, "other": 5},
        "Hertfordshire": {"cluster": 0, "school": 4, "team": 0, "other": 3},
    }
    rows = _areas(None, "East", _sum(*counts.values()))
    for name, models in counts.items():
        rows += _areas("East", name, models)
    table = _table(rows)
    naive = _naive(
        table,
        {
            ("Norfolk", "cluster"),
            ("Hertfordshire", "cluster"),
            ("Norfolk", "team"),
            ("Hertfordshire", "team"),
        },
    )
    recovered = attacker.attack(_files(table, naive))
    # Hertfordshire's two hidden cells add up to 0, so both are 0, so Norfolk's is 1.
    assert recovered.ranges[("t", "Norfolk", ("cluster",), "event_count")] == (1.0, 1.0)
    release = _files(table, _protected(table))
    assert_nothing_recovered(attacker.attack(release), release)


def test_a_zero_total_no_longer_gives_away_its_partner() -> None:
    """City of London's total is 0, so a hidden part of it was 0 and London = Metropolitan c +
    City 0 gave the Metropolitan cell. A zero is never chosen as the partner now."""
    met = {"cluster": 1, "school": 60, "team": 41}
    city = {"cluster": 0, "school": 0, "team": 0}
    rows = _areas(None, "London", _sum(met, city)) + _areas("London", "Met", met)
    rows += _areas("London", "City", city)
    table = _table(rows)
    naive = _naive(
        table, {("Met", "cluster"), ("Met", "team"), ("City", "cluster"), ("City", "team")}
    )
    recovered = attacker.attack(_files(table, naive))
    # City's hidden parts add up to its total, 0, so both are 0, so the Met's cell is 1.
    assert recovered.ranges[("t", "Met", ("cluster",), "event_count")] == (1.0, 1.0)
    published = _protected(table)
    city_hidden = published[(published["geo_code"] == "City") & (published["event_count"] == "c")]
    assert city_hidden.empty
    release = _files(table, published)
    assert_nothing_recovered(attacker.attack(release), release)


def test_a_chain_of_equations_no_longer_gives_away_a_small_count() -> None:
    """Every equation hid two cells or more, yet a chain of model and geography equations
    across four areas (two closed loops joined by one cell) fixed a count of 1. Solving the
    equations together recovers nothing now."""
    areas = {
        "Lancashire": {"p": 4, "q": 5, "r": 1, "s": 6},
        "Cumbria": {"p": 6, "q": 4, "r": 7, "s": 5},
        "Cheshire": {"p": 5, "q": 7, "r": 4, "s": 3},
        "Merseyside": {"p": 8, "q": 6, "r": 5, "s": 4},
    }
    rows = _areas(None, "North West", _sum(*areas.values()))
    for name, models in areas.items():
        rows += _areas("North West", name, models)
    table = _table(rows)
    loops = {("Lancashire", "p"), ("Lancashire", "q"), ("Cumbria", "p"), ("Cumbria", "q")}
    loops |= {("Cheshire", "r"), ("Cheshire", "s"), ("Merseyside", "r"), ("Merseyside", "s")}
    naive = _naive(table, loops | {("Lancashire", "r")})
    recovered = attacker.attack(_files(table, naive))
    assert ("t", "Lancashire", ("r",), "event_count") in recovered.algebra
    release = _files(table, _protected(table))
    assert_nothing_recovered(attacker.attack(release), release)


@pytest.mark.parametrize("seed", range(3))
def test_random_small_tables_give_nothing_away(seed: int) -> None:
    """Random tables with random zeros: the attacker recovers nothing."""
    import random

    rng = random.Random(seed)
    rows: list[tuple[str, str | None, str, float]] = []
    regions = {}
    for region in ("R1", "R2"):
        areas = {
            f"{region}A{n}": {m: rng.choice((0, 0, 1, 2, 3, 5, 8)) for m in "pqr"} for n in range(3)
        }
        for name, models in areas.items():
            rows += _areas(region, name, models)
        regions[region] = _sum(*areas.values())
        rows += _areas("N", region, regions[region])
    rows += _areas(None, "N", _sum(*regions.values()))
    table = _table(rows)
    release = _files(table, _protected(table))
    assert_nothing_recovered(attacker.attack(release), release)
