"""Profile school saves: SQL statements per request, time in SQL and in Python, hot functions.

    .venv/bin/python bench/save_queries.py postgresql://postgres@127.0.0.1:5432/DB [saves]

Runs in-process (Flask test client, CSRF off) against a database built by
`sspcollect demo --scale national`: signs one school user in, then GETs a question page and
POSTs its answers `saves` times (default 30). Prints the statements of one GET and one POST,
the mean milliseconds per request split into SQL (cursor execute) and the rest, and the
functions that take the most time over all the POSTs (cProfile).
"""

from __future__ import annotations

import cProfile
import pstats
import re
import sys
import time
from collections import Counter
from typing import Any

from sqlalchemy import event, select

from sspcollect import create_app
from sspcollect.config import DevelopmentConfig
from sspcollect.db import database, session
from sspcollect.models import Collection, CollectionStatus, Return, ReturnStatus, User

ADDRESS = "/returns/{}/school/pupils-and-attendance"


def main() -> int:
    """Sign in one school user and profile page loads and saves."""
    saves = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    config = DevelopmentConfig()
    config.DATABASE_URL = sys.argv[1]
    config.WTF_CSRF_ENABLED = False  # type: ignore[attr-defined]
    app = create_app(config)
    statements: list[str] = []
    sql_seconds = [0.0]
    by_statement: Counter[str] = Counter()

    @event.listens_for(database(app).engine, "before_cursor_execute")
    def before(conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        statements.append(re.sub(r"\s+", " ", sql)[:100])
        conn.info["started"] = time.perf_counter()

    @event.listens_for(database(app).engine, "after_cursor_execute")
    def after(conn: Any, *_args: Any) -> None:
        took = time.perf_counter() - conn.info.pop("started")
        sql_seconds[0] += took
        by_statement[statements[-1][:60]] += took

    with app.app_context():
        email, return_id = session.execute(
            select(User.email, Return.id)
            .join(Return, Return.organisation_id == User.organisation_id)
            .join(Collection, Collection.id == Return.collection_id)
            .where(
                User.role == "school",
                Return.status == ReturnStatus.IN_PROGRESS.value,
                Collection.status == CollectionStatus.OPEN.value,
            )
            .limit(1)
        ).one()
    client = app.test_client()
    client.post("/sign-in", data={"email": email, "password": "safer-schools-demo"})
    address = ADDRESS.format(return_id)
    client.get(address)  # warm: templates compiled, pools filled
    profile = cProfile.Profile()
    totals = {"GET": [0.0, 0.0, 0], "POST": [0.0, 0.0, 0]}
    for n in range(saves):
        for method in ("GET", "POST"):
            statements.clear()
            sql_seconds[0] = 0.0
            started = time.perf_counter()
            if method == "GET":
                html = client.get(address).get_data(as_text=True)
            else:
                version = re.search(r'name="version"[^>]*value="(\d+)"', html)
                data = {
                    "version": version.group(1) if version else "",
                    "action": "continue",
                    "pupils_on_roll": str(600 + n),
                    "attendance_percent": "94.1",
                    "persistent_absence_percent": "11.2",
                }
                response = profile.runcall(client.post, address, data=data)
                assert response.status_code == 302, response.status_code
            totals[method][0] += time.perf_counter() - started
            totals[method][1] += sql_seconds[0]
            totals[method][2] = len(statements)
            if n == 0:
                print(f"{method}: {len(statements)} statements")
                for sql, count in Counter(statements).most_common():
                    print(f"   {count:>3} x {sql}")
    for method, (seconds, sql, count) in totals.items():
        print(
            f"{method}: {count} statements, {1000 * seconds / saves:.1f} ms a request, of which "
            f"SQL {1000 * sql / saves:.1f} ms, Python {1000 * (seconds - sql) / saves:.1f} ms"
        )
    print("SQL time by statement over every request (ms a request):")
    for sql, seconds in by_statement.most_common(8):
        print(f"   {1000 * seconds / saves:6.1f}  {sql}")
    pstats.Stats(profile).sort_stats("tottime").print_stats(12)
    print("The service's own functions, by cumulative time over all the POSTs:")
    pstats.Stats(profile).sort_stats("cumulative").print_stats("sspcollect", 25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
