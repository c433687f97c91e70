"""The load benchmark's floor: the least a request can do on this stack (one read, one insert).

Registered only when SSPCOLLECT_BENCH_FLOOR=1 is set as the application is created, so that
bench/deadline_day.py can compare the return saves with it. It borrows the sign_in_attempts
table (small, indexed by key) rather than adding one.
"""

from __future__ import annotations

import os

from flask import Blueprint, Flask, jsonify
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from sspcollect.accounts.access import public
from sspcollect.db import session
from sspcollect.models import SignInAttempt

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


def init_app(app: Flask) -> None:
    """Register the floor endpoint, exempt from CSRF, if SSPCOLLECT_BENCH_FLOOR=1."""
    if os.environ.get("SSPCOLLECT_BENCH_FLOOR") != "1":
        return
    from sspcollect.web import csrf

    csrf.exempt(bp)
    app.register_blueprint(bp)
