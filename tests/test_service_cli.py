"""Service commands: db, admin, config, purge, demo, serve and quickstart (`make run`)."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from lurewatch.cli import main
from lurewatch.service.settings import Settings
from lurewatch.service.store.database import Database
from lurewatch.service.tenants import authenticate


def run(db_url: str, *args: str, stdin: str | None = None, **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, list(args), input=stdin, env={"LUREWATCH_DATABASE_URL": db_url, **env}
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_db_upgrade_and_status(db_url: str, tmp_path: Path) -> None:
    code, out, _ = run(db_url, "db", "status")
    assert code == 1 and "no database at" in out and "lurewatch db upgrade" in out
    assert not (tmp_path / "cli.db").exists()  # looking created nothing
    (tmp_path / "cli.db").touch()
    code, out, _ = run(db_url, "db", "status")
    assert code == 1 and "OUTDATED" in out
    code, out, _ = run(db_url, "db", "upgrade")
    assert code == 0 and "upgraded from empty to" in out
    code, out, _ = run(db_url, "db", "upgrade")
    assert code == 0 and "already at revision" in out
    assert run(db_url, "db", "status")[0] == 0


def test_a_missing_relative_sqlite_store_is_named_by_its_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default `sqlite:///lurewatch.db` is read from the current directory: run from
    another one, the error named only the URL, its advice made a second, empty store, and
    the admin commands made one themselves."""
    monkeypatch.chdir(tmp_path)
    chat = tmp_path / "chat.csv"
    chat.write_text("conversation_id,message_id,sender_id,sent_at,text\nc1,m1,u1,,hi\n")
    url = "sqlite:///lurewatch.db"
    here = f"{url} (the file {tmp_path / 'lurewatch.db'}: a path relative to the current directory)"
    code, _, err = run(url, "import", str(chat), "--platform", "demo")
    assert code == 2 and err.startswith(f"error: the database {here} does not exist yet: "), err
    assert "LUREWATCH_DATABASE_URL" in err and "run `lurewatch db upgrade`" in err, err
    code, out, _ = run(url, "db", "status")
    assert code == 1 and out.startswith(f"no database at {here} yet: "), out
    for command in (
        ["admin", "list-platforms"],
        ["admin", "create-platform", "demo"],
        ["audit", "verify"],
        ["purge"],
    ):  # these made an empty store there, then failed on a missing table
        code, _, err = run(url, *command)
        assert code == 2 and err.startswith(f"error: the database {here} does not exist"), err
    assert not (tmp_path / "lurewatch.db").exists()


def test_options_are_checked_as_settings_and_unread_variables_warned_once(
    tmp_path: Path,
) -> None:
    """`--port 99999` was served on 34463 (99999 mod 65536) while the banner said 99999;
    a command that loads the settings twice warned twice about a misspelt variable."""
    url = f"sqlite:///{tmp_path / 'lw.db'}"
    code, _, err = run(url, "serve", "--port", "99999")
    assert (
        code == 2
        and "port (from option --port): Input should be less than or equal to 65535" in err
    ), err
    assert run(url, "db", "upgrade")[0] == 0
    code, _, err = run(url, "purge", LUREWATCH_PORTT="1")
    assert code == 0 and err.count("LUREWATCH_PORTT is ignored") == 1, err


def test_the_address_of_an_ipv6_host_is_in_brackets() -> None:
    from lurewatch._service_cli import _address

    assert _address(Settings(host="::1", port=9000)) == "http://[::1]:9000"
    assert _address(Settings(host="127.0.0.1", port=9000)) == "http://127.0.0.1:9000"


