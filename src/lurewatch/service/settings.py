"""Service settings: global ones from defaults, an optional TOML file and the environment,
and per-platform ones stored in the database and changed through the API.

Precedence (later wins): built-in default, TOML file (`--config` or `$LUREWATCH_CONFIG`),
environment variable `LUREWATCH_<NAME>`. Every setting is documented in docs/configuration.md
(a test checks that the document lists each one).
"""

from __future__ import annotations

import difflib
import ipaddress
import logging
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .._errors import ConfigError, validation_message

__all__ = [
    "ENV_PREFIX",
    "InvalidSettingsError",
    "PlatformSettings",
    "Settings",
    "load_settings",
    "mask_url",
    "platform_settings",
    "unread_variables",
    "warn_unread",
]

ENV_PREFIX = "LUREWATCH_"
# `LUREWATCH_*` variables that are read, but are no setting: the settings file, the
# benchmark data, `lurewatch demo --url`'s key, and the tests' and scripts' own.
OTHER_VARIABLES = frozenset(
    {
        "CONFIG",
        "DATA",
        "API_KEY",
        "CHROMIUM",
        "TEST_POSTGRES_URL",
        "TEST_REDIS_URL",
        "UPDATE_SNAPSHOTS",
    }
)

log = logging.getLogger(__name__)


