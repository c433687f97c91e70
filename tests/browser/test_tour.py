"""The browser tour: each kind of user walks their pages; every page is checked and photographed.

Run it alone with `make tour`; the screenshots land in `test-results/tour/<journey>/`, at 1280
and at 320 pixels wide. Each page passes axe and reflows at 320 pixels (see tests/browser/tour.py).
The journeys read the demo's pages without changing them, so they can run in any order beside
the other browser tests; journeys that change data belong in their own tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from sspcollect.demo import DEMO_PASSWORD
from tests.browser.conftest import LiveServer, fill_sign_in, follow
from tests.browser.tour import Tour

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

Axe = Callable[["Page"], dict[str, Any]]


@pytest.fixture
def tour(request: pytest.FixtureRequest, axe: Axe) -> Iterator[Tour]:
    """A tour named after the test's journey (test_tour_school → school)."""
    journey = request.node.name.removeprefix("test_tour_")
    yield Tour(journey, axe)


def sign_in(page: Page, server: LiveServer, email: str) -> None:
    """Sign in as the demo user with this email."""
    page.goto(server.url("/sign-in"))
    fill_sign_in(page, email, DEMO_PASSWORD)
    page.wait_for_url(lambda url: "/sign-in" not in url)


def sign_in_as(page: Page, server: LiveServer, role: str) -> None:
    """Sign in as the demo's first user with this role."""
    email, _organisation = server.first_user(role)
    sign_in(page, server, email)


def visit(page: Page, server: LiveServer, path: str) -> None:
    """Open a page of the service by its path, and fail on anything but a page that loaded."""
    response = page.goto(server.url(path))
    assert response is not None and response.ok, f"{path} answered {response and response.status}"


def follow_first(page: Page, selector: str) -> str:
    """Follow the first link matching the CSS selector; the path it led to."""
    link = page.locator(selector).first
    follow(link)
    return page.url


def test_tour_public(live_server: LiveServer, browser_page: Page, tour: Tour) -> None:
    """Someone not signed in: the first page, sign-in, and the pages every service has."""
    page = browser_page
    visit(page, live_server, "/")
    assert page.url == live_server.url("/start")
    tour.look(page, "start page")
    for path, name in [
        ("/validation-rules", "validation rules"),
        ("/sign-in", "sign in"),
        ("/forgot-password", "reset your password"),
        ("/help", "help"),
        ("/accessibility", "accessibility statement"),
        ("/cookies", "cookies"),
        ("/privacy", "privacy notice"),
    ]:
        visit(page, live_server, path)
        tour.look(page, name)
    page.goto(live_server.url("/no-such-page"))
    tour.look(page, "page not found")


def test_tour_school(live_server: LiveServer, browser_page: Page, tour: Tour) -> None:
    """A school user: their home page, their return's sections and questions, check answers."""
    page = browser_page
    sign_in_as(page, live_server, "school")
    tour.look(page, "school home")
    follow_first(page, "main a[href*='/returns/'][href$='/school']")
    tour.look(page, "return overview")
    questions = page.locator("main a[href*='/school/']").evaluate_all(
        "links => [...new Set(links.map(a => a.getAttribute('href')))]"
    )
    for href in questions:
        visit(page, live_server, href)
        tour.look(page, href.rsplit("/", 1)[-1])
    visit(page, live_server, "/validation-rules")
    tour.look(page, "validation rules")
    follow(page.get_by_role("link", name="Your account"))
    tour.look(page, "your account")
    for path, name in [("/account/name", "change your name"), ("/account/password", "password")]:
        visit(page, live_server, path)
        tour.look(page, name)


def test_tour_police(live_server: LiveServer, browser_page: Page, tour: Tour) -> None:
    """A police user: their force's page, the register, a partnership, the force return."""
    page = browser_page
    sign_in_as(page, live_server, "police")
    tour.look(page, "force home")
    visit(page, live_server, "/register")
    tour.look(page, "register")
    follow_first(page, "main a[href*='/register/']:not([href*='/register/add'])")
    tour.look(page, "partnership")
    visit(page, live_server, "/register/add")
    tour.look(page, "add a partnership")
    visit(page, live_server, "/register/upload")
    tour.look(page, "upload the register")
    visit(page, live_server, "/police")
    follow_first(page, "main a[href*='/returns/'][href$='/force']")
    tour.look(page, "force return task list")
    tasks = page.locator("main a[href*='/force/']").evaluate_all(
        "links => [...new Set(links.map(a => a.getAttribute('href')))]"
    )
    for href in tasks:
        visit(page, live_server, href)
        tour.look(page, href.split("/force/", 1)[-1])


