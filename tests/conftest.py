"""Fixtures: an app on a fresh, migrated database for every test, on SQLite and PostgreSQL.

Each backend is migrated once per test run into a template (a SQLite file, or a PostgreSQL
template database) holding the schema and the reference data; every test gets its own copy.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient

from sspcollect import create_app, schema
from sspcollect.config import TestConfig
from sspcollect.db import database

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
SHARED_REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


def postgres_reachable() -> bool:
    """True when the test PostgreSQL server answers."""
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


POSTGRES = postgres_reachable()
if os.environ.get("CI") == "true" and not POSTGRES:
    raise RuntimeError(f"CI=true but PostgreSQL is not reachable at {POSTGRES_URL}")
BACKENDS = ["sqlite", "postgresql"] if POSTGRES else ["sqlite"]


def _admin_execute(sql: str) -> None:
    """Run one statement on the PostgreSQL server outside a transaction."""
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(sql)


def _postgres_url(name: str) -> str:
    """The URL of another database on the test server."""
    return POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"


def make_app(database_url: str, tmp_path: Path, **settings: object) -> Flask:
    """An app in test configuration on database_url, with its outbox in tmp_path."""
    config = TestConfig()
    config.DATABASE_URL = database_url
    config.MAIL_OUTBOX_DIR = str(tmp_path / "outbox")
    for key, value in settings.items():
        setattr(config, key, value)
    return create_app(config)


def _build_template(database_url: str, tmp_path: Path) -> None:
    """Migrate database_url and load the reference data into it."""
    from sspcollect.reference.load import load_reference_data

    app = make_app(database_url, tmp_path)
    schema.upgrade(app)
    with app.app_context():
        load_reference_data()
    database(app).engine.dispose()


def worker_id() -> str:
    """A name unique to this pytest-xdist worker (or 'main')."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Migrated template databases, one per backend, for this test run."""
    folder = tmp_path_factory.mktemp("templates")
    made = {"sqlite": str(folder / "template.db")}
    _build_template(f"sqlite:///{made['sqlite']}", folder)
    if POSTGRES:
        name = f"sspcollect_tmpl_{worker_id()}_{uuid.uuid4().hex[:8]}"
        _admin_execute(f'CREATE DATABASE "{name}"')
        _build_template(_postgres_url(name), folder)
        made["postgresql"] = name
    yield made
    if POSTGRES:
        _admin_execute(f'DROP DATABASE IF EXISTS "{made["postgresql"]}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend this test runs on."""
    return str(request.param)


@pytest.fixture
def database_url(backend: str, templates: dict[str, str], tmp_path: Path) -> Iterator[str]:
    """A fresh copy of the template database for one test."""
    if backend == "sqlite":
        path = tmp_path / "test.db"
        shutil.copyfile(templates["sqlite"], path)
        yield f"sqlite:///{path}"
        return
    name = f"sspcollect_test_{worker_id()}_{uuid.uuid4().hex[:10]}"
    _admin_execute(f'CREATE DATABASE "{name}" TEMPLATE "{templates["postgresql"]}"')
    try:
        yield _postgres_url(name)
    finally:
        _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    The test itself holds an app context for its factories; without this, requests would
    share its `g`, and so its database session and CSRF token.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        """Make the request inside a fresh app context."""
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The application on a fresh database holding the schema and the reference data."""
    application = make_app(database_url, tmp_path)
    application.test_client_class = IsolatedClient
    with application.app_context():
        yield application
    database(application).engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for app."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    """A runner for the sspcollect commands on app."""
    return app.test_cli_runner()


@pytest.fixture
def outbox(app: Flask) -> Outbox:
    """The messages the app has written to its development outbox."""
    return Outbox(Path(app.config["MAIL_OUTBOX_DIR"]))


class Outbox:
    """Reads the .eml files written by the outbox mail backend."""

    def __init__(self, folder: Path) -> None:
        """Read from folder."""
        self.folder = folder

    def messages(self) -> list[EmailMessage]:
        """Every message written so far, oldest first."""
        if not self.folder.exists():
            return []
        files = sorted(self.folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
        return [
            message_from_bytes(p.read_bytes(), policy=default_policy)  # type: ignore[misc]
            for p in files
        ]

    def to(self, address: str) -> list[EmailMessage]:
        """Messages addressed to address."""
        return [m for m in self.messages() if address in str(m["To"])]


@pytest.fixture
def shared_reference() -> Path:
    """DfE's published reference lists in ../shared/reference (skips when absent)."""
    if not SHARED_REFERENCE.exists():
        pytest.skip("../shared/reference is not beside this checkout")
    return SHARED_REFERENCE
