"""Importing schools from a Get Information About Schools extract: what a good file does."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sspcollect.db import session
from sspcollect.models import Organisation, School
from sspcollect.reference.gias import (
    HIGHER_EDUCATION,
    NO_LOCAL_AUTHORITY,
    OFFSHORE,
    OVERSEAS,
    GiasImportError,
    count_rows,
    import_schools,
)
from sspcollect.reference.load import load_reference_data
from tests.reference.gias_rows import (
    CASS,
    COLUMNS,
    ST_MARYS,
    ST_MARYS_ACADEMY,
    gias_row,
    outside_rows,
    service_schools,
    write_gias,
)
from tests.sql import statements


@pytest.fixture
def extract(tmp_path: Path) -> Path:
    """A small extract with every kind of row."""
    return write_gias(tmp_path / "edubasealldata20250901.csv", service_schools() + outside_rows())


@pytest.fixture
def reference(app):
    """The app with its reference data loaded (local authorities are needed to place schools)."""
    with app.app_context():
        load_reference_data()
    return app


def school_count() -> int:
    """How many schools the database holds."""
    return session.scalar(select(func.count()).select_from(School)) or 0


def test_the_first_import_adds_schools_and_skips_establishments_outside_the_service(
    reference, extract
):
    """Six schools are added; six rows are skipped, each counted under its reason."""
    with reference.app_context():
        report = import_schools(extract)
        assert (report.added, report.updated, report.unchanged) == (6, 0, 0)
        assert report.skipped == 6
        assert report.skipped_by_reason == {
            NO_LOCAL_AUTHORITY: 1,
            OVERSEAS: 3,
            OFFSHORE: 1,
            HIGHER_EDUCATION: 1,
        }
        assert school_count() == 6
        assert session.get(School, 133850) is None
        assert report.lines() == [
            "Read 12 rows as Windows-1252.",
            "6 schools added, of which 1 closed and 0 proposed to open.",
            "0 schools updated.",
            "0 schools unchanged.",
            "6 establishments outside the service skipped: 1 higher education institution, "
            "1 with no local authority (LA code 000), 1 offshore, 3 overseas.",
        ]


def test_imported_schools_keep_their_details_and_non_ascii_names(reference, extract):
    """Names, codes, dates and locations arrive as GIAS gives them."""
    with reference.app_context():
        import_schools(extract)
        cass = session.get(School, 100000)
        assert cass is not None
        assert cass.name == CASS
        assert cass.local_authority.name == "City of London"
        assert cass.local_authority.force_area.name == "London, City of"
        assert cass.laestab == "2013614"
        assert (cass.type_code, cass.phase, cass.postcode) == (2, "Primary", "EC3A 5DE")
        assert (cass.pupils, cass.easting, cass.northing) == (210, 530000, 180000)
        assert cass.open_date == date(1909, 9, 1)
        ecole = session.get(School, 101002)
        assert ecole is not None
        assert ecole.name == "École Française de Londres"
        assert session.get(School, 137001).name == ST_MARYS


def test_open_status_follows_gias(reference, extract):
    """Open and 'Open, but proposed to close' are open; Closed is not."""
    with reference.app_context():
        import_schools(extract)
        assert session.get(School, 110004).is_open is True
        closed = session.get(School, 110003)
        assert closed.is_open is False
        assert closed.close_date == date(2015, 8, 31)
        assert closed.pupils is None
        assert closed.establishment_number == "0012"


def test_welsh_establishments_belong_to_their_welsh_local_authority(reference, extract):
    """A type 30 school with LA 673 sits in the Vale of Glamorgan, policed by South Wales."""
    with reference.app_context():
        import_schools(extract)
        ysgol = session.get(School, 401234)
        assert ysgol is not None
        assert ysgol.la_code == "W06000014"
        assert ysgol.local_authority.name == "Vale of Glamorgan"
        assert ysgol.local_authority.force_area.name == "South Wales"
        assert ysgol.laestab == "6732345"
        assert (ysgol.easting, ysgol.northing) == (None, None)


def test_every_imported_school_gets_an_organisation(reference, extract):
    """One school organisation per imported school, coded by URN and named as the school."""
    with reference.app_context():
        import_schools(extract)
        orgs = session.scalars(select(Organisation).where(Organisation.kind == "school")).all()
        assert {org.code: org.name for org in orgs} == {
            str(school.urn): school.name for school in session.scalars(select(School))
        }
        assert all(org.school_urn == int(org.code) for org in orgs)


def test_importing_the_same_file_twice_adds_and_updates_nothing(reference, extract):
    """The import is idempotent."""
    with reference.app_context():
        import_schools(extract)
        again = import_schools(extract)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 6)
        assert again.skipped == 6
        assert school_count() == 6
        schools = select(func.count()).where(Organisation.kind == "school")
        assert session.scalar(schools) == 6


def test_a_renamed_school_is_updated_with_its_organisation(reference, tmp_path, extract):
    """A new name in GIAS updates the school and its organisation."""
    rows = service_schools()
    rows[1]["EstablishmentName"] = ST_MARYS_ACADEMY
    with reference.app_context():
        import_schools(extract)
        report = import_schools(write_gias(tmp_path / "renamed.csv", rows))
        assert (report.added, report.updated, report.unchanged) == (0, 1, 5)
        session.expire_all()
        assert session.get(School, 137001).name == ST_MARYS_ACADEMY
        org = session.scalar(select(Organisation).where(Organisation.school_urn == 137001))
        assert org.name == ST_MARYS_ACADEMY


def test_a_school_that_closes_is_counted_among_the_updated_as_closed(reference, tmp_path, extract):
    """An open school whose status becomes Closed is updated, and said to have closed."""
    rows = service_schools()
    rows[0]["EstablishmentStatus (name)"] = "Closed"
    rows[0]["CloseDate"] = "31-08-2025"
    rows.append(gias_row(149999, "330", "New Birmingham Academy", OpenDate="01-09-2025"))
    with reference.app_context():
        import_schools(extract)
        report = import_schools(write_gias(tmp_path / "closing.csv", rows))
        assert (report.added, report.updated, report.updated_closed, report.unchanged) == (
            1,
            1,
            1,
            5,
        )
        assert "1 school updated, of which 1 closed since the last import." in report.lines()
        session.expire_all()
        cass = session.get(School, 100000)
        assert (cass.is_open, cass.status, cass.close_date) == (False, "Closed", date(2025, 8, 31))


def test_progress_steps_add_up_to_the_rows_in_the_file(reference, tmp_path):
    """The progress callback gets steps, as click's progress bar expects."""
    rows = [gias_row(200000 + n, "330", f"School {n}") for n in range(2500)]
    path = write_gias(tmp_path / "big.csv", rows + outside_rows())
    steps: list[int] = []
    with reference.app_context():
        report = import_schools(path, progress=steps.append)
    assert sum(steps) == count_rows(path) == 2506
    assert len(steps) == 3
    assert report.added == 2500


