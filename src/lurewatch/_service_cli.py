"""Service commands of `lurewatch`: serve, consume, import, db, admin, audit, export-labels,
config, purge, quickstart, demo."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import click

from ._errors import ConfigError, LurewatchError
from ._words import counted

__all__ = ["register"]

F = TypeVar("F", bound=Callable[..., Any])
DEMO_PLATFORM = "demo"
DEMO_ADMIN = "admin"


def _this_command() -> str:
    """How to run lurewatch again from here: `lurewatch` where that is on PATH and is this
    one, else the path this one was started by (`make run` starts `.venv/bin/lurewatch`,
    and a fresh shell has no virtualenv active)."""
    started = Path(sys.argv[0])
    on_path = shutil.which("lurewatch")
    if started.name == "lurewatch" and (
        on_path is None or Path(on_path).resolve() != started.resolve()
    ):
        return str(started)
    return "lurewatch"


def _actor() -> str:
    """Who ran a command, for the audit log."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _audit(conn: Any, action: str, target: str, detail: dict[str, Any] | None = None) -> None:
    from .service import audit

    audit.record(conn, _actor(), action, target, detail)


def _config_option(func: F) -> F:
    return click.option(
        "--config",
        "config_file",
        default=None,
        type=click.Path(dir_okay=False, path_type=Path),
        help="TOML settings file (default: $LUREWATCH_CONFIG, else none).",
    )(func)


def _settings(config_file: Path | None, **overrides: Any) -> Any:
    """The service settings of a command, with its options' `overrides`, loaded once per
    command (`_database` asks too). Every command that loads them (all but `demo`) logs as
    they say from then on (`log_level`, `log_format`, on standard error), as `serve` does:
    its warnings with time, level and logger, or as JSON."""
    from .service.logs import configure_logging
    from .service.settings import load_settings, warn_unread

    changes = {k: v for k, v in overrides.items() if v is not None}
    context = click.get_current_context()
    loaded = context.meta.get(_SETTINGS)
    if loaded is not None and loaded[0] == (config_file, changes):
        return loaded[1]
    settings = load_settings(config_file, overrides=changes, warn=False)
    configure_logging(settings)
    warn_unread(os.environ)  # now as the settings say (a JSON line under log_format=json)
    context.meta[_SETTINGS] = ((config_file, changes), settings)
    return settings


def _address(settings: Any) -> str:
    """Where `serve` listens, as a URL (an IPv6 address in brackets)."""
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    return f"http://{host}:{settings.port}"


_STORE_URL = "lurewatch.store_url"  # in click's context meta: the store a command opened
_SETTINGS = "lurewatch.settings"  # ... and the settings it loaded, with what from


def _database(config_file: Path | None, missing_ok: bool = False) -> Any:
    """The store the settings name; one that does not exist yet is refused (`check_exists`)
    unless the command makes it or says so itself (`missing_ok`)."""
    database = _open(_settings(config_file).database_url)
    if not missing_ok:
        database.check_exists()
    return database


def _open(url: str) -> Any:
    """The store at `url`, made known to `store_error`, which words a failure to reach it."""
    from .service.store.database import Database

    database = Database(url)
    click.get_current_context().meta[_STORE_URL] = database.described
    return database


def store_error(ctx: click.Context, exc: Exception) -> LurewatchError | None:
    """The one-line error for a database failure a command left to the CLI (most commands
    read or write without `check_schema`, which words it for those that call it): the same
    words, busy or cannot open; None for anything else."""
    url = ctx.meta.get(_STORE_URL)
    if url is None:  # no store opened: not the database's failure
        return None
    from sqlalchemy.exc import OperationalError

    from .service.store.database import unavailable

    return unavailable(exc, url) if isinstance(exc, OperationalError) else None


@click.command()
@_config_option
@click.option("--host", default=None, help="Listen address (setting `host`).")
@click.option("--port", default=None, type=int, help="Listen port (setting `port`).")
def serve(config_file: Path | None, host: str | None, port: int | None) -> None:
    """Run the HTTP API with its webhook and retention workers."""
    from .service.server import serve as run

    settings = _settings(config_file, host=host, port=port)
    url = _address(settings)
    run(
        settings,
        announce=lambda: click.echo(f"lurewatch API on {url} (schema at /openapi.json)"),
    )


