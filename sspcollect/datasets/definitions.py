"""What each national dataset file holds: levels, filters, indicators and protected cells.

Column names follow the EES `{thing}_{type}` convention (`partnership_count`,
`schools_covered_percent`, `suspension_rate`). The labels become the `.meta.csv`.
"""

from __future__ import annotations

from sspcollect.datasets.cube import TOTAL
from sspcollect.datasets.ees import NOT_AVAILABLE, DataFile, Filter, Indicator
from sspcollect.datasets.equations import GEOGRAPHY, Protected, SameFigure
from sspcollect.datasets.names import INCLUDED_LABELS
from sspcollect.models import FUNDING_SOURCE_LABELS, MODEL_LABELS
from sspcollect.models.returns import OUTCOME_FIELDS
from sspcollect.reference.tables import SCHOOL_PHASES

NOT_KNOWN = "Not known"
MODEL_ITEMS = (*MODEL_LABELS.values(), NOT_KNOWN)
OTHER_PHASE = "Other education phase"
# Each school phase of the schools register as DfE's data dictionary names it
# (`education_phase`): 16 plus is post-16 education, and schools with no phase (special
# schools, pupil referral units) are another phase.
EDUCATION_PHASES = {
    "Nursery": "Nursery",
    "Primary": "Primary",
    "Middle deemed primary": "Middle (deemed primary)",
    "Middle deemed secondary": "Middle (deemed secondary)",
    "Secondary": "Secondary",
    "All-through": "All-through",
    "16 plus": "Further education",
    "Not applicable": OTHER_PHASE,
}
PHASE_ITEMS = tuple(dict.fromkeys(EDUCATION_PHASES[phase] for phase in SCHOOL_PHASES))
STATUS_LABELS = {"yes": "Has an SSP", "no": "No SSP", "not_sure": "Not sure"}
STATUS_ITEMS = (*STATUS_LABELS.values(), NOT_KNOWN)
VRU_LABELS = {True: "Violence Reduction Unit area", False: "Not a Violence Reduction Unit area"}
SOURCE_ITEMS = (*FUNDING_SOURCE_LABELS.values(), NOT_KNOWN)
HORIZON_ITEMS = ("Ended or under 1 year", "1 to 3 years", "3 years or more", NOT_KNOWN)
RETURN_TYPE_LABELS = {"school": "School", "force": "Police force"}

MODEL_FILTER = Filter(
    "ssp_model", "Partnership model", "Filter by the model of Safer School Partnership", MODEL_ITEMS
)

PARTNERSHIPS = DataFile(
    name="ssp_partnerships",
    title="Safer School Partnerships and the schools they cover",
    description=(
        "Partnerships, schools covered, the percentage of schools covered, officer FTE and "
        "pupils in covered schools, by partnership model and school phase. Register figures "
        "cover the schools in force areas whose return is counted (x where there are none). "
        "A partnership is counted in every area and phase in which it covers such a school."
    ),
    levels=("national", "country", "region", "pfa", "la"),
    filters=(
        MODEL_FILTER,
        Filter(
            "education_phase",
            "Education phase",
            "Filter by the phase of education of the schools",
            PHASE_ITEMS,
        ),
    ),
    indicators=(
        Indicator("partnership_count", "Number of partnerships", grouping="Partnerships"),
        Indicator("school_count", "Number of schools in the collection", grouping="Schools"),
        Indicator(
            "schools_counted_count",
            "Schools in force areas whose return is counted",
            grouping="Schools",
        ),
        Indicator(
            "schools_covered_count",
            "Number of schools covered by a partnership",
            grouping="Schools",
        ),
        Indicator(
            "schools_covered_percent",
            "Percentage of schools covered, of those in force areas whose return is counted",
            dp=1,
            unit="%",
            grouping="Schools",
        ),
        Indicator(
            "pupils_in_covered_schools_count",
            "Pupils in schools covered by a partnership",
            grouping="Schools",
        ),
        Indicator(
            "officer_fte",
            "Officer full-time equivalent dedicated to schools",
            dp=1,
            grouping="Partnerships",
        ),
    ),
    protected=(
        Protected("partnerships", ("partnership_count",), sums=("officer_fte",)),
        Protected(
            "covered",
            ("schools_covered_count", "pupils_in_covered_schools_count"),
            ("schools_covered_percent",),
        ),
    ),
    when_empty="The collection has no schools yet: a school is in it once it has a return.",
    # A partnership covering schools of several phases or areas counts in each; a school
    # covered by partnerships of several models counts under each model.
    overlaps={
        "partnership_count": ("education_phase", GEOGRAPHY),
        "schools_covered_count": ("ssp_model",),
        "pupils_in_covered_schools_count": ("ssp_model",),
    },
)

