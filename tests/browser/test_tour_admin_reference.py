"""The reference data tour: an admin looks at a school, a force and a department, changes a
school's contact, and imports schools from an extract through the upload page (a broken file
refused, a good one imported, and an import shown while it runs), each page photographed at
1280 and 320 pixels (test-results/tour/) and checked with axe.

The journey changes data, so it runs on a server of its own, not the shared demo one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask
from sqlalchemy import select

from sspcollect import schema
from sspcollect.db import session, utcnow
from sspcollect.demo import DEMO_PASSWORD, load_demo
from sspcollect.models import ImportStatus, Organisation, SchoolImport, User
from tests.browser.conftest import LiveServer, fill_sign_in, follow, serving
from tests.browser.tour import Tour
from tests.conftest import make_app
from tests.reference.gias_rows import gias_bytes, gias_row, outside_rows, service_schools

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

Axe = Callable[["Page"], dict[str, Any]]
METROPOLITAN = "E23000001"


@pytest.fixture(scope="module")
def reference_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[LiveServer, Flask, dict[str, int]]]:
    """A server with the demo loaded; the ids of a school, a force and a department."""
    folder = tmp_path_factory.mktemp("reference-tour")
    app = make_app(f"sqlite:///{folder / 'reference.db'}", folder)
    schema.upgrade(app)
    with app.app_context():
        sign_ins = load_demo(echo=lambda *_: None)
        school = session.scalars(
            select(Organisation).where(Organisation.kind == "school").order_by(Organisation.id)
        ).first()
        assert school is not None
        ids = {
            "school": school.id,
            "force": _organisation(METROPOLITAN).id,
            "department": _organisation("DFE").id,
        }
    with serving(app) as base_url:
        yield LiveServer(base_url, sign_ins), app, ids


def _organisation(code: str) -> Organisation:
    """The organisation with this code."""
    found = session.scalars(select(Organisation).where(Organisation.code == code)).one()
    return found


def _extract() -> bytes:
    """A small extract: six schools of every kind, six establishments outside, 20 more."""
    rows = service_schools() + outside_rows()
    rows += [gias_row(140000 + n, "330", f"Kingstanding School {n}") for n in range(20)]
    return gias_bytes(rows)


def _upload(page: Page, data: bytes, name: str, *, smaller: bool) -> None:
    """Choose data as the extract on the upload page and send it."""
    page.set_input_files("#extract", files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    if smaller:
        page.get_by_label("The file is meant to list fewer schools than the service holds").check()
    follow(page.get_by_role("button", name="Upload and import"))


def test_tour_admin_reference_data(
    reference_server: tuple[LiveServer, Flask, dict[str, int]], browser_page: Page, axe: Axe
) -> None:
    """Organisation pages, the change of a contact, and imports of schools."""
    server, app, ids = reference_server
    tour = Tour("admin-reference", axe)
    page = browser_page
    email, _ = server.first_user("admin")
    page.goto(server.url("/sign-in"))
    fill_sign_in(page, email, DEMO_PASSWORD)

    page.goto(server.url("/admin/organisations?kind=school"))
    tour.look(page, "organisations")
    follow(page.locator("tbody th a").first)
    assert "From the register of schools" in page.content()
    tour.look(page, "a school")
    follow(page.get_by_role("link", name="Change contact name"))
    page.get_by_label("Contact name").fill("Priya Shah")
    page.get_by_label("Contact email address").fill("not an email")
    follow(page.get_by_role("button", name="Save changes"))
    assert page.title().startswith("Error: ")
    tour.look(page, "a school's details, with an error")
    page.get_by_label("Contact email address").fill("p.shah@example.sch.uk")
    follow(page.get_by_role("button", name="Save changes"))
    assert "details have been changed" in page.content()
    tour.look(page, "a school, changed")

    page.goto(server.url(f"/admin/organisations/{ids['force']}"))
    assert "Register of partnerships" in page.content()
    tour.look(page, "a police force")
    page.goto(server.url(f"/admin/organisations/{ids['department']}"))
    tour.look(page, "a central department")

    page.goto(server.url("/admin/schools/import"))
    tour.look(page, "import schools")
    _upload(page, b"PK\x03\x04" + b"\x00" * 400, "edubasealldata.xlsx", smaller=False)
    page.wait_for_selector("h1:has-text('The file was not imported')", timeout=60_000)
    assert "not a CSV file" in page.content()
    tour.look(page, "an extract refused")

    page.goto(server.url("/admin/schools/import"))
    _upload(page, _extract(), "edubasealldata20261101.csv", smaller=True)
    # The page refreshes itself (no JavaScript) until the report is there.
    page.wait_for_selector(".govuk-panel__title:has-text('Schools imported')", timeout=60_000)
    assert "schools added" in page.content()
    tour.look(page, "schools imported")

    running = _running_import(app)
    # The running page asks for itself again every 2 seconds, which would cut the look short.
    app.config["SCHOOL_IMPORT_REFRESH_SECONDS"] = 3600
    page.goto(server.url(f"/admin/schools/import/{running}"))
    assert "Checked 12,000 of 26,000 rows." in page.content()
    tour.look(page, "an import running")
    page.goto(server.url("/admin/schools/import"))
    tour.look(page, "import schools, while one runs")
    _finish(app, running)


def _running_import(app: Flask) -> int:
    """An import record as a running import leaves it, to see the progress page."""
    with app.app_context():
        admin = session.scalars(select(User).where(User.role == "admin")).first()
        job = SchoolImport(
            started_by_id=admin.id if admin else None,
            file_name="edubasealldata20261102.csv",
            size_bytes=34_000_000,
            allow_shrink=False,
            status=ImportStatus.CHECKING.value,
            rows_total=26_000,
            rows_checked=12_000,
            updated_at=utcnow(),
        )
        session.add(job)
        session.commit()
        return job.id


def _finish(app: Flask, import_id: int) -> None:
    """Mark the pretend import as refused, so nothing waits on it."""
    with app.app_context():
        job = session.get(SchoolImport, import_id)
        assert job is not None
        job.status = ImportStatus.REFUSED.value
        job.message = "Not imported: a pretend import for the tour."
        session.commit()
