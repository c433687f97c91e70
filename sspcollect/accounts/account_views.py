"""Your account: a signed-in person sees who they are and where, and changes their name or
password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from sspcollect.accounts import own_account
from sspcollect.accounts.access import signed_in
from sspcollect.accounts.forms import ChangeNameForm, ChangePasswordForm
from sspcollect.accounts.service import throttled
from sspcollect.language import ENDONYMS, ENGLISH, WELSH, current_language
from sspcollect.models import OrganisationKind, Role, User
from sspcollect.notify.messages import organisation_name

bp = Blueprint("account", __name__, url_prefix="/account")

Page = str | Response | tuple[str, int]


def _user() -> User:
    """The signed-in user."""
    user: User = current_user._get_current_object()
    return user


@bp.route("")
@signed_in
def show() -> str:
    """Your name, email address, organisation and role, with links to change them."""
    user = _user()
    organisation = user.organisation
    return render_template(
        "accounts/account.html",
        user=user,
        organisation=organisation_name(organisation),
        organisation_kind=str(
            own_account.ORGANISATION_KINDS.get(OrganisationKind(organisation.kind), "")
        ),
        role=str(own_account.ROLE_WORDS.get(Role(user.role), user.role)),
        language=ENDONYMS.get(user.language or ""),
        other_language=ENGLISH if current_language() == WELSH else WELSH,
    )


@bp.route("/name", methods=["GET", "POST"])
@signed_in
def change_name() -> Page:
    """Change your own name."""
    user = _user()
    form = ChangeNameForm()
    if form.validate_on_submit():
        if own_account.change_name(user, form.name.data or ""):
            flash(_("Your name has been changed"), "success")
        return redirect(url_for(".show"))
    if request.method == "GET":
        form.name.data = user.name
    return render_template("accounts/change_name.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
@signed_in
def change_password() -> Page:
    """Change your own password, giving the current one first; other browsers are signed out."""
    user = _user()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if throttled("password", str(user.id)):
            return render_template("accounts/throttled.html"), 429
        if not own_account.check_current_password(user, form.current.data or ""):
            form.current.errors = [str(own_account.CURRENT_WRONG)]
        else:
            own_account.change_password(user, form.password.data or "")
            # This browser stays signed in; every other one is signed out.
            session["session_version"] = user.session_version
            flash(_("Your password has been changed"), "success")
            return redirect(url_for(".show"))
    return render_template("accounts/change_password.html", form=form)