def _scoring(settings: Any) -> tuple[Any, Any]:
    """The store, at this version's schema, and the model its scores come from: what a
    command that ingests needs (it refuses as `serve` does otherwise)."""
    from .engine.detector import Detector
    from .service.scoring_model import check

    database = _open(settings.database_url)
    database.check_schema()
    detector = Detector.load(settings.model_dir)
    check(database, detector, settings.model_dir)
    return database, detector


@click.command()
@_config_option
@click.option("--stream", required=True, help="Redis Stream key the platform adds messages to.")
@click.option("--platform", required=True, help="Platform (name or id) the messages belong to.")
@click.option(
    "--redis", "redis_url", default=None, help="Redis URL (default: setting `redis_url`)."
)
@click.option("--group", default="lurewatch", show_default=True, help="Consumer group.")
@click.option(
    "--consumer", default=None, help="This consumer's name in the group (default: HOST-PID)."
)
@click.option("--batch", default=500, show_default=True, type=click.IntRange(1, 10_000))
@click.option(
    "--claim-idle",
    "claim_idle",
    default=60.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds after which another consumer's unacknowledged entries are taken over.",
)
@click.option("--until-idle", is_flag=True, help="Stop once the stream has nothing left to read.")
@click.option(
    "--metrics-port",
    type=click.IntRange(1, 65535),
    default=None,
    help="Serve Prometheus metrics on this port (on setting `host`): messages ingested, "
    "entries stored or dead-lettered, the group's backlog.",
)
def consume(
    config_file: Path | None,
    stream: str,
    platform: str,
    redis_url: str | None,
    group: str,
    consumer: str | None,
    batch: int,
    claim_idle: float,
    until_idle: bool,
    metrics_port: int | None,
) -> None:
    """Ingest messages from a Redis Stream (each entry's `message` field: one message as the
    API takes it), acknowledging entries once stored; bad entries go to STREAM:dead."""
    import signal
    import threading

    from .service.metrics import Metrics
    from .service.redis_client import RedisUnavailableError, connect, ping
    from .service.server import keep_gc_off_the_ingest_path
    from .service.streams import BLOCK_MS, StreamConsumer, dead_letter_stream, stop_if_permanent

    settings = _settings(config_file)
    url = redis_url or settings.redis_url
    if not url:
        raise ConfigError("no Redis to read from: pass --redis URL or set redis_url")
    client = connect(url, wait=BLOCK_MS / 1000)
    try:
        ping(client)
    except RedisUnavailableError as exc:  # a wrong password: said as the worker would
        stop_if_permanent(exc, client, stream)
        raise
    database, detector = _scoring(settings)
    metrics = Metrics()
    worker = StreamConsumer(
        client,
        database,
        detector,
        settings,
        platform,
        stream,
        group=group,
        consumer=consumer,
        batch=batch,
        claim_idle_ms=int(claim_idle * 1000),
        metrics=metrics,
    )
    if metrics_port is not None:
        from prometheus_client import start_http_server

        start_http_server(metrics_port, addr=settings.host, registry=metrics.registry)
    keep_gc_off_the_ingest_path()  # as serve does, for the same reason
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    click.echo(
        f"consuming {stream} as {worker.consumer} of group {group} for platform {platform}",
        err=True,
    )
    report = worker.run(stop, until_idle=until_idle)
    click.echo(
        f"{counted(report.entries, 'entry', 'entries')} read: "
        f"{counted(report.accepted, 'message')} stored, "
        f"{report.duplicates} already stored, {report.dead} moved to "
        f"{dead_letter_stream(stream)}",
        err=True,
    )


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--platform", required=True, help="Platform (name or id) the chats belong to.")
@click.option(
    "--timezone",
    "zone_name",
    default="UTC",
    show_default=True,
    help="Time zone of times written without one.",
)
@click.option(
    "--skip-bad",
    is_flag=True,
    help="Count and skip bad rows and invalid messages instead of stopping at the first.",
)
@click.option(
    "--no-webhooks",
    is_flag=True,
    help="Raise the alerts for the console without sending the platform's webhooks for them.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@_config_option
def import_chats(
    files: tuple[Path, ...],
    platform: str,
    zone_name: str,
    skip_bad: bool,
    no_webhooks: bool,
    as_json: bool,
    config_file: Path | None,
) -> None:
    """Store and score past chats (JSONL, CSV, PAN12 XML) as if sent through the API, so
    their alerts reach the console; checks every message before storing any."""
    import dataclasses
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from tqdm import tqdm

    from .readers import check_chat_files
    from .service.importer import import_files

    check_chat_files(files, "import")  # all of them before the first is read
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"unknown time zone {zone_name!r}: use an IANA name such as UTC"
        ) from None
    settings = _settings(config_file)
    database, detector = _scoring(settings)
    # Drawn at the first batch stored, once the platform and every message were checked: an
    # error before it (an unknown platform, an empty file, a bad row) stands alone on its
    # line; closed before one after it reaches the CLI.
    bars: list[tqdm[Any]] = []

    def progress(done: int, total: int) -> None:
        if not bars:
            bars.append(
                tqdm(
                    total=total,
                    desc="importing",
                    unit=" messages",
                    file=sys.stderr,
                    disable=as_json,
                )
            )
        bars[0].update(done - bars[0].n)

    try:
        report = import_files(
            database,
            detector,
            settings,
            platform,
            files,
            zone=zone,
            skip_bad=skip_bad,
            webhooks=not no_webhooks,
            progress=progress,
        )
    finally:
        for bar in bars:
            bar.close()
    with database.transaction() as conn:
        counts = dataclasses.asdict(report)  # the audit keeps counts, not the examples
        detail = {k: v for k, v in counts.items() if k not in ("rejected", "skipped", "conflicted")}
        _audit(conn, "messages.import", platform, detail)
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(report)))
        return
    click.echo(
        f"{counted(report.messages, 'message')}: {report.accepted} stored, "
        f"{report.duplicates} already stored; alerts: {report.alerts_created} raised, "
        f"{report.alerts_updated} updated"
    )
    if report.conflicts:
        ids = "its id is" if report.conflicts == 1 else "their ids are"
        click.echo(
            f"{counted(report.conflicts, 'message')} not stored: {ids} stored for other "
            "messages (another conversation, sender or text); ids are unique per platform: "
            f"give each message its own id (first: {', '.join(map(repr, report.conflicted))})",
            err=True,
        )
    if report.dated_at_import:
        undated = counted(report.dated_at_import, "message")
        were = "was" if report.dated_at_import == 1 else "were"
        click.echo(f"{undated} had no date and {were} dated now", err=True)
    if report.skipped_rows or report.rejected_count:
        where = "; ".join(
            [f"{f}:{n}: {r}" for f, n, r in report.skipped]
            + [f"{f}: message {m!r}: {r}" for f, m, r in report.rejected]
        )
        click.echo(
            f"skipped {counted(report.skipped_rows, 'bad row')} and "
            f"{counted(report.rejected_count, 'invalid message')}"
            + (f" (first: {where})" if where else ""),
            err=True,
        )


