"""Administration pages (admins only): users, organisations, force areas, reopening, audit log.

No page here changes or removes an audit event: the log is read-only through the service.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from sspcollect.accounts.access import admin_only
from sspcollect.accounts.service import AccountError, create_user
from sspcollect.accounts.service import invite as send_invitation_link
from sspcollect.admin import audit_log, audit_words, organisations, users
from sspcollect.admin.forms import InviteForm, field_for
from sspcollect.admin.organisations import KIND_LABELS
from sspcollect.admin.users import ROLE_LABELS, UserAdminError, UserFilter
from sspcollect.bulk import invitations, register_file
from sspcollect.bulk.register_file import FileProblemError
from sspcollect.bulk.upload import Problem
from sspcollect.bulk.views import MAX_UPLOAD_BYTES
from sspcollect.db import session
from sspcollect.models import AuditEvent, Collection, CollectionStatus, User
from sspcollect.returns.service import load_return
from sspcollect.review import actions
from sspcollect.review.listing import list_kept
from sspcollect.review.paging import page_number, pagination, with_query
from sspcollect.versioning import StaleEditError

bp = Blueprint("admin", __name__, url_prefix="/admin")

Page = str | BaseResponse | tuple[str, int]


@bp.route("")
@admin_only
def index() -> str:
    """What admins can manage."""
    return render_template("admin/index.html")


@bp.route("/users")
@admin_only
def users_list() -> str:
    """Every user, filtered by name or email, role, organisation and status."""
    wanted = UserFilter.from_args(request.args)
    found, total, page, pages = users.users_page(wanted, page_number())
    return render_template(
        "admin/users.html",
        wanted=wanted,
        users=found,
        total=total,
        roles=ROLE_LABELS,
        pagination=pagination(page, pages, url_for("admin.users_list"), wanted.args()),
    )


@bp.route("/users/invite", methods=["GET", "POST"])
@admin_only
def invite() -> Page:
    """Invite a user: their account is made and an email asks them to set a password."""
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user = create_user(
                form.email.data or "",
                form.name.data or "",
                form.role.data or "",
                form.organisation_code.data or "",
            )
        except AccountError as problem:
            session.rollback()
            getattr(form, field_for(str(problem))).errors.append(str(problem))
        else:
            _say_whether_sent(user, send_invitation_link(user))
            return redirect(url_for("admin.user", user_id=user.id))
    return render_template("admin/invite.html", form=form, roles=ROLE_LABELS)


def _say_whether_sent(user: User, sent: bool) -> None:
    """Tell the admin whether the invitation email went; the account stands either way."""
    if sent:
        flash(f"Invitation sent to {user.email}", "success")
    else:
        flash(
            f"The account for {user.email} was made, but the invitation email could not be "
            "sent. Try sending it again later from this page."
        )


@bp.route("/users/<int:user_id>/invitation", methods=["POST"])
@admin_only
def resend_invitation(user_id: int) -> Page:
    """Send a new invitation link to a user who has not set a password; older links stop."""
    target = users.load_user(user_id)
    if target.password_hash or not target.active:
        return _user_page(
            target, [{"text": "Only an active user without a password can be invited"}]
        )
    _say_whether_sent(target, send_invitation_link(target))
    return redirect(url_for("admin.user", user_id=user_id))


@bp.route("/users/invite-many", methods=["GET", "POST"])
@admin_only
def invite_many() -> Page:
    """Invite everyone in an uploaded file, or nobody if any row has a problem."""
    problems: list[Problem] = []
    file_error = None
    if request.method == "POST":
        chosen = request.files.get("users_file")
        data = chosen.stream.read(MAX_UPLOAD_BYTES + 1) if chosen and chosen.filename else b""
        try:
            if not chosen or not chosen.filename:
                raise FileProblemError(
                    "Select a CSV file or Excel workbook with the users to invite"
                )
            if len(data) > MAX_UPLOAD_BYTES:
                raise FileProblemError("The selected file must be smaller than 2 MB")
            rows = register_file.read(chosen.filename, data, invitations.COLUMNS, "the users")
        except FileProblemError as problem:
            file_error = str(problem)
        else:
            problems = invitations.check_rows(rows)
            if not problems:
                invited, unsent = invitations.invite_all(rows)
                if unsent:
                    flash(
                        f"{len(invited)} accounts made, but {len(unsent)} invitation emails "
                        "could not be sent. Send them again from each user's page."
                    )
                else:
                    flash(f"{len(invited)} invitations sent", "success")
                return redirect(url_for("admin.users_list"))
    errors = [{"text": file_error, "href": "#users_file"}] if file_error else []
    if problems:
        errors = [
            {
                "text": f"{len(problems)} problems in the file: nobody was invited",
                "href": "#problems",
            }
        ]
    status = 400 if errors else 200
    return render_template(
        "admin/invite_many.html",
        problems=problems,
        file_error=file_error,
        errors=errors,
        columns=invitations.COLUMNS,
        guidance=invitations.GUIDANCE,
    ), status


def _user_page(user: User, errors: list[dict[str, str]] | None = None) -> tuple[str, int]:
    """Render one user's page, with any problem with the change just tried."""
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == "user", AuditEvent.object_id == str(user.id))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(20)
    )
    html = render_template(
        "admin/user.html",
        user=user,
        roles=ROLE_LABELS,
        allowed=users.allowed_roles(user),
        events=list(events),
        errors=errors or [],
        is_self=user.id == current_user.id,
    )
    return html, 409 if errors else 200


@bp.route("/users/<int:user_id>")
@admin_only
def user(user_id: int) -> Page:
    """One user: who they are, and what an admin can change."""
    return _user_page(users.load_user(user_id))


