"""Benchmark: the effectiveness estimates at national scale, in time and memory.

    .venv/bin/python bench/effects_national.py [--demo] [--schools 26000] [--sqlite]

Without --demo, a synthetic panel of 26,000 schools over five collections (every outcome,
staggered partnerships, selection on prior incidents; sspcollect/effects/simulate.py) is
estimated in memory: every outcome for every group of the analysis plan (national, each
country and region, each model and phase). With --demo, the national demo with its closed
collections is loaded into a fresh database (PostgreSQL unless --sqlite) and the estimates
are made from it as the page makes them: the panel read by one query a table, then analysed.

Each measurement runs in a fresh process, which reports its wall and processor seconds and
its peak resident memory (resource.getrusage maxrss): on a shared machine the processor time
is what the work itself takes. The target is under 30 seconds and under 1 GB. Prints the
figures and writes bench/results/effects_national.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
SECONDS, MEGABYTES = 30.0, 1024.0


def peak_megabytes() -> float:
    """This process's peak resident memory, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def processor_seconds() -> float:
    """The processor time this process has used (user and system), in seconds."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure_synthetic(schools: int) -> dict[str, float]:
    """Make a synthetic panel and estimate everything, in this process."""
    from sspcollect.effects.analysis import ENGLAND, NATIONAL, analyse
    from sspcollect.effects.design import WALES_AREA
    from sspcollect.effects.simulate import synthetic_collection_panel

    names = {NATIONAL: "England and Wales", ENGLAND: "England", WALES_AREA: "Wales"}
    names |= {f"E1200000{n}": f"Region {n}" for n in range(1, 10)}
    started, cpu = time.perf_counter(), processor_seconds()
    panel = synthetic_collection_panel(1, schools=schools, years=5)
    made = time.perf_counter()
    analysis = analyse(panel, names)
    done = time.perf_counter()
    return {
        "processor_seconds": processor_seconds() - cpu,
        "schools": float(len(panel.schools)),
        "years": float(len(panel.years)),
        "panel_seconds": made - started,
        "estimate_seconds": done - made,
        "estimates": float(sum(row.shown for row in analysis.rows)),
        "not_estimated": float(sum(not row.shown for row in analysis.rows)),
        "peak_mb": peak_megabytes(),
    }


def measure_demo(database_url: str) -> dict[str, float]:
    """Read the panel of the demo's latest closed collection and estimate everything."""
    from sqlalchemy import select

    from sspcollect import create_app
    from sspcollect.config import TestConfig
    from sspcollect.db import session
    from sspcollect.effects.analysis import analyse
    from sspcollect.effects.panel import build_panel
    from sspcollect.models import Collection, CollectionStatus

    config = TestConfig()
    config.DATABASE_URL = database_url
    with create_app(config).app_context():
        latest = session.scalar(
            select(Collection)
            .where(Collection.status == CollectionStatus.CLOSED)
            .order_by(Collection.time_period.desc())
        )
        assert latest is not None, "the demo has no closed collection"
        started, cpu = time.perf_counter(), processor_seconds()
        panel = build_panel(latest)
        read = time.perf_counter()
        analysis = analyse(panel)
        done = time.perf_counter()
    return {
        "processor_seconds": processor_seconds() - cpu,
        "schools": float(len(panel.schools)),
        "years": float(len(panel.years)),
        "panel_seconds": read - started,
        "estimate_seconds": done - read,
        "estimates": float(sum(row.shown for row in analysis.rows)),
        "not_estimated": float(sum(not row.shown for row in analysis.rows)),
        "peak_mb": peak_megabytes(),
    }


def load_demo(database_url: str, schools: int) -> None:
    """Migrate database_url and load the national demo into it."""
    from sspcollect import create_app, schema
    from sspcollect.config import TestConfig
    from sspcollect.demo.national import load_national

    config = TestConfig()
    config.DATABASE_URL = database_url
    app = create_app(config)
    schema.upgrade(app)
    with app.app_context():
        load_national(schools=schools, echo=lambda message: print(message, flush=True))


def in_fresh_process(*args: str) -> dict[str, float]:
    """Run this script's measurement in a new Python process; its figures."""
    output = subprocess.run(
        [sys.executable, __file__, "--measure", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return figures


def main() -> None:
    """Measure, print and record."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--schools", type=int, default=26_000)
    parser.add_argument("--measure", nargs="*")
    args = parser.parse_args()
    if args.measure is not None:
        kind, value = args.measure
        figures = measure_synthetic(int(value)) if kind == "synthetic" else measure_demo(value)
        print(json.dumps(figures))
        return
    if args.demo:
        from bench.common import bench_database

        with bench_database("sspcollect_bench_effects", sqlite=args.sqlite) as url:
            started = time.perf_counter()
            load_demo(url, args.schools)
            print(f"Demo loaded in {time.perf_counter() - started:.0f} s", flush=True)
            figures = in_fresh_process("demo", url)
        name = "demo"
    else:
        figures = in_fresh_process("synthetic", str(args.schools))
        name = "synthetic"
    total = figures["panel_seconds"] + figures["estimate_seconds"]
    figures["total_seconds"] = total
    print(
        f"{name}: {figures['schools']:,.0f} schools, {figures['years']:.0f} collections; "
        f"panel {figures['panel_seconds']:.1f} s, estimates {figures['estimate_seconds']:.1f} s "
        f"({figures['estimates']:.0f} given, {figures['not_estimated']:.0f} x), "
        f"total {total:.1f} s ({figures['processor_seconds']:.1f} s of processor time), "
        f"peak {figures['peak_mb']:.0f} MB "
        f"(targets {SECONDS:.0f} s, {MEGABYTES:.0f} MB)"
    )
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "effects_national.json"
    recorded = json.loads(path.read_text()) if path.exists() else {}
    recorded[name] = figures
    path.write_text(json.dumps(recorded, indent=2) + "\n")


if __name__ == "__main__":
    main()
