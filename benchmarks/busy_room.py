"""Ingest into one busy room: time per message as the room grows.

    python benchmarks/busy_room.py [--participants 500 5000 20000] [--postgres [URL]]

For each size, a fresh store (an SQLite file; with --postgres, a scratch database on that
server) gets a room where that many distinct senders have each said one line (batches of
500, as an import sends them), then 100 single-message batches from senders already there,
as a live chat sends them; prints the mean time of those per message. Runs in process,
through the `Ingestor` that `serve` uses, without HTTP. The texts are fixed ordinary lines:
this measures the store's work per message, not the model's.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, datetime, timedelta

from ingest import DEFAULT_POSTGRES, scratch_store

from lurewatch.engine.detector import Detector
from lurewatch.service.ingest import IncomingMessage, Ingestor
from lurewatch.service.store.database import Database
from lurewatch.service.tenants import create_platform

START = datetime(2026, 11, 1, tzinfo=UTC)
SINGLES = 100


def per_message_ms(url: str, participants: int, detector: Detector) -> float:
    database = Database(url)
    database.upgrade()
    with database.transaction() as conn:
        platform, _ = create_platform(conn, "busy")
    ingestor = Ingestor(database, detector)

    def message(i: int, sender: int) -> IncomingMessage:
        text = ("hey all", "anyone up for a match?", "gg", "lol same")[i % 4]
        return IncomingMessage("room", f"m{i}", f"s{sender}", START + timedelta(seconds=i), text)

    for first in range(0, participants, 500):
        last = min(first + 500, participants)
        ingestor.ingest(platform, [message(i, i) for i in range(first, last)])
    started = time.perf_counter()
    for i in range(participants, participants + SINGLES):
        ingestor.ingest(platform, [message(i, i % participants)])
    took = time.perf_counter() - started
    database.dispose()
    return took / SINGLES * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, nargs="+", default=[500, 5000, 20000])
    parser.add_argument("--postgres", nargs="?", const=DEFAULT_POSTGRES, default=None)
    args = parser.parse_args()
    detector = Detector.load()
    stores = {"sqlite": ""}
    if args.postgres:
        stores["postgresql"] = args.postgres
    result: dict[str, dict[str, float]] = {}
    for store, server in stores.items():
        for size in args.participants:
            with scratch_store(server, "busy.db") as url:
                if url is None:
                    raise SystemExit(f"PostgreSQL not reachable at {server}")
                ms = per_message_ms(url, size, detector)
            result.setdefault(store, {})[str(size)] = round(ms, 2)
            print(f"{store}: {size} participants, {ms:.1f} ms per message", flush=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
