"""Importing a Get Information About Schools extract through the admin's upload page.

The upload starts the same checked import as the command, in a thread; the progress page
refreshes itself (an HTTP Refresh header, no JavaScript) until the import ends, then shows
its report or why nothing was changed. Each outcome is recorded in the audit trail in words.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from sspcollect.admin import organisation_views
from sspcollect.db import session, utcnow
from sspcollect.models import AuditEvent, ImportStatus, School, SchoolImport, User
from sspcollect.reference.uploads import wait_for
from tests.pages import Page, get, post
from tests.reference.gias_rows import gias_bytes, gias_row, outside_rows, service_schools
from tests.review.world import make_user, signed_in

URL = "/admin/schools/import"


def extract() -> bytes:
    """Twenty-six schools and six establishments outside the service, as GIAS writes them."""
    rows = service_schools() + outside_rows()
    rows += [gias_row(130000 + n, "330", f"Harborne School {n}") for n in range(20)]
    return gias_bytes(rows)


def admin(client: FlaskClient) -> User:
    """Sign an admin in on client."""
    user = make_user("admin", "HO", "Adam Admin")
    signed_in(client, user)
    return user


def upload(client: FlaskClient, data: bytes, name: str = "edubasealldata20261101.csv") -> Page:
    """Upload data; wait for the import it started; the progress page at its end."""
    sent = post(client, URL, {"extract": (io.BytesIO(data), name)}, 302)
    location = sent.response.headers["Location"]
    import_id = int(location.rsplit("/", 1)[1])
    wait_for(import_id, timeout=120)
    session.expire_all()
    return get(client, location)


def schools_held() -> int:
    """How many schools the service holds."""
    return session.scalar(select(func.count()).select_from(School)) or 0


def test_an_upload_is_imported_and_its_report_shown_and_audited(client: FlaskClient) -> None:
    """Every school is added; the page shows the counts; the audit trail says it in words."""
    admin(client)
    before = schools_held()
    page = upload(client, extract())
    assert "Refresh" not in page.response.headers
    assert page.soup.select_one("h1, .govuk-panel__title").get_text(strip=True) == (
        "Schools imported"
    )
    assert "Read 32 rows as Windows-1252." in page.text
    assert "26 schools added" in page.text
    assert "6 establishments outside the service skipped" in page.text
    assert schools_held() == before + 26
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "schools_imported")).one()
    assert event.comment is not None
    assert event.comment.startswith("Imported schools from edubasealldata20261101.csv. Read 32")
    assert event.changes == {"added": 26, "updated": 0, "unchanged": 0, "skipped": 6}
    log = get(client, "/admin/audit")
    assert "Schools were imported from an uploaded extract" in log.text
    assert "An extract of schools was uploaded to be imported" in log.text
    listed = get(client, URL)
    assert "edubasealldata20261101.csv" in listed.text and "Imported" in listed.text


def test_a_second_upload_of_the_same_file_changes_nothing(client: FlaskClient) -> None:
    """The import is an upsert: the second time, every school is unchanged."""
    admin(client)
    upload(client, extract())
    page = upload(client, extract())
    assert "0 schools added." in page.text
    assert "26 schools unchanged." in page.text


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"PK\x03\x04" + b"\x00" * 200, "this is an Excel workbook or a zip file, not a CSV file"),
        (extract()[:-700], "cut off"),
        (gias_bytes([]), "the file has its header row but no establishments"),
    ],
)
def test_a_broken_file_is_refused_with_its_message_and_nothing_changes(
    client: FlaskClient, data: bytes, words: str
) -> None:
    """The page says the file was not imported and why; the schools are as they were."""
    admin(client)
    upload(client, extract())
    held = session.execute(select(School).order_by(School.urn)).scalars().all()
    before = [(s.urn, s.name, s.phase, s.postcode, s.is_open) for s in held]
    page = upload(client, data, "broken.csv")
    assert page.soup.h1 is not None
    assert page.soup.h1.get_text(strip=True) == "The file was not imported"
    assert words in page.text
    session.expire_all()
    after = session.execute(select(School).order_by(School.urn)).scalars().all()
    assert [(s.urn, s.name, s.phase, s.postcode, s.is_open) for s in after] == before
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "schools_import_refused")
    ).one()
    assert event.comment is not None and words in event.comment


def test_a_running_import_shows_how_far_it_has_got_and_asks_again(client: FlaskClient) -> None:
    """While it runs, the page says how many rows are checked and carries a Refresh header."""
    user = admin(client)
    job = _job(user, status=ImportStatus.CHECKING, rows_total=26_000, rows_checked=12_000)
    page = get(client, f"{URL}/{job.id}")
    assert page.response.headers["Refresh"] == str(organisation_views.REFRESH_SECONDS)
    assert "Checked 12,000 of 26,000 rows." in page.text
    progress = page.soup.find("progress")
    assert progress is not None and progress["value"] == "12000"
    form = get(client, URL)
    assert form.soup.find("input", {"type": "file"}) is None
    assert "An import is running now" in form.text


def test_an_upload_while_another_runs_goes_to_the_running_one(client: FlaskClient) -> None:
    """Only one import runs at a time."""
    user = admin(client)
    job = _job(user, status=ImportStatus.SAVING, rows_total=100, rows_checked=100)
    sent = post(client, URL, {"extract": (io.BytesIO(extract()), "second.csv")}, 302)
    assert sent.response.headers["Location"] == f"{URL}/{job.id}"
    assert session.scalar(select(func.count()).select_from(SchoolImport)) == 1


def test_an_import_not_heard_from_for_long_is_shown_as_stopped(client: FlaskClient) -> None:
    """A server restarted mid-import leaves a record that says running: it is shown as stopped."""
    user = admin(client)
    job = _job(user, status=ImportStatus.CHECKING, rows_total=100, rows_checked=10)
    job.updated_at = utcnow() - timedelta(hours=1)
    session.commit()
    page = get(client, f"{URL}/{job.id}")
    assert "Refresh" not in page.response.headers
    assert "The import stopped before it finished" in page.text
    assert get(client, URL).soup.find("input", {"type": "file"}) is not None


def test_no_file_chosen_is_an_error_on_the_page(client: FlaskClient) -> None:
    """Uploading nothing asks for the extract, with the error summary and title."""
    admin(client)
    page = post(client, URL, {}, 400)
    assert page.soup.title is not None and page.soup.title.text.startswith("Error: ")
    assert "Choose the extract to import" in page.text


def test_a_file_over_the_limit_is_refused_on_the_page(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page for a file too large names the extract's own limit."""
    admin(client)
    monkeypatch.setattr(organisation_views, "EXTRACT_MAX_BYTES", 3 * 1024 * 1024)
    page = post(client, URL, {"extract": (io.BytesIO(b"x" * (4 * 1024 * 1024)), "big.csv")}, 413)
    assert "Files must be smaller than 3 MB" in page.text


def test_an_extract_larger_than_other_uploads_is_accepted(client: FlaskClient) -> None:
    """An extract may be larger than the 5 MB other uploads are held to."""
    admin(client)
    padded = extract() + b"\r\n" * (3 * 1024 * 1024)
    page = upload(client, padded)
    assert "26 schools added" in page.text


def test_only_admins_can_upload(client: FlaskClient) -> None:
    """A reviewer is refused the page."""
    signed_in(client, make_user("reviewer", "DFE", "Rita Reviewer"))
    assert client.get(URL).status_code == 403


def _job(user: User, **values: object) -> SchoolImport:
    """An import record, as an upload leaves it (no thread)."""
    job = SchoolImport(
        started_by_id=user.id,
        file_name="edubasealldata20261101.csv",
        size_bytes=65_000_000,
        allow_shrink=False,
        updated_at=utcnow(),
        **values,
    )
    session.add(job)
    session.commit()
    return job
