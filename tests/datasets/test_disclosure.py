"""Disclosure control: small counts are hidden; no hidden cell can be worked back from totals."""

from __future__ import annotations

import itertools
from collections import defaultdict

import pandas as pd
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from sspcollect.datasets.cube import TOTAL
from sspcollect.datasets.disclosure import SUPPRESSED, Protected, apply_disclosure_control
from sspcollect.datasets.export import build_national
from tests.datasets import attacker
from tests.datasets.factories import build_synthetic_collection
from tests.datasets.independent import read_csv

COUNT = Protected("things", ("thing_count",), ("thing_rate",))
# Counts of schools in an area, and of schools whose return is counted, are public.
PUBLIC = {
    "ssp_partnerships": ("school_count", "schools_counted_count"),
    "ssp_school_outcomes": ("school_count",),
}


def additive_table(
    regions: list[int], filters: dict[str, list[str]], leaves: dict[tuple[object, ...], int]
) -> pd.DataFrame:
    """A table whose every total is the sum of its parts, along each filter and the geography.

    regions gives the number of local authorities in each region, below one national area;
    leaves the count of each (local authority, filter item, …), zero where not given.
    """
    tree: dict[str, str | None] = {"N": None}
    las: dict[str, list[str]] = {"N": []}
    for region, size in enumerate(regions):
        code = f"R{region}"
        tree[code] = "N"
        las[code] = [f"{code}L{la}" for la in range(size)]
        las["N"] += las[code]
        for la in las[code]:
            tree[la] = code
            las[la] = [la]
    names = list(filters)
    rows = []
    for area, parent in tree.items():
        for items in itertools.product(*([TOTAL, *filters[name]] for name in names)):
            count = 0
            for la in las[area]:
                for leaf in itertools.product(*(filters[name] for name in names)):
                    if all(want in (TOTAL, got) for want, got in zip(items, leaf, strict=True)):
                        count += leaves.get((la, *leaf), 0)
            row = {"geo_code": area, "geo_parent": parent, "thing_count": float(count)}
            row.update(dict(zip(names, items, strict=True)))
            row["thing_rate"] = count / 7
            rows.append(row)
    return pd.DataFrame(rows)


def totals_and_parts(table: pd.DataFrame, filters: list[str]) -> list[list[int]]:
    """Each total with its parts (row positions), found with plain loops."""
    groups: dict[tuple[object, ...], list[int]] = defaultdict(list)
    totals: dict[tuple[object, ...], int] = {}
    records = table.to_dict("records")
    for index, row in enumerate(records):
        for name in filters:
            others = tuple(row[f] for f in filters if f != name)
            key = (name, row["geo_code"], others)
            if row[name] == TOTAL:
                totals[key] = index
            else:
                groups[key].append(index)
        key = ("geography", row["geo_code"], tuple(row[f] for f in filters))
        totals[key] = index
        if row["geo_parent"] is not None:
            groups[("geography", row["geo_parent"], tuple(row[f] for f in filters))].append(index)
    return [[totals[key], *parts] for key, parts in groups.items() if key in totals]


@st.composite
def tables(draw: st.DrawFn) -> tuple[pd.DataFrame, list[str], int]:
    """A random additive table, its filters and a threshold."""
    regions = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
    filter_count = draw(st.integers(1, 2))
    filters = {
        f"filter_{n}": [f"item {i}" for i in range(draw(st.integers(1, 3)))]
        for n in range(filter_count)
    }
    la_codes = [f"R{r}L{la}" for r, size in enumerate(regions) for la in range(size)]
    cells = [
        (la, *items)
        for la in la_codes
        for items in itertools.product(*(filters[name] for name in filters))
    ]
    counts = draw(
        st.lists(
            st.one_of(st.just(0), st.integers(1, 3), st.integers(4, 12)),
            min_size=len(cells),
            max_size=len(cells),
        )
    )
    threshold = draw(st.integers(2, 5))
    leaves = dict(zip(cells, counts, strict=True))
    return additive_table(regions, filters, leaves), list(filters), threshold


@settings(max_examples=200, deadline=None)
@given(tables())
def test_no_small_count_is_published_and_no_hidden_cell_can_be_worked_back(
    generated: tuple[pd.DataFrame, list[str], int],
) -> None:
    """Counts of 1 to threshold - 1 are hidden; every total hides none or at least two cells."""
    table, filters, threshold = generated
    published = apply_disclosure_control(table, [COUNT], filters, threshold)
    counts = published["thing_count"].tolist()
    for value in counts:
        assert value == SUPPRESSED or value == 0 or value >= threshold
    for group in totals_and_parts(table, filters):
        hidden = [index for index in group if counts[index] == SUPPRESSED]
        assert len(hidden) != 1, (group, [table["thing_count"][i] for i in group])
        if not hidden:
            assert counts[group[0]] == sum(counts[index] for index in group[1:])


@settings(max_examples=100, deadline=None)
@given(tables())
def test_shown_figures_are_unchanged_and_rates_hide_with_their_counts(
    generated: tuple[pd.DataFrame, list[str], int],
) -> None:
    """Disclosure control hides cells, never alters one; a rate is hidden with its count."""
    table, filters, threshold = generated
    published = apply_disclosure_control(table, [COUNT], filters, threshold)
    for before, after, rate in zip(
        table["thing_count"], published["thing_count"], published["thing_rate"], strict=True
    ):
        if after == SUPPRESSED:
            assert rate == SUPPRESSED
        else:
            assert after == before
            assert rate == before / 7