@click.group()
def db() -> None:
    """The database: its schema (Alembic migrations) and the model its scores come from."""


@db.command("upgrade")
@_config_option
def db_upgrade(config_file: Path | None) -> None:
    """Create or migrate the schema to this version's revision."""
    database = _database(config_file, missing_ok=True)
    before, after = database.upgrade()
    if before == after:
        click.echo(f"{database.described}: schema already at revision {after}")
    else:
        click.echo(f"{database.described}: schema upgraded from {before or 'empty'} to {after}")


@db.command("status")
@_config_option
def db_status(config_file: Path | None) -> None:
    """Print the schema revision of the database and the one this version needs."""
    database = _database(config_file, missing_ok=True)
    missing = database.missing_file()
    if missing is not None:  # looking must not create it
        click.echo(f"no database at {database.described} yet: {database.missing_hint()}")
        sys.exit(1)
    from .service.store.database import SchemaAheadError, SchemaOutdatedError

    current, head = database.current_revision(), database.head_revision()
    try:
        database.check_schema()
        state = "up to date"
    except SchemaAheadError:
        state = "NEWER than this lurewatch: upgrade lurewatch to use it"
    except SchemaOutdatedError:
        state = "OUTDATED: run `lurewatch db upgrade`"
    click.echo(f"{database.safe_url}: at {current or 'empty'}, needs {head} ({state})")
    if current != head:
        sys.exit(1)
    from .service.scoring_model import recorded
    from .service.tenants import list_platforms

    with database.read() as conn:
        doc = recorded(conn)
        own = [(p, recorded(conn, p.id)) for p, _ in list_platforms(conn)]
    if doc is None:
        click.echo("scores: none recorded yet (the first `serve` records its model)")
    else:
        click.echo(f"scores: {doc['version']} (at {doc['model_dir']}, since {doc['since']})")
    for platform, mine in own:
        if mine is not None:
            state = " (re-score unfinished)" if mine.get("rescoring") else ""
            click.echo(
                f"  platform {platform.name}: {mine['version']} (its own, at "
                f"{mine['model_dir']}, since {mine['since']}){state}"
            )


