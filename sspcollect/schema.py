"""Schema changes through Alembic: the only way the database schema is made or altered."""

from __future__ import annotations

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask

from sspcollect.config import ROOT
from sspcollect.db import database

MIGRATIONS_DIR = ROOT / "migrations"


def alembic_config(app: Flask) -> AlembicConfig:
    """An Alembic configuration that migrates app's database."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = database(app).engine
    return config


def upgrade(app: Flask, revision: str = "head") -> None:
    """Bring app's database up to revision (default: the newest)."""
    command.upgrade(alembic_config(app), revision)


def downgrade(app: Flask, revision: str) -> None:
    """Take app's database back to revision."""
    command.downgrade(alembic_config(app), revision)


def current_revision(app: Flask) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with database(app).engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(app: Flask) -> str | None:
    """The newest revision in migrations/."""
    return ScriptDirectory.from_config(alembic_config(app)).get_current_head()


def is_at_head(app: Flask) -> bool:
    """True when the database schema is up to date."""
    return current_revision(app) == head_revision(app)
