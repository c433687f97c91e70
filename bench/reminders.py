"""Benchmark: a reminder run to 26,000 recipients against a local SMTP server; target < 60 s.

    .venv/bin/python bench/reminders.py                     # 26,000 recipients, PostgreSQL
    .venv/bin/python bench/reminders.py --connections 1     # over a single SMTP connection

Makes its own PostgreSQL database (sspcollect_bench_reminders on TEST_POSTGRES_URL's server,
dropped afterwards), migrates it, loads the reference data and bulk-inserts one open school
per recipient, each with one active user and a not-started return in an open collection.
Starts an aiosmtpd server in a separate process (as a real mail server would be), then times
`send_reminders` on a day a "due soon" reminder is due: claiming every message in the log,
writing each, sending it over MAIL_SMTP_CONNECTIONS connections and marking it sent. Checks
that the server received every message exactly once and that a second run sends nothing.
Prints the figures and appends one JSON line to bench/results/reminders.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from common import bench_app, bench_database
from sqlalchemy import func, insert, literal, select

from sspcollect.config import DevelopmentConfig
from sspcollect.db import database, session
from sspcollect.models import (
    Collection,
    CollectionStatus,
    LocalAuthority,
    MessageStatus,
    Organisation,
    OrganisationKind,
    Return,
    ReturnKind,
    ReturnStatus,
    School,
    SentMessage,
    User,
)
from sspcollect.notify.reminders import send_reminders
from sspcollect.reference.load import load_reference_data

RESULTS = Path(__file__).resolve().parent / "results" / "reminders.json"
BENCH_DATABASE = "sspcollect_bench_reminders"
DEADLINE = date(2027, 5, 14)
TARGET_SECONDS = 60


def serve(port: int) -> None:
    """Run an SMTP server that counts what it receives; answer `count` on stdin, stop on EOF."""
    from aiosmtpd.controller import Controller

    class Counter:
        messages = 0
        recipients: set[str] = set()
        repeats = 0

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            self.messages += 1
            for address in envelope.rcpt_tos:
                if address in self.recipients:
                    self.repeats += 1
                self.recipients.add(address)
            return "250 OK"

    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() == "count":
            print(f"{counter.messages} {len(counter.recipients)} {counter.repeats}", flush=True)
    controller.stop()


@contextmanager
def smtp_server() -> Iterator[tuple[int, subprocess.Popen[str]]]:
    """An aiosmtpd server in its own process, on a free port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdin is not None
    assert process.stdout.readline().strip() == "ready", "the SMTP server did not start"
    try:
        yield port, process
    finally:
        process.stdin.close()
        process.wait(timeout=30)


def received(process: subprocess.Popen[str]) -> tuple[int, int, int]:
    """(messages, distinct recipients, recipients seen twice) at the SMTP server."""
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("count\n")
    process.stdin.flush()
    messages, recipients, repeats = map(int, process.stdout.readline().split())
    return messages, recipients, repeats