@db.command("rescore")
@_config_option
@click.option("--json", "as_json", is_flag=True, help="Print what was re-scored as JSON.")
def db_rescore(config_file: Path | None, as_json: bool) -> None:
    """Re-score every stored message with the model of setting `model_dir` (after `adapt`,
    `train` or an upgrade): conversation, sender and message scores become that model's,
    as if it had scored all along; alerts stay as raised. Platforms with a model of their
    own (`admin set-model`) keep theirs. Stop every server of this store first; `serve`
    refuses to start until the scores match its model."""
    from sqlalchemy import func, select
    from tqdm import tqdm

    from .engine.detector import Detector
    from .service.rescore import rescore
    from .service.store.schema import messages, platforms

    settings = _settings(config_file)
    database = _database(config_file)
    database.check_schema()
    detector = Detector.load(settings.model_dir)
    with database.read() as conn:  # the messages of platforms without a model of their own
        total = conn.execute(
            select(func.count())
            .select_from(messages.join(platforms, platforms.c.id == messages.c.platform_id))
            .where(platforms.c.model_dir.is_(None))
        ).scalar_one()
    with tqdm(total=total, desc="re-scoring", unit=" msg", file=sys.stderr) as bar:
        done = rescore(database, detector, settings.model_dir, bar.update)
    with database.transaction() as conn:
        _audit(conn, "scores.rescore", "store", done.to_dict())
    if as_json:
        click.echo(json.dumps(done.to_dict(), indent=2))
    else:
        click.echo(
            f"re-scored {counted(done.messages, 'message')}: "
            f"{counted(done.conversations, 'conversation')} and "
            f"{counted(done.senders, 'sender')} of {done.platforms} platform(s), "
            f"with {done.current} (before: {done.previous or 'none recorded'}); "
            "alerts are unchanged"
        )


@click.group()
def admin() -> None:
    """Platforms, API keys and console accounts."""


def _print_key(key: Any, as_json: bool, platform_id: str) -> None:
    if as_json:
        click.echo(
            json.dumps({"platform_id": platform_id, "key_id": key.id, "api_key": key.secret})
        )
    else:
        click.echo(f"API key (shown once, store it now): {key.secret}")
        click.echo(f"key id: {key.id}  scopes: {', '.join(key.scopes)}")


@admin.command("create-platform")
@_config_option
@click.argument("name")
@click.option(
    "--json", "as_json", is_flag=True, help="Print {platform_id, key_id, api_key} as JSON."
)
def create_platform(config_file: Path | None, name: str, as_json: bool) -> None:
    """Create a platform (tenant) and print its first API key."""
    from .service.tenants import create_platform as create

    database = _database(config_file)
    database.check_schema()
    with database.transaction() as conn:
        platform, key = create(conn, name)
        _audit(conn, "platform.create", f"platform:{platform.id}", {"key": key.id})
    if not as_json:
        click.echo(f"platform {platform.name!r} created: id {platform.id}")
    _print_key(key, as_json, platform.id)


