"""The returns tour: a force's check your answers stays short for 8 and for 200 partnerships,
and a new school user and a new police user each complete, submit, keep a copy of, withdraw,
correct and submit again their return, each page photographed at 1280 and 320 pixels
(test-results/tour/) and checked with axe.

These journeys change data, so they run on a server of their own, not the shared demo one.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, select

from sspcollect import schema
from sspcollect.bulk.register_file import XLSX_TYPE
from sspcollect.db import session
from sspcollect.demo import DEMO_PASSWORD, load_demo
from sspcollect.models import (
    OUTCOME_FIELDS,
    Collection,
    CollectionStatus,
    LocalAuthority,
    Organisation,
    Partnership,
    PartnershipOutcome,
    PartnershipSchool,
    Return,
    ReturnStatus,
    School,
    SubmittedPartnership,
    User,
)
from tests.browser.conftest import LiveServer, fill_sign_in, follow, serving
from tests.browser.tour import Tour, page_height
from tests.conftest import make_app

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

Axe = Callable[["Page"], dict[str, Any]]
METROPOLITAN, CUMBRIA, WEST_MIDLANDS = "E23000001", "E23000002", "E23000014"
# The force check-answers page must stay under this height for a force of 200 partnerships.
TALLEST = 8_000


def _open_return(force: str) -> Return:
    """The force's return in the open collection."""
    found = session.scalar(
        select(Return)
        .join(Collection)
        .join(Organisation, Return.organisation_id == Organisation.id)
        .where(
            Collection.status == CollectionStatus.OPEN,
            Organisation.force_area_code == force,
        )
    )
    assert found is not None
    return found


def _many_partnerships(force: str, count: int) -> int:
    """Give force a register of count partnerships with outcomes in its open return."""
    rng = random.Random(200)
    schools = session.scalars(
        select(School.urn)
        .join(LocalAuthority)
        .where(LocalAuthority.force_area_code == force, School.is_open.is_(True))
    ).all()
    return_ = _open_return(force)
    for number in range(1, count + 1):
        partnership = Partnership(
            force_area_code=force,
            reference=f"CUM-{number:03d}",
            name=f"Cumbria schools link {number}",
            model="neighbourhood_link",
            officer_role="pcso",
            officer_count=1,
            fte=Decimal("0.5"),
            funding_sources=["police_force"],
            funded_until=date(2028, 3, 31),
            information_sharing_agreement=True,
            start_date=date(2024, 9, 1),
            schools=[PartnershipSchool(school_urn=schools[number % len(schools)])],
        )
        session.add(partnership)
        session.flush()
        return_.outcomes.append(
            PartnershipOutcome(
                partnership_id=partnership.id,
                crimes_recorded=rng.randint(2, 9),
                violent_crimes_recorded=1,
                weapon_incidents=0,
                asb_incidents=rng.randint(0, 20),
                safeguarding_referrals=rng.randint(0, 5),
                diversion_referrals=1,
                sessions_delivered=rng.randint(5, 30),
                pupils_engaged=rng.randint(20, 90),
            )
        )
    session.commit()
    return return_.id


def _start_afresh(return_: Return) -> None:
    """Put a return back to not started, with no answers, as a new user would find it."""
    session.execute(
        delete(SubmittedPartnership).where(SubmittedPartnership.return_id == return_.id)
    )
    return_.school_answers = None
    return_.outcomes.clear()
    return_.findings.clear()
    return_.status = ReturnStatus.NOT_STARTED
    return_.register_confirmed = False
    return_.nil_return = False
    return_.declaration = False
    return_.register_fingerprint = None
    return_.reviewer_comment = None
    for moment in ("submitted_at", "submitted_by_id", "accepted_at", "updated_at"):
        setattr(return_, moment, None)
    return_.declarant_name = return_.declarant_role = None
    return_.review_opened_at = None
    return_.review_opened_by_id = None
    session.commit()


def _school_return(email: str) -> Return:
    """The open collection's return of the school whose user has this email, started afresh."""
    user = session.scalar(select(User).where(User.email == email))
    assert user is not None
    found = session.scalar(
        select(Return)
        .join(Collection)
        .where(
            Collection.status == CollectionStatus.OPEN,
            Return.organisation_id == user.organisation_id,
        )
    )
    assert found is not None
    _start_afresh(found)
    return found


