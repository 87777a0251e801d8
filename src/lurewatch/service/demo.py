"""Replay sample chats through the HTTP API, as a platform would, and describe the alerts.

Without a URL the API runs in this process on a throwaway SQLite database, so the demo
needs no server and still goes through the same routes, validation and storage.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from ..readers import read_chat_file
from .settings import Settings
from .store.database import Database
from .tenants import create_platform

__all__ = ["replay"]

BATCH = 20  # small batches, so alerts show up as the chats unfold


@contextmanager
def _client(url: str | None, api_key: str | None) -> Iterator[httpx.Client]:
    if url is not None:
        with httpx.Client(base_url=url, headers={"X-API-Key": api_key or ""}, timeout=30) as c:
            yield c
        return
    from fastapi.testclient import TestClient

    from .api.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        database = Database(f"sqlite:///{Path(tmp) / 'demo.db'}")
        database.upgrade()
        with database.transaction() as conn:
            _, key = create_platform(conn, "demo")
        app = create_app(Settings(database_url=database.url), database=database)
        with TestClient(app, headers={"X-API-Key": key.secret or ""}) as client:
            yield client
        database.dispose()


def _check(response: httpx.Response) -> Any:
    if response.status_code >= 400:
        detail = response.json().get("detail", response.text)
        raise RuntimeError(f"{response.request.method} {response.request.url.path}: {detail}")
    return response.json()


def replay(sample: Path, url: str | None = None, api_key: str | None = None) -> Iterator[str]:
    """Post every message of `sample` in order; yield lines describing what was flagged."""
    conversations = read_chat_file(sample)
    messages = [m for conv in conversations for m in conv.messages]
    texts = {m.message_id: m.text for m in messages}
    with _client(url, api_key) as client:
        for start in range(0, len(messages), BATCH):
            batch = [
                {
                    "conversation_id": m.conversation_id,
                    "message_id": m.message_id,
                    "sender_id": m.sender_id,
                    "sent_at": m.sent_at,
                    "text": m.text,
                }
                for m in messages[start : start + BATCH]
            ]
            _check(client.post("/v1/messages", json={"messages": batch}))
        alerts = _check(client.get("/v1/alerts", params={"limit": 500}))["alerts"]
        flagged = {a["conversation_id"]: a for a in alerts}
        for conv in conversations:
            mark = "ALERT  " if conv.id in flagged else "ok     "
            yield f"  {mark} {conv.id} ({len(conv.messages)} messages)"
        for alert in alerts:
            evidence = alert["evidence"]
            yield (
                f"\nalert {alert['id']}: {alert['conversation_id']}, risk {alert['risk']:.2f} "
                f"({alert['level']}), raised at message {alert['trigger_message_id']} for "
                f"sender {alert['sender_id']}; evidence:"
            )
            path = f"/v1/conversations/{quote(alert['conversation_id'], safe='')}"
            conversation = _check(client.get(path))
            if conversation["explanation"]:
                yield f"    why: {conversation['explanation']}"
            if evidence["minors"]:
                yield f"    said they are a minor: {', '.join(evidence['minors'])}"
            for item in evidence["messages"]:
                text = texts.get(item["message_id"], "")
                yield f"    {item['message_id']} (+{item['weight']:.2f}) {text}"
