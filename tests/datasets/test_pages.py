"""The national datasets pages: central staff download; admins publish a frozen version."""

from __future__ import annotations

import io
import zipfile

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from sspcollect.datasets import cache
from sspcollect.datasets.export import Datasets
from sspcollect.db import session
from sspcollect.models import AuditEvent, Publication, Role, SchoolAnswers
from tests.datasets.factories import Synthetic, build_synthetic_collection, create_collection
from tests.datasets.independent import read_csv
from tests.factories import create_user, csrf_token, sign_in
from tests.pages import get, post


@pytest.fixture
def synthetic(app: Flask) -> Synthetic:
    """The synthetic collection of tests/datasets/factories.py."""
    return build_synthetic_collection()


def _zip(content: bytes) -> dict[str, bytes]:
    """The files in a downloaded zip."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _publish(client: FlaskClient, collection_id: int, included: str = "accepted") -> None:
    """Press "Publish these files" on the collection's page."""
    page = client.get(f"/datasets/{collection_id}?included={included}")
    response = client.post(
        f"/datasets/{collection_id}/publish",
        data={"csrf_token": csrf_token(page.get_data(as_text=True)), "included": included},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.ADMIN])
def test_central_staff_see_the_datasets_of_each_collection(
    client: FlaskClient, synthetic: Synthetic, role: Role
) -> None:
    """The list links to each collection; its page links every file and the zip."""
    create_collection(time_period="202627", title="Draft one", status="draft")
    sign_in(client, create_user(role))
    index = get(client, "/datasets")
    assert index.heading == "National datasets"
    assert "Safer School Partnerships 2025/26" in index.text
    # The year the files' figures describe, which is their time period, not the collection's.
    [link] = [a for a in index.soup.select("tbody a") if synthetic.collection.title in a.text]
    row = link.find_parent("tr")
    cells = [cell.get_text(strip=True) for cell in row.select("td")]
    assert cells[1] == synthetic.collection.outcomes_year.label
    assert "Figures for" in index.text
    assert "Draft one" not in index.text
    assert "Not published" in index.text
    page = get(client, f"/datasets/{synthetic.collection.id}")
    assert page.heading == "National datasets for 2025/26"
    links = {a["href"] for a in page.soup.select("a.govuk-link")}
    for name in ("ssp_partnerships.csv", "ssp_funding.meta.csv", "ssp_data_guidance.txt"):
        assert f"/datasets/{synthetic.collection.id}/files/{name}?included=accepted" in links
    # The record-level register is not among the files: it has a page of its own.
    assert not any("ssp_register" in link for link in links)
    assert f"/datasets/{synthetic.collection.id}/record-level?included=accepted" in links
    assert f"/datasets/{synthetic.collection.id}/all-files.zip?included=accepted" in links
    # What the figures cover, and the disclosure report of the files built now.
    assert "Metropolitan Police" in page.text
    report = page.soup.select_one("#disclosure-report").find_next("p").text
    assert report.startswith("Disclosure control, threshold 3: ")
    assert "No hidden cell can be worked out" in page.text
    assert "No version of these files has been published yet" in page.text
    navigation = [a.get_text(strip=True) for a in page.soup.select(".govuk-service-navigation a")]
    assert "Datasets" in navigation


@pytest.mark.parametrize("role", [Role.SCHOOL, Role.POLICE])
def test_schools_and_forces_cannot_reach_the_datasets(
    client: FlaskClient, synthetic: Synthetic, role: Role
) -> None:
    """403 on every datasets page and download, and no Datasets link in their navigation."""
    user = create_user(role)
    sign_in(client, user)
    collection_id = synthetic.collection.id
    for url in (
        "/datasets",
        f"/datasets/{collection_id}",
        f"/datasets/{collection_id}/record-level",
        f"/datasets/{collection_id}/record-level/ssp_register.csv",
        f"/datasets/{collection_id}/all-files.zip",
    ):
        get(client, url, expected_status=403)
    home = get(client, "/school" if role == Role.SCHOOL else "/police")
    navigation = [a.get_text(strip=True) for a in home.soup.select(".govuk-service-navigation a")]
    assert "Datasets" not in navigation
    assert "/datasets" not in home.html


