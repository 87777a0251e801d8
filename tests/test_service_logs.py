"""Log lines of the service commands: format, level, and where they go."""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import delete
from test_service_api import GROOMING, messages

from lurewatch.cli import main
from lurewatch.service import server
from lurewatch.service.logs import configure_logging
from lurewatch.service.scoring_model import KEY
from lurewatch.service.settings import Settings, load_settings
from lurewatch.service.store.database import Database
from lurewatch.service.store.schema import store_meta
from lurewatch.service.tenants import create_platform


@pytest.fixture(autouse=True)
def restored() -> Iterator[None]:
    """lurewatch's and uvicorn's loggers as they were, after each test."""
    names = ("lurewatch", "uvicorn", "uvicorn.error")
    saved = [(logging.getLogger(n).handlers[:], logging.getLogger(n).level) for n in names]
    yield
    for name, (handlers, level) in zip(names, saved, strict=True):
        logging.getLogger(name).handlers[:] = handlers
        logging.getLogger(name).setLevel(level)


def test_json_lines_carry_time_level_logger_message_and_exception(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging(Settings(log_format="json"))
    logging.getLogger("lurewatch.service").info("retention purge: %s", "deleted 0 messages")
    try:
        raise RuntimeError("database away")
    except RuntimeError:
        logging.getLogger("lurewatch.store").exception("commit failed")
    logging.getLogger("uvicorn.error").info("Started server process [1]")
    first, second, third = (json.loads(line) for line in capsys.readouterr().err.splitlines())
    assert first["level"] == "info" and first["logger"] == "lurewatch.service"
    assert first["message"] == "retention purge: deleted 0 messages"
    assert first["time"].endswith("+00:00")
    assert second["level"] == "error" and "RuntimeError: database away" in second["exception"]
    assert third["logger"] == "uvicorn.error"


def test_text_lines_name_level_and_logger_and_the_level_setting_filters(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging(load_settings(environ={"LUREWATCH_LOG_LEVEL": "warning"}))
    logging.getLogger("lurewatch.service").info("retention purge: nothing")
    logging.getLogger("lurewatch.streams").warning("Redis unavailable; retrying in 1 s")
    (line,) = capsys.readouterr().err.splitlines()
    assert line.endswith(" WARNING lurewatch.streams: Redis unavailable; retrying in 1 s")


def test_lines_go_to_the_standard_error_of_the_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A command run in-process (a test runner's) swaps standard error and closes the old
    one: the handler must not keep writing there."""
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    configure_logging(Settings())
    first.close()
    later = io.StringIO()
    monkeypatch.setattr(sys, "stderr", later)
    logging.getLogger("lurewatch.console").warning("login refused")
    assert "WARNING lurewatch.console: login refused" in later.getvalue()


def test_a_command_logs_an_unread_variable_as_its_settings_say(tmp_path: Path) -> None:
    """The settings are loaded before logging is set up from them: their warning waits for
    it, and comes out as a JSON line where `log_format` says so, not as a bare line."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "lurewatch", "config"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("LUREWATCH_")},
            "LUREWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}",
            "LUREWATCH_LOG_FORMAT": "json",
            "LUREWATCH_RATE_LIMIT_PER_MINUT": "5",
        },
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rate_limit_per_minute"] == 1200  # ignored, as before
    (line,) = [json.loads(line) for line in done.stderr.splitlines()]
    assert line["level"] == "warning" and line["logger"] == "lurewatch.service.settings"
    assert "LUREWATCH_RATE_LIMIT_PER_MINUT is ignored" in line["message"]
    assert "did you mean LUREWATCH_RATE_LIMIT_PER_MINUTE?" in line["message"]


def test_records_still_reach_the_root_logger(caplog: pytest.LogCaptureFixture) -> None:
    """An embedding application's (or pytest's) handlers at the root keep seeing them."""
    configure_logging(Settings())
    with caplog.at_level(logging.INFO):
        logging.getLogger("lurewatch.service").info("webhook 1 of p: delivered")
    assert [r.getMessage() for r in caplog.records] == ["webhook 1 of p: delivered"]


def test_an_unknown_log_format_is_refused() -> None:
    with pytest.raises(Exception, match="log_format"):
        load_settings(environ={"LUREWATCH_LOG_FORMAT": "xml"})


def test_setting_up_twice_leaves_other_handlers_open_and_adds_ours_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`dictConfig` would close every handler of the process (an embedding application's
    log file, pytest's): only lurewatch's and uvicorn's own are replaced."""
    other = logging.getLogger("someone.else")
    their_file = logging.FileHandler(tmp_path / "app.log", mode="w")
    other.addHandler(their_file)
    try:
        configure_logging(Settings())
        configure_logging(Settings(log_format="json"))
        other.warning("still written")
        logging.getLogger("lurewatch.service").warning("once")
    finally:
        other.removeHandler(their_file)
        their_file.close()
    assert (tmp_path / "app.log").read_text() == "still written\n"
    (line,) = capsys.readouterr().err.splitlines()
    assert json.loads(line)["message"] == "once"


def test_uvicorns_own_proxy_variable_is_named_when_set() -> None:
    """`serve` reads `trusted_proxies`, not FORWARDED_ALLOW_IPS: an operator who set the
    latter is told, and told what is trusted instead."""
    settings = Settings()
    assert server.unread_uvicorn_setting(settings, {}) is None
    told = server.unread_uvicorn_setting(settings, {"FORWARDED_ALLOW_IPS": "10.0.0.5"})
    assert told is not None and "LUREWATCH_TRUSTED_PROXIES" in told and "127.0.0.1,::1" in told


@pytest.fixture
def sqlite_store(sqlite_template: Path, tmp_path: Path) -> Database:
    """A SQLite store with the platform "acme" (how a command logs is the store's no matter)."""
    shutil.copy(sqlite_template, tmp_path / "store.db")
    database = Database(f"sqlite:///{tmp_path / 'store.db'}")
    with database.transaction() as conn:
        create_platform(conn, "acme")
    return database


def test_every_service_command_logs_as_the_settings_say_and_keeps_stdout_clean(
    sqlite_store: Database, tmp_path: Path
) -> None:
    """Not only `serve`, `consume` and `quickstart`: an `import` into a store whose scores
    have no record of their model warns so, as JSON with `log_format=json` (its `--json`
    report alone on standard output), with time, level and logger in text. Before, its
    warning came out bare, whatever the settings said."""
    store = sqlite_store
    chats = tmp_path / "past.jsonl"
    chats.write_text("".join(json.dumps(r) + "\n" for r in messages("g", GROOMING[:3])))
    env = {"LUREWATCH_DATABASE_URL": store.url}
    command = ["import", "--platform", "acme", str(chats), "--json"]

    def unrecorded() -> None:  # a store made before lurewatch recorded its scores' model
        with store.transaction() as conn:
            conn.execute(delete(store_meta).where(store_meta.c.key == KEY))

    assert CliRunner().invoke(main, command, env=env).exit_code == 0
    unrecorded()
    done = CliRunner().invoke(main, command, env={**env, "LUREWATCH_LOG_FORMAT": "json"})
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["duplicates"] == 3  # the report, alone
    (line,) = (json.loads(text) for text in done.stderr.splitlines())
    assert (line["level"], line["logger"]) == ("warning", "lurewatch.service")
    assert line["message"].startswith("the store holds scores but no record of their model")
    assert line["time"].endswith("+00:00")

    unrecorded()
    done = CliRunner().invoke(main, command, env=env)
    assert done.exit_code == 0, done.output
    (text,) = done.stderr.splitlines()
    assert " WARNING lurewatch.service: the store holds scores but no record" in text
    unrecorded()
    quiet = CliRunner().invoke(main, command, env={**env, "LUREWATCH_LOG_LEVEL": "error"})
    assert quiet.exit_code == 0 and quiet.stderr == ""
