"""Administration pages for reference data: one organisation, its own details, school imports.

The pages join the admin blueprint. Refreshing local authorities and force areas stays a
command (`sspcollect load-reference`): they change with legislation, not from day to day.
"""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from sspcollect.accounts.access import admin_only
from sspcollect.admin import organisation_details
from sspcollect.admin.organisation_details import Changes
from sspcollect.admin.organisations import KIND_LABELS
from sspcollect.admin.users import ROLE_LABELS
from sspcollect.admin.views import bp
from sspcollect.models import ImportStatus
from sspcollect.reference import uploads

Page = str | BaseResponse | tuple[str, int]

# A full extract of every establishment is about 65 MB; the service's other uploads are small.
EXTRACT_MAX_BYTES = 150 * 1024 * 1024
# How often the progress page asks again while an import runs, in seconds (the setting
# SCHOOL_IMPORT_REFRESH_SECONDS can change it).
REFRESH_SECONDS = 2


def allow_large_extract() -> None:
    """Before anything reads the form: let the extract upload be larger than other uploads."""
    if request.endpoint == "admin.upload_schools":
        request.max_content_length = EXTRACT_MAX_BYTES


@bp.route("/organisations/<int:organisation_id>")
@admin_only
def organisation(organisation_id: int) -> str:
    """One organisation: its reference details, its own details, its users and returns."""
    found = organisation_details.load_organisation(organisation_id)
    shown = organisation_details.details(found)
    covered = (
        organisation_details.covered_schools(found.force_area_code) if found.force_area_code else 0
    )
    return render_template(
        "admin/organisation.html",
        shown=shown,
        organisation=found,
        kinds=KIND_LABELS,
        roles=ROLE_LABELS,
        covered=covered,
    )


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@admin_only
def edit_organisation(organisation_id: int) -> Page:
    """Change an organisation's contact and whether it takes part in new collections."""
    found = organisation_details.load_organisation(organisation_id)
    if request.method == "GET":
        return render_template(
            "admin/organisation_edit.html", organisation=found, typed=Changes.of(found)
        )
    typed = Changes.from_form(request.form)
    if typed.problems:
        errors = [{"text": text, "href": f"#{name}"} for name, text in typed.problems.items()]
        html = render_template(
            "admin/organisation_edit.html", organisation=found, typed=typed, errors=errors
        )
        return html, 400
    if organisation_details.save(found, typed, current_user):
        flash(f"{found.name}\u2019s details have been changed", "success")
    return redirect(url_for("admin.organisation", organisation_id=found.id))


@bp.route("/schools/import", methods=["GET", "POST"])
@admin_only
def upload_schools() -> Page:
    """Upload a Get Information About Schools extract to import in the background."""
    if request.method == "GET":
        return _upload_page()
    # A file over EXTRACT_MAX_BYTES never gets here: the 413 page names the limit.
    upload = request.files.get("extract")
    allow_shrink = request.form.get("allow_shrink") == "yes"
    if upload is None or not upload.filename:
        return _upload_page("Choose the extract to import")
    data = upload.read()
    if not data:
        return _upload_page("The chosen file is empty: choose the extract to import")
    try:
        job = uploads.start_import(data, upload.filename, current_user, allow_shrink=allow_shrink)
    except uploads.ImportBusyError as busy:
        flash("Another import is still running: wait for it to finish", "important")
        return redirect(url_for("admin.school_import", import_id=busy.import_id))
    return redirect(url_for("admin.school_import", import_id=job.id))


def _upload_page(problem: str | None = None, status: int = 400) -> Page:
    """The upload form with the latest imports, and a problem with the upload just tried."""
    html = render_template(
        "admin/schools_import.html",
        problem=problem,
        running=uploads.running_import(),
        recent=uploads.recent_imports(),
        limit_mb=EXTRACT_MAX_BYTES // (1024 * 1024),
        size_words=uploads.size_words,
        statuses=ImportStatus,
        is_stopped=uploads.is_stopped,
    )
    return (html, status) if problem else html


@bp.route("/schools/import/<int:import_id>")
@admin_only
def school_import(import_id: int) -> Page:
    """How far an import has got, refreshing itself while it runs; its report at the end."""
    job = uploads.load_import(import_id)
    if job is None:
        abort(404)
    running = job.status in uploads.RUNNING and not uploads.is_stopped(job)
    html = render_template(
        "admin/school_import.html",
        job=job,
        running=running,
        stopped=uploads.is_stopped(job),
        stopped_words=uploads.STOPPED,
        progress=uploads.progress_words(job),
        statuses=ImportStatus,
        size_words=uploads.size_words,
    )
    response = make_response(html)
    if running:
        # Without JavaScript: the browser asks for the page again until the import ends.
        seconds = current_app.config.get("SCHOOL_IMPORT_REFRESH_SECONDS", REFRESH_SECONDS)
        response.headers["Refresh"] = str(seconds)
    return response