def test_a_file_downloads_as_csv_built_from_the_returns(
    client: FlaskClient, synthetic: Synthetic
) -> None:
    """Each file is built on request, counting the returns chosen."""
    sign_in(client, create_user(Role.REVIEWER))
    url = f"/datasets/{synthetic.collection.id}/files/ssp_collection_progress.csv"
    accepted = client.get(f"{url}?included=accepted")
    assert accepted.status_code == 200
    assert accepted.mimetype == "text/csv"
    assert 'filename="ssp_collection_progress.csv"' in accepted.headers["Content-Disposition"]
    both = client.get(f"{url}?included=accepted_and_submitted")
    national = [
        r
        for r in read_csv(both.data)
        if r["country_code"] == "K04000001" and r["return_type"] == "Total"
    ]
    first = [
        r
        for r in read_csv(accepted.data)
        if r["country_code"] == "K04000001" and r["return_type"] == "Total"
    ]
    assert int(national[0]["returns_included_count"]) > int(first[0]["returns_included_count"])
    meta = client.get(f"/datasets/{synthetic.collection.id}/files/ssp_collection_progress.meta.csv")
    assert b"accepted returns only" in meta.data


def test_downloaded_register_neutralises_spreadsheet_formulas(
    client: FlaskClient, synthetic: Synthetic
) -> None:
    """Text a force typed that starts with + or = cannot run when the CSV is opened."""
    sign_in(client, create_user(Role.REVIEWER))
    response = client.get(f"/datasets/{synthetic.collection.id}/record-level/ssp_register.csv")
    rows = read_csv(response.data)
    assert "'+SUM(A1)" in {r["partnership_reference"] for r in rows}
    assert not any(value.startswith(("=", "+", "@")) for row in rows for value in row.values())


def test_the_zip_holds_every_file_and_the_data_guidance(
    client: FlaskClient, synthetic: Synthetic
) -> None:
    """One download with the five data files, their meta and the guidance: no register."""
    sign_in(client, create_user(Role.REVIEWER))
    response = client.get(
        f"/datasets/{synthetic.collection.id}/all-files.zip?included=accepted_and_submitted"
    )
    assert response.mimetype == "application/zip"
    assert (
        "ssp_datasets_202526_accepted_and_submitted.zip" in response.headers["Content-Disposition"]
    )
    files = _zip(response.data)
    assert len(files) == 11
    assert "ssp_register.csv" not in files
    assert "ssp_data_guidance.txt" in files
    assert b"These files count accepted and submitted returns" in files["ssp_data_guidance.txt"]


def test_choosing_the_returns_changes_the_links(client: FlaskClient, synthetic: Synthetic) -> None:
    """Accepted and submitted can be chosen without JavaScript; nonsense is an error."""
    sign_in(client, create_user(Role.REVIEWER))
    base = f"/datasets/{synthetic.collection.id}"
    page = get(client, f"{base}?included=accepted_and_submitted")
    assert "These files count accepted and submitted returns" in page.text
    checked = page.soup.select_one("input[name=included][checked]")
    assert checked is not None and checked["value"] == "accepted_and_submitted"
    wrong = get(client, f"{base}?included=everything", expected_status=400)
    assert wrong.errors == ["Choose which returns the files should count"]
    assert wrong.title.startswith("Error: ")
    get(client, f"{base}/files/ssp_register.csv", expected_status=404)
    get(client, f"{base}/record-level/ssp_register.csv?included=everything", expected_status=404)
    get(client, f"{base}/files/passwords.csv", expected_status=404)
    get(client, "/datasets/99999", expected_status=404)


def test_a_draft_collection_has_no_datasets_page(client: FlaskClient, app: Flask) -> None:
    """Only collections that have been opened have datasets."""
    draft = create_collection(time_period="202728", title="Not yet", status="draft")
    sign_in(client, create_user(Role.REVIEWER))
    get(client, f"/datasets/{draft.id}", expected_status=404)