@bp.route("/users/<int:user_id>/disable", methods=["POST"])
@admin_only
def disable_user(user_id: int) -> Page:
    """Disable a user: they cannot sign in, and their sessions end."""
    target = users.load_user(user_id)
    try:
        users.disable(target, current_user)
    except UserAdminError as problem:
        return _user_page(target, [{"text": str(problem)}])
    flash(f"{target.name} can no longer sign in", "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.route("/users/<int:user_id>/enable", methods=["POST"])
@admin_only
def enable_user(user_id: int) -> Page:
    """Let a disabled user sign in again."""
    target = users.load_user(user_id)
    users.enable(target, current_user)
    flash(f"{target.name} can sign in again", "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@admin_only
def change_role(user_id: int) -> Page:
    """Change a user's role to another their organisation may hold."""
    target = users.load_user(user_id)
    try:
        users.change_role(target, request.form.get("role", ""), current_user)
    except UserAdminError as problem:
        return _user_page(target, [{"text": str(problem), "href": "#role"}])
    role = ROLE_LABELS.get(target.role, target.role).lower()
    flash(f"{target.name} is now {role}", "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.route("/organisations")
@admin_only
def organisations_list() -> str:
    """Schools, forces and departments, searched by code or name."""
    q = request.args.get("q", "").strip()[:100]
    kind = request.args.get("kind", "")
    rows, total, page, pages = organisations.organisations_page(q, kind, page_number())
    args = {name: value for name, value in {"q": q, "kind": kind}.items() if value}
    return render_template(
        "admin/organisations.html",
        rows=rows,
        total=total,
        q=q,
        kind=kind,
        kinds=KIND_LABELS,
        pagination=pagination(page, pages, url_for("admin.organisations_list"), args),
    )


@bp.route("/force-areas")
@admin_only
def force_areas() -> str:
    """The 43 police force areas and their Violence Reduction Unit flag."""
    return render_template("admin/force_areas.html", areas=organisations.force_areas())


@bp.route("/force-areas/<code>/vru", methods=["POST"])
@admin_only
def set_vru(code: str) -> Page:
    """Mark a force area as a Violence Reduction Unit area, or remove the mark."""
    choice = request.form.get("vru", "")
    if choice not in {"yes", "no"}:
        return render_template(
            "admin/force_areas.html",
            areas=organisations.force_areas(),
            errors=[{"text": "Choose whether the area is a Violence Reduction Unit area"}],
        ), 400
    area = organisations.set_vru(code[:9], choice == "yes", current_user)
    verdict = "is now" if area.vru else "is no longer"
    flash(f"{area.name} {verdict} a Violence Reduction Unit area", "success")
    return redirect(url_for("admin.force_areas"))


@bp.route("/returns/<int:return_id>/reopen", methods=["GET", "POST"])
@admin_only
def reopen(return_id: int) -> Page:
    """Give a return back to its organisation to change, after confirming, with a reason."""
    return_ = load_return(return_id, current_user)
    # The list of returns the admin came from, kept for the way back to it.
    kept = list_kept(request.form if request.method == "POST" else request.args)
    errors: list[dict[str, str]] = []
    status = 200
    reason = request.form.get("reason", "")
    if request.method == "POST":
        raw = request.form.get("version", "")
        try:
            actions.reopen(
                return_,
                current_user,
                int(raw) if raw.isdigit() and len(raw) < 10 else None,
                reason,
            )
        except StaleEditError:
            session.rollback()
            errors, status = [{"text": StaleEditError.MESSAGE}], 409
        except actions.ReviewError as problem:
            if actions.reason_problem(reason):
                errors, status = [{"text": str(problem), "href": "#reason"}], 400
            else:
                errors, status = [{"text": str(problem)}], 409
        else:
            flash(
                f"The return of {return_.organisation.name} is open for changes again. "
                "Its users have been emailed the reason.",
                "success",
            )
            return redirect(with_query(url_for("review.return_page", return_id=return_id), kept))
    html = render_template(
        "admin/reopen.html",
        return_=return_,
        kept=kept,
        problem=actions.reopen_problem(return_),
        reason=reason,
        reason_error=next((e["text"] for e in errors if e.get("href") == "#reason"), None),
        errors=errors,
    )
    return html, status


def _collections() -> list[Collection]:
    """Collections that have opened, newest first (for the log's filter)."""
    return list(
        session.scalars(
            select(Collection)
            .where(Collection.status != CollectionStatus.DRAFT)
            .order_by(Collection.time_period.desc())
        )
    )


@bp.route("/audit")
@admin_only
def audit() -> Page:
    """The audit trail, newest first, filtered by user, organisation, collection and dates."""
    wanted = audit_log.AuditFilter.from_args(request.args)
    rows: list[audit_log.EventRow] = []
    total, page, pages = 0, 1, 1
    if not wanted.problems:
        rows, total, page, pages = audit_log.events_page(wanted, page_number())
    return render_template(
        "admin/audit.html",
        wanted=wanted,
        rows=rows,
        words=audit_words.describe_events(rows),
        total=total,
        collections=_collections(),
        errors=wanted.problems,
        download=with_query(url_for("admin.audit_csv"), wanted.args()),
        pagination=pagination(page, pages, url_for("admin.audit"), wanted.args()),
    )


@bp.route("/audit.csv")
@admin_only
def audit_csv() -> Page:
    """The filtered audit trail as a CSV file."""
    wanted = audit_log.AuditFilter.from_args(request.args)
    if wanted.problems:
        return redirect(with_query(url_for("admin.audit"), wanted.args()))
    return Response(
        stream_with_context(audit_log.csv_lines(wanted)),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=audit-log.csv"},
    )
