"""Steps of the force return journey, taken through the pages as a police user would."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask.testing import FlaskClient

from sspcollect.models import Partnership, Return, Role, User
from tests.factories import create_user, organisation_for, sign_in
from tests.pages import Page, get
from tests.returns.factories import create_collection, create_return

FORCE = "E23000014"  # West Midlands; the default test school (Birmingham) is in it

COUNTS = {
    "crimes_recorded": "12",
    "violent_crimes_recorded": "4",
    "weapon_incidents": "1",
    "asb_incidents": "20",
    "safeguarding_referrals": "7",
    "diversion_referrals": "3",
    "sessions_delivered": "40",
    "pupils_engaged": "250",
}


# A collection asking about 2025/26 (1 September 2025 to 31 August 2026).
YEAR_2025_26 = {
    "title": "Safer School Partnerships 2025/26",
    "time_period": "202526",
    "period_start": date(2025, 9, 1),
    "period_end": date(2026, 8, 31),
    "reference_date": date(2025, 10, 1),
    "opens_on": date(2026, 5, 1),
    "deadline": date(2026, 9, 30),
    "closes_on": date(2026, 10, 31),
}


def force_return(force: str = FORCE, **collection: Any) -> Return:
    """A not-started force return in a new open collection (default: 2025/26)."""
    settings = YEAR_2025_26 | collection
    return create_return(organisation_for(force), create_collection(**settings), "force")


def police_user(client: FlaskClient, force: str = FORCE) -> User:
    """A police user of force, signed in on client."""
    user = create_user(Role.POLICE, force)
    sign_in(client, user)
    return user


def url(return_: Return, path: str = "") -> str:
    """The address of a page of the return's journey."""
    return f"/returns/{return_.id}/force{path}"


def outcomes_url(return_: Return, partnership: Partnership) -> str:
    """The outcomes page of one partnership."""
    return url(return_, f"/outcomes/{partnership.id}")


def checked(response: Any, expected_status: int) -> Page:
    """Wrap a response, checking its status and the title conventions of tests.pages."""
    page = Page(response)
    assert page.status == expected_status, f"{page.status} != {expected_status}: {page.text[:800]}"
    if page.status in (200, 409) and response.mimetype == "text/html":
        assert page.title.endswith("GOV.UK"), page.title
        assert page.title.startswith("Error: ") == bool(page.errors), page.title
    return page


def hidden_fields(page: Page) -> dict[str, str]:
    """The hidden fields (CSRF token, version) of the page's main form."""
    form = page.soup.select_one("main form[method=post]")
    assert form is not None, "the page has no form"
    return {
        str(field["name"]): str(field.get("value", ""))
        for field in form.select("input[type=hidden]")
    }


def send(
    client: FlaskClient,
    address: str,
    data: dict[str, Any] | None = None,
    expected_status: int = 302,
    loaded: Page | None = None,
) -> Page:
    """Post data from the form on address (or on a page loaded earlier), as a browser would."""
    form_page = loaded or get(client, address)
    payload = {**hidden_fields(form_page), **(data or {})}
    return checked(client.post(address, data=payload), expected_status)


def give_outcomes(
    client: FlaskClient,
    return_: Return,
    partnership: Partnership,
    counts: dict[str, str] | None = None,
    expected_status: int = 302,
) -> Page:
    """Fill in the outcomes page of one partnership."""
    return send(client, outcomes_url(return_, partnership), counts or COUNTS, expected_status)


# The declaration made on check your answers.
DECLARED = {
    "declarant_name": "Priya Shah",
    "declarant_role": "Safer School Partnerships coordinator",
    "declared": "yes",
}


def complete(client: FlaskClient, return_: Return, partnerships: list[Partnership]) -> None:
    """Confirm the register and give every partnership's counts."""
    send(client, url(return_, "/confirm-register"), {"confirmed": "yes"})
    for partnership in partnerships:
        give_outcomes(client, return_, partnership)


def submit(client: FlaskClient, return_: Return, expected_status: int = 302, **data: str) -> Page:
    """Make the declaration and press Submit return on the check answers page."""
    return send(
        client,
        url(return_, "/check-your-answers"),
        {"action": "submit", **DECLARED, **data},
        expected_status,
    )


def task_statuses(page: Page) -> dict[str, str]:
    """Each task's name and status on a task list page."""
    return {
        item.select_one(
            ".govuk-task-list__name-and-hint a, .govuk-task-list__name-and-hint div"
        ).get_text(" ", strip=True): item.select_one(".govuk-task-list__status").get_text(
            " ", strip=True
        )
        for item in page.soup.select(".govuk-task-list__item")
    }
