"""The school return's words: section and page titles, choices, error messages, the questions
queries ask, and what reconciliation tells a school.

Messages name answers by their label or noun in sspcollect.content.fields. A message may name
values in braces ({attendance}); the rule that uses it fills them in (a percentage with its
% sign, which the catalogue would otherwise take for a placeholder).
"""

from __future__ import annotations

from dataclasses import dataclass

from sspcollect.content.forces import WELSH_AREA_NAMES
from sspcollect.content.marking import N_

COMMENTS_LIMIT = 1000
MAX_PUPILS = 10_000


@dataclass(frozen=True)
class Query:
    """What a query tells the person (message) and the question their explanation answers."""

    message: str
    question: str


SECTION_TITLES = {
    "partnership": N_("Your Safer School Partnership"),
    "figures": N_("Your school\u2019s figures"),
}
# The caption over each question page says when the answers describe: the partnership as it
# stood on the collection's reference date, the figures over the academic year that ended.
SECTION_CAPTIONS = {
    "partnership": N_("Your Safer School Partnership on %(reference_date)s"),
    "figures": N_("Your school\u2019s figures for %(year)s"),
}
PAGE_TITLES = {
    "has-partnership": N_("Does your school have a Safer School Partnership?"),
    "police-force": N_("Which police force is your partnership with?"),
    "partnership-model": N_("How does your partnership work?"),
    "officer-time": N_("How many days a week is the officer at your school?"),
    "effectiveness": N_("How effective is the partnership?"),
    "aims": N_("Which aims has the partnership helped with?"),
    "comments": N_("Do you have any comments on the partnership?"),
    "pupils-and-attendance": N_("Pupils and attendance"),
    "suspensions-and-exclusions": N_("Suspensions and permanent exclusions"),
    "incidents": N_("Incidents"),
    "feeling-safe": N_("Pupils who feel safe"),
}

HAS_SSP_CHOICES = {"yes": N_("Yes"), "no": N_("No"), "not_sure": N_("Not sure")}
AIMS = {
    "reducing_violence": N_("Reducing violence"),
    "attendance": N_("Improving attendance"),
    "safeguarding": N_("Safeguarding"),
    "exclusions": N_("Reducing exclusions"),
    "community_relations": N_("Community relations"),
}
NO_AIMS = N_("None of these")
EFFECTIVENESS_LABELS = {
    1: N_("1 \u2013 Not effective"),
    2: N_("2 \u2013 Slightly effective"),
    3: N_("3 \u2013 Moderately effective"),
    4: N_("4 \u2013 Effective"),
    5: N_("5 \u2013 Very effective"),
}
# How the school sees each model (the register's words are the force's).
MODEL_HINTS = {
    "school_based": N_("An officer is based in our school, and our school is their beat"),
    "cluster": N_("A dedicated officer is shared by our school and a named group of schools"),
    "neighbourhood_link": N_(
        "We are linked to a named officer of the neighbourhood policing team, "
        "who has no dedicated time for schools"
    ),
    "force_team": N_("A force or area schools team delivers programmes to us and other schools"),
    "other": N_("Our partnership works in another way"),
}
NOT_ANSWERED = N_("Not answered")
NOT_SURVEYED = N_("Not surveyed")
NO_COMMENTS = N_("No comments")

# Whom a school reports its figures to, by country, said on the figures pages: a school in
# Wales gives them to the Welsh Government, one in England to the Department for Education.
# Whole sentences, so that each language can write the name as its grammar needs.
FIGURES_AS_REPORTED = {
    "england": N_(
        "Give the figures for the academic year %(year)s (%(period)s), as you report them to "
        "the Department for Education."
    ),
    "wales": N_(
        "Give the figures for the academic year %(year)s (%(period)s), as you report them to "
        "the Welsh Government."
    ),
}
# Hints that a school in Wales reads in its own terms: Welsh schools still call a suspension
# a fixed-term exclusion, as the Welsh Government's statistics do.
WALES_HINTS = {
    "suspensions": N_(
        "The number of fixed-term exclusions (suspensions), not the number of pupils excluded"
    ),
}
# The four Welsh police force areas by their Welsh names, for schools reading in Welsh (one
# list with the forces' own pages: sspcollect.content.forces).
WELSH_FORCE_AREA_NAMES = WELSH_AREA_NAMES

