"""Loading the reference tables into the database, and the organisations they imply."""

from __future__ import annotations

from sqlalchemy import func, select

from sspcollect.db import session
from sspcollect.models import Country, ForceArea, LocalAuthority, Organisation, Region
from sspcollect.reference.load import load_reference_data
from sspcollect.reference.tables import LOCAL_AUTHORITIES


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
