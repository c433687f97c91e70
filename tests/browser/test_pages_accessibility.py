"""Every page anyone can reach, and each role's landing page, meets WCAG 2.2 AA in Chromium."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from sspcollect.demo import DEMO_PASSWORD
from tests.browser.conftest import LiveServer, fill_sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

Axe = Callable[["Page"], dict[str, Any]]

PUBLIC_PAGES = [
    ("/start", "Tell us about Safer School Partnerships"),
    ("/validation-rules", "Validation rules"),
    ("/help", "Help and contact"),
    ("/accessibility", "Accessibility statement for Safer School Partnerships data collection"),
    ("/cookies", "Cookies"),
    ("/privacy", "Privacy notice"),
    ("/forgot-password", "Reset your password"),
    ("/no-such-page", "Page not found"),
]
LANDING_PAGES = [("police", "/police"), ("reviewer", "/overview"), ("admin", "/overview")]


@pytest.mark.parametrize(("path", "heading"), PUBLIC_PAGES)
def test_public_page_is_accessible(
    live_server: LiveServer, browser_page: Page, axe: Axe, path: str, heading: str
) -> None:
    """A page that needs no sign-in shows the heading people expect, and passes axe."""
    browser_page.goto(live_server.url(path))
    assert browser_page.locator("h1").inner_text().strip() == heading
    axe(browser_page)


@pytest.mark.parametrize(("role", "path"), LANDING_PAGES)
def test_landing_page_is_accessible(
    live_server: LiveServer, browser_page: Page, axe: Axe, role: str, path: str
) -> None:
    """A signed-in user's first page passes axe."""
    email, _organisation = live_server.first_user(role)
    browser_page.goto(live_server.url("/sign-in"))
    fill_sign_in(browser_page, email, DEMO_PASSWORD)
    browser_page.wait_for_url(live_server.url(path))
    axe(browser_page)
