"""Plain factory functions that put test data straight into the database."""

from __future__ import annotations

import itertools
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.accounts.passwords import hash_password
from sspcollect.db import session
from sspcollect.models import LocalAuthority, Organisation, OrganisationKind, Role, School, User

PASSWORD = "correct horse battery staple"
_urns = itertools.count(150001)
_numbers = itertools.count(2001)
_emails = itertools.count(1)


def create_school(**overrides: Any) -> School:
    """An open primary school (default LA: Birmingham, 330) with its organisation."""
    la_code = overrides.pop("la_old_code", "330")
    la = session.scalar(select(LocalAuthority).where(LocalAuthority.old_code == la_code))
    assert la is not None, f"no local authority {la_code}"
    values: dict[str, Any] = {
        "urn": next(_urns),
        "la_code": la.code,
        "establishment_number": f"{next(_numbers):04d}",
        "name": "Oakfield Primary School",
        "type_code": 1,
        "type_name": "Community school",
        "status": "Open",
        "is_open": True,
        "phase": "Primary",
        "postcode": "B1 1AA",
        "pupils": 420,
    }
    values.update(overrides)
    school = School(**values)
    session.add(school)
    session.add(
        Organisation(
            kind=OrganisationKind.SCHOOL, code=str(school.urn), name=school.name, school=school
        )
    )
    session.commit()
    return school


def organisation_for(code: str) -> Organisation:
    """The organisation with a URN, force code or department code."""
    organisation = session.scalar(select(Organisation).where(Organisation.code == code))
    assert organisation is not None, f"no organisation {code}"
    return organisation


def create_user(role: Role | str = Role.SCHOOL, org: str | None = None, **overrides: Any) -> User:
    """An active user with the test PASSWORD, in org (default: a new school, or DFE, or a force)."""
    role = Role(role)
    if org is None:
        org = {
            Role.SCHOOL: lambda: str(create_school().urn),
            Role.POLICE: lambda: "E23000014",
            Role.REVIEWER: lambda: "DFE",
            Role.ADMIN: lambda: "DFE",
        }[role]()
    values: dict[str, Any] = {
        "email": f"user{next(_emails)}@example.org",
        "name": "Sam Tester",
        "role": role,
        "organisation": organisation_for(org),
        "password_hash": hash_password(PASSWORD),
        "active": True,
        "failed_sign_ins": 0,
        "session_version": 1,
    }
    values.update(overrides)
    user = User(**values)
    session.add(user)
    session.commit()
    return user


def sign_in(client: FlaskClient, user: User, password: str = PASSWORD) -> Any:
    """Sign user in through the sign-in form, as a person would."""
    page = client.get("/sign-in")
    assert page.status_code == 200
    return client.post(
        "/sign-in",
        data={"email": user.email, "password": password, "csrf_token": csrf_token(page.text)},
    )


def csrf_token(html: str) -> str:
    """The CSRF token in a page's form."""
    return hidden_value(html, "csrf_token")


def hidden_value(html: str, name: str) -> str:
    """The value of the first form field called name in a page, as the browser would send it."""
    from bs4 import BeautifulSoup

    field = BeautifulSoup(html, "html.parser").find("input", {"name": name})
    assert field is not None, f"the page has no field called {name}"
    return str(field["value"])
