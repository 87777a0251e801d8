"""`lurewatch import`: past chats from files are stored and scored as if sent through the API
(alerts included), checked whole before anything is stored, never stored twice, dated
sensibly, and audited."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select
from test_service_api import GROOMING, messages

from lurewatch.cli import main
from lurewatch.readers import read_messages
from lurewatch.service import audit
from lurewatch.service.importer import sent_time
from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import alerts, webhook_events
from lurewatch.service.store.schema import messages as messages_table
from lurewatch.service.tenants import find_platform, save_platform_settings

FIXTURES = Path(__file__).parent / "fixtures"
PAN12_XML = (
    FIXTURES
    / "pan12"
    / "train"
    / "pan12-sexual-predator-identification-training-corpus-2012-05-01.xml"
)


def run(store: Database, *args: str, env: dict[str, str] | None = None) -> Result:
    environ = {"LUREWATCH_DATABASE_URL": store.url, **(env or {})}
    return CliRunner().invoke(main, ["import", "--platform", "acme", *args], env=environ)


def jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def count(store: Database, table: Any = messages_table) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_imported_chats_are_stored_scored_and_alerted_once(store: Database, tmp_path: Path) -> None:
    chats = jsonl(tmp_path / "past.jsonl", messages("g", GROOMING))
    ordinary = FIXTURES / "generic" / "messages.jsonl"
    done = run(store, str(chats), str(ordinary), "--json")
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    expected = len(GROOMING) + sum(1 for _ in read_messages(ordinary))
    assert (report["messages"], report["accepted"], report["duplicates"]) == (expected, expected, 0)
    assert report["alerts_created"] == 1 and count(store) == expected
    with store.read() as conn:
        assert list(conn.execute(select(alerts.c.conversation_id)).scalars()) == ["g"]
        entry = [e for e in audit.entries(conn) if e["action"] == "messages.import"][-1]
    assert entry["detail"]["accepted"] == expected and entry["actor"].startswith("cli")
    again = json.loads(run(store, str(chats), str(ordinary), "--json").stdout)
    assert (again["accepted"], again["duplicates"], again["alerts_created"]) == (0, expected, 0)
    assert count(store) == expected and count(store, alerts) == 1


def test_csv_and_pan12_xml_import_every_message(store: Database) -> None:
    files = [FIXTURES / "generic" / "messages.csv", PAN12_XML]
    done = run(store, *map(str, files))
    assert done.exit_code == 0, done.output
    expected = sum(1 for f in files for _ in read_messages(f))
    assert count(store) == expected and f"{expected} messages: {expected} stored" in done.stdout
    assert "had no date and were dated now" in done.stderr  # PAN12's times of day


def test_times_without_a_zone_are_read_in_the_given_one() -> None:
    now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    berlin = ZoneInfo("Europe/Berlin")
    assert sent_time("2024-03-01T10:00:00", berlin, now) == (
        datetime(2024, 3, 1, 9, 0, tzinfo=UTC),
        False,
    )
    assert sent_time("2024-03-01T10:00:00+05:00", berlin, now)[0] == datetime(
        2024, 3, 1, 5, 0, tzinfo=UTC
    )
    assert sent_time("2024-03-01", UTC, now) == (datetime(2024, 3, 1, tzinfo=UTC), False)
    assert sent_time("03:20", UTC, now) == (now, True)
    assert sent_time(None, UTC, now) == (now, True)


def test_a_bad_row_stops_the_import_before_anything_is_stored(
    store: Database, tmp_path: Path
) -> None:
    path = jsonl(tmp_path / "past.jsonl", messages("g", GROOMING))
    with path.open("a") as handle:
        handle.write("{not json\n")
    failed = run(store, str(path))
    assert failed.exit_code == 2 and f"{path}:{len(GROOMING) + 1}" in failed.stderr
    assert count(store) == 0
    skipped = run(store, str(path), "--skip-bad")
    assert skipped.exit_code == 0 and count(store) == len(GROOMING)
    assert (
        "skipped 1 bad row and" in skipped.stderr
        and f"{path}:{len(GROOMING) + 1}" in skipped.stderr
    )


def test_messages_the_api_would_refuse_are_refused_by_name(store: Database, tmp_path: Path) -> None:
    rows = messages("g", GROOMING[:3])
    rows[2]["text"] = "x" * 100
    rows.append(messages("h", GROOMING[:1])[0] | {"message_id": "m" * 201})
    path = jsonl(tmp_path / "past.jsonl", rows)
    env = {"LUREWATCH_MAX_TEXT_BYTES": "64"}
    failed = run(store, str(path), env=env)
    assert failed.exit_code == 2, failed.output
    assert "message 'g-2' of conversation 'g'" in failed.stderr
    assert "100 UTF-8 bytes; the limit is 64" in failed.stderr and count(store) == 0
    skipped = run(store, str(path), "--skip-bad", "--json", env=env)
    report = json.loads(skipped.stdout)
    assert (report["accepted"], report["rejected_count"]) == (2, 2)
    assert "message_id" in report["rejected"][1][2]  # the id over 200 characters


def test_times_without_a_utc_equivalent_are_refused_by_name(
    store: Database, tmp_path: Path
) -> None:
    rows = messages("g", GROOMING[:2])
    rows[1]["sent_at"] = "9999-12-31T23:59:59-14:00"
    path = jsonl(tmp_path / "past.jsonl", rows)
    failed = run(store, str(path))
    assert failed.exit_code == 2 and "message 'g-1' of conversation 'g'" in failed.stderr
    assert "UTC" in failed.stderr and count(store) == 0
    assert "sent_at: is outside years 1 to 9999" in failed.stderr  # not "Value error, is"
    skipped = json.loads(run(store, str(path), "--skip-bad", "--json").stdout)
    assert (skipped["accepted"], skipped["rejected_count"]) == (1, 1)


def test_a_message_id_reused_for_another_message_is_a_conflict_not_a_repeat(
    store: Database, tmp_path: Path
) -> None:
    """Ids are unique per platform: the second message would be dropped as "already
    stored" without a word; the same message twice is a harmless repeat."""
    first = messages("a", GROOMING[:2])
    other = [{**first[0], "conversation_id": "b"}]  # same id "a-0", another conversation
    conflict = run(store, str(jsonl(tmp_path / "one.jsonl", first + other)))
    assert conflict.exit_code == 2 and "message 'a-0' of conversation 'b'" in conflict.stderr
    assert "used earlier in this import" in conflict.stderr and count(store) == 0
    across = [str(jsonl(tmp_path / "x.jsonl", first)), str(jsonl(tmp_path / "y.jsonl", other))]
    assert run(store, *across).exit_code == 2 and count(store) == 0  # across files too
    skipped = json.loads(run(store, *across, "--skip-bad", "--json").stdout)
    assert (skipped["accepted"], skipped["rejected_count"]) == (2, 1)
    repeat = json.loads(
        run(store, str(jsonl(tmp_path / "z.jsonl", first + first)), "--json").stdout
    )
    assert (repeat["accepted"], repeat["duplicates"]) == (0, 4)  # stored by the run above
    # an id stored by an earlier import, now for another message: not stored, and said so
    later = run(store, str(jsonl(tmp_path / "w.jsonl", other)))
    assert later.exit_code == 0 and later.stdout.startswith("1 message: 0 stored, 0 already")
    assert "1 message not stored: its id is stored for other messages" in later.stderr
    assert json.loads(run(store, str(tmp_path / "w.jsonl"), "--json").stdout)["conflicts"] == 1


