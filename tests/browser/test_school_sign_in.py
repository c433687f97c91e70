"""A school user signs in, sees their school and signs out, in a real browser, accessibly."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from sspcollect.demo import DEMO_PASSWORD
from tests.browser.conftest import LiveServer, fill_sign_in, follow

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

SERVICE = "Safer School Partnerships data collection"
DASH = "\N{EN DASH}"
Axe = Callable[["Page"], dict[str, Any]]


def title(page_title: str) -> str:
    """The full <title> of a page of the service."""
    return f"{page_title} {DASH} {SERVICE} {DASH} GOV.UK"


def heading(page: Page) -> str:
    """The page's main heading, as a person reads it."""
    return page.locator("h1").inner_text().strip()


def test_school_user_signs_in_sees_their_school_and_signs_out(
    live_server: LiveServer, browser_page: Page, axe: Axe
) -> None:
    """Sign in through the form, land on the school's page, sign out from the navigation."""
    page = browser_page
    email, school_name = live_server.first_user("school")

    page.goto(live_server.url("/"))
    page.wait_for_url(live_server.url("/start"))
    axe(page)
    follow(page.get_by_role("button", name="Sign in to start"))
    page.wait_for_url(live_server.url("/sign-in"))
    assert heading(page) == "Sign in"
    assert page.title() == title("Sign in")
    axe(page)

    fill_sign_in(page, email, DEMO_PASSWORD)
    page.wait_for_url(live_server.url("/school"))
    assert heading(page) == school_name
    assert page.title() == title(school_name)
    axe(page)

    follow(page.get_by_role("navigation", name="Menu").get_by_role("button", name="Sign out"))
    page.wait_for_url(live_server.url("/sign-in"))
    assert heading(page) == "Sign in"
    assert "You have signed out." in page.locator("main").inner_text()

    page.goto(live_server.url("/school"))
    assert page.url.startswith(live_server.url("/sign-in"))


def test_sign_in_errors_are_accessible(
    live_server: LiveServer, browser_page: Page, axe: Axe
) -> None:
    """A wrong password shows the error summary and field error, and the page stays accessible."""
    page = browser_page
    email, _school_name = live_server.first_user("school")

    page.goto(live_server.url("/sign-in"))
    fill_sign_in(page, email, "not the password")
    page.get_by_role("alert").wait_for()
    assert page.title() == title("Error: Sign in")
    assert "There is a problem" in page.get_by_role("alert").inner_text()
    assert page.get_by_role("link", name="Enter a correct email address and password").count()
    axe(page)


def test_school_user_signs_in_and_out_without_javascript(
    live_server: LiveServer, browser: Browser
) -> None:
    """The service works with JavaScript switched off: every form is a plain HTML form."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        email, school_name = live_server.first_user("school")
        page.goto(live_server.url("/sign-in"))
        fill_sign_in(page, email, DEMO_PASSWORD)
        page.wait_for_url(live_server.url("/school"))
        assert heading(page) == school_name

        follow(page.get_by_role("button", name="Sign out"))
        page.wait_for_url(live_server.url("/sign-in"))
        assert "You have signed out." in page.locator("main").inner_text()
    finally:
        context.close()
