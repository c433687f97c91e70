"""The panel built from the database: coverage by the written rule, outcomes, one query a table."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from sspcollect.datasets import queries as queries_module
from sspcollect.db import session
from sspcollect.effects import panel as panel_module
from sspcollect.effects import plan
from sspcollect.effects.analysis import NATIONAL, analyse
from sspcollect.effects.panel import PanelError, build_panel
from sspcollect.effects.plan import Group
from sspcollect.models import CollectionStatus
from tests.effects.factories import EFFECT, History, build_history
from tests.sql import statements


@pytest.fixture
def history(app: Flask) -> History:
    """Four closed collections with the planted effect."""
    return build_history()


def test_panel_is_built_with_one_query_per_table(
    app: Flask, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Collections, then returns, force returns, answers, registers, links, schools, LAs, forces.

    On PostgreSQL the tables are read with COPY through the driver, which SQLAlchemy does not
    see, so the tables read are counted at the reader too.
    """
    tables: list[str] = []
    reader = panel_module.read_frame

    def counting(statement: Any, columns: Any) -> Any:
        tables.append(str(statement))
        return reader(statement, columns)

    monkeypatch.setattr(panel_module, "read_frame", counting)
    # The links are read by a query the datasets share, through their own reader.
    monkeypatch.setattr(queries_module, "_frame", counting)
    session.expire_all()
    collection = history.collections[-1]
    collection_id = collection.id
    with statements(app) as seen:
        panel = build_panel(collection)
    assert len(tables) == 8
    # Reading the collection asked for (expired above) is not one of the panel's queries.
    own = [sql for sql in seen if "WHERE collections.id =" not in sql]
    copied = 8 if app.config["DATABASE_URL"].startswith("postgresql") else 0
    assert len(own) + copied == 9, collection_id
    assert len(panel.years) == 4
    assert len(panel.frame) == 4 * (74 + 19)


def test_each_schools_first_covered_year_follows_the_register_and_its_dates(
    history: History,
) -> None:
    """A partnership frozen the year before it began does not cover the school that year."""
    panel = build_panel(history.collections[-1])
    schools = panel.schools.set_index("urn")
    for urn, cohort in history.cohort.items():
        assert schools.loc[urn, "cohort"] == cohort, urn
        assert schools.loc[urn, "dated"]


def test_a_school_whose_coverage_the_year_before_is_unknown_is_left_out(
    history: History,
) -> None:
    """No accepted register and no accepted return in year 2, so its start cannot be dated."""
    panel = build_panel(history.collections[-1])
    schools = panel.schools.set_index("urn")
    (urn,) = history.undated
    assert schools.loc[urn, "cohort"] == 3
    assert not schools.loc[urn, "dated"]
    year_two = panel.frame[(panel.frame["urn"] == urn) & (panel.frame["year"] == 2)]
    assert year_two["covered"].isna().all()


def test_the_register_decides_when_a_school_disagrees_with_it(history: History) -> None:
    """One covered school says no in year 4; one school not in the register says yes."""
    panel = build_panel(history.collections[-1])
    frame = panel.frame.set_index(["urn", "year"])
    said_no, said_yes = history.disagreeing
    assert frame.loc[(said_no, 4), "covered"]
    assert not frame.loc[(said_yes, 4), "covered"]
    assert frame.loc[(said_no, 4), "disagrees"] and frame.loc[(said_yes, 3), "disagrees"]
    assert frame.groupby(level="year")["disagrees"].sum().tolist() == [0, 0, 1, 2]


def test_where_the_force_return_was_not_accepted_the_school_answer_decides(
    history: History,
) -> None:
    """Cumbria's schools are covered by their own word, with the model they give."""
    panel = build_panel(history.collections[-1])
    cumbria = panel.frame[(panel.frame["pfa_code"] == "E23000002") & panel.frame["covered"]]
    assert set(cumbria["coverage_source"]) == {"school"}
    assert set(cumbria["model"]) == {"school_based"}
    assert cumbria["fte_share"].isna().all()


def test_model_and_dose_come_from_the_register(history: History) -> None:
    """Cohort 2 are clusters with no days given; cohort 3 school-based, 2 days, 0.5 FTE."""
    panel = build_panel(history.collections[-1])
    covered = panel.frame[panel.frame["covered"] & (panel.frame["pfa_code"] == "E23000014")]
    assert set(covered["model"]) == {"cluster", "school_based"}
    based = covered[covered["model"] == "school_based"]
    assert set(based["days_per_week"]) == {2.0}
    assert set(covered["fte_share"]) == {0.5}


def test_outcomes_are_rates_per_pupil_and_percentages(history: History) -> None:
    """1,000 pupils: 20 suspensions are 2 per 100; feeling safe is not surveyed, so missing."""
    panel = build_panel(history.collections[-1])
    answered = panel.frame.dropna(subset=["suspension_rate"])
    assert set(answered["suspension_rate"]) == {2.0}
    assert set(answered["weapon_incident_rate"]) == {2.0}
    assert set(answered["attendance_percent"]) == {94.0}
    assert answered["feel_safe_percent"].isna().all()


def test_estimates_from_the_database_give_back_the_planted_effect(history: History) -> None:
    """Violent incidents fall by exactly 3 per 1,000 pupils; unchanged outcomes by 0."""
    analysis = analyse(build_panel(history.collections[-1]))
    headline = {row.outcome.column: row for row in analysis.headline()}
    violent = headline["violent_incident_rate"]
    assert violent.shown and violent.result is not None and violent.result.overall is not None
    assert violent.result.overall.estimate == pytest.approx(EFFECT)
    assert violent.result.schools_treated == 22 + 22 + 6
    placebo = [i.estimate for e, i in violent.result.events.items() if e < 0]
    assert placebo == pytest.approx([0.0] * len(placebo)) and placebo
    assert headline["attendance_percent"].result.overall.estimate == pytest.approx(0.0)  # type: ignore[union-attr]


def test_groups_with_too_few_schools_are_not_estimated_and_say_why(history: History) -> None:
    """Six secondary schools gained partnerships: below the minimum of 20."""
    analysis = analyse(build_panel(history.collections[-1]))
    outcome = plan.OUTCOME_BY_COLUMN["violent_incident_rate"]
    secondary = analysis.row(Group("national", NATIONAL, phase="Secondary"), outcome)
    assert not secondary.shown
    assert secondary.reason == "Fewer than 20 schools in this group gained a partnership."
    feel_safe = analysis.row(
        Group("national", NATIONAL), plan.OUTCOME_BY_COLUMN["feel_safe_percent"]
    )
    assert not feel_safe.shown and feel_safe.reason is not None
    cluster = analysis.row(Group("national", NATIONAL, model="cluster"), outcome)
    assert cluster.shown and cluster.result is not None
    assert cluster.result.schools_treated == 22


def test_fewer_than_three_collections_give_no_estimate(history: History) -> None:
    """Two years leave no year before a partnership to check trends in."""
    analysis = analyse(build_panel(history.collections[1]))
    assert {row.reason for row in analysis.rows} == {
        plan.reason_not_estimated(0, 0, 2),
    }


def test_an_open_collection_has_no_panel(history: History) -> None:
    """Its figures can still change, so nothing is estimated from it."""
    latest = history.collections[-1]
    latest.status = CollectionStatus.OPEN
    session.commit()
    with pytest.raises(PanelError, match="is not closed"):
        build_panel(latest)