@pytest.fixture(scope="module")
def returns_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, dict]]:
    """A server with the demo, Cumbria given 200 partnerships, and a school's and West
    Midlands' returns started afresh; the returns' ids by force, and "school"."""
    folder = tmp_path_factory.mktemp("returns-tour")
    app = make_app(f"sqlite:///{folder / 'returns.db'}", folder)
    schema.upgrade(app)
    with app.app_context():
        sign_ins = load_demo(echo=lambda *_: None)
        ids: dict[str, int] = {METROPOLITAN: _open_return(METROPOLITAN).id}
        ids[CUMBRIA] = _many_partnerships(CUMBRIA, 200)
        west_midlands = _open_return(WEST_MIDLANDS)
        _start_afresh(west_midlands)
        ids[WEST_MIDLANDS] = west_midlands.id
        school_email = next(email for role, email, _ in sign_ins.users if role == "school")
        ids["school"] = _school_return(school_email).id
    with serving(app) as base_url:
        yield LiveServer(base_url, sign_ins), ids


def _sign_in(page: Page, server: LiveServer, email: str) -> None:
    """Sign in as the demo user with this email."""
    page.goto(server.url("/sign-in"))
    fill_sign_in(page, email, DEMO_PASSWORD)
    page.wait_for_url(lambda url: "/sign-in" not in url)


def test_tour_force_check_answers_stays_short(
    returns_server: tuple[LiveServer, dict], browser_page: Page, axe: Axe
) -> None:
    """8 partnerships on one page; 200 on pages of 50, each page under 8,000 pixels."""
    server, ids = returns_server
    tour = Tour("force-check-answers", axe)
    page = browser_page
    _sign_in(page, server, "police.metropolitan-police@demo.example")
    page.goto(server.url(f"/returns/{ids[METROPOLITAN]}/force/check-your-answers"))
    tour.look(page, "8 partnerships")
    page.set_viewport_size({"width": 1280, "height": 900})
    eight = page_height(page)
    assert eight < 4_000, f"check your answers for 8 partnerships is {eight} px tall"
    assert page.locator("table.app-outcomes tbody tr[id^=partnership-]").count() == 8

    follow(page.get_by_role("button", name="Sign out"))
    _sign_in(page, server, "police.cumbria@demo.example")
    address = server.url(f"/returns/{ids[CUMBRIA]}/force/check-your-answers")
    page.goto(address)
    tour.look(page, "200 partnerships, page 1")
    page.set_viewport_size({"width": 1280, "height": 900})
    first = page_height(page)
    assert first < TALLEST, f"check your answers for 200 partnerships is {first} px tall"
    assert page.locator("table.app-outcomes tbody tr[id^=partnership-]").count() == 50
    assert "All 200 partnerships" in page.locator("table.app-outcomes").inner_text()
    page.goto(address + "?page=4")
    tour.look(page, "200 partnerships, page 4")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page_height(page) < TALLEST
    assert "CUM-200" in page.locator("table.app-outcomes").inner_text()


def _press(page: Page, name: str) -> None:
    """Press the button with this name and wait for the page it leads to."""
    follow(page.get_by_role("button", name=name, exact=True))


def _heading(page: Page) -> str:
    """The page's main heading, as a person reads it."""
    return " ".join(page.locator("h1").first.inner_text().split())


def _explain_and_declare(page: Page, name: str, role: str) -> None:
    """Answer every query still waiting on check your answers, and make the declaration."""
    for box in page.locator("main textarea").all():
        if not box.input_value():
            box.fill("This is right: the figures come from our own records for the year.")
    page.get_by_label("Your full name").fill(name)
    page.get_by_label("Your job title").fill(role)
    page.get_by_label("I confirm that").check()


