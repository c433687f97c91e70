"""The data guidance that goes with the files: what is included, response rates, the rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from sspcollect.collections.periods import long_date, uk_today
from sspcollect.datasets.coverage import Coverage, coverage_lines
from sspcollect.datasets.cube import TOTAL
from sspcollect.datasets.ees import DataFile
from sspcollect.datasets.geography import EES_LEVELS, ENGLAND_AND_WALES
from sspcollect.datasets.names import INCLUDED_LABELS
from sspcollect.datasets.queries import CollectionFacts


def response_lines(progress: pd.DataFrame) -> list[str]:
    """One line per type of return: expected, submitted, accepted and counted, nationally."""
    national = progress[progress["geo_code"] == ENGLAND_AND_WALES[0]]
    lines = []
    for _index, row in national.sort_values("return_type").iterrows():
        expected = int(row["returns_expected_count"])
        if expected == 0:
            continue
        name = "All returns" if row["return_type"] == TOTAL else f"{row['return_type']} returns"
        submitted = int(row["returns_submitted_count"])
        lines.append(
            f"- {name}: {expected:,} expected, {submitted:,} submitted "
            f"({100 * submitted / expected:.1f}%), {int(row['returns_accepted_count']):,} "
            f"accepted, {int(row['returns_included_count']):,} counted "
            f"({100 * row['returns_included_count'] / expected:.1f}%)."
        )
    return lines


def reference_data_words(collection: CollectionFacts) -> str:
    """Which day's reference data the files use, in a sentence."""
    what = (
        "Force areas and their Violence Reduction Unit flags, local authorities with their "
        "region and force area, and each school's phase, local authority and status"
    )
    if collection.reference_frozen_on is not None:
        return (
            f"{what} are as they stood on {long_date(collection.reference_frozen_on)}, when the "
            "collection closed, with the disclosure threshold then in force. Rebuilding these "
            "files gives the same figures whatever has changed since."
        )
    return (
        f"{what} are as they stand on {long_date(uk_today())}, the day these files were made. "
        "They are fixed when the collection closes."
    )


def guidance_text(
    collection: CollectionFacts,
    included: str,
    threshold: int,
    files: Sequence[DataFile],
    progress: pd.DataFrame,
    coverage: Coverage,
    report: Sequence[str] = (),
    absent: Mapping[str, str] | None = None,
) -> str:
    """The data guidance for one build of the files."""
    outcomes, register = collection.outcomes_year, collection.register_year
    lines = [
        f"Safer School Partnerships: national datasets for {outcomes.label}",
        "=" * 60,
        "",
        f"Collection: {collection.title}.",
        "",
        "Periods the figures describe",
        "----------------------------",
        f"Outcomes (ssp_school_outcomes, ssp_police_outcomes) describe the academic year "
        f"{outcomes.label}: {collection.period_words} (time_period {outcomes.time_period}, "
        "Academic year).",
        f"Partnerships and funding (ssp_partnerships, ssp_funding, ssp_register) describe the "
        f"registers as at the reference date, {long_date(collection.reference_date)}, in the "
        f"academic year {register.label} (time_period {register.time_period}, Academic year).",
        f"Collection progress (ssp_collection_progress) describes the collection, run in the "
        f"academic year {collection.time_period[:4]}/{collection.time_period[4:]} "
        f"(time_period {collection.time_period}, Academic year).",
        "",
        "Reference data",
        "--------------",
        reference_data_words(collection),
        "",
        "What is included",
        "----------------",
        f"These files count {INCLUDED_LABELS[included]}. Returns that are not started, in "
        "progress or returned for amendment are not counted, so where responses are missing "
        "the figures understate the true position. Response to the collection:",
        *response_lines(progress),
        "",
        "Coverage: what each figure is based on",
        "--------------------------------------",
        *coverage_lines(coverage),
        "",
        "Files",
        "-----",
    ]
    for spec in files:
        levels = sorted({EES_LEVELS[level] for level in spec.levels}, key=_level_rank)
        lines += [
            f"{spec.name}.csv (with {spec.name}.meta.csv): {spec.title}.",
            f"  {spec.description}",
            f"  Geographic levels: {', '.join(levels)}.",
            f"  Filters (each with a Total): {', '.join(f.label for f in spec.filters)}.",
            "  Indicators: " + "; ".join(f"{i.column} ({i.label})" for i in spec.indicators) + ".",
            "",
        ]
    for name, reason in (absent or {}).items():
        lines += [f"{name}.csv is not in this release: it would have no figures. {reason}", ""]
    lines += [
        "ssp_register.csv is not part of this release. It has one row per partnership and "
        "school it covers, as each counted force return was submitted: record level, for "
        "analysts only, not suppressed, and never to be published. Reviewers download it "
        "separately. Every partnership figure can be recomputed from it.",
        "",
        "How the figures are made",
        "------------------------",
        "- Partnerships come from the register each counted police force return froze when it "
        "was submitted (every partnership that ran in the academic year), never from a "
        "register edited since.",
        "- Schools of the collection are the schools with a return in it. A partnership is "
        "counted in every area and school phase in which it covers a school of the collection, "
        "so areas and phases can add up to more than their total. Its officer FTE is shared "
        "equally among those schools, so FTE does add up.",
        "- A partnership with several funding sources counts under each source in ssp_funding "
        "(its FTE too), so the sources add up to more than the total. The funding horizon "
        "compares the date funding ends with the reference date: ended or under 1 year, "
        "1 to 3 years, 3 years or more, or not known.",
        "- School outcomes use the schools' own answers: whether they have a partnership, its "
        "model as they see it, and their figures. Percentages and rates are weighted by pupils "
        "on roll and computed from unrounded sums: suspensions and permanent exclusions per "
        "100 pupils, incidents per 1,000 pupils, feeling safe over the schools that surveyed "
        "their pupils.",
        "- A school is in a Violence Reduction Unit area when its police force area is one.",
        "- Police outcomes are the counts each force reported for its partnerships, counted in "
        "the force's own area.",
        "- National rows are given for England and Wales together (K04000001) and for each "
        "country. Wales has no regions, so its force areas sit directly below it.",
        "- Local authority rows are for English authorities only. Explore Education Statistics "
        "takes local authorities from its own list, which holds England's; Welsh schools are "
        "counted in the rows for Wales and for the four Welsh police force areas, each of "
        "which is made of whole local authorities.",
        "- School phases are those of Get Information About Schools, named as DfE's data "
        "dictionary names them (education_phase): 16 plus is Further education, and schools "
        "with no phase (special schools, pupil referral units and the like) are Other "
        "education phase.",
        "- At local authority level ssp_partnerships gives partnerships by model or by "
        "education phase, not by both: nearly every cell of that cross would be a small count.",
        "",
        "Disclosure control",
        "------------------",
        *_suppression_rule(threshold),
        "",
        *report,
        "",
        "Symbols: c suppressed; z not applicable; x not available; low rounds to zero but is "
        "not zero.",
        "",
    ]
    return "\n".join(lines)


