"""Loading the reference tables into the database, and the organisations they imply."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from sspcollect.db import session
from sspcollect.models import Country, ForceArea, LocalAuthority, Organisation, Region, School
from sspcollect.reference import load
from sspcollect.reference.load import ReferenceDataError, load_reference_data
from sspcollect.reference.tables import LOCAL_AUTHORITIES
from tests.dump import dump_database
from tests.factories import create_school


def count(model: type) -> int:
    """How many rows a table holds."""
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_loading_reference_data_fills_every_table(app):
    """Countries, regions, forces and authorities all arrive, linked to each other."""
    with app.app_context():
        load_reference_data()
        assert count(Country) == 2
        assert count(Region) == 9
        assert count(ForceArea) == 43
        assert count(LocalAuthority) == len(LOCAL_AUTHORITIES) == 175
        vale = session.scalar(select(LocalAuthority).where(LocalAuthority.old_code == "673"))
        assert vale is not None
        assert (vale.name, vale.force_area.name, vale.region) == (
            "Vale of Glamorgan",
            "South Wales",
            None,
        )
        assert vale.country_code == "W92000004"
        halton = session.get(LocalAuthority, "E06000006")
        assert halton is not None
        assert halton.force_area.name == "Cheshire"
        assert halton.region is not None
        assert halton.region.name == "North West"


def test_every_force_and_both_departments_get_an_organisation(app):
    """One police organisation per force area, plus DfE and the Home Office."""
    with app.app_context():
        load_reference_data()
        police = session.scalars(select(Organisation).where(Organisation.kind == "police")).all()
        assert len(police) == 43
        for org in police:
            assert org.code == org.force_area_code
            assert org.force_area is not None
            assert org.name == org.force_area.name
        central = {
            org.code: org.name
            for org in session.scalars(select(Organisation).where(Organisation.kind == "central"))
        }
        assert central == {"DFE": "Department for Education", "HO": "Home Office"}
        dfe = session.scalar(select(Organisation).where(Organisation.code == "DFE"))
        assert dfe is not None
        assert dfe.is_central


def test_loading_twice_changes_nothing(app):
    """The load is an upsert: a second run adds no rows."""
    with app.app_context():
        load_reference_data()
        load_reference_data()
        assert count(ForceArea) == 43
        assert count(LocalAuthority) == 175
        assert count(Organisation) == 45
        assert sum(force.vru for force in session.scalars(select(ForceArea))) == 20


def test_reloading_keeps_the_vru_flags_admins_set_but_restores_names(app):
    """Admins own the VRU flag after the first load; names follow the published tables."""
    with app.app_context():
        load_reference_data()
        cumbria = session.get(ForceArea, "E23000002")
        kent = session.get(ForceArea, "E23000032")
        assert cumbria is not None
        assert kent is not None
        cumbria.vru = True
        kent.vru = False
        kent.name = "Kent Police"
        session.commit()

        load_reference_data()
        session.expire_all()
        assert session.get(ForceArea, "E23000002").vru is True
        kent = session.get(ForceArea, "E23000032")
        assert (kent.vru, kent.name) == (False, "Kent")


def _wrong_welsh_codes() -> None:
    """Put the database back as the service first shipped it: 674 Cardiff, 675 RCT, 681 Merthyr."""
    wrong = {"W06000015": "674", "W06000016": "675", "W06000024": "681"}
    for number, code in enumerate(wrong):
        session.get(LocalAuthority, code).old_code = f"~{number}"  # type: ignore[union-attr]
    session.flush()
    for code, old_code in wrong.items():
        session.get(LocalAuthority, code).old_code = old_code  # type: ignore[union-attr]
    session.commit()


def test_schools_follow_their_code_when_the_welsh_codes_are_put_right(app):
    """A school imported as 674 under the old mapping sits in Rhondda Cynon Taf afterwards."""
    with app.app_context():
        _wrong_welsh_codes()
        # Imported under the wrong mapping: GIAS said 674, 675 and 681.
        rhondda = create_school(la_old_code="674", name="Ysgol Gyfun Cwm Rhondda")
        merthyr = create_school(la_old_code="675", name="Afon Taf High School")
        cardiff = create_school(la_old_code="681", name="Cardiff High School")
        assert rhondda.local_authority.name == "Cardiff"

        report = load_reference_data()

        session.expire_all()
        placed = {
            school.urn: (school.local_authority.old_code, school.local_authority.name)
            for school in session.scalars(select(School))
        }
        assert placed[rhondda.urn] == ("674", "Rhondda Cynon Taf")
        assert placed[merthyr.urn] == ("675", "Merthyr Tydfil")
        assert placed[cardiff.urn] == ("681", "Cardiff")
        assert report.schools_moved == 3
        assert "Cardiff from 674 to 681" in report.summary()
        assert "3 schools moved to the authority that now has their code" in report.summary()
        again = load_reference_data()
        assert again.summary() == "Reference data already up to date: nothing changed."


def test_contradictory_tables_are_refused_and_nothing_changes(app, monkeypatch):
    """Two authorities with one code: refused with a message, the database byte-identical."""
    with app.app_context():
        _wrong_welsh_codes()
        create_school(la_old_code="674")
        before = dump_database()
        doubled = (*LOCAL_AUTHORITIES[:-1], LOCAL_AUTHORITIES[-1]._replace(old_code="330"))
        monkeypatch.setattr(load, "LOCAL_AUTHORITIES", doubled)
        with pytest.raises(ReferenceDataError, match="330 is given twice") as refused:
            load_reference_data()
        assert "nothing was changed" in str(refused.value)
        assert dump_database() == before


def test_a_failure_half_way_leaves_everything_as_it_was(app, monkeypatch):
    """A fault after the codes moved rolls the whole load back."""
    with app.app_context():
        _wrong_welsh_codes()
        create_school(la_old_code="674")
        before = dump_database()

        def fail() -> None:
            raise RuntimeError("the database went away")

        monkeypatch.setattr(load, "_load_organisations", fail)
        with pytest.raises(RuntimeError):
            load_reference_data()
        assert dump_database() == before


def test_an_authority_no_longer_listed_is_removed_when_empty_and_kept_while_used(app, monkeypatch):
    """An empty authority goes; one that still has schools stays, and the report says why."""
    with app.app_context():
        create_school(la_old_code="886")
        kept = tuple(la for la in LOCAL_AUTHORITIES if la.old_code not in {"886", "887"})
        monkeypatch.setattr(load, "LOCAL_AUTHORITIES", kept)
        report = load_reference_data()
        assert session.get(LocalAuthority, "E06000035") is None  # Medway, empty
        kent = session.get(LocalAuthority, "E10000016")
        assert kent is not None
        assert kent.old_code == "886"
        assert report.removed == ["Medway (887)"]
        assert (
            "Kent (886) is no longer listed but still has 1 school and 0 returns"
            in report.summary()
        )
