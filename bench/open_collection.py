"""Benchmark: open a national collection (26,000 open schools and 43 forces), best of 3 runs.

    .venv/bin/python bench/open_collection.py            # PostgreSQL (TEST_POSTGRES_URL's server)
    .venv/bin/python bench/open_collection.py --sqlite   # a SQLite file in a temporary folder

Makes its own database (PostgreSQL: sspcollect_bench_open, dropped afterwards), migrates it,
loads the reference data and bulk-inserts synthetic open schools over every local authority,
weighted by the kind of authority (counties hold more schools than London boroughs). Each
run opens a fresh collection for every phase. Prints the figures and appends one JSON line to
bench/results/open_collection.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from common import bench_app, bench_database
from sqlalchemy import func, select

from sspcollect.collections.service import (
    PHASES,
    CollectionDetails,
    create_collection,
    open_collection,
)
from sspcollect.db import database, session
from sspcollect.demo.national import load_schools
from sspcollect.models import Return, School
from sspcollect.reference.load import load_reference_data

RESULTS = Path(__file__).resolve().parent / "results" / "open_collection.json"
BENCH_DATABASE = "sspcollect_bench_open"


def time_openings(runs: int) -> tuple[list[float], float, int, int]:
    """Open a fresh collection runs times, then the last once more (creating nothing).

    Gives the seconds of each run, of the repeat, and the returns made by the last run.
    """
    seconds: list[float] = []
    created = None
    for run in range(runs):
        first = 2026 + run
        collection = create_collection(
            CollectionDetails(
                title=f"Benchmark {first}",
                time_period=f"{first}{(first + 1) % 100:02d}",
                reference_date=date(first + 1, 3, 31),
                opens_on=date(first + 1, 4, 1),
                deadline=date(first + 1, 5, 14),
                closes_on=date(first + 1, 6, 30),
            )
        )
        started = time.perf_counter()
        created = open_collection(collection, PHASES)
        seconds.append(time.perf_counter() - started)
        made = session.scalar(
            select(func.count()).select_from(Return).where(Return.collection_id == collection.id)
        )
        assert made == created.total, f"{made} returns in the database, {created.total} reported"
    assert created is not None
    started = time.perf_counter()
    again = open_collection(collection, PHASES)
    again_seconds = time.perf_counter() - started
    assert again.total == 0, f"opening again created {again.total} returns"
    return seconds, again_seconds, created.schools, created.forces


def main() -> int:
    """Run the benchmark and record its result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", action="store_true", help="use SQLite, not PostgreSQL")
    parser.add_argument("--schools", type=int, default=26_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    backend = "sqlite" if args.sqlite else "postgresql"

    with bench_database(BENCH_DATABASE, args.sqlite) as url:
        app = bench_app(url, quiet=False)
        with app.app_context():
            load_reference_data()
            started = time.perf_counter()
            load_schools(args.schools)
            load_seconds = time.perf_counter() - started
            schools = session.scalar(select(func.count()).select_from(School))
            seconds, again, school_returns, force_returns = time_openings(args.runs)
            session.close()
        database(app).engine.dispose()

    result = {
        "benchmark": "open_collection",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "backend": backend,
        "python": platform.python_version(),
        "schools": schools,
        "school_returns": school_returns,
        "force_returns": force_returns,
        "returns_created": school_returns + force_returns,
        "seconds_best": round(min(seconds), 3),
        "seconds_runs": [round(s, 3) for s in seconds],
        "seconds_open_again": round(again, 3),
        "schools_load_seconds": round(load_seconds, 3),
    }
    print(
        f"{backend}: {schools:,} open schools; opening created {result['returns_created']:,} "
        f"returns ({school_returns:,} school, {force_returns} force) in "
        f"{result['seconds_best']:.3f} s (best of {args.runs}: {result['seconds_runs']}); "
        f"opening again created nothing in {again:.3f} s"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
