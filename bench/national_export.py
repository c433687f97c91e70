"""Benchmark: the national export at full scale, against a pandas floor.

    .venv/bin/python bench/national_export.py [--server postgresql://postgres@127.0.0.1:5432]

Creates the PostgreSQL database sspcollect_bench_export, fills it with a national collection
(26,000 schools across every local authority, every return accepted and filled in, 5,000
partnerships with their submitted snapshots and outcomes) by bulk inserts, then times, each in
a fresh process:

- export: export_national writing every file (all datasets with disclosure control);
- floor: pandas reading the same tables and doing one groupby.

It reports the median seconds of three runs and the peak resident memory of each process
(resource.getrusage maxrss), checks the targets (under 2 s, under 500 MB, within 3x the floor),
prints the figures, writes bench/results/national_export.json and drops the database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = "sspcollect_bench_export"
SCHOOLS = 26_000
PARTNERSHIPS = 5_000
RUNS = 3
TARGET_SECONDS = 2.0
TARGET_MB = 500
TARGET_RATIO = 3.0
RESULTS = ROOT / "bench" / "results" / "national_export.json"
PHASES = [("Primary", 0.66), ("Secondary", 0.2), ("Not applicable", 0.07), ("Nursery", 0.04)]
PHASES += [("All-through", 0.03)]
MODELS = ["school_based", "cluster", "neighbourhood_link", "force_team", "other"]
SOURCES = ["police_force", "pcc", "school", "local_authority", "vru", "other"]
FIRST_ID = 1_000_000


def _app(url: str) -> Any:
    """The application on the benchmark database."""
    from sspcollect import create_app
    from sspcollect.config import DevelopmentConfig

    config = DevelopmentConfig()
    config.DATABASE_URL = url
    config.MAIL_OUTBOX_DIR = tempfile.mkdtemp()
    return create_app(config)


def _rows(count: int, make: Any) -> list[dict[str, Any]]:
    """count rows made by make(index)."""
    return [make(index) for index in range(count)]


def fill(url: str) -> None:
    """Migrate, load reference data and bulk-insert the national collection."""
    from sqlalchemy import insert, select

    from sspcollect import schema
    from sspcollect.db import session
    from sspcollect.models import (
        Collection,
        LocalAuthority,
        Organisation,
        Partnership,
        PartnershipOutcome,
        PartnershipSchool,
        Return,
        School,
        SchoolAnswers,
        SubmittedPartnership,
        SubmittedPartnershipSchool,
    )
    from sspcollect.models.returns import OUTCOME_FIELDS
    from sspcollect.reference.load import load_reference_data

    app = _app(url)
    schema.upgrade(app)
    rng = random.Random(2026)
    with app.app_context():
        load_reference_data()
        las = session.execute(select(LocalAuthority.code, LocalAuthority.force_area_code)).all()
        forces = session.execute(
            select(Organisation.id, Organisation.force_area_code).where(
                Organisation.force_area_code.is_not(None)
            )
        ).all()
        collection = Collection(
            title="Safer School Partnerships 2025/26",
            time_period="202526",
            reference_date=date(2025, 10, 2),
            opens_on=date(2026, 3, 1),
            deadline=date(2026, 6, 30),
            closes_on=date(2026, 7, 31),
            status="closed",
            phases=[phase for phase, _share in PHASES],
        )
        session.add(collection)
        session.flush()
        phases, weights = zip(*PHASES, strict=True)
        schools = []
        for index in range(SCHOOLS):
            la_code, force = las[index % len(las)]
            schools.append((100000 + index, la_code, force, rng.choices(phases, weights)[0]))
        session.execute(
            insert(School),
            [
                {
                    "urn": urn,
                    "la_code": la_code,
                    "establishment_number": f"{urn % 10000:04d}",
                    "name": f"Bench school {urn}",
                    "type_code": 1,
                    "type_name": "Community school",
                    "status": "Open",
                    "is_open": True,
                    "phase": phase,
                    "pupils": rng.randint(40, 1800),
                }
                for urn, la_code, _force, phase in schools
            ],
        )
        session.execute(
            insert(Organisation),
            [
                {
                    "id": FIRST_ID + i,
                    "kind": "school",
                    "code": str(urn),
                    "name": f"Bench school {urn}",
                    "school_urn": urn,
                }
                for i, (urn, *_rest) in enumerate(schools)
            ],
        )
        statuses = ["accepted"] * 17 + ["submitted", "in_progress", "not_started"]
        session.execute(
            insert(Return),
            [
                {
                    "id": FIRST_ID + i,
                    "collection_id": collection.id,
                    "organisation_id": FIRST_ID + i,
                    "kind": "school",
                    "status": statuses[i % len(statuses)],
                    "force_area_code": force,
                    "la_code": la_code,
                    "version": 1,
                }
                for i, (_urn, la_code, force, _phase) in enumerate(schools)
            ],
        )
        session.execute(
            insert(SchoolAnswers), [_answers(rng, FIRST_ID + i) for i in range(SCHOOLS)]
        )
        force_returns = {}
        for number, (_organisation, force) in enumerate(forces):
            force_returns[force] = 2 * FIRST_ID + number
        session.execute(
            insert(Return),
            [
                {
                    "id": force_returns[force],
                    "collection_id": collection.id,
                    "organisation_id": organisation_id,
                    "kind": "force",
                    "status": "accepted",
                    "force_area_code": force,
                    "version": 1,
                }
                for organisation_id, force in forces
            ],
        )
        by_force: dict[str, list[int]] = {}
        for urn, _la, force, _phase in schools:
            by_force.setdefault(force, []).append(urn)
        force_codes = sorted(by_force)
        partnerships, links = [], []
        for number in range(PARTNERSHIPS):
            force = force_codes[number % len(force_codes)]
            model = MODELS[number % len(MODELS)]
            size = {"school_based": 1, "cluster": rng.randint(2, 6), "force_team": 12}.get(
                model, rng.randint(2, 4)
            )
            covered = rng.sample(by_force[force], min(size, len(by_force[force])))
            partnerships.append(
                {
                    "id": FIRST_ID + number,
                    "force_area_code": force,
                    "reference": f"B{number:05d}",
                    "name": f"Bench partnership {number}",
                    "model": model,
                    "model_description": "Bench" if model == "other" else None,
                    "officer_role": "constable",
                    "officer_count": rng.randint(1, 3),
                    "fte": Decimal(rng.randint(1, 30)) / 10,
                    "funding_sources": rng.sample(SOURCES, rng.randint(0, 3)),
                    "funded_until": rng.choice(
                        [None, date(2026, 3, 31), date(2027, 8, 31), date(2029, 3, 31)]
                    ),
                    "information_sharing_agreement": rng.random() < 0.6,
                    "start_date": date(2023, 9, 1),
                    "end_date": None,
                    "version": 1,
                }
            )
            links += [
                {"partnership_id": FIRST_ID + number, "school_urn": urn, "days_per_week": 1}
                for urn in covered
            ]
        session.execute(insert(Partnership), partnerships)
        session.execute(insert(PartnershipSchool), links)
        snapshot_fields = [
            name for name in partnerships[0] if name not in ("id", "force_area_code", "version")
        ]
        session.execute(
            insert(SubmittedPartnership),
            [
                {
                    "id": row["id"],
                    "return_id": force_returns[row["force_area_code"]],
                    "partnership_id": row["id"],
                    **{name: row[name] for name in snapshot_fields},
                }
                for row in partnerships
            ],
        )
        session.execute(
            insert(SubmittedPartnershipSchool),
            [
                {
                    "submitted_partnership_id": link["partnership_id"],
                    "school_urn": link["school_urn"],
                    "days_per_week": link["days_per_week"],
                }
                for link in links
            ],
        )
        session.execute(
            insert(PartnershipOutcome),
            [
                {
                    "return_id": force_returns[row["force_area_code"]],
                    "partnership_id": row["id"],
                    **{name: rng.randint(0, 40) for name in OUTCOME_FIELDS},
                }
                for row in partnerships
            ],
        )
        session.commit()
        print(
            f"Filled {SCHOOLS:,} schools, {SCHOOLS + len(forces):,} returns, "
            f"{PARTNERSHIPS:,} partnerships with {len(links):,} schools covered."
        )


def _answers(rng: random.Random, return_id: int) -> dict[str, Any]:
    """One school's filled-in answers."""
    pupils = rng.randint(40, 1800)
    surveyed = rng.random() < 0.7
    return {
        "return_id": return_id,
        "has_ssp": rng.choice(["yes", "yes", "no", "not_sure"]),
        "ssp_model": rng.choice(MODELS),
        "pupils_on_roll": pupils,
        "attendance_percent": Decimal(f"{rng.uniform(85, 98):.2f}"),
        "persistent_absence_percent": Decimal(f"{rng.uniform(4, 30):.2f}"),
        "suspensions": rng.randint(0, pupils // 10),
        "permanent_exclusions": rng.randint(0, 3),
        "violent_incidents": rng.randint(0, 20),
        "weapon_incidents": rng.randint(0, 3),
        "bullying_incidents": rng.randint(0, 25),
        "pupils_feel_safe_percent": Decimal(f"{rng.uniform(60, 95):.2f}") if surveyed else None,
        "feel_safe_not_surveyed": not surveyed,
    }


def measure(kind: str, url: str) -> dict[str, Any]:
    """Run one kind of work RUNS times in this process; seconds and peak memory."""
    from sqlalchemy import select

    from sspcollect.db import session
    from sspcollect.models import Collection

    app = _app(url)
    with app.app_context():
        collection = session.scalar(select(Collection).where(Collection.time_period == "202526"))
        assert collection is not None
        baseline_mb = _maxrss_mb()
        seconds, cpu_seconds = [], []
        for _run in range(RUNS):
            started = time.perf_counter()
            cpu_started = time.process_time()
            if kind == "export":
                from sspcollect.datasets.export import export_national

                with tempfile.TemporaryDirectory() as folder:
                    export_national(collection, Path(folder))
            else:
                _floor(collection.id)
            seconds.append(time.perf_counter() - started)
            cpu_seconds.append(time.process_time() - cpu_started)
            session.rollback()
        figures = {
            "seconds": statistics.median(seconds),
            "runs": seconds,
            "cpu_seconds": statistics.median(cpu_seconds),
            "peak_mb": _maxrss_mb(),
            "baseline_mb": baseline_mb,
        }
        if kind == "export":
            figures["disclosure"] = _disclosure(collection)
    return figures


def _disclosure(collection: Any) -> dict[str, Any]:
    """How many cells the export hides, why, and what the attack on them took."""
    from sspcollect.datasets.export import build_national

    disclosure = build_national(collection).disclosure
    return {
        "hidden_cells": disclosure.hidden_cells,
        "reasons": {name: dict(counter) for name, counter in disclosure.reasons.items()},
        "attacked_cells": disclosure.audit.hidden_cells,
        "programmes": disclosure.audit.programmes,
        "rounds": disclosure.rounds,
        "safe": disclosure.safe,
    }


def _floor(collection_id: int) -> None:
    """pandas reading the tables the export reads, and one groupby."""
    import pandas as pd
    from sqlalchemy import text

    from sspcollect.db import session

    connection = session.connection()
    where = {"collection_id": collection_id}
    returns = pd.read_sql(
        text(
            "SELECT r.id, r.kind, r.status, r.force_area_code, o.school_urn FROM returns r "
            "JOIN organisations o ON o.id = r.organisation_id "
            "WHERE r.collection_id = :collection_id"
        ),
        connection,
        params=where,
    )
    answers = pd.read_sql(
        text(
            "SELECT a.* FROM school_answers a JOIN returns r ON r.id = a.return_id "
            "WHERE r.collection_id = :collection_id"
        ),
        connection,
        params=where,
    )
    schools = pd.read_sql(text("SELECT urn, name, la_code, phase, pupils FROM schools"), connection)
    for table in ("local_authorities", "regions", "countries", "force_areas"):
        pd.read_sql(text(f"SELECT * FROM {table}"), connection)
    for table, key in (
        ("submitted_partnerships", "s.return_id"),
        ("partnership_outcomes", "s.return_id"),
    ):
        pd.read_sql(
            text(
                f"SELECT s.* FROM {table} s JOIN returns r ON r.id = {key} "
                "WHERE r.collection_id = :collection_id"
            ),
            connection,
            params=where,
        )
    pd.read_sql(
        text(
            "SELECT l.* FROM submitted_partnership_schools l JOIN submitted_partnerships s "
            "ON s.id = l.submitted_partnership_id JOIN returns r ON r.id = s.return_id "
            "WHERE r.collection_id = :collection_id"
        ),
        connection,
        params=where,
    )
    joined = answers.merge(returns, left_on="return_id", right_on="id").merge(
        schools, left_on="school_urn", right_on="urn"
    )
    joined.groupby(["la_code", "has_ssp"])[["pupils_on_roll", "suspensions"]].sum()


def _maxrss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _in_subprocess(kind: str, url: str) -> dict[str, Any]:
    """measure(kind) in a fresh Python process, so memory is measured on its own."""
    output = subprocess.run(
        [sys.executable, __file__, "--measure", kind, "--url", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    """Create, fill and measure the benchmark database, then drop it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--measure", choices=["export", "floor"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards")
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.url)))
        return
    admin = f"{args.server.rstrip('/')}/postgres"
    url = f"{args.server.rstrip('/')}/{DATABASE}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    try:
        started = time.perf_counter()
        fill(url)
        print(f"Filled in {time.perf_counter() - started:.1f} s; measuring {RUNS} runs each…")
        floor = _in_subprocess("floor", url)
        export = _in_subprocess("export", url)
    finally:
        if not args.keep:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    ratio = export["seconds"] / floor["seconds"]
    results = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "load_average_1m": os.getloadavg()[0]},
        "cpu_ratio": export["cpu_seconds"] / floor["cpu_seconds"],
        "schools": SCHOOLS,
        "partnerships": PARTNERSHIPS,
        "export": export,
        "floor": floor,
        "ratio": ratio,
        "targets": {"seconds": TARGET_SECONDS, "peak_mb": TARGET_MB, "ratio": TARGET_RATIO},
        "met": {
            "seconds": export["seconds"] < TARGET_SECONDS,
            "peak_mb": export["peak_mb"] < TARGET_MB,
            "ratio": ratio <= TARGET_RATIO,
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"export: {export['seconds']:.2f} s (median of {RUNS}), peak {export['peak_mb']:.0f} MB")
    print(f"floor:  {floor['seconds']:.2f} s (median of {RUNS}), peak {floor['peak_mb']:.0f} MB")
    print(f"ratio:  {ratio:.2f}x the floor ({results['cpu_ratio']:.2f}x in CPU time)")
    print(
        f"CPU time: export {export['cpu_seconds']:.2f} s, floor {floor['cpu_seconds']:.2f} s; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    hidden = export["disclosure"]["hidden_cells"]
    print(
        f"hidden cells: {sum(hidden.values()):,} ({hidden}); attack: "
        f"{export['disclosure']['programmes']:,} linear programmes over "
        f"{export['disclosure']['attacked_cells']:,} hidden cells, "
        f"{export['disclosure']['rounds']} rounds, safe: {export['disclosure']['safe']}"
    )
    print(f"targets met: {results['met']}  (written to {RESULTS.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
