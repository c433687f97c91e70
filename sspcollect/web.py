"""Wiring of the web application: sign-in sessions, CSRF, blueprints, error pages, headers."""

from __future__ import annotations

import contextlib
import secrets
from typing import Any

from flask import (
    Flask,
    abort,
    current_app,
    g,
    has_request_context,
    render_template,
    request,
    session,
)
from flask_babel import gettext, lazy_gettext
from flask_login import LoginManager, current_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter
from werkzeug.wrappers import Response

from sspcollect.accounts.sessions import enforce_idle_timeout
from sspcollect.db import session as db_session
from sspcollect.models import User

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "accounts.sign_in"
login_manager.login_message = lazy_gettext("Sign in to continue.")
# The flashed message is kept in the session, which holds plain text only.
login_manager.localize_callback = str


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The signed-in user, if the account is still active and its sessions still valid."""
    if not user_id.isdigit():
        return None
    user = db_session.scalar(select(User).where(User.id == int(user_id)))
    if user is None or not user.active:
        return None
    if session.get("session_version") != user.session_version:
        return None
    return user


def form_errors(form: FlaskForm) -> list[dict[str, str]]:
    """The GOV.UK error summary list for a form: each message linked to its field."""
    items = []
    for field in form:
        for message in field.errors:
            # A message is text, lazily translated text, or (for a field list) a list of them.
            if isinstance(message, list | tuple):
                text = "; ".join(map(str, message))
            else:
                text = str(message)
            items.append({"text": text, "href": f"#{field.id}"})
    return items


def service_name() -> str:
    """The service's name in the language being written (SERVICE_NAME is the English)."""
    english: str = current_app.config["SERVICE_NAME"]
    return gettext(english)


def _navigation() -> list[dict[str, Any]]:
    """Service navigation links for the signed-in user's role."""
    from sspcollect.navigation import items_for

    if not current_user.is_authenticated:
        return []
    return items_for(current_user, request.endpoint or "", request.path)


def _security_headers(response: Response) -> Response:
    """A strict Content Security Policy and the other headers every page carries."""
    nonce = g.get("csp_nonce", "")
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        "style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if current_app.config["SESSION_COOKIE_SECURE"]:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if current_user.is_authenticated and not request.path.startswith("/assets/"):
        response.headers["Cache-Control"] = "no-store"
    return response


DATABASE_ERRORS = (OperationalError, InterfaceError)


def _database_unavailable() -> tuple[str, int]:
    """The 503 page: the database is unreachable, and nothing half-done was kept.

    It is shown as to a signed-out visitor, since loading the signed-in user needs the
    database too.
    """
    with contextlib.suppress(Exception):
        db_session.rollback()
    current_app.logger.error("database unavailable")
    g._login_user = login_manager.anonymous_user()
    return render_template("errors/503.html"), 503


def error_page(template: str, code: int, **context: Any) -> tuple[str, int]:
    """Render an error page; if its layout finds the database down, the 503 page instead."""
    try:
        return render_template(template, **context), code
    except DATABASE_ERRORS:
        return _database_unavailable()


def _error_page(error: HTTPException) -> tuple[str, int]:
    """Render the page for an HTTP error code."""
    code = error.code or 500
    template = {403: "403", 404: "404", 413: "413", 429: "429"}.get(code, "error")
    return error_page(f"errors/{template}.html", code, error=error)


class DatabaseIntConverter(IntegerConverter):
    """`<int:...>` limited to what an INTEGER column holds, so a huge id is a 404, not a 500."""

    def __init__(self, url_map: Any, *args: Any, **kwargs: Any) -> None:
        """Like the int converter, with max defaulting to the largest 32-bit id."""
        kwargs.setdefault("max", 2147483647)
        super().__init__(url_map, *args, **kwargs)


def _refuse_nul_bytes() -> None:
    """No form or query value may hold a NUL byte: PostgreSQL cannot store one (400, not 500)."""
    for source in (request.args, request.form):
        for _name, values in source.lists():
            if any("\x00" in value for value in values):
                abort(400)


def init_app(app: Flask) -> None:
    """Register extensions, blueprints, error handlers and template helpers on app."""
    # Before any blueprint adds its rules: every <int:...> id fits the database.
    app.url_map.converters["int"] = DatabaseIntConverter
    from sspcollect.admin.organisation_views import allow_large_extract

    # Before the CSRF check reads the form, so that its size limit is the upload's own.
    app.before_request(allow_large_extract)
    csrf.init_app(app)
    login_manager.init_app(app)

    from sspcollect import language, logs, uk_time
    from sspcollect.accounts.account_views import bp as account_bp
    from sspcollect.accounts.views import bp as accounts_bp
    from sspcollect.admin import organisation_views  # noqa: F401  (its pages join the blueprint)
    from sspcollect.admin.views import bp as admin_bp
    from sspcollect.assets import bp as assets_bp
    from sspcollect.bulk.outcome_views import bp as outcome_files_bp
    from sspcollect.bulk.views import bp as bulk_bp
    from sspcollect.collections import change_views  # noqa: F401  (its pages join the blueprint)
    from sspcollect.collections.views import bp as collections_bp
    from sspcollect.content import filters
    from sspcollect.datasets.views import bp as datasets_bp
    from sspcollect.effects.views import bp as effects_bp
    from sspcollect.health import bp as health_bp
    from sspcollect.notify.views import bp as messages_bp
    from sspcollect.pages.views import bp as pages_bp
    from sspcollect.register.views import bp as register_bp
    from sspcollect.returns.force_views import bp as force_returns_bp
    from sspcollect.returns.school_views import bp as school_returns_bp
    from sspcollect.returns.views import bp as returns_bp
    from sspcollect.review.views import bp as review_bp
    from sspcollect.validation.views import bp as rules_bp

    logs.init_app(app)
    filters.init_app(app)
    uk_time.init_app(app)
    app.register_blueprint(assets_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(pages_bp)
    app.register_blueprint(messages_bp)
    app.register_blueprint(collections_bp)
    app.register_blueprint(datasets_bp)
    app.register_blueprint(rules_bp)
    app.register_blueprint(register_bp)
    app.register_blueprint(bulk_bp)
    app.register_blueprint(outcome_files_bp)
    app.register_blueprint(force_returns_bp)
    app.register_blueprint(school_returns_bp)
    app.register_blueprint(returns_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(effects_bp)
    app.register_blueprint(admin_bp)

    @app.before_request
    def before_request() -> None:
        g.csp_nonce = secrets.token_urlsafe(16)
        _refuse_nul_bytes()
        if not request.path.startswith("/assets/"):
            enforce_idle_timeout()

    # After the idle timeout has had its say, so that a choice is kept for the right user.
    language.init_app(app)
    app.after_request(_security_headers)

    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError) -> tuple[str, int]:
        return error_page("errors/form_expired.html", 400)

    app.register_error_handler(HTTPException, _error_page)

    @app.errorhandler(Exception)
    def server_error(error: Exception) -> tuple[str, int]:
        if isinstance(error, DATABASE_ERRORS):
            return _database_unavailable()
        with contextlib.suppress(Exception):
            db_session.rollback()
        app.logger.exception("unhandled error", exc_info=error)
        return error_page("errors/500.html", 500)

    @app.context_processor
    def layout_context() -> dict[str, Any]:
        if not has_request_context():
            # Emails are rendered by commands too; they need no page layout.
            return {"service_name": service_name()}
        return {
            "cspNonce": g.get("csp_nonce"),
            "service_name": service_name(),
            "navigation": _navigation(),
            "form_errors": form_errors,
        }
