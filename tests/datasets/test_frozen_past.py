"""A closed collection's datasets never change: everything they depend on is fixed at its close."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from sspcollect.collections.service import close_collection
from sspcollect.datasets.export import build_national
from sspcollect.datasets.names import GUIDANCE_FILE
from sspcollect.db import session
from sspcollect.models import (
    Collection,
    CollectionStatus,
    Country,
    ForceArea,
    LocalAuthority,
    Region,
    School,
)
from tests.datasets.factories import build_synthetic_collection


def _change_every_mutable_reference_item(app: Flask) -> None:
    """What an admin or a schools import may change after a collection closes."""
    for force in session.scalars(select(ForceArea)):
        force.vru = not force.vru
        force.name = f"{force.name} (renamed)"
    regions = list(session.scalars(select(Region).order_by(Region.code)))
    forces = [f.code for f in session.scalars(select(ForceArea).order_by(ForceArea.code))]
    for number, la in enumerate(
        session.scalars(select(LocalAuthority).order_by(LocalAuthority.code))
    ):
        la.name = f"{la.name} (renamed)"
        if la.region_code is not None:
            la.region_code = regions[(number + 1) % len(regions)].code
        la.force_area_code = forces[(number + 3) % len(forces)]
    for region in regions:
        region.name = f"{region.name} (renamed)"
    for country in session.scalars(select(Country)):
        country.name = f"{country.name} (renamed)"
    las = [la.code for la in session.scalars(select(LocalAuthority).order_by(LocalAuthority.code))]
    phases = ["Primary", "Secondary", "Nursery", "All-through"]
    for number, school in enumerate(session.scalars(select(School).order_by(School.urn))):
        school.phase = phases[number % len(phases)]
        school.la_code = las[(number * 7) % len(las)]
        school.is_open = number % 2 == 0
        school.pupils = (school.pupils or 0) + 37
        school.name = f"{school.name} (renamed)"
    session.commit()
    app.config["DISCLOSURE_THRESHOLD"] = 10


def test_rebuilding_a_closed_collection_gives_the_same_bytes_whatever_changed(app: Flask) -> None:
    """Close, change every reference item the figures read, rebuild: every file is identical."""
    built = build_synthetic_collection()
    collection = built.collection
    collection.status = CollectionStatus.OPEN
    session.commit()
    close_collection(collection)
    assert collection.reference_frozen_at is not None
    assert collection.disclosure_threshold == 3
    before = build_national(collection).files
    guidance = before[GUIDANCE_FILE].decode()
    assert "when the collection closed" in guidance

    _change_every_mutable_reference_item(app)
    session.expire_all()
    closed = session.get(Collection, collection.id)
    assert closed is not None
    after = build_national(closed).files

    assert list(after) == list(before)
    for name, content in before.items():
        assert after[name] == content, f"{name} changed after the collection closed"

    # The same changes do move the figures of files built from the live reference data:
    # the comparison above would have caught them.
    closed.reference_frozen_at = None
    live = build_national(closed, threshold=3).files
    assert live["ssp_school_outcomes.csv"] != before["ssp_school_outcomes.csv"]
    assert live["ssp_partnerships.csv"] != before["ssp_partnerships.csv"]
    session.rollback()


def test_an_open_collections_files_say_which_days_reference_data_they_use(app: Flask) -> None:
    """While open, the guidance says the reference data are those of the day of the build."""
    built = build_synthetic_collection()
    built.collection.status = CollectionStatus.OPEN
    session.commit()
    guidance = build_national(built.collection).files[GUIDANCE_FILE].decode()
    assert "the day these files were made. They are fixed when the collection closes." in (guidance)
