"""A platform scored by a model of its own (`lurewatch admin set-model`): its stored scores
become that model's as if it had scored all along, the other platforms keep the deployment's,
running servers switch without a restart (refusing the platform's batches only while it is
re-scored), and `serve` refuses a platform whose model is gone or changed."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import select
from test_service_rescore import _batches, _scored, _scores

from lurewatch._errors import ModelError
from lurewatch.cli import main
from lurewatch.engine.detector import Detector, default_model_dir
from lurewatch.engine.training import adapt_detector, feedback_streams
from lurewatch.readers import read_conversations
from lurewatch.records import Stream
from lurewatch.service import audit, cases
from lurewatch.service import rescore as rescoring
from lurewatch.service.api.app import create_app
from lurewatch.service.ingest import IncomingMessage, Ingestor
from lurewatch.service.labels_export import export, pseudonym
from lurewatch.service.rescore import rescore, set_model
from lurewatch.service.scoring_model import (
    ForeignLabelsError,
    ScoringModelChangedError,
    check,
    check_platforms,
    label_sources,
    model_version,
    recorded,
)
from lurewatch.service.server import serve
from lurewatch.service.settings import Settings
from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import alerts
from lurewatch.service.tenants import Platform, create_platform, create_user, find_platform


@pytest.fixture
def other_dir(other: Detector, tmp_path: Path) -> str:
    return str(other.save(tmp_path / "other"))


def _two(database: Database, detector: Detector) -> tuple[Platform, Platform]:
    """Platforms "acme" and "beta", each with the same traffic, scored by `detector`."""
    acme = _scored(database, detector)
    with database.transaction() as conn:
        beta, _ = create_platform(conn, "beta")
    ingestor = Ingestor(database, detector)
    for batch in _batches():
        ingestor.ingest(beta, batch)
    return acme, beta


def _fresh(sqlite_template: Path, tmp_path: Path, detector: Detector) -> tuple[Database, Platform]:
    shutil.copy(sqlite_template, tmp_path / "fresh.db")
    fresh = Database(f"sqlite:///{tmp_path / 'fresh.db'}")
    return fresh, _scored(fresh, detector)


def _hi(message_id: str) -> dict[str, object]:
    """A one-message batch for `POST /v1/messages`."""
    message = {
        "conversation_id": "c1",
        "message_id": message_id,
        "sender_id": "s1",
        "sent_at": "2026-05-01T10:00:00Z",
        "text": "hi",
    }
    return {"messages": [message]}


def _more(suffix: str) -> list[IncomingMessage]:
    return [dataclasses.replace(m, message_id=m.message_id + suffix) for m in _batches()[1][:40]]


def test_a_platform_moved_to_its_own_model_is_scored_as_if_it_had_scored_it_all_along(
    database: Database,
    detector: Detector,
    other: Detector,
    other_dir: str,
    sqlite_template: Path,
    tmp_path: Path,
) -> None:
    acme, beta = _two(database, detector)
    acme_before, beta_before = _scores(database, acme), _scores(database, beta)
    server = Ingestor(database, detector)  # a server of the deployment's model, running on

    done = set_model(database, "beta", other_dir, detector)

    assert (done.previous, done.current, done.platforms) == (
        model_version(detector),
        model_version(other),
        1,
    )
    fresh, fresh_platform = _fresh(sqlite_template, tmp_path, other)
    assert _scores(database, beta) == _scores(fresh, fresh_platform)
    assert _scores(database, beta) != beta_before
    assert _scores(database, acme) == acme_before  # the others keep the deployment's model
    with database.read() as conn:
        beta = find_platform(conn, "beta")
        own, deployment = recorded(conn, beta.id), recorded(conn)
    assert beta.model_dir == other_dir
    assert own is not None and own["fingerprint"] == other.fingerprint()
    assert deployment is not None and deployment["fingerprint"] == detector.fingerprint()
    check(database, detector, None)
    check_platforms(database, Detector.load)

    # The running server scores beta's next batch with beta's model, without a restart ...
    server.ingest(beta, _more("+"))
    Ingestor(fresh, other).ingest(fresh_platform, _more("+"))
    assert _scores(database, beta) == _scores(fresh, fresh_platform)
    assert server.model_for(beta).fingerprint() == other.fingerprint()
    # ... and acme's with the deployment's, as before.
    server.ingest(acme, _more("+"))
    assert server.model_for(acme) is detector
    fresh.dispose()


def test_alerts_keep_the_model_of_the_platform_that_raised_them(
    database: Database, detector: Detector, other: Detector, other_dir: str
) -> None:
    with database.transaction() as conn:
        acme, _ = create_platform(conn, "acme")
        beta, _ = create_platform(conn, "beta")
    check(database, detector, None)
    set_model(database, "beta", other_dir, detector)
    with database.read() as conn:
        beta = find_platform(conn, "beta")
    server = Ingestor(database, detector)
    for platform in (acme, beta):
        for batch in _batches():
            server.ingest(platform, batch)
    with database.read() as conn:
        raisers = dict(conn.execute(select(alerts.c.platform_id, alerts.c.model_version)).all())
    assert raisers == {acme.id: model_version(detector), beta.id: model_version(other)}


def test_while_a_platform_is_re_scored_its_batches_are_refused_and_the_others_go_on(
    database: Database,
    detector: Detector,
    other_dir: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with database.transaction() as conn:
        _, acme_key = create_platform(conn, "acme")
        _, beta_key = create_platform(conn, "beta")
    check(database, detector, None)
    app = create_app(Settings(database_url=database.url), database=database, detector=detector)

    def post(key: str | None, message_id: str) -> int:
        client = TestClient(app, headers={"X-API-Key": key or ""})
        return client.post("/v1/messages", json=_hi(message_id)).status_code

    assert post(beta_key.secret, "b1") == 200

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # the operator stopped it half-way

    monkeypatch.setattr(rescoring, "_rescore_platform", interrupted)
    with pytest.raises(KeyboardInterrupt):
        set_model(database, "beta", other_dir, detector)
    assert post(beta_key.secret, "b2") == 503
    assert post(acme_key.secret, "a1") == 200
    with pytest.raises(ScoringModelChangedError, match="set-model beta"):
        check_platforms(database, Detector.load)
    monkeypatch.undo()
    set_model(database, "beta", other_dir, detector)  # run again: it starts over
    assert post(beta_key.secret, "b2") == 200  # the same server, no restart
    check_platforms(database, Detector.load)


def test_back_to_the_deployments_model(
    database: Database, detector: Detector, other_dir: str
) -> None:
    _, beta = _two(database, detector)
    before = _scores(database, beta)
    set_model(database, "beta", other_dir, detector)
    done = set_model(database, "beta", None, detector)
    assert done.current == model_version(detector)
    assert _scores(database, beta) == before
    with database.read() as conn:
        assert find_platform(conn, "beta").model_dir is None
        assert recorded(conn, beta.id) is None
    check_platforms(database, Detector.load)


def test_db_rescore_leaves_a_platform_with_its_own_model_alone(
    database: Database, detector: Detector, other: Detector, other_dir: str
) -> None:
    acme, beta = _two(database, detector)
    set_model(database, "beta", other_dir, detector)
    acme_before, beta_before = _scores(database, acme), _scores(database, beta)
    done = rescore(database, other, other_dir)  # the deployment moves to `other` too
    assert done.platforms == 1
    assert _scores(database, acme) != acme_before
    assert _scores(database, beta) == beta_before


def test_serve_refuses_a_platform_whose_model_is_gone_or_changed(
    database: Database, detector: Detector, other_dir: str
) -> None:
    _two(database, detector)
    set_model(database, "beta", other_dir, detector)
    moved = other_dir + "-moved"
    shutil.move(other_dir, moved)
    with pytest.raises(ModelError, match=r"platform 'beta'.*cannot be loaded"):
        check_platforms(database, Detector.load)
    with pytest.raises(ModelError, match=r"platform 'beta'.*cannot be loaded"):
        serve(Settings(database_url=database.url))  # refused before it listens
    detector.save(other_dir)  # another model where beta's was
    with pytest.raises(ScoringModelChangedError, match="set-model beta"):
        check_platforms(database, Detector.load)


def test_set_model_command(database: Database, detector: Detector, other_dir: str) -> None:
    _two(database, detector)
    env = {"LUREWATCH_DATABASE_URL": database.url}
    runner = CliRunner()
    both = runner.invoke(main, ["admin", "set-model", "beta", other_dir, "--default"], env=env)
    assert both.exit_code == 2 and "either MODEL_DIR or --default" in both.stderr
    done = runner.invoke(main, ["admin", "set-model", "beta", other_dir, "--json"], env=env)
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["model_dir"] == str(Path(other_dir).resolve()) and report["messages"] > 0
    listed = runner.invoke(main, ["admin", "list-platforms"], env=env).stdout
    assert f"its own model at {Path(other_dir).resolve()}" in listed
    status = runner.invoke(main, ["db", "status"], env=env).stdout
    assert "platform beta:" in status and "its own" in status
    with database.read() as conn:
        assert any(e["action"] == "platform.set_model" for e in audit.entries(conn))
    back = runner.invoke(main, ["admin", "set-model", "beta", "--default"], env=env)
    assert back.exit_code == 0 and "the deployment model_dir" in back.stdout
    missing = runner.invoke(main, ["admin", "set-model", "beta", "/no/such/model"], env=env)
    assert missing.exit_code == 2
    with database.read() as conn:
        assert find_platform(conn, "beta").model_dir is None  # nothing changed


def test_a_batch_for_a_platform_whose_model_is_gone_is_refused_and_nothing_stored(
    database: Database, detector: Detector, other_dir: str
) -> None:
    with database.transaction() as conn:
        _, key = create_platform(conn, "beta")
    check(database, detector, None)
    set_model(database, "beta", other_dir, detector)
    shutil.rmtree(other_dir)
    app = create_app(Settings(database_url=database.url), database=database, detector=detector)
    client = TestClient(app, headers={"X-API-Key": key.secret or ""})
    answer = client.post("/v1/messages", json=_hi("m1"))
    assert answer.status_code == 503 and "cannot be loaded" in answer.json()["detail"]
    assert other_dir not in answer.text  # where models live is for operators
    with database.read() as conn:
        beta = find_platform(conn, "beta")
    assert _scores(database, beta)["messages"] == {}


def _decided(database: Database, dismiss: int) -> dict[str, tuple[str, str]]:
    """Every alert decided by a moderator: the first `dismiss` of each platform dismissed,
    the rest banned; returns platform id -> the (conversation, sender) of each dismissal."""
    with database.transaction() as conn:
        user = cases.user_by_id(conn, create_user(conn, "mo", "admin", "correct horse battery"))
        assert user is not None
        rows = conn.execute(
            select(
                alerts.c.id, alerts.c.platform_id, alerts.c.conversation_id, alerts.c.sender_id
            ).order_by(alerts.c.id)
        ).all()
        dismissed: dict[str, tuple[str, str]] = {}
        seen: dict[str, int] = {}
        for row in rows:
            seen[row.platform_id] = seen.get(row.platform_id, 0) + 1
            decision = "dismiss" if seen[row.platform_id] <= dismiss else "ban"
            cases.claim(conn, user, row.id)
            cases.decide(conn, user, row.id, decision, "reviewed")
            if decision == "dismiss":
                dismissed[row.platform_id] = (row.conversation_id, row.sender_id)
    return dismissed


def test_export_names_the_dismissed_sender_and_training_leaves_the_others_out(
    database: Database, detector: Detector, tmp_path: Path
) -> None:
    """A dismissal judges the alert's sender, not whoever else is in the conversation."""
    acme, _beta = _two(database, detector)
    (conversation, sender) = _decided(database, dismiss=1)[acme.id]
    out = tmp_path / "labels" / "corpus" / "conversations.jsonl"
    key = "k" * 32
    with database.read() as conn:
        assert export(conn, key, out, "acme") == 3
    records = [json.loads(line) for line in out.read_text().splitlines()]
    name = f"lurewatch:{pseudonym(key, acme.id, conversation)}"
    (record,) = [r for r in records if r["id"] == name]
    alias = pseudonym(key, acme.id, sender)
    others = {m["author"] for m in record["messages"]} - {alias}
    assert (record["predators"], record["dismissed"]) == ([], [alias]) and others
    assert all(r["dismissed"] == [] and len(r["predators"]) == 1 for r in records if r != record)
    conversations = list(read_conversations(out.parent.parent))
    streams = feedback_streams(conversations, {r["id"]: r["dismissed"] for r in records})
    roles = {s.id: s.role for s in streams}
    assert roles[f"{record['id']}:{alias}"] == "ordinary"
    assert not any(f"{record['id']}:{o}" in roles for o in others)  # judged by no one
    assert sorted(roles.values()) == ["decoy", "decoy", "ordinary", "predator", "predator"]


