"""Logs: one line per event, JSON in production and tests, readable lines in development.

Every line goes through one handler on the root logger, so nothing is printed twice; the
development server's own line per request is dropped in favour of ours, which carries the
request id, user and organisation. Never a password, token or answer value: only the
method, the path without its query string (tokens travel in paths only for invitation and
reset links, which are masked), the status and the time taken.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any

from flask import Flask, g, request
from flask.logging import default_handler
from flask_login import current_user
from werkzeug.wrappers import Response

# Invitation and reset links carry their token in the path.
_TOKEN_PATH = re.compile(r"^/(set-password|reset-password)/[^/]+")


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object, with any `extra` fields it carries."""

    RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        """One line of JSON."""
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(g, "request_id", None) if _has_app() else None
        if request_id:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in self.RESERVED and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class ReadableFormatter(logging.Formatter):
    """Formats a record as one short line for a person watching a terminal."""

    def format(self, record: logging.LogRecord) -> str:
        """Time, level (when not INFO), the message, and any exception."""
        level = "" if record.levelno == logging.INFO else f"{record.levelname} "
        line = f"{self.formatTime(record, '%H:%M:%S')} {level}{record.getMessage()}"
        duration = getattr(record, "duration_ms", None)
        if duration is not None:
            line += f" ({duration} ms)"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class _NotServerRequests(logging.Filter):
    """Drops the development server's own line per request: the request log says more."""

    def filter(self, record: logging.LogRecord) -> bool:
        """False for werkzeug's `"GET / HTTP/1.1" 200 -` lines."""
        return not str(record.msg).rstrip().endswith('"%s" %s %s')


def configure(readable: bool) -> None:
    """Send every log line once, through one handler on the root logger.

    readable picks short lines for a terminal (development) over JSON (production, tests).
    Handlers others put on the root logger (pytest's log capture) are left alone.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "sspcollect", False)]:
        root.removeHandler(handler)
    handler = logging.StreamHandler()
    handler.sspcollect = True  # type: ignore[attr-defined]
    handler.setFormatter(ReadableFormatter() if readable else JsonFormatter())
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    # A terminal needs only the migrations' warnings; production keeps their every step.
    logging.getLogger("alembic").setLevel(logging.WARNING if readable else logging.INFO)
    server = logging.getLogger("werkzeug")
    if not any(isinstance(f, _NotServerRequests) for f in server.filters):
        server.addFilter(_NotServerRequests())


def _has_app() -> bool:
    """True inside an app context (g is usable)."""
    from flask import has_app_context

    return has_app_context()


def safe_path(path: str) -> str:
    """The request path with any token masked."""
    return _TOKEN_PATH.sub(lambda m: f"/{m.group(1)}/…", path)


def init_app(app: Flask) -> None:
    """Log every request as one line, and give every log line the request id."""
    configure(readable=app.config.get("ENV_NAME") == "development")
    app.logger.removeHandler(default_handler)

    @app.before_request
    def start_timer() -> None:
        g.request_id = request.headers.get("X-Request-Id", "")[:64] or uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response: Response) -> Response:
        response.headers["X-Request-Id"] = g.get("request_id", "")
        if request.path.startswith("/assets/"):
            return response
        started = g.get("request_started", time.perf_counter())
        user_id = organisation_id = None
        if current_user and current_user.is_authenticated:
            user_id, organisation_id = current_user.id, current_user.organisation_id
        logging.getLogger("sspcollect.requests").info(
            "%s %s %s",
            request.method,
            safe_path(request.path),
            response.status_code,
            extra={
                "method": request.method,
                "path": safe_path(request.path),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user_id,
                "organisation_id": organisation_id,
            },
        )
        return response
