"""The estimates of a collection as people read them: figures, sentences and event studies.

One report feeds the reviewers' page and `sspcollect estimate-effects`, so both say the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from sspcollect.effects import plan
from sspcollect.effects.analysis import NATIONAL, Analysis, Row
from sspcollect.effects.chart import EventChart, event_chart
from sspcollect.effects.estimator import Estimates, Interval
from sspcollect.effects.panel import PanelError, panel_years
from sspcollect.effects.plan import TOTAL, Group, Outcome
from sspcollect.effects.publication import cached_analysis
from sspcollect.models import Collection

MINUS = "\u2212"
# How each outcome reads inside a sentence.
NOUNS = {
    "suspension_rate": "suspensions",
    "permanent_exclusion_rate": "permanent exclusions",
    "violent_incident_rate": "violent incidents",
    "weapon_incident_rate": "weapon incidents",
    "bullying_incident_rate": "bullying incidents",
    "attendance_percent": "attendance",
    "persistent_absence_percent": "persistent absence",
    "feel_safe_percent": "the share of pupils who feel safe",
}
PHASE_NAMES = {
    "Primary": "Primary schools",
    "Secondary": "Secondary schools",
    "Other": "Other phases",
}
MODEL_NAMES = dict(plan.MODELS)


def number(value: float, dp: int) -> str:
    """A figure to dp places with a true minus sign (and never minus zero)."""
    text = f"{abs(value):,.{dp}f}"
    return f"{MINUS}{text}" if round(value, dp) < 0 else text


@dataclass(frozen=True)
class Figures:
    """One estimate as shown in a table row, or the reason there is none."""

    label: str
    effect: str
    interval: str
    mde: str
    pre_trend: str
    treated: str
    compared: str
    reason: str | None
    warning: bool  # the pre-trend test is below its alarm


@dataclass(frozen=True)
class EventRow:
    """One year of an event study."""

    label: str
    effect: str
    interval: str
    treated: str
    compared: str


@dataclass(frozen=True)
class OutcomeReport:
    """Everything shown for one outcome."""

    outcome: Outcome
    anchor: str
    headline: Figures
    result_words: str
    area_words: str | None
    pre_trend_words: str
    naive_words: str | None
    chart: EventChart | None
    events: tuple[EventRow, ...]
    groups: tuple[Figures, ...]


@dataclass(frozen=True)
class Report:
    """The effectiveness report of a collection, or why there is none."""

    collection: Collection
    reason: str | None
    years: tuple[str, ...] = ()
    cohorts: tuple[tuple[str, int], ...] = ()
    outcomes: tuple[OutcomeReport, ...] = ()


def figures(row: Row, label: str) -> Figures:
    """A row's figures, formatted, or x with the reason."""
    result, dp = row.result, row.outcome.dp
    if not row.shown or result is None or result.overall is None:
        reason = row.reason or "There are no schools to estimate from."
        return Figures(label, "x", "x", "x", "x", "x", "x", reason, False)
    overall = result.overall
    pre = result.pre_trend
    return Figures(
        label=label,
        effect=number(overall.estimate, dp),
        interval=f"{number(overall.lower, dp)} to {number(overall.upper, dp)}",
        mde=number(result.minimum_detectable_effect or 0.0, dp),
        pre_trend="x" if pre is None else f"{pre.p_value:.3f}",
        treated=f"{result.schools_treated:,}",
        compared=f"{result.schools_compared:,}",
        reason=None,
        warning=pre is not None and pre.p_value < plan.PRE_TREND_ALARM,
    )


def area_words(outcome: Outcome, result: Estimates) -> str | None:
    """The interval allowing for schools of one local authority moving together."""
    overall, error = result.overall, result.standard_errors.get(plan.AREA_CLUSTER)
    if overall is None or error is None:
        return None
    dp = outcome.dp
    widened = Interval(overall.estimate, error)
    return (
        "Allowing for the schools of each local authority moving together, as well as each "
        f"school's own ups and downs, the 95% confidence interval is {number(widened.lower, dp)} "
        f"to {number(widened.upper, dp)}."
    )


def result_words(outcome: Outcome, result: Estimates) -> str:
    """The estimate in a sentence."""
    overall = result.overall
    assert overall is not None
    dp, noun, unit = outcome.dp, NOUNS[outcome.column], outcome.unit
    interval = f"{number(overall.lower, dp)} to {number(overall.upper, dp)}"
    if overall.lower <= 0 <= overall.upper:
        mde = number(result.minimum_detectable_effect or 0.0, dp)
        return (
            f"No clear effect on {noun}: the estimate is {number(overall.estimate, dp)} {unit} "
            f"and its 95% confidence interval, {interval}, includes zero. An effect smaller "
            f"than {mde} {unit} either way could be missed."
        )
    went = "fell" if overall.estimate < 0 else "rose"
    better = (overall.estimate < 0) == outcome.lower_is_better
    return (
        f"In schools that gained a partnership, {noun} {went} by "
        f"{number(abs(overall.estimate), dp)} {unit} on average because of it (95% confidence "
        f"interval {interval}): a change for the {'better' if better else 'worse'}."
    )