def _suppression_rule(threshold: int) -> list[str]:
    """The suppression rule, what it protects and the release policy, for these files."""
    if threshold <= 1:
        return [
            "These files were built with a disclosure threshold of 1: nothing is suppressed. "
            "Do not publish them."
        ]
    return [
        "What is protected. Counts of partnerships; of schools covered by a partnership and "
        "the pupils in them; of schools by what their return says (whether they have a "
        "partnership, its model) and the pupils, suspensions, exclusions and incidents they "
        "report; every count a police force reports; partnerships by funding source, funding "
        "horizon and information sharing. Public, and never hidden: how many schools each "
        "area has (as Get Information About Schools lists them), how many of them are in "
        "force areas whose return is counted, and how many returns were expected, submitted, "
        "accepted and counted (ssp_collection_progress), which is also the number of schools "
        "counted in ssp_school_outcomes. A figure hidden in one file is hidden wherever the "
        "same figure appears in another: ssp_partnerships and ssp_funding both give each "
        "area's partnerships and officer FTE.",
        "",
        f"The rule. A protected count from 1 to {threshold - 1} (below the threshold of "
        f"{threshold}) is shown as c, with every rate or figure built on it. Zero is shown: "
        "an empty cell discloses nothing about anyone. All the files of a release are then "
        "treated as one set of equations: every total along every filter, every level of "
        "the geography (local authority, police force area, region, country, and England and "
        "Wales), and the same figure in another file. In each equation the hidden cells are "
        f"at least two and together hold at least {threshold}, so none can be worked back by "
        "subtraction, even to within the threshold. The cell hidden beside a small one is "
        "the smallest non-zero cell of the equation, never a zero (a zero beside it would "
        "protect nothing); where every other part is zero, the total is hidden instead, "
        "because a zero total gives its parts away. Where a total is public and smaller than "
        "the threshold (two schools responding in an area), every part of it is hidden.",
        "",
        "Proven by attack. The hidden cells are then attacked as anyone could: for each, "
        "the smallest and largest value consistent with every published figure and equation "
        "(counts are never negative) is worked out by linear programming. More cells are "
        "hidden until no hidden cell can be worked out and every small count could be "
        f"anything over a range of at least {threshold}. Totals and rates are computed from "
        "unrounded data.",
        "",
        "Releases. Every published version of a collection stays available, so each new "
        "version, and every file built after the first publication, is protected jointly "
        "with every earlier published version: a figure an earlier version hid stays hidden; "
        f"a figure whose change since an earlier version comes from fewer than {threshold} "
        "returns (one late school return, say) is hidden, with the cells needed to stop it "
        "being worked back; and the attack treats a figure shown in an earlier version as "
        "known wherever nothing in its area has changed. So no difference between two "
        f"versions isolates fewer than {threshold} returns.",
    ]


def _level_rank(level: str) -> int:
    """Order of the EES level names as the files list them."""
    return ["National", "Regional", "Police force area", "Local authority"].index(level)
