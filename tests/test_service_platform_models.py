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
from lurewatch.engine.detector import Detector
from lurewatch.service import audit
from lurewatch.service import rescore as rescoring
from lurewatch.service.api.app import create_app
from lurewatch.service.ingest import IncomingMessage, Ingestor
from lurewatch.service.rescore import rescore, set_model
from lurewatch.service.scoring_model import (
    ScoringModelChangedError,
    check,
    check_platforms,
    model_version,
    recorded,
)
from lurewatch.service.server import serve
from lurewatch.service.settings import Settings
from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import alerts
from lurewatch.service.tenants import Platform, create_platform, find_platform


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