# (numerator count column, rate column, label, events per how many pupils, decimal places)
SCHOOL_EVENTS = (
    ("suspensions", "suspension", "Suspensions", 100, 2),
    ("permanent_exclusions", "permanent_exclusion", "Permanent exclusions", 100, 2),
    ("violent_incidents", "violent_incident", "Violent incidents", 1000, 1),
    ("weapon_incidents", "weapon_incident", "Weapon incidents", 1000, 1),
    ("bullying_incidents", "bullying_incident", "Bullying incidents", 1000, 1),
)


def _event_indicators() -> tuple[Indicator, ...]:
    """The count and pupil rate of each kind of event schools report."""
    indicators: list[Indicator] = []
    for _field, thing, label, per, dp in SCHOOL_EVENTS:
        group = "Suspensions and exclusions" if per == 100 else "Incidents"
        indicators.append(Indicator(f"{thing}_count", label, grouping=group))
        indicators.append(
            Indicator(f"{thing}_rate", f"{label} per {per:,} pupils", dp=dp, grouping=group)
        )
    return tuple(indicators)


SCHOOL_OUTCOMES = DataFile(
    name="ssp_school_outcomes",
    title="Outcomes in schools with and without a Safer School Partnership",
    description=(
        "Attendance, persistent absence, suspension and exclusion rates, violent, weapon and "
        "bullying incident rates and feeling safe, weighted by pupils, for schools with and "
        "without a partnership, by model, inside and outside Violence Reduction Unit areas."
    ),
    levels=("national", "country", "region", "pfa"),
    filters=(
        Filter(
            "ssp_status",
            "Safer School Partnership status",
            "Filter by whether the school says it has a Safer School Partnership",
            STATUS_ITEMS,
        ),
        Filter(
            "ssp_model",
            "Partnership model",
            "Filter by the model of partnership as the school describes it",
            MODEL_ITEMS,
        ),
        Filter(
            "vru_area",
            "Violence Reduction Unit area",
            "Filter by whether the school is in a Violence Reduction Unit area",
            tuple(VRU_LABELS.values()),
        ),
    ),
    indicators=(
        Indicator("school_count", "Number of schools whose return is counted", grouping="Schools"),
        Indicator("pupil_count", "Pupils on roll", grouping="Schools"),
        Indicator(
            "attendance_percent", "Attendance (percentage)", dp=1, unit="%", grouping="Attendance"
        ),
        Indicator(
            "persistent_absence_percent",
            "Pupils persistently absent (percentage)",
            dp=1,
            unit="%",
            grouping="Attendance",
        ),
        *_event_indicators(),
        Indicator(
            "feel_safe_schools_count",
            "Number of schools that surveyed their pupils",
            grouping="Feeling safe",
        ),
        Indicator(
            "feel_safe_percent",
            "Pupils who feel safe at school (percentage)",
            dp=1,
            unit="%",
            grouping="Feeling safe",
            missing=NOT_AVAILABLE,
        ),
    ),
    protected=(
        Protected(
            "schools",
            ("school_count", "pupil_count"),
            ("attendance_percent", "persistent_absence_percent"),
            # How many schools responded is public (ssp_collection_progress): never hidden.
            public=(("school_count", (("ssp_status", TOTAL),)),),
        ),
        *(
            Protected(thing, (f"{thing}_count",), (f"{thing}_rate",), ("schools",))
            for _field, thing, _label, _per, _dp in SCHOOL_EVENTS
        ),
        Protected("feel_safe", ("feel_safe_schools_count",), ("feel_safe_percent",), ("schools",)),
    ),
    when_empty="No school return is counted in these files yet.",
)

OUTCOME_LABELS = {
    "crimes_recorded": "Crimes recorded",
    "violent_crimes_recorded": "Violent crimes recorded",
    "weapon_incidents": "Weapon incidents",
    "asb_incidents": "Anti-social behaviour incidents",
    "safeguarding_referrals": "Safeguarding referrals",
    "diversion_referrals": "Diversion referrals (early help, youth justice)",
    "sessions_delivered": "Sessions delivered",
    "pupils_engaged": "Pupils engaged",
}

