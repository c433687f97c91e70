"""What each validation rule is called: a short name for lists, filters and the rules page.

The rule's message speaks to the person filling a return; its name is how central staff and
the rules page refer to the check. The id stays as small print, for people who quote it.
Names are marked for the Welsh catalogue: the public rules page shows them in the reader's
language, central staff's pages in English.
"""

from __future__ import annotations

from flask_babel import gettext

from sspcollect.content.marking import N_

RULE_NAMES: dict[str, str] = {
    "DEC-001": N_("Declaration: name missing"),
    "DEC-002": N_("Declaration: job title missing"),
    "DEC-003": N_("Declaration not confirmed"),
    "SCH-001": N_("Whether the school has a partnership: not answered"),
    "SCH-002": N_("Partnership\u2019s police force: not answered"),
    "SCH-003": N_("How the partnership works: not answered"),
    "SCH-004": N_("Days a week on site: missing or out of range"),
    "SCH-005": N_("How effective the partnership is: not answered"),
    "SCH-006": N_("Aims it has helped with: not answered"),
    "SCH-007": N_("Comments too long"),
    "SCH-008": N_("Pupils on roll: missing or out of range"),
    "SCH-009": N_("Overall attendance: missing or out of range"),
    "SCH-010": N_("Persistent absence: missing or out of range"),
    "SCH-011": N_("Suspensions: missing or out of range"),
    "SCH-012": N_("Permanent exclusions: missing or out of range"),
    "SCH-013": N_("Violent incidents: missing or out of range"),
    "SCH-014": N_("Incidents involving a weapon: missing or out of range"),
    "SCH-015": N_("Bullying incidents: missing or out of range"),
    "SCH-016": N_("More permanent exclusions than pupils"),
    "SCH-017": N_("Pupils who feel safe: missing or out of range"),
    "SCH-018": N_("How the partnership works, in the school\u2019s words: missing"),
    "SCH-101": N_("Low attendance"),
    "SCH-102": N_("Many suspensions for the number of pupils"),
    "SCH-103": N_("Persistent absence does not fit overall attendance"),
    "SCH-104": N_("Suspensions or exclusions at a nursery or infant school"),
    "POL-001": N_("Partnership reference: missing or too long"),
    "POL-002": N_("Partnership reference used twice"),
    "POL-003": N_("Partnership name: missing or too long"),
    "POL-004": N_("Partnership model: not answered"),
    "POL-005": N_("Other model: not described"),
    "POL-006": N_("Partnership covers no school"),
    "POL-007": N_("School not found"),
    "POL-008": N_("Covered school has closed"),
    "POL-009": N_("School\u2019s days a week on site: out of range"),
    "POL-010": N_("Officer role: not answered"),
    "POL-011": N_("Number of officers: missing or out of range"),
    "POL-012": N_("Full-time equivalent: missing or out of range"),
    "POL-013": N_("Funding source: not answered"),
    "POL-014": N_("Information-sharing agreement: not answered"),
    "POL-015": N_("Start date missing"),
    "POL-016": N_("End date not a real date"),
    "POL-017": N_("End date before start date"),
    "POL-018": N_("Funded until: not a real date"),
    "POL-019": N_("More full-time equivalent than officers"),
    "POL-020": N_("Crimes recorded: missing or out of range"),
    "POL-021": N_("Violent crimes recorded: missing or out of range"),
    "POL-022": N_("Incidents involving a weapon: missing or out of range"),
    "POL-023": N_("Anti-social behaviour incidents: missing or out of range"),
    "POL-024": N_("Safeguarding referrals: missing or out of range"),
    "POL-025": N_("Diversion referrals: missing or out of range"),
    "POL-026": N_("Sessions delivered: missing or out of range"),
    "POL-027": N_("Pupils engaged: missing or out of range"),
    "POL-028": N_("More violent crimes than crimes"),
    "POL-030": N_("Register not confirmed"),
    "POL-031": N_("No partnerships and no nil return"),
    "POL-032": N_("Nil return but the register lists partnerships"),
    "POL-101": N_("Cluster partnership covering one school"),
    "POL-102": N_("School-based officer covering several schools"),
    "POL-103": N_("Covered school outside the force area"),
    "POL-104": N_("Funding ran out before the reference date"),
    "POL-105": N_("More pupils engaged than on roll"),
    "XRT-001": N_("School has a partnership the force\u2019s register does not show"),
    "XRT-002": N_("Force\u2019s register covers a school that says it has none"),
    "YOY-001": N_("School figures changed a lot since last year"),
    "YOY-002": N_("Partnership counts changed a lot since last year"),
}


def rule_name(rule_id: str) -> str:
    """The rule's name, in English, as central staff read it (a rule since withdrawn is named by
    its id)."""
    return RULE_NAMES.get(rule_id, f"Rule {rule_id}, no longer used")


def rule_name_in_language(rule_id: str) -> str:
    """The rule's name in the language of the page, for the public rules page."""
    if rule_id in RULE_NAMES:
        return gettext(RULE_NAMES[rule_id])
    return gettext("Rule %(rule)s, no longer used", rule=rule_id)
