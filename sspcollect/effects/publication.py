"""The `ssp_effectiveness` EES file: the analysis plan's estimates, with intervals and checks.

One row per area (England and Wales, each country, each region of England) and group (every
school, each model, each phase group), one set of indicators per outcome: the estimated
effect with its 95% confidence interval, the minimum detectable effect, the pre-trend test
and the schools treated and compared. An estimate the plan does not give is `x`, and so are
its numbers of schools.

Disclosure. An estimate is an average over at least 20 schools that gained a partnership and
20 that did not, so it describes no school; the numbers of schools are published only beside
an estimate, so no published count is below the minimum, nor below the disclosure threshold
(counts below it would be hidden as in every other file). The national datasets' build adds
this file (datasets/export.py) and screens it with the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select

from sspcollect.datasets.ees import DataFile, Filter, Indicator, data_csv, meta_csv
from sspcollect.db import session
from sspcollect.effects import plan
from sspcollect.effects.analysis import ENGLAND, NATIONAL, Analysis, Row, analyse
from sspcollect.effects.panel import build_panel, panel_years
from sspcollect.effects.plan import TOTAL, Group, Outcome
from sspcollect.models import Collection, CollectionStatus, Return, SubmittedPartnership

NAME = "ssp_effectiveness"
NOT_AVAILABLE = "x"
# Short names for the outcomes, as the indicator columns begin.
THINGS = {
    "suspension_rate": "suspension",
    "permanent_exclusion_rate": "permanent_exclusion",
    "violent_incident_rate": "violent_incident",
    "weapon_incident_rate": "weapon_incident",
    "bullying_incident_rate": "bullying_incident",
    "attendance_percent": "attendance",
    "persistent_absence_percent": "persistent_absence",
    "feel_safe_percent": "feel_safe",
}
MODEL_LABEL = dict(plan.MODELS)


def _indicators(outcome: Outcome) -> tuple[Indicator, ...]:
    """The indicators of one outcome, grouped under its name."""
    thing = THINGS[outcome.column]
    unit = "pp" if outcome.unit == "percentage points" else ""
    group = f"{outcome.label} ({outcome.unit})"
    return (
        Indicator(f"{thing}_effect", f"{group}: estimated effect", outcome.dp, unit, group, "x"),
        Indicator(
            f"{thing}_effect_lower_ci",
            f"{group}: lower end of 95% confidence interval",
            outcome.dp,
            unit,
            group,
            "x",
        ),
        Indicator(
            f"{thing}_effect_upper_ci",
            f"{group}: upper end of 95% confidence interval",
            outcome.dp,
            unit,
            group,
            "x",
        ),
        Indicator(
            f"{thing}_effect_mde",
            f"{group}: minimum detectable effect",
            outcome.dp,
            unit,
            group,
            "x",
        ),
        Indicator(
            f"{thing}_pre_trend_p_value",
            f"{outcome.label}: p-value of the test of trends before partnerships began",
            3,
            "",
            group,
            "x",
        ),
        Indicator(
            f"{thing}_treated_schools_count",
            f"{outcome.label}: schools that gained a partnership",
            0,
            "",
            group,
            "x",
        ),
        Indicator(
            f"{thing}_compared_schools_count",
            f"{outcome.label}: schools they are compared with",
            0,
            "",
            group,
            "x",
        ),
    )


EFFECTIVENESS = DataFile(
    name=NAME,
    title="Estimated effects of a Safer School Partnership on school outcomes",
    description=(
        "The change in each school outcome that gaining a partnership made, estimated from "
        "the same schools' returns across the closed collections (staggered "
        "difference-in-differences), with 95% confidence intervals, the minimum detectable "
        "effect, the test of trends before partnerships began and the numbers of schools "
        "behind each estimate; by partnership model and by school phase. Not available (x) "
        "where the analysis plan gives no estimate."
    ),
    levels=("national", "country", "region"),
    filters=(
        Filter(
            "ssp_model",
            "Partnership model",
            "Filter by the model of partnership a school had when it first gained one",
            tuple(label for _model, label in plan.MODELS),
        ),
        Filter(
            "education_phase",
            "School phase",
            "Filter by the phase of the schools",
            tuple(plan.PHASE_ITEMS[phase] for phase in plan.PHASES),
        ),
    ),
    indicators=(
        Indicator("panel_years_count", "Closed collections in the panel", grouping="Panel"),
        *(indicator for outcome in plan.OUTCOMES for indicator in _indicators(outcome)),
    ),
)


@dataclass(frozen=True)
class EffectivenessFile:
    """The file as the national datasets' build takes it: already safe to publish.

    table is None when the file is not made for this collection; guidance then says why.
    """

    spec: DataFile
    table: pd.DataFrame | None
    time_period: str
    guidance: tuple[str, ...]


def effectiveness_file(collection: Collection, threshold: int) -> EffectivenessFile:
    """The file for a collection, or the reason it is not made, for the datasets' build."""
    period = collection.outcomes_year.time_period
    reason = _not_made(collection)
    if reason is not None:
        return EffectivenessFile(EFFECTIVENESS, None, period, _absent(reason))
    analysis = cached_analysis(collection)
    table = effectiveness_table(analysis, threshold)
    return EffectivenessFile(EFFECTIVENESS, table, period, guidance_lines(analysis))


