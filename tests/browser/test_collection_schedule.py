"""In Chromium: a collection opens when it says, and an admin can put a draft right or delete it.

An admin creates a draft typing the year as people write it, changes it, deletes another
draft made by mistake, then opens a collection dated to open on 1 April 2028: the demo
school sees "Opens on 1 April 2028" and cannot start the return; the reminder schedule
says which reminders were moved off weekends and bank holidays.
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
    sign_in_as,
    sign_out,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

TITLE = "Opens in April 2028"
MISTAKE = "Made by mistake 2086/87"


def _create(page: Page, server: LiveServer, title: str, year: str) -> None:
    """Create a draft collection that opens on 1 April 2028."""
    page.goto(server.url("/collections/new"))
    page.get_by_label("Title").fill(title)
    page.get_by_label("Academic year of the collection").fill(year)
    fill_date(page, "Reference date", "1", "3", "2028")
    fill_date(page, "Opening date", "1", "4", "2028")
    fill_date(page, "Deadline", "14", "5", "2028")
    fill_date(page, "Closing date", "30", "6", "2028")
    follow(page.get_by_role("button", name="Create collection"))


def test_a_collection_opens_on_its_opening_date_and_a_draft_can_be_put_right(
    live_server: LiveServer, browser_page: Page, axe: Axe
) -> None:
    """Finding 4: no early start, a draft changed and deleted, "2027/28" accepted."""
    page = browser_page
    sign_in_as(page, live_server, "admin")

    _create(page, live_server, MISTAKE, "2086 to 2087")
    assert heading(page) == MISTAKE
    follow(page.get_by_role("link", name="Delete draft"))
    axe(page)
    follow(page.get_by_role("button", name="Delete draft"))
    assert f"The draft collection \u201c{MISTAKE}\u201d has been deleted" in (
        page.locator(".govuk-notification-banner").inner_text()
    )

    _create(page, live_server, "A title with a typo", "2027/28")
    assert "Academic year of the collection 2027/28" in " ".join(
        page.locator("main").inner_text().split()
    )
    follow(page.get_by_role("button", name="Change details"))
    axe(page)
    page.get_by_label("Title").fill(TITLE)
    follow(page.get_by_role("button", name="Save changes"))
    assert heading(page) == TITLE

    open_to_every_phase(page)
    text = page.locator("main").inner_text()
    assert "Schools and police forces can start their returns on 1 April 2028." in text
    follow(page.get_by_role("link", name="Reminder schedule and emails sent"))
    schedule = page.locator("main").inner_text()
    # 14 May 2028 is a Sunday: the reminder 7 days before (Sunday 7 May) goes on Friday 5 May.
    assert "Moved from Sunday 7 May 2028 (a weekend)" in schedule
    assert "No message goes out at a weekend or on a bank holiday" in schedule
    axe(page)
    sign_out(page)

    sign_in_as(page, live_server, "school")
    home = page.locator("main").inner_text()
    assert "Opens on 1 April 2028" in home
    assert page.get_by_role("link", name=f"Start the return for {TITLE}").count() == 0
    axe(page)
