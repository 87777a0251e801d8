"""Scores of two models never mix: the store records its scores' model, `serve` and ingest
refuse another, and `lurewatch db rescore` recomputes every stored score with the new one."""

from __future__ import annotations

import copy
import dataclasses
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from test_service_calibrate import traffic

from lurewatch.cli import main
from lurewatch.engine.detector import Detector
from lurewatch.engine.streaming import WarningRule
from lurewatch.service.api.app import create_app
from lurewatch.service.ingest import IncomingMessage, Ingestor, SenderContext
from lurewatch.service.rescore import rescore
from lurewatch.service.scoring_model import (
    ScoringModelChangedError,
    check,
    model_version,
    recorded,
)
from lurewatch.service.settings import Settings
from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import alerts, audit_log, conversations, messages, senders
from lurewatch.service.tenants import Platform, create_platform


def test_fingerprint_changes_with_anything_that_sets_a_score(
    detector: Detector, other: Detector, tmp_path: Path
) -> None:
    assert detector.fingerprint() == Detector.load().fingerprint()
    assert Detector.load(detector.save(tmp_path / "m")).fingerprint() == detector.fingerprint()
    assert other.fingerprint() != detector.fingerprint()
    stricter = dataclasses.replace(detector, rule=WarningRule(0.99, 5, 10))
    assert stricter.fingerprint() != detector.fingerprint()
    weights = copy.deepcopy(detector.model)
    weights.coef_[12345] += 0.25
    changed = dataclasses.replace(detector, model=weights)
    assert changed.fingerprint() != detector.fingerprint()
    # the training record does not set a score: retrained to the same weights, same model
    retrained = dataclasses.replace(detector, training={**detector.training, "seed": 1})
    assert retrained.fingerprint() == detector.fingerprint()


def test_the_first_start_records_the_model_and_another_is_refused(
    database: Database, detector: Detector, other: Detector
) -> None:
    with database.read() as conn:
        assert recorded(conn) is None
    check(database, detector, None)
    with database.read() as conn:
        doc = recorded(conn)
    assert doc is not None and doc["fingerprint"] == detector.fingerprint()
    assert doc["version"] == model_version(detector) and doc["model_dir"].endswith("default")
    check(database, detector, None)  # the same model again: fine
    with pytest.raises(ScoringModelChangedError, match="run `lurewatch db rescore`"):
        check(database, other, None)