def _one_filter_table(counts: dict[str, int]) -> pd.DataFrame:
    """One area, one filter with the given item counts and their Total."""
    return additive_table([1], {"model": list(counts)}, {("R0L0", k): v for k, v in counts.items()})


def test_a_count_below_the_threshold_is_hidden_with_its_rate_and_a_second_cell() -> None:
    """A count of 2 is hidden; so is the next smallest part, so 2 cannot be worked back."""
    table = _one_filter_table({"a": 2, "b": 5, "c": 9})
    published = apply_disclosure_control(table, [COUNT], ["model"], 3)
    national = published[published["geo_code"] == "N"].set_index("model")
    assert national.loc["a", "thing_count"] == SUPPRESSED
    assert national.loc["a", "thing_rate"] == SUPPRESSED
    assert national.loc["b", "thing_count"] == SUPPRESSED
    assert national.loc["c", "thing_count"] == 9
    assert national.loc[TOTAL, "thing_count"] == 16


def test_counts_of_zero_and_at_the_threshold_are_shown() -> None:
    """Nothing is hidden when every count is zero or at least the threshold."""
    table = _one_filter_table({"a": 0, "b": 3, "c": 4})
    published = apply_disclosure_control(table, [COUNT], ["model"], 3)
    assert SUPPRESSED not in published["thing_count"].tolist()
    assert published["thing_count"].tolist() == table["thing_count"].tolist()


def test_a_hidden_area_hides_its_only_sibling_or_its_parent() -> None:
    """Along the geography too: a region with one local authority hides with it."""
    table = additive_table([1, 2], {"model": ["a"]}, {("R0L0", "a"): 1, ("R1L0", "a"): 6})
    published = apply_disclosure_control(table, [COUNT], ["model"], 3)
    shown = published.set_index(["geo_code", "model"])["thing_count"]
    assert shown[("R0L0", "a")] == SUPPRESSED
    assert shown[("R0", "a")] == SUPPRESSED
    assert shown[("R1", "a")] == SUPPRESSED
    assert shown[("N", "a")] == 7


def test_a_protected_set_inherits_what_another_hides() -> None:
    """Figures about the schools of a hidden group of schools are hidden too."""
    table = _one_filter_table({"a": 2, "b": 5, "c": 9})
    table["event_count"] = 10.0
    events = Protected("events", ("event_count",), (), ("things",))
    published = apply_disclosure_control(table, [COUNT, events], ["model"], 3)
    hidden = published["thing_count"] == SUPPRESSED
    assert (published.loc[hidden, "event_count"] == SUPPRESSED).all()
    assert (published.loc[~hidden, "event_count"] == 10.0).all()


def test_the_threshold_comes_from_configuration(app: Flask) -> None:
    """DISCLOSURE_THRESHOLD sets what counts as small: with 5, no count from 1 to 4 is shown."""
    app.config["DISCLOSURE_THRESHOLD"] = 5
    built = build_synthetic_collection()
    datasets = build_national(built.collection)
    assert datasets.threshold == 5
    assert (
        b"count from 1 to 4 (below the threshold of 5)" in datasets.files["ssp_data_guidance.txt"]
    )
    for name in ("ssp_partnerships", "ssp_school_outcomes", "ssp_police_outcomes", "ssp_funding"):
        for row in read_csv(datasets.files[f"{name}.csv"]):
            for column, value in row.items():
                if column in PUBLIC.get(name, ()) and row.get("ssp_status", "Total") == "Total":
                    continue
                if column.endswith("_count") and value not in ("c", "x", "z"):
                    assert not 0 < float(value) < 5, (name, column, row)


def _release(table: pd.DataFrame, published: pd.DataFrame, filters: list[str]) -> attacker.Release:
    """A published single-file table as the attacker sees it, with its totals and parts."""
    release = attacker.Release()
    cells = [
        ("t", row["geo_code"], tuple(row[f] for f in filters), "thing_count")
        for row in table.to_dict("records")
    ]
    for cell, value in zip(cells, published["thing_count"], strict=True):
        if value == SUPPRESSED:
            release.hidden.add(cell)
        else:
            release.known[cell] = float(value)
    for group in totals_and_parts(table, filters):
        release.equal.append((cells[group[0]], [cells[index] for index in group[1:]]))
    return release


@settings(max_examples=60, deadline=None)
@given(tables())
def test_no_attack_recovers_a_hidden_cell_of_a_random_table(
    generated: tuple[pd.DataFrame, list[str], int],
) -> None:
    """Random tables with random zeros: subtraction, linear algebra and linear programming
    recover no hidden cell, and each small count could be anything over the threshold."""
    table, filters, threshold = generated
    published = apply_disclosure_control(table, [COUNT], filters, threshold)
    release = _release(table, published, filters)
    result = attacker.attack(release, wide=threshold)
    assert result.subtraction == {}
    assert result.algebra == set()
    values = {
        ("t", row["geo_code"], tuple(row[f] for f in filters), "thing_count"): row["thing_count"]
        for row in table.to_dict("records")
    }
    for cell, (lower, upper) in result.ranges.items():
        assert upper - lower >= 1 - 1e-6, (cell, lower, upper)
        if 0 < values[cell] < threshold:
            assert upper - lower >= threshold - 1e-6, (cell, lower, upper)
