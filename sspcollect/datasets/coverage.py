"""Coverage: which areas the counted returns reach, and `x` (not available) where they do not.

A figure for an area or group that no counted return covers is not available, never 0: a
force area whose own return is not counted has no register figures, and an area with no
counted school return has no school figures. A true zero (returns counted, nothing to count)
stays 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from sspcollect.datasets.ees import NOT_AVAILABLE


def not_available(table: pd.DataFrame, rows: pd.Series, columns: Sequence[str]) -> pd.DataFrame:
    """table with the given columns written as `x` on the chosen rows."""
    marked = table.copy()
    chosen = rows.to_numpy()
    for column in columns:
        marked[column] = marked[column].astype(object)
        marked.loc[chosen, column] = NOT_AVAILABLE
    return marked


def counted_share(counted: float, total: float) -> str:
    """ "1,234 of 2,000 (61.7%)", or "none of 0" when there is nothing to count."""
    if total <= 0:
        return "none of 0"
    return f"{counted:,.0f} of {total:,.0f} ({100 * counted / total:.1f}%)"


@dataclass(frozen=True)
class Coverage:
    """How far the counted returns reach, nationally."""

    schools: int  # schools of the collection
    schools_counted: int  # of them, in force areas whose return is counted
    schools_covered: int  # of those, covered by a partnership
    school_returns_counted: int  # schools whose own return is counted
    forces: int
    uncounted_forces: list[str]  # names of force areas whose return is not counted


def coverage_of(
    population: pd.DataFrame,
    covered_urns: pd.Series,
    answered_urns: pd.Series,
    force_names: pd.Series,
    counted_forces: set[str],
) -> Coverage:
    """National coverage: schools of the collection (population, with force_counted), the
    URNs covered by a counted partnership, the URNs of counted school returns, and the names
    of every force area (by code)."""
    counted = population[population["force_counted"]]
    return Coverage(
        schools=len(population),
        schools_counted=len(counted),
        schools_covered=int(counted["urn"].isin(covered_urns).sum()),
        school_returns_counted=int(population["urn"].isin(answered_urns).sum()),
        forces=len(force_names),
        uncounted_forces=sorted(
            str(name) for code, name in force_names.items() if code not in counted_forces
        ),
    )


def coverage_lines(coverage: Coverage) -> list[str]:
    """The coverage section of the data guidance: what each kind of figure is based on."""
    if not coverage.schools_counted:
        return [
            "No police force return is counted yet, so there are no register figures "
            "(ssp_partnerships, ssp_funding, ssp_police_outcomes): they are shown as x (not "
            "available), never 0.",
            _school_line(coverage),
        ]
    lines = [
        "Register figures (ssp_partnerships, ssp_funding, ssp_police_outcomes) come from the "
        "police force returns that are counted, so they cover only the schools in those force "
        f"areas: {counted_share(coverage.schools_counted, coverage.schools)} schools of the "
        "collection. The percentage of schools covered by a partnership is taken over those "
        "schools only: nationally "
        f"{counted_share(coverage.schools_covered, coverage.schools_counted)} are covered. "
        "It is not taken over all schools, which would count the schools of "
        "uncounted force areas as having no partnership.",
    ]
    if coverage.uncounted_forces:
        lines.append(
            f"The return of {len(coverage.uncounted_forces)} of the {coverage.forces} force "
            "areas is not counted, so their register figures are shown as x (not available), "
            "never 0: " + ", ".join(coverage.uncounted_forces) + "."
        )
    else:
        lines.append(f"The returns of all {coverage.forces} force areas are counted.")
    lines.append(_school_line(coverage))
    return lines


def _school_line(coverage: Coverage) -> str:
    """What the school figures cover."""
    return (
        "School figures (ssp_school_outcomes) come from the schools whose own return is "
        f"counted: {counted_share(coverage.school_returns_counted, coverage.schools)} schools. "
        "An area with none is shown as x. ssp_collection_progress gives, for every area, the "
        "returns expected, submitted and counted, and the share counted (coverage)."
    )