@admin.command("list-platforms")
@_config_option
def list_platforms(config_file: Path | None) -> None:
    """Every platform with its id and number of active keys."""
    from .service.tenants import list_platforms as listing

    database = _database(config_file)
    with database.read() as conn:
        rows = listing(conn)
    for platform, keys in rows:
        model = f", its own model at {platform.model_dir}" if platform.model_dir else ""
        click.echo(f"{platform.id}  {platform.name}  ({keys} active key(s){model})")


@admin.command("set-model")
@_config_option
@click.argument("platform")
@click.argument("model_dir", required=False, type=click.Path(path_type=Path))
@click.option("--default", "to_default", is_flag=True, help="Back to setting `model_dir`.")
@click.option("--json", "as_json", is_flag=True, help="Print what was done as JSON.")
def set_model(
    config_file: Path | None,
    platform: str,
    model_dir: Path | None,
    to_default: bool,
    as_json: bool,
) -> None:
    """Score PLATFORM with a model of its own (MODEL_DIR, say from `lurewatch adapt` on its
    moderators' labels), or with --default the deployment's again, re-scoring its stored
    messages with it. Other platforms go on; running servers refuse this platform's batches
    (503) until it has finished, then score them with the new model without a restart."""
    from sqlalchemy import func, select
    from tqdm import tqdm

    from .engine.detector import Detector
    from .service.rescore import set_model as run
    from .service.store.schema import messages
    from .service.tenants import find_platform

    if (model_dir is None) == (not to_default):
        raise ConfigError("give either MODEL_DIR or --default")
    settings = _settings(config_file)
    database = _database(config_file)
    database.check_schema()
    default = Detector.load(settings.model_dir)
    with database.read() as conn:
        found = find_platform(conn, platform)
        total = conn.execute(
            select(func.count()).where(messages.c.platform_id == found.id)
        ).scalar_one()
    target = None if model_dir is None else str(model_dir.resolve())
    bars: list[tqdm[Any]] = []  # opened at the first progress: a refused model shows none

    def progress(count: int) -> None:
        if not bars:
            bars.append(tqdm(total=total, desc="re-scoring", unit=" msg", file=sys.stderr))
        bars[0].update(count)

    try:
        done = run(database, found.id, target, default, progress)
    finally:
        for bar in bars:
            bar.close()
    with database.transaction() as conn:
        _audit(
            conn,
            "platform.set_model",
            f"platform:{found.id}",
            {"model_dir": target, **done.to_dict()},
        )
    if as_json:
        click.echo(json.dumps({"platform_id": found.id, "model_dir": target, **done.to_dict()}))
    else:
        click.echo(
            f"{found.name} is scored by {done.current} "
            f"({'its own, at ' + target if target else 'the deployment model_dir'}); re-scored "
            f"{counted(done.messages, 'message')}, {counted(done.conversations, 'conversation')} "
            f"and {counted(done.senders, 'sender')} (before: {done.previous or 'none recorded'}); "
            "alerts are unchanged"
        )


@admin.command("create-key")
@_config_option
@click.argument("platform")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    type=click.Choice(["ingest", "read", "review", "settings"]),
    help="Limit the key (repeatable; default: every scope).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the key as JSON.")
def create_key(
    config_file: Path | None, platform: str, scopes: tuple[str, ...], as_json: bool
) -> None:
    """Issue another API key for PLATFORM (name or id)."""
    from .service.tenants import ALL_SCOPES, create_api_key, find_platform

    database = _database(config_file)
    with database.transaction() as conn:
        found = find_platform(conn, platform)
        key = create_api_key(conn, found.id, scopes or ALL_SCOPES)
        _audit(conn, "key.create", f"key:{key.id}", {"platform": found.id})
    _print_key(key, as_json, found.id)


