"""The methodology in words: what is estimated, the assumptions, and what would make it wrong.

Written from the analysis plan (plan.py) and shown on the methodology page, beside every
estimate as caveats, and by `sspcollect estimate-effects`. Change the plan and this together.
"""

from __future__ import annotations

from dataclasses import dataclass

from sspcollect.effects import plan


@dataclass(frozen=True)
class Section:
    """A heading and its paragraphs."""

    heading: str
    paragraphs: tuple[str, ...]


QUESTION = Section(
    "The question",
    (
        "Did gaining a Safer School Partnership change a school's outcomes: suspensions, "
        "permanent exclusions, violent, weapon and bullying incidents, attendance, persistent "
        "absence and how safe pupils feel?",
        "A table of schools with and without a partnership cannot answer it. Partnerships go "
        "to schools with more incidents in the first place, so those schools look worse "
        "whether or not the partnership helps. The page shows that raw comparison beside each "
        "estimate so that the difference can be seen, not so that it can be believed.",
    ),
)

ESTIMATED = Section(
    "What is estimated",
    (
        "The collection holds the same schools' figures year after year, and the registers "
        "say when each school gained a partnership. Schools that gained one in the same year "
        "form a group. Each group's change in an outcome, from its last year before the "
        "partnership to each year after, is compared with the change over the same years in "
        "schools that had no partnership by then (never, or not yet). The difference is the "
        "effect of the partnership on that group in that year.",
        "These effects are averaged: over the years since each group gained its partnership, "
        "then over the groups, weighted by their number of schools. That average is the "
        "estimate on the page. The same effects arranged by years since the partnership began "
        "make the event study in each chart.",
        "Schools differ in phase, size and region, and their outcomes may move differently "
        "for those reasons alone. Each comparison allows for them: the treated schools' change "
        "is compared with the change of comparison schools like them.",
        "This is the method of Callaway and Sant'Anna (2021) for partnerships that start in "
        "different years. A simpler regression with school and year effects would compare "
        "schools that gained a partnership later with those that already had one, and is "
        "biased when effects grow or differ between schools; this method never does that.",
    ),
)

UNCERTAINTY = Section(
    "How sure each estimate is",
    (
        "Each estimate has a 95% confidence interval. It allows for each school's own ups and "
        "downs from year to year (standard errors clustered by school). Beside it is the "
        "interval that also allows for the schools of one local authority moving together "
        "(clustered by local authority). Where an area's schools share good and bad years, "
        "that interval is wider, and it is the one to trust.",
        "The minimum detectable effect is the smallest true effect that an estimate from this "
        "many schools would find 4 times in 5. When the interval includes zero, an effect "
        "smaller than this could still be there: no clear effect is not the same as no effect.",
        "An estimate is given only where at least "
        f"{plan.MIN_TREATED} schools gained a partnership and at least {plan.MIN_COMPARED} "
        f"others can be compared with them, from at least {plan.MIN_YEARS} closed "
        "collections. Otherwise it is shown as x, with the reason.",
        "The method was checked on hundreds of made-up panels with a known effect planted in "
        "them, with partnerships going to schools with more incidents as in life: the "
        "intervals contained the planted effect in about 95 of every 100, and the raw "
        "with-and-without comparison pointed the wrong way in every one.",
    ),
)

ASSUMPTIONS = Section(
    "What it assumes",
    (
        "Parallel trends: had they not gained a partnership, the schools that did would have "
        "changed as the comparison schools like them changed. This cannot be seen directly. "
        "The years before a partnership began are a check: there, the groups should not "
        "differ. The pre-trend test beside each estimate asks whether they did; a p-value "
        f"below {plan.PRE_TREND_ALARM} is a warning.",
        "No anticipation: a school's outcomes did not change in the year before its "
        "partnership began because it was coming.",
        "A school keeps the year it first gained a partnership even if the partnership ends. "
        "The estimate is the effect of gaining one, diluted where partnerships end.",
    ),
)

WRONG = Section(
    "What would make it wrong",
    (
        "Self-reported outcomes. The figures are the schools' own. A partnership may change "
        "how incidents are noticed and recorded as well as how many there are: an officer on "
        "site may bring more incidents to light.",
        "Partnerships chosen because incidents were rising. If schools gain partnerships "
        "because their incidents were already climbing, or after an unusually bad year that "
        "would have been followed by a better one anyway, the estimate mixes that with the "
        "effect. The pre-trend test can reveal it only for the years the collection holds.",
        "Changes in reporting. A change in definitions, guidance or which schools respond, "
        "at the same time as many partnerships start, would move the estimates too.",
        "Other changes at the same time. Funding or programmes that arrive in a school with "
        "its partnership (from a Violence Reduction Unit, say) are part of what is estimated.",
    ),
)

PLAN = Section(
    "The plan is fixed before the data are seen",
    (
        "The analysis plan is written in the service's code: the outcomes, the comparison "
        "schools, the allowance for phase, size and region, the groups (each model, each "
        "phase, each country and region), the minimum numbers of schools and the test of "
        "trends. It was fixed before any collection's outcomes were looked at and is the same "
        "every year. Changing it is a change to the code, reviewed and recorded like any "
        "other, so the estimates cannot be tuned to give a wanted answer.",
    ),
)

SECTIONS = (QUESTION, ESTIMATED, UNCERTAINTY, ASSUMPTIONS, WRONG, PLAN)

CAVEATS = (
    "These are estimates from the schools' own figures, not a trial: schools were not given "
    "partnerships at random.",
    "Partnerships go to schools with more incidents in the first place. The estimates allow "
    "for that by following the same schools over time; the raw comparison does not.",
    "An officer on site may bring more incidents to light, which would make a partnership "
    "look less effective on incidents than it is.",
    "Where the interval includes zero there is no clear effect, which is not the same as no "
    "effect: effects smaller than the minimum detectable effect could be missed.",
)