def test_import_refuses_an_unknown_platform_or_time_zone(store: Database) -> None:
    chats = str(FIXTURES / "generic" / "messages.jsonl")
    zone = run(store, chats, "--timezone", "Mars/Olympus")
    assert zone.exit_code == 2 and "unknown time zone 'Mars/Olympus'" in zone.stderr
    environ = {"LUREWATCH_DATABASE_URL": store.url}
    nobody = CliRunner().invoke(main, ["import", "--platform", "nope", chats], env=environ)
    assert nobody.exit_code == 2 and "nope" in nobody.stderr
    assert count(store) == 0


def test_import_errors_start_their_own_line_not_after_the_progress_bar(
    store: Database, tmp_path: Path
) -> None:
    """The bar was drawn before the platform or the files were checked, and the error was
    printed after it on the same line: `importing: 0 messages [...]error: no platform`."""
    chats = str(FIXTURES / "generic" / "messages.jsonl")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    environ = {"LUREWATCH_DATABASE_URL": store.url}
    for args in (["--platform", "nope", chats], [str(empty)], [str(bad)]):
        if "--platform" in args:
            result = CliRunner().invoke(main, ["import", *args], env=environ)
        else:
            result = run(store, *args)
        assert result.exit_code == 2, (args, result.stderr)
        assert result.stderr.startswith("error: "), (args, result.stderr)
    assert count(store) == 0


def test_an_import_failing_midway_ends_the_bar_line_before_its_error(
    store: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lurewatch._errors import LurewatchError

    def failing(*_args: Any, progress: Any, **_kwargs: Any) -> None:
        progress(500, 1000)
        raise LurewatchError("the files changed while they were imported")

    monkeypatch.setattr("lurewatch.service.importer.import_files", failing)
    result = run(store, str(FIXTURES / "generic" / "messages.jsonl"))
    assert result.exit_code == 2 and "importing:" in result.stderr
    assert "\nerror: the files changed" in result.stderr, result.stderr


def test_the_import_summary_says_1_message_and_1_bad_row(store: Database, tmp_path: Path) -> None:
    chat = tmp_path / "one.jsonl"
    row = {**messages("c", [("a", "hi")])[0], "sent_at": None}
    chat.write_text(json.dumps(row) + "\n{bad\n")
    result = run(store, str(chat), "--skip-bad")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("1 message: 1 stored, 0 already stored;"), result.stdout
    assert "1 message had no date and was dated now\n" in result.stderr, result.stderr
    assert "skipped 1 bad row and 0 invalid messages (first: " in result.stderr, result.stderr


def test_an_import_can_raise_its_alerts_without_paging_anyone(
    store: Database, tmp_path: Path
) -> None:
    with store.transaction() as conn:
        platform = find_platform(conn, "acme")
        hooked = platform.settings.model_copy(update={"webhook_url": "https://hooks.example/x"})
        save_platform_settings(conn, platform.id, hooked)
    quiet = jsonl(tmp_path / "old.jsonl", messages("g", GROOMING))
    assert run(store, str(quiet), "--no-webhooks").exit_code == 0
    assert count(store, alerts) == 1 and count(store, webhook_events) == 0
    loud = jsonl(tmp_path / "new.jsonl", messages("h", GROOMING))
    assert run(store, str(loud)).exit_code == 0
    assert count(store, alerts) == 2 and count(store, webhook_events) == 1
    with store.read() as conn:  # the platform's own setting is untouched
        assert find_platform(conn, "acme").settings.webhook_url == "https://hooks.example/x"
