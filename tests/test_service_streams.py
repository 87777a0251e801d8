"""Ingest from a Redis Stream (`lurewatch consume`): entries are stored and scored as the API
stores them, acknowledged only once committed, never lost (a killed consumer's entries are
read again, by itself or by another), stored once however often they are read, and bad
entries are kept in a dead-letter stream with the reason. Against the real Redis on
127.0.0.1:6379 (`.ci/run` starts one)."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from click.testing import CliRunner
from conftest import REDIS_TEST_PREFIX
from prometheus_client import generate_latest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from test_service_api import GROOMING, messages
from test_service_crash import corpus, uncrashed

from lurewatch.cli import main
from lurewatch.engine.detector import Detector
from lurewatch.service import streams
from lurewatch.service.ingest import CONFLICT_ATTEMPTS
from lurewatch.service.launch import free_port
from lurewatch.service.metrics import Metrics
from lurewatch.service.redis_client import RedisRefusedError
from lurewatch.service.scoring_model import RescoreUnderWayError, forget, record
from lurewatch.service.settings import Settings
from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import alerts, conversations
from lurewatch.service.store.schema import messages as messages_table
from lurewatch.service.streams import StreamConsumer, dead_letter_stream
from lurewatch.service.tenants import find_platform


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis]:
    made = redis.Redis.from_url(redis_url)
    yield made
    made.close()


@pytest.fixture
def stream(redis_prefix: str) -> str:
    return f"{redis_prefix}chat"


def add(client: redis.Redis, stream: str, rows: list[dict[str, Any]]) -> None:
    pipe = client.pipeline()
    for row in rows:
        pipe.xadd(stream, {streams.FIELD: json.dumps(row)})
    pipe.execute()


def consumer(
    client: redis.Redis,
    store: Database,
    detector: Detector,
    stream: str,
    name: str = "w1",
    **options: Any,
) -> StreamConsumer:
    settings = Settings(database_url=store.url, max_text_bytes=options.pop("max_text_bytes", 16384))
    return StreamConsumer(
        client, store, detector, settings, "acme", stream, consumer=name, **options
    )


def drain(worker: StreamConsumer) -> streams.ConsumeReport:
    return worker.run(threading.Event(), until_idle=True)


def stored(store: Database) -> dict[str, int]:
    """Message id -> how many times it is stored."""
    with store.read() as conn:
        return dict(
            conn.execute(
                select(messages_table.c.message_id, func.count()).group_by(
                    messages_table.c.message_id
                )
            ).all()
        )


def pending(client: redis.Redis, stream: str) -> int:
    return int(client.xpending(stream, "lurewatch")["pending"])


def alert_count(store: Database) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(alerts)).scalar_one())


def test_consumed_messages_are_stored_scored_alerted_and_acknowledged(
    client: redis.Redis, store: Database, detector: Detector, stream: str
) -> None:
    rows = messages("g", GROOMING) + messages(
        "o", [("a", "did you see the game"), ("b", "yes great")]
    )
    add(client, stream, rows)
    report = drain(consumer(client, store, detector, stream))
    assert (report.entries, report.accepted, report.duplicates, report.dead) == (
        len(rows),
        len(rows),
        0,
        0,
    )
    assert set(stored(store)) == {r["message_id"] for r in rows}
    with store.read() as conn:
        alerted = set(conn.execute(select(alerts.c.conversation_id)).scalars())
    assert alerted == {"g"}
    assert pending(client, stream) == 0


def test_entries_added_before_the_first_consumer_are_read_too(
    client: redis.Redis, store: Database, detector: Detector, stream: str
) -> None:
    add(client, stream, messages("early", GROOMING[:3]))  # no group exists yet
    assert drain(consumer(client, store, detector, stream)).accepted == 3


def test_bad_entries_go_to_the_dead_letter_stream_with_the_reason(
    client: redis.Redis, store: Database, detector: Detector, stream: str
) -> None:
    good = messages("g", GROOMING[:3])
    no_time = {k: v for k, v in good[0].items() if k != "sent_at"} | {"message_id": "m-x"}
    long = good[0] | {"message_id": "m-long", "text": "a" * 100}
    client.xadd(stream, {"text": "hello"})  # no `message` field
    client.xadd(stream, {streams.FIELD: "{not json"})
    add(client, stream, [good[0], no_time, long, good[1], good[2]])
    report = drain(consumer(client, store, detector, stream, max_text_bytes=64))
    assert (report.entries, report.accepted, report.dead) == (7, 3, 4)
    assert set(stored(store)) == {m["message_id"] for m in good}
    dead = client.xrange(dead_letter_stream(stream))
    reasons = [fields[b"error"].decode() for _, fields in dead]
    assert "no field 'message'" in reasons[0]
    assert "not a valid message" in reasons[1]
    assert "sent_at" in reasons[2] and "Field required" in reasons[2]
    assert "100 UTF-8 bytes; the limit is 64" in reasons[3]
    # the entry itself is kept whole, with where it came from
    assert json.loads(dead[3][1][streams.FIELD.encode()])["message_id"] == "m-long"
    assert all(fields[b"entry_id"] for _, fields in dead)
    assert pending(client, stream) == 0


def test_one_id_for_two_different_messages_in_a_read_dead_letters_the_second(
    client: redis.Redis, store: Database, detector: Detector, stream: str
) -> None:
    """As an API batch or an import refuses it: the store would keep the first and count
    the second a duplicate, its text dropped without a word; in a later read, when the id is
    stored, as the API answers `conflict`. The same message again is a repeat, stored
    once."""
    first = messages("g", GROOMING[:1])[0]
    other = first | {"text": "another message"}
    add(client, stream, [first, other, first])
    report = drain(consumer(client, store, detector, stream))
    assert (report.entries, report.accepted, report.duplicates, report.dead) == (3, 1, 1, 1)
    ((_, fields),) = client.xrange(dead_letter_stream(stream))
    assert fields[b"error"].decode() == streams.TAKEN_ID
    assert json.loads(fields[streams.FIELD.encode()])["text"] == "another message"
    assert pending(client, stream) == 0
    # in a later read, the id is stored: the entry is dead-lettered too, with its text
    add(client, stream, [other, *messages("g", GROOMING[1:2], start=1)])
    later = drain(consumer(client, store, detector, stream))
    assert (later.entries, later.accepted, later.duplicates, later.dead) == (2, 1, 0, 1)
    (_, (_, fields)) = client.xrange(dead_letter_stream(stream))
    assert fields[b"error"].decode() == streams.TAKEN_ID
    assert json.loads(fields[streams.FIELD.encode()])["text"] == "another message"
    with store.read() as conn:
        text = conn.execute(
            select(messages_table.c.text).where(messages_table.c.message_id == "g-0")
        ).scalar_one()
    assert text == first["text"] and pending(client, stream) == 0


def test_a_producers_own_entry_id_and_error_fields_survive_dead_lettering(
    client: redis.Redis, store: Database, detector: Detector, stream: str
) -> None:
    """Nothing read is lost: fields named like the dead letter's own are kept, renamed."""
    added = client.xadd(
        stream, {"text": "hello", "entry_id": "mine", "error": "theirs", "producer_error": "x"}
    )
    assert drain(consumer(client, store, detector, stream)).dead == 1
    ((_, fields),) = client.xrange(dead_letter_stream(stream))
    assert fields[b"entry_id"] == added and b"no field 'message'" in fields[b"error"]
    assert fields[b"producer_entry_id"] == b"mine" and fields[b"producer_error"] == b"x"
    assert fields[b"producer_producer_error"] == b"theirs" and fields[b"text"] == b"hello"


