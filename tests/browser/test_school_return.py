"""A school completes and submits its return in Chromium, and every page on the way passes axe.

An admin first creates and opens a collection through the collection pages (academic year
2096/97, far from the demo's own), which gives the demo school its return; then the school's
user answers every question, meets an error and a query, and submits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from sspcollect.demo import DEMO_PASSWORD
from tests.browser.conftest import LiveServer, fill_sign_in, follow

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

TITLE = "School return journey 2096/97"
Axe = Callable[["Page"], dict[str, Any]]


def heading(page: Page) -> str:
    """The page's main heading, as a person reads it."""
    return " ".join(page.locator("h1").inner_text().split())


def sign_in_as(page: Page, server: LiveServer, role: str) -> str:
    """Sign in as the demo's first user with role; the organisation's name."""
    email, organisation = server.first_user(role)
    page.goto(server.url("/sign-in"))
    fill_sign_in(page, email, DEMO_PASSWORD)
    page.wait_for_url(lambda url: "/sign-in" not in url)
    return organisation


def sign_out(page: Page) -> None:
    """Sign out from the service navigation."""
    follow(page.get_by_role("navigation", name="Menu").get_by_role("button", name="Sign out"))
    page.wait_for_url(lambda url: "/sign-in" in url)


def fill_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    """Type a date into the GOV.UK date input whose legend is legend."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def open_to_every_phase(page: Page) -> None:
    """On a draft collection's page, open it to every phase of education."""
    follow(page.get_by_role("button", name="Open collection"))
    for box in page.get_by_role("checkbox").all():
        box.check()
    follow(page.get_by_role("button", name="Continue"))
    follow(page.get_by_role("button", name="Open collection"))
    page.locator(".govuk-notification-banner").wait_for()


def open_collection(page: Page, server: LiveServer, axe: Axe) -> None:
    """As an admin, create the collection and open it to every phase: the school gets a return."""
    sign_in_as(page, server, "admin")
    page.goto(server.url("/collections/new"))
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Academic year of the collection").fill("209697")
    # Opened already, so that the school can start its return now.
    fill_date(page, "Reference date", "1", "10", "2025")
    fill_date(page, "Opening date", "3", "11", "2025")
    fill_date(page, "Deadline", "12", "12", "2025")
    fill_date(page, "Closing date", "16", "1", "2026")
    follow(page.get_by_role("button", name="Create collection"))
    assert heading(page) == TITLE
    open_to_every_phase(page)
    axe(page)
    sign_out(page)


def save_and_continue(page: Page, axe: Axe, expected_heading: str) -> None:
    """Check the question page with axe, then press Save and continue."""
    assert expected_heading in heading(page), heading(page)
    axe(page)
    follow(page.get_by_role("button", name="Save and continue"))


def test_school_completes_and_submits_its_return_accessibly(
    live_server: LiveServer, browser_page: Page, axe: Axe
) -> None:
    """From the school's page through every question, check your answers, to the confirmation."""
    page = browser_page
    open_collection(page, live_server, axe)

    school_name = sign_in_as(page, live_server, "school")
    assert heading(page) == school_name
    axe(page)
    follow(page.get_by_role("link", name=f"Start the return for {TITLE}"))
    assert heading(page) == TITLE
    axe(page)
    follow(page.get_by_role("link", name="Your Safer School Partnership"))

    # The first question without an answer: the error summary and the field error.
    save_and_continue(page, axe, "Does your school have a Safer School Partnership?")
    assert page.title().startswith("Error: ")
    page.get_by_role(
        "link", name="Select whether your school has a Safer School Partnership"
    ).wait_for()
    axe(page)
    page.get_by_label("Yes").check()
    save_and_continue(page, axe, "Does your school have a Safer School Partnership?")

    save_and_continue(page, axe, "Which police force is your partnership with?")
    page.get_by_label("Cluster officer").check()
    save_and_continue(page, axe, "How does your partnership work?")
    page.get_by_label("How many days a week").fill("1.5")
    save_and_continue(page, axe, "How many days a week is the officer at your school?")
    page.get_by_label("4 \u2013 Effective").check()
    save_and_continue(page, axe, "How effective is the partnership?")
    page.get_by_label("Reducing violence").check()
    page.get_by_label("Safeguarding").check()
    save_and_continue(page, axe, "Which aims has the partnership helped with?")
    page.get_by_label("Your comments (optional)").fill("Assemblies on knife crime every term.")
    page.get_by_text("You have 963 characters remaining").wait_for()
    save_and_continue(page, axe, "Do you have any comments on the partnership?")

    # Save and come back later, then continue from the school's page.
    page.get_by_label("Pupils on roll").fill("420")
    follow(page.get_by_role("button", name="Save and come back later"))
    assert heading(page) == school_name
    assert "Your answers have been saved" in page.locator(".govuk-notification-banner").inner_text()
    axe(page)
    follow(page.get_by_role("link", name=f"Continue the return for {TITLE}"))
    axe(page)
    follow(page.get_by_role("link", name="Your school\u2019s figures"))

    assert page.get_by_label("Pupils on roll").input_value() == "420"
    page.get_by_label("Overall attendance").fill("80")
    page.get_by_label("Persistent absence").fill("21.5")
    save_and_continue(page, axe, "Pupils and attendance")
    page.get_by_label("Suspensions", exact=True).fill("12")
    page.get_by_label("Permanent exclusions").fill("0")
    save_and_continue(page, axe, "Suspensions and permanent exclusions")
    page.get_by_label("Violent incidents").fill("4")
    page.get_by_label("Incidents involving a weapon").fill("0")
    page.get_by_label("Bullying incidents").fill("9")
    save_and_continue(page, axe, "Incidents")
    page.get_by_label("Our pupils were not surveyed").check()
    save_and_continue(page, axe, "Pupils who feel safe")

    assert heading(page).endswith("Check your answers before submitting your return")
    axe(page)
    # Submitting before explaining the query: the error links to the explanation box.
    follow(page.get_by_role("button", name="Submit return"))
    assert page.title().startswith("Error: ")
    axe(page)
    page.get_by_label("Why was overall attendance below 85%?").fill(
        "A flu outbreak closed two classes for three weeks."
    )
    # The demo force's register may not cover this school: that query needs a sentence too.
    for box in page.locator("textarea").all():
        if not box.input_value():
            box.fill("The officer started visiting this term, after the register was confirmed.")
    page.get_by_label("Your full name").fill("Sam Okafor")
    page.get_by_label("Your job title").fill("Headteacher")
    page.get_by_label("I confirm that").check()
    follow(page.get_by_role("button", name="Submit return"))

    assert heading(page) == "Return submitted"
    axe(page)
    follow(page.get_by_role("link", name="View the answers you submitted"))
    assert heading(page).endswith("Your answers")
    assert "A flu outbreak" in page.locator("main").inner_text()
    axe(page)
    follow(page.get_by_role("link", name="Back to your school"))
    assert heading(page) == school_name
    axe(page)
    follow(page.get_by_role("link", name=f"View the return for {TITLE}"))
    assert "You submitted this return on" in page.locator("main").inner_text()
    axe(page)