@admin.command("rotate-key")
@_config_option
@click.argument("key_id")
@click.option("--json", "as_json", is_flag=True, help="Print the new key as JSON.")
def rotate_key(config_file: Path | None, key_id: str, as_json: bool) -> None:
    """Revoke KEY_ID and issue its replacement with the same scopes."""
    from .service.tenants import rotate_api_key

    with _database(config_file).transaction() as conn:
        key = rotate_api_key(conn, key_id)
        _audit(conn, "key.rotate", f"key:{key_id}", {"new_key": key.id})
    if not as_json:
        click.echo(f"key {key_id} revoked")
    _print_key(key, as_json, key.platform_id)


@admin.command("revoke-key")
@_config_option
@click.argument("key_id")
def revoke_key(config_file: Path | None, key_id: str) -> None:
    """Revoke KEY_ID at once; requests with it get 401."""
    from .service.tenants import revoke_api_key

    with _database(config_file).transaction() as conn:
        revoke_api_key(conn, key_id)
        _audit(conn, "key.revoke", f"key:{key_id}")
    click.echo(f"key {key_id} revoked")


@admin.command("create-user")
@_config_option
@click.argument("name")
@click.option(
    "--role", required=True, type=click.Choice(["admin", "moderator", "auditor"]), help="Role."
)
@click.option(
    "--platform",
    "platforms",
    multiple=True,
    help="Platform (name or id) a moderator may review; repeatable.",
)
def create_user(config_file: Path | None, name: str, role: str, platforms: tuple[str, ...]) -> None:
    """Create a console account; the password is read from stdin (one line)."""
    from .service.tenants import assign_platform, find_platform
    from .service.tenants import create_user as create

    password = sys.stdin.readline().rstrip("\r\n")
    with _database(config_file).transaction() as conn:
        user_id = create(conn, name, role, password)
        assigned = [find_platform(conn, p).id for p in platforms]
        for platform_id in assigned:
            assign_platform(conn, user_id, platform_id)
        _audit(conn, "user.create", f"user:{name}", {"role": role, "platforms": assigned})
    where = f" on {', '.join(platforms)}" if platforms else ""
    click.echo(f"user {name!r} created with role {role}{where}")


@admin.command("set-password")
@_config_option
@click.argument("name")
@click.option(
    "--password-stdin",
    "from_stdin",
    is_flag=True,
    help="Read the new password from stdin (one line) instead of prompting for it.",
)
def set_password(config_file: Path | None, name: str, from_stdin: bool) -> None:
    """Give console account NAME a new password (prompted twice, or --password-stdin) and
    end all its sessions."""
    from .service.console.accounts import set_password as change

    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    with _database(config_file).transaction() as conn:
        done = change(conn, name, password)
        _audit(conn, "user.set_password", f"user:{name}", {"sessions_ended": done.sessions_ended})
    click.echo(f"password of {name!r} changed; {done.sessions_ended} session(s) ended")


@admin.command("disable-user")
@_config_option
@click.argument("name")
def disable_user(config_file: Path | None, name: str) -> None:
    """Disable console account NAME: its logins are refused, its sessions end at once and
    the cases it had claimed are released. `enable-user` undoes it."""
    from .service.console.accounts import disable_user as disable

    with _database(config_file).transaction() as conn:
        done = disable(conn, name)
        _audit(
            conn,
            "user.disable",
            f"user:{name}",
            {
                "was_enabled": done.changed,
                "sessions_ended": done.sessions_ended,
                "claims_released": done.claims_released,
            },
        )
    state = "disabled" if done.changed else "was already disabled"
    click.echo(
        f"user {name!r} {state}; {done.sessions_ended} session(s) ended, "
        f"{done.claims_released} claimed case(s) released"
    )


@admin.command("enable-user")
@_config_option
@click.argument("name")
def enable_user(config_file: Path | None, name: str) -> None:
    """Let disabled console account NAME log in again (with its password as it was; see
    `set-password`)."""
    from .service.console.accounts import enable_user as enable

    with _database(config_file).transaction() as conn:
        done = enable(conn, name)
        _audit(conn, "user.enable", f"user:{name}", {"was_disabled": done.changed})
    click.echo(f"user {name!r} {'enabled' if done.changed else 'was not disabled'}")