def test_entries_with_values_of_the_wrong_json_type_go_to_the_dead_letter_stream(
    client: redis.Redis, store: Database, detector: Detector, stream: str
) -> None:
    """An entry is what POST /v1/messages takes, as strictly: no Unix times, no ages as text."""
    good = messages("g", GROOMING[:2])
    add(client, stream, [good[0] | {"sent_at": 1777629600}])
    add(client, stream, [good[1] | {"sender": {"declared_age": "12"}}])
    report = drain(consumer(client, store, detector, stream))
    assert (report.entries, report.accepted, report.dead) == (2, 0, 2)
    reasons = [fields[b"error"].decode() for _, fields in client.xrange(dead_letter_stream(stream))]
    assert "sent_at" in reasons[0] and "sender/declared_age" in reasons[1]
    assert stored(store) == {}


class _Crash(Exception):
    """Stands for the process dying between the commit and the acknowledgement."""


def test_an_entry_stored_but_not_acknowledged_is_stored_once_when_read_again(
    client: redis.Redis,
    store: Database,
    detector: Detector,
    stream: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = messages("g", GROOMING)
    add(client, stream, rows)
    first = consumer(client, store, detector, stream)

    real = streams.call

    def crash(client: redis.Redis, function: Any, *args: Any, **kwargs: Any) -> Any:
        if function.__name__ == "execute":  # the acknowledgement
            raise _Crash
        return real(client, function, *args, **kwargs)

    with monkeypatch.context() as patched, pytest.raises(_Crash):
        patched.setattr(streams, "call", crash)
        drain(first)
    assert len(stored(store)) == len(rows) and pending(client, stream) == len(rows)
    assert alert_count(store) == 1
    again = drain(consumer(client, store, detector, stream))  # the same name, restarted
    assert (again.accepted, again.duplicates) == (0, len(rows))
    assert set(stored(store).values()) == {1} and alert_count(store) == 1
    assert pending(client, stream) == 0


def test_a_dead_consumers_entries_are_taken_over_by_another(
    client: redis.Redis, store: Database, detector: Detector, stream: str
) -> None:
    rows = messages("g", GROOMING)
    add(client, stream, rows)
    consumer(client, store, detector, stream).ensure_group()
    client.xreadgroup("lurewatch", "dead", {stream: ">"}, count=100)  # read, then died
    assert pending(client, stream) == len(rows)
    survivor = consumer(client, store, detector, stream, name="w2", claim_idle_ms=50)
    time.sleep(0.1)
    assert drain(survivor).accepted == len(rows)
    assert pending(client, stream) == 0 and set(stored(store).values()) == {1}


def test_two_consumers_of_one_group_store_each_message_once(
    client: redis.Redis, store: Database, detector: Detector, stream: str
) -> None:
    rows = corpus(20)
    add(client, stream, rows)
    workers = [consumer(client, store, detector, stream, f"w{i}", batch=20) for i in range(2)]
    threads = [threading.Thread(target=drain, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(w.report.accepted for w in workers) == len(rows)
    assert all(w.report.accepted > 0 for w in workers)
    assert len(stored(store)) == len(rows) and set(stored(store).values()) == {1}


def test_a_database_outage_is_retried_and_nothing_is_acknowledged_meanwhile(
    client: redis.Redis,
    store: Database,
    detector: Detector,
    stream: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(streams, "BACKOFF_FIRST_SECONDS", 0.01)
    rows = messages("g", GROOMING[:4])
    add(client, stream, rows)
    worker = consumer(client, store, detector, stream)
    real = worker.ingestor.ingest
    failures = []

    def flaky(*args: Any, **kwargs: Any) -> Any:
        if len(failures) < 3:
            failures.append(pending(client, stream))
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return real(*args, **kwargs)

    monkeypatch.setattr(worker.ingestor, "ingest", flaky)
    assert drain(worker).accepted == len(rows)
    assert failures == [len(rows)] * 3  # pending all along
    assert pending(client, stream) == 0

    # stopped while the database is away: everything stays pending for the next consumer
    add(client, stream, messages("h", GROOMING[:2]))
    stop = threading.Event()

    def down(*args: Any, **kwargs: Any) -> Any:
        stop.set()  # as SIGTERM would, during the outage
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(worker.ingestor, "ingest", down)
    worker.run(stop)
    assert pending(client, stream) == 2


@pytest.fixture
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Retries after 10 ms, not 1 s."""
    monkeypatch.setattr(streams, "BACKOFF_FIRST_SECONDS", 0.01)
    return monkeypatch


def _failing(
    monkeypatch: pytest.MonkeyPatch, plan: dict[str, list[Exception]], before: Any = None
) -> None:
    """Make the consumer's Redis commands named in `plan` (`xreadgroup`, `xautoclaim`,
    `execute`: the acknowledgement) fail with its errors, one per call, as a Redis that
    goes away, stalls or refuses would; `before(name, args)` runs before each command."""
    real = streams.call

    def flaky(client: redis.Redis, function: Any, *args: Any, **kwargs: Any) -> Any:
        name = function.__name__
        if before is not None:
            before(name, args)
        if plan.get(name):
            error = plan[name].pop(0)

            def fail(*_: Any, **__: Any) -> Any:
                raise error

            return real(client, fail)
        return real(client, function, *args, **kwargs)

    monkeypatch.setattr(streams, "call", flaky)


def test_a_redis_outage_while_running_is_waited_for_and_nothing_is_lost_or_doubled(
    client: redis.Redis,
    store: Database,
    detector: Detector,
    stream: str,
    fast_retries: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    rows = messages("g", GROOMING)
    add(client, stream, rows)
    worker = consumer(client, store, detector, stream, batch=2)
    plan: dict[str, list[Exception]] = {
        "xreadgroup": [redis.ConnectionError("Connection refused"), redis.TimeoutError()],
        "xautoclaim": [redis.TimeoutError("Timeout reading from socket")],
        # after the batch is committed: read again, found stored, acknowledged then
        "execute": [redis.ReadOnlyError("You can't write against a read only replica.")],
    }
    _failing(fast_retries, plan)
    report = drain(worker)
    assert not any(plan.values())  # every failure happened
    assert (report.accepted, report.duplicates) == (len(rows), 2)
    assert set(stored(store).values()) == {1} and len(stored(store)) == len(rows)
    assert pending(client, stream) == 0 and alert_count(store) == 1
    outage = [r for r in caplog.records if "Redis unavailable" in r.getMessage()]
    assert len(outage) == 1 and outage[0].exc_info is None  # throttled, no traceback
    assert not any(row["text"] in caplog.text for row in rows)


def test_a_consumer_group_destroyed_while_running_is_created_again(
    client: redis.Redis,
    store: Database,
    detector: Detector,
    stream: str,
    fast_retries: pytest.MonkeyPatch,
) -> None:
    rows = messages("g", GROOMING[:4])
    add(client, stream, rows)
    worker = consumer(client, store, detector, stream, batch=2)
    new_reads = []

    def destroy_after_the_first_batch(name: str, args: tuple[Any, ...]) -> None:
        if name == "xreadgroup" and args[2] == {stream: ">"}:
            new_reads.append(args)
            if len(new_reads) == 2:
                client.xgroup_destroy(stream, "lurewatch")

    _failing(fast_retries, {}, destroy_after_the_first_batch)
    report = drain(worker)
    # the group is new, at the stream's start: the first batch is read again, stored once
    assert (report.accepted, report.duplicates) == (len(rows), 2)
    assert set(stored(store).values()) == {1} and pending(client, stream) == 0


def test_idle_entries_far_along_the_pending_list_are_claimed(
    client: redis.Redis, store: Database, detector: Detector, stream: str
) -> None:
    for i in range(30):
        client.xadd(stream, {"n": i})
    consumer(client, store, detector, stream).ensure_group()
    read = client.xreadgroup("lurewatch", "busy", {stream: ">"}, count=30)
    ids = [entry_id for entry_id, _ in read[0][1]]
    client.xclaim(stream, "lurewatch", "dead", 0, ids[15:], idle=10**7)  # long idle
    # XAUTOCLAIM scans 10 pending entries per claimed one: each call must go on from
    # where the last ended, or the 15 busy entries at the start hide the idle ones
    worker = consumer(client, store, detector, stream, batch=1, claim_idle_ms=60_000)
    claimed = [entry_id for _ in range(3) for entry_id, _ in worker._claim()]
    assert claimed and set(claimed) <= set(ids[15:])


def test_a_platform_being_moved_to_another_model_is_waited_for(
    client: redis.Redis,
    store: Database,
    detector: Detector,
    stream: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`admin set-model` marks the platform as being re-scored while it runs: the consumer
    waits (nothing acknowledged) and goes on once it has finished, as servers do, instead
    of stopping."""
    monkeypatch.setattr(streams, "BACKOFF_FIRST_SECONDS", 0.01)
    rows = messages("g", GROOMING[:4])
    add(client, stream, rows)
    worker = consumer(client, store, detector, stream)
    with store.transaction() as conn:
        platform_id = find_platform(conn, "acme").id
        record(conn, detector.fingerprint(), None, rescoring=True, platform_id=platform_id)
    refused: list[int] = []
    real = worker.ingestor.ingest

    def finishing(*args: Any, **kwargs: Any) -> Any:
        try:
            return real(*args, **kwargs)
        except RescoreUnderWayError:
            refused.append(pending(client, stream))
            with store.transaction() as conn:  # the re-score finishes
                forget(conn, platform_id)
            raise

    monkeypatch.setattr(worker.ingestor, "ingest", finishing)
    assert drain(worker).accepted == len(rows)
    assert refused == [len(rows)] and pending(client, stream) == 0


def test_consume_refuses_what_it_cannot_use(store: Database, redis_url: str) -> None:
    env = {"LUREWATCH_DATABASE_URL": store.url}
    silent = f"redis://127.0.0.1:{free_port()}/0"
    for options, says in (
        (["--platform", "acme"], "pass --redis URL or set redis_url"),
        (["--platform", "acme", "--redis", silent], "does not answer"),
        (["--platform", "nope", "--redis", redis_url], "nope"),
    ):
        args = ["consume", "--stream", f"{REDIS_TEST_PREFIX}x", *options]
        result = CliRunner().invoke(main, args, env=env)
        assert result.exit_code == 2 and says in result.stderr, (options, result.output)


def _consume_command(stream: str, redis_url: str, *options: str) -> list[str]:
    """`lurewatch consume` of `stream` for the platform acme, as a subprocess command."""
    return [
        sys.executable,
        "-c",
        "from lurewatch.cli import main; main()",
        "consume",
        "--stream",
        stream,
        "--platform",
        "acme",
        "--redis",
        redis_url,
        *options,
    ]


def test_a_consumer_waits_on_an_idle_stream_and_stops_on_sigterm(
    store: Database, redis_url: str, stream: str
) -> None:
    """Its reads block in Redis for a second at a time: a client that waits no longer than
    that took an idle stream for an outage, and the worker exited a second after running dry."""
    if store.dialect != "sqlite":
        pytest.skip("a matter of the Redis client alone: one store is enough")
    command = _consume_command(stream, redis_url)
    env = {**os.environ, "LUREWATCH_DATABASE_URL": store.url}
    worker = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        time.sleep(6)  # start-up, then several empty reads
        assert worker.poll() is None, worker.communicate()[1].decode()
        worker.send_signal(signal.SIGTERM)
        _, err = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, err.decode()


@pytest.mark.slow
def test_kill_9_mid_stream_loses_nothing_and_duplicates_nothing(
    client: redis.Redis, store: Database, redis_url: str, stream: str
) -> None:
    rows = corpus()
    add(client, stream, rows)
    command = _consume_command(stream, redis_url, "--consumer", "w1", "--batch", "25")
    env = {**os.environ, "LUREWATCH_DATABASE_URL": store.url}
    worker = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(stored(store)) < len(rows) // 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    assert 0 < len(stored(store)) < len(rows), "the kill must land mid-stream"

    done = subprocess.run([*command, "--until-idle"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr

    assert len(stored(store)) == len(rows) and set(stored(store).values()) == {1}
    assert pending(client, stream) == 0
    with store.read() as conn:
        risks = dict(
            conn.execute(select(conversations.c.conversation_id, conversations.c.risk)).all()
        )
        per_conversation = conn.execute(
            select(alerts.c.conversation_id, func.count()).group_by(alerts.c.conversation_id)
        ).all()
    assert per_conversation and all(n == 1 for _, n in per_conversation)
    expected, warned = uncrashed(rows)
    assert risks == pytest.approx(expected)
    assert {c for c, _ in per_conversation} == warned


def test_a_consumers_metrics_count_entries_and_its_backlog(
    client: redis.Redis, store: Database, detector: Detector, stream: str
) -> None:
    rows = messages("g", GROOMING)
    add(client, stream, rows)
    client.xadd(stream, {streams.FIELD: "{not json"})
    metrics = Metrics()
    worker = consumer(client, store, detector, stream, metrics=metrics)
    worker.ensure_group()
    assert worker.backlog() == len(rows) + 1  # nothing delivered yet
    drain(worker)
    text = generate_latest(metrics.registry).decode()
    assert f'lurewatch_stream_entries_total{{outcome="stored"}} {len(rows)}.0' in text
    assert 'lurewatch_stream_entries_total{outcome="dead"} 1.0' in text
    platform = worker.platform_id
    accepted = f'lurewatch_messages_ingested_total{{platform="{platform}",result="accepted"}}'
    assert f"{accepted} {len(rows)}.0" in text
    assert f'lurewatch_alerts_total{{event="created",platform="{platform}"}} 1.0' in text
    assert "lurewatch_stream_backlog 0.0" in text
    client.delete(stream)  # the stream is gone: the backlog is unknown, not zero
    assert math.isnan(worker.backlog())


def test_a_unique_key_conflict_is_retried_a_few_times_then_stops_the_consumer(
    client: redis.Redis,
    store: Database,
    detector: Detector,
    stream: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = messages("g", GROOMING[:3])
    add(client, stream, rows)
    worker = consumer(client, store, detector, stream)
    real = worker.ingestor._transaction
    calls: list[int] = []

    def racing(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:  # another consumer committed the same message meanwhile
            raise IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed"))
        return real(*args, **kwargs)

    monkeypatch.setattr(worker.ingestor, "_transaction", racing)  # the ingestor retries
    assert drain(worker).accepted == len(rows) and len(calls) == 2

    add(client, stream, messages("h", GROOMING[:1]))

    calls.clear()

    def broken(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        raise IntegrityError("INSERT", {}, Exception("a bug"))

    monkeypatch.setattr(worker.ingestor, "_transaction", broken)
    with pytest.raises(IntegrityError):
        drain(worker)
    assert len(calls) == CONFLICT_ATTEMPTS  # tried again, then given up, not forever
    assert pending(client, stream) == 1  # left for a fixed consumer


# Refusals no retry mends stop the consumer: what Redis said, the stream, what to do.


def run_briefly(worker: StreamConsumer, seconds: float = 5.0) -> streams.ConsumeReport:
    """`worker.run`, stopped after `seconds` if it has not ended by then (a consumer that
    retried a permanent refusal forever returned then, without raising)."""
    stop = threading.Event()
    timer = threading.Timer(seconds, stop.set)
    timer.start()
    try:
        return worker.run(stop)
    finally:
        timer.cancel()


@pytest.fixture
def acl_user(client: redis.Redis, redis_url: str) -> Iterator[Any]:
    """`make(*rules)`: an ACL user of the real Redis, with the password "pw", allowed the
    tests' keys and `rules`; its Redis URL. Deleted afterwards."""
    name = f"lurewatch-test-{os.getpid()}"

    def make(*rules: str) -> str:
        client.execute_command("ACL", "SETUSER", name, "reset", "on", ">pw", *rules)
        client.execute_command("ACL", "SETUSER", name, f"~{REDIS_TEST_PREFIX}*")
        return redis_url.replace("redis://", f"redis://{name}:pw@", 1)

    make.name = name  # type: ignore[attr-defined]
    yield make
    client.execute_command("ACL", "DELUSER", name)


def test_an_acl_refusal_stops_the_consumer_and_leaves_what_it_read_pending(
    client: redis.Redis,
    store: Database,
    detector: Detector,
    stream: str,
    acl_user: Any,
    fast_retries: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The ACL user may read the stream but not add dead letters: the batch is stored, its
    acknowledgement refused (NOPERM), and the consumer stops instead of retrying forever;
    the entries stay pending, and a consumer Redis lets do its work takes them over."""
    url = acl_user("+@stream", "-xadd", "+multi", "+exec", "+ping")
    rows = messages("g", GROOMING[:3])
    add(client, stream, rows)
    secret = "never logged: a bad entry's text"
    client.xadd(stream, {"text": secret})
    limited = redis.Redis.from_url(url)
    with pytest.raises(RedisRefusedError) as raised:
        run_briefly(consumer(limited, store, detector, stream))
    limited.close()
    said = str(raised.value)
    assert raised.value.code == "NOPERM" and "NOPERM" in said and "'xadd'" in said
    assert f"consuming {stream} stopped" in said
    assert f"ACL SETUSER {acl_user.name} +@stream +multi +exec +ping" in said
    assert secret not in said and secret not in caplog.text
    assert not [r for r in caplog.records if "Redis unavailable" in r.getMessage()]
    assert len(stored(store)) == len(rows) and pending(client, stream) == len(rows) + 1
    again = drain(consumer(client, store, detector, stream))  # the same name, allowed
    assert (again.accepted, again.duplicates, again.dead) == (0, len(rows), 1)
    assert pending(client, stream) == 0 and set(stored(store).values()) == {1}


def test_a_dead_letter_key_of_another_type_stops_the_consumer_before_anything_is_acknowledged(
    client: redis.Redis,
    store: Database,
    detector: Detector,
    stream: str,
    fast_retries: pytest.MonkeyPatch,
) -> None:
    """A MULTI runs on past a failed XADD: the dead letter was lost and its entry
    acknowledged all the same, then the refusal retried forever."""
    client.set(dead_letter_stream(stream), "not a stream")
    add(client, stream, messages("g", GROOMING[:2]))
    client.xadd(stream, {streams.FIELD: "{not json"})
    with pytest.raises(RedisRefusedError) as raised:
        run_briefly(consumer(client, store, detector, stream))
    said = str(raised.value)
    assert raised.value.code == "WRONGTYPE"
    assert f"the key {dead_letter_stream(stream)} holds a string, not a stream" in said
    assert pending(client, stream) == 3  # the bad entry too: nothing is lost
    client.delete(dead_letter_stream(stream))
    again = drain(consumer(client, store, detector, stream))
    assert (again.duplicates, again.dead, pending(client, stream)) == (2, 1, 0)


def test_a_stream_key_replaced_by_another_type_while_running_stops_the_consumer(
    client: redis.Redis,
    store: Database,
    detector: Detector,
    stream: str,
    fast_retries: pytest.MonkeyPatch,
) -> None:
    if store.dialect != "sqlite":
        pytest.skip("a matter of Redis alone: one store is enough")
    add(client, stream, messages("g", GROOMING[:4]))
    new_reads = []

    def replace_after_the_first_batch(name: str, args: tuple[Any, ...]) -> None:
        if name == "xreadgroup" and args[2] == {stream: ">"}:
            new_reads.append(args)
            if len(new_reads) == 2:
                client.delete(stream)
                client.set(stream, "not a stream")

    _failing(fast_retries, {}, replace_after_the_first_batch)
    worker = consumer(client, store, detector, stream, batch=2)
    with pytest.raises(RedisRefusedError) as raised:
        run_briefly(worker)
    assert raised.value.code == "WRONGTYPE" and worker.report.accepted == 2
    assert f"the key {stream} holds a string, not a stream" in str(raised.value)


def test_a_password_changed_while_running_stops_the_consumer(
    client: redis.Redis,
    store: Database,
    detector: Detector,
    stream: str,
    acl_user: Any,
    fast_retries: pytest.MonkeyPatch,
) -> None:
    if store.dialect != "sqlite":
        pytest.skip("a matter of Redis alone: one store is enough")
    url = acl_user("+@stream", "+multi", "+exec", "+ping")
    add(client, stream, messages("g", GROOMING[:4]))
    new_reads = []

    def rotate_the_password(name: str, args: tuple[Any, ...]) -> None:
        if name == "xreadgroup" and args[2] == {stream: ">"}:
            new_reads.append(args)
            if len(new_reads) == 2:  # a new password, and the open connections closed
                client.execute_command("ACL", "SETUSER", acl_user.name, "resetpass", ">new")
                client.client_kill_filter(user=acl_user.name)

    _failing(fast_retries, {}, rotate_the_password)
    limited = redis.Redis.from_url(url)
    worker = consumer(limited, store, detector, stream, batch=2)
    with pytest.raises(RedisRefusedError) as raised:
        run_briefly(worker, seconds=20)
    limited.close()
    assert raised.value.code == "WRONGPASS" and worker.report.accepted == 2
    assert "redis://USER:PASSWORD@HOST" in str(raised.value)
    assert "pw" not in str(raised.value).replace("PASSWORD", "")


def test_a_redis_without_a_command_the_consumer_uses_stops_it(
    client: redis.Redis,
    store: Database,
    detector: Detector,
    stream: str,
    fast_retries: pytest.MonkeyPatch,
) -> None:
    """As Redis older than 6.2 answers XAUTOCLAIM, as redis-py 5 hands it on (`ERR` dropped),
    with the arguments Redis echoes left out of the line."""
    if store.dialect != "sqlite":
        pytest.skip("a matter of Redis alone: one store is enough")
    unknown = redis.ResponseError(
        f"unknown command 'XAUTOCLAIM', with args beginning with: '{stream}' 'lurewatch' "
    )
    _failing(fast_retries, {"xautoclaim": [unknown]})
    with pytest.raises(RedisRefusedError) as raised:
        run_briefly(consumer(client, store, detector, stream))
    said = str(raised.value)
    assert raised.value.code == "ERR" and "ERR unknown command 'XAUTOCLAIM'" in said
    assert "Redis 6.2 or later" in said and "with args" not in said


def test_consume_stops_at_once_with_a_wrong_password_or_a_key_of_another_type(
    client: redis.Redis, store: Database, stream: str, acl_user: Any
) -> None:
    if store.dialect != "sqlite":
        pytest.skip("a matter of Redis alone: one store is enough")
    url = acl_user("+@stream", "+multi", "+exec", "+ping")
    env = {"LUREWATCH_DATABASE_URL": store.url}
    client.set(stream, "not a stream")
    for redis_url, code, says in (
        (url.replace(":pw@", ":wrong@"), "WRONGPASS", "redis://USER:PASSWORD@HOST"),
        (url.replace(":pw@", "@"), "WRONGPASS", "redis://USER:PASSWORD@HOST"),
        (url, "WRONGTYPE", f"the key {stream} is not a stream"),  # TYPE: not in its ACL
    ):
        args = ["consume", "--stream", stream, "--platform", "acme", "--redis", redis_url]
        result = CliRunner().invoke(main, [*args, "--until-idle"], env=env)
        assert result.exit_code == 3, result.output  # not 2: a supervisor should not restart
        errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        assert len(errors) == 1 and result.stderr.splitlines()[-1] == errors[0]
        assert f"refused a command: {code}" in errors[0] and says in errors[0]
        assert f"consuming {stream} stopped" in errors[0] and ":wrong@" not in errors[0]
