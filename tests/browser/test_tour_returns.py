"""The returns tour: a force's check your answers stays short for 8 and for 200 partnerships,
and a force completes, withdraws, corrects and keeps a copy of its return, each page
photographed at 1280 and 320 pixels (test-results/tour/) and checked with axe.

These journeys change data, so they run on a server of their own, not the shared demo one.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from sspcollect import schema
from sspcollect.db import session
from sspcollect.demo import DEMO_PASSWORD, load_demo
from sspcollect.models import (
    Collection,
    CollectionStatus,
    LocalAuthority,
    Organisation,
    Partnership,
    PartnershipOutcome,
    PartnershipSchool,
    Return,
    School,
)
from tests.browser.conftest import LiveServer, fill_sign_in, follow, serving
from tests.browser.tour import Tour, page_height
from tests.conftest import make_app

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

Axe = Callable[["Page"], dict[str, Any]]
METROPOLITAN, CUMBRIA = "E23000001", "E23000002"
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


@pytest.fixture(scope="module")
def returns_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, dict]]:
    """A server with the demo, Cumbria given 200 partnerships; the returns' ids by force."""
    folder = tmp_path_factory.mktemp("returns-tour")
    app = make_app(f"sqlite:///{folder / 'returns.db'}", folder)
    schema.upgrade(app)
    with app.app_context():
        sign_ins = load_demo(echo=lambda *_: None)
        ids = {METROPOLITAN: _open_return(METROPOLITAN).id}
        ids[CUMBRIA] = _many_partnerships(CUMBRIA, 200)
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
