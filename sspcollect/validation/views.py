"""The rule catalogue page: every check the service makes, as the people filling returns see it."""

from __future__ import annotations

import re

from flask import Blueprint, render_template
from flask_babel import gettext

from sspcollect.accounts.access import public
from sspcollect.content.changes import field_label
from sspcollect.content.marking import N_
from sspcollect.content.rules import rule_name_in_language
from sspcollect.validation import CATALOGUE, SCOPE_LABELS, Level, Rule

bp = Blueprint("rules", __name__)

LEVEL_LABELS = {
    Level.ERROR: N_("Error \N{EN DASH} must be fixed"),
    Level.QUERY: N_("Query \N{EN DASH} explain it"),
}

# What the service writes in place of each {name} a message fills in from the return.
PLACEHOLDERS = {
    "urns": N_("URN"),
    "urns_sentence": N_("The school with URN \u2026 is"),
    "closed": N_("The school with URN \u2026 is"),
    "it": N_("it or them"),
    "active": N_("number of partnerships"),
    "them": N_("it or them"),
    "schools": N_("number of schools"),
    "attendance": N_("percentage"),
    "persistent": N_("percentage"),
    "missed": N_("percentage"),
    "suspensions": N_("number of suspensions"),
    "pupils": N_("number of pupils"),
    "engaged": N_("number of pupils"),
    "changes": N_("the figures that changed, from last year\u2019s to this year\u2019s"),
    "what": N_("the figure"),
    "kind": N_("a nursery or infant school"),
    "funded_until": N_("date"),
    "reference_date": N_("date"),
    "fte": N_("full-time equivalent"),
    "officers": N_("number of officers"),
}


def readable_message(rule: Rule) -> str:
    """The rule's message, in the reader's language, with each {name} it fills in written as
    [what goes there]."""
    return re.sub(
        r"\{(\w+)\}",
        lambda match: f"[{gettext(PLACEHOLDERS.get(match[1], match[1].replace('_', ' ')))}]",
        rule.description,
    )


def answers_checked(rule: Rule) -> str:
    """The answers a rule looks at, as the forms name them."""
    labels = list(dict.fromkeys(gettext(field_label(name)) for name in rule.fields))
    return ", ".join(labels)


@bp.route("/validation-rules")
@public
def catalogue() -> str:
    """Every rule of the catalogue, grouped by what it looks at (public: it holds no data)."""
    groups = [
        (
            label,
            [
                (
                    rule,
                    rule_name_in_language(rule.id),
                    readable_message(rule),
                    answers_checked(rule),
                )
                for rule in CATALOGUE.in_scope(scope)
            ],
        )
        for scope, label in ((scope, gettext(label)) for scope, label in SCOPE_LABELS.items())
    ]
    return render_template(
        "rules/catalogue.html",
        groups=[(label, rules) for label, rules in groups if rules],
        level_labels={level: gettext(label) for level, label in LEVEL_LABELS.items()},
    )