def pre_trend_words(result: Estimates) -> str:
    """What the test of trends before partnerships began says."""
    pre = result.pre_trend
    if pre is None and any(event < 0 for event in result.events):
        return (
            "The estimates for the years before partnerships began have no spread at all, so "
            "there is nothing to test: the schools that gained one changed exactly as the "
            "others did."
        )
    if pre is None:
        return (
            "There is no year before partnerships began in which to test whether the schools "
            "were already changing differently."
        )
    if pre.p_value < plan.PRE_TREND_ALARM:
        return (
            "Warning: before their partnerships began, the schools that gained one were "
            f"already changing differently from the others (pre-trend test p = "
            f"{pre.p_value:.3f}). The estimate may be wrong."
        )
    return (
        "Before their partnerships began, there is no sign that the schools that gained one "
        f"were changing differently from the others (pre-trend test p = {pre.p_value:.3f})."
    )


def naive_words(outcome: Outcome, result: Estimates, year: str) -> str | None:
    """The raw with-and-without comparison, and whether the estimate bears it out."""
    naive, overall = result.naive, result.overall
    if naive is None or overall is None:
        return None
    dp = outcome.dp
    agrees = overall.covers(naive.estimate)
    return (
        f"The raw comparison, schools with a partnership in {year} against schools without, "
        f"gives {number(naive.estimate, dp)} {outcome.unit}. "
        + (
            "The estimate is close to it."
            if agrees
            else "The estimate does not bear it out: the raw comparison also counts how the "
            "schools differed before any partnership began."
        )
    )


def event_label(event: int) -> str:
    """Years since a partnership began, in words."""
    if event < 0:
        return f"{-event} year{'s' if event < -1 else ''} before"
    if event == 0:
        return "First year"
    return f"{event} year{'s' if event > 1 else ''} after"


def event_rows(outcome: Outcome, result: Estimates) -> tuple[EventRow, ...]:
    """The event study's years as table rows."""
    dp = outcome.dp
    rows = []
    for event in sorted(result.events):
        item = result.events[event]
        treated, compared = result.event_schools[event]
        rows.append(
            EventRow(
                event_label(event),
                number(item.estimate, dp),
                f"{number(item.lower, dp)} to {number(item.upper, dp)}",
                f"{treated:,}",
                f"{compared:,}",
            )
        )
    return tuple(rows)


def group_label(group: Group, areas: dict[str, str]) -> str:
    """Who a group's schools are, in words."""
    if group.model != TOTAL:
        return "Other model" if group.model == "other" else MODEL_NAMES[group.model]
    if group.phase != TOTAL:
        return PHASE_NAMES[group.phase]
    if group.level == "national":
        return "All schools"
    return areas[group.area]


def shown_groups(analysis: Analysis, outcome: Outcome) -> tuple[Figures, ...]:
    """The breakdown of one outcome: all schools, each model and phase, country and region."""
    picked = []
    for row in analysis.rows:
        group = row.group
        if row.outcome != outcome:
            continue
        national = group.level == "national"
        whole_area = group.model == TOTAL and group.phase == TOTAL
        if national or whole_area:
            picked.append(figures(row, group_label(group, analysis.areas)))
    return tuple(picked)


def outcome_report(analysis: Analysis, outcome: Outcome) -> OutcomeReport:
    """Everything shown for one outcome."""
    row = analysis.row(Group("national", NATIONAL), outcome)
    result = row.result
    headline = figures(row, "All schools")
    year = analysis.years[-1].academic_year
    if row.shown and result is not None:
        words = result_words(outcome, result)
        by_area = area_words(outcome, result)
        pre_words = pre_trend_words(result)
        naive = naive_words(outcome, result, year)
        chart = event_chart(result, outcome.unit)
        events = event_rows(outcome, result)
    else:
        words, pre_words, naive, chart, events = headline.reason or "", "", None, None, ()
        by_area = None
    return OutcomeReport(
        outcome=outcome,
        anchor=outcome.column.replace("_", "-"),
        headline=headline,
        result_words=words,
        area_words=by_area,
        pre_trend_words=pre_words,
        naive_words=naive,
        chart=chart,
        events=events,
        groups=shown_groups(analysis, outcome),
    )


def effectiveness_report(collection: Collection) -> Report:
    """The report of a collection: every outcome, or the reason nothing is estimated."""
    try:
        years = panel_years(collection)
    except PanelError as error:
        return Report(collection, str(error))
    if len(years) < plan.MIN_YEARS:
        return Report(collection, plan.reason_not_estimated(0, 0, len(years)))
    analysis = cached_analysis(collection)
    return Report(
        collection=collection,
        reason=None,
        years=tuple(year.title for year in analysis.years),
        cohorts=tuple(analysis.cohorts.items()),
        outcomes=tuple(outcome_report(analysis, outcome) for outcome in plan.OUTCOMES),
    )
