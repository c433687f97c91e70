"""In Chromium: a collection asks about a period that has ended, numbers are read as typed, and
answers set aside by "No" come back with "Yes".

An admin creates a collection as people write years ("2088 to 2089"), is refused a period
that ends after the deadline, then opens it; the demo school then meets its questions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import LiveServer, follow
from tests.browser.test_school_return import (
    Axe,
    fill_date,
    heading,
    open_to_every_phase,
    save_and_continue,
    sign_in_as,
    sign_out,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

TITLE = "Figures as meant 2088/89"


def _create_and_open(page: Page, server: LiveServer, axe: Axe) -> None:
    """As an admin: a period not yet ended is refused; the year just ended is taken."""
    sign_in_as(page, server, "admin")
    page.goto(server.url("/collections/new"))
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Academic year of the collection").fill("2088 to 2089")
    page.get_by_label("Academic year the figures describe").fill("2025/26")
    fill_date(page, "Reference date", "1", "10", "2025")
    fill_date(page, "Opening date", "3", "11", "2025")
    fill_date(page, "Deadline", "12", "12", "2025")
    fill_date(page, "Closing date", "16", "1", "2026")
    follow(page.get_by_role("button", name="Create collection"))
    refused = (
        "The figures must describe a period that has ended by the deadline: 2025/26 ends on "
        "31 August 2026, after the deadline of 12 December 2025. Choose an academic year "
        "that has ended, such as 2024/25"
    )
    page.get_by_role("link", name=refused).wait_for()
    axe(page)
    page.get_by_label("Academic year the figures describe").fill("2024/25")
    follow(page.get_by_role("button", name="Create collection"))
    assert heading(page) == TITLE
    details = page.locator("main").inner_text()
    assert "2024/25: 1 September 2024 to 31 August 2025" in details
    open_to_every_phase(page)
    sign_out(page)


def test_figures_are_asked_for_an_ended_period_read_as_typed_and_never_lost(
    live_server: LiveServer, browser_page: Page, axe: Axe
) -> None:
    """Findings 1 to 3: the period in words, 8,5 refused, No then Yes keeps the answers."""
    page = browser_page
    _create_and_open(page, live_server, axe)

    sign_in_as(page, live_server, "school")
    follow(page.get_by_role("link", name=f"Start the return for {TITLE}"))
    assert "1 September 2024 to 31 August 2025" in page.locator("main").inner_text()
    follow(page.get_by_role("link", name="Your Safer School Partnership"))

    # Finding 3: partnership answers, then No, then Yes again.
    page.get_by_label("Yes").check()
    save_and_continue(page, axe, "Does your school have a Safer School Partnership?")
    save_and_continue(page, axe, "Which police force is your partnership with?")
    page.get_by_label("Cluster officer").check()
    save_and_continue(page, axe, "How does your partnership work?")
    page.get_by_label("How many days a week").fill("1.5")
    save_and_continue(page, axe, "How many days a week is the officer at your school?")
    page.get_by_label("4 \u2013 Effective").check()
    save_and_continue(page, axe, "How effective is the partnership?")
    page.get_by_label("Safeguarding").check()
    save_and_continue(page, axe, "Which aims has the partnership helped with?")
    comment = "The officer runs a weekly drop-in at lunchtime."
    page.get_by_label("Your comments (optional)").fill(comment)
    save_and_continue(page, axe, "Do you have any comments on the partnership?")

    page.goto(page.url.rsplit("/", 1)[0] + "/has-partnership")
    assert "set aside, not deleted" in page.locator("main").inner_text()
    page.get_by_label("No", exact=True).check()
    save_and_continue(page, axe, "Does your school have a Safer School Partnership?")
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "Your answers about the partnership" in banner and "are set aside" in banner
    axe(page)

    # Finding 1: the question page states the period in words, not the year under way.
    text = page.locator("main").inner_text()
    assert "Your school\u2019s figures for 2024/25" in page.locator("h1").inner_text()
    assert "the academic year 2024/25 (1 September 2024 to 31 August 2025)" in text
    assert "2088/89" not in text

    # Finding 2: "8,5" is refused with a message saying how to write it; nothing is guessed.
    page.get_by_label("Pupils on roll").fill("1,204")
    page.get_by_label("Overall attendance").fill("88")
    page.get_by_label("Persistent absence").fill("8,5")
    save_and_continue(page, axe, "Pupils and attendance")
    assert page.title().startswith("Error: ")
    page.get_by_role("link", name="Enter persistent absence as a number, like 8.5").wait_for()
    assert page.get_by_label("Persistent absence").input_value() == "8,5"
    axe(page)
    page.get_by_label("Persistent absence").fill("8.5")
    page.get_by_label("Pupils on roll").fill("1.3")
    save_and_continue(page, axe, "Pupils and attendance")
    page.get_by_role(
        "link", name="The number of pupils on roll must be a whole number, like 1,204"
    ).wait_for()
    page.get_by_label("Pupils on roll").fill("1,204")
    save_and_continue(page, axe, "Pupils and attendance")
    assert heading(page).endswith("Suspensions and permanent exclusions")

    # Yes again: every partnership answer is back, the comment included.
    page.goto(page.url.rsplit("/", 1)[0] + "/has-partnership")
    assert "Answer \u2018Yes\u2019 to use them again" in page.locator("main").inner_text()
    page.get_by_label("Yes").check()
    save_and_continue(page, axe, "Does your school have a Safer School Partnership?")
    page.goto(page.url.rsplit("/", 1)[0] + "/comments")
    assert page.get_by_label("Your comments (optional)").input_value() == comment
    page.goto(page.url.rsplit("/", 1)[0] + "/officer-time")
    assert page.get_by_label("How many days a week").input_value() == "1.5"
