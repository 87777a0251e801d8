"""The moderator console's case page for one long conversation: time to read and to serve it.

    python benchmarks/case_page.py [--messages 1000 100000] [--participants 60]

For each size, a fresh SQLite file gets a room of that many messages from `--participants`
senders (one grooms in every sixth message, one says they are 13, the others chat; synthetic
lines, batches of 1,000 through the `Ingestor` that `serve` uses), and an alert. Prints the
time `load_case_file` takes (the page reads it outside the write transaction) and the time
and size of the page a logged-in moderator gets (HTTP in process, two requests; the
second one's figures).
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from lurewatch.engine.detector import Detector
from lurewatch.service.api.app import create_app
from lurewatch.service.console.casefile import load_case_file
from lurewatch.service.ingest import IncomingMessage, Ingestor
from lurewatch.service.settings import Settings
from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import alerts
from lurewatch.service.tenants import assign_platform, create_platform, create_user

START = datetime(2026, 11, 1, tzinfo=UTC)
PASSWORD = "correct horse battery"
GROOMER = (  # synthetic, as the tests' conversations
    "you are so mature for your age, do your parents check your phone?",
    "dont tell anyone about us ok, its our secret",
    "do you have snapchat? add me, i want to see a pic of you",
    "i could pick you up after school, your mom wont know",
)
CHAT = ("hey all", "anyone up for a match?", "gg", "lol same", "brb")


def room(count: int, participants: int) -> list[IncomingMessage]:
    out = []
    for i in range(count):
        if i % 6 == 0:
            who, text = 0, GROOMER[i // 6 % len(GROOMER)]
        else:
            who = 1 + i % (participants - 1)
            text = "im 13 lol" if who == 1 else CHAT[i % len(CHAT)]
        at = START + timedelta(seconds=i)
        out.append(IncomingMessage("room", f"m{i}", f"p{who}", at, text))
    return out


def logged_in(database: Database, detector: Detector, name: str) -> TestClient:
    """A browser in process on the console of `database`, logged in as `name` (PASSWORD)."""
    app = create_app(Settings(database_url=database.url), database=database, detector=detector)
    client = TestClient(app, base_url="https://testserver", client=("192.0.2.10", 50000))
    form = client.get("/console/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None
    login = {"name": name, "password": PASSWORD, "csrf_token": token[1]}
    client.post("/console/login", data=login).raise_for_status()
    return client


def measure(path: Path, count: int, participants: int, detector: Detector) -> dict[str, float]:
    database = Database(f"sqlite:///{path}")
    database.upgrade()
    with database.transaction() as conn:
        platform, _ = create_platform(conn, "busy")
        assign_platform(conn, create_user(conn, "mo", "moderator", PASSWORD), platform.id)
    ingestor = Ingestor(database, detector)
    traffic = room(count, participants)
    for first in range(0, count, 1000):
        ingestor.ingest(platform, traffic[first : first + 1000])
    with database.read() as conn:
        alert = conn.execute(select(alerts)).first()
        if alert is None:
            raise SystemExit("no alert was raised: nothing to show")
        started = time.perf_counter()
        load_case_file(conn, alert)
        loaded = time.perf_counter() - started
    client = logged_in(database, detector, "mo")
    for _ in range(2):
        started = time.perf_counter()
        page = client.get(f"/console/cases/{alert.id}")
        served = time.perf_counter() - started
        page.raise_for_status()
    database.dispose()
    return {"load_s": loaded, "page_s": served, "page_kb": len(page.content) / 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--participants", type=int, default=60)
    args = parser.parse_args()
    detector = Detector.load()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for count in args.messages:
            figures = measure(Path(folder) / f"{count}.db", count, args.participants, detector)
            results[count] = figures
            print(
                f"{count:>7} messages: case file read in {figures['load_s']:.2f} s, "
                f"page served in {figures['page_s']:.2f} s, {figures['page_kb']:.0f} KB",
                flush=True,
            )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
