"""The load benchmark's floor endpoint: served by bench/floor_wsgi.py, never by the service."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from sspcollect import config as settings
from sspcollect.db import database, session
from sspcollect.models import SignInAttempt

FLOOR_WSGI = Path(__file__).resolve().parents[1] / "bench" / "floor_wsgi.py"


def _create_floor_app(database_url: str, tmp_path: Path) -> Flask:
    """bench/floor_wsgi.py's app on database_url."""
    spec = importlib.util.spec_from_file_location("floor_wsgi", FLOOR_WSGI)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    config = settings.TestConfig()
    config.DATABASE_URL = database_url
    config.MAIL_OUTBOX_DIR = str(tmp_path / "outbox")
    return module.create_floor_app(config)  # type: ignore[no-any-return]


def test_the_service_does_not_serve_the_floor(app: Flask) -> None:
    """The product has no benchmark endpoint."""
    response = app.test_client().post("/bench-floor/1")
    assert response.status_code == 404


def test_the_floor_app_reads_and_inserts(app: Flask, tmp_path: Path) -> None:
    """bench/floor_wsgi.py's floor counts its key's rows and adds one, without a CSRF token."""
    floor_app = _create_floor_app(app.config["DATABASE_URL"], tmp_path)
    client = floor_app.test_client()
    with floor_app.app_context():
        assert client.post("/bench-floor/7").get_json() == {"count": 0}
        assert client.post("/bench-floor/7").get_json() == {"count": 1}
    database(floor_app).engine.dispose()
    count = session.scalar(
        select(func.count()).select_from(SignInAttempt).where(SignInAttempt.key == "bench-floor:7")
    )
    assert count == 2