def test_a_file_that_is_no_database_is_refused_cleanly(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database, but some notes\n" * 200)
    for command in (["db", "status"], ["db", "upgrade"], ["purge"]):
        code, _, err = run(f"sqlite:///{notes}", *command)
        assert code == 2 and "file is not a database" in err, (command, err)
        assert "Traceback" not in err


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again on leaving: nothing listens there


@pytest.mark.parametrize(
    "command",
    [
        ["admin", "list-platforms"],
        ["admin", "create-key", "acme"],
        ["admin", "revoke-key", "key_1"],
        ["audit", "verify"],
    ],
)
def test_an_unreachable_database_is_one_line_not_a_traceback(command: list[str]) -> None:
    """Commands that read or write without a schema check first say it as the others do."""
    url = f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/test"
    code, _, err = run(url, *command)
    assert code == 2, err
    assert err.startswith(f"error: cannot open the database {url}: ")
    assert "Traceback" not in err


def test_a_config_file_that_is_not_text_is_refused_cleanly(tmp_path: Path) -> None:
    binary = tmp_path / "settings.toml"
    binary.write_bytes(b"\xff\xfeport = 1\n")
    result = CliRunner().invoke(main, ["config", "--config", str(binary)])
    assert result.exit_code == 2 and "is not valid TOML (in UTF-8)" in result.stderr


def test_platform_names_are_short_single_line_text(db_url: str) -> None:
    run(db_url, "db", "upgrade")
    for name in ("", "   ", "x" * 65, "two\nlines"):
        code, _, err = run(db_url, "admin", "create-platform", name)
        assert code == 2 and "platform name" in err, name
    assert run(db_url, "admin", "create-platform", "  Game Club  ")[0] == 0


def test_export_labels_of_an_unknown_platform_is_an_error(db_url: str, tmp_path: Path) -> None:
    run(db_url, "db", "upgrade")
    out = tmp_path / "labels.jsonl"
    key = {"LUREWATCH_PSEUDONYM_KEY": "k" * 40}
    code, _, err = run(db_url, "export-labels", "--platform", "nosuch", "--out", str(out), **key)
    assert code == 2 and "no platform 'nosuch'" in err


def test_export_labels_refuses_to_overwrite_the_database(db_url: str, tmp_path: Path) -> None:
    run(db_url, "db", "upgrade")
    store = tmp_path / "cli.db"
    key = {"LUREWATCH_PSEUDONYM_KEY": "k" * 40}
    code, _, err = run(db_url, "export-labels", "--out", str(store), **key)
    assert code == 2 and f"--out {store}: would overwrite the input {store}" in err, err
    assert run(db_url, "db", "status")[0] == 0


def test_import_checks_every_file_before_anything_else(db_url: str, tmp_path: Path) -> None:
    """A missing last file is named before the database, the model or the first file is
    touched (here the database is not even created: that error would come first)."""
    chat = tmp_path / "chat.csv"
    chat.write_text("conversation_id,message_id,sender_id,sent_at,text\nc1,m1,u1,,hi\n")
    missing = tmp_path / "missing.jsonl"
    code, _, err = run(db_url, "import", str(chat), str(missing), "--platform", "p")
    assert code == 2 and f"{missing}: no such file" in err, err


def test_serve_refuses_an_outdated_schema(db_url: str) -> None:
    code, _, err = run(db_url, "serve", "--port", "1")
    assert code == 2 and "run `lurewatch db upgrade`" in err


def test_a_backup_is_advised_only_for_a_database_that_holds_a_schema(tmp_path: Path) -> None:
    from test_service_store import _migrate

    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    code, _, err = run(f"sqlite:///{empty}", "purge")
    assert code == 2 and "is empty" in err and "back up" not in err, err
    older = Database(f"sqlite:///{tmp_path / 'older.db'}")
    older.upgrade()
    _migrate(older, "downgrade", "-1")
    older.dispose()
    code, _, err = run(older.url, "purge")
    assert code == 2 and "is at revision" in err and "(back up the database first)" in err, err


def test_create_platform_json_key_works_and_rotation_revokes_it(db_url: str) -> None:
    run(db_url, "db", "upgrade")
    code, out, err = run(db_url, "admin", "create-platform", "acme", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert set(doc) >= {"platform_id", "api_key"} and doc["api_key"].startswith("lw_")
    database = Database(db_url)
    with database.read() as conn:
        key = authenticate(conn, doc["api_key"])
    assert key is not None and key.platform_id == doc["platform_id"]
    assert run(db_url, "admin", "create-platform", "acme")[0] == 2  # names are unique
    code, out, _ = run(db_url, "admin", "rotate-key", key.id, "--json")
    new = json.loads(out)["api_key"]
    with database.read() as conn:
        assert authenticate(conn, doc["api_key"]) is None
        assert authenticate(conn, new) is not None
    code, out, _ = run(db_url, "admin", "list-platforms")
    assert "acme" in out and "(1 active key(s))" in out
    database.dispose()


def test_create_user_reads_the_password_from_stdin(db_url: str) -> None:
    run(db_url, "db", "upgrade")
    code, out, _ = run(
        db_url,
        "admin",
        "create-user",
        "ana",
        "--role",
        "moderator",
        stdin="correct horse battery\n",
    )
    assert code == 0 and "moderator" in out
    code, _, err = run(db_url, "admin", "create-user", "bo", "--role", "admin", stdin="short\n")
    assert code == 2 and "12 characters" in err


def test_admin_changes_passwords_disables_and_enables_accounts_ending_sessions(
    db_url: str,
) -> None:
    from lurewatch.service import audit
    from lurewatch.service.cases import user_by_id
    from lurewatch.service.console.security import find_session, start_session
    from lurewatch.service.tenants import create_user, verify_password

    run(db_url, "db", "upgrade")
    database = Database(db_url)
    with database.transaction() as conn:
        ana = create_user(conn, "ana", "moderator", "correct horse battery")
        other = create_user(conn, "bob", "moderator", "correct horse battery")
    cookies = []
    with database.transaction() as conn:
        for user in (ana, ana, other):
            cookies.append(start_session(conn, user, 12, None)[0])

    def alive() -> list[bool]:
        with database.read() as conn:
            return [find_session(conn, c) is not None for c in cookies]

    code, out, err = run(
        db_url, "admin", "set-password", "ana", "--password-stdin", stdin="a new passphrase\n"
    )
    assert code == 0 and "2 session(s) ended" in out, err
    assert alive() == [False, False, True]  # ana is logged out everywhere; bob is not
    with database.read() as conn:
        assert verify_password(conn, "ana", "a new passphrase")
        assert not verify_password(conn, "ana", "correct horse battery")
    code, out, err = run(  # prompted, twice
        db_url, "admin", "set-password", "ana", stdin="prompted passphrase\nprompted passphrase\n"
    )
    assert code == 0, err
    with database.read() as conn:
        assert verify_password(conn, "ana", "prompted passphrase")
    code, _, err = run(db_url, "admin", "set-password", "ana", "--password-stdin", stdin="short\n")
    assert code == 2 and "12 characters" in err
    code, _, err = run(
        db_url, "admin", "set-password", "nobody", "--password-stdin", stdin="x" * 12
    )
    assert code == 2 and "no console account named 'nobody'" in err

    with database.transaction() as conn:
        cookies.append(start_session(conn, ana, 12, None)[0])
    code, out, err = run(db_url, "admin", "disable-user", "ana")
    assert code == 0 and "disabled; 1 session(s) ended" in out, err
    assert alive() == [False, False, True, False]
    with database.read() as conn:
        assert user_by_id(conn, ana) is None  # the console refuses it
    assert "already disabled" in run(db_url, "admin", "disable-user", "ana")[1]
    code, out, err = run(db_url, "admin", "enable-user", "ana")
    assert code == 0 and "enabled" in out, err
    assert alive() == [False, False, True, False]  # no old session comes back
    with database.read() as conn:
        assert user_by_id(conn, ana) is not None
        changes = [
            (e["action"], e["target"], e["detail"])
            for e in reversed(audit.entries(conn))
            if e["action"].startswith("user.")
        ]
        actors = {e["actor"] for e in audit.entries(conn)}
    assert changes == [
        ("user.set_password", "user:ana", {"sessions_ended": 2}),
        ("user.set_password", "user:ana", {"sessions_ended": 0}),
        (
            "user.disable",
            "user:ana",
            {"was_enabled": True, "sessions_ended": 1, "claims_released": 0},
        ),
        (
            "user.disable",
            "user:ana",
            {"was_enabled": False, "sessions_ended": 0, "claims_released": 0},
        ),
        ("user.enable", "user:ana", {"was_disabled": True}),
    ]
    assert all(a.startswith("cli") for a in actors)
    assert not any("passphrase" in str(c) for c in changes)
    database.dispose()


def test_config_prints_effective_settings_with_password_masked() -> None:
    code, out, _ = run("postgresql+psycopg://lw:hunter2hunter2@db/lw", "config")
    assert code == 0
    doc = json.loads(out)
    assert doc["database_url"] == "postgresql+psycopg://lw:***@db/lw" and doc["port"] == 8000


def test_purge_runs_on_an_upgraded_database(db_url: str) -> None:
    run(db_url, "db", "upgrade")
    code, out, err = run(db_url, "purge")
    assert code == 0, err
    assert out.strip() == (
        "deleted 0 messages, 0 conversations, 0 senders, 0 webhook events, "
        "0 idempotency keys, 0 sessions"
    )


def test_demo_replays_samples_through_the_api_and_shows_alerts() -> None:
    code, out, err = run("sqlite:///unused.db", "demo")
    assert code == 0, err
    assert "ALERT   synthetic-grooming" in out
    assert "ALERT   ordinary" not in out
    assert "evidence:" in out and "why: " in out
    assert not Path("unused.db").exists()  # the in-process demo uses a throwaway database


def test_demo_chats_are_sent_as_of_now_so_the_next_purge_keeps_them(tmp_path: Path) -> None:
    """The sample is dated January 2026: replayed as dated, its ordinary chats were older
    than the 30-day retention, and the purge `serve` runs at start deleted them."""
    from importlib import resources

    from lurewatch.service.api.app import create_app
    from lurewatch.service.demo import _served, replay
    from lurewatch.service.retention import purge
    from lurewatch.service.settings import Settings
    from lurewatch.service.tenants import create_platform

    database = Database(f"sqlite:///{tmp_path / 'lw.db'}")
    database.upgrade()
    with database.transaction() as conn:
        _, key = create_platform(conn, "demo")
    settings = Settings(database_url=database.url)
    sample = Path(str(resources.files("lurewatch") / "samples" / "demo.jsonl"))
    with _served(create_app(settings, database=database)) as url:
        lines = list(replay(sample, url, key.secret))
    assert any(line.startswith("  ok ") for line in lines)  # ordinary chats were sent
    report = purge(database, settings)
    database.dispose()
    assert report.messages == 0 and report.conversations == 0, report


def test_demo_times_keep_their_spacing_and_end_a_minute_ago() -> None:
    from datetime import UTC, datetime

    from lurewatch.records import Message
    from lurewatch.service.demo import recent_times

    sent = ["2026-01-05T18:01:00Z", "2026-01-05T18:00:30+00:00", "2026-01-06T09:00:00+02:00"]
    messages = [Message("c", f"m{i}", "s", "hi", at) for i, at in enumerate(sent)]
    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    assert recent_times(messages, now) == [
        "2026-11-29T23:00:00Z",
        "2026-11-29T22:59:30Z",  # earlier than the first, as in the sample
        "2026-11-30T11:59:00Z",  # 07:00 UTC on the 6th: the latest, now a minute before now
    ]


def test_the_in_process_demo_serves_over_http_and_prints_no_warnings(tmp_path: Path) -> None:
    """A newcomer's first command: it went through Starlette's test client, which printed
    a deprecation warning above the demo's output."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "lurewatch", "demo"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={**os.environ, "LUREWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}"},
    )
    assert done.returncode == 0, done.stderr
    assert "ALERT   synthetic-grooming-1" in done.stdout
    assert "Warning" not in done.stderr and "testclient" not in done.stderr, done.stderr


def test_demo_with_a_wrong_key_says_what_to_pass_in_one_line(tmp_path: Path) -> None:
    from lurewatch.service.api.app import create_app
    from lurewatch.service.demo import _served
    from lurewatch.service.settings import Settings

    database = Database(f"sqlite:///{tmp_path / 'lw.db'}")
    database.upgrade()
    with _served(create_app(Settings(database_url=database.url), database=database)) as url:
        code, _, err = run(database.url, "demo", "--url", url, "--api-key", "nope")
    database.dispose()
    assert code == 2 and err.startswith("error: POST /v1/messages: "), err
    assert "invalid or revoked API key" in err and "admin create-key demo" in err, err
    assert "Traceback" not in err and len(err.splitlines()) == 1, err


def test_demo_at_an_address_where_nothing_listens_asks_whether_it_runs() -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    code, _, err = run("sqlite:///unused.db", "demo", "--url", url, "--api-key", "k")
    assert code == 2 and err.startswith(f"error: --url {url}: cannot reach lurewatch"), err
    assert "is it running at that address" in err and "Traceback" not in err, err
    code, _, err = run("sqlite:///unused.db", "demo", "--url", "127.0.0.1:1", "--api-key", "k")
    assert code == 2 and "give the scheme too, like http://" in err, err


def _quickstart(db_url: str, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[list[Any], str]:
    """Run quickstart without serving: the settings it would serve with, and its banner."""
    served: list[Any] = []
    monkeypatch.setattr("lurewatch.service.server.serve", lambda settings: served.append(settings))
    monkeypatch.setattr("lurewatch.service.server.check_listenable", lambda host, port: None)
    code, out, err = run(db_url, "quickstart", *args)
    assert code == 0, err
    return served, out


def test_a_port_in_use_is_refused_before_anything_is_made_or_run(tmp_path: Path) -> None:
    """uvicorn said so only after the workers and the first retention purge had run, and
    quickstart had made and shown a key that no server then used."""
    url = f"sqlite:///{tmp_path / 'lw.db'}"
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = str(held.getsockname()[1])
        code, out, err = run(url, "quickstart", "--port", port)
        assert code == 2 and f"error: cannot listen on 127.0.0.1:{port} (" in err, err
        assert "choose another (--port" in err and "API key" not in out
        assert not (tmp_path / "lw.db").exists()
        assert run(url, "db", "upgrade")[0] == 0
        code, out, err = run(url, "serve", "--port", port)
        assert code == 2 and f"error: cannot listen on 127.0.0.1:{port} (" in err, err
        assert "lurewatch API on" not in out


def test_the_quickstart_banner_prints_a_demo_line_that_pastes_into_a_shell(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It said `--api-key <key>`, which a shell reads as input redirected from `key`."""
    _, out = _quickstart(db_url, monkeypatch)
    key = next(line.split()[-1] for line in out.splitlines() if line.startswith("API key"))
    assert f"demo --url http://127.0.0.1:8000 --api-key {key}\n" in out, out
    assert "moderator console: http://127.0.0.1:8000/console/\n" in out, out
    _, again = _quickstart(db_url, monkeypatch)  # the key is not known any more
    assert "--api-key KEY  (KEY: the demo platform's key)" in again, again
    assert "admin create-key demo` issues another" in again and "<" not in again, again


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_quickstart_creates_everything_prints_credentials_and_serves(tmp_path: Path) -> None:
    """... and logs, its own lines and uvicorn's alike, here as JSON for a log shipper."""
    port = _free_port()
    env = {
        **os.environ,
        "LUREWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'q.db'}",
        "LUREWATCH_PORT": str(port),
        "LUREWATCH_LOG_FORMAT": "json",
    }
    log = (tmp_path / "stderr.log").open("w+")
    proc = subprocess.Popen(
        [sys.executable, "-c", "from lurewatch.cli import main; main()", "quickstart"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    try:
        lines = [proc.stdout.readline() for _ in range(4)] if proc.stdout else []
        key = next(line.split()[-1] for line in lines if "API key" in line)
        assert any("console login" in line for line in lines)
        for _ in range(200):
            try:
                response = httpx.get(
                    f"http://127.0.0.1:{port}/v1/alerts", headers={"X-API-Key": key}, timeout=1
                )
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert response.status_code == 200 and response.json()["alerts"] == []
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    log.seek(0)
    lines = [json.loads(line) for line in log.read().splitlines()]  # every line JSON
    log.close()
    assert {"uvicorn.error", "lurewatch.service"} <= {line["logger"] for line in lines}
    assert any(line["message"].startswith("retention purge: deleted") for line in lines)


def test_quickstart_listens_where_host_and_port_say_as_serve_does(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    served, out = _quickstart(db_url, monkeypatch, "--host", "127.0.0.2", "--port", "9123")
    assert (served[0].host, served[0].port) == ("127.0.0.2", 9123)
    assert out.startswith("lurewatch is starting on http://127.0.0.2:9123 "), out
    assert "demo --url http://127.0.0.2:9123 --api-key" in out, out


def test_the_demo_hint_names_a_command_that_runs_from_here(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`make run` starts .venv/bin/lurewatch; a fresh shell has no virtualenv active."""
    from lurewatch._service_cli import _this_command

    venv_script = tmp_path / ".venv" / "bin" / "lurewatch"
    monkeypatch.setattr(sys, "argv", [str(venv_script), "quickstart"])
    monkeypatch.setattr("shutil.which", lambda name: None)
    assert _this_command() == str(venv_script)
    monkeypatch.setattr("shutil.which", lambda name: str(venv_script))  # the one on PATH
    assert _this_command() == "lurewatch"
