"""Welsh local authorities, phases of education and types of school by their Welsh names for a
Welsh reader; the reference data and the datasets keep the English."""

from __future__ import annotations

from flask import Flask

from sspcollect.content.places import (
    SCHOOL_TYPES,
    WELSH_NAMES,
    local_authority_name,
    phase_name,
    school_type_name,
)
from sspcollect.db import session
from sspcollect.language import in_language
from sspcollect.models import LocalAuthority, Role
from tests.factories import create_school, create_user, sign_in
from tests.pages import Page


def test_welsh_authorities_have_their_welsh_names_in_welsh(app: Flask) -> None:
    with in_language("cy"):
        assert local_authority_name("Cardiff") == "Caerdydd"
        assert local_authority_name("Isle of Anglesey") == "Ynys M\u00f4n"
        assert local_authority_name("Vale of Glamorgan") == "Bro Morgannwg"
        # Named the same in both languages, or in England: as the reference data has it.
        assert local_authority_name("Gwynedd") == "Gwynedd"
        assert local_authority_name("Birmingham") == "Birmingham"
        assert phase_name("Primary") == "Cynradd"
        assert phase_name("Middle deemed secondary") == "Canol (ystyrir yn uwchradd)"
        assert school_type_name("Welsh establishment") == "Sefydliad yng Nghymru"
        assert school_type_name("Community school") == "Ysgol gymunedol"
        # A type added to Get Information About Schools after this list: as it is given.
        assert school_type_name("Boarding annex") == "Boarding annex"
        assert all(school_type_name(name) != name for name in SCHOOL_TYPES)
    with in_language("en"):
        assert local_authority_name("Cardiff") == "Cardiff"
        assert phase_name("Primary") == "Primary"
        assert all(school_type_name(name) == name for name in SCHOOL_TYPES)
    # Every Welsh name is for an authority the reference data holds, and it keeps the English.
    held = {la.code: la.name for la in session.query(LocalAuthority)}
    assert set(WELSH_NAMES) <= set(held)
    assert held["W06000015"] == "Cardiff"


def test_a_welsh_school_reads_its_authority_phase_type_and_force_area_in_welsh(app: Flask) -> None:
    school = create_school(la_old_code="681", type_code=30, type_name="Welsh establishment")
    client = app.test_client()
    sign_in(client, create_user(Role.SCHOOL, org=str(school.urn)))
    text = " ".join(Page(client.get("/?lang=cy", follow_redirects=True)).text.split())
    assert "Caerdydd (681)" in text
    assert "Cynradd" in text
    assert "Sefydliad yng Nghymru" in text
    assert "De Cymru" in text
    text = " ".join(Page(client.get("/?lang=en", follow_redirects=True)).text.split())
    assert "Cardiff (681)" in text
    assert "Welsh establishment" in text
    assert "South Wales" in text
