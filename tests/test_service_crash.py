"""Crash safety: kill -9 the server in the middle of ingest, restart it, resend everything.

Every acknowledged message must be stored exactly once, every alert raised exactly once
(one `alert.created` event each), and the scores must equal those of a run without a crash:
the persisted scoring state continued exactly where it stopped.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from lurewatch.engine.detector import Detector
from lurewatch.records import Message
from lurewatch.service.launch import free_port, start_server, stop_server
from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import alerts, conversations, messages, webhook_events
from lurewatch.service.tenants import create_platform

pytestmark = pytest.mark.slow

GROOMER = [
    "hey there",
    "asl?",
    "you are so mature for your age",
    "dont tell anyone about us ok, its our secret",
    "do you have snapchat? add me",
    "send me a pic of you",
    "i could pick you up after school, your mom wont know",
    "have you ever kissed a boy? i want to touch you",
    "send me a pic in your bra",
    "delete our chats so your mom doesnt see them",
    "i want to meet you this weekend, ill drive to your town",
]
CHILD = ["hi", "13 f", "lol ok", "idk", "my mom is home"]
ORDINARY = ["did you see the game", "yeah great finish", "pizza later?", "sure", "bring cash"]


# Recent: `serve` applies the retention rules when it starts, and a restart must not find
# the test's messages past the 30-day retention period.
START = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)


def corpus(conversations_: int = 40) -> list[dict[str, Any]]:
    """Interleaved synthetic conversations: every fourth one a grooming pattern."""
    rows = []
    for turn in range(len(GROOMER)):
        for c in range(conversations_):
            grooming = c % 4 == 0
            lines = GROOMER if grooming else ORDINARY
            for who, text in (
                ("a", lines[turn % len(lines)]),
                ("b", (CHILD if grooming else ORDINARY)[turn % 5]),
            ):
                rows.append(
                    {
                        "conversation_id": f"conv{c}",
                        "message_id": f"conv{c}-{turn}-{who}",
                        "sender_id": f"conv{c}-{who}",
                        "sent_at": (START + timedelta(minutes=turn)).isoformat(),
                        "text": text,
                    }
                )
    return rows


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[Database, str, dict[str, str]]]:
    database = Database(f"sqlite:///{tmp_path / 'crash.db'}")
    database.upgrade()
    with database.transaction() as conn:
        _, key = create_platform(conn, "crash")
    env = {
        "LUREWATCH_ALLOW_PRIVATE_WEBHOOKS": "true",
        "LUREWATCH_RATE_LIMIT_PER_MINUTE": "0",
        "LUREWATCH_DISPATCH_INTERVAL_SECONDS": "3600",  # keep events queued for counting
    }
    yield database, key.secret or "", env
    database.dispose()


def test_kill_9_mid_ingest_loses_nothing_and_duplicates_nothing(
    setup: tuple[Database, str, dict[str, str]],
) -> None:
    database, key, env = setup
    rows = corpus()
    batches = [rows[i : i + 25] for i in range(0, len(rows), 25)]
    port = free_port()
    server = start_server(database.url, port, env)
    headers = {"X-API-Key": key}
    base = f"http://127.0.0.1:{port}"
    # queue webhook events, so "raised exactly once" can be counted from the outbox as well
    httpx.patch(
        f"{base}/v1/settings", json={"webhook_url": "http://127.0.0.1:9/hook"}, headers=headers
    ).raise_for_status()
    acked: list[str] = []
    stop = threading.Event()

    def client() -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=10) as http:
            for batch in batches:
                if stop.is_set():
                    return
                try:
                    response = http.post("/v1/messages", json={"messages": batch})
                except httpx.TransportError:
                    return  # the server died under us: this batch is not acknowledged
                if response.status_code == 200:
                    acked.extend(m["message_id"] for m in batch)

    thread = threading.Thread(target=client)
    thread.start()
    while len(acked) < len(rows) // 3:
        time.sleep(0.005)
    server.send_signal(signal.SIGKILL)  # no shutdown, no flush: as a power cut would
    server.wait()
    stop.set()
    thread.join()
    assert 0 < len(acked) < len(rows), "the kill must land mid-stream"

    server = start_server(database.url, port, env)
    try:
        with database.read() as conn:
            stored = conn.execute(
                select(messages.c.message_id, func.count()).group_by(messages.c.message_id)
            ).all()
        counts = dict(stored)
        assert all(counts.get(m) == 1 for m in acked), "an acknowledged message was lost"
        # a client retries everything that was not acknowledged (here: simply everything)
        with httpx.Client(base_url=base, headers=headers, timeout=30) as http:
            for batch in batches:
                http.post("/v1/messages", json={"messages": batch}).raise_for_status()
    finally:
        stop_server(server)

    with database.read() as conn:
        per_message = dict(
            conn.execute(
                select(messages.c.message_id, func.count()).group_by(messages.c.message_id)
            ).all()
        )
        risks = dict(
            conn.execute(select(conversations.c.conversation_id, conversations.c.risk)).all()
        )
        per_conversation = conn.execute(
            select(alerts.c.conversation_id, func.count()).group_by(alerts.c.conversation_id)
        ).all()
        created = conn.execute(
            select(func.count()).where(webhook_events.c.event_type == "alert.created")
        ).scalar_one()
    assert len(per_message) == len(rows) and set(per_message.values()) == {1}
    assert per_conversation and all(n == 1 for _, n in per_conversation)
    assert created == len(per_conversation)

    # the same messages scored in one go without any crash give the same risks
    expected, warned = uncrashed(rows)
    assert risks == pytest.approx(expected)
    assert {c for c, _ in per_conversation} == warned


def uncrashed(rows: list[dict[str, Any]]) -> tuple[dict[str, float], set[str]]:
    """Each conversation's risk, and those warned, when `rows` are scored in one go."""
    scorer = Detector.load().scorer()
    risks: dict[str, float] = {}
    for r in rows:
        (u,) = scorer.process(
            [Message(r["conversation_id"], r["message_id"], r["sender_id"], r["text"])]
        )
        risks[r["conversation_id"]] = u.conversation_risk
    return risks, {c for c in risks if c in scorer.warned}
