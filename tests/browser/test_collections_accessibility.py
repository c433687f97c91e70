"""The collection pages and the rules page pass axe in Chromium, through a whole journey.

An admin creates a collection (first with every answer missing), opens it to four phases and
closes it; each page on the way is checked. The collections use academic years far in the
future (2097/98, 2098/99) so that they never meet the demo's own collections.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sspcollect.demo import DEMO_PASSWORD
from tests.browser.conftest import LiveServer, fill_sign_in, follow

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def sign_in_as(page: Page, server: LiveServer, role: str) -> None:
    """Sign in as the demo's first user with role."""
    email, _organisation = server.first_user(role)
    page.goto(server.url("/sign-in"))
    fill_sign_in(page, email, DEMO_PASSWORD)
    page.wait_for_url(lambda url: "/sign-in" not in url)


def fill_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    """Type a date into the GOV.UK date input whose legend is legend."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def test_admin_journey_through_the_collection_pages_is_accessible(
    live_server: LiveServer,
    browser_page: Page,
    axe: Callable[[Page], dict[str, Any]],
) -> None:
    """Create (with errors, then right), view, choose phases, check, open, close."""
    page = browser_page
    sign_in_as(page, live_server, "admin")
    follow(page.get_by_role("link", name="Collections", exact=True))
    assert page.locator("h1").inner_text() == "Collections"
    axe(page)

    follow(page.get_by_role("button", name="Create a collection"))
    page.get_by_label("Academic year of the collection").fill("")
    follow(page.get_by_role("button", name="Create collection"))
    assert page.title().startswith("Error: ")
    axe(page)

    page.get_by_label("Title").fill("Benchmark year 2098/99")
    page.get_by_label("Academic year of the collection").fill("209899")
    fill_date(page, "Reference date", "31", "3", "2099")
    fill_date(page, "Opening date", "1", "4", "2099")
    fill_date(page, "Deadline", "14", "5", "2099")
    fill_date(page, "Closing date", "30", "6", "2099")
    follow(page.get_by_role("button", name="Create collection"))
    assert page.locator("h1").inner_text() == "Benchmark year 2098/99"
    axe(page)

    follow(page.get_by_role("button", name="Open collection"))
    for phase in ["Nursery", "Middle deemed primary", "Middle deemed secondary", "16 plus"]:
        page.get_by_label(phase, exact=True).uncheck()
    follow(page.get_by_role("button", name="Continue"))
    assert page.locator("h1").inner_text() == "Check before you open the collection"
    axe(page)

    follow(page.get_by_role("button", name="Open collection"))
    assert "force returns created" in page.locator(".govuk-notification-banner").inner_text()
    axe(page)

    follow(page.get_by_role("button", name="Close collection"))
    assert "close the collection" in page.locator("h1").inner_text()
    axe(page)
    follow(page.get_by_role("button", name="Close collection"))
    assert "its returns are locked" in page.locator(".govuk-notification-banner").inner_text()


def test_phase_page_with_an_error_is_accessible(
    live_server: LiveServer,
    browser_page: Page,
    axe: Callable[[Page], dict[str, Any]],
) -> None:
    """No phase ticked: the error summary and the error on the checkboxes pass axe."""
    page = browser_page
    sign_in_as(page, live_server, "admin")
    page.goto(live_server.url("/collections/new"))
    page.get_by_label("Title").fill("Draft 2097/98")
    page.get_by_label("Academic year of the collection").fill("209798")
    fill_date(page, "Reference date", "31", "3", "2098")
    fill_date(page, "Opening date", "1", "4", "2098")
    fill_date(page, "Deadline", "14", "5", "2098")
    fill_date(page, "Closing date", "30", "6", "2098")
    follow(page.get_by_role("button", name="Create collection"))
    follow(page.get_by_role("button", name="Open collection"))
    for box in page.get_by_role("checkbox").all():
        box.uncheck()
    follow(page.get_by_role("button", name="Continue"))
    assert page.title().startswith("Error: ")
    axe(page)


def test_rules_page_is_accessible(
    live_server: LiveServer,
    browser_page: Page,
    axe: Callable[[Page], dict[str, Any]],
) -> None:
    """The validation rules page, reached from the help page, passes axe."""
    page = browser_page
    sign_in_as(page, live_server, "school")
    page.goto(live_server.url("/help"))
    follow(page.get_by_role("link", name="See every validation rule"))
    assert page.locator("h1").inner_text() == "Validation rules"
    axe(page)
