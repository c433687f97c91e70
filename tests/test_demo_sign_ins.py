"""Every sign-in `sspcollect demo` prints can do what its line says, and the README's table is
the same list; the demo looks like England and Wales."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.db import session
from sspcollect.demo import DEMO_PASSWORD, DemoSignIns, load_demo
from sspcollect.demo.places import ENGLISH_PLACES, WELSH_PLACES
from sspcollect.models import (
    AuditEvent,
    Collection,
    Organisation,
    Partnership,
    Return,
    ReturnStatus,
    School,
    User,
)
from tests.factories import sign_in

README = Path(__file__).resolve().parents[1] / "README.md"
THIS_YEAR = "202627"

# The demo is loaded the same way on both databases, so these run on SQLite only.
pytestmark = pytest.mark.parametrize("backend", ["sqlite"])


@pytest.fixture
def demo(app: Flask) -> DemoSignIns:
    """The demo, loaded once per test."""
    return load_demo(echo=lambda *_: None)


def _this_years_return(email: str) -> Return:
    """The 2026/27 return of the organisation of the user with this email."""
    user = session.scalars(select(User).where(User.email == email)).one()
    return session.scalars(
        select(Return)
        .join(Collection)
        .where(Return.organisation_id == user.organisation_id, Collection.time_period == THIS_YEAR)
    ).one()


def _signed_in(app: Flask, email: str) -> FlaskClient:
    """A client signed in as the demo user."""
    client = app.test_client()
    user = session.scalars(select(User).where(User.email == email)).one()
    response = sign_in(client, user, DEMO_PASSWORD)
    assert response.status_code == 302, email
    return client


def _opens(client: FlaskClient, path: str) -> str:
    """The page at path, which must open."""
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def _admin(app: Flask, email: str) -> None:
    client = _signed_in(app, email)
    for path in ("/collections", "/admin/users", "/admin/force-areas", "/admin/audit"):
        _opens(client, path)


def _reviewer(app: Flask, email: str) -> None:
    client = _signed_in(app, email)
    collection = session.scalars(
        select(Collection).where(Collection.time_period == THIS_YEAR)
    ).one()
    _opens(client, f"/review/{collection.id}/returns?status=submitted")
    submitted = session.scalars(
        select(Return).where(
            Return.collection_id == collection.id, Return.status == ReturnStatus.SUBMITTED
        )
    ).first()
    assert submitted is not None
    assert "Accept this return" in _opens(client, f"/review/returns/{submitted.id}")
    assert "Compare with the previous return" in _opens(
        client, f"/review/returns/{submitted.id}/compare"
    )


def _untouched_school(app: Flask, email: str) -> None:
    return_ = _this_years_return(email)
    assert return_.status == ReturnStatus.NOT_STARTED
    _opens(_signed_in(app, email), f"/returns/{return_.id}/school")


def _secondary_school(app: Flask, email: str) -> None:
    return_ = _this_years_return(email)
    assert return_.status == ReturnStatus.IN_PROGRESS
    school = return_.organisation.school
    assert school is not None and school.phase == "Secondary"
    _opens(_signed_in(app, email), f"/returns/{return_.id}/school/check-your-answers")


def _welsh_school(app: Flask, email: str) -> None:
    return_ = _this_years_return(email)
    assert return_.status == ReturnStatus.NOT_STARTED
    school = return_.organisation.school
    assert school is not None and school.name.startswith("Ysgol") and school.urn >= 400000
    assert school.local_authority.code.startswith("W06")
    _opens(_signed_in(app, email), f"/returns/{return_.id}/school")


def _untouched_force(app: Flask, email: str) -> None:
    return_ = _this_years_return(email)
    assert return_.status == ReturnStatus.NOT_STARTED
    client = _signed_in(app, email)
    _opens(client, "/register")
    _opens(client, f"/returns/{return_.id}/force")


def _welsh_force(app: Flask, email: str) -> None:
    return_ = _this_years_return(email)
    assert return_.status == ReturnStatus.NOT_STARTED
    assert return_.organisation.code.startswith("W15")
    client = _signed_in(app, email)
    assert 'lang="cy"' in _opens(client, "/register?lang=cy")
    _opens(client, f"/returns/{return_.id}/force")


def _submitted_force(app: Flask, email: str) -> None:
    return_ = _this_years_return(email)
    assert return_.status == ReturnStatus.SUBMITTED
    _opens(_signed_in(app, email), f"/returns/{return_.id}/copy")


CHECKS: dict[str, Callable[[Flask, str], None]] = {
    "Open and close collections": _admin,
    "Review the 2026/27 returns": _reviewer,
    "Start the 2026/27 return from the beginning": _untouched_school,
    "Finish the 2026/27 return already begun": _secondary_school,
    "Fill in the 2026/27 return as a Welsh-medium school": _welsh_school,
    "Keep the register, then start the 2026/27 force return": _untouched_force,
    "See the submitted 2026/27 force return": _submitted_force,
    "Keep the register and make the 2026/27 force return in Welsh": _welsh_force,
}


def test_every_printed_sign_in_can_do_what_its_line_says(app: Flask, demo: DemoSignIns) -> None:
    """Each line's promise is checked against the service; every promise is printed once; the
    README's table is the same list."""
    used = []
    for _role, email, _organisation in demo.users:
        tries = demo.tries[email]
        [check] = [key for key in CHECKS if tries.startswith(key)]
        CHECKS[check](app, email)
        used.append(check)
    assert sorted(used) == sorted(CHECKS)
    _readme_matches(demo)


