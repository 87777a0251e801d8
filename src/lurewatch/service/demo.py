"""Replay sample chats through the HTTP API, as a platform would, and describe the alerts.

Without a URL the API runs in this process, served by uvicorn on a free loopback port with
a throwaway SQLite database, so the demo needs no server of yours and still goes through
HTTP and the same routes, validation and storage.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from .._errors import ConfigError
from .._words import counted
from ..readers import read_chat_file
from ..records import Message
from ._time import utcnow
from .settings import Settings
from .store.database import Database
from .tenants import create_platform

__all__ = ["replay"]

BATCH = 20  # small batches, so alerts show up as the chats unfold
EXAMPLE = "http://127.0.0.1:8000"


@contextmanager
def _client(url: str | None, api_key: str | None) -> Iterator[httpx.Client]:
    if url is not None:
        try:
            with httpx.Client(base_url=url, headers={"X-API-Key": api_key or ""}, timeout=30) as c:
                yield c
        except httpx.InvalidURL as exc:
            raise ConfigError(f"--url {url}: not a URL ({exc}); give one like {EXAMPLE}") from None
        except httpx.UnsupportedProtocol:
            raise ConfigError(f"--url {url}: give the scheme too, like {EXAMPLE}") from None
        except httpx.TransportError as exc:
            raise ConfigError(
                f"--url {url}: cannot reach lurewatch there ({exc or type(exc).__name__}): is "
                "it running at that address (`lurewatch serve` or `make run`, which print the "
                "address they listen on)? Without --url the demo runs its own server"
            ) from None
        return
    from .api.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        database = Database(f"sqlite:///{Path(tmp) / 'demo.db'}")
        database.upgrade()
        with database.transaction() as conn:
            _, key = create_platform(conn, "demo")
        app = create_app(Settings(database_url=database.url), database=database)
        try:
            with _served(app) as served, _client(served, key.secret) as client:
                yield client
        finally:
            database.dispose()


@contextmanager
def _served(app: Any) -> Iterator[str]:
    """Serve `app` under uvicorn on a free loopback port, in a thread, while the block runs:
    the demo then talks HTTP to a real server, as a platform would."""
    import uvicorn

    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, name="lurewatch-demo-server", daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the demo's in-process server did not start (see the log above)")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join()


def _check(response: httpx.Response) -> Any:
    """The answer's JSON; a ConfigError, which the CLI prints as one line, for a refusal
    (a wrong key above all) or for an answer that is not lurewatch's."""
    request = f"{response.request.method} {response.request.url.path}"
    try:
        answer = response.json()
    except ValueError:  # not JSON: some other server at that address
        answer = None
    if response.status_code < 400 and isinstance(answer, dict):
        return answer
    detail = answer.get("detail") if isinstance(answer, dict) else None
    where = f"the server at {response.request.url.join('/')}"
    if detail is None:
        raise ConfigError(
            f"{request}: {where} answered {response.status_code} {response.reason_phrase}, "
            "not as lurewatch does: is --url the address lurewatch serves on?"
        )
    if response.status_code == 401:
        raise ConfigError(
            f"{request}: {where} refused the API key ({detail}): pass --api-key (or "
            "$LUREWATCH_API_KEY) a key of one of its platforms, such as the one the first "
            "`make run` (`lurewatch quickstart`) printed for platform 'demo'; "
            "`lurewatch admin create-key demo`, run with the server's settings (its "
            "database), issues another"
        )
    if response.status_code == 404:
        raise ConfigError(
            f"{request}: {where} answered 404 ({detail}): give --url as the address "
            f"lurewatch serves on, without a path, like {EXAMPLE}"
        )
    if response.status_code == 403:
        raise ConfigError(
            f"{request}: {where} refused the API key ({detail}): the demo needs a key with "
            "the ingest and read scopes, which `lurewatch admin create-key PLATFORM` issues "
            "by default"
        )
    raise ConfigError(f"{request}: {where} answered {response.status_code}: {detail}")


def recent_times(messages: Sequence[Message], now: datetime) -> list[str]:
    """The messages' times moved, all by the same amount, so that the latest is a minute
    before `now`. The sample's own dates would soon be older than the retention period,
    and the server's next purge would delete the ordinary chats a newcomer just sent."""
    times = [datetime.fromisoformat(m.sent_at or "") for m in messages]
    shift = now - timedelta(minutes=1) - max(times)
    return [(t + shift).astimezone(UTC).isoformat().replace("+00:00", "Z") for t in times]


def replay(sample: Path, url: str | None = None, api_key: str | None = None) -> Iterator[str]:
    """Post every message of `sample` in order, as if sent just now; yield lines describing
    what was flagged."""
    conversations = read_chat_file(sample)
    messages = [m for conv in conversations for m in conv.messages]
    sent_at = recent_times(messages, utcnow())
    texts = {m.message_id: m.text for m in messages}
    with _client(url, api_key) as client:
        for start in range(0, len(messages), BATCH):
            batch = [
                {
                    "conversation_id": m.conversation_id,
                    "message_id": m.message_id,
                    "sender_id": m.sender_id,
                    "sent_at": sent_at[start + i],
                    "text": m.text,
                }
                for i, m in enumerate(messages[start : start + BATCH])
            ]
            _check(client.post("/v1/messages", json={"messages": batch}))
        alerts = _check(client.get("/v1/alerts", params={"limit": 500}))["alerts"]
        flagged = {a["conversation_id"]: a for a in alerts}
        for conv in conversations:
            mark = "ALERT  " if conv.id in flagged else "ok     "
            yield f"  {mark} {conv.id} ({counted(len(conv.messages), 'message')})"
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