def effectiveness_downloads(collection: Collection, threshold: int) -> dict[str, bytes]:
    """The data file and its .meta.csv as reviewers download them; empty when not made."""
    made = effectiveness_file(collection, threshold)
    if made.table is None:
        return {}
    return {
        f"{NAME}.csv": data_csv(made.table, made.spec, made.time_period).encode(),
        f"{NAME}.meta.csv": meta_csv(made.spec).encode(),
    }


def _not_made(collection: Collection) -> str | None:
    """Why no effectiveness file goes with a collection's datasets; None when one does."""
    if collection.status != CollectionStatus.CLOSED:
        return (
            "Effects are estimated only when a collection has closed, from closed "
            "collections, whose figures no longer change."
        )
    years = len(panel_years(collection))
    if years < plan.MIN_YEARS:
        return plan.reason_not_estimated(0, 0, years)
    return None


def _absent(reason: str) -> tuple[str, ...]:
    """The guidance section when the file is not made."""
    return (
        "Effectiveness estimates (ssp_effectiveness)",
        "-------------------------------------------",
        f"No ssp_effectiveness file goes with these datasets. {reason}",
        "",
    )


def _figures(row: Row, threshold: int) -> dict[str, object]:
    """One outcome's indicator cells for one group: figures, or x throughout."""
    thing = THINGS[row.outcome.column]
    names = [indicator.column for indicator in _indicators(row.outcome)]
    result = row.result
    floor = max(threshold, 1)
    if (
        not row.shown
        or result is None
        or result.overall is None
        or result.schools_treated < floor
        or result.schools_compared < floor
    ):
        return dict.fromkeys(names, NOT_AVAILABLE)
    overall = result.overall
    return {
        f"{thing}_effect": overall.estimate,
        f"{thing}_effect_lower_ci": overall.lower,
        f"{thing}_effect_upper_ci": overall.upper,
        f"{thing}_effect_mde": result.minimum_detectable_effect,
        f"{thing}_pre_trend_p_value": NOT_AVAILABLE
        if result.pre_trend is None
        else result.pre_trend.p_value,
        f"{thing}_treated_schools_count": result.schools_treated,
        f"{thing}_compared_schools_count": result.schools_compared,
    }


def effectiveness_table(analysis: Analysis, threshold: int) -> pd.DataFrame:
    """The file's rows: geography, filters and every outcome's figures."""
    rows: dict[Group, dict[str, object]] = {}
    for row in analysis.rows:
        cells = rows.setdefault(row.group, {"panel_years_count": len(analysis.years)})
        cells.update(_figures(row, threshold))
    return pd.DataFrame(
        [
            {**_geography(group, analysis.areas), **_filters(group), **cells}
            for group, cells in rows.items()
        ]
    )


def _filters(group: Group) -> dict[str, str]:
    """The filter items of a group."""
    return {
        "ssp_model": TOTAL if group.model == TOTAL else MODEL_LABEL[group.model],
        "education_phase": TOTAL if group.phase == TOTAL else plan.PHASE_ITEMS[group.phase],
    }


def _geography(group: Group, names: dict[str, str]) -> dict[str, object]:
    """The EES geography columns of a group's area."""
    if group.level == "national":
        return {
            "geo_level": "national",
            "geo_code": NATIONAL,
            "geographic_level": "National",
            "country_code": NATIONAL,
            "country_name": names[NATIONAL],
            "region_code": None,
            "region_name": None,
        }
    if group.level == "country":
        return {
            "geo_level": "country",
            "geo_code": group.area,
            "geographic_level": "National",
            "country_code": group.area,
            "country_name": names[group.area],
            "region_code": None,
            "region_name": None,
        }
    return {
        "geo_level": "region",
        "geo_code": group.area,
        "geographic_level": "Regional",
        "country_code": ENGLAND,
        "country_name": names[ENGLAND],
        "region_code": group.area,
        "region_name": names[group.area],
    }


