"""What a signed-out visitor meets: the start page, help that leads only to public pages, the
rules in words and an accessibility statement on the GOV.UK model."""

from __future__ import annotations

from datetime import date

from flask.testing import FlaskClient

from tests.pages import get
from tests.returns.factories import create_collection


def test_a_signed_out_visitor_to_the_home_page_meets_the_start_page(client: FlaskClient) -> None:
    """/ leads to the start page, which says what to have ready and leads on to sign in."""
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/start"
    page = get(client, "/start")
    assert page.heading == "Tell us about Safer School Partnerships"
    for heading in (
        "Who should use this service",
        "Before you start",
        "How long it takes",
        "When to send your return",
    ):
        assert heading in [h.get_text(strip=True) for h in page.soup.select("h2")]
    start = page.soup.select_one("a.govuk-button--start")
    assert start is not None and start["href"] == "/sign-in"
    assert "No collection is open at the moment" in page.text


def test_the_start_page_gives_the_deadline_of_the_open_collection(client: FlaskClient) -> None:
    """The newest open collection's deadline, in words."""
    create_collection(
        title="Safer School Partnerships 2040/41", time_period="204041", deadline=date(2041, 6, 30)
    )
    page = get(client, "/start")
    assert "Send your return by 30 June 2041" in page.text


def test_help_links_only_to_pages_a_signed_out_visitor_can_open(client: FlaskClient) -> None:
    """Every link of the help page's content opens without signing in."""
    page = get(client, "/help")
    links = [str(a["href"]) for a in page.soup.select("main a[href^='/']")]
    assert "/validation-rules" in links and "/start" in links
    for href in links:
        assert client.get(href).status_code == 200, href


def test_the_accessibility_statement_follows_the_govuk_model(client: FlaskClient) -> None:
    """Its sections, the content that is not accessible and when it was prepared and reviewed."""
    page = get(client, "/accessibility")
    headings = [h.get_text(strip=True) for h in page.soup.select("h2, h3")]
    for expected in (
        "How accessible this service is",
        "Feedback and contact information",
        "Reporting accessibility problems with this service",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "Non-compliance with the accessibility regulations",
        "Disproportionate burden",
        "What we\u2019re doing to improve accessibility",
        "Preparation of this accessibility statement",
    ):
        assert expected in headings, expected
    assert "This statement was prepared on" in page.text
    assert "It was last reviewed on" in page.text