def _trained_on(detector: Detector, record: dict[str, object], where: Path) -> str:
    return str(dataclasses.replace(detector, training=record).save(where))


def test_a_platform_s_own_model_may_learn_from_its_own_moderators_labels_only(
    database: Database, detector: Detector, other: Detector, tmp_path: Path
) -> None:
    """Assigning a model that learnt from another platform's decisions is refused, before
    anything changes; such a model can only be the deployment's default."""
    acme, _beta = _two(database, detector)
    acme_before = _scores(database, acme)
    both = _trained_on(
        other, {"sources": ["chitchat", "lurewatch:acme", "lurewatch:beta", "pj"]}, tmp_path / "a"
    )
    adapted = _trained_on(
        other,
        {
            "sources": ["pj"],
            "adapted": [{"sources": ["lurewatch:acme"]}, {"sources": ["lurewatch:beta"]}],
        },
        tmp_path / "b",
    )
    for model_dir in (both, adapted):
        foreign = r"other platforms than 'acme' \(lurewatch:beta"
        with pytest.raises(ForeignLabelsError, match=foreign):
            set_model(database, "acme", model_dir, detector)
        with database.read() as conn:
            assert find_platform(conn, "acme").model_dir is None
            assert recorded(conn, acme.id) is None
        assert _scores(database, acme) == acme_before
    refused = CliRunner().invoke(
        main, ["admin", "set-model", "acme", both], env={"LUREWATCH_DATABASE_URL": database.url}
    )
    assert refused.exit_code == 2 and "deployment's default" in refused.stderr
    assert "re-scoring" not in refused.stderr  # no progress bar for work that never starts
    own = _trained_on(
        other, {"sources": ["pj"], "adapted": [{"sources": ["lurewatch:acme"]}]}, tmp_path / "c"
    )
    set_model(database, acme.id, own, detector)  # by id: the name is what the labels carry
    with database.read() as conn:
        assert find_platform(conn, "acme").model_dir == own
    set_model(database, "beta", str(default_model_dir()), detector)  # no labels at all: fine
    # The deployment's model is the operator's choice: `db rescore` takes any.
    assert rescore(database, Detector.load(both), both).platforms == 0  # both have their own


