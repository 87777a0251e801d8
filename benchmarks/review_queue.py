"""The moderator console's review queue on a store with months of history: time to serve it.

    python benchmarks/review_queue.py [--closed 300000] [--open 3000] [--platforms 2]
                                      [--postgres [URL]]

A fresh store (an SQLite file; with --postgres, a scratch database on that server) gets
`--platforms` platforms sharing `--closed` decided alerts (each with its moderator's decision,
raised over the past half year) and `--open` open ones (raised over the past fortnight, the
50 riskiest claimed by another moderator), inserted straight into the schema's tables:
raising 300,000 alerts through ingest would take hours and measure ingest; PostgreSQL's are
then vacuumed and analysed, as autovacuum would have done by then. Risks have two
decimals, so many cases tie. Prints, for a moderator of every platform, the time and size
of each console page (HTTP in process, three requests; the fastest): the queue, the queue
filtered by platform and behaviour, its second page where the page has a link to one, the
next case (`/console/next`) and the statistics.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from case_page import PASSWORD, logged_in
from ingest import DEFAULT_POSTGRES, scratch_store
from sqlalchemy import insert

from lurewatch.engine.detector import Detector
from lurewatch.engine.signals import LABELS
from lurewatch.service.cases import DECISIONS
from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import alerts, decisions
from lurewatch.service.tenants import assign_platform, create_platform, create_user

NOW = datetime.now(UTC)
CLAIMED = 50  # the riskiest open cases, claimed by another moderator: /next skips them
BATCH = 5000


def _alert(rng: random.Random, platform_id: str, n: int, open_: bool) -> dict[str, Any]:
    risk = round(rng.uniform(0.5, 1.0), 2)
    days = 14 if open_ else 182
    created = NOW - timedelta(seconds=rng.uniform(0, days * 86400))
    level = "critical" if risk >= 0.9 else "high" if risk >= 0.8 else "medium"
    decision = rng.choice(list(DECISIONS))
    return {
        "platform_id": platform_id,
        "conversation_id": f"c{n}",
        "sender_id": f"s{n}",
        "status": "open" if open_ else "closed",
        "outcome": None if open_ else DECISIONS[decision][0],
        "risk": risk,
        "level": level,
        "trigger_message_id": f"m{n}",
        "evidence": {  # the shape ingest writes
            "sender_id": f"s{n}",
            "sender_risk": risk,
            "messages": [{"message_id": f"m{n}-{i}", "weight": 0.1} for i in range(8)],
            "minors": [f"v{n}"],
        },
        "labels": rng.sample(LABELS, 3),
        "created_at": created,
        "updated_at": created,
        "closed_at": None if open_ else created + timedelta(hours=5),
        "first_viewed_at": None if open_ else created + timedelta(hours=1),
        "claimed_by": None,
        "claimed_until": None,
        "_decision": decision,
    }


def build(database: Database, closed: int, open_: int, platforms: int) -> str:
    """The store described above; the id of its first platform."""
    rng = random.Random(7)
    with database.transaction() as conn:
        ids = [create_platform(conn, f"p{i}")[0].id for i in range(platforms)]
        mo = create_user(conn, "mo", "moderator", PASSWORD)
        mia = create_user(conn, "mia", "moderator", PASSWORD)
        for platform_id in ids:
            assign_platform(conn, mo, platform_id)
            assign_platform(conn, mia, platform_id)
    rows = [_alert(rng, ids[n % platforms], n, n >= closed) for n in range(closed + open_)]
    riskiest = sorted(rows[closed:], key=lambda r: (-r["risk"], r["created_at"]))[:CLAIMED]
    for row in riskiest:
        row.update(claimed_by=mia, claimed_until=NOW + timedelta(hours=1))
    for first in range(0, len(rows), BATCH):
        chunk = rows[first : first + BATCH]
        with database.transaction() as conn:
            made = conn.execute(
                insert(alerts).returning(alerts.c.id, sort_by_parameter_order=True),
                [{k: v for k, v in r.items() if k != "_decision"} for r in chunk],
            ).scalars()
            decided = [
                {
                    "alert_id": alert_id,
                    "platform_id": r["platform_id"],
                    "user_id": mo,
                    "decision": r["_decision"],
                    "reason": "benchmark",
                    "created_at": r["closed_at"],
                }
                for alert_id, r in zip(made, chunk, strict=True)
                if r["status"] == "closed"
            ]
            if decided:
                conn.execute(insert(decisions), decided)
    return ids[0]


def fastest(client: Any, path: str) -> tuple[float, Any]:
    """The fastest of three requests for `path`, and its response."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        response = client.get(path, follow_redirects=False)
        best = min(best, time.perf_counter() - started)
        if response.status_code >= 400:
            raise SystemExit(f"{path}: {response.status_code}")
    return best, response


def measure(url: str, closed: int, open_: int, platforms: int) -> dict[str, dict[str, float]]:
    database = Database(url)
    database.upgrade()
    first = build(database, closed, open_, platforms)
    if database.engine.dialect.name == "postgresql":  # as autovacuum has, months in
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    client = logged_in(database, Detector.load(), "mo")
    pages = {
        "queue": "/console/",
        "queue, filtered": f"/console/?platform={first}&label={LABELS[0]}",
        "next case": "/console/next",
        "statistics": "/console/stats",
    }
    out = {}
    for name, path in pages.items():
        took, response = fastest(client, path)
        out[name] = {"s": took, "kb": len(response.content) / 1000}
        following = re.search(r'<a href="([^"]+)"[^>]*id="queue-next"', response.text)
        if name == "queue" and following:
            took, response = fastest(client, html.unescape(following[1]))
            out["queue, page 2"] = {"s": took, "kb": len(response.content) / 1000}
    database.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--closed", type=int, default=300_000)
    parser.add_argument("--open", type=int, default=3000)
    parser.add_argument("--platforms", type=int, default=2)
    parser.add_argument("--postgres", nargs="?", const=DEFAULT_POSTGRES, default=None)
    args = parser.parse_args()
    stores = {"sqlite": ""}
    if args.postgres:
        stores["postgresql"] = args.postgres
    results = {}
    print(f"{args.closed} closed and {args.open} open alerts on {args.platforms} platforms")
    for store, server in stores.items():
        with scratch_store(server, "queue.db") as url:
            if url is None:
                raise SystemExit(f"PostgreSQL not reachable at {server}")
            results[store] = measure(url, args.closed, args.open, args.platforms)
        for page, figures in results[store].items():
            print(f"{store:>10}  {page:<16} {figures['s']:7.3f} s {figures['kb']:8.0f} KB")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
