"""What every return offers once it is submitted: a copy to keep (a page to print, and a PDF),
and withdrawing it to change it until a reviewer starts to look at it."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from sspcollect.accounts.access import roles
from sspcollect.content.marking import N_
from sspcollect.content.time import long_date
from sspcollect.models import CENTRAL_ROLES, Return, ReturnKind, Role
from sspcollect.returns.copy import return_copy
from sspcollect.returns.service import load_return
from sspcollect.returns.withdrawal import WithdrawError, can_withdraw, why_not, withdraw
from sspcollect.validation.values import whole_number
from sspcollect.versioning import StaleEditError

ID = "int(max=2147483647)"
bp = Blueprint("returns", __name__, url_prefix=f"/returns/<{ID}:return_id>")
bp.add_app_template_global(can_withdraw, "withdrawable")

WITHDRAWN = N_("Your return has been withdrawn. Change it and submit it again by %(deadline)s.")


def return_page(return_: Return) -> str:
    """The organisation's own page of the return (its task list or overview)."""
    if return_.kind == ReturnKind.FORCE:
        return url_for("force_returns.task_list", return_id=return_.id)
    return url_for("school_returns.overview", return_id=return_.id)


@bp.route("/copy")
@roles(Role.SCHOOL, Role.POLICE, *CENTRAL_ROLES)
def copy(return_id: int) -> str:
    """The return as a page to print or keep (GOV.UK print styles)."""
    return_ = load_return(return_id, current_user)
    return render_template(
        "returns/copy.html",
        return_=return_,
        copy=return_copy(return_),
        back_url=return_page(return_) if not current_user.is_central else None,
    )


@bp.route("/copy.pdf")
@roles(Role.SCHOOL, Role.POLICE, *CENTRAL_ROLES)
def copy_as_pdf(return_id: int) -> Response:
    """The return as a PDF to keep."""
    from sspcollect.returns.copy_pdf import copy_filename, copy_pdf  # ReportLab, when asked

    return_ = load_return(return_id, current_user)
    return Response(
        copy_pdf(return_copy(return_)),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{copy_filename(return_)}"'},
    )


@bp.route("/withdraw", methods=["GET", "POST"])
@roles(Role.SCHOOL, Role.POLICE)
def withdraw_return(return_id: int) -> str | WerkzeugResponse | tuple[str, int]:
    """Ask, then withdraw a submitted return so that it can be changed and submitted again."""
    return_ = load_return(return_id, current_user)
    problem = None
    if request.method == "POST":
        version = whole_number(request.form.get("version"))
        try:
            withdraw(return_, current_user, version if isinstance(version, int) else None)
        except WithdrawError as refused:
            problem = str(refused)
        except StaleEditError:
            problem = StaleEditError.MESSAGE
        else:
            flash(gettext(WITHDRAWN, deadline=long_date(return_.collection.deadline)), "success")
            return redirect(return_page(return_))
    page = render_template(
        "returns/withdraw.html",
        return_=return_,
        allowed=can_withdraw(return_),
        problem=problem or (None if can_withdraw(return_) else why_not(return_)),
        back_url=return_page(return_),
        errors=[{"text": problem}] if problem else [],
    )
    return (page, 409) if problem else page
