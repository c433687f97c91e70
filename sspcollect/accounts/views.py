"""Sign in, sign out, set a password from an invitation, and reset a forgotten password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from sspcollect.accounts import service
from sspcollect.accounts.access import public, signed_in
from sspcollect.accounts.forms import ResetRequestForm, SetPasswordForm, SignInForm
from sspcollect.accounts.sessions import idle_seconds, seconds_left
from sspcollect.db import utcnow
from sspcollect.language import SESSION_KEY, keep_across_sign_in
from sspcollect.models import TokenPurpose

bp = Blueprint("accounts", __name__)

WRONG_DETAILS = lazy_gettext("Enter a correct email address and password")


def _safe_next(target: str | None) -> str | None:
    """Only follow a `next` link back into this service."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in() -> str | Response | tuple[str, int]:
    """The sign-in page; the same message for an unknown email and a wrong password."""
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    form = SignInForm()
    if form.validate_on_submit():
        result = service.authenticate(
            form.email.data or "", form.password.data or "", request.remote_addr or "unknown"
        )
        if result.throttled:
            return render_template("accounts/throttled.html"), 429
        if result.locked:
            form.email.errors = [
                _(
                    "Your account is locked after too many attempts. Try again in 15 minutes, "
                    "or reset your password."
                )
            ]
        elif result.user is None:
            form.email.errors = [str(WRONG_DETAILS)]
        else:
            language = session.get(SESSION_KEY)
            session.clear()
            login_user(result.user)
            keep_across_sign_in(result.user, language)
            session.permanent = True
            session["session_version"] = result.user.session_version
            session["last_seen"] = utcnow().timestamp()
            return redirect(_safe_next(request.args.get("next")) or url_for("pages.home"))
    return render_template("accounts/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@signed_in
def sign_out() -> Response:
    """End the session."""
    # The pages after signing out stay in the language the user was reading.
    language = session.get(SESSION_KEY) or current_user.language
    logout_user()
    session.clear()
    if language:
        session[SESSION_KEY] = language
    flash(_("You have signed out."))
    return redirect(url_for("accounts.sign_in"))


@bp.route("/session")
@public
def session_status() -> Response:
    """Whether this browser is signed in and how long until the idle timeout; never extends it.

    Signed-in pages ask this before warning of the timeout, so that activity in another tab
    of the same session keeps this one's warning away.
    """
    signed = bool(current_user.is_authenticated)
    answer = jsonify(signed_in=signed, seconds_left=max(0, round(seconds_left())) if signed else 0)
    answer.headers["Cache-Control"] = "no-store"
    return answer


@bp.route("/session/stay-signed-in", methods=["POST"])
@signed_in
def stay_signed_in() -> Response:
    """Restart the idle time (every signed-in request does); the timeout warning's button.

    The warning's script asks for JSON; without the script the form comes back to its page.
    """
    if request.accept_mimetypes.best == "application/json":
        answer = jsonify(signed_in=True, seconds_left=round(idle_seconds()))
        answer.headers["Cache-Control"] = "no-store"
        return answer
    return redirect(_safe_next(request.form.get("next")) or url_for("pages.home"), code=303)


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@public
def set_password(token: str) -> str | Response:
    """Set a first password from an invitation link."""
    return _password_page(token, TokenPurpose.INVITATION, _("Set your password"))


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str) -> str | Response:
    """Choose a new password from a reset link."""
    return _password_page(token, TokenPurpose.PASSWORD_RESET, _("Choose a new password"))


def _password_page(token: str, purpose: TokenPurpose, heading: str) -> str | Response:
    """The shared page behind invitation and reset links."""
    if len(token) > 100:
        abort(404)
    if service.throttled("token", request.remote_addr or "unknown"):
        return render_template("accounts/throttled.html"), 429  # type: ignore[return-value]
    found = service.valid_token(token, purpose)
    if found is None:
        return render_template("accounts/link_expired.html"), 404  # type: ignore[return-value]
    form = SetPasswordForm()
    if form.validate_on_submit():
        service.set_password_with_token(found, form.password.data or "")
        flash(_("Your password has been set. Sign in with your new password."))
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/set_password.html", form=form, heading=heading)


@bp.route("/forgot-password", methods=["GET", "POST"])
@public
def forgot_password() -> str | Response:
    """Ask for a reset link; the answer is the same whether or not the account exists."""
    form = ResetRequestForm()
    if request.method == "POST" and service.throttled("reset", request.remote_addr or "unknown"):
        return render_template("accounts/throttled.html"), 429  # type: ignore[return-value]
    if form.validate_on_submit():
        service.request_password_reset(form.email.data or "")
        return render_template("accounts/reset_sent.html", email=form.email.data)
    return render_template("accounts/forgot_password.html", form=form)