def test_an_admin_publishes_and_every_reviewer_downloads_the_frozen_version(
    client: FlaskClient, synthetic: Synthetic
) -> None:
    """Publishing stores the zip; later changes to the returns do not change what is served."""
    admin = create_user(Role.ADMIN)
    sign_in(client, admin)
    collection_id = synthetic.collection.id
    _publish(client, collection_id, "accepted_and_submitted")
    publication = session.scalar(select(Publication))
    assert publication is not None
    assert publication.included == "accepted_and_submitted"
    assert publication.threshold == 3
    assert publication.published_by_id == admin.id
    assert "ssp_partnerships.csv" in publication.files
    assert "ssp_register.csv" not in publication.files
    assert "ssp_register.csv" not in _zip(publication.archive)
    audit = session.scalar(select(AuditEvent).where(AuditEvent.action == "datasets_published"))
    assert audit is not None and audit.collection_id == collection_id
    page = get(client, f"/datasets/{collection_id}")
    assert f"Files published: every reviewer now downloads version {publication.id}" in page.text
    assert f"Version {publication.id} was published on" in page.text
    assert "accepted and submitted returns" in page.text

    # The returns change after publication: the live files change, the published ones do not.
    for answers in session.scalars(select(SchoolAnswers)):
        answers.suspensions = (answers.suspensions or 0) + 100
    session.commit()
    reviewer = create_user(Role.REVIEWER)
    client.post("/sign-out", data={"csrf_token": csrf_token(page.html)})
    sign_in(client, reviewer)
    published = f"/datasets/{collection_id}/published/{publication.id}"
    frozen = client.get(f"{published}/all-files.zip")
    assert frozen.status_code == 200
    assert frozen.data == publication.archive
    name = "ssp_school_outcomes.csv"
    stored = _zip(publication.archive)[name]
    assert client.get(f"{published}/files/{name}").data == stored
    live = client.get(f"/datasets/{collection_id}/files/{name}?included=accepted_and_submitted")
    assert live.data != stored
    get(client, f"{published}/files/nothing.csv", expected_status=404)
    get(client, f"/datasets/{collection_id}/published/{publication.id + 1}/all-files.zip", 404)
    index = get(client, "/datasets")
    assert f"Version {publication.id}" in index.text


def test_reviewers_cannot_publish(client: FlaskClient, synthetic: Synthetic) -> None:
    """Only admins see and use the publish action."""
    sign_in(client, create_user(Role.REVIEWER))
    page = get(client, f"/datasets/{synthetic.collection.id}")
    assert "Publish these files" not in page.text
    post(
        client,
        f"/datasets/{synthetic.collection.id}/publish",
        {"included": "accepted"},
        expected_status=403,
        form_url=f"/datasets/{synthetic.collection.id}",
    )
    assert session.scalar(select(Publication)) is None


def test_publishing_with_a_made_up_choice_is_refused(
    client: FlaskClient, synthetic: Synthetic
) -> None:
    """A tampered form shows an error and publishes nothing."""
    sign_in(client, create_user(Role.ADMIN))
    page = post(
        client,
        f"/datasets/{synthetic.collection.id}/publish",
        {"included": "everything"},
        expected_status=400,
        form_url=f"/datasets/{synthetic.collection.id}",
    )
    assert page.errors == ["Choose which returns the files should count"]
    assert session.scalar(select(Publication)) is None


def test_the_record_level_register_is_a_download_of_its_own_and_each_is_audited(
    client: FlaskClient, synthetic: Synthetic
) -> None:
    """A page says it must never be published; each download is in the audit trail."""
    reviewer = create_user(Role.REVIEWER)
    sign_in(client, reviewer)
    base = f"/datasets/{synthetic.collection.id}"
    page = get(client, f"{base}/record-level?included=accepted_and_submitted")
    assert page.heading == "Record-level register for 2025/26"
    assert "This file must never be published" in page.text
    link = page.soup.select_one("a[download]")
    assert link is not None
    assert link["href"] == f"{base}/record-level/ssp_register.csv?included=accepted_and_submitted"
    assert session.scalar(select(AuditEvent).where(AuditEvent.action.contains("register"))) is None
    response = client.get(link["href"])
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert read_csv(response.data)[0]["partnership_reference"]
    event = session.scalar(
        select(AuditEvent).where(AuditEvent.action == "record_level_register_downloaded")
    )
    assert event is not None
    assert event.user_id == reviewer.id and event.collection_id == synthetic.collection.id
    assert event.changes == {"included": "accepted_and_submitted"}


def test_the_page_builds_the_release_once_until_its_data_change(
    client: FlaskClient, synthetic: Synthetic, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Views, the map and downloads share one build; a changed answer makes a new one."""
    builds: list[str] = []
    real = cache.build_files

    def counted(*args: object, **kwargs: object) -> Datasets:
        builds.append("built")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "build_files", counted)
    cache.forget()
    sign_in(client, create_user(Role.REVIEWER))
    base = f"/datasets/{synthetic.collection.id}"
    first = get(client, base)
    get(client, base)
    csv_file = client.get(f"{base}/files/ssp_school_outcomes.csv?included=accepted")
    assert len(builds) == 1
    for answers in session.scalars(select(SchoolAnswers)):
        answers.suspensions = (answers.suspensions or 0) + 100
    session.commit()
    again = get(client, base)
    assert len(builds) == 2
    changed = client.get(f"{base}/files/ssp_school_outcomes.csv?included=accepted")
    assert len(builds) == 2
    assert changed.data != csv_file.data
    assert again.soup.select_one("#coverage") is not None and first.heading == again.heading
