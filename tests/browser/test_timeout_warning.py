"""The GOV.UK timeout warning in Chromium, on a service whose idle timeout is seconds long.

The service here signs out after IDLE_SECONDS without activity and warns WARNING_SECONDS
before, so the dialog opens a few seconds after a page loads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from sspcollect import schema
from sspcollect.models import Role
from sspcollect.reference.load import load_reference_data
from tests.browser.conftest import fill_sign_in, follow, serving
from tests.conftest import make_app
from tests.factories import PASSWORD, create_user

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

Axe = Callable[["Page"], dict[str, Any]]
IDLE_SECONDS = 24
WARNING_SECONDS = 18
# Long enough for the dialog to open (IDLE - WARNING after the last request) with room to spare.
OPENS_WITHIN_MS = (IDLE_SECONDS - WARNING_SECONDS + 10) * 1000
HEADING = "You\N{RIGHT SINGLE QUOTATION MARK}re about to be signed out"


class ShortTimeout:
    """The service with a short idle timeout, and an admin who can sign in to it."""

    def __init__(self, base_url: str, email: str) -> None:
        """Remember where the service is and who signs in."""
        self.base_url = base_url
        self.email = email

    def url(self, path: str) -> str:
        """The absolute URL of a path."""
        return self.base_url + path


@pytest.fixture(scope="module")
def short_timeout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ShortTimeout]:
    """The service, on its own SQLite database, signing out after IDLE_SECONDS."""
    folder = tmp_path_factory.mktemp("short-timeout")
    app = make_app(
        f"sqlite:///{folder / 'short.db'}",
        folder,
        SESSION_IDLE_MINUTES=IDLE_SECONDS / 60,
        SESSION_TIMEOUT_WARNING_SECONDS=WARNING_SECONDS,
    )
    schema.upgrade(app)
    with app.app_context():
        load_reference_data()
        email = create_user(Role.ADMIN).email
    with serving(app) as base_url:
        yield ShortTimeout(base_url, email)


def _signed_in_on_users_page(service: ShortTimeout, page: Page) -> None:
    """Sign in and open the users page, whose search box takes typing."""
    page.goto(service.url("/sign-in"))
    fill_sign_in(page, service.email, PASSWORD)
    page.wait_for_url(service.url("/overview"))  # an admin's first page
    page.goto(service.url("/admin/users"))


def _dialog(page: Page) -> Locator:
    """The timeout warning, found as assistive technology finds it."""
    return page.get_by_role("dialog", name=HEADING)


def _seconds_left(page: Page, service: ShortTimeout) -> int:
    """What the service says is left of the session (asking does not extend it)."""
    answer = page.request.get(service.url("/session")).json()
    assert answer["signed_in"] is True, answer
    return int(answer["seconds_left"])


def test_the_warning_opens_before_the_timeout_and_staying_keeps_what_was_typed(
    short_timeout: ShortTimeout, browser_page: Page, axe: Axe
) -> None:
    page = browser_page
    _signed_in_on_users_page(short_timeout, page)
    search = page.get_by_label("Name or email address")
    search.fill("Patel, not yet searched")
    dialog = _dialog(page)
    assert not dialog.is_visible()

    dialog.wait_for(state="visible", timeout=OPENS_WITHIN_MS)
    assert HEADING in dialog.inner_text()
    countdown = dialog.locator(".app-timeout-dialog__countdown").inner_text()
    assert re.fullmatch(r"\d+ seconds?", countdown), countdown
    stay = dialog.get_by_role("button", name="Stay signed in")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Stay signed in"
    axe(page)

    stay.click()
    dialog.wait_for(state="hidden")
    assert _seconds_left(page, short_timeout) > WARNING_SECONDS
    assert search.input_value() == "Patel, not yet searched"
    assert page.url == short_timeout.url("/admin/users")


def test_escape_means_stay_signed_in(short_timeout: ShortTimeout, browser_page: Page) -> None:
    page = browser_page
    _signed_in_on_users_page(short_timeout, page)
    dialog = _dialog(page)
    dialog.wait_for(state="visible", timeout=OPENS_WITHIN_MS)
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert _seconds_left(page, short_timeout) > WARNING_SECONDS


def test_no_answer_signs_out_and_the_sign_in_page_says_why(
    short_timeout: ShortTimeout, browser_page: Page
) -> None:
    page = browser_page
    _signed_in_on_users_page(short_timeout, page)
    _dialog(page).wait_for(state="visible", timeout=OPENS_WITHIN_MS)
    page.wait_for_url(short_timeout.url("/sign-in"), timeout=(WARNING_SECONDS + 10) * 1000)
    assert "signed out because you had not done anything" in page.locator("main").inner_text()
    page.goto(short_timeout.url("/admin/users"))
    assert page.url.startswith(short_timeout.url("/sign-in"))


def test_the_sign_out_button_signs_out(short_timeout: ShortTimeout, browser_page: Page) -> None:
    page = browser_page
    _signed_in_on_users_page(short_timeout, page)
    dialog = _dialog(page)
    dialog.wait_for(state="visible", timeout=OPENS_WITHIN_MS)
    dialog.get_by_role("button", name="Sign out").click()
    page.wait_for_url(short_timeout.url("/sign-in"))
    assert "You have signed out." in page.locator("main").inner_text()


def test_activity_in_another_tab_closes_the_warning(
    short_timeout: ShortTimeout, browser_page: Page
) -> None:
    page = browser_page
    _signed_in_on_users_page(short_timeout, page)
    dialog = _dialog(page)
    dialog.wait_for(state="visible", timeout=OPENS_WITHIN_MS)

    other_tab = page.context.new_page()
    other_tab.goto(short_timeout.url("/admin"))  # the same session, busy elsewhere
    dialog.wait_for(state="hidden", timeout=WARNING_SECONDS * 1000)
    assert page.url == short_timeout.url("/admin/users")
    assert _seconds_left(page, short_timeout) > WARNING_SECONDS // 2


def test_the_warning_counts_down_in_welsh(
    short_timeout: ShortTimeout, browser_page: Page, axe: Axe
) -> None:
    """Signed in in Welsh, the dialog and its countdown are in Welsh (Intl.PluralRules("cy"))."""
    page = browser_page
    page.goto(short_timeout.url("/sign-in?lang=cy"))
    page.get_by_label("Cyfeiriad e-bost").fill(short_timeout.email)
    page.get_by_label("Cyfrinair", exact=True).fill(PASSWORD)
    follow(page.get_by_role("button", name="Mewngofnodi", exact=True))
    page.wait_for_url(short_timeout.url("/overview"))
    dialog = page.get_by_role("dialog", name="Rydych chi ar fin cael eich allgofnodi")

    dialog.wait_for(state="visible", timeout=OPENS_WITHIN_MS)
    countdown = dialog.locator(".app-timeout-dialog__countdown").inner_text()
    assert re.fullmatch(r"\d+ eiliad", countdown), countdown
    assert "Er eich diogelwch, byddwn yn eich allgofnodi ymhen" in dialog.inner_text()
    assert page.evaluate("() => document.documentElement.lang") == "cy"
    axe(page)
    dialog.get_by_role("button", name="Aros wedi mewngofnodi").click()
    dialog.wait_for(state="hidden")
    # Back to English for anyone signing in as this admin after.
    page.goto(short_timeout.url("/overview?lang=en"))
