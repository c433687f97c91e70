"""Helpers for the school return tests: a school with a return, and answering its pages."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from sspcollect.db import session
from sspcollect.models import Return, Role, User
from tests.factories import create_user, csrf_token, sign_in
from tests.pages import Page, _checked
from tests.returns.factories import create_collection, create_return

YES_ANSWERS: dict[str, dict[str, Any]] = {
    "has-partnership": {"has_ssp": "yes"},
    "police-force": {"ssp_force_code": "E23000014"},
    "partnership-model": {"ssp_model": "cluster"},
    "officer-time": {"officer_days_per_week": "1.5"},
    "effectiveness": {"effectiveness": "4"},
    "aims": {"aims": ["reducing_violence", "attendance"]},
    "comments": {"comments": "The officer runs assemblies on knife crime."},
}
# The declaration made on check your answers.
DECLARED = {"declarant_name": "Sam Okafor", "declarant_role": "Headteacher", "declared": "yes"}
FIGURES: dict[str, dict[str, Any]] = {
    "pupils-and-attendance": {
        "pupils_on_roll": "420",
        "attendance_percent": "95.5",
        "persistent_absence_percent": "12.25",
    },
    "suspensions-and-exclusions": {"suspensions": "12", "permanent_exclusions": "1"},
    "incidents": {"violent_incidents": "7", "weapon_incidents": "0", "bullying_incidents": "15"},
    "feeling-safe": {"pupils_feel_safe_percent": "88"},
}


def school_with_return(**collection: Any) -> tuple[User, Return]:
    """A school user and a not-started return of their school in a new collection."""
    user = create_user(Role.SCHOOL)
    return user, create_return(user.organisation, create_collection(**collection))


def signed_in_school(client: FlaskClient, **collection: Any) -> tuple[User, Return]:
    """A school user, signed in on client, with a return of their school."""
    user, return_ = school_with_return(**collection)
    sign_in(client, user)
    return user, return_


def url(return_: Return, path: str = "") -> str:
    """The address of a page of the school return."""
    return f"/returns/{return_.id}/school" + (f"/{path}" if path else "")


def form_fields(html: str) -> dict[str, str]:
    """The CSRF token and version of the page's form."""
    soup = BeautifulSoup(html, "html.parser")
    version = soup.find("input", {"name": "version"})
    return {
        "csrf_token": csrf_token(html),
        "version": str(version["value"]) if version is not None else "",
    }


def answer(
    client: FlaskClient,
    return_: Return,
    slug: str,
    data: dict[str, Any],
    action: str = "continue",
    expected_status: int = 302,
    query: str = "",
) -> Page:
    """Fill in one question page as shown now and press a button."""
    address = url(return_, slug) + query
    form = client.get(address)
    assert form.status_code == 200, form.status_code
    payload = {**form_fields(form.get_data(as_text=True)), "action": action, **data}
    return _checked(client.post(address, data=payload), expected_status)


def answer_all(client: FlaskClient, return_: Return, pages: dict[str, dict[str, Any]]) -> None:
    """Answer pages in order, each accepted."""
    for slug, data in pages.items():
        answer(client, return_, slug, data)


def reload(return_: Return) -> Return:
    """The return as the database holds it now."""
    session.expire_all()
    fresh = session.get(Return, return_.id)
    assert fresh is not None
    return fresh
