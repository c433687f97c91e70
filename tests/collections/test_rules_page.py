"""The validation rules page lists the whole catalogue, in words, to anyone."""

from __future__ import annotations

from flask.testing import FlaskClient

from sspcollect.content.rules import rule_name
from sspcollect.models import Role
from sspcollect.validation import CATALOGUE, SCOPE_LABELS
from sspcollect.validation.views import answers_checked
from tests.factories import create_user, sign_in
from tests.pages import get


def test_rules_page_lists_every_rule_of_the_catalogue(client: FlaskClient) -> None:
    """Each rule appears once, in a table for its scope, with its name, level and answers."""
    sign_in(client, create_user(Role.SCHOOL))
    page = get(client, "/validation-rules")
    assert page.heading == "Validation rules"
    rows = {row["id"]: row for row in page.soup.select("tbody tr")}
    assert sorted(rows) == sorted(rule.id for rule in CATALOGUE)
    captions = [c.get_text(strip=True) for c in page.soup.select("caption")]
    assert captions == [SCOPE_LABELS[scope] for scope in SCOPE_LABELS if CATALOGUE.in_scope(scope)]
    for rule in CATALOGUE:
        text = " ".join(rows[rule.id].get_text(" ").split())
        level = (
            "Error \N{EN DASH} must be fixed"
            if rule.level == "error"
            else "Query \N{EN DASH} explain it"
        )
        assert level in text
        assert rule_name(rule.id) in text
        assert f"Rule {rule.id}" in text  # the id as small print
        assert f"Answers it checks: {answers_checked(rule)}" in text
        for code in rule.fields:
            if "_" in code:
                assert code not in text
        if "{" not in rule.message:
            assert rule.message in text


def test_rules_page_writes_placeholders_in_words(client: FlaskClient) -> None:
    """A message that names values from the return shows what goes there, not {braces}."""
    sign_in(client, create_user(Role.POLICE))
    page = get(client, "/validation-rules")
    assert "{" not in page.text
    assert "No school has the URN [URN]; check the URN" in page.text


def test_help_page_links_to_the_rules(client: FlaskClient) -> None:
    """People find the rules from the help page."""
    page = get(client, "/help")
    link = page.soup.find("a", string="See every validation rule")
    assert link is not None and link["href"] == "/validation-rules"


def test_a_signed_out_visitor_can_read_the_rules(client: FlaskClient) -> None:
    """The help page links to the rules, so they are public: they hold no one's data."""
    page = get(client, "/validation-rules")
    assert page.heading == "Validation rules"
    assert "Low attendance" in page.text
