"""Alert budgets from a platform's own traffic: `lurewatch admin calibrate`, on both stores."""

from __future__ import annotations

import json
from datetime import datetime
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from lurewatch.cli import main
from lurewatch.engine.detector import Detector
from lurewatch.service import replay
from lurewatch.service.calibrate import calibrate
from lurewatch.service.cases import claim, decide, user_by_id
from lurewatch.service.ingest import IncomingMessage, Ingestor
from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import alerts, audit_log, conversations
from lurewatch.service.tenants import Platform, create_platform, create_user, find_platform

DEMO = Path(str(resources.files("lurewatch") / "samples" / "demo.jsonl"))
COPIES = 15  # of each ordinary demo conversation, under new ids: 45 + 3 ordinary + 3 grooming


def traffic() -> list[IncomingMessage]:
    """The demo's chats (three invented grooming patterns, three ordinary chats), the
    ordinary ones repeated under other conversation and sender ids."""
    rows = [json.loads(line) for line in DEMO.read_text().splitlines() if line.strip()]
    out = []
    for copy in range(COPIES + 1):
        for row in rows:
            if copy and not row["conversation_id"].startswith("ordinary"):
                continue
            tag = f"~{copy}" if copy else ""
            out.append(
                IncomingMessage(
                    row["conversation_id"] + tag,
                    row["message_id"] + tag,
                    row["sender_id"] + tag,
                    datetime.fromisoformat(row["sent_at"]),
                    row["text"],
                )
            )
    return out


def platform_with_traffic(database: Database, detector: Detector) -> str:
    with database.transaction() as conn:
        platform, _ = create_platform(conn, "acme")
    Ingestor(database, detector).ingest(platform, traffic())
    return platform.id


def platform_of(database: Database, platform_id: str) -> Platform:
    with database.read() as conn:
        return find_platform(conn, platform_id)


def warned_conversations(database: Database, platform_id: str) -> set[str]:
    with database.read() as conn:
        return set(
            conn.execute(
                select(conversations.c.conversation_id).where(
                    conversations.c.platform_id == platform_id, conversations.c.warning
                )
            ).scalars()
        )


def test_calibration_replays_what_ingest_scored_and_holds_the_budget(
    database: Database, detector: Detector
) -> None:
    pid = platform_with_traffic(database, detector)
    warned = warned_conversations(database, pid)
    assert {c for c in warned if c.startswith("synthetic")} == {
        "synthetic-grooming-1",
        "synthetic-grooming-2",
        "synthetic-grooming-3",
    }
    result = calibrate(database, detector, platform_of(database, pid), max_rate=0.05)
    sent = traffic()
    assert result.messages == len(sent)
    assert result.conversations.units == len({m.conversation_id for m in sent}) == 51
    assert result.senders.units == len({m.sender_id for m in sent})
    # At the rule in force, the replay warns exactly the conversations ingest warned.
    assert result.current.threshold == detector.rule.threshold
    assert result.current.conversations_rate == len(warned) / 51
    # Three of 51 is over 5%: the budget raises the threshold until at most two are warned.
    assert result.conversations.limited and result.conversations.allowed == 2
    assert result.proposed.threshold > detector.rule.threshold
    assert result.proposed.conversations_rate <= 0.05
    assert result.proposed.senders_rate <= 0.05
    assert result.confirmed_senders == 0
    # Side by side, from the same replay: only budgets this traffic can hold (51
    # conversations allow two warned at 5%, one at 2%), each holding, the 5% one the same.
    (option,) = result.options
    assert option.max_rate == 0.05 and option.threshold == result.proposed.threshold
    assert option.senders_rate <= 0.05 and option.conversations_rate <= 0.05


def test_confirmed_groomers_leave_the_budget_and_show_what_it_costs(
    database: Database, detector: Detector
) -> None:
    pid = platform_with_traffic(database, detector)
    with database.transaction() as conn:
        user = user_by_id(conn, create_user(conn, "mod", "admin", "correct horse battery"))
        assert user is not None
        alert_id = conn.execute(
            select(alerts.c.id).where(alerts.c.conversation_id == "synthetic-grooming-1")
        ).scalar_one()
        claim(conn, user, alert_id)
        decide(conn, user, alert_id, "warn", "asked a child for secrecy and to meet")
    result = calibrate(database, detector, platform_of(database, pid), max_rate=0.05)
    # The confirmed conversation and sender are no longer counted as ordinary ...
    assert result.conversations.units == 50
    assert result.senders.units == len({m.sender_id for m in traffic()}) - 1
    assert result.confirmed_senders == 1 and result.current.confirmed_warned == 1
    # ... so two warned of 50 fit the budget at the model's own threshold.
    assert not result.conversations.limited
    assert result.proposed.threshold == result.model_threshold
    assert result.proposed.confirmed_warned == 1


def test_calibrate_command_prints_applies_and_audits(
    database: Database, detector: Detector
) -> None:
    pid = platform_with_traffic(database, detector)
    env = {"LUREWATCH_DATABASE_URL": database.url}
    runner = CliRunner()
    shown = runner.invoke(main, ["admin", "calibrate", "acme", "--max-rate", "0.05"], env=env)
    assert shown.exit_code == 0, shown.stderr
    assert "proposed threshold" in shown.stdout and "of senders" in shown.stdout
    assert "5.00%: threshold" in shown.stdout  # the other budgets, side by side
    with database.read() as conn:
        assert find_platform(conn, pid).settings.warning_threshold is None  # nothing saved

    applied = runner.invoke(
        main, ["admin", "calibrate", "acme", "--max-rate", "0.05", "--apply", "--json"], env=env
    )
    assert applied.exit_code == 0, applied.stderr
    doc = json.loads(applied.stdout)
    assert doc["proposed"]["threshold"] > doc["model_threshold"]
    with database.read() as conn:
        assert find_platform(conn, pid).settings.warning_threshold == doc["proposed"]["threshold"]
        actions = conn.execute(select(audit_log.c.action)).scalars().all()
    assert "settings.calibrate" in actions
    # Calibrating again starts from the saved rule: now nothing more needs to change.
    again = runner.invoke(
        main, ["admin", "calibrate", "acme", "--max-rate", "0.05", "--json"], env=env
    )
    redo = json.loads(again.stdout)
    assert redo["current"]["threshold"] == doc["proposed"]["threshold"]
    assert redo["current"]["conversations_rate"] <= 0.05


def test_calibrate_refuses_too_little_traffic(database: Database, detector: Detector) -> None:
    platform_with_traffic(database, detector)
    result = CliRunner().invoke(
        main, ["admin", "calibrate", "acme"], env={"LUREWATCH_DATABASE_URL": database.url}
    )
    assert result.exit_code == 2
    assert "too few" in result.stderr and "collect at least 400" in result.stderr


def test_replay_in_small_pages_and_batches_gives_the_same_scores(
    database: Database, detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = platform_with_traffic(database, detector)
    whole = calibrate(database, detector, platform_of(database, pid), max_rate=0.05)
    # Pages of 7 conversations read in their own transactions, scored 5 messages at a time.
    monkeypatch.setattr(replay, "PAGE", 7)
    monkeypatch.setattr(replay, "BATCH", 5)
    seen: list[int] = []
    paged = calibrate(
        database, detector, platform_of(database, pid), max_rate=0.05, progress=seen.append
    )
    assert paged == whole
    assert sum(seen) == whole.messages and max(seen) == 5
