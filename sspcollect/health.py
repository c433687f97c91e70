"""Health checks for load balancers: liveness, and readiness (database up, schema current)."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from sspcollect import schema
from sspcollect.accounts.access import public
from sspcollect.db import database

bp = Blueprint("health", __name__)


@bp.route("/healthz")
@public
def healthz() -> Response:
    """The process is up and answering."""
    return jsonify(status="ok")


@bp.route("/readyz")
@public
def readyz() -> tuple[Response, int]:
    """Ready for traffic: the database answers and its schema is at the newest migration."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        with database(app).engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        at_head = schema.is_at_head(app)
    except SQLAlchemyError:
        return jsonify(status="unavailable", database="unreachable"), 503
    if not at_head:
        return jsonify(status="unavailable", database="migrations pending"), 503
    return jsonify(status="ok", database="ok"), 200
