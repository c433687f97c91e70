"""The rule catalogue page: every check the service makes, as the people filling returns see it."""

from __future__ import annotations

import re

from flask import Blueprint, render_template

from sspcollect.accounts.access import public
from sspcollect.content.changes import field_label
from sspcollect.content.rules import rule_name
from sspcollect.validation import CATALOGUE, SCOPE_LABELS, Level, Rule

bp = Blueprint("rules", __name__)

LEVEL_LABELS = {
    Level.ERROR: "Error \N{EN DASH} must be fixed",
    Level.QUERY: "Query \N{EN DASH} explain it",
}

# What the service writes in place of each {name} a message fills in from the return.
PLACEHOLDERS = {
    "urns": "URN",
    "urns_sentence": "The school with URN \u2026 is",
    "closed": "The school with URN \u2026 is",
    "it": "it",
    "active": "number of partnerships",
    "them": "them",
    "schools": "number of schools",
    "attendance": "percentage",
    "suspensions": "number of suspensions",
    "pupils": "number of pupils",
    "changes": "the figures that changed, from last year\u2019s to this year\u2019s",
    "what": "the figure",
}


def readable_message(rule: Rule) -> str:
    """The rule's message with each {name} it fills in written as [what goes there]."""
    return re.sub(
        r"\{(\w+)\}",
        lambda match: f"[{PLACEHOLDERS.get(match[1], match[1].replace('_', ' '))}]",
        rule.message,
    )


def answers_checked(rule: Rule) -> str:
    """The answers a rule looks at, as the forms name them."""
    labels = list(dict.fromkeys(field_label(name) for name in rule.fields))
    return ", ".join(labels)


@bp.route("/validation-rules")
@public
def catalogue() -> str:
    """Every rule of the catalogue, grouped by what it looks at (public: it holds no data)."""
    groups = [
        (
            label,
            [
                (rule, rule_name(rule.id), readable_message(rule), answers_checked(rule))
                for rule in CATALOGUE.in_scope(scope)
            ],
        )
        for scope, label in SCOPE_LABELS.items()
    ]
    return render_template(
        "rules/catalogue.html",
        groups=[(label, rules) for label, rules in groups if rules],
        level_labels=LEVEL_LABELS,
    )