def guidance_lines(analysis: Analysis) -> tuple[str, ...]:
    """The data guidance section of the file: what it estimates and how far to trust it."""
    first, last = analysis.years[0], analysis.years[-1]
    return (
        "Effectiveness estimates (ssp_effectiveness)",
        "-------------------------------------------",
        f"The estimates use the {len(analysis.years)} closed collections from {first.title} "
        f"to {last.title}: the same schools' returns year after year, and the year each "
        "school first had a partnership at the collection's reference date.",
        "",
        "What is estimated. For each outcome, the average change that gaining a partnership "
        "made to the outcome of the schools that gained one, over the years since they did. "
        "Each group of schools that gained a partnership in the same year is compared with "
        "schools that had none by then, from its last year before the partnership, allowing "
        "for phase, size and region (Callaway and Sant'Anna's difference-in-differences for "
        "partnerships that start in different years). A negative effect on incidents, "
        "suspensions, exclusions or absence, or a positive one on attendance or feeling safe, "
        "means the outcome improved.",
        "",
        "How sure it is. The 95% confidence interval allows for the schools' own ups and "
        "downs year to year (standard errors clustered by school). The minimum detectable "
        "effect is the smallest true effect the estimate would find 4 times in 5: a smaller "
        "effect could be there unseen. The pre-trend p-value tests whether the schools that "
        "gained partnerships were already changing differently before they did: a value "
        f"below {plan.PRE_TREND_ALARM} is a warning that the estimate may be wrong.",
        "",
        "When there is no estimate (x). An estimate is given only where at least "
        f"{plan.MIN_TREATED} schools gained a partnership and at least {plan.MIN_COMPARED} "
        "others can be compared with them, with at least "
        f"{plan.MIN_YEARS} closed collections. Regions are split by model but not by phase. "
        "The numbers of schools are given only beside an estimate.",
        "",
        "What would make it wrong. Outcomes are the schools' own figures, and a partnership "
        "may change how incidents are recorded as well as how many there are. Partnerships "
        "may go to schools whose incidents were rising already, which the pre-trend test can "
        "reveal only for the years the panel holds. Changes in what schools report, or in "
        "which schools report, from year to year would move the estimates too. A school "
        "keeps its first year of partnership even if the partnership ends, so the effect is "
        "that of gaining one. The analysis plan (comparison, groups, minimum numbers, "
        "covariates) was fixed in the service's code before any collection's outcomes were "
        "seen, and is the same every year.",
        "",
        "Disclosure control. Each estimate is an average over many schools and describes "
        "none of them; no published number of schools is below the minimum above.",
        "",
    )


def _fingerprint(collection: Collection) -> tuple[object, ...]:
    """What the panel of a collection rests on, in one query: change it and estimates change."""
    years = panel_years(collection)
    ids = [year.collection_id for year in years]
    returns = session.execute(
        select(func.count(Return.id), func.max(Return.updated_at)).where(
            Return.collection_id.in_(ids)
        )
    ).one()
    registers = session.scalar(
        select(func.count(SubmittedPartnership.id))
        .join(Return, Return.id == SubmittedPartnership.return_id)
        .where(Return.collection_id.in_(ids))
    )
    return (str(session.get_bind().engine.url), tuple(ids), *returns, registers)


_CACHE: dict[int, tuple[tuple[object, ...], Analysis]] = {}


def cached_analysis(collection: Collection) -> Analysis:
    """The analysis of a closed collection, worked out once while what it rests on is unchanged.

    It takes seconds at national scale, and the datasets page, the downloads and the
    reviewers' page all ask for it; closed collections change only when a return is reopened.
    """
    key = _fingerprint(collection)
    held = _CACHE.get(collection.id)
    if held is not None and held[0] == key:
        return held[1]
    analysis = analyse(build_panel(collection))
    _CACHE[collection.id] = (key, analysis)
    return analysis


def clear_cache() -> None:
    """Forget every analysis worked out (tests that rebuild the database)."""
    _CACHE.clear()