@admin.command("calibrate")
@_config_option
@click.argument("platform")
@click.option(
    "--max-rate",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    default=0.005,
    show_default=True,
    help="Most senders, and most conversations, the rule may warn (a share).",
)
@click.option("--apply", is_flag=True, help="Save the proposed threshold in the settings.")
@click.option("--json", "as_json", is_flag=True, help="Print the calibration as JSON.")
def calibrate(
    config_file: Path | None, platform: str, max_rate: float, apply: bool, as_json: bool
) -> None:
    """Propose PLATFORM's warning threshold from its own stored chat: the lowest (never
    below the model's) that would have warned at most --max-rate of its senders and
    conversations. Run it after a few weeks of traffic (shadow mode is fine)."""
    from sqlalchemy import func, select
    from tqdm import tqdm

    from .engine.detector import Detector
    from .service.calibrate import apply_calibration
    from .service.calibrate import calibrate as run
    from .service.store.schema import messages
    from .service.tenants import find_platform

    settings = _settings(config_file)
    database = _database(config_file)
    database.check_schema()
    with database.read() as conn:
        found = find_platform(conn, platform)
        total = conn.execute(
            select(func.count()).where(messages.c.platform_id == found.id)
        ).scalar_one()
    detector = Detector.load(found.model_dir or settings.model_dir)  # the one scoring it
    with tqdm(total=total, desc="replaying", unit=" msg", file=sys.stderr) as bar:
        result = run(database, detector, found, max_rate, bar.update)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
    else:
        s, c = result.senders, result.conversations
        click.echo(
            f"{found.name}: {counted(result.messages, 'message')}, "
            f"{counted(s.units, 'ordinary sender')}, "
            f"{counted(c.units, 'ordinary conversation')}; "
            f"rule: {result.k} of the last {result.n}"
        )

        def line(o: Any) -> str:
            return (
                f"threshold {o.threshold:.6f}: warns {o.senders_rate:.2%} of senders, "
                f"alerts on {o.conversations_rate:.2%} of conversations, "
                f"{o.confirmed_warned} of {result.confirmed_senders} confirmed groomer(s)"
            )

        click.echo(f"  current  {line(result.current)}")
        click.echo(f"  proposed {line(result.proposed)}")
        if result.proposed.threshold == result.model_threshold:
            click.echo("  the model's own threshold already keeps within the budget")
        click.echo("  other budgets (--max-rate), from the same replay:")
        for option in result.options:
            click.echo(f"    {option.max_rate:.2%}: {line(option)}")
    if apply:
        with database.transaction() as conn:
            apply_calibration(conn, result, _actor())
        click.echo(f"saved: warning_threshold = {result.proposed.threshold}", err=as_json)


@click.group()
def audit() -> None:
    """The audit log of the console, the API and these commands."""


@audit.command("verify")
@_config_option
def audit_verify(config_file: Path | None) -> None:
    """Check the hash chain; exit 1 if any entry was edited or deleted."""
    from .service.audit import verify

    with _database(config_file).read() as conn:
        check = verify(conn)
    if check.ok:
        entries = counted(check.entries, "entry", "entries")
        click.echo(f"audit log intact: {entries}, head hash {check.head}")
        click.echo("keep the head hash elsewhere to detect removal of the newest entries")
    else:
        click.echo(f"audit log BROKEN: {check.problem}", err=True)
        sys.exit(1)


@click.command("export-labels")
@_config_option
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSONL file to write (the corpus `conversations` schema).",
)
@click.option("--platform", default=None, help="Only this platform (name or id).")
def export_labels(config_file: Path | None, out: Path, platform: str | None) -> None:
    """Write moderators' decisions as labelled conversations for re-training, with sender
    and conversation ids pseudonymised by HMAC (setting `pseudonym_key`)."""
    from ._outputs import check_not_inputs
    from .service.labels_export import export

    settings = _settings(config_file)
    if not settings.pseudonym_key:
        raise ConfigError(
            "export-labels needs a pseudonym key: set LUREWATCH_PSEUDONYM_KEY (or "
            "`pseudonym_key` in the config file) to a long random secret and keep it"
        )
    database = _database(config_file)
    url = database.engine.url
    store = Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None
    check_not_inputs([(out, "--out")], [config_file, store])
    with database.transaction() as conn:
        count = export(conn, settings.pseudonym_key, out, platform)
        _audit(conn, "labels.export", str(out), {"conversations": count, "platform": platform})
    click.echo(f"wrote {counted(count, 'labelled conversation')} to {out}")