def test_tour_reviewer(live_server: LiveServer, browser_page: Page, tour: Tour) -> None:
    """A reviewer: the national overview, progress, the returns, one return, the datasets."""
    page = browser_page
    sign_in_as(page, live_server, "reviewer")
    tour.look(page, "national overview")
    visit(page, live_server, "/review")
    tour.look(page, "review")
    follow_first(page, "main a[href^='/review/']")
    tour.look(page, "progress")
    collection_path = page.url.removeprefix(live_server.base_url)
    visit(page, live_server, f"{collection_path}/returns")
    tour.look(page, "returns")
    follow_first(page, "main a[href*='/review/returns/']")
    tour.look(page, "one return")
    # The demo's open collection, by name: other browser tests may have added newer ones.
    visit(page, live_server, "/review")
    follow(page.get_by_role("link", name="Returns of Safer School Partnerships 2026/27"))
    this_year = page.url.removeprefix(live_server.base_url).removesuffix("/returns")
    visit(page, live_server, f"{this_year}/returns?status=submitted&outstanding=no&kind=school")
    tour.look(page, "submitted returns")
    follow_first(page, "main tbody a[href*='/review/returns/']")
    tour.look(page, "one submitted return")
    follow(page.get_by_role("link", name="Compare with the Safer School Partnerships 2025/26"))
    tour.look(page, "compare with the previous return")
    visit(page, live_server, f"{this_year}/returns/accept?status=submitted")
    tour.look(page, "accept returns")
    visit(page, live_server, f"{this_year}/returns/remind?kind=school")
    tour.look(page, "send reminders")
    visit(page, live_server, f"{collection_path}/reconciliation")
    tour.look(page, "reconciliation")
    visit(page, live_server, "/datasets")
    tour.look(page, "datasets")
    follow_first(page, "main a[href^='/datasets/']")
    tour.look(page, "a collection's datasets")
    follow_first(page, "main a[href*='/record-level']")
    tour.look(page, "record-level register")


def test_tour_admin(live_server: LiveServer, browser_page: Page, tour: Tour) -> None:
    """An admin: collections, users, organisations, force areas and the audit log."""
    page = browser_page
    sign_in_as(page, live_server, "admin")
    tour.look(page, "admin home")
    visit(page, live_server, "/collections")
    tour.look(page, "collections")
    follow_first(page, "main a[href^='/collections/']:not([href$='/new'])")
    tour.look(page, "one collection")
    visit(page, live_server, "/collections/new")
    tour.look(page, "create a collection")
    visit(page, live_server, "/collections")
    follow(page.get_by_role("link", name="Safer School Partnerships 2026/27"))
    follow(page.get_by_role("link", name="Reminder schedule and emails sent"))
    tour.look(page, "reminder schedule")
    page.go_back()
    follow(page.get_by_role("button", name="Change dates"))
    tour.look(page, "change the dates of an open collection")
    visit(page, live_server, "/collections")
    follow(page.get_by_role("link", name="Safer School Partnerships 2025/26"))
    follow(page.get_by_role("button", name="Reopen collection"))
    tour.look(page, "reopen a closed collection")
    for path, name in [
        ("/admin", "administration"),
        ("/admin/users", "users"),
        ("/admin/users/invite", "invite a user"),
        ("/admin/organisations", "organisations"),
        ("/admin/force-areas", "force areas"),
        ("/admin/audit", "audit log"),
    ]:
        visit(page, live_server, path)
        tour.look(page, name)
    visit(page, live_server, "/admin/users")
    follow_first(page, "main a[href^='/admin/users/']")
    tour.look(page, "one user")


def _look_at_map(page: Page, tour: Tour, name: str) -> None:
    """Focus the map's first area, as a keyboard user would, and look at the page."""
    area = page.locator("svg.app-map .app-map__area[href]").first
    area.focus()
    readout = page.locator(".app-map__readout")
    assert readout.is_visible(), f"{name}: focusing an area shows no figure"
    assert readout.inner_text() == area.get_attribute("aria-label")
    tour.look(page, name)


def test_tour_maps(live_server: LiveServer, browser_page: Page, tour: Tour) -> None:
    """Every map: response by area, coverage in each view and measure, a force's schools."""
    page = browser_page
    sign_in_as(page, live_server, "reviewer")
    visit(page, live_server, "/review")
    follow_first(page, "main a[href^='/review/']")
    progress = page.url.removeprefix(live_server.base_url).split("?")[0]
    for view in ("forces", "las", "hex"):
        visit(page, live_server, f"{progress}?map={view}")
        _look_at_map(page, tour, f"progress map {view}")
    visit(page, live_server, "/datasets")
    follow_first(page, "main a[href^='/datasets/']")
    datasets = page.url.removeprefix(live_server.base_url).split("?")[0]
    for view in ("forces", "las", "hex"):
        for measure in ("covered", "per-100"):
            visit(page, live_server, f"{datasets}?map={view}&measure={measure}")
            _look_at_map(page, tour, f"coverage map {view} {measure}")
    sign_out = page.get_by_role("button", name="Sign out")
    follow(sign_out)
    sign_in_as(page, live_server, "police")
    visit(page, live_server, "/police")
    _look_at_map(page, tour, "force schools map")
