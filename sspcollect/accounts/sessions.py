"""How long a signed-in session lasts without activity, and signing out one that has idled.

The server keeps the time: every request but the passive ones moves `last_seen` on, and the
timeout warning's script asks `GET /session` how long is left.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, request, session
from flask_login import current_user, logout_user

from sspcollect.db import utcnow

# Requests to these endpoints do not count as activity: a page asking how long its session
# has left must not keep the session alive.
PASSIVE_ENDPOINTS = frozenset({"accounts.session_status"})


def idle_seconds() -> float:
    """How long a signed-in session may stay idle, in seconds."""
    return float(timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"]).total_seconds())


def seconds_left() -> float:
    """How long the current session has before the idle timeout signs it out."""
    last = float(session.get("last_seen", 0))
    return idle_seconds() - (utcnow().timestamp() - last)


def enforce_idle_timeout() -> None:
    """Sign out a session that has been idle longer than SESSION_IDLE_MINUTES."""
    if not current_user.is_authenticated:
        return
    if seconds_left() <= 0:
        logout_user()
        session.clear()
        session["timed_out"] = True
        return
    if request.endpoint not in PASSIVE_ENDPOINTS:
        session["last_seen"] = utcnow().timestamp()