ERRORS = {
    "SCH-001": N_("Select whether your school has a Safer School Partnership"),
    "SCH-002": N_("Select the police force your partnership is with"),
    "SCH-003": N_("Select how your partnership works"),
    "SCH-004": N_(
        "Enter the days a week the officer is on site, from 0 to 5 in half days, like 1.5"
    ),
    "SCH-005": N_(
        "Select how effective the partnership is, from 1 (not effective) to 5 (very effective)"
    ),
    "SCH-006": N_(
        "Select the aims the partnership has helped with, or select \u2018None of these\u2019"
    ),
    # COMMENTS_LIMIT, written as people write it.
    "SCH-007": N_("Comments must be 1,000 characters or fewer"),
    "SCH-016": N_("Permanent exclusions cannot be more than the number of pupils on roll"),
    "SCH-017": N_(
        "Enter the percentage of pupils who feel safe at school, from 0 to 100, or "
        "select \u2018Our pupils were not surveyed\u2019 (not both)"
    ),
    "SCH-018": N_("Describe how your partnership works"),
}

QUERIES = {
    "SCH-101": Query(
        N_("Overall attendance of {attendance} is lower than at most schools (below 85%)."),
        N_("Why was overall attendance below 85%?"),
    ),
    "SCH-102": Query(
        N_("Your school gave {suspensions} for {pupils} on roll: more than 1 for every 2 pupils."),
        N_("Why were there so many suspensions?"),
    ),
    "SCH-103": Query(
        N_(
            "Persistent absence of {persistent} does not fit with overall attendance of "
            "{attendance}: pupils missed {missed} of sessions in all."
        ),
        N_("Why do persistent absence and overall attendance not fit together?"),
    ),
    "SCH-104": Query(
        N_("Your school is {kind}, where suspensions and permanent exclusions are very rare."),
        N_("Why did your school suspend or permanently exclude pupils?"),
    ),
    "YOY-001": Query(
        N_("Since your school\u2019s last return, {changes}."),
        N_("Why did {what} change so much since last year?"),
    ),
}
# Said once above the queries on check your answers.
QUERY_GUIDANCE = N_(
    "These answers are unusual, but they may be right. If an answer is wrong, change it. "
    "If it is right, tell us why in a sentence, so that the analysts who check your return "
    "understand it."
)

# Reconciliation, as the school reads it: only whether the force lists the school.
RECONCILIATION = {
    "XRT-001": Query(
        N_(
            "You said your school\u2019s partnership is with {force}, but {force} has not listed "
            "your school in its register of partnerships. Check that you chose the right police "
            "force."
        ),
        N_("What should we know about your partnership with {force}?"),
    ),
    "XRT-002": Query(
        N_(
            "{force_title} lists your school as covered by one of its partnerships, but you said "
            "your school does not have a Safer School Partnership. Check your answer."
        ),
        N_("What should we know about the police officers who work with your school?"),
    ),
}

# Said on the pages of the journey.
DEADLINE_EXTENDED = N_(" (extended for your school)")
SAVED = N_(
    "Your answers have been saved. Come back to your return at any time before %(deadline)s."
)
NOT_READ = N_("These answers could not be read and were not saved: %(names)s.")
EXPLANATION_TOO_LONG = N_("Your answer to \u2018%(question)s\u2019 must be 500 characters or fewer")
EXPLANATION_MISSING = N_("Tell us why, in a sentence, or change the answer")
ANSWER_THE_QUESTION = N_("Answer the question \u2018%(question)s\u2019, or change the answer")
DECLARATION = N_(
    "I confirm that, to the best of my knowledge, the answers in this return are correct, and "
    "that it holds nothing that could identify a pupil or a member of the public."
)