def test_serve_refuses_a_platform_model_that_learnt_from_other_platforms_labels(
    database: Database,
    detector: Detector,
    other: Detector,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`admin set-model` refuses such a model; one assigned before it did (an older
    lurewatch) was served without a word."""
    _two(database, detector)
    both = _trained_on(other, {"sources": ["lurewatch:acme", "lurewatch:beta"]}, tmp_path / "a")
    with monkeypatch.context() as patched:  # the assignment of a lurewatch without the check
        patched.setattr(rescoring, "check_own_labels", lambda *_: None)
        set_model(database, "acme", both, detector)
    check(database, detector, None)
    with pytest.raises(ForeignLabelsError, match=r"other platforms than 'acme' \(lurewatch:beta"):
        check_platforms(database, Detector.load)


def test_the_labels_a_model_learnt_from_come_from_its_training_record(detector: Detector) -> None:
    shipped = Detector.load(posterior=True)
    assert label_sources(shipped) == []  # the benchmark's sources only
    stream = Stream("c1:a", "lurewatch:beta", "train", "ordinary", "g", "und", ("hi", "lol"))
    adapted = adapt_detector(shipped, [stream], C=2.0)
    assert label_sources(adapted) == ["lurewatch:beta"]
    odd = dataclasses.replace(detector, training={"sources": "lurewatch:x", "adapted": [1, {}]})
    assert label_sources(odd) == []  # a record of another shape names none
