"""Answers for the partnership page and partnerships put straight into the database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask.testing import FlaskClient

from sspcollect.db import session
from sspcollect.models import Partnership, PartnershipSchool, Role, User
from tests.factories import create_user, sign_in
from tests.pages import Page, post

WEST_MIDLANDS = "E23000014"
METROPOLITAN = "E23000001"


def answers(*urns: int, **overrides: Any) -> dict[str, Any]:
    """A complete, valid partnership page: a cluster of the schools urns, 2.5 days at each."""
    data: dict[str, Any] = {
        "reference": "WM-001",
        "name": "Ladywood schools officer",
        "model": "cluster",
        "model_description": "",
        "officer_role": "constable",
        "officer_count": "2",
        "fte": "1.5",
        "funding_sources": ["police_force", "vru"],
        "funded_until-day": "31",
        "funded_until-month": "3",
        "funded_until-year": "2028",
        "information_sharing_agreement": "yes",
        "start_date-day": "1",
        "start_date-month": "9",
        "start_date-year": "2024",
        "end_date-day": "",
        "end_date-month": "",
        "end_date-year": "",
        "school_urn": [str(urn) for urn in urns],
        **{f"days-{urn}": "2.5" for urn in urns},
        "school_search": "",
        "action": "save",
    }
    data.update(overrides)
    return data


def police_client(client: FlaskClient, force: str = WEST_MIDLANDS) -> User:
    """Sign a new police user of force in on client."""
    user = create_user(Role.POLICE, force)
    assert sign_in(client, user).status_code == 302
    return user


def hidden_value(page: Page, name: str) -> str:
    """The value of the hidden input name on page."""
    field = page.soup.find("input", {"name": name})
    assert field is not None, f"no input {name}"
    return str(field.get("value", ""))


def submit(client: FlaskClient, url: str, data: dict[str, Any], expected_status: int = 200) -> Page:
    """Post data to a versioned page, with the version the page shows now."""
    from tests.pages import get

    version = hidden_value(get(client, url), "version")
    return post(client, url, {"version": version, **data}, expected_status=expected_status)


def field_error(page: Page, element_id: str) -> str:
    """The error message shown beside a field (its element `<id>-error`)."""
    found = page.soup.find(id=f"{element_id}-error")
    return found.get_text(" ", strip=True) if found else ""


def chosen_urns(page: Page) -> list[str]:
    """The URNs the page carries as chosen schools."""
    return [str(i["value"]) for i in page.soup.find_all("input", {"name": "school_urn"})]


def value_of(page: Page, element_id: str) -> str:
    """The value typed in the input with this id."""
    found = page.soup.find(id=element_id)
    assert found is not None, f"no element {element_id}"
    return str(found.get("value", ""))


def create_partnership(force: str, urns: list[int], **overrides: Any) -> Partnership:
    """A valid cluster partnership of force covering urns, saved straight to the database."""
    values: dict[str, Any] = {
        "force_area_code": force,
        "reference": "REF-1",
        "name": "A partnership",
        "model": "cluster",
        "officer_role": "pcso",
        "officer_count": 1,
        "fte": Decimal("1.0"),
        "funding_sources": ["pcc"],
        "information_sharing_agreement": False,
        "start_date": date(2023, 9, 1),
    }
    values.update(overrides)
    partnership = Partnership(**values, schools=[PartnershipSchool(school_urn=urn) for urn in urns])
    session.add(partnership)
    session.commit()
    return partnership
