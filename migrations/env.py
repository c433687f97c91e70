"""Alembic environment: runs migrations on the engine handed over by sspcollect.schema."""

from __future__ import annotations

from alembic import context

import sspcollect.models  # noqa: F401  (registers every table on Base.metadata)
from sspcollect.db import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Migrate over a connection of the app's engine."""
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
