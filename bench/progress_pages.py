"""Benchmark: the review pages at national scale (26,000 school returns and 43 force returns).

    .venv/bin/python bench/progress_pages.py            # PostgreSQL (TEST_POSTGRES_URL's server)
    .venv/bin/python bench/progress_pages.py --sqlite   # a SQLite file in a temporary folder

Makes its own database (PostgreSQL: sspcollect_bench_progress, dropped afterwards), migrates
it, loads the reference data and bulk-inserts synthetic open schools over every local
authority, a national collection with one return per school and per force in mixed statuses
(submissions spread over two months), some findings (queries, explained or not, errors) and
reconciliation pairs. Then, signed in as a reviewer through the Flask test client, it times
the progress page, the returns list with several filters and the reconciliation list: median
and 95th percentile of 20 requests each, after one warm-up request. The target is 300 ms.
Prints the figures and appends one JSON line to bench/results/progress_pages.json.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import bench_app, bench_database, latency

from bench.open_collection import load_schools
from sspcollect.accounts.passwords import hash_password
from sspcollect.db import database, session
from sspcollect.models import (
    Collection,
    CollectionStatus,
    Finding,
    ForceArea,
    LocalAuthority,
    Organisation,
    Return,
    ReturnKind,
    ReturnStatus,
    School,
    User,
)
from sspcollect.reference.load import load_reference_data

RESULTS = Path(__file__).resolve().parent / "results" / "progress_pages.json"
BENCH_DATABASE = "sspcollect_bench_progress"
TARGET_MS = 300
PASSWORD = "benchmark reviewer password"  # noqa: S105
STATUS_MIX = [
    (ReturnStatus.NOT_STARTED, 0.30),
    (ReturnStatus.IN_PROGRESS, 0.25),
    (ReturnStatus.SUBMITTED, 0.25),
    (ReturnStatus.ACCEPTED, 0.15),
    (ReturnStatus.RETURNED, 0.05),
]
SUBMITTED = {ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED, ReturnStatus.RETURNED}


def load_collection(rng: random.Random) -> int:
    """A national open collection with a return per school and per force, and some findings."""
    collection = Collection(
        title="Benchmark 2026/27",
        time_period="202627",
        reference_date=date(2027, 1, 15),
        opens_on=date(2027, 3, 1),
        deadline=date(2027, 5, 14),
        closes_on=date(2027, 6, 30),
        status=CollectionStatus.OPEN,
        phases=["Primary", "Secondary"],
    )
    session.add(collection)
    session.commit()
    schools = session.execute(
        select(Organisation.id, School.urn, School.la_code, LocalAuthority.force_area_code)
        .join(School, Organisation.school_urn == School.urn)
        .join(LocalAuthority, School.la_code == LocalAuthority.code)
    ).all()
    forces = session.execute(
        select(Organisation.id, Organisation.force_area_code).where(
            Organisation.force_area_code.is_not(None)
        )
    ).all()
    statuses = [status for status, _ in STATUS_MIX]
    weights = [weight for _, weight in STATUS_MIX]
    start = datetime(2027, 3, 1, 9, tzinfo=UTC)
    rows: list[dict[str, Any]] = []
    for organisation_id, _urn, la_code, force_code in schools:
        rows.append(_return(collection.id, organisation_id, "school", force_code, la_code))
    for organisation_id, force_code in forces:
        rows.append(_return(collection.id, organisation_id, "force", force_code, None))
    for row in rows:
        row["status"] = rng.choices(statuses, weights)[0]
        if row["status"] in SUBMITTED:
            row["submitted_at"] = start + timedelta(
                days=rng.randint(0, 60), hours=rng.randint(0, 8)
            )
    session.execute(insert(Return), rows)
    session.commit()
    load_findings(collection.id, rng)
    return collection.id


def _return(
    collection_id: int, organisation_id: int, kind: str, force: str, la: str | None
) -> dict[str, Any]:
    """One return row for a bulk insert."""
    return {
        "collection_id": collection_id,
        "organisation_id": organisation_id,
        "kind": kind,
        "force_area_code": force,
        "la_code": la,
        "version": 1,
        "register_confirmed": False,
        "nil_return": False,
        "declaration": False,
    }


def load_findings(collection_id: int, rng: random.Random) -> None:
    """Queries (half explained) on 8% of school returns, errors on 2%, 1% reconciliation pairs."""
    returns = session.execute(
        select(Return.id, Return.kind, Return.force_area_code, Organisation.school_urn)
        .join(Organisation, Return.organisation_id == Organisation.id)
        .where(Return.collection_id == collection_id)
    ).all()
    force_return = {force: id_ for id_, kind, force, _ in returns if kind == ReturnKind.FORCE}
    findings: list[dict[str, Any]] = []
    for return_id, kind, force, urn in returns:
        if kind != ReturnKind.SCHOOL:
            continue
        draw = rng.random()
        if draw < 0.08:
            findings.append(
                {
                    "return_id": return_id,
                    "rule_id": "SCH-101",
                    "level": "query",
                    "subject": "",
                    "english_message": "Overall attendance is below 85%",
                    "explanation": "An outbreak of flu in the spring term."
                    if draw < 0.04
                    else None,
                }
            )
        elif draw < 0.10:
            findings.append(
                {
                    "return_id": return_id,
                    "rule_id": "SCH-008",
                    "level": "error",
                    "subject": "",
                    "english_message": "Enter the number of pupils on roll",
                }
            )
        elif draw < 0.11:
            message = "The school and the register disagree"
            findings.append(
                {
                    "return_id": return_id,
                    "rule_id": "XRT-002",
                    "level": "query",
                    "subject": f"force:{force}",
                    "english_message": message,
                }
            )
            findings.append(
                {
                    "return_id": force_return[force],
                    "rule_id": "XRT-002",
                    "level": "query",
                    "subject": f"school:{urn}",
                    "english_message": message,
                }
            )
    session.execute(insert(Finding), findings)
    session.commit()


def add_reviewer() -> None:
    """A reviewer of the Department for Education to sign in as."""
    organisation = session.scalar(select(Organisation).where(Organisation.code == "DFE"))
    session.add(
        User(
            email="bench.reviewer@example.org",
            name="Bench Reviewer",
            role="reviewer",
            organisation=organisation,
            password_hash=hash_password(PASSWORD),
            active=True,
            failed_sign_ins=0,
            session_version=1,
        )
    )
    session.commit()


def pages(collection_id: int) -> dict[str, str]:
    """The pages timed, by name."""
    force = session.scalar(select(ForceArea.code).order_by(ForceArea.code))
    la = session.scalar(select(LocalAuthority.code).order_by(LocalAuthority.code))
    base = f"/review/{collection_id}"
    return {
        "progress": base,
        "returns": f"{base}/returns",
        "returns_submitted_page_20": f"{base}/returns?status=submitted&page=20",
        "returns_force_outstanding": f"{base}/returns?force={force}&outstanding=yes",
        "returns_region_rule": f"{base}/returns?region=E12000007&rule=SCH-101",
        "returns_la_kind": f"{base}/returns?la={la}&kind=school",
        "returns_search_name": f"{base}/returns?q=Bench+School+1234",
        "returns_search_urn": f"{base}/returns?q=112345",
        "reconciliation": f"{base}/reconciliation",
        "bulk_accept_confirmation": f"{base}/returns/accept?kind=school",
    }


def time_pages(app: Flask, addresses: dict[str, str], requests: int) -> dict[str, dict[str, float]]:
    """Median and p95 (ms) of requests GETs of each page, signed in as the reviewer."""
    client = app.test_client()
    sign_in = client.get("/sign-in")
    from bs4 import BeautifulSoup

    token = BeautifulSoup(sign_in.get_data(as_text=True), "html.parser").find(
        "input", {"name": "csrf_token"}
    )["value"]
    signed = client.post(
        "/sign-in",
        data={"email": "bench.reviewer@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert signed.status_code == 302, "the reviewer could not sign in"
    timings: dict[str, dict[str, float]] = {}
    for name, address in addresses.items():
        warm = client.get(address)
        assert warm.status_code == 200, f"{address} answered {warm.status_code}"
        samples = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(address)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        timings[name] = latency(samples)
    return timings


def main() -> int:
    """Run the benchmark and record its result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", action="store_true", help="use SQLite, not PostgreSQL")
    parser.add_argument("--schools", type=int, default=26_000)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    backend = "sqlite" if args.sqlite else "postgresql"
    logging.getLogger("sspcollect.requests").setLevel(logging.WARNING)

    with bench_database(BENCH_DATABASE, args.sqlite) as url:
        app = bench_app(url, quiet=False)
        with app.app_context():
            load_reference_data()
            started = time.perf_counter()
            load_schools(args.schools)
            collection_id = load_collection(random.Random(2026))
            add_reviewer()
            load_seconds = time.perf_counter() - started
            returns = session.scalar(
                select(func.count())
                .select_from(Return)
                .where(Return.collection_id == collection_id)
            )
            findings = session.scalar(select(func.count()).select_from(Finding))
            addresses = pages(collection_id)
            session.close()
        timings = time_pages(app, addresses, args.requests)
        database(app).engine.dispose()

    worst = max(t["p95_ms"] for t in timings.values())
    result = {
        "benchmark": "progress_pages",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "backend": backend,
        "python": platform.python_version(),
        "returns": returns,
        "findings": findings,
        "requests_per_page": args.requests,
        "target_ms": TARGET_MS,
        "worst_p95_ms": worst,
        "meets_target": worst < TARGET_MS,
        "pages": timings,
        "load_seconds": round(load_seconds, 2),
        # Other work on the machine slows every page: keep the load beside the figures.
        "load_average_1min": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
    }
    print(f"{backend}: {returns:,} returns, {findings:,} findings; {args.requests} requests a page")
    for name, timing in timings.items():
        print(f"  {name:28} median {timing['median_ms']:7.1f} ms   p95 {timing['p95_ms']:7.1f} ms")
    verdict = "meets" if result["meets_target"] else "MISSES"
    print(f"  worst p95 {worst:.1f} ms: {verdict} the {TARGET_MS} ms target")
    print(f"  load average {result['load_average_1min']} on {result['cpus']} CPUs")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
