"""Benchmark: a 1,000-row register upload read, validated and saved on PostgreSQL; target < 2 s.

    .venv/bin/python bench/register_upload.py              # 1,000 rows
    .venv/bin/python bench/register_upload.py --rows 5000

Makes its own PostgreSQL database (sspcollect_bench_upload on TEST_POSTGRES_URL's server,
dropped afterwards), migrates it, loads the reference data and bulk-inserts one open school
per row in the West Midlands force. Times three uploads of a CSV file through the same code
the pages use (read, check every row with the catalogue, save in one transaction with an
audit event each): adding every partnership to an empty register, changing every one, and
the unchanged file again. Prints the figures and appends one JSON line to
bench/results/register_upload.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from common import bench_app, bench_database
from sqlalchemy import func, insert, select

from sspcollect.bulk import register_file, upload
from sspcollect.db import session
from sspcollect.models import (
    AuditEvent,
    LocalAuthority,
    Organisation,
    OrganisationKind,
    Partnership,
    Role,
    School,
    User,
)
from sspcollect.reference.load import load_reference_data

RESULTS = Path(__file__).resolve().parent / "results" / "register_upload.json"
BENCH_DATABASE = "sspcollect_bench_upload"
FORCE = "E23000014"
TARGET_SECONDS = 2.0


def load_schools(total: int) -> list[int]:
    """total open schools in the force's local authorities; their URNs."""
    codes = list(
        session.scalars(
            select(LocalAuthority.code)
            .where(LocalAuthority.force_area_code == FORCE)
            .order_by(LocalAuthority.code)
        )
    )
    urns = [200000 + n for n in range(total)]
    session.execute(
        insert(School),
        [
            {
                "urn": urn,
                "la_code": codes[n % len(codes)],
                "establishment_number": f"{2000 + n // len(codes):04d}",
                "name": f"Bench School {urn}",
                "type_code": 1,
                "type_name": "Community school",
                "status": "Open",
                "is_open": True,
                "phase": "Primary",
                "postcode": "B1 1AA",
                "pupils": 300,
            }
            for n, urn in enumerate(urns)
        ],
    )
    session.commit()
    return urns


def police_user() -> User:
    """A police user of the force, who uploads."""
    organisation = session.scalar(select(Organisation).where(Organisation.code == FORCE))
    if organisation is None:
        organisation = Organisation(
            kind=OrganisationKind.FORCE, code=FORCE, name="West Midlands Police"
        )
    user = User(
        email="bench@example.org",
        name="Bench",
        role=Role.POLICE,
        organisation=organisation,
        password_hash="not-a-hash",  # noqa: S106 - never signs in
        active=True,
        failed_sign_ins=0,
        session_version=1,
    )
    session.add(user)
    session.commit()
    return user


def register_csv(urns: list[int], name: str) -> bytes:
    """A register file of one partnership per school (and its neighbour), named name."""
    rows = [
        [
            f"BENCH-{n:05d}",
            f"{name} {n}",
            "cluster",
            "",
            "constable",
            "2",
            "1.5",
            "police_force;vru",
            "2028-03-31",
            "yes",
            "2024-09-01",
            "",
            f"{urn}:2.5;{urns[(n + 1) % len(urns)]}",
        ]
        for n, urn in enumerate(urns)
    ]
    return register_file.csv_bytes([]) + "".join(",".join(cells) + "\n" for cells in rows).encode()


def timed_upload(data: bytes, user: User) -> dict[str, float | int]:
    """Read, check and save one file; the seconds each step took and what changed."""
    started = time.perf_counter()
    rows = register_file.read("register.csv", data)
    read = time.perf_counter()
    plan = upload.check_rows(rows, FORCE)
    checked = time.perf_counter()
    assert not plan.problems, plan.problems[:5]
    upload.save(plan, FORCE, user)
    saved = time.perf_counter()
    return {
        "read_s": round(read - started, 3),
        "check_s": round(checked - read, 3),
        "save_s": round(saved - checked, 3),
        "total_s": round(saved - started, 3),
        "added": len(plan.of_kind("added")),
        "changed": len(plan.of_kind("changed")),
        "unchanged": len(plan.of_kind("unchanged")),
    }


def main() -> int:
    """Run the benchmark and record its result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    with bench_database(BENCH_DATABASE) as url:
        app = bench_app(url)
        with app.app_context():
            load_reference_data()
            urns = load_schools(args.rows)
            user = police_user()
            runs = {
                "add": timed_upload(register_csv(urns, "Bench partnership"), user),
                "change": timed_upload(register_csv(urns, "Renamed partnership"), user),
                "unchanged": timed_upload(register_csv(urns, "Renamed partnership"), user),
            }
            partnerships = session.scalar(select(func.count()).select_from(Partnership))
            events = session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.user_id == user.id)
            )
    assert partnerships == args.rows, partnerships
    assert events == 2 * args.rows, events
    worst = max(float(run["total_s"]) for run in runs.values())
    for label, run in runs.items():
        print(
            f"{label:>9}: {run['total_s']:.3f} s (read {run['read_s']:.3f}, check "
            f"{run['check_s']:.3f}, save {run['save_s']:.3f}); added {run['added']}, "
            f"changed {run['changed']}, unchanged {run['unchanged']}"
        )
    verdict = "PASS" if worst < TARGET_SECONDS else "FAIL"
    print(f"{args.rows} rows: slowest upload {worst:.3f} s, target < {TARGET_SECONDS} s: {verdict}")
    RESULTS.parent.mkdir(exist_ok=True)
    with RESULTS.open("a") as results:
        record = {
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "rows": args.rows,
            "runs": runs,
            "slowest_s": worst,
            "target_s": TARGET_SECONDS,
            "python": sys.version.split()[0],
            "machine": platform.node(),
        }
        results.write(json.dumps(record) + "\n")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
