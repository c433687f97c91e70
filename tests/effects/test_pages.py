"""The reviewers' effectiveness page, the methodology page and `sspcollect estimate-effects`."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sspcollect.effects.publication import clear_cache
from sspcollect.models import Role
from tests.effects.factories import History, build_history
from tests.factories import create_user
from tests.pages import get
from tests.review.world import signed_in


@pytest.fixture
def history(app: Flask) -> History:
    """Four closed collections with the planted effect."""
    clear_cache()
    return build_history()


def test_reviewer_sees_estimates_intervals_pre_trends_and_caveats(
    client: FlaskClient, history: History
) -> None:
    """The headline table, the sentence, the chart with its table, and x with reasons."""
    signed_in(client, create_user(Role.REVIEWER))
    latest = history.collections[-1]
    page = get(client, f"/review/{latest.id}/effectiveness")
    assert page.heading == "Do Safer School Partnerships work?"
    headline = page.soup.find(id="headline")
    assert headline is not None
    cells = {
        row.th.get_text(" ", strip=True).split(" (")[0]: [
            td.get_text(strip=True) for td in row("td")
        ]
        for row in headline.tbody("tr")
    }
    assert cells["Violent incidents"][:2] == ["\u22123.00", "\u22123.00 to \u22123.00"]
    assert cells["Pupils who feel safe"] == ["x"] * 6
    assert (
        "In schools that gained a partnership, violent incidents fell by 3.00 per 1,000 pupils"
        in page.text
    )
    assert "the schools that gained one changed exactly as the others did" in page.text
    assert "Allowing for the schools of each local authority moving together" in page.text
    chart = page.soup.find(
        "svg",
        attrs={
            "aria-labelledby": "violent-incident-rate-chart-title "
            "violent-incident-rate-chart-caption"
        },
    )
    assert chart is not None and chart.find("title") is not None
    beside = chart.find_parent(class_="govuk-grid-row").find("table")
    years = {row.th.get_text(strip=True): row.td.get_text(strip=True) for row in beside.tbody("tr")}
    assert years == {
        "1 year before": "0.00",
        "First year": "\u22123.00",
        "1 year after": "\u22123.00",
        "2 years after": "\u22123.00",
    }
    assert "Fewer than 20 schools in this group gained a partnership." in page.text
    assert "schools were not given partnerships at random" in page.text
    assert page.soup.find("a", href="/review/effectiveness/methodology") is not None


def test_progress_page_links_to_the_effectiveness_page(
    client: FlaskClient, history: History
) -> None:
    """The review pages' navigation leads to it."""
    signed_in(client, create_user(Role.REVIEWER))
    latest = history.collections[-1]
    page = get(client, f"/review/{latest.id}")
    assert page.soup.find("a", href=f"/review/{latest.id}/effectiveness") is not None


def test_too_few_collections_say_why_nothing_is_estimated(
    client: FlaskClient, history: History
) -> None:
    """Two closed collections: no estimate, and the reason."""
    signed_in(client, create_user(Role.REVIEWER))
    page = get(client, f"/review/{history.collections[1].id}/effectiveness")
    assert "No effects are estimated for this collection. Fewer than 3 closed" in page.text
    assert page.soup.find(id="headline") is None


def test_methodology_says_what_would_make_it_wrong(client: FlaskClient, app: Flask) -> None:
    """The assumptions, the threats and that the plan is fixed before the data are seen."""
    signed_in(client, create_user(Role.REVIEWER))
    page = get(client, "/review/effectiveness/methodology")
    headings = [h.get_text(strip=True) for h in page.soup("h2")]
    assert "What would make it wrong" in headings
    assert "The plan is fixed before the data are seen" in headings
    assert "Self-reported outcomes." in page.text


def test_school_users_cannot_see_the_estimates(client: FlaskClient, history: History) -> None:
    """Central staff only."""
    signed_in(client, create_user(Role.SCHOOL))
    response = client.get(f"/review/{history.collections[-1].id}/effectiveness")
    assert response.status_code in (403, 404)


def test_command_prints_the_estimates_in_words_and_figures(app: Flask, history: History) -> None:
    """The same sentences and figures as the page."""
    result = app.test_cli_runner().invoke(args=["estimate-effects", "--collection", "202526"])
    assert result.exit_code == 0, result.output
    assert "violent incidents fell by 3.00 per 1,000 pupils" in result.output
    assert "All schools: \u22123.00 (95% confidence interval \u22123.00 to \u22123.00)" in (
        result.output
    )
    assert "Secondary schools: x. Fewer than 20 schools" in result.output
    missing = app.test_cli_runner().invoke(args=["estimate-effects", "--collection", "199900"])
    assert missing.exit_code != 0 and "No collection" in missing.output


def test_reviewer_downloads_the_file_the_datasets_carry(
    client: FlaskClient, history: History
) -> None:
    """The data file and its metadata; any other name, or too few collections, is 404."""
    signed_in(client, create_user(Role.REVIEWER))
    latest, early = history.collections[-1], history.collections[1]
    data = client.get(f"/review/{latest.id}/effectiveness/ssp_effectiveness.csv")
    assert data.status_code == 200 and data.mimetype == "text/csv"
    assert data.get_data(as_text=True).startswith("time_period,time_identifier,")
    meta = client.get(f"/review/{latest.id}/effectiveness/ssp_effectiveness.meta.csv")
    assert "violent_incident_effect_lower_ci" in meta.get_data(as_text=True)
    assert client.get(f"/review/{latest.id}/effectiveness/ssp_register.csv").status_code == 404
    early_file = f"/review/{early.id}/effectiveness/ssp_effectiveness.csv"
    assert client.get(early_file).status_code == 404
