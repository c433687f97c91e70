"""The force return's words: error messages, the questions queries ask, what reconciliation
tells a force, and the declaration.

Messages name answers by their label or noun in sspcollect.content.fields; values in braces
are filled in by the rule that uses the message.
"""

from __future__ import annotations

from sspcollect.content.marking import N_
from sspcollect.content.school import Query

ERRORS = {
    "POL-028": N_("Violent crimes recorded cannot be more than crimes recorded"),
    "POL-030": N_("Confirm that your register is complete and up to date"),
    "POL-031": N_(
        "Add the partnerships your force ran to your register, or tell us that it ran none"
    ),
    "POL-032": N_(
        "You said your force ran no partnerships, but your register lists {active} "
        "that ran in the year. End {them} in your register, or change your answer"
    ),
}
QUERIES = {
    "POL-101": Query(
        N_(
            "This is a cluster partnership, but it covers only 1 school. A cluster usually "
            "covers several schools."
        ),
        N_("Why does this cluster partnership cover only 1 school?"),
    ),
    "POL-102": Query(
        N_(
            "This partnership\u2019s model is a school-based officer, but it covers {schools}. A "
            "school-based officer usually works in 1 school."
        ),
        N_("Why does a school-based officer cover {schools}?"),
    ),
    "POL-103": Query(
        N_("{urns_sentence} outside your force area."),
        N_("Why does this partnership cover a school outside your force area?"),
    ),
    "POL-104": Query(
        N_(
            "Funding ran until {funded_until}, before the reference date of {reference_date}, but "
            "the partnership was still running then."
        ),
        N_("How was the partnership paid for after its funding ran out?"),
    ),
    "POL-105": Query(
        N_(
            "The partnership engaged {engaged}, more than the {pupils} on roll at the schools it "
            "covers."
        ),
        N_("Why did the partnership engage more pupils than its schools have?"),
    ),
    "YOY-002": Query(
        N_("Since this partnership\u2019s last return, {changes}."),
        N_("Why did {what} change so much since last year?"),
    ),
}
QUERY_GUIDANCE = (
    "These answers are unusual, but they may be right. If an answer is wrong, change it. "
    "If it is right, tell us why in a sentence."
)

# Reconciliation, as the force reads it.
RECONCILIATION = {
    "XRT-001": Query(
        N_(
            "{school} (URN {urn}) says it has a Safer School Partnership with your force, but your "
            "register does not cover it. Add the school to the partnership that covers it, or "
            "tell us why it is not covered."
        ),
        N_("Why does your register not cover {school}?"),
    ),
    "XRT-002": Query(
        N_(
            "Your register covers {school} (URN {urn}), but the school says it has no Safer "
            "School Partnership."
        ),
        N_("Why does your register cover {school}?"),
    ),
}

# The declaration, made on the check-answers page by the person who submits. (The words below
# are marked for the Welsh catalogue and translated where a force reads them.)
DECLARATION = N_(
    "I confirm that, to the best of my knowledge, this return is complete and correct, and "
    "that it holds nothing that could identify a pupil or a member of the public."
)
DECLARATION_ERRORS = {
    "DEC-001": N_("Enter your full name"),
    "DEC-002": N_("Enter your job title"),
    "DEC-003": N_("Select the box to confirm the declaration"),
}
EXPLANATION_MISSING = N_("Tell us why, in a sentence, or change the answer")

# Answers the pages of the force return ask for.
CONFIRM_REGISTER_MISSING = N_("Select yes if your register is complete and up to date")
NIL_RETURN_MISSING = N_(
    "Select yes if your force ran any Safer School Partnerships between %(start)s and %(end)s"
)
UPDATE_REGISTER_THEN_CONFIRM = N_("Update your register, then come back to confirm it.")
ADD_PARTNERSHIPS_THEN_CONFIRM = N_("Add your partnerships to your register, then confirm it.")
OUTCOMES_SAVED = N_("Outcomes saved for %(partnership)s")
EXPLANATIONS_SAVED = N_("Your explanations have been saved")
UNANSWERED = N_("Give the outcomes for this partnership")
ABOUT_THE_REGISTER = N_("your register")
EXPLAIN_THE_QUERY = N_("Answer the question about %(about)s, or change the answer")
EXPLANATION_TOO_LONG = N_("Your answer must be 500 characters or fewer")
# Asked of a query kept before each query had a question of its own.
QUERY_FALLBACK_QUESTION = N_("Why is this answer right?")
