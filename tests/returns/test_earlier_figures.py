"""Figures from the return before are labelled with the year they describe, not the year of the
collection that asked for them; and the force's question pages have a plain heading."""

from __future__ import annotations

from datetime import date

from flask.testing import FlaskClient

from sspcollect.models import CollectionStatus, ReturnStatus
from tests.factories import create_school, organisation_for
from tests.pages import get
from tests.returns.factories import create_collection, create_partnership, create_return
from tests.returns.force_steps import FORCE, force_return, police_user, url

# As the service runs them: the 2026/27 collection asks about 2025/26 (YEAR_2025_26's period),
# and the 2025/26 collection before it asked about 2024/25.
THIS_YEAR = {"title": "Safer School Partnerships 2026/27", "time_period": "202627"}
YEAR_BEFORE = {
    "title": "Safer School Partnerships 2025/26",
    "time_period": "202526",
    "period_start": date(2024, 9, 1),
    "period_end": date(2025, 8, 31),
    "reference_date": date(2024, 10, 1),
    "opens_on": date(2025, 5, 1),
    "deadline": date(2025, 9, 30),
    "closes_on": date(2025, 10, 31),
    "status": CollectionStatus.CLOSED,
}


def test_the_force_check_names_the_year_last_years_figures_describe(client: FlaskClient) -> None:
    """The 2025/26 return asked about 2024/25, so its figures are "in 2024/25"."""
    create_return(
        organisation_for(FORCE),
        create_collection(**YEAR_BEFORE),
        "force",
        status=ReturnStatus.ACCEPTED,
    )
    return_ = force_return(**THIS_YEAR)
    create_partnership(schools=[create_school()])
    police_user(client)
    page = get(client, url(return_, "/check-your-answers"))
    text = " ".join(page.text.split())
    assert "Under each figure is the same partnership\u2019s figure in 2024/25." in text
    assert "figure in 2025/26" not in text


def test_the_question_pages_of_the_force_return_have_a_plain_heading(
    client: FlaskClient,
) -> None:
    """The caption and the question, never their markup as text."""
    return_ = force_return()
    create_partnership(schools=[create_school()])
    police_user(client)
    for path in ("/confirm-register", "/nil-return"):
        page = get(client, url(return_, path))
        heading = page.soup.select_one("h1")
        assert heading is not None, path
        assert "<span" not in heading.get_text(), path
        caption = heading.select_one(".govuk-caption-l")
        assert caption is not None and caption.get_text(strip=True) == "Force return 2025/26"
