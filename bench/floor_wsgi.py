"""The service plus the load benchmark's floor, for gunicorn: `floor_wsgi:create_floor_app()`.

The floor is the least a request can do on this stack (one indexed read, one insert, a
commit), so bench/deadline_day.py can compare the return saves with it. It lives here, not in
the product, and borrows the sign_in_attempts table (small, indexed by key) rather than adding
one.
"""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from sspcollect import create_app
from sspcollect.accounts.access import public
from sspcollect.config import Config
from sspcollect.db import session
from sspcollect.models import SignInAttempt
from sspcollect.web import csrf

bp = Blueprint("bench_floor", __name__)


@bp.route("/bench-floor/<int:number>", methods=["POST"])
@public
def floor(number: int) -> Response:
    """Count the rows under one key (an indexed read), insert one more, commit."""
    key = f"bench-floor:{number % 1000}"
    count = session.scalar(
        select(func.count()).select_from(SignInAttempt).where(SignInAttempt.key == key)
    )
    session.add(SignInAttempt(key=key))
    session.commit()
    return jsonify(count=count)


def create_floor_app(config: Config | None = None) -> Flask:
    """The service, created as wsgi.py creates it, with the floor endpoint (exempt from CSRF)."""
    app = create_app(config)
    csrf.exempt(bp)
    app.register_blueprint(bp)
    return app