def test_the_import_runs_a_handful_of_statements_however_many_rows(reference, tmp_path):
    """Schools are read in one query and written in bulk, never row by row."""
    rows = [gias_row(300000 + n, "886", f"Kent School {n}") for n in range(3000)]
    path = write_gias(tmp_path / "bulk.csv", rows)
    with reference.app_context(), statements(reference) as sent:
        import_schools(path)
        rows[0]["EstablishmentName"] = "Renamed"
        import_schools(write_gias(tmp_path / "bulk2.csv", rows))
        assert school_count() == 3000
    assert len(sent) < 40


@pytest.mark.parametrize(
    ("bad_value", "column", "row_number"),
    [
        ({"URN": "12345"}, "URN", 4),
        ({"URN": "1234567"}, "URN", 4),
        ({"URN": "AB1234"}, "URN", 4),
        ({"LA (code)": "999"}, "LA (code)", 4),
        ({"LA (code)": "682"}, "LA (code)", 4),
        ({"LA (code)": "88"}, "LA (code)", 4),
        ({"OpenDate": "2020-09-01"}, "OpenDate", 4),
        ({"CloseDate": "31-02-2020"}, "CloseDate", 4),
        ({"NumberOfPupils": "about 200"}, "NumberOfPupils", 4),
        ({"Easting": "53.5"}, "Easting", 4),
        ({"TypeOfEstablishment (code)": ""}, "TypeOfEstablishment (code)", 4),
        ({"EstablishmentName": ""}, "EstablishmentName", 4),
        ({"URN": "100000"}, "URN", 4),
    ],
)
def test_a_bad_row_refuses_the_whole_file_naming_row_and_column(
    reference, tmp_path, extract, bad_value, column, row_number
):
    """One bad row anywhere means nothing is written, and the message says where it is."""
    rows = service_schools()
    rows.insert(2, gias_row(160000, "886", "Bad Row School"))
    rows[2].update(bad_value)
    rows.append(gias_row(160001, "886", "A New School After The Bad Row"))
    with reference.app_context():
        import_schools(extract)
        before = school_count()
        with pytest.raises(GiasImportError) as refused:
            import_schools(write_gias(tmp_path / "bad.csv", rows))
        message = str(refused.value)
        assert message.startswith("The file was not imported, and nothing was changed")
        assert f"Row {row_number}, column '{column}'" in message
        assert (row_number, column) == refused.value.errors[0][:2]
        session.rollback()
        assert school_count() == before
        assert session.get(School, 160001) is None
        assert session.get(School, 160000) is None


def test_an_unknown_local_authority_is_named_in_the_refusal(reference, tmp_path):
    """The message gives the code the service does not know."""
    path = write_gias(tmp_path / "unknown.csv", [gias_row(170000, "999", "Nowhere School")])
    with reference.app_context(), pytest.raises(GiasImportError, match="999"):
        import_schools(path)


def test_a_file_missing_a_column_is_refused_before_any_row_is_read(reference, tmp_path):
    """The header is row 1; the message names the missing column."""
    columns = [column for column in COLUMNS if column != "EstablishmentName"]
    path = write_gias(tmp_path / "missing.csv", service_schools(), columns)
    with reference.app_context():
        with pytest.raises(GiasImportError) as refused:
            import_schools(path)
        assert "row 1 should name the columns" in str(refused.value)
        assert "'EstablishmentName' is not there" in str(refused.value)
        assert school_count() == 0


def test_every_problem_in_the_file_is_reported(reference, tmp_path):
    """A file with several bad rows lists each of them."""
    rows = service_schools()
    rows[0]["URN"] = "x"
    rows[3]["OpenDate"] = "yesterday"
    with reference.app_context():
        with pytest.raises(GiasImportError) as refused:
            import_schools(write_gias(tmp_path / "two.csv", rows))
        assert [error[:2] for error in refused.value.errors] == [(2, "URN"), (5, "OpenDate")]
        assert school_count() == 0