def cpu_seconds(pid: int) -> float | None:
    """CPU time used so far by process pid (Linux /proc), or None where it cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_recipients(total: int) -> int:
    """total open schools, each with one active user and a return in an open collection."""
    codes = list(session.scalars(select(LocalAuthority.code).order_by(LocalAuthority.code)))
    schools = [
        {
            "urn": 100000 + n,
            "la_code": codes[n % len(codes)],
            "establishment_number": f"{2000 + n // len(codes):04d}",
            "name": f"Bench School {100000 + n}",
            "type_code": 1,
            "type_name": "Community school",
            "status": "Open",
            "is_open": True,
            "phase": "Primary",
            "pupils": 300,
        }
        for n in range(total)
    ]
    session.execute(insert(School), schools)
    session.execute(
        insert(Organisation),
        [
            {
                "kind": OrganisationKind.SCHOOL.value,
                "code": str(s["urn"]),
                "name": s["name"],
                "school_urn": s["urn"],
            }
            for s in schools
        ],
    )
    organisations = session.execute(
        select(Organisation.id, Organisation.code).where(
            Organisation.kind == OrganisationKind.SCHOOL
        )
    ).all()
    session.execute(
        insert(User),
        [
            {
                "email": f"head.{code}@school.example.org",
                "name": f"Head of {code}",
                "role": "school",
                "organisation_id": id_,
                "active": True,
                "failed_sign_ins": 0,
                "session_version": 1,
            }
            for id_, code in organisations
        ],
    )
    collection = Collection(
        title="Safer School Partnerships 2026/27",
        time_period="202627",
        reference_date=date(2027, 3, 31),
        opens_on=date(2027, 4, 1),
        deadline=DEADLINE,
        closes_on=date(2027, 6, 30),
        status=CollectionStatus.OPEN,
        phases=["Primary"],
    )
    session.add(collection)
    session.flush()
    session.execute(
        insert(Return).from_select(
            ["collection_id", "organisation_id", "kind", "status", "force_area_code", "la_code"],
            select(
                literal(collection.id),
                Organisation.id,
                literal(ReturnKind.SCHOOL.value),
                literal(ReturnStatus.NOT_STARTED.value),
                LocalAuthority.force_area_code,
                LocalAuthority.code,
            )
            .join(School, School.urn == Organisation.school_urn)
            .join(LocalAuthority, LocalAuthority.code == School.la_code),
        )
    )
    session.commit()
    return session.scalar(select(func.count()).select_from(User).where(User.active)) or 0


def main() -> int:
    """Run the benchmark and record its result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=26_000)
    parser.add_argument("--connections", type=int, default=DevelopmentConfig.MAIL_SMTP_CONNECTIONS)
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return 0

    today = DEADLINE - timedelta(days=7)
    with bench_database(BENCH_DATABASE) as url, smtp_server() as (port, server):
        app = bench_app(
            url,
            MAIL_BACKEND="smtp",
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=port,
            MAIL_SMTP_CONNECTIONS=args.connections,
        )
        with app.app_context():
            load_reference_data()
            recipients = load_recipients(args.recipients)

            server_cpu = cpu_seconds(server.pid)
            cpu = time.process_time()
            started = time.perf_counter()
            report = send_reminders(today)
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu
            server_after = cpu_seconds(server.pid)
            if server_cpu is not None and server_after is not None:
                server_cpu = server_after - server_cpu

            started = time.perf_counter()
            again = send_reminders(today)
            again_seconds = time.perf_counter() - started

            logged_sent = session.scalar(
                select(func.count())
                .select_from(SentMessage)
                .where(SentMessage.status == MessageStatus.SENT)
            )
            session.close()
        database(app).engine.dispose()
        messages, distinct, repeats = received(server)

    done = report.delivered
    assert done.server_error is None, done.server_error
    assert done.sent == recipients and done.failed == 0, report.summary()
    assert (messages, distinct, repeats) == (recipients, recipients, 0), (messages, distinct)
    assert logged_sent == recipients
    assert again.delivered.sent == 0 and again.skipped == recipients, again.summary()

    result = {
        "benchmark": "reminders",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "backend": "postgresql",
        "python": platform.python_version(),
        "recipients": recipients,
        "smtp_connections": args.connections,
        "received_by_server": messages,
        "seconds": round(seconds, 3),
        "messages_per_second": round(recipients / seconds, 1),
        "seconds_second_run": round(again_seconds, 3),
        # CPU used by the run and by the SMTP server: on a busy machine the wall time is
        # longer than these, which show what the run itself needs.
        "cpu_seconds_run": round(cpu, 1),
        "cpu_seconds_smtp_server": None if server_cpu is None else round(server_cpu, 1),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "cpus": os.cpu_count(),
        "target_seconds": TARGET_SECONDS,
        "within_target": seconds < TARGET_SECONDS,
    }
    print(
        f"postgresql: reminder run to {recipients:,} recipients over {args.connections} SMTP "
        f"connection(s): {seconds:.1f} s ({result['messages_per_second']:,} messages/s; "
        f"target under {TARGET_SECONDS} s); the server received {messages:,}, each once; "
        f"a second run sent nothing in {again_seconds:.2f} s. CPU: run {cpu:.1f} s, SMTP server "
        f"{result['cpu_seconds_smtp_server']} s; load average {result['load_average_1min']} "
        f"on {result['cpus']} CPUs"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