def _readme_matches(demo: DemoSignIns) -> None:
    """The README's table is the list `sspcollect demo` prints, line for line."""
    text = README.read_text(encoding="utf-8")
    table = text.split("<!-- demo sign-ins")[1].split("<!-- end of demo sign-ins")[0]
    rows = [
        [cell.strip().strip("`") for cell in line.strip("|").split("|")]
        for line in table.splitlines()
        if line.startswith("| ") and not line.startswith("| Role")
    ]
    printed = [
        [role, email, organisation, demo.tries[email]] for role, email, organisation in demo.users
    ]
    assert rows == printed


def test_the_demo_schools_look_like_schools_in_their_place(demo: DemoSignIns) -> None:
    """Postcodes of the authority, pupils that fit the phase, Welsh-medium names in Wales,
    partnerships named as forces name them, and histories with believable dates and people."""
    schools = session.scalars(select(School)).all()
    assert len(schools) > 300
    for school in schools:
        old_code = school.local_authority.old_code
        districts = (WELSH_PLACES.get(old_code) or ENGLISH_PLACES[old_code])[0]
        assert school.postcode is not None
        assert school.postcode.split()[0] in districts, (school.name, school.postcode)
        assert re.fullmatch(r"[A-Z]{1,2}\d{1,2} \d[A-Z]{2}", school.postcode)
        pupils = school.pupils or 0
        if "Infant" in school.name:
            assert pupils <= 270, school.name
        if school.phase == "Nursery":
            assert pupils <= 120 and "Nursery" in school.name
        if school.phase == "Secondary":
            assert pupils >= 600
        if school.name.startswith("Ysgol Gynradd") or school.name.startswith("Ysgol Gymraeg"):
            assert school.phase == "Primary" and school.urn >= 400000
        if school.name.startswith("Ysgol Gyfun"):
            assert school.phase == "Secondary" and school.urn >= 400000
    names = [p.name for p in session.scalars(select(Partnership))]
    assert not any(name.endswith(" partnership") for name in names)
    _history_is_dated_and_signed()


def _history_is_dated_and_signed() -> None:
    """A 2025/26 return was submitted in its collection's weeks, by a person, not the service."""
    rows = session.execute(
        select(
            AuditEvent.at,
            AuditEvent.user_id,
            Collection.opens_on,
            Collection.closes_on,
            Collection.time_period,
        )
        .join(Return, AuditEvent.object_id == Return.id.cast(AuditEvent.object_id.type))
        .join(Collection, Return.collection_id == Collection.id)
        .where(AuditEvent.action == "return_submitted", AuditEvent.object_type == "return")
    ).all()
    assert rows
    for at, user_id, opens, closes, period in rows:
        assert opens <= at.date() <= closes
        assert user_id is not None
        if period == "202526":  # long past: every submission in working hours
            assert 8 <= at.hour <= 17
    assert session.scalar(select(Organisation).where(Organisation.code == "DFE")) is not None