def test_two_servers_starting_at_once_on_a_new_store_agree_on_its_model(
    database: Database, detector: Detector, other: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    import lurewatch.service.scoring_model as scoring

    check(database, detector, None)  # the server that recorded first
    real, calls = scoring.recorded, []

    def not_yet(conn: Any, platform_id: str | None = None) -> dict[str, Any] | None:
        calls.append(1)  # what the other saw before that commit
        return None if len(calls) <= 2 else real(conn, platform_id)

    monkeypatch.setattr(scoring, "recorded", not_yet)
    check(database, detector, None)  # its insert collides; it reads the record instead
    calls.clear()
    with pytest.raises(ScoringModelChangedError, match="lurewatch db rescore"):
        check(database, other, None)


def test_a_store_scored_before_the_record_existed_adopts_the_model_with_a_warning(
    database: Database, detector: Detector, caplog: pytest.LogCaptureFixture
) -> None:
    with database.transaction() as conn:
        platform, _ = create_platform(conn, "acme")
    Ingestor(database, detector).ingest(platform, _batches()[0])  # no record: accepted
    with caplog.at_level(logging.WARNING, logger="lurewatch.service"):
        check(database, detector, None)
    assert "no record of their model" in caplog.text
    with database.read() as conn:
        doc = recorded(conn)
    assert doc is not None and doc["fingerprint"] == detector.fingerprint()


def test_a_server_of_the_old_model_refuses_batches_once_the_scores_are_another_models(
    database: Database, detector: Detector, other: Detector
) -> None:
    with database.transaction() as conn:
        _, key = create_platform(conn, "acme")
    check(database, detector, None)
    app = create_app(Settings(database_url=database.url), database=database, detector=detector)
    client = TestClient(app, headers={"X-API-Key": key.secret or ""})
    batch = {
        "messages": [
            {
                "conversation_id": "c1",
                "message_id": "m1",
                "sender_id": "s1",
                "sent_at": "2026-05-01T10:00:00Z",
                "text": "hi",
            }
        ]
    }
    assert client.post("/v1/messages", json=batch).status_code == 200
    assert client.get("/readyz").status_code == 200
    rescore(database, other, None)  # e.g. run while this server was still up
    refused = client.post(
        "/v1/messages", json={"messages": [{**batch["messages"][0], "message_id": "m2"}]}
    )
    assert refused.status_code == 503
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "nothing was stored" in refused.json()["detail"]
    assert refused.headers["Retry-After"] == "30"
    assert "model_dir" not in refused.text and "/" not in refused.json()["detail"]
    assert client.get("/readyz").status_code == 503
    with database.read() as conn:  # nothing of the refused batch was stored
        stored = conn.execute(select(messages.c.message_id)).scalars().all()
    assert stored == ["m1"]


def _batches() -> list[list[IncomingMessage]]:
    """The calibration traffic in two batches; one sender declares a minor age."""
    everything = traffic()
    first = everything[0]
    everything[0] = dataclasses.replace(first, sender=SenderContext(13, None, None))
    half = len(everything) // 2
    return [everything[:half], everything[half:]]


def _scores(database: Database, platform: Platform) -> dict[str, Any]:
    """Every stored score of a platform, by its own ids (platform ids differ between stores)."""
    with database.read() as conn:

        def rows(table: Any, key: Any, *columns: Any) -> dict[str, tuple[Any, ...]]:
            query = select(key, *columns).where(table.c.platform_id == platform.id)
            return {row[0]: tuple(row[1:]) for row in conn.execute(query)}

        c = conversations.c
        return {
            "conversations": rows(
                conversations,
                c.conversation_id,
                c.state,
                c.risk,
                c.level,
                c.warning,
                c.warned_message_id,
                c.message_count,
            ),
            "senders": rows(senders, senders.c.sender_id, senders.c.state, senders.c.risk),
            "messages": rows(
                messages,
                messages.c.message_id,
                messages.c.sender_risk,
                messages.c.conversation_risk,
                messages.c.labels,
            ),
        }


def _scored(database: Database, detector: Detector) -> Platform:
    """A platform whose traffic `detector` scored as it arrived, first served on the store."""
    with database.transaction() as conn:
        platform, _ = create_platform(conn, "acme")
    check(database, detector, None)
    ingestor = Ingestor(database, detector)
    for batch in _batches():
        ingestor.ingest(platform, batch)
    return platform


def test_rescore_gives_every_stored_score_the_new_model_would_have_given(
    database: Database,
    detector: Detector,
    other: Detector,
    sqlite_template: Path,
    tmp_path: Path,
) -> None:
    platform = _scored(database, detector)
    before = _scores(database, platform)
    with database.read() as conn:
        raised = [tuple(row) for row in conn.execute(select(alerts).order_by(alerts.c.id))]
    assert raised  # the grooming patterns raised alerts
    with database.read() as conn:
        raisers = set(conn.execute(select(alerts.c.model_version)).scalars())
    assert raisers == {model_version(detector)}  # kept with each alert, for its reports

    done = rescore(database, other, "models/other")

    assert (done.previous, done.current) == (model_version(detector), model_version(other))
    assert (done.platforms, done.conversations) == (1, len(before["conversations"]))
    assert (done.senders, done.messages) == (len(before["senders"]), len(before["messages"]))
    shutil.copy(sqlite_template, tmp_path / "fresh.db")
    fresh = Database(f"sqlite:///{tmp_path / 'fresh.db'}")
    fresh_platform = _scored(fresh, other)
    after = _scores(database, platform)
    assert after == _scores(fresh, fresh_platform)
    assert after["conversations"] != before["conversations"]  # the model did change them
    with database.read() as conn:
        assert [tuple(row) for row in conn.execute(select(alerts).order_by(alerts.c.id))] == raised
        doc = recorded(conn)
    assert doc is not None and doc["fingerprint"] == other.fingerprint()
    assert doc["model_dir"] == "models/other"
    check(database, other, None)
    with pytest.raises(ScoringModelChangedError):
        check(database, detector, None)

    # Scoring continues from the re-scored states exactly as from the new model's own.
    more = [
        dataclasses.replace(m, message_id=m.message_id + "+", sent_at=m.sent_at)
        for m in _batches()[1][:40]
    ]
    Ingestor(database, other).ingest(platform, more)
    Ingestor(fresh, other).ingest(fresh_platform, more)
    assert _scores(database, platform) == _scores(fresh, fresh_platform)
    fresh.dispose()


def test_an_interrupted_rescore_keeps_every_server_off_the_store_until_it_is_run_again(
    database: Database, detector: Detector, other: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    platform = _scored(database, detector)
    import lurewatch.service.rescore as rescoring

    def crash(*_: Any) -> None:
        raise RuntimeError("killed mid-way")

    monkeypatch.setattr(rescoring, "_save_senders", crash)
    with pytest.raises(RuntimeError):
        rescore(database, other, None)
    more = [dataclasses.replace(m, message_id=m.message_id + "+") for m in _batches()[1][:5]]
    for model in (detector, other):  # the old model and the new one alike
        with pytest.raises(ScoringModelChangedError, match="once `lurewatch db rescore`"):
            Ingestor(database, model).ingest(platform, more)
        with pytest.raises(ScoringModelChangedError, match="has not finished"):
            check(database, model, None)
    monkeypatch.undo()
    done = rescore(database, other, None)
    assert done.previous == f"{model_version(other)} (an unfinished re-score)"
    check(database, other, None)
    Ingestor(database, other).ingest(platform, more)


def test_rescore_resets_senders_whose_messages_are_all_gone(
    database: Database, detector: Detector, other: Detector
) -> None:
    with database.transaction() as conn:
        platform, _ = create_platform(conn, "acme")
    Ingestor(database, detector).ingest(platform, _batches()[0])
    gone = _batches()[0][0].sender_id
    with database.transaction() as conn:  # as a purge may leave a sender's row behind
        conn.execute(messages.delete().where(messages.c.sender_id == gone))
        before = conn.execute(select(senders.c.version).where(senders.c.sender_id == gone))
        version = before.scalar_one()
    rescore(database, other, None)
    with database.read() as conn:
        row = conn.execute(select(senders).where(senders.c.sender_id == gone)).one()
        kept = conn.execute(select(senders.c.state).where(senders.c.sender_id != gone)).scalars()
        assert all(state["count"] > 0 for state in kept)
    assert (row.risk, row.state["count"], row.state["total"]) == (0.0, 0, 0.0)
    assert row.version == version + 1  # running servers see the change


def test_db_rescore_command_records_the_model_and_audits_it(
    database: Database, detector: Detector, other: Detector, tmp_path: Path
) -> None:
    if database.dialect != "sqlite":
        pytest.skip("the command's store is the same code as above; SQLite is enough here")
    with database.transaction() as conn:
        platform, _ = create_platform(conn, "acme")
    check(database, detector, None)
    Ingestor(database, detector).ingest(platform, _batches()[0])
    model_dir = other.save(tmp_path / "other")
    env = {"LUREWATCH_DATABASE_URL": database.url, "LUREWATCH_MODEL_DIR": str(model_dir)}
    serve = CliRunner().invoke(main, ["serve", "--port", "1"], env=env)
    assert serve.exit_code == 2 and "lurewatch db rescore" in serve.stderr
    assert "lurewatch API on" not in serve.output

    result = CliRunner().invoke(main, ["db", "rescore"], env=env)
    assert result.exit_code == 0, result.stderr
    assert f"with {model_version(other)} (before: {model_version(detector)})" in result.stdout
    status = CliRunner().invoke(main, ["db", "status"], env=env)
    assert f"scores: {model_version(other)} (at {model_dir}" in status.stdout
    with database.read() as conn:
        actions = conn.execute(select(audit_log.c.action)).scalars().all()
    assert "scores.rescore" in actions


def test_db_rescore_refuses_an_outdated_schema_and_a_missing_model(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    empty = CliRunner().invoke(main, ["db", "rescore"], env={"LUREWATCH_DATABASE_URL": url})
    assert empty.exit_code == 2 and "run `lurewatch db upgrade`" in empty.stderr
    Database(url).upgrade()
    env = {"LUREWATCH_DATABASE_URL": url, "LUREWATCH_MODEL_DIR": str(tmp_path / "nowhere")}
    missing = CliRunner().invoke(main, ["db", "rescore"], env=env)
    assert missing.exit_code == 2 and "no lurewatch model at" in missing.stderr
    with Database(url).read() as conn:
        assert recorded(conn) is None  # nothing was recorded or changed


def test_marking_a_rescore_waits_for_batches_that_verified_before_it(
    postgres_url: str, detector: Detector, other: Detector
) -> None:
    """On PostgreSQL two transactions overlap: a batch that passed `verify` just before the
    mark must commit before the mark does, or it would write the old model's states while
    the re-score reads the messages. (SQLite never overlaps write transactions.)"""
    import threading
    import time

    from lurewatch.service.scoring_model import record, verify
    from lurewatch.service.store.schema import store_meta

    database = Database(postgres_url)
    with database.transaction() as conn:  # whatever model an earlier test left recorded
        conn.execute(store_meta.delete())
    check(database, detector, None)
    marked = threading.Event()

    def mark() -> None:
        with database.transaction() as conn:
            record(conn, other.fingerprint(), None, rescoring=True)
        marked.set()

    try:
        with database.transaction() as batch:
            verify(batch, detector.fingerprint())  # the batch is under way
            marker = threading.Thread(target=mark)
            marker.start()
            time.sleep(0.5)
            assert not marked.is_set()  # the mark waits for the batch ...
        marker.join(timeout=10)
        assert marked.is_set()  # ... and goes through once it has committed
        with database.transaction() as later, pytest.raises(ScoringModelChangedError):
            verify(later, detector.fingerprint())
    finally:
        with database.transaction() as conn:
            conn.execute(store_meta.delete())
        database.dispose()


def _declaring_traffic() -> list[IncomingMessage]:
    """Two conversations; the minor declares an age in the first only, in its middle."""
    from datetime import UTC, datetime, timedelta

    at = datetime(2026, 5, 1, 10, tzinfo=UTC)
    minor = SenderContext(declared_age=13)
    lines = [
        ("x", "grown", "you seem really mature for your age", None),
        ("x", "kiddo", "im 13", minor),
        ("x", "grown", "dont tell your parents about me", None),
        ("y", "other", "our little secret ok", None),
        ("y", "kiddo", "lol same", None),
        ("y", "other", "can you send me a pic", None),
    ]
    return [
        IncomingMessage(c, f"{c}-{i}", s, at + timedelta(seconds=i), text, sender=ctx)
        for i, (c, s, text, ctx) in enumerate(lines)
    ]


def _message_risks(database: Database) -> list[tuple[str, float, float]]:
    with database.read() as conn:
        query = select(messages.c.message_id, messages.c.sender_risk, messages.c.conversation_risk)
        return sorted(tuple(row) for row in conn.execute(query))


def test_scores_do_not_depend_on_how_messages_are_batched(
    database: Database, detector: Detector
) -> None:
    """A declared minor counts from their own message on: not from the start of whatever
    batch it came in (the first message's score depended on the batching)."""
    traffic = _declaring_traffic()
    with database.transaction() as conn:
        whole, _ = create_platform(conn, "whole")
        single, _ = create_platform(conn, "single")
    Ingestor(database, detector).ingest(whole, traffic)
    one_by_one = Ingestor(database, detector)
    for message in traffic:
        one_by_one.ingest(
            single, [dataclasses.replace(message, message_id=f"s{message.message_id}")]
        )
    with database.read() as conn:
        rows = conn.execute(
            select(messages.c.platform_id, messages.c.message_id, messages.c.conversation_risk)
        ).all()
    by = {(p, m.removeprefix("s")): r for p, m, r in rows}
    assert all(by[(whole.id, m.message_id)] == by[(single.id, m.message_id)] for m in traffic)


def test_a_rescore_with_the_same_model_changes_nothing(
    database: Database, detector: Detector
) -> None:
    """The minor declared an age in conversation x only; the store knows it when they speak
    in y, and ingest and replay both count them from their first message there."""
    with database.transaction() as conn:
        platform, _ = create_platform(conn, "acme")
    ingestor = Ingestor(database, detector)
    for message in _declaring_traffic():
        ingestor.ingest(platform, [message])
    before = _message_risks(database)
    rescore(database, detector, None)
    assert _message_risks(database) == before


def _late_declaring_traffic(
    first: SenderContext | None, later: SenderContext
) -> list[IncomingMessage]:
    """One conversation in which the child's context comes with their first message
    (`first`) and again with a later one (`later`), after the warning has fired."""
    from datetime import UTC, datetime, timedelta

    at = datetime(2026, 5, 1, 10, tzinfo=UTC)
    lines = [
        ("kid", "hi", first),
        ("man", "have you ever kissed a boy? i want to touch you", None),
        ("man", "send me a pic in your bra", None),
        ("kid", "lol", None),
        ("man", "i want to meet you this weekend, ill drive to your town", None),
        ("kid", "ok", later),
        ("man", "what game is that", None),
    ]
    return [
        IncomingMessage("x", f"m{i}", sender, at + timedelta(seconds=i), text, sender=ctx)
        for i, (sender, text, ctx) in enumerate(lines)
    ]


@pytest.mark.parametrize(
    ("first", "later"),
    [(None, SenderContext(declared_age=13)), (SenderContext(13), SenderContext(30))],
    ids=["age-declared-late", "minor-age-replaced-by-an-adult-one"],
)
def test_a_rescore_with_the_same_model_marks_minors_where_ingest_knew_them(
    database: Database, detector: Detector, first: SenderContext | None, later: SenderContext
) -> None:
    """A re-score took the ages stored now from each sender's first message on: an age sent
    late raised the earlier risks and moved the warning before the open alert's trigger; a
    minor's age replaced by an adult's turned the warning off under the open alert."""
    with database.transaction() as conn:
        platform, _ = create_platform(conn, "acme")
    ingestor = Ingestor(database, detector)
    for message in _late_declaring_traffic(first, later):
        ingestor.ingest(platform, [message])
    before = _scores(database, platform)
    assert before["conversations"]["x"][3]  # the warning is on
    rescore(database, detector, None)
    assert _scores(database, platform) == before


def test_messages_stored_before_the_flag_count_the_age_stored_now_from_the_first(
    database: Database, detector: Detector
) -> None:
    """Messages stored before migration 0006 do not say whether ingest knew their sender as
    a minor: a re-score counts the age stored now from the sender's first message, as if
    it had come with it."""
    with database.transaction() as conn:
        late, _ = create_platform(conn, "late")
        known, _ = create_platform(conn, "known")
    traffic = _late_declaring_traffic(None, SenderContext(declared_age=13))
    from_the_start = [dataclasses.replace(traffic[0], sender=traffic[5].sender), *traffic[1:]]
    ingestor = Ingestor(database, detector)
    for platform, sent in ((late, traffic), (known, from_the_start)):
        for message in sent:
            ingestor.ingest(platform, [message])
    with database.transaction() as conn:
        conn.execute(
            update(messages).where(messages.c.platform_id == late.id).values(sender_minor=None)
        )
    rescore(database, detector, None)
    assert _scores(database, late) == _scores(database, known)


def test_a_batch_that_loses_a_race_to_another_server_answers_duplicates(
    database: Database, detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two servers on PostgreSQL take the same batch at once: the one that commits second
    found no stored message when it looked, then hit the unique key (a 500 before)."""
    if database.dialect != "postgresql":
        pytest.skip("SQLite admits one writer at a time: this race cannot happen there")
    import threading

    with database.transaction() as conn:
        platform, _ = create_platform(conn, "acme")
    batch = _declaring_traffic()[:3]
    first, second = Ingestor(database, detector), Ingestor(database, detector)
    real_load = Ingestor._load
    raced: list[bool] = []

    def load_after_the_other_commits(self: Ingestor, *args: Any, **kwargs: Any) -> Any:
        if self is first and not raced:  # between its duplicate check and its inserts
            raced.append(True)
            other = threading.Thread(target=second.ingest, args=(platform, batch))
            other.start()
            other.join(30)
        return real_load(self, *args, **kwargs)

    monkeypatch.setattr(Ingestor, "_load", load_after_the_other_commits)
    result = first.ingest(platform, batch)
    assert raced and (result.accepted, result.duplicates) == (0, len(batch))
    with database.read() as conn:
        assert len(conn.execute(select(messages.c.message_id)).all()) == len(batch)


def test_batches_lock_the_rows_they_share_in_one_order(
    database: Database, detector: Detector
) -> None:
    """Two servers' batches sharing conversations lock them in key order: locked as the
    store happened to return them (an updated row moves to the end of the table), each
    could hold one the other waits for, and PostgreSQL fails one of them (a deadlock)."""
    if database.dialect != "postgresql":
        pytest.skip("SQLite admits one writer at a time: it locks no rows")
    import threading
    import time

    from sqlalchemy import text

    with database.transaction() as conn:
        platform, _ = create_platform(conn, "acme")
    at = _declaring_traffic()[0].sent_at
    ingestor = Ingestor(database, detector)

    def batch(*conversation_ids: str) -> list[IncomingMessage]:
        n = len(_message_risks(database))
        return [
            IncomingMessage(cid, f"m{n + i}", "s", at, "hi")
            for i, cid in enumerate(conversation_ids)
        ]

    ingestor.ingest(platform, batch("a", "b"))
    ingestor.ingest(platform, batch("a"))  # the row of a now comes after b's
    with database.transaction() as conn:  # as autovacuum would: a small table, read whole
        conn.execute(text("ANALYZE conversations"))
    b_row = (conversations.c.platform_id == platform.id) & (conversations.c.conversation_id == "b")
    a_row = (conversations.c.platform_id == platform.id) & (conversations.c.conversation_id == "a")
    with database.transaction() as holder:
        holder.execute(select(conversations.c.version).where(b_row).with_for_update())
        waiting = threading.Thread(target=ingestor.ingest, args=(platform, batch("b", "a")))
        waiting.start()
        with database.read() as conn:
            blocked = text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock'"
            )
            for _ in range(100):
                if conn.execute(blocked).scalar_one():
                    break
                time.sleep(0.05)
        # a first, then b: it holds a while it waits
        with (
            pytest.raises(OperationalError, match="could not obtain lock"),
            database.transaction() as conn,
        ):
            conn.execute(select(conversations.c.version).where(a_row).with_for_update(nowait=True))
    waiting.join(30)
    assert not waiting.is_alive()
