"""A dump of every table: a refused change must leave the database byte for byte as it was."""

from __future__ import annotations

from sqlalchemy import MetaData, select

from sspcollect.db import database


def dump_database() -> str:
    """Every row of every table (Alembic's too), ordered by primary key, as one string.

    Read through a connection of its own, so it shows what is committed, not the session.
    """
    engine = database().engine
    metadata = MetaData()
    metadata.reflect(engine)
    lines: list[str] = []
    with engine.connect() as connection:
        for table in sorted(metadata.tables.values(), key=lambda table: table.name):
            order = list(table.primary_key.columns) or list(table.columns)
            lines.append(f"== {table.name}")
            for row in connection.execute(select(table).order_by(*order)):
                lines.append(repr(tuple(row)))
    return "\n".join(lines)
