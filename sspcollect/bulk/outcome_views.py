"""Downloading a force return's outcomes as CSV or XLSX, and uploading them back in bulk."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user
from itsdangerous import BadSignature
from werkzeug.wrappers import Response as WerkzeugResponse

from sspcollect.accounts.access import roles
from sspcollect.bulk import outcomes, register_file
from sspcollect.bulk.changes import in_words
from sspcollect.bulk.register_file import XLSX_TYPE, FileProblemError, problems_found
from sspcollect.bulk.views import FORM_OVERHEAD, MAX_UPLOAD_BYTES
from sspcollect.content.marking import N_
from sspcollect.models import Return, Role
from sspcollect.returns import force_service as service
from sspcollect.returns.service import NotEditableError, load_return
from sspcollect.versioning import StaleEditError

ID = "int(max=2147483647)"
bp = Blueprint("outcome_files", __name__, url_prefix=f"/returns/<{ID}:return_id>/force/outcomes")

# What the pages say (marked for the Welsh catalogue, translated where they are shown).
TOO_LARGE = N_("The selected file must be smaller than 2 MB; split it into parts")
CHOOSE = N_("Select a CSV file or Excel workbook (.xlsx) with your partnerships\u2019 counts")
EXPIRED = N_("The checked file could not be read back; upload it again")
CHANGED = N_("Someone changed this return since the file was checked; check the changes again")
LOCKED = N_(
    "This return can no longer be changed: it has been submitted, or its collection is closed."
)

Page = str | Response | WerkzeugResponse | tuple[str, int]


def _load(return_id: int) -> Return:
    """The signed-in force's return with this id; 404 for anyone else's."""
    return load_return(return_id, current_user, service.KIND)


def _download(data: bytes, name: str, mimetype: str) -> Response:
    """A file download."""
    return Response(
        data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def _name(return_: Return, extension: str) -> str:
    """The file name of a download: the force and the collection's year."""
    year = return_.collection.academic_year.replace("/", "-")
    return f"outcomes-{service.force_code(return_)}-{year}.{extension}"


@bp.route("/download.csv")
@roles(Role.POLICE)
def download_csv(return_id: int) -> Response:
    """The return's partnerships and their counts as CSV."""
    return_ = _load(return_id)
    return _download(outcomes.csv_bytes(return_), _name(return_, "csv"), "text/csv")


@bp.route("/download.xlsx")
@roles(Role.POLICE)
def download_xlsx(return_id: int) -> Response:
    """The return's partnerships and their counts as an Excel workbook."""
    return_ = _load(return_id)
    return _download(outcomes.xlsx_bytes(return_), _name(return_, "xlsx"), XLSX_TYPE)


def _upload_page(
    return_: Return, message: str | None = None, problems: list[outcomes.Problem] | None = None
) -> Page:
    """The upload page, with the file's problems if any."""
    message = gettext(message) if message else None
    errors = [{"text": message, "href": "#outcomes_file"}] if message else []
    if problems:
        errors.append({"text": problems_found(len(problems)), "href": "#problems"})
    return render_template(
        "bulk/outcomes_upload.html",
        return_=return_,
        columns=outcomes.COLUMNS,
        guidance=outcomes.guidance(gettext),
        errors=errors,
        file_error=message,
        problems=problems or [],
    )


def _preview(return_: Return, rows: outcomes.Rows, message: str | None = None) -> Page:
    """Check rows: their problems, or the preview of what they change."""
    plan = outcomes.check_rows(return_, rows)
    if plan.problems:
        return _upload_page(return_, problems=plan.problems)
    return render_template(
        "bulk/outcomes_preview.html",
        return_=return_,
        plan=plan,
        token=outcomes.sign(return_, rows),
        change_words=in_words,
        errors=[{"text": gettext(message)}] if message else [],
    )


def _locked(return_: Return) -> WerkzeugResponse:
    """Send someone who tries to change a return that can no longer change to its task list."""
    flash(gettext(LOCKED))
    return redirect(url_for("force_returns.task_list", return_id=return_.id))


@bp.route("/upload", methods=["GET", "POST"])
@roles(Role.POLICE)
def upload(return_id: int) -> Page:
    """Choose a file; on POST check it all and show its problems or a preview."""
    return_ = _load(return_id)
    if not return_.is_editable:
        return _locked(return_)
    if request.method == "GET":
        return _upload_page(return_)
    if (request.content_length or 0) > MAX_UPLOAD_BYTES + FORM_OVERHEAD:
        return _upload_page(return_, TOO_LARGE)
    chosen = request.files.get("outcomes_file")
    if chosen is None or not chosen.filename:
        return _upload_page(return_, CHOOSE)
    data = chosen.stream.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        return _upload_page(return_, TOO_LARGE)
    try:
        rows = register_file.read(
            chosen.filename, data, outcomes.COLUMNS, gettext("your partnerships\u2019 counts")
        )
    except FileProblemError as problem:
        return _upload_page(return_, str(problem))
    return _preview(return_, rows)


@bp.route("/upload/confirm", methods=["POST"])
@roles(Role.POLICE)
def confirm(return_id: int) -> Page:
    """Check the previewed rows again and keep them all, or nothing."""
    return_ = _load(return_id)
    if not return_.is_editable:
        return _locked(return_)
    try:
        rows, version = outcomes.unsign(request.form.get("upload", ""), return_)
    except (BadSignature, ValueError, TypeError, KeyError):
        return _upload_page(return_, EXPIRED)
    if version != return_.version:
        return _preview(return_, rows, CHANGED)
    plan = outcomes.check_rows(return_, rows)
    if plan.problems:
        return _upload_page(return_, problems=plan.problems)
    try:
        outcomes.save(return_, plan, version, current_user)
    except StaleEditError:
        return _preview(return_, rows, CHANGED)
    except NotEditableError:
        return _locked(return_)
    saved = len(plan.changed)
    flash(
        ngettext(
            "Counts saved for %(num)s partnership",
            "Counts saved for %(num)s partnerships",
            saved,
        ),
        "success",
    )
    return redirect(url_for("force_returns.task_list", return_id=return_.id))