@click.command()
@_config_option
def config(config_file: Path | None) -> None:
    """Print the effective settings as JSON (passwords in URLs masked)."""
    click.echo(json.dumps(_settings(config_file).public(), indent=2, sort_keys=True))


@click.command()
@_config_option
def purge(config_file: Path | None) -> None:
    """Apply the retention rules now (serve also does it every `purge_interval_seconds`)."""
    from .service.retention import purge as run

    database = _database(config_file)
    database.check_schema()
    click.echo(str(run(database, _settings(config_file))))


@click.command()
@_config_option
@click.option("--host", default=None, help="Listen address (setting `host`), as for serve.")
@click.option("--port", default=None, type=int, help="Listen port (setting `port`), as for serve.")
def quickstart(config_file: Path | None, host: str | None, port: int | None) -> None:
    """First run (used by `make run`): create the database, a demo platform and an admin
    account if none exist, print how to use them, and serve."""
    from .service.server import check_listenable
    from .service.server import serve as run
    from .service.tenants import count_users, create_user, find_platform
    from .service.tenants import create_platform as create

    settings = _settings(config_file, host=host, port=port)
    check_listenable(settings.host, settings.port)  # before a key is made and shown once
    database = _open(settings.database_url)
    database.upgrade()
    url = _address(settings)
    command = _this_command()
    with database.transaction() as conn:
        try:
            find_platform(conn, DEMO_PLATFORM)
            key = None
            key_line = (
                f"platform {DEMO_PLATFORM!r} exists; its API key was printed when it was "
                f"created (`{command} admin create-key {DEMO_PLATFORM}` issues another)"
            )
        except ConfigError:
            _, created = create(conn, DEMO_PLATFORM)
            key = created.secret
            key_line = f"API key of platform {DEMO_PLATFORM!r} (shown once): {key}"
        if count_users(conn, "admin") == 0:
            password = secrets.token_urlsafe(12)
            create_user(conn, DEMO_ADMIN, "admin", password)
            login_line = f"console login (shown once): {DEMO_ADMIN} / {password}"
        else:
            login_line = f"an admin account exists (`{command} admin create-user` adds more)"
    click.echo(f"lurewatch is starting on {url}  (API schema: {url}/openapi.json)")
    click.echo(key_line)
    click.echo(login_line)
    click.echo(f"moderator console: {url}/console/")
    # The key itself where it was just printed anyway; else a word to replace, which a
    # shell takes as a word (`<key>` was a redirection from a file named `key`).
    demo = f"{command} demo --url {url} --api-key"
    if key is not None:
        click.echo(f"try it, in another terminal: {demo} {key}")
    else:
        click.echo(f"try it, in another terminal: {demo} KEY  (KEY: the demo platform's key)")
    run(settings)


@click.command()
@click.option("--url", default=None, help="A running lurewatch (default: an in-process one).")
@click.option("--api-key", envvar="LUREWATCH_API_KEY", default=None, help="Key for --url.")
def demo(url: str | None, api_key: str | None) -> None:
    """Replay the bundled sample chats through the API and print the alerts they raise."""
    from .service.demo import replay

    sample = Path(str(resources.files("lurewatch") / "samples" / "demo.jsonl"))
    if url is not None and not api_key:
        raise ConfigError("--url needs --api-key (or $LUREWATCH_API_KEY)")
    click.echo("Bundled sample chats (written for this demo; the grooming patterns are invented).")
    for line in replay(sample, url, api_key):
        click.echo(line)


def register(group: click.Group) -> None:
    commands = (
        serve,
        consume,
        import_chats,
        db,
        admin,
        audit,
        export_labels,
        config,
        purge,
        quickstart,
        demo,
    )
    for command in commands:
        group.add_command(command)
