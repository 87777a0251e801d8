"""End-to-end ingest speed of `lurewatch serve` on this machine, against the engine's ceiling.

    python benchmarks/ingest.py [--data DIR] [--messages 50000] [--postgres URL] [--out FILE]

For each store (a fresh SQLite file; PostgreSQL when --postgres is given or the default
server answers), starts the real server as a subprocess, then:
- posts the messages in batches of 500 over HTTP from one client (sequential requests):
  messages per second from the first request to the last answer, every batch committed;
- posts 1,000 single-message requests: latency percentiles per request.
The ceiling is the streaming scorer alone on the same messages (`evaluation.speed`).
Messages are real chat lines of `split=test` (as `lurewatch evaluate`'s speed section uses),
round-robin over `--conversations` active conversations (default 200) of two
participants each. Prints JSON and, with --out, writes it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from lurewatch._paths import find_data_dir
from lurewatch.engine.detector import Detector
from lurewatch.evaluation.sections import replace_section
from lurewatch.evaluation.speed import measure_lines, measure_speed
from lurewatch.service.launch import running_server
from lurewatch.service.store.database import Database
from lurewatch.service.tenants import create_platform

BATCH = 500
SINGLES = 1000
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _payload(lines: list[str], offset: int, active: int) -> list[dict[str, Any]]:
    """Messages round-robin over `active` conversations, two participants taking turns."""
    return [
        {
            "conversation_id": f"c{(offset + i) % active}",
            "message_id": f"m{offset + i}",
            "sender_id": f"s{(offset + i) % active}-{(offset + i) // active % 2}",
            "sent_at": "2026-05-01T10:00:00Z",
            "text": text,
        }
        for i, text in enumerate(lines)
    ]


def run_store(url: str, lines: list[str], active: int) -> dict[str, Any]:
    database = Database(url)
    database.upgrade()
    with database.transaction() as conn:
        _, key = create_platform(conn, f"bench-{time.time_ns()}")
    database.dispose()
    with (
        running_server(url, {"LUREWATCH_RATE_LIMIT_PER_MINUTE": "0"}) as base,
        httpx.Client(base_url=base, headers={"X-API-Key": key.secret or ""}, timeout=60) as client,
    ):
        bodies = [
            json.dumps({"messages": _payload(lines[i : i + BATCH], i, active)})
            for i in range(0, len(lines), BATCH)
        ]
        headers = {"content-type": "application/json"}
        batch_ms = []
        start = time.perf_counter()
        for body in bodies:
            t0 = time.perf_counter()
            client.post("/v1/messages", content=body, headers=headers).raise_for_status()
            batch_ms.append((time.perf_counter() - t0) * 1000)
        elapsed = time.perf_counter() - start
        single_ms = []
        for i in range(SINGLES):
            body = json.dumps({"messages": _payload([lines[i]], len(lines) + i, active)})
            t0 = time.perf_counter()
            client.post("/v1/messages", content=body, headers=headers).raise_for_status()
            single_ms.append((time.perf_counter() - t0) * 1000)
    return {
        "messages": len(lines),
        "messages_per_second": len(lines) / elapsed,
        "batch_p50_ms": statistics.median(batch_ms),
        "batch_p95_ms": float(np.percentile(batch_ms, 95)),
        "single_p50_ms": statistics.median(single_ms),
        "single_p95_ms": float(np.percentile(single_ms, 95)),
        "single_p99_ms": float(np.percentile(single_ms, 99)),
    }


def _postgres(url: str) -> str | None:
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text("DROP DATABASE IF EXISTS lurewatch_bench"))
            conn.execute(sa.text("CREATE DATABASE lurewatch_bench"))
        engine.dispose()
    except sa.exc.OperationalError:
        return None
    return sa.engine.make_url(url).set(database="lurewatch_bench").render_as_string(False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument(
        "--conversations", type=int, default=200, help="Conversations active at once."
    )
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--markdown", type=Path, default=None, help="Update this file's ingest section."
    )
    args = parser.parse_args()
    lines = measure_lines(find_data_dir(args.data), "test", args.messages)
    result: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "batch_size": BATCH,
        "active_conversations": args.conversations,
        "engine_ceiling": measure_speed(Detector.load(), lines),
    }
    with tempfile.TemporaryDirectory() as tmp:
        result["sqlite"] = run_store(
            f"sqlite:///{Path(tmp) / 'bench.db'}", lines, args.conversations
        )
    pg = _postgres(args.postgres)
    result["postgresql"] = None if pg is None else run_store(pg, lines, args.conversations)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    if args.markdown:
        replace_section(args.markdown, "ingest", render(result, " ".join(sys.argv[1:])))


def render(result: dict[str, Any], arguments: str) -> str:
    """The BENCHMARKS.md section: throughput and latency per store against the ceiling."""
    ceiling = result["engine_ceiling"]["messages_per_second"]
    lines = [
        "## Service ingest",
        "",
        f"Measured by `python benchmarks/ingest.py {arguments}` on {result['machine']}: the real",
        "server (`lurewatch serve`, one process) on a fresh database, one client sending "
        f"batches of {result['batch_size']}",
        f"sequentially (each answered only after its commit), messages round-robin over "
        f"{result['active_conversations']} active",
        "conversations; then 1,000 single-message requests. Texts: real chat lines of "
        "`split=test`.",
        "Targets (issue 4): >= 10,000 messages/s in batches of 500 on SQLite; p95 single-message "
        "request <= 20 ms.",
        "",
        "| store | messages/s | vs engine ceiling | batch p50 / p95 (ms) "
        "| single p50 / p95 / p99 (ms) |",
        "|---|---|---|---|---|",
    ]
    for store in ("sqlite", "postgresql"):
        r = result.get(store)
        if r is None:
            lines.append(f"| {store} | not measured (no server) | | | |")
            continue
        lines.append(
            f"| {store} | {r['messages_per_second']:,.0f} | "
            f"{r['messages_per_second'] / ceiling:.0%} | "
            f"{r['batch_p50_ms']:.0f} / {r['batch_p95_ms']:.0f} | "
            f"{r['single_p50_ms']:.1f} / {r['single_p95_ms']:.1f} / {r['single_p99_ms']:.1f} |"
        )
    lines += [
        "",
        f"Engine ceiling (streaming scorer alone, same messages, batches of 500): "
        f"{ceiling:,.0f} messages/s.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
