"""Benchmark: drawing the national maps per request, on the national demo.

    .venv/bin/python bench/maps.py            # PostgreSQL (TEST_POSTGRES_URL's server)
    .venv/bin/python bench/maps.py --sqlite   # a SQLite file in a temporary folder

Makes its own database (PostgreSQL: sspcollect_bench_maps, dropped afterwards), loads the
national demo (`sspcollect demo --scale national`: about 26,000 schools, 3,100 partnerships,
every force), puts each school at a point inside its local authority, and publishes the
collection's datasets once. Then it times, over 20 requests each after one warm-up:

- each map alone, as a page draws it: the figures read (the progress query, or the published
  partnerships file) and the SVG, legend and table rendered: the target is 200 ms;
- the whole page around each map, through the Flask test client, signed in;

and reports the size of each map's SVG (target: under 150 KB for a national map), plain and
gzipped. Prints the figures and appends one JSON line to bench/results/maps.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import platform
import random
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from bs4 import BeautifulSoup
from flask import Flask, get_template_attribute
from flask.testing import FlaskClient
from sqlalchemy import select, update

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import bench_app, bench_database, timed

from sspcollect.datasets import service
from sspcollect.db import database, session
from sspcollect.demo import DEMO_PASSWORD
from sspcollect.demo.national import load_national
from sspcollect.maps import boundaries, coverage, progress, schools
from sspcollect.models import Collection, LocalAuthority, School, User
from sspcollect.review.progress import progress as progress_figures

RESULTS = Path(__file__).resolve().parent / "results" / "maps.json"
BENCH_DATABASE = "sspcollect_bench_maps"
TARGET_MS = 200
SIZE_LIMIT_KB = 150
METROPOLITAN_POLICE = "E23000001"


def place_schools(rng: random.Random) -> int:
    """Give every school an easting and northing inside its local authority; how many."""
    shapes = boundaries.local_authorities()
    rows = session.execute(select(School.urn, School.la_code)).all()
    values = []
    for urn, la_code in rows:
        shape = shapes[la_code]
        west, south, east, north = shape.bounds
        while True:
            easting, northing = rng.uniform(west, east), rng.uniform(south, north)
            if boundaries.contains(shape, easting, northing):
                break
        values.append({"urn": urn, "easting": round(easting), "northing": round(northing)})
    session.execute(update(School), values)
    session.commit()
    return len(values)


def _svg_size(html: str, map_id: str) -> dict[str, float]:
    """The size of one map's SVG in a page, plain and gzipped (KB)."""
    svg = str(BeautifulSoup(html, "html.parser").find("svg", id=map_id)).encode()
    return {
        "svg_kb": round(len(svg) / 1024, 1),
        "gzip_kb": round(len(gzip.compress(svg)) / 1024, 1),
    }


def time_maps(app: Flask, collection: Collection, requests: int) -> dict[str, dict[str, float]]:
    """Each map drawn alone, as its page draws it, with its SVG's size."""
    section_of = get_template_attribute("maps/_map.html", "section")
    force_map_of = get_template_attribute("maps/_map.html", "figure")
    published = service.latest_publication(collection)
    assert published is not None
    source = coverage.Source(
        service.published_file(published, coverage.PARTNERSHIPS_FILE), "Published."
    )
    drawers: dict[str, tuple[str, Callable[[], str]]] = {}
    for view in ("forces", "las", "hex"):
        drawers[f"response map, {view}"] = (
            "response-map",
            lambda view=view: str(
                section_of(
                    progress.response_section(
                        progress_figures(collection.id), view, "/review/1", "/review/1/returns"
                    ),
                    "Map",
                )
            ),
        )
        for measure in coverage.MEASURES:
            drawers[f"coverage map, {view}, {measure}"] = (
                coverage.MAP_ID,
                lambda view=view, measure=measure: str(
                    section_of(
                        coverage.coverage_section(source, view, measure, "/datasets/1", {}),
                        "Map",
                    )
                ),
            )
    drawers["schools of the Metropolitan Police"] = (
        schools.MAP_ID,
        lambda: str(
            force_map_of(schools.force_schools_section(METROPOLITAN_POLICE, date.today()).map)
        ),
    )
    timings = {}
    for name, (map_id, draw) in drawers.items():
        with app.test_request_context():
            timings[name] = {**timed(draw, requests), **_svg_size(draw(), map_id)}
            session.close()
    return timings


