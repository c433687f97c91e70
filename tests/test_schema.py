"""The schema comes only from the migrations, and the migrations agree with the models."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import sspcollect.models  # noqa: F401
from sspcollect import schema
from sspcollect.db import Base, database
from tests.conftest import POSTGRES, _admin_execute, _postgres_url, make_app


@pytest.fixture
def empty_database_url(backend: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """An empty database, with no schema at all."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    assert POSTGRES
    name = f"sspcollect_empty_{uuid.uuid4().hex[:10]}"
    _admin_execute(f'CREATE DATABASE "{name}"')
    try:
        yield _postgres_url(name)
    finally:
        _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_models_and_migrations_agree(empty_database_url: str, tmp_path: Path) -> None:
    """Autogenerate finds nothing to change after upgrading an empty database to head."""
    app = make_app(empty_database_url, tmp_path)
    schema.upgrade(app)
    engine = database(app).engine
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_upgrade_then_downgrade_leaves_no_table(empty_database_url: str, tmp_path: Path) -> None:
    """Every migration can be undone."""
    app = make_app(empty_database_url, tmp_path)
    schema.upgrade(app)
    assert schema.is_at_head(app)
    schema.downgrade(app, "base")
    engine = database(app).engine
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def test_migrations_are_numbered_in_order() -> None:
    """Revisions are named 0001, 0002 … and each revises the one before."""
    versions = sorted((Path(schema.MIGRATIONS_DIR) / "versions").glob("[0-9]*.py"))
    assert versions, "no migrations"
    for number, path in enumerate(versions, start=1):
        assert path.name.startswith(f"{number:04d}_"), path.name
        text = path.read_text()
        assert f'revision = "{number:04d}"' in text
        previous = f'"{number - 1:04d}"' if number > 1 else "None"
        assert f"down_revision = {previous}" in text
