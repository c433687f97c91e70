"""Benchmark: deadline day at national scale, saves under load against a floor, under gunicorn.

    .venv/bin/python bench/deadline_day.py                  # defaults below, about 3 minutes
    .venv/bin/python bench/deadline_day.py --duration 60 --concurrency 32 --users 500

Makes its own PostgreSQL database (sspcollect_bench_load on TEST_POSTGRES_URL's server),
builds the national demo in it (`sspcollect demo --scale national`), starts gunicorn on a free
loopback port serving bench/floor_wsgi.py (the service plus the floor endpoint), and from this
process (asyncio + aiohttp) signs in hundreds of distinct school users, each with its own
cookie jar and its own loopback source address (127.0.x.y, so that the per-address sign-in
throttle sees distinct schools), then:

  1. saves: `concurrency` virtual users take signed-in schools in turn; each GETs a question
     page (pupils-and-attendance, suspensions-and-exclusions, incidents), reads its CSRF token
     and version, and POSTs plausible answers (a save is good when it redirects onward);
  2. floor: the same clients POST /bench-floor/<n> (one indexed read and one insert).

Each phase is bounded by --duration seconds and --max-requests. Prints throughput, p50/p95/p99
latency and errors per step, the ratio of saves to the floor, and writes
bench/results/deadline_day.json (one JSON line a run). Gunicorn's log goes to
$TMPDIR/sspcollect_deadline_day_gunicorn.log. Gunicorn is stopped and the database dropped even
on failure.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import psycopg
from common import bench_database

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
RESULTS = Path(__file__).resolve().parent / "results" / "deadline_day.json"
BENCH_DATABASE = "sspcollect_bench_load"
GUNICORN_LOG = Path(tempfile.gettempdir()) / "sspcollect_deadline_day_gunicorn.log"
PASSWORD = "safer-schools-demo"  # noqa: S105  (the national demo's shared password)
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
VERSION = re.compile(r'name="version"[^>]*value="(\d+)"')
PAGES = ("pupils-and-attendance", "suspensions-and-exclusions", "incidents")


def answers(page: str, rng: random.Random) -> dict[str, str]:
    """Plausible answers for one figures page."""
    if page == "pupils-and-attendance":
        attendance = round(rng.uniform(91.0, 97.0), 1)
        return {
            "pupils_on_roll": str(rng.randint(200, 1200)),
            "attendance_percent": str(attendance),
            "persistent_absence_percent": str(round((100 - attendance) * 1.9, 1)),
        }
    if page == "suspensions-and-exclusions":
        return {"suspensions": str(rng.randint(2, 30)), "permanent_exclusions": "1"}
    return {
        "violent_incidents": str(rng.randint(0, 20)),
        "weapon_incidents": "0",
        "bullying_incidents": str(rng.randint(0, 30)),
    }


@dataclass
class Step:
    """The timings and failures of one journey step."""

    name: str
    seconds: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def failed(self, why: str) -> None:
        """Count one failure by its reason."""
        self.errors[why] = self.errors.get(why, 0) + 1

    def summary(self, elapsed: float) -> dict[str, Any]:
        """Requests, throughput and latency percentiles (milliseconds)."""
        ordered = sorted(self.seconds)

        def pct(p: float) -> float | None:
            if not ordered:
                return None
            return round(1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)

        errors = sum(self.errors.values())
        return {
            "ok": len(ordered),
            "errors": errors,
            "error_reasons": self.errors,
            "per_second": round(len(ordered) / elapsed, 1) if elapsed else None,
            "p50_ms": pct(0.50),
            "p95_ms": pct(0.95),
            "p99_ms": pct(0.99),
        }


@dataclass
class School:
    """A signed-in school user: its own client (cookie jar, source address) and return."""

    email: str
    return_id: int
    client: aiohttp.ClientSession | None = None
    rng: random.Random = field(default_factory=random.Random)


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def source_address(index: int) -> str:
    """A distinct loopback address per school user: 127.0.1.1, 127.0.1.2, …"""
    return f"127.0.{1 + index // 250}.{1 + index % 250}"


def environment(url: str) -> dict[str, str]:
    """The environment of the service processes."""
    return {
        **os.environ,
        "SSPCOLLECT_ENV": "development",
        "DATABASE_URL": url,
        "MAIL_BACKEND": "outbox",
    }


def build_national(url: str, schools: int, users: int) -> float:
    """Migrate the database and run the national demo into it; the demo's seconds."""
    env = environment(url)
    subprocess.run(
        [VENV / "sspcollect", "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True
    )
    started = time.perf_counter()
    subprocess.run(
        [
            VENV / "sspcollect",
            "demo",
            "--scale",
            "national",
            "--schools",
            str(schools),
            "--school-users",
            str(users),
        ],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def school_users(url: str) -> list[School]:
    """The national demo's school users and their editable returns."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT u.email, r.id FROM users u JOIN returns r ON r.organisation_id = "
            "u.organisation_id JOIN collections c ON c.id = r.collection_id "
            "WHERE u.role = 'school' AND c.status = 'open' AND r.status IN "
            "('not_started', 'in_progress') ORDER BY u.id"
        ).fetchall()
    return [School(email, return_id, rng=random.Random(return_id)) for email, return_id in rows]


@contextmanager
def gunicorn(url: str, port: int, workers: int, threads: int) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn serving the app on 127.0.0.1:port, stopped afterwards."""
    log = GUNICORN_LOG.open("wb")
    server = subprocess.Popen(
        [
            VENV / "gunicorn",
            "--pythonpath",
            "bench",
            "floor_wsgi:create_floor_app()",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--keep-alive",
            "75",
            "--timeout",
            "120",
        ],
        env=environment(url),
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start: see {GUNICORN_LOG}") from None
                time.sleep(0.3)
        yield server
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


async def timed(step: Step, call: Callable[[], Awaitable[tuple[bool, str]]]) -> bool:
    """Run one request, recording its time when it succeeds and its reason when it fails."""
    started = time.perf_counter()
    try:
        ok, why = await call()
    except (aiohttp.ClientError, TimeoutError) as exc:
        ok, why = False, type(exc).__name__
    if ok:
        step.seconds.append(time.perf_counter() - started)
    else:
        step.failed(why)
    return ok


def token(html: str) -> str | None:
    """The CSRF token of a page."""
    found = CSRF.search(html)
    return (found.group(1) or found.group(2)) if found else None


async def sign_in(base: str, school: School, step_get: Step, step_post: Step) -> bool:
    """Sign the school user in on its own client."""
    assert school.client is not None
    client = school.client
    page: dict[str, str] = {}

    async def get() -> tuple[bool, str]:
        async with client.get(f"{base}/sign-in") as response:
            page["html"] = await response.text()
            return response.status == 200, f"status {response.status}"

    async def post() -> tuple[bool, str]:
        data = {
            "csrf_token": token(page["html"]) or "",
            "email": school.email,
            "password": PASSWORD,
        }
        async with client.post(f"{base}/sign-in", data=data, allow_redirects=False) as response:
            await response.read()
            return response.status == 302, f"status {response.status}"

    return await timed(step_get, get) and await timed(step_post, post)


async def save_page(base: str, school: School, page: str, steps: dict[str, Step]) -> None:
    """GET a question page, then POST answers with its CSRF token and version."""
    assert school.client is not None
    client = school.client
    address = f"{base}/returns/{school.return_id}/school/{page}"
    shown: dict[str, str] = {}

    async def get() -> tuple[bool, str]:
        async with client.get(address, allow_redirects=False) as response:
            shown["html"] = await response.text()
            return response.status == 200, f"status {response.status}"

    async def post() -> tuple[bool, str]:
        version = VERSION.search(shown["html"])
        data = {
            "csrf_token": token(shown["html"]) or "",
            "version": version.group(1) if version else "",
            "action": "continue",
            **answers(page, school.rng),
        }
        async with client.post(address, data=data, allow_redirects=False) as response:
            await response.read()
            return response.status == 302, f"status {response.status}"

    if await timed(steps[f"GET {page}"], get):
        await timed(steps["POST save"], post)


async def floor_request(base: str, school: School, number: int, step: Step) -> None:
    """One request to the floor endpoint."""
    assert school.client is not None
    client = school.client

    async def post() -> tuple[bool, str]:
        async with client.post(f"{base}/bench-floor/{number}") as response:
            await response.read()
            return response.status == 200, f"status {response.status}"

    await timed(step, post)


async def drive(
    schools: list[School],
    concurrency: int,
    duration: float,
    max_requests: int,
    one: Callable[[School, int], Awaitable[int]],
) -> float:
    """concurrency virtual users take schools in turn and run one(school, n) until time or budget
    is spent (one returns the requests it made); the elapsed seconds."""
    queue: asyncio.Queue[School] = asyncio.Queue()
    for school in schools:
        queue.put_nowait(school)
    counter = itertools.count()
    made = 0
    stop_at = time.perf_counter() + duration

    async def virtual_user() -> None:
        nonlocal made
        while time.perf_counter() < stop_at and made < max_requests:
            school = await queue.get()
            try:
                made += await one(school, next(counter))
            finally:
                queue.put_nowait(school)

    started = time.perf_counter()
    await asyncio.gather(*(virtual_user() for _ in range(concurrency)))
    return time.perf_counter() - started


async def load(base: str, schools: list[School], args: argparse.Namespace) -> dict[str, Any]:
    """Sign everyone in, then run the saves and the floor; the figures of every step."""
    for index, school in enumerate(schools):
        connector = aiohttp.TCPConnector(limit=1, local_addr=(source_address(index), 0))
        school.client = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.CookieJar(unsafe=True),  # cookies from an IP address host
            timeout=aiohttp.ClientTimeout(total=60),
        )
    figures: dict[str, Any] = {}
    try:
        sign_in_steps = {"GET sign-in": Step("GET sign-in"), "POST sign-in": Step("POST sign-in")}
        limit = asyncio.Semaphore(args.sign_in_concurrency)

        async def one_sign_in(school: School) -> bool:
            async with limit:
                return await sign_in(base, school, *sign_in_steps.values())

        started = time.perf_counter()
        signed = await asyncio.gather(*(one_sign_in(s) for s in schools))
        elapsed = time.perf_counter() - started
        figures["sign_in"] = {n: s.summary(elapsed) for n, s in sign_in_steps.items()}
        ready = [s for s, ok in zip(schools, signed, strict=True) if ok]
        figures["signed_in_users"] = len(ready)
        if not ready:
            raise RuntimeError("no school user could sign in")

        steps = {f"GET {p}": Step(f"GET {p}") for p in PAGES}
        steps["POST save"] = Step("POST save")

        async def journey(school: School, n: int) -> int:
            await save_page(base, school, PAGES[n % len(PAGES)], steps)
            return 2

        # A short warm-up, not counted: every worker imports templates and fills its pools.
        await drive(ready, args.concurrency, 3, 400, journey)
        for step in steps.values():
            step.seconds.clear()
            step.errors.clear()
        elapsed = await drive(ready, args.concurrency, args.duration, args.max_requests, journey)
        figures["saves"] = {n: s.summary(elapsed) for n, s in steps.items()}
        figures["saves_seconds"] = round(elapsed, 1)

        floor = Step("POST bench-floor")

        async def floor_one(school: School, n: int) -> int:
            await floor_request(base, school, n, floor)
            return 1

        await drive(ready, args.concurrency, 2, 200, floor_one)
        floor.seconds.clear()
        floor.errors.clear()
        elapsed = await drive(ready, args.concurrency, args.duration, args.max_requests, floor_one)
        figures["floor"] = {"POST bench-floor": floor.summary(elapsed)}
        figures["floor_seconds"] = round(elapsed, 1)
    finally:
        for school in schools:
            if school.client is not None:
                await school.client.close()
    return figures


def print_figures(figures: dict[str, Any]) -> None:
    """A table of every step."""
    print(f"{'step':<36}{'ok':>8}{'errors':>8}{'per s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for phase in ("sign_in", "saves", "floor"):
        for name, s in figures[phase].items():
            print(
                f"{name:<36}{s['ok']:>8}{s['errors']:>8}{s['per_second'] or 0:>9}"
                f"{s['p50_ms'] or 0:>9}{s['p95_ms'] or 0:>9}{s['p99_ms'] or 0:>9}"
            )
            if s["errors"]:
                print(f"    errors: {s['error_reasons']}")


def main() -> int:
    """Build, serve, load, report; always stop the server and drop the database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=26_000)
    parser.add_argument("--users", type=int, default=300, help="school users signed in")
    parser.add_argument("--concurrency", type=int, default=32, help="virtual users at once")
    parser.add_argument("--sign-in-concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=30, help="seconds per phase")
    parser.add_argument("--max-requests", type=int, default=30_000, help="per phase")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    with bench_database(BENCH_DATABASE) as url:
        demo_seconds = build_national(url, args.schools, args.users)
        schools = school_users(url)
        port = free_port()
        with gunicorn(url, port, args.workers, args.threads):
            figures = asyncio.run(load(f"http://127.0.0.1:{port}", schools, args))
    saves = figures["saves"]["POST save"]
    floor = figures["floor"]["POST bench-floor"]
    ratio = round(saves["per_second"] / floor["per_second"], 3) if floor["per_second"] else None
    result = {
        "benchmark": "deadline_day",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "settings": vars(args),
        "national_demo_seconds": round(demo_seconds, 1),
        "saves_to_floor_ratio": ratio,
        **figures,
    }
    print_figures(figures)
    print(
        f"\nsaves {saves['per_second']}/s (p95 {saves['p95_ms']} ms), floor "
        f"{floor['per_second']}/s (p95 {floor['p95_ms']} ms): ratio {ratio}; national demo "
        f"built in {demo_seconds:.1f} s; load average {result['load_average_after']}"
    )
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
