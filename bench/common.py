"""What every benchmark shares: a database of its own on the test PostgreSQL server."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _drop_and_maybe_create(name: str, create: bool) -> None:
    """Drop the database name (and make it anew when create)."""
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            admin.execute(f'CREATE DATABASE "{name}"')


@contextmanager
def bench_database(name: str, sqlite: bool = False) -> Iterator[str]:
    """A fresh database URL for one run (PostgreSQL, or a SQLite file), removed afterwards."""
    if sqlite:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.db'}"
        return
    _drop_and_maybe_create(name, create=True)
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        _drop_and_maybe_create(name, create=False)