def _keep_a_copy(page: Page, tour: Tour, server: LiveServer, return_id: int) -> None:
    """Open the printable copy, and fetch the PDF as the link would."""
    follow(page.get_by_role("link", name="View and print your return"))
    tour.look(page, "a copy to print")
    pdf = page.request.get(server.url(f"/returns/{return_id}/copy.pdf"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")


def _withdraw(page: Page, tour: Tour) -> None:
    """Withdraw the submitted return from its own page."""
    follow(page.get_by_role("link", name="Withdraw your return to change it"))
    tour.look(page, "withdraw your return")
    _press(page, "Withdraw your return")
    tour.look(page, "withdrawn")
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "withdrawn" in banner.lower(), banner


def test_tour_school_journey(
    returns_server: tuple[LiveServer, dict], browser_page: Page, axe: Axe
) -> None:
    """A new school user: every question, come back later, resume, check answers with last
    year beside, declare, submit, keep a copy, withdraw, change an answer, submit again."""
    server, ids = returns_server
    tour = Tour("school-journey", axe)
    page = browser_page
    email = next(email for role, email, _ in server.sign_ins.users if role == "school")
    _sign_in(page, server, email)
    follow(page.get_by_role("link", name="Your account"))
    tour.look(page, "your account")
    overview = server.url(f"/returns/{ids['school']}/school")
    page.goto(overview)
    tour.look(page, "return overview, not started")
    assert "There is a problem" not in page.locator("main").inner_text()

    follow(page.get_by_role("link", name="Your Safer School Partnership"))
    tour.look(page, "has a partnership")
    page.get_by_label("Yes").check()
    _press(page, "Save and continue")
    tour.look(page, "police force")
    _press(page, "Save and continue")
    page.get_by_label("Other").check()
    tour.look(page, "how the partnership works, other")
    page.locator("textarea[name=ssp_model_description]").fill(
        "A youth worker and a PCSO run a lunchtime club together."
    )
    _press(page, "Save and continue")
    page.get_by_label("How many days a week").fill("1.5")
    tour.look(page, "days on site")
    _press(page, "Save and continue")
    page.get_by_label("4 \u2013 Effective").check()
    _press(page, "Save and continue")
    page.get_by_label("Reducing violence").check()
    page.get_by_label("Safeguarding").check()
    tour.look(page, "aims")
    _press(page, "Save and continue")
    tour.look(page, "comments")
    _press(page, "Save and continue")

    # Pupils on roll typed, then Save and come back later: the school's page, then resume.
    tour.look(page, "pupils and attendance, with last year")
    page.get_by_label("Pupils on roll").fill("420")
    _press(page, "Save and come back later")
    page.goto(overview)
    tour.look(page, "return overview, in progress")
    follow(page.get_by_role("link", name="Your school\u2019s figures"))
    assert page.get_by_label("Pupils on roll").input_value() == "420"
    page.get_by_label("Overall attendance").fill("94.5")
    page.get_by_label("Persistent absence").fill("12.5")
    _press(page, "Save and continue")
    page.get_by_label("Suspensions", exact=True).fill("12")
    page.get_by_label("Permanent exclusions").fill("0")
    tour.look(page, "suspensions and exclusions")
    _press(page, "Save and continue")
    page.get_by_label("Violent incidents").fill("4")
    page.get_by_label("Incidents involving a weapon").fill("0")
    page.get_by_label("Bullying incidents").fill("9")
    _press(page, "Save and continue")
    page.get_by_label("Our pupils were not surveyed").check()
    tour.look(page, "pupils who feel safe")
    _press(page, "Save and continue")

    assert _heading(page).endswith("Check your answers before submitting your return")
    tour.look(page, "check your answers")
    _explain_and_declare(page, "Sam Okafor", "Headteacher")
    _press(page, "Submit return")
    assert _heading(page) == "Return submitted"
    panel = page.locator(".govuk-panel").inner_text()
    assert "<br>" not in panel and "submitted on" in panel
    tour.look(page, "return submitted")

    _keep_a_copy(page, tour, server, ids["school"])
    page.goto(overview)
    tour.look(page, "return overview, submitted")
    _withdraw(page, tour)

    # Correct an answer: Change leads to the question and back to check your answers.
    page.goto(server.url(f"/returns/{ids['school']}/school/check-your-answers"))
    follow(page.get_by_role("link", name="Change suspensions", exact=True))
    tour.look(page, "change suspensions")
    page.get_by_label("Suspensions", exact=True).fill("14")
    _press(page, "Save and return to check your answers")
    assert page.url.split("#")[0].endswith("/check-your-answers"), page.url
    tour.look(page, "check your answers again")
    _explain_and_declare(page, "Sam Okafor", "Headteacher")
    _press(page, "Submit return")
    assert _heading(page) == "Return submitted"
    tour.look(page, "submitted again")


def test_tour_force_journey(
    returns_server: tuple[LiveServer, dict], browser_page: Page, axe: Axe
) -> None:
    """A new police user: confirm the register, give outcomes one by one and by spreadsheet,
    check answers, declare, submit, keep a copy, withdraw, change a count, submit again."""
    server, ids = returns_server
    tour = Tour("force-journey", axe)
    page = browser_page
    return_id = ids[WEST_MIDLANDS]
    _sign_in(page, server, "police.west-midlands@demo.example")
    tasks = server.url(f"/returns/{return_id}/force")
    page.goto(tasks)
    tour.look(page, "task list, not started")
    assert "There is a problem" not in page.locator("main").inner_text()

    # The register by spreadsheet: one officer's time changed shows as old → new.
    page.goto(server.url("/register/upload"))
    register = page.request.get(server.url("/register/download.csv")).text()
    lines = register.lstrip("\ufeff").splitlines()
    cells = next(csv.reader([lines[1]]))
    cells[6] = "0.5" if cells[6] != "0.5" else "1"
    changed = "\r\n".join([lines[0], _csv_line(cells)]).encode()
    page.set_input_files(
        "input[name=register_file]",
        files=[{"name": "register.csv", "mimeType": "text/csv", "buffer": changed}],
    )
    _press(page, "Check the file")
    tour.look(page, "check the changes to the register")
    assert "Full-time equivalent for schools:" in page.locator(".app-changes").inner_text()
    follow(page.get_by_role("link", name="Back to the register without saving"))

    page.goto(tasks)
    follow(page.locator(f"a[href$='/returns/{return_id}/force/confirm-register']").first)
    tour.look(page, "confirm your register")
    page.get_by_label("Yes").check()
    _press(page, "Save and continue")
    tour.look(page, "outcomes of the first partnership")
    for name in OUTCOME_FIELDS:
        page.locator(f"input[name={name}]").fill("3")
    _press(page, "Save and continue to the next partnership")
    tour.look(page, "outcomes of the next partnership")

    # The rest by spreadsheet: download the workbook, fill it in, upload it, check, save.
    page.goto(tasks)
    follow(page.get_by_role("link", name="Give the counts for many partnerships at once"))
    tour.look(page, "upload the outcomes")
    workbook = page.request.get(server.url(f"/returns/{return_id}/force/outcomes/download.xlsx"))
    filled = _filled_workbook(workbook.body())
    page.set_input_files(
        "input[name=outcomes_file]",
        files=[{"name": "outcomes.xlsx", "mimeType": XLSX_TYPE, "buffer": filled}],
    )
    _press(page, "Check the file")
    tour.look(page, "check the counts before saving")
    assert "\u2192" in page.locator("main").inner_text()
    _press(page, "Save these counts")
    tour.look(page, "task list, outcomes given")

    page.goto(server.url(f"/returns/{return_id}/force/check-your-answers"))
    tour.look(page, "check your answers")
    # The outcomes table, queries and all, fits the page at desktop width: nothing to scroll.
    box = page.locator(".app-table-scroll").first
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth")
    _explain_and_declare(page, "Priya Shah", "Safer School Partnerships coordinator")
    _press(page, "Submit return")
    assert _heading(page) == "Return submitted", _heading(page)
    tour.look(page, "return submitted")

    _keep_a_copy(page, tour, server, return_id)
    page.goto(tasks)
    tour.look(page, "task list, submitted")
    _withdraw(page, tour)

    page.goto(server.url(f"/returns/{return_id}/force/check-your-answers"))
    follow(page.locator("table.app-outcomes a", has_text="Change").first)
    tour.look(page, "change a partnership's outcomes")
    page.locator("input[name=sessions_delivered]").fill("9")
    _press(page, "Save and return to check your answers")
    assert "/check-your-answers" in page.url, page.url
    tour.look(page, "check your answers again")
    _explain_and_declare(page, "Priya Shah", "Safer School Partnerships coordinator")
    _press(page, "Submit return")
    assert _heading(page) == "Return submitted"
    tour.look(page, "submitted again")


def _csv_line(cells: list[str]) -> str:
    """One row of a CSV file."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()


def _filled_workbook(data: bytes) -> bytes:
    """The downloaded outcomes workbook with every empty count filled in, and the first
    partnership's crimes recorded (given on its page already) changed."""
    book = load_workbook(io.BytesIO(data))
    sheet = book["Outcomes"]
    sheet["C2"] = 5
    for row in sheet.iter_rows(min_row=2, min_col=3):
        for cell in row:
            if cell.value is None:
                cell.value = 2
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
