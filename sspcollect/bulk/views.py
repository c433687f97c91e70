"""Downloading the force's register as CSV or XLSX, and uploading it back in bulk."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from itsdangerous import BadSignature
from werkzeug.wrappers import Response as WerkzeugResponse

from sspcollect.accounts.access import roles
from sspcollect.bulk import register_file, upload
from sspcollect.bulk.changes import in_words
from sspcollect.bulk.register_file import XLSX_TYPE, FileProblemError, problems_found
from sspcollect.content.marking import N_
from sspcollect.models import Role
from sspcollect.register import service
from sspcollect.versioning import StaleEditError

bp = Blueprint("bulk", __name__, url_prefix="/register")

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# Room for the rest of the form around the file in the request.
FORM_OVERHEAD = 16 * 1024
# What the pages say (marked for the Welsh catalogue, translated where they are shown).
TOO_LARGE = N_("The selected file must be smaller than 2 MB; split your register into parts")
CHOOSE = N_("Select a CSV file or Excel workbook (.xlsx) with your register")
EXPIRED = N_("The checked file could not be read back; upload it again")
REGISTER_CHANGED = N_(
    "Someone changed your register since the file was checked; check the changes again"
)

Page = str | Response | WerkzeugResponse | tuple[str, int]


def _download(data: bytes, name: str, mimetype: str) -> Response:
    """A file download."""
    return Response(
        data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.route("/download.csv")
@roles(Role.POLICE)
def download_csv() -> Response:
    """The force's register as CSV."""
    force = service.force_of(current_user)
    data = register_file.csv_bytes(service.partnerships_of(force.code))
    return _download(data, f"register-{force.code}.csv", "text/csv")


@bp.route("/download.xlsx")
@roles(Role.POLICE)
def download_xlsx() -> Response:
    """The force's register as an Excel workbook."""
    force = service.force_of(current_user)
    data = register_file.xlsx_bytes(service.partnerships_of(force.code))
    return _download(data, f"register-{force.code}.xlsx", XLSX_TYPE)


@bp.route("/template.xlsx")
@roles(Role.POLICE)
def template_xlsx() -> Response:
    """A blank register workbook with a guidance sheet."""
    return _download(
        register_file.xlsx_bytes([], guidance=True), "register-template.xlsx", XLSX_TYPE
    )


def _upload_page(message: str | None = None, problems: list[upload.Problem] | None = None) -> Page:
    """The upload page, with the file's problems if any."""
    message = gettext(message) if message else None
    errors = [{"text": message, "href": "#register_file"}] if message else []
    if problems:
        errors.append({"text": problems_found(len(problems)), "href": "#problems"})
    return render_template(
        "bulk/upload.html",
        force=service.force_of(current_user),
        columns=register_file.COLUMNS,
        guidance=register_file.guidance_html(),
        errors=errors,
        file_error=message,
        problems=problems or [],
    )


def _preview(rows: upload.Rows, force_code: str, message: str | None = None) -> Page:
    """Check rows: their problems, or the preview of what they change."""
    plan = upload.check_rows(rows, force_code)
    if plan.problems:
        return _upload_page(problems=plan.problems)
    return render_template(
        "bulk/preview.html",
        force=service.force_of(current_user),
        plan=plan,
        token=upload.sign(rows, force_code),
        change_words=in_words,
        errors=[{"text": gettext(message)}] if message else [],
    )


@bp.route("/upload", methods=["GET", "POST"])
@roles(Role.POLICE)
def upload_register() -> Page:
    """Choose a file; on POST check it all and show its problems or a preview."""
    if request.method == "GET":
        return _upload_page()
    force = service.force_of(current_user)
    if (request.content_length or 0) > MAX_UPLOAD_BYTES + FORM_OVERHEAD:
        return _upload_page(TOO_LARGE)
    chosen = request.files.get("register_file")
    if chosen is None or not chosen.filename:
        return _upload_page(CHOOSE)
    data = chosen.stream.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        return _upload_page(TOO_LARGE)
    try:
        rows = register_file.read(chosen.filename, data)
    except FileProblemError as problem:
        return _upload_page(str(problem))
    return _preview(rows, force.code)


@bp.route("/upload/confirm", methods=["POST"])
@roles(Role.POLICE)
def confirm_upload() -> Page:
    """Check the previewed rows again and save them all, or nothing."""
    force = service.force_of(current_user)
    try:
        rows, register = upload.unsign(request.form.get("upload", ""), force.code)
    except (BadSignature, ValueError, TypeError, KeyError):
        return _upload_page(EXPIRED)
    if register != upload.fingerprint(force.code):
        return _preview(rows, force.code, REGISTER_CHANGED)
    plan = upload.check_rows(rows, force.code)
    if plan.problems:
        return _upload_page(problems=plan.problems)
    try:
        upload.save(plan, force.code, current_user)
    except StaleEditError:
        return _preview(rows, force.code, REGISTER_CHANGED)
    counts = {kind: len(plan.of_kind(kind)) for kind in ("added", "changed", "ended")}
    flash(
        gettext(
            "Register uploaded: %(added)s added, %(changed)s changed, %(ended)s ended", **counts
        ),
        "success",
    )
    return redirect(url_for("register.index"))