def time_pages(app: Flask, collection_id: int, requests: int) -> dict[str, dict[str, float]]:
    """The whole pages around the maps, through the test client, signed in."""
    timings = {}
    pages = {
        "reviewer": {
            f"progress page, {view}": f"/review/{collection_id}?map={view}"
            for view in ("forces", "las", "hex")
        }
        | {
            f"datasets page, {view}": f"/datasets/{collection_id}?map={view}"
            for view in ("forces", "las", "hex")
        },
        "police": {"police home page, Metropolitan Police": "/police"},
    }
    emails = {
        "reviewer": "reviewer.dfe@demo.example",
        "police": f"police.{METROPOLITAN_POLICE.lower()}@demo.example",
    }
    for role, addresses in pages.items():
        client = app.test_client()
        page = client.get("/sign-in")
        token = BeautifulSoup(page.get_data(as_text=True), "html.parser").find(
            "input", {"name": "csrf_token"}
        )["value"]
        signed = client.post(
            "/sign-in",
            data={"email": emails[role], "password": DEMO_PASSWORD, "csrf_token": token},
        )
        assert signed.status_code == 302, f"the {role} could not sign in"
        for name, address in addresses.items():

            def get(address: str = address, client: FlaskClient = client) -> None:
                response = client.get(address)
                assert response.status_code == 200, f"{address} answered {response.status_code}"

            timings[name] = timed(get, requests)
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
            load_national(args.schools, school_users=0, echo=lambda _message: None)
            placed = place_schools(random.Random(2026))
            # The open collection: the demo's earlier ones are closed.
            collection = session.scalars(
                select(Collection).where(Collection.status == "open")
            ).one()
            admin = session.scalars(select(User).where(User.email.like("admin@%"))).one()
            service.publish(collection, "accepted_and_submitted", admin)
            collection_id = collection.id
            las = len(session.scalars(select(LocalAuthority.code)).all())
            session.close()
        with app.app_context():
            collection = session.get(Collection, collection_id)
            assert collection is not None
            maps = time_maps(app, collection, args.requests)
            session.close()
        pages = time_pages(app, collection_id, args.requests)
        database(app).engine.dispose()

    national = {name: t for name, t in maps.items() if "Metropolitan" not in name}
    worst = max(t["p95_ms"] for t in maps.values())
    largest = max(t["svg_kb"] for t in national.values())
    result = {
        "benchmark": "maps",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "backend": backend,
        "python": platform.python_version(),
        "schools": placed,
        "local_authorities": las,
        "requests_per_map": args.requests,
        "target_ms": TARGET_MS,
        "worst_map_p95_ms": worst,
        "largest_national_svg_kb": largest,
        "meets_targets": worst < TARGET_MS and largest < SIZE_LIMIT_KB,
        "maps": maps,
        "pages": pages,
        "load_average_1min": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
    }
    print(f"{backend}: {placed:,} schools placed; {args.requests} requests each")
    for name, timing in maps.items():
        print(
            f"  {name:44} median {timing['median_ms']:6.1f} ms  p95 {timing['p95_ms']:6.1f} ms"
            f"  SVG {timing['svg_kb']:6.1f} KB ({timing['gzip_kb']:.1f} KB gzipped)"
        )
    for name, timing in pages.items():
        print(f"  {name:44} median {timing['median_ms']:6.1f} ms  p95 {timing['p95_ms']:6.1f} ms")
    verdict = "meets" if result["meets_targets"] else "MISSES"
    print(
        f"  worst map p95 {worst:.1f} ms, largest national SVG {largest:.1f} KB: {verdict} the "
        f"{TARGET_MS} ms and {SIZE_LIMIT_KB} KB targets"
    )
    print(f"  load average {result['load_average_1min']} on {result['cpus']} CPUs")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(result) + "\n")
    return 0 if result["meets_targets"] else 1


if __name__ == "__main__":
    sys.exit(main())
