"""The national datasets pages pass axe in Chromium and work without JavaScript, publishing too.

The service runs here on its own database holding the synthetic collection of
tests/datasets/factories.py, since the demo has no collection full of returns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from werkzeug.serving import make_server

from sspcollect import schema
from sspcollect.db import database
from sspcollect.models import Role
from sspcollect.reference.load import load_reference_data
from tests.browser.conftest import fill_sign_in, follow
from tests.conftest import make_app
from tests.datasets.factories import build_synthetic_collection
from tests.factories import PASSWORD, create_user

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def datasets_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The service on a real port with the synthetic collection; (base URL, admin email)."""
    folder: Path = tmp_path_factory.mktemp("datasets-live")
    app = make_app(f"sqlite:///{folder / 'live.db'}", folder)
    schema.upgrade(app)
    with app.app_context():
        load_reference_data()
        build_synthetic_collection()
        email = create_user(Role.ADMIN).email
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="datasets-live", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}", email
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        database(app).engine.dispose()


def test_an_admin_chooses_downloads_and_publishes_on_accessible_pages(
    datasets_server: tuple[str, str],
    browser_page: Page,
    axe: Callable[[Page], dict[str, Any]],
) -> None:
    """List, collection page, a choice of returns, a download and publishing pass axe."""
    base, email = datasets_server
    page = browser_page
    page.goto(f"{base}/sign-in")
    fill_sign_in(page, email, PASSWORD)
    page.wait_for_url(lambda url: "/sign-in" not in url)
    follow(page.get_by_role("link", name="Datasets", exact=True))
    assert page.locator("h1").inner_text() == "National datasets"
    axe(page)

    follow(page.get_by_role("link", name="Safer School Partnerships 2025/26"))
    assert page.locator("h1").inner_text() == "National datasets for 2025/26"
    axe(page)

    page.get_by_label("Accepted and submitted returns").check()
    follow(page.get_by_role("button", name="Show the files"))
    assert "included=accepted_and_submitted" in page.url
    assert page.get_by_text("These files count accepted and submitted returns").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download all files and the data guidance (zip)").click()
    assert download.value.suggested_filename == "ssp_datasets_202526_accepted_and_submitted.zip"

    follow(page.get_by_role("button", name="Publish these files"))
    assert page.get_by_text("Files published: every reviewer now downloads version").is_visible()
    assert page.get_by_text("was published on").is_visible()
    axe(page)