POLICE_OUTCOMES = DataFile(
    name="ssp_police_outcomes",
    title="Counts reported by police forces for their partnerships",
    description=(
        "The counts each force reports for its partnerships over the academic year, "
        "concerning pupils of the covered schools on or near school premises, by model."
    ),
    levels=("national", "country", "pfa"),
    filters=(MODEL_FILTER,),
    indicators=(
        Indicator("partnership_count", "Number of partnerships", grouping="Partnerships"),
        *(
            Indicator(
                f"{field}_count",
                OUTCOME_LABELS[field],
                grouping="Reported by the force",
                missing=NOT_AVAILABLE,
            )
            for field in OUTCOME_FIELDS
        ),
    ),
    protected=(
        Protected("partnerships", ("partnership_count",)),
        *(Protected(field, (f"{field}_count",), (), ("partnerships",)) for field in OUTCOME_FIELDS),
    ),
    when_empty=(
        "No police force return is counted in these files yet, so there are no partnerships "
        "to report."
    ),
)

FUNDING = DataFile(
    name="ssp_funding",
    title="How Safer School Partnerships are funded, and for how long",
    description=(
        "Partnerships and officer FTE by funding source and funding horizon, with the share "
        "that has an information-sharing agreement. A partnership with several funding "
        "sources counts under each, so sources add up to more than the total."
    ),
    levels=("national", "country", "region", "pfa"),
    filters=(
        Filter(
            "funding_source",
            "Funding source",
            "A partnership with several funding sources counts under each of them",
            SOURCE_ITEMS,
        ),
        Filter(
            "funding_horizon",
            "Funding horizon",
            "How long the funding lasts after the collection's reference date",
            HORIZON_ITEMS,
        ),
    ),
    indicators=(
        Indicator("partnership_count", "Number of partnerships", grouping="Partnerships"),
        Indicator(
            "officer_fte",
            "Officer full-time equivalent dedicated to schools",
            dp=1,
            grouping="Partnerships",
        ),
        Indicator(
            "partnerships_with_isa_count",
            "Partnerships with an information-sharing agreement",
            grouping="Information sharing",
        ),
        Indicator(
            "partnerships_with_isa_percent",
            "Percentage of partnerships with an information-sharing agreement",
            dp=1,
            unit="%",
            grouping="Information sharing",
        ),
    ),
    protected=(
        Protected("partnerships", ("partnership_count",), sums=("officer_fte",)),
        Protected(
            "isa",
            ("partnerships_with_isa_count",),
            ("partnerships_with_isa_percent",),
            ("partnerships",),
        ),
    ),
    # A partnership with several sources counts under each; one covering schools in several
    # areas counts in each area.
    overlaps={
        "partnership_count": ("funding_source", GEOGRAPHY),
        "partnerships_with_isa_count": ("funding_source", GEOGRAPHY),
        "officer_fte": ("funding_source",),
    },
    when_empty=(
        "No police force return is counted in these files yet, so there are no partnerships "
        "to report."
    ),
)

# The same figures published in two files, hidden in both or in neither.
SAME_FIGURES = (
    SameFigure(
        "ssp_partnerships",
        (("ssp_model", TOTAL), ("education_phase", TOTAL)),
        "ssp_funding",
        (("funding_source", TOTAL), ("funding_horizon", TOTAL)),
        (("partnership_count", "partnership_count"), ("officer_fte", "officer_fte")),
    ),
)


def progress_file(included: str) -> DataFile:
    """The progress file, whose labels say which returns the datasets count."""
    return DataFile(
        name="ssp_collection_progress",
        title="Returns expected, submitted and accepted",
        description=(
            "Returns expected, submitted and accepted, the returns these datasets count "
            f"({INCLUDED_LABELS[included]}) and the response rate, by type of return. "
            "It counts returns made by organisations, not people or partnerships, so it is "
            "not suppressed."
        ),
        levels=("national", "country", "region", "pfa", "la"),
        filters=(
            Filter(
                "return_type",
                "Type of return",
                "Filter by who makes the return: schools or police forces",
                tuple(RETURN_TYPE_LABELS.values()),
            ),
        ),
        indicators=(
            Indicator("returns_expected_count", "Returns expected", grouping="Returns"),
            Indicator(
                "returns_submitted_count",
                "Returns submitted (including those accepted)",
                grouping="Returns",
            ),
            Indicator("returns_accepted_count", "Returns accepted", grouping="Returns"),
            Indicator(
                "returns_included_count",
                f"Returns counted in these datasets ({INCLUDED_LABELS[included]})",
                grouping="Returns",
            ),
            Indicator(
                "response_rate_percent",
                "Response rate: returns submitted as a percentage of those expected",
                dp=1,
                unit="%",
                grouping="Returns",
            ),
            Indicator(
                "returns_included_percent",
                "Coverage: returns counted as a percentage of those expected",
                dp=1,
                unit="%",
                grouping="Returns",
            ),
        ),
        when_empty="The collection has no returns yet.",
    )
