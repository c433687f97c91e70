"""What every answer is called: one label per field, shared by the forms, the check-answers and
review pages, the downloads and the messages.

`label` names the answer on its own (a summary list key, a table heading, a form label);
`noun` names it inside a sentence ("Enter the number of pupils on roll"); `hint` says what to
count. A figure (`kind` count, percent or days) is something a query may ask about.
Nouns are marked for the Welsh catalogue (N_): the validation messages translate them. So are
the school's labels and hints, translated where a person reads them; the stored names and the
downloads keep the English.
"""

from __future__ import annotations

from dataclasses import dataclass

from sspcollect.content.marking import N_

FIGURE_KINDS = frozenset({"count", "percent", "days", "fte"})


@dataclass(frozen=True)
class Field:
    """How one answer is named."""

    label: str
    noun: str
    kind: str = "count"
    hint: str = ""

    @property
    def is_figure(self) -> bool:
        """True for a number a person gives (the only answers called figures)."""
        return self.kind in FIGURE_KINDS


# The school return, keyed as the columns of SchoolAnswers.
SCHOOL_FIELDS: dict[str, Field] = {
    "has_ssp": Field(
        N_("Safer School Partnership"),
        N_("whether your school has a Safer School Partnership"),
        "choice",
    ),
    "ssp_force_code": Field(
        N_("Police force"), N_("the police force your partnership is with"), "choice"
    ),
    "ssp_model": Field(N_("How the partnership works"), N_("how your partnership works"), "choice"),
    "ssp_model_description": Field(
        N_("How the partnership works, in your words"), N_("how your partnership works"), "text"
    ),
    "officer_days_per_week": Field(
        N_("Days a week on site"),
        N_("the days a week the officer is on site"),
        "days",
    ),
    "effectiveness": Field(
        N_("How effective the partnership is"), N_("how effective the partnership is"), "choice"
    ),
    "aims": Field(
        N_("Aims it has helped with"), N_("the aims the partnership has helped with"), "choice"
    ),
    "comments": Field(N_("Comments"), N_("your comments"), "text"),
    "pupils_on_roll": Field(
        N_("Pupils on roll"),
        N_("the number of pupils on roll"),
        hint=N_("The number of pupils on roll on the census day, for example 420"),
    ),
    "attendance_percent": Field(
        N_("Overall attendance"),
        N_("overall attendance"),
        "percent",
        N_("The percentage of possible sessions that pupils attended, for example 94.25"),
    ),
    "persistent_absence_percent": Field(
        N_("Persistent absence"),
        N_("persistent absence"),
        "percent",
        N_("The percentage of pupils who missed 10% or more of their possible sessions"),
    ),
    "suspensions": Field(
        N_("Suspensions"),
        N_("the number of suspensions"),
        hint=N_(
            "The number of suspensions (fixed-period exclusions), not the number of pupils "
            "suspended"
        ),
    ),
    "permanent_exclusions": Field(
        N_("Permanent exclusions"),
        N_("the number of permanent exclusions"),
        hint=N_("The number of pupils permanently excluded"),
    ),
    "violent_incidents": Field(
        N_("Violent incidents"),
        N_("the number of violent incidents"),
        hint=N_("Incidents of violence against a person, including fights and assaults"),
    ),
    "weapon_incidents": Field(
        N_("Incidents involving a weapon"),
        N_("the number of incidents involving a weapon"),
        hint=N_("Incidents in which a knife or other weapon was carried or used"),
    ),
    "bullying_incidents": Field(
        N_("Bullying incidents"),
        N_("the number of bullying incidents"),
        hint=N_("Incidents of bullying, including online bullying"),
    ),
    "pupils_feel_safe_percent": Field(
        N_("Pupils who feel safe at school"),
        N_("the percentage of pupils who feel safe at school"),
        "percent",
        N_("As a percentage of the pupils who answered, for example 87.5"),
    ),
}