class Settings(BaseModel):
    """Process-wide settings of `lurewatch serve` and the service commands."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    database_url: str = Field(
        "sqlite:///lurewatch.db",
        description="SQLAlchemy URL of the store: `sqlite:///PATH` (default, embedded) or "
        "`postgresql+psycopg://USER:PASSWORD@HOST/DB`.",
    )
    host: str = Field("127.0.0.1", description="Address `serve` listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port `serve` listens on.")
    trusted_proxies: str | None = Field(
        "127.0.0.1,::1",
        description="Reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` headers "
        "`serve` believes: comma-separated addresses or networks (`10.0.0.0/8`), or `*` alone "
        "for any (only behind proxies that replace the header). A request from one of them "
        "counts as coming from the client the header names: "
        "that is the address the console's login limits count and the audit log records. "
        "From any other address the headers are ignored. Empty: believe none (clients "
        "connect directly).",
    )
    model_dir: str | None = Field(
        None, description="Detector directory to score with (default: the shipped model)."
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        "info",
        description="Lowest level of the log lines the service commands (every one that "
        "reads these settings) write to standard error, theirs and uvicorn's; `info` adds "
        "retention purges and webhook deliveries to the warnings.",
    )
    log_format: Literal["text", "json"] = Field(
        "text",
        description="`text`: time, level, logger and message on one line; `json`: one JSON "
        "object per line (`time` in UTC, `level`, `logger`, `message`, `exception`) for a log "
        "shipper. Lines carry ids and counts, never message text.",
    )
    scoring_processes: int = Field(
        1,
        ge=0,
        le=64,
        description="Worker processes of `serve` that score the texts of a batch while another "
        "batch holds the scorer, so concurrent ingest uses more than one core (each holds a "
        "copy of the model, about 150 MB). 0: score in the server process only.",
    )
    scoring_timeout_seconds: float = Field(
        60.0,
        gt=0,
        description="Time limit of a scoring worker on one batch's texts; a worker past it is "
        "ended (and replaced) and the batch scored in the server process.",
    )
    max_body_bytes: int = Field(
        4 * 1024 * 1024, ge=1024, description="Largest request body accepted (413 above it)."
    )
    max_batch_messages: int = Field(
        1000, ge=1, le=10_000, description="Most messages in one `POST /v1/messages` batch."
    )
    max_text_bytes: int = Field(
        16 * 1024, ge=16, description="Largest message text, in UTF-8 bytes (422 above it)."
    )
    rate_limit_per_minute: int = Field(
        1200,
        ge=0,
        description="Requests per minute one API key may make (token bucket; 0 turns it off).",
    )
    allow_private_webhooks: bool = Field(
        False,
        description="Allow webhook URLs that resolve to private, loopback or link-local "
        "addresses (off by default so a tenant cannot probe the internal network).",
    )
    webhook_timeout_seconds: float = Field(
        5.0, gt=0, description="Time limit of one webhook delivery attempt."
    )
    webhook_max_attempts: int = Field(
        10, ge=1, description="Delivery attempts before a webhook event is given up as failed."
    )
    webhook_backoff_seconds: float = Field(
        2.0, gt=0, description="Delay before the first retry; doubles with every attempt."
    )
    webhook_backoff_max_seconds: float = Field(
        3600.0, gt=0, description="Longest delay between two attempts."
    )
    dispatch_interval_seconds: float = Field(
        1.0, gt=0, description="How often `serve` looks for webhook events due for delivery."
    )
    purge_interval_seconds: float = Field(
        3600.0,
        gt=0,
        description="How often `serve` applies the retention rules (first when it starts).",
    )
    idempotency_ttl_hours: float = Field(
        24.0, gt=0, description="How long an `Idempotency-Key` answer is kept for replays."
    )
    session_hours: float = Field(
        12.0, gt=0, description="How long a console login lasts without logging in again."
    )
    cookie_secure: bool = Field(
        True,
        description="Mark console cookies `Secure` (sent over HTTPS only; browsers also send "
        "them to http://localhost). Turn off only behind a trusted TLS-terminating proxy "
        "that forwards plain HTTP on another host name.",
    )
    login_attempts_per_15_minutes: int = Field(
        5,
        ge=1,
        description="Failed console logins allowed per account name from one address; "
        "more from there are refused for the rest of the 15 minutes. Someone else's "
        "failures from another address do not lock the account's owner out.",
    )
    login_attempts_per_address_per_15_minutes: int = Field(
        20,
        ge=1,
        description="Failed console logins allowed from one address, whatever the names "
        "tried (guessing many accounts from one place).",
    )
    login_attempts_per_account_per_15_minutes: int = Field(
        100,
        ge=1,
        description="Failed console logins allowed per account name from all addresses "
        "together: a ceiling against guessing spread over many addresses (reaching it "
        "locks the account for the rest of the 15 minutes, so keep it well above the "
        "per-address limits).",
    )
    console_blur: Literal["all", "labelled"] = Field(
        "all",
        description="Which message texts the console holds back until a moderator reveals "
        "them (each reveal is audited): `all` (every message of a case, since no detector "
        "finds all explicit text) or `labelled` (only messages with a sexual signal).",
    )
    console_page_messages: int = Field(
        500,
        ge=10,
        le=10_000,
        description="How many messages of a case's transcript the console shows at once "
        "(10 to 10,000). A longer conversation opens where the alert was raised, with links "
        "to the earlier and later messages and to each stage and evidence message.",
    )
    redis_url: str | None = Field(
        None,
        description="Redis URL (`redis://HOST:6379/0`) where several `serve` processes count "
        "API rate limits and failed console logins together (install `lurewatch[redis]`). "
        "Unset: each process counts alone, so N processes allow N times the limits. Also "
        "the Redis `lurewatch consume` reads from unless given `--redis`.",
    )
    redis_key_prefix: str = Field(
        "lurewatch:",
        min_length=1,
        description="Prefix of every Redis key lurewatch writes, so deployments can share a Redis.",
    )
    pseudonym_key: str | None = Field(
        None,
        description="Secret for `export-labels` to pseudonymise sender ids with HMAC-SHA256; "
        "keep it to link exports over time, change it to unlink them.",
    )

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _addresses(cls, value: Any) -> str | None:
        """Refuse what is no address: uvicorn would compare it as text, trusting nobody. A
        list (TOML's natural form) is taken as well as a comma-separated string."""
        if value is None:
            return None
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            value = ",".join(value)
        if not isinstance(value, str):
            raise ValueError("give a comma-separated string or a list of strings")
        items = [item.strip() for item in value.split(",") if item.strip()]
        if "*" in items and len(items) > 1:  # a leftover or a typo: trusting anyone, unsaid
            raise ValueError("* (anyone) stands alone, not beside addresses")
        for item in [item for item in items if item != "*"]:
            try:
                ipaddress.ip_network(item)
            except ValueError:
                raise ValueError(
                    f"{item!r} is not an IP address or network (10.0.0.5, 10.0.0.0/8, "
                    "fd00::/8) or *; a network has no bits set past its prefix"
                ) from None
        return ",".join(items) or None

    def public(self) -> dict[str, Any]:
        """The settings with credentials in URLs masked, for printing."""
        doc = self.model_dump()
        doc["database_url"] = mask_url(str(doc["database_url"]))
        if doc["redis_url"]:
            doc["redis_url"] = mask_url(str(doc["redis_url"]))
        if doc["pseudonym_key"]:
            doc["pseudonym_key"] = "***"
        return doc


class PlatformSettings(BaseModel):
    """Settings of one platform (tenant), stored with it and changed by `PATCH /v1/settings`.

    `None` for the warning rule means: use the detector's rule chosen by cross-validation.
    """

    model_config = ConfigDict(extra="forbid")

    warning_threshold: float | None = Field(
        None,
        gt=0,
        lt=1,
        description=(
            "Risk at or above which a score counts towards a warning (the risk as the rule "
            "sees it: raised by behaviour signals)."
        ),
    )
    warning_k: int | None = Field(None, ge=1, le=64, description="Scores needed in the window.")
    warning_n: int | None = Field(None, ge=1, le=64, description="Window length, in messages.")
    level_medium: float = Field(0.5, gt=0, lt=1, description="Risk from which level is medium.")
    level_high: float = Field(0.9, gt=0, lt=1, description="Risk from which level is high.")
    level_critical: float = Field(0.98, gt=0, lt=1, description="Risk from which it is critical.")
    alert_update_delta: float = Field(
        0.02,
        ge=0,
        lt=1,
        description="Rise in risk that updates an open alert (and notifies), or opens a new "
        "one after a closed alert; 0: any rise.",
    )
    shadow_mode: bool = Field(False, description="Score and store, but raise no alerts.")
    webhook_url: str | None = Field(None, description="Where alert events are POSTed.")
    webhook_secret: str | None = Field(
        None,
        description="Standard Webhooks secret (`whsec_` + base64 of at least 16 bytes); "
        "generated when the platform is created and when set to null.",
    )
    retention_days: int = Field(
        30, ge=1, le=3650, description="Days messages are kept after the rules' start point."
    )


class InvalidSettingsError(ConfigError):
    """Platform settings that do not validate; `fields` says what is wrong with each."""

    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = fields
        super().__init__("; ".join(f"{name}: {what}" for name, what in fields.items()))


def platform_settings(values: Mapping[str, Any]) -> PlatformSettings:
    """`values` validated as a platform's settings (InvalidSettingsError naming each bad field),
    e.g. stored ones with an API patch or a console form applied."""
    try:
        return PlatformSettings.model_validate(values)
    except ValidationError as exc:
        raise InvalidSettingsError(
            {
                ".".join(str(p) for p in err["loc"]) or "settings": validation_message(err)
                for err in exc.errors(include_input=False)
            }
        ) from None


# a query parameter that holds a secret: libpq and redis-py also take `?password=`
_SECRET_PARAM = re.compile(r"((?:^|&)[^=&]*(?:password|passwd|secret|token)[^=&]*=)[^&]*", re.I)


def mask_url(url: str) -> str:
    """`url` with its passwords, in the user part or the query, replaced by `***` (for
    printing and errors)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    rest, question, query = rest.partition("?")
    if "@" in rest:
        creds, _, host = rest.rpartition("@")
        if ":" in creds:
            rest = f"{creds.split(':', 1)[0]}:***@{host}"
    query = _SECRET_PARAM.sub(r"\1***", query)
    return f"{scheme}://{rest}{question}{query}"


def _coerce(value: str) -> Any:
    """Environment values are strings; let pydantic parse them, except 'none' for null."""
    return None if value.strip().lower() in {"", "none", "null"} else value


def unread_variables(environ: Mapping[str, str]) -> list[str]:
    """A warning for each `LUREWATCH_*` variable that lurewatch does not read, naming the
    setting it is most like: a misspelt one is otherwise ignored without a word, where a
    misspelt key of the TOML file is refused. Only a warning: an environment may carry
    variables of another version of lurewatch."""
    settings = list(Settings.model_fields)
    known = {f"{ENV_PREFIX}{name.upper()}" for name in [*settings, *OTHER_VARIABLES]}
    names = [*settings, *(other.lower() for other in OTHER_VARIABLES)]
    lines = []
    for key in sorted(environ):
        if not key.upper().startswith(ENV_PREFIX) or key in known:
            continue
        name = key[len(ENV_PREFIX) :].lower()
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        if name in PlatformSettings.model_fields:
            why = (
                f"{name} is each platform's own setting, changed with PATCH /v1/settings "
                'or in the console (docs/configuration.md, "Platform settings")'
            )
        elif close:
            why = f"it names no setting; did you mean {ENV_PREFIX}{close[0].upper()}?"
        else:
            why = "it names no setting (docs/configuration.md lists them)"
        lines.append(f"environment variable {key[:100]} is ignored: {why}")
    return lines


def warn_unread(environ: Mapping[str, str]) -> None:
    """Log `unread_variables`' warnings."""
    for line in unread_variables(environ):
        log.warning("%s", line)


def _named(loc: tuple[int | str, ...], source: Mapping[str, str]) -> str:
    """A setting in an error, with where its value came from (a file, a variable, an
    option): the same name is set in three places."""
    name = ".".join(str(part) for part in loc)
    where = source.get(str(loc[0])) if loc else None
    return f"{name} (from {where})" if where else name


def load_settings(
    config_file: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    overrides: Mapping[str, Any] | None = None,
    warn: bool = True,
) -> Settings:
    """Settings from defaults, then the TOML file, then `LUREWATCH_*` variables, then
    `overrides` (a command's options, such as `--port`), all checked alike; unless `warn` is
    False, a warning for each `LUREWATCH_*` variable that is no setting (`warn_unread`: the
    CLI warns itself once it has set logging up from the settings)."""
    env = os.environ if environ is None else environ
    if warn:
        warn_unread(env)
    values: dict[str, Any] = {}
    source: dict[str, str] = {}  # setting -> where its value came from, for an error
    path = config_file or env.get(f"{ENV_PREFIX}CONFIG")
    if path:
        try:
            with open(path, "rb") as fh:
                values.update(tomllib.load(fh))
        except OSError as exc:
            raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path} is not valid TOML (in UTF-8): {exc}") from exc
        source.update(dict.fromkeys(values, f"config file {path}"))
    for name in Settings.model_fields:
        key = f"{ENV_PREFIX}{name.upper()}"
        if key in env:
            values[name] = _coerce(env[key])
            source[name] = f"environment variable {key}"
    values.update(overrides or {})
    source.update({name: f"option --{name.replace('_', '-')}" for name in overrides or {}})
    try:
        return Settings(**values)
    except ValidationError as exc:
        problems = "; ".join(
            f"{_named(err['loc'], source)}: {validation_message(err)}"
            for err in exc.errors(include_input=False)
        )
        raise ConfigError(
            f"invalid settings ({problems}); see docs/configuration.md for each setting"
        ) from exc
