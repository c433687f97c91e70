"""Front-end assets served by the service itself: GOV.UK Frontend from npm and our own files."""

from __future__ import annotations

from flask import Blueprint, abort, send_from_directory
from werkzeug.wrappers import Response

from sspcollect.accounts.access import public
from sspcollect.config import ROOT

bp = Blueprint("assets", __name__)

GOVUK_DIST = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
OWN_STATIC = ROOT / "static"
# The precompiled GOV.UK files sit beside its fonts and images under /assets.
GOVUK_FILES = {"govuk-frontend.min.css", "govuk-frontend.min.js"}
ONE_DAY = 86400


@bp.route("/assets/<path:filename>")
@public
def asset(filename: str) -> Response:
    """A GOV.UK Frontend file (CSS, JS, fonts, images) or one of the service's own files."""
    if filename in GOVUK_FILES:
        return send_from_directory(GOVUK_DIST, filename, max_age=ONE_DAY)
    if filename.startswith("app/"):
        return send_from_directory(OWN_STATIC, filename.removeprefix("app/"), max_age=ONE_DAY)
    if filename.startswith(("fonts/", "images/")) or filename == "manifest.json":
        return send_from_directory(GOVUK_DIST / "assets", filename, max_age=ONE_DAY)
    abort(404)
