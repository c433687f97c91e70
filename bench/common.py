"""What every benchmark shares: a database of its own on the test PostgreSQL server, an app on
it with the schema in place, and how request times are summed up."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from flask import Flask

from sspcollect import create_app, schema
from sspcollect.config import DevelopmentConfig

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


def bench_app(url: str, quiet: bool = True, **settings: object) -> Flask:
    """The service on the database at url, with its schema made; settings override the
    development configuration. Quiet leaves the app's own log out of the timings."""
    config = DevelopmentConfig()
    config.DATABASE_URL = url
    for name, value in settings.items():
        setattr(config, name, value)
    app = create_app(config)
    app.logger.disabled = quiet
    schema.upgrade(app)
    return app


def latency(samples_ms: list[float]) -> dict[str, float]:
    """Median, 95th percentile and largest of some times in milliseconds."""
    ordered = sorted(samples_ms)
    return {
        "median_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, round(0.95 * len(ordered)) - 1)], 1),
        "max_ms": round(ordered[-1], 1),
    }


def timed(run: Callable[[], object], times: int) -> dict[str, float]:
    """The latency of run, called times times after one call to warm up."""
    run()
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return latency(samples)
