"""What a block of code asks of the database: for tests that hold the number of statements."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event

from sspcollect.db import database


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """The SQL statements sent to app's database while the block runs, in order."""
    seen: list[str] = []

    def record(_connection: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    engine = database(app).engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
