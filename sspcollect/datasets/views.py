"""Download pages for the national datasets: central staff only; admins publish a frozen version.

The builders and the coverage map need pandas and numpy: each page loads them when it
builds, so that the service starts (and serves every other page) without waiting for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from sspcollect.accounts.access import admin_only, central
from sspcollect.datasets import service
from sspcollect.datasets.names import (
    ACCEPTED,
    GUIDANCE_FILE,
    INCLUDED_CHOICES,
    INCLUDED_LABELS,
    REGISTER_FILE,
)
from sspcollect.maps.sections import Section, view_choice
from sspcollect.models import Collection, Publication

if TYPE_CHECKING:
    from sspcollect.datasets.export import Datasets

bp = Blueprint("datasets", __name__, url_prefix="/datasets")

CHOICE_ERROR = "Choose which returns the files should count"


def _descriptions(included: str) -> dict[str, str]:
    """What each file holds, by file name, for the page."""
    from sspcollect.datasets.export import data_files

    described = {}
    for spec in data_files(included):
        described[f"{spec.name}.csv"] = spec.title
        described[f"{spec.name}.meta.csv"] = f"Metadata for {spec.name}.csv"
    described[GUIDANCE_FILE] = "Data guidance: what is included, response rates, the rules"
    return described


def _download(content: bytes, name: str) -> Response:
    """A file download of content named name."""
    mimetype = {"csv": "text/csv", "zip": "application/zip"}.get(name.rsplit(".", 1)[-1])
    return Response(
        content,
        mimetype=mimetype or "text/plain",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("")
@central
def index() -> str:
    """The collections whose national datasets can be downloaded."""
    collections = service.collections_with_datasets()
    published = service.latest_publications([c.id for c in collections])
    return render_template("datasets/index.html", collections=collections, published=published)


def _coverage_map(collection: Collection, included: str) -> Section:
    """The map of published coverage, as the address asks for it."""
    from sspcollect.maps import coverage

    return coverage.coverage_section(
        coverage.coverage_source(collection, included),
        view_choice(request.args.get("map")),
        view_choice(request.args.get("measure"), tuple(coverage.MEASURES)),
        url_for("datasets.collection", collection_id=collection.id),
        {"included": included},
    )


def _render(
    collection: Collection, included: str, errors: list[dict[str, str]], status: int = 200
) -> tuple[str, int]:
    """The page of one collection's files, with coverage and the disclosure report of a build."""
    from sspcollect.datasets.cache import built_release
    from sspcollect.datasets.coverage import coverage_lines

    built = built_release(collection, included)
    return render_template(
        "datasets/collection.html",
        collection=collection,
        included=included,
        coverage=coverage_lines(built.coverage),
        report=built.disclosure_report,
        included_labels=INCLUDED_LABELS,
        files=built.names,
        absent=built.absent,
        descriptions=_descriptions(included),
        publication=service.latest_publication(collection),
        coverage_map=_coverage_map(collection, included),
        errors=errors,
    ), status


@bp.route("/<int:collection_id>")
@central
def collection(collection_id: int) -> tuple[str, int]:
    """Each file to download, which returns they count, and the published version."""
    found = service.load_collection(collection_id)
    included = service.included_choice(request.args.get("included"))
    if included is None:
        return _render(found, ACCEPTED, [{"text": CHOICE_ERROR, "href": "#included"}], 400)
    return _render(found, included, [])


def _built(collection_id: int) -> tuple[Collection, str, Datasets]:
    """The collection and its files built now for the returns chosen in the address."""
    from sspcollect.datasets.cache import built_release

    found = service.load_collection(collection_id)
    included = service.included_choice(request.args.get("included"))
    if included is None:
        raise NotFound
    return found, included, built_release(found, included)


@bp.route("/<int:collection_id>/files/<name>")
@central
def download_file(collection_id: int, name: str) -> Response:
    """One publishable file, built now from the returns."""
    from sspcollect.datasets.export import file_names

    if name not in file_names() and not name.endswith((".csv", ".meta.csv")):
        raise NotFound
    _collection, _included, built = _built(collection_id)
    if name not in built.files:
        raise NotFound
    return _download(built.files[name], name)


@bp.route("/<int:collection_id>/record-level")
@central
def record_level(collection_id: int) -> str:
    """The page before the record-level register: what it is, and that it is never published."""
    found = service.load_collection(collection_id)
    included = service.included_choice(request.args.get("included")) or ACCEPTED
    return render_template(
        "datasets/record_level.html",
        collection=found,
        included=included,
        included_labels=INCLUDED_LABELS,
        file_name=f"{REGISTER_FILE}.csv",
    )


@bp.route("/<int:collection_id>/record-level/ssp_register.csv")
@central
def download_register(collection_id: int) -> Response:
    """The record-level register, built now; every download is recorded in the audit trail."""
    found, included, built = _built(collection_id)
    service.record_register_download(found, included)
    return _download(built.register, f"{REGISTER_FILE}.csv")


@bp.route("/<int:collection_id>/all-files.zip")
@central
def download_zip(collection_id: int) -> Response:
    """Every file with the data guidance in one zip, built now from the returns."""
    from sspcollect.datasets.export import zip_archive

    found, included, built = _built(collection_id)
    return _download(zip_archive(built.files), f"ssp_datasets_{found.time_period}_{included}.zip")


@bp.route("/<int:collection_id>/publish", methods=["POST"])
@admin_only
def publish(collection_id: int) -> Response | tuple[str, int]:
    """Freeze the files as built now, so every reviewer downloads the same version."""
    found = service.load_collection(collection_id)
    # The form's CSRF token is checked for every POST by CSRFProtect before this runs.
    included = request.form.get("included", "")
    if included not in INCLUDED_CHOICES:
        return _render(found, ACCEPTED, [{"text": CHOICE_ERROR, "href": "#included"}], 400)
    publication = service.publish(found, included, current_user)
    flash(f"Files published: every reviewer now downloads version {publication.id}.", "success")
    return redirect(url_for("datasets.collection", collection_id=found.id))


def _published(collection_id: int, publication_id: int) -> tuple[Collection, Publication]:
    """The collection and one of its published versions."""
    found = service.load_collection(collection_id)
    return found, service.load_publication(found, publication_id)


@bp.route("/<int:collection_id>/published/<int:publication_id>/all-files.zip")
@central
def published_zip(collection_id: int, publication_id: int) -> Response:
    """The published zip, exactly as it was frozen."""
    found, publication = _published(collection_id, publication_id)
    name = f"ssp_datasets_{found.time_period}_published_{publication.id}.zip"
    return _download(publication.archive, name)


@bp.route("/<int:collection_id>/published/<int:publication_id>/files/<name>")
@central
def published_file(collection_id: int, publication_id: int, name: str) -> Response:
    """One file of the published version, from the frozen zip."""
    _found, publication = _published(collection_id, publication_id)
    return _download(service.published_file(publication, name), name)
