"""The effectiveness tour: a reviewer reads the estimates of a synthetic history and the
methodology, each page photographed at 1280 and 320 pixels (test-results/tour/) and checked
with axe.

The history is a synthetic panel loaded into a database of its own (tests/effects/loaded.py):
four closed collections, partnerships starting in different years, selection on prior
incidents and a planted effect.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from sspcollect import schema
from sspcollect.effects.publication import cached_analysis
from sspcollect.models import Role
from sspcollect.reference.load import load_reference_data
from tests.browser.conftest import fill_sign_in, serving
from tests.browser.tour import Tour
from tests.conftest import make_app
from tests.effects.loaded import load_synthetic_history
from tests.factories import PASSWORD, create_user

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

Axe = Callable[["Page"], dict[str, Any]]


@pytest.fixture(scope="module")
def effects_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, int]]:
    """A server with the synthetic history: its address, a reviewer's email, the latest id."""
    folder = tmp_path_factory.mktemp("effects-tour")
    app = make_app(f"sqlite:///{folder / 'effects.db'}", folder)
    schema.upgrade(app)
    with app.app_context():
        load_reference_data()
        collections = load_synthetic_history()
        latest = collections[-1].id
        email = create_user(Role.REVIEWER).email
        # Worked out once before serving, as a reviewer's first visit would: on a busy
        # machine the first estimate can take longer than the browser waits for a page.
        cached_analysis(collections[-1])
    with serving(app) as base_url:
        yield base_url, email, latest


def test_tour_effectiveness_and_methodology(
    effects_server: tuple[str, str, int], browser_page: Page, axe: Axe
) -> None:
    """The estimates with their charts and tables, then the methodology, from the progress page."""
    base_url, email, latest = effects_server
    tour = Tour("effectiveness", axe)
    page = browser_page
    page.goto(f"{base_url}/sign-in")
    fill_sign_in(page, email, PASSWORD)
    page.wait_for_url(lambda url: "/sign-in" not in url)
    page.goto(f"{base_url}/review/{latest}")
    page.get_by_role("link", name="Effectiveness").click()
    page.wait_for_url(f"**/review/{latest}/effectiveness")
    assert page.locator("#headline tbody tr").count() == 8
    assert page.locator("svg.app-chart").count() >= 7
    tour.look(page, "estimates")
    page.get_by_role("link", name="How effects are estimated").first.click()
    page.wait_for_url("**/review/effectiveness/methodology")
    assert page.get_by_role("heading", name="What would make it wrong").count() == 1
    tour.look(page, "methodology")