# The counts a force gives for each partnership, keyed as the columns of PartnershipOutcome.
OUTCOME_FIELDS: dict[str, Field] = {
    "crimes_recorded": Field(
        N_("Crimes recorded"),
        N_("the number of crimes recorded"),
        hint=N_(
            "All crimes your force recorded concerning pupils of the covered schools, on or "
            "near school premises, during the academic year."
        ),
    ),
    "violent_crimes_recorded": Field(
        N_("Violent crimes recorded"),
        N_("the number of violent crimes recorded"),
        hint=N_(
            "Of the crimes recorded: violence against the person, robbery and possession of "
            "weapons offences. This cannot be more than the crimes recorded."
        ),
    ),
    "weapon_incidents": Field(
        N_("Incidents involving a weapon"),
        N_("the number of incidents involving a weapon"),
        hint=N_(
            "Incidents involving a knife or other weapon concerning pupils of the covered "
            "schools, on or near school premises, whether or not a crime was recorded."
        ),
    ),
    "asb_incidents": Field(
        N_("Anti-social behaviour incidents"),
        N_("the number of anti-social behaviour incidents"),
        hint=N_(
            "Anti-social behaviour incidents your force recorded concerning pupils of the "
            "covered schools, on or near school premises."
        ),
    ),
    "safeguarding_referrals": Field(
        N_("Safeguarding referrals"),
        N_("the number of safeguarding referrals"),
        hint=N_(
            "Referrals the partnership\u2019s officers made about pupils to children\u2019s "
            "social care or to a school\u2019s designated safeguarding lead."
        ),
    ),
    "diversion_referrals": Field(
        N_("Diversion referrals"),
        N_("the number of diversion referrals"),
        hint=N_("Referrals of pupils to early help, youth justice or other diversion programmes."),
    ),
    "sessions_delivered": Field(
        N_("Sessions delivered"),
        N_("the number of sessions delivered"),
        hint=N_(
            "Lessons, assemblies, workshops and other planned sessions the partnership "
            "delivered to pupils."
        ),
    ),
    "pupils_engaged": Field(
        N_("Pupils engaged"),
        N_("the number of pupils engaged"),
        hint=N_(
            "Pupils who took part in sessions or in one-to-one work with the partnership\u2019s "
            "officers. Count each pupil once."
        ),
    ),
}

# A partnership in the force's register, keyed as the columns of Partnership.
PARTNERSHIP_FIELDS: dict[str, Field] = {
    "reference": Field(N_("Reference"), N_("the reference"), "text"),
    "name": Field(N_("Name"), N_("the name of the partnership"), "text"),
    "model": Field(N_("Model"), N_("the model of the partnership"), "choice"),
    "model_description": Field(N_("How it works"), N_("how the partnership works"), "text"),
    "officer_role": Field(N_("Officer role"), N_("the role of the officers"), "choice"),
    "officer_count": Field(N_("Number of officers"), N_("the number of officers")),
    "fte": Field(
        N_("Full-time equivalent for schools"),
        N_("the full-time equivalent dedicated to schools"),
        "fte",
    ),
    "funding_sources": Field(N_("Funded by"), N_("who funds the partnership"), "choice"),
    "funded_until": Field(N_("Funded until"), N_("the date funding runs until"), "date"),
    "information_sharing_agreement": Field(
        N_("Information sharing agreement"),
        N_("whether the partnership has an information sharing agreement"),
        "choice",
    ),
    "start_date": Field(N_("Start date"), N_("the date the partnership started"), "date"),
    "end_date": Field(N_("End date"), N_("the date the partnership ended"), "date"),
    "schools": Field(N_("Schools covered"), N_("the schools the partnership covers"), "text"),
}


def label(catalogue: dict[str, Field], name: str) -> str:
    """The label of an answer (its catalogue must have it: a missing one is a bug)."""
    return catalogue[name].label


ALL_CATALOGUES = {
    "school": SCHOOL_FIELDS,
    "outcomes": OUTCOME_FIELDS,
    "partnership": PARTNERSHIP_FIELDS,
}
